"""``Study.storage`` and ``Study.study_id``: the public, read-only handle on a study's records;
``Study.is_optimizing`` and ``Study.stop_requested``: the run's state; and the rule that the package
outside ``hyperscout/study/`` uses them instead of the private names, and imports no private name
of ``hyperscout.study._optimize``."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest

import hyperscout
from hyperscout.storages import InMemoryStorage, RDBStorage

ROOT = Path(hyperscout.__file__).parent
PRIVATE_READ = re.compile(r"\bstudy\._(storage|study_id|stop_flag|optimizing)\b")


def _private_imports_from_optimize(source: str) -> list[str]:
    """Underscore names imported from ``hyperscout.study._optimize`` (at any depth)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module == "hyperscout.study._optimize":
            found += [alias.name for alias in node.names if alias.name.startswith("_")]
    return found


def _outside_study() -> list[Path]:
    return [
        path
        for path in sorted(ROOT.rglob("*.py"))
        if not (path.parent.name == "study" and path.parent.parent == ROOT)
    ]


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
    for path in _outside_study():
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if PRIVATE_READ.search(line):
                offenders.append(f"{path.relative_to(ROOT.parent)}:{number}: {line.strip()}")
    assert offenders == [], (
        "use study.storage / study.study_id / study.stop_requested / study.is_optimizing:\n"
        + "\n".join(offenders)
    )


def test_no_module_outside_study_imports_private_names_of_the_optimize_loop() -> None:
    offenders = {
        str(path.relative_to(ROOT.parent)): names
        for path in _outside_study()
        if (names := _private_imports_from_optimize(path.read_text()))
    }
    assert offenders == {}, f"private names of hyperscout.study._optimize imported: {offenders}"


def test_the_rule_would_catch_a_private_read() -> None:
    assert PRIVATE_READ.search("key = (id(study._storage), study._study_id)")
    assert PRIVATE_READ.search("storage = self.study._storage")
    assert not PRIVATE_READ.search("self._storage = study.storage")
    assert PRIVATE_READ.search("if study._stop_flag:")
    assert PRIVATE_READ.search("and study._optimizing:")
    assert not PRIVATE_READ.search("if study.stop_requested and study.is_optimizing:")
    nested = "def f():\n    from hyperscout.study._optimize import run_optimize, _progress_bar\n"
    assert _private_imports_from_optimize(nested) == ["_progress_bar"]
    assert _private_imports_from_optimize("from hyperscout.study._optimize import run_optimize") == []


def test_is_optimizing_is_true_only_inside_optimize() -> None:
    study = hyperscout.create_study()
    seen: list[bool] = []

    def objective(trial: Any) -> float:
        seen.append(study.is_optimizing)
        return trial.suggest_float("x", 0, 1)

    assert not study.is_optimizing
    study.optimize(objective, n_trials=2)
    assert seen == [True, True]
    assert not study.is_optimizing


def test_stop_requested_follows_stop_and_resets_when_optimize_returns() -> None:
    study = hyperscout.create_study()
    seen: list[tuple[bool, bool]] = []

    def stop_at_second(s: Any, trial: Any) -> None:
        before = s.stop_requested
        if trial.number == 1:
            s.stop()
        seen.append((before, s.stop_requested))

    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=5, callbacks=[stop_at_second])
    assert seen == [(False, False), (False, True)]
    assert len(study.trials) == 2
    assert not study.stop_requested


def test_the_run_state_is_read_only() -> None:
    study = hyperscout.create_study()
    with pytest.raises(AttributeError):
        study.stop_requested = True  # type: ignore[misc]
    with pytest.raises(AttributeError):
        study.is_optimizing = True  # type: ignore[misc]
