"""The SQL storage's per-process cache never serves a record older than the database: a trial
told elsewhere, a study deleted and made again under the same name (SQLite reuses row ids), a
long-lived read-only reader (the dashboard's)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator

import pytest

import hyperscout
from hyperscout.storages import RDBStorage
from hyperscout.study import StudyDirection
from hyperscout.testing import make_storage, postgres_unavailable_reason
from hyperscout.trial import TrialState

_PG_REASON = postgres_unavailable_reason()
_BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(_PG_REASON is not None, reason=_PG_REASON or ""),
        ],
    ),
]


@pytest.fixture(params=_BACKENDS)
def url(request, tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    storage = make_storage(request.param, str(tmp_path))
    assert isinstance(storage, RDBStorage)
    storage.close()
    yield storage.url


@pytest.fixture
def name() -> str:
    import uuid

    return f"cache-{uuid.uuid4().hex[:10]}"


def _in_another_process(code: str, url: str, name: str) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    script = f"import hyperscout\nURL = {url!r}\nNAME = {name!r}\n" + textwrap.dedent(code)
    subprocess.run([sys.executable, "-c", script], check=True, env=env, timeout=120)


def test_a_trial_told_through_another_study_object_is_not_served_running(
    url: str, name: str
) -> None:
    # The reproduction: the first Study object kept its own RUNNING copy.
    s = hyperscout.create_study(study_name=name, storage=url)
    t = s.ask()
    hyperscout.load_study(study_name=name, storage=url).tell(t.number, 1.0)
    assert s.trials[0].state == TrialState.COMPLETE
    assert s.best_trial.state == TrialState.COMPLETE
    assert s.best_trial.values == (1.0,)
    assert s.best_value == 1.0
    assert s._storage.get_trial(t._trial_id).state == TrialState.COMPLETE


def test_a_trial_told_in_another_process_is_not_served_running(url: str, name: str) -> None:
    s = hyperscout.create_study(study_name=name, storage=url)
    t = s.ask()
    t.suggest_float("x", 0, 1)
    _in_another_process(
        "hyperscout.load_study(study_name=NAME, storage=URL).tell(0, 2.5)", url, name
    )
    assert s._storage.get_trial(t._trial_id).state == TrialState.COMPLETE
    assert s.best_value == 2.5
    # Telling it here now is refused as for any finished trial, and skip_if_finished skips.
    assert s.tell(t, 3.0, skip_if_finished=True).values == (2.5,)
    with pytest.raises(hyperscout.exceptions.UpdateFinishedTrialError):
        s.tell(t, 3.0)


def test_a_recreated_study_is_never_served_from_a_readers_cache(url: str, name: str) -> None:
    writer = hyperscout.create_study(study_name=name, storage=url)
    writer.optimize(lambda t: t.suggest_float("x", 0, 1) + 10, n_trials=3)
    reader_storage = RDBStorage(url, read_only=True)  # what the dashboard opens
    try:
        reader = hyperscout.load_study(study_name=name, storage=reader_storage)
        assert len(reader.trials) == 3
        first_best = reader.best_trial

        # Another process deletes the study and makes a new one of the same name (on SQLite
        # with the same row ids), with other directions and fewer trials.
        _in_another_process(
            """
            hyperscout.delete_study(study_name=NAME, storage=URL)
            s = hyperscout.create_study(study_name=NAME, storage=URL, direction="maximize")
            s.enqueue_trial({"y": 5})
            s.optimize(lambda t: -t.suggest_int("y", 0, 9), n_trials=1)
            t = s.ask(); t.suggest_int("y", 0, 9)  # left RUNNING
            """,
            url,
            name,
        )
        again = hyperscout.load_study(study_name=name, storage=reader_storage)
        trials = again.trials
        assert [t.state for t in trials] == [TrialState.COMPLETE, TrialState.RUNNING]
        assert trials[0].params == {"y": 5}
        assert trials[0].values == (-5.0,)
        assert again.directions == [StudyDirection.MAXIMIZE]
        assert again.best_trial.params == {"y": 5}
        assert again.best_value == -5.0
        assert reader_storage.get_trial(trials[0].trial_id).params == {"y": 5}
        assert first_best.params != {"y": 5}
        # The old Study object never serves the old trials: on SQLite its id now names the new
        # study; on PostgreSQL (ids never reused) its study is gone.
        try:
            assert reader.trials[0].params == {"y": 5}
        except hyperscout.exceptions.StudyNotFoundError:
            assert "postgresql" in url
    finally:
        reader_storage.close()


def test_a_long_lived_reader_follows_running_trials_to_their_end(url: str, name: str) -> None:
    writer = hyperscout.create_study(study_name=name, storage=url)
    running = writer.ask()
    running.suggest_float("x", 0, 1)
    reader_storage = RDBStorage(url, read_only=True)
    try:
        reader = hyperscout.load_study(study_name=name, storage=reader_storage)
        assert [t.state for t in reader.trials] == [TrialState.RUNNING]
        running.report(0.5, step=1)
        assert reader.trials[0].intermediate_values == {1: 0.5}
        writer.tell(running, 0.25)
        assert reader.trials[0].state == TrialState.COMPLETE
        assert reader.best_value == 0.25
        assert reader_storage.get_trial(running._trial_id).state == TrialState.COMPLETE
    finally:
        reader_storage.close()


def test_a_recreated_study_in_the_same_storage_object(url: str, name: str) -> None:
    storage = RDBStorage(url)
    try:
        s = hyperscout.create_study(study_name=name, storage=storage)
        s.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=2)
        other = RDBStorage(url)
        hyperscout.delete_study(study_name=name, storage=other)
        s2 = hyperscout.create_study(study_name=name, storage=other)
        s2.enqueue_trial({"x": 0.75})
        s2.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=1)
        other.close()
        again = hyperscout.load_study(study_name=name, storage=storage)
        assert [t.params["x"] for t in again.trials] == [0.75]
        assert again.best_params == {"x": 0.75}
    finally:
        storage.close()
