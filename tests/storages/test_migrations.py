"""Schema revisions (Alembic): new databases start at the head, an older one is refused with the
upgrade command in the message, and ``hyperscout storage upgrade`` brings a database made by
hyperscout 0.1.0 to the head with every trial intact."""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import redirect_stdout

import pytest
from sqlalchemy import create_engine, text

import hyperscout
from hyperscout.cli import main
from hyperscout.storages import RDBStorage
from hyperscout.storages._rdb import _migrate
from hyperscout.testing import postgres_unavailable_reason
from hyperscout.testing.storages import POSTGRES_URL
from hyperscout.trial import TrialState

DATA = os.path.join(os.path.dirname(__file__), "data")
OLD_DB = os.path.join(DATA, "hyperscout-0.1.0.db")  # made by make_v010_db.py with 0.1.0
_PG_REASON = postgres_unavailable_reason()


@pytest.fixture
def old_url(tmp_path) -> str:  # type: ignore[no-untyped-def]
    path = tmp_path / "old.db"
    shutil.copy(OLD_DB, path)
    return f"sqlite:///{path}"


def _upgrade(url: str) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["storage", "upgrade", "--storage", url]) == 0
    return out.getvalue()


def _revision(url: str) -> str | None:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return _migrate.schema_revision(conn)
    finally:
        engine.dispose()


def test_the_head_revision_is_the_last_script() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", _migrate.scripts_folder())
    script = ScriptDirectory.from_config(config)
    assert script.get_current_head() == _migrate.HEAD
    chain = [r.revision for r in script.walk_revisions()]
    assert chain == list(reversed(_migrate.REVISIONS))


def test_a_new_database_starts_at_the_head(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'new.db'}"
    RDBStorage(url).close()
    assert _revision(url) == _migrate.HEAD
    assert "already at schema revision" in _upgrade(url)


def test_a_database_from_0_1_0_is_refused_naming_the_upgrade_command(old_url: str) -> None:
    assert _revision(old_url) == "0002"
    for kwargs in ({}, {"read_only": True}):
        with pytest.raises(_migrate.SchemaVersionError) as info:
            RDBStorage(old_url, **kwargs)
        message = str(info.value)
        assert "hyperscout storage upgrade --storage URL" in message
        assert "revision 0002" in message and f"revision {_migrate.HEAD}" in message
    with pytest.raises(_migrate.SchemaVersionError, match="storage upgrade"):
        hyperscout.load_study(study_name="single", storage=old_url)


def test_upgrading_a_0_1_0_database_reads_every_trial_back(old_url: str) -> None:
    with open(os.path.join(DATA, "hyperscout-0.1.0.json")) as f:
        expected = json.load(f)
    out = _upgrade(old_url)
    assert f"from schema revision 0002 to {_migrate.HEAD}" in out
    assert _revision(old_url) == _migrate.HEAD

    storage = RDBStorage(old_url)
    try:
        assert sorted(s.study_name for s in storage.get_all_studies()) == ["multi", "single"]
        for name, want in expected.items():
            study = hyperscout.load_study(study_name=name, storage=storage)
            assert [d.name for d in study.directions] == want["directions"]
            assert study.user_attrs == want["user_attrs"]
            got = [
                {
                    "number": t.number,
                    "state": t.state.name,
                    "values": None if t.values is None else list(t.values),
                    "params": t.params,
                    "intermediate_values": {
                        str(k): v for k, v in t.intermediate_values.items()
                    },
                    "user_attrs": t.user_attrs,
                    "system_attrs": t.system_attrs,
                    "datetime_start": None
                    if t.datetime_start is None
                    else t.datetime_start.isoformat(),
                }
                for t in study.trials
            ]
            assert got == want["trials"]
        single = hyperscout.load_study(study_name="single", storage=storage)
        states = [t.state for t in single.trials]
        assert TrialState.WAITING in states and TrialState.RUNNING in states
        assert single.best_value == min(
            t.value for t in single.trials if t.state == TrialState.COMPLETE
        )
        # The upgraded database takes new trials: the enqueued one runs first.
        single.optimize(lambda t: t.suggest_float("x", -2.0, 2.0) ** 2, n_trials=2)
        assert single.trials[7].state == TrialState.COMPLETE
        assert single.trials[7].params["x"] == 0.5
        assert len(single.trials) == 9
    finally:
        storage.close()
    with sqlite3.connect(old_url[len("sqlite:///") :]) as conn:
        uids = [r[0] for r in conn.execute("SELECT study_uid FROM hs_studies")]
        version = conn.execute("SELECT schema_version FROM hs_version_info").fetchall()
    assert len(set(uids)) == 2 and all(uids)
    assert version == [(2,)]  # so that 0.1.0 refuses the upgraded database


def test_a_database_made_before_heartbeats_upgrades_to_heartbeats(old_url: str) -> None:
    with sqlite3.connect(old_url[len("sqlite:///") :]) as conn:
        conn.execute("DROP TABLE hs_trial_heartbeats")  # as 0.1.0 made it before heartbeats
    assert _revision(old_url) == "0001"
    with pytest.raises(_migrate.SchemaVersionError, match="revision 0001"):
        RDBStorage(old_url, heartbeat_interval=1)
    assert "from schema revision 0001 to" in _upgrade(old_url)
    storage = RDBStorage(old_url, heartbeat_interval=1)
    try:
        study = hyperscout.load_study(study_name="single", storage=storage)
        study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=2)
        with storage._read() as conn:
            beats = conn.execute(text("SELECT COUNT(*) FROM hs_trial_heartbeats")).scalar_one()
        assert beats >= 1
    finally:
        storage.close()


def test_a_database_from_a_newer_hyperscout_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'new.db'}"
    RDBStorage(url).close()
    with sqlite3.connect(str(tmp_path / "new.db")) as conn:
        conn.execute("UPDATE hs_alembic_version SET version_num = '0999'")
    with pytest.raises(_migrate.SchemaVersionError, match="newer hyperscout"):
        RDBStorage(url)
    assert main(["storage", "upgrade", "--storage", url]) == 2


@pytest.fixture
def pg_schema_url() -> Iterator[str]:
    """A PostgreSQL URL whose tables live in a schema of their own (dropped afterwards)."""
    if _PG_REASON is not None:
        pytest.skip(_PG_REASON)
    schema = f"upg_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://"))
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.mark.postgres
def test_upgrading_a_0_1_0_postgresql_database(pg_schema_url: str) -> None:
    # 0.1.0's schema from the frozen revision scripts, filled as 0.1.0 wrote it, with no
    # revision recorded (0.1.0 recorded none).
    engine = create_engine(pg_schema_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        _migrate._run_alembic(conn, target="0002")
        conn.execute(text("DROP TABLE hs_alembic_version"))
        conn.execute(
            text(
                "INSERT INTO hs_studies (study_name, directions, created_at)"
                " VALUES ('old', 'MINIMIZE', now())"
            )
        )
        sid = conn.execute(text("SELECT study_id FROM hs_studies")).scalar_one()
        for number, value in enumerate([3.0, 1.0, 2.0]):
            tid = conn.execute(
                text(
                    "INSERT INTO hs_trials (study_id, number, state, datetime_start,"
                    " datetime_complete) VALUES (:sid, :n, 1, now(), now()) RETURNING trial_id"
                ),
                {"sid": sid, "n": number},
            ).scalar_one()
            conn.execute(
                text("INSERT INTO hs_trial_values VALUES (:tid, 0, :v)"), {"tid": tid, "v": value}
            )
            conn.execute(
                text(
                    "INSERT INTO hs_trial_params VALUES (:tid, 'x', :v,"
                    ' \'{"name": "FloatDistribution", "attributes": {"low": 0.0, "high": 5.0,'
                    ' "log": false, "step": null}}\')'
                ),
                {"tid": tid, "v": value},
            )
    engine.dispose()
    assert _revision(pg_schema_url.replace("postgresql://", "postgresql+psycopg://")) == "0002"
    with pytest.raises(_migrate.SchemaVersionError, match="storage upgrade"):
        RDBStorage(pg_schema_url)
    assert "from schema revision 0002 to" in _upgrade(pg_schema_url)
    storage = RDBStorage(pg_schema_url)
    try:
        study = hyperscout.load_study(study_name="old", storage=storage)
        assert [t.values for t in study.trials] == [(3.0,), (1.0,), (2.0,)]
        assert [t.params for t in study.trials] == [{"x": 3.0}, {"x": 1.0}, {"x": 2.0}]
        assert study.best_value == 1.0
        study.optimize(lambda t: t.suggest_float("x", 0.0, 5.0), n_trials=1)
        assert len(study.trials) == 4
    finally:
        storage.close()
