"""``Study.storage`` and ``Study.study_id``: the public, read-only handle on a study's records,
and the rule that the package outside ``hyperscout/study/`` uses it instead of the private names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import hyperscout
from hyperscout.storages import InMemoryStorage, RDBStorage

ROOT = Path(hyperscout.__file__).parent
PRIVATE_READ = re.compile(r"\bstudy\._(storage|study_id)\b")


def test_the_handle_is_the_study_s_storage_and_id(tmp_path: Path) -> None:
    storage = RDBStorage(f"sqlite:///{tmp_path / 'h.db'}")
    study = hyperscout.create_study(storage=storage, study_name="handle")
    other = hyperscout.create_study(storage=storage, study_name="other")
    assert study.storage is storage
    assert study.study_id == storage.get_study_id_from_name("handle")
    assert other.study_id != study.study_id
    # Optuna-compatible code that reads the private names keeps working.
    assert study._storage is study.storage
    assert study._study_id == study.study_id
    storage.close()


def test_the_handle_is_read_only() -> None:
    study = hyperscout.create_study(storage=InMemoryStorage())
    with pytest.raises(AttributeError):
        study.storage = InMemoryStorage()  # type: ignore[misc]
    with pytest.raises(AttributeError):
        study.study_id = 7  # type: ignore[misc]


def test_the_handle_reads_trials_written_by_the_study() -> None:
    study = hyperscout.create_study()
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=3)
    stored = study.storage.get_all_trials(study.study_id)
    assert [t.number for t in stored] == [0, 1, 2]
    assert [t.params for t in stored] == [t.params for t in study.trials]


def test_no_module_outside_study_reads_the_private_names() -> None:
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        if path.parent.name == "study" and path.parent.parent == ROOT:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if PRIVATE_READ.search(line):
                offenders.append(f"{path.relative_to(ROOT.parent)}:{number}: {line.strip()}")
    assert offenders == [], "use study.storage / study.study_id:\n" + "\n".join(offenders)


def test_the_rule_would_catch_a_private_read() -> None:
    assert PRIVATE_READ.search("key = (id(study._storage), study._study_id)")
    assert PRIVATE_READ.search("storage = self.study._storage")
    assert not PRIVATE_READ.search("self._storage = study.storage")
