"""The SQL statements the storage runs on hot paths, written once as text.

``:name`` parameters work on SQLite and PostgreSQL; where the two dialects differ (the clock of
heartbeats) a statement is given per dialect.
"""

from __future__ import annotations

from sqlalchemy import DateTime, bindparam, text

from hyperscout.trial import TrialState

_RUNNING_OR_WAITING = f"({int(TrialState.RUNNING)}, {int(TrialState.WAITING)})"
STUDY_KEY = text("SELECT study_uid, directions FROM hs_studies WHERE study_id = :sid")
LOCK_STUDY = text(
    "SELECT study_uid, directions FROM hs_studies WHERE study_id = :sid FOR UPDATE"
)
# What decides whether a cached record of a trial may be served: its study's uid and its state.
TRIAL_KEY = text(
    "SELECT t.study_id, s.study_uid, s.directions, t.state FROM hs_trials t"
    " JOIN hs_studies s ON s.study_id = t.study_id WHERE t.trial_id = :tid"
)
NEXT_NUMBER = text("SELECT COALESCE(MAX(number), -1) + 1 FROM hs_trials WHERE study_id = :sid")
INSERT_TRIAL = text(
    "INSERT INTO hs_trials (study_id, number, state, claim_key, datetime_start, datetime_complete)"
    " VALUES (:sid, :number, :state, :claim, :start, :complete) RETURNING trial_id"
).bindparams(bindparam("start", type_=DateTime()), bindparam("complete", type_=DateTime()))
CLAIMS = text(
    "SELECT claim_key FROM hs_trials WHERE study_id = :sid AND claim_key IS NOT NULL"
)
WAITING = text(
    f"SELECT trial_id FROM hs_trials WHERE study_id = :sid AND state = {int(TrialState.WAITING)}"
    " ORDER BY trial_id"
)
TRIAL_STATE = text("SELECT study_id, state FROM hs_trials WHERE trial_id = :tid")
KNOWN_DIST = text(
    "SELECT p.distribution_json FROM hs_trial_params p JOIN hs_trials t"
    " ON t.trial_id = p.trial_id WHERE t.study_id = :sid AND p.name = :name LIMIT 1"
)
INSERT_PARAM = text(
    "INSERT INTO hs_trial_params (trial_id, name, value, distribution_json)"
    " SELECT :tid, :name, :value, :dist WHERE EXISTS (SELECT 1 FROM hs_trials"
    f" WHERE trial_id = :tid AND state IN {_RUNNING_OR_WAITING})"
)
_BEST = (
    "SELECT t.trial_id FROM hs_trials t JOIN hs_trial_values v"
    " ON v.trial_id = t.trial_id AND v.objective = 0"
    f" WHERE t.study_id = :sid AND t.state = {int(TrialState.COMPLETE)}"
    " ORDER BY v.value {order}, t.number ASC LIMIT 1"
)
BEST_MIN = text(_BEST.format(order="ASC"))
BEST_MAX = text(_BEST.format(order="DESC"))
START_WAITING = text(
    f"UPDATE hs_trials SET state = {int(TrialState.RUNNING)}, datetime_start = :now"
    f" WHERE trial_id = :tid AND state = {int(TrialState.WAITING)}"
).bindparams(bindparam("now", type_=DateTime()))
FINISH = text(
    "UPDATE hs_trials SET state = :state, datetime_complete = :now"
    f" WHERE trial_id = :tid AND state IN {_RUNNING_OR_WAITING}"
).bindparams(bindparam("now", type_=DateTime()))
UPSERT_INTERMEDIATE = text(
    "INSERT INTO hs_trial_intermediate_values (trial_id, step, value)"
    " SELECT :tid, :step, :value WHERE EXISTS (SELECT 1 FROM hs_trials"
    f" WHERE trial_id = :tid AND state IN {_RUNNING_OR_WAITING})"
    " ON CONFLICT (trial_id, step) DO UPDATE SET value = excluded.value"
)
# Heartbeats use the database's clock, in UTC, for writing and for comparing, inside SQL: workers
# on several machines may disagree about the time (clock skew), but they all share the database
# server's clock, so a heartbeat's age does not depend on whose clock wrote it or who reads it
# (with SQLite, every worker is on the database file's machine anyway). UTC, because a local
# clock's daylight-saving jump would make every heartbeat look an hour old (or young). The
# stored value is never parsed in Python.
_HEARTBEAT = (
    "INSERT INTO hs_trial_heartbeats (trial_id, heartbeat) SELECT :tid, {now}"
    " WHERE EXISTS (SELECT 1 FROM hs_trials"
    f" WHERE trial_id = :tid AND state = {int(TrialState.RUNNING)})"
    " ON CONFLICT (trial_id) DO UPDATE SET heartbeat = excluded.heartbeat"
)
_STALE = (
    "SELECT t.trial_id FROM hs_trials t JOIN hs_trial_heartbeats h ON h.trial_id = t.trial_id"
    f" WHERE t.study_id = :sid AND t.state = {int(TrialState.RUNNING)} AND {{age}} > :grace"
    " ORDER BY t.trial_id"
)
_SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')"  # UTC, milliseconds
_POSTGRES_NOW = "(now() AT TIME ZONE 'UTC')"  # timestamp without time zone, UTC
HEARTBEAT_BY_DIALECT = {
    "sqlite": text(_HEARTBEAT.format(now=_SQLITE_NOW)),
    "postgresql": text(_HEARTBEAT.format(now=_POSTGRES_NOW)),
}
STALE_BY_DIALECT = {
    "sqlite": text(
        _STALE.format(age="(julianday('now') - julianday(h.heartbeat)) * 86400.0")
    ),
    "postgresql": text(
        _STALE.format(age=f"EXTRACT(EPOCH FROM ({_POSTGRES_NOW} - h.heartbeat))")
    ),
}
UPSERT_TRIAL_ATTR = text(
    "INSERT INTO hs_trial_attrs (trial_id, kind, key, value_json)"
    " SELECT :tid, :kind, :key, :value WHERE EXISTS (SELECT 1 FROM hs_trials"
    f" WHERE trial_id = :tid AND state IN {_RUNNING_OR_WAITING})"
    " ON CONFLICT (trial_id, kind, key) DO UPDATE SET value_json = excluded.value_json"
)
