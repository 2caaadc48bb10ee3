"""SQLite "database or disk is full" (simulated with ``PRAGMA max_page_count``): the trial whose
final write was refused does not stay RUNNING; the next call of the storage that finds space
fails it."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError

import hyperscout
from hyperscout.storages import RDBStorage
from hyperscout.trial import TrialState


def test_a_trial_refused_by_a_full_database_is_failed_once_there_is_space(tmp_path) -> None:  # type: ignore[no-untyped-def]
    storage = RDBStorage(f"sqlite:///{tmp_path / 'full.db'}")
    full = {"on": False}

    @event.listens_for(storage._engines.write, "begin")
    def _limit(conn: Any) -> None:
        if full["on"]:
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
            conn.exec_driver_sql(f"PRAGMA max_page_count = {pages}")
        else:
            conn.exec_driver_sql("PRAGMA max_page_count = 1073741823")

    try:
        study = hyperscout.create_study(storage=storage)
        with storage._write() as conn:
            conn.execute(text("CREATE TABLE filler (b BLOB)"))
        dummy = study.ask()._trial_id
        trial = study.ask()
        trial.suggest_float("x", 0, 1)
        full["on"] = True
        for size in (2000, 200, 40, 8, 1):  # use up the free space of the last pages
            while True:
                try:
                    with storage._write() as conn:
                        conn.execute(text(f"INSERT INTO filler VALUES (randomblob({size}))"))
                except OperationalError as err:
                    assert "full" in str(err)
                    break
        for i in range(1, 100_000):  # then the free space of the values table's last page
            try:
                with storage._write() as conn:
                    conn.execute(
                        text("INSERT INTO hs_trial_values VALUES (:tid, :i, 0.0)"),
                        {"tid": dummy, "i": i},
                    )
            except OperationalError:
                break
        with pytest.raises(OperationalError, match="full"):
            study.tell(trial, 0.5)
        assert study.trials[0].state == TrialState.RUNNING  # the refused tell wrote nothing

        full["on"] = False  # space is back
        study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=1)
        _, first, second = study.trials
        assert first.state == TrialState.FAIL
        assert "full" in first.system_attrs["fail_reason"]
        assert second.state == TrialState.COMPLETE
    finally:
        storage.close()
