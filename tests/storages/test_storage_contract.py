"""The storage contract (hyperscout.testing.StorageContract) on every built-in storage, plus
checks that only the SQL storage has."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hyperscout.storages import BaseStorage, RDBStorage
from hyperscout.testing import StorageContract, make_storage
from tests.conftest import _storage_params


class TestBuiltInStorages(StorageContract):
    """In memory, SQLite on disk, PostgreSQL and SQLite in memory (``sqlite:///:memory:``: one
    connection that every read and write shares)."""

    @pytest.fixture(params=[*_storage_params(), "sqlite-memory"])
    def storage(self, request, tmp_path) -> Iterator[BaseStorage]:  # type: ignore[no-untyped-def]
        if request.param == "sqlite-memory":
            backend: BaseStorage = RDBStorage("sqlite:///:memory:")
        else:
            backend = make_storage(request.param, str(tmp_path))
        yield backend
        backend.close()


def test_read_only_sqlite_reads_a_live_study_and_cannot_write(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    import hyperscout
    from hyperscout.exceptions import HyperscoutError
    from hyperscout.storages import RDBStorage

    url = f"sqlite:///{tmp_path / 'live.db'}"
    study = hyperscout.create_study(storage=url, study_name="live")
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=3)
    reader = RDBStorage(url, read_only=True)
    sid = reader.get_study_id_from_name("live")
    assert len(reader.get_all_trials(sid)) == 3
    with pytest.raises(HyperscoutError, match="read-only"):
        reader.create_new_trial(sid)
    # A reader in the middle of a read transaction does not block the writer (WAL).
    raw = sqlite3.connect(f"file:{tmp_path / 'live.db'}?mode=ro", uri=True)
    raw.execute("BEGIN")
    raw.execute("SELECT COUNT(*) FROM hs_trials").fetchone()
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=2)
    raw.rollback()
    assert len(reader.get_all_trials(sid)) == 5
    with pytest.raises(ValueError, match="no SQLite database"):
        RDBStorage(f"sqlite:///{tmp_path / 'missing.db'}", read_only=True)
