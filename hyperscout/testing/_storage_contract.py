"""The contract every storage keeps, as a test suite a storage's author can run.

Subclass :class:`StorageContract` in a pytest module under a name that starts with ``Test`` and
say how to open a fresh storage::

    from hyperscout.testing import StorageContract

    class TestMyStorage(StorageContract):
        def make_storage(self, folder):
            return MyStorage(...)  # folder: a fresh temporary directory, for files

pytest then runs every check below on it, one fresh storage per check: studies and their
attributes, trial numbering, everything a ``FrozenTrial`` holds surviving a round trip,
immutable finished trials, WAITING trials handed to one caller, exclusive claim keys,
system attributes set only once when asked, the
distribution and direction rules, JSON attributes, the best trial and the name-length limit.
These are the rules :class:`~hyperscout.storages.BaseStorage` documents; the built-in storages
(in memory, SQLite, PostgreSQL) pass the same suite.
"""

from __future__ import annotations

import math
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from hyperscout._records import StudyDirection
from hyperscout.distributions import (
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from hyperscout.exceptions import (
    DuplicatedClaimError,
    DuplicatedStudyError,
    StudyNotFoundError,
    TrialNotFoundError,
    UpdateFinishedTrialError,
)
from hyperscout.storages import BaseStorage
from hyperscout.trial import TrialState, create_trial

__all__ = ["StorageContract"]

MIN = [StudyDirection.MINIMIZE]


def _name() -> str:
    return f"contract-{uuid.uuid4().hex[:12]}"


class StorageContract:
    """The storage contract; subclass it and define :meth:`make_storage`."""

    def make_storage(self, folder: str) -> BaseStorage:
        """A new, empty storage; ``folder`` is a fresh temporary directory it may write to."""
        raise NotImplementedError("define make_storage(self, folder) in the Test* subclass")

    @pytest.fixture
    def storage(self, tmp_path: Path) -> Iterator[BaseStorage]:
        """A fresh storage from :meth:`make_storage` for each check, closed after it."""
        backend = self.make_storage(str(tmp_path))
        yield backend
        backend.close()

    def test_study_lifecycle(self, storage: BaseStorage) -> None:
        name = _name()
        sid = storage.create_new_study(MIN, name)
        assert storage.get_study_id_from_name(name) == sid
        assert storage.get_study_name_from_id(sid) == name
        assert storage.get_study_directions(sid) == MIN
        with pytest.raises(DuplicatedStudyError, match="load_if_exists"):
            storage.create_new_study(MIN, name)

        storage.set_study_user_attr(sid, "owner", {"team": "ml", "n": [1, 2]})
        storage.set_study_system_attr(sid, "k", 3)
        storage.set_study_user_attr(sid, "owner", "replaced")
        assert storage.get_study_user_attrs(sid) == {"owner": "replaced"}
        assert storage.get_study_system_attrs(sid) == {"k": 3}
        assert name in [s.study_name for s in storage.get_all_studies()]

        storage.create_new_trial(sid)
        storage.delete_study(sid)
        with pytest.raises(StudyNotFoundError):
            storage.get_study_id_from_name(name)
        assert name not in [s.study_name for s in storage.get_all_studies()]


    def test_generated_study_names_are_unique(self, storage: BaseStorage) -> None:
        a = storage.create_new_study(MIN)
        b = storage.create_new_study(MIN)
        assert storage.get_study_name_from_id(a) != storage.get_study_name_from_id(b)


    def test_multi_objective_directions_round_trip(self, storage: BaseStorage) -> None:
        dirs = [StudyDirection.MAXIMIZE, StudyDirection.MINIMIZE]
        sid = storage.create_new_study(dirs, _name())
        assert storage.get_study_directions(sid) == dirs


    def test_trial_numbers_are_consecutive_per_study(self, storage: BaseStorage) -> None:
        s1 = storage.create_new_study(MIN, _name())
        s2 = storage.create_new_study(MIN, _name())
        ids1 = [storage.create_new_trial(s1) for _ in range(3)]
        ids2 = [storage.create_new_trial(s2) for _ in range(2)]
        assert [storage.get_trial(t).number for t in ids1] == [0, 1, 2]
        assert [storage.get_trial(t).number for t in ids2] == [0, 1]
        assert storage.get_trial_id_from_study_id_trial_number(s1, 2) == ids1[2]
        with pytest.raises(TrialNotFoundError):
            storage.get_trial_id_from_study_id_trial_number(s1, 7)


    def test_everything_a_frozen_trial_holds_is_persisted(self, storage: BaseStorage) -> None:
        sid = storage.create_new_study(MIN, _name())
        tid = storage.create_new_trial(sid)
        f = FloatDistribution(1e-4, 1.0, log=True)
        i = IntDistribution(2, 10, step=2)
        c = CategoricalDistribution((None, True, 3, 2.5, "x"))
        storage.set_trial_param(tid, "lr", 0.01, f)
        storage.set_trial_param(tid, "depth", 6.0, i)
        storage.set_trial_param(tid, "choice", 4.0, c)
        storage.set_trial_intermediate_value(tid, 0, 0.9)
        storage.set_trial_intermediate_value(tid, 3, float("nan"))
        storage.set_trial_intermediate_value(tid, 0, 0.8)  # overwrite
        storage.set_trial_user_attr(tid, "note", {"a": [1, "b"]})
        storage.set_trial_system_attr(tid, "sys", 1.5)
        assert storage.set_trial_state_values(
            tid, TrialState.COMPLETE, [0.25], system_attrs={"seconds": 0.5}
        )

        t = storage.get_trial(tid)
        assert t.state == TrialState.COMPLETE
        assert t.values == (0.25,)
        assert t.value == 0.25
        assert t.params == {"lr": 0.01, "depth": 6, "choice": "x"}
        assert isinstance(t.params["depth"], int)
        assert t.internal_params == {"lr": 0.01, "depth": 6.0, "choice": 4.0}
        assert t.distributions == {"lr": f, "depth": i, "choice": c}
        assert t.intermediate_values[0] == 0.8
        assert math.isnan(t.intermediate_values[3])
        assert t.user_attrs == {"note": {"a": [1, "b"]}}
        assert t.system_attrs == {"sys": 1.5, "seconds": 0.5}
        assert t.datetime_start is not None and t.datetime_complete is not None
        assert t.datetime_complete >= t.datetime_start
        assert storage.get_all_trials(sid) == [t]


    def test_finished_trials_are_immutable(self, storage: BaseStorage) -> None:
        sid = storage.create_new_study(MIN, _name())
        tid = storage.create_new_trial(sid)
        storage.set_trial_state_values(tid, TrialState.FAIL)
        for write in (
            lambda: storage.set_trial_param(tid, "x", 0.5, FloatDistribution(0, 1)),
            lambda: storage.set_trial_intermediate_value(tid, 1, 0.1),
            lambda: storage.set_trial_user_attr(tid, "a", 1),
            lambda: storage.set_trial_system_attr(tid, "a", 1),
            lambda: storage.set_trial_state_values(tid, TrialState.COMPLETE, [1.0]),
        ):
            with pytest.raises(UpdateFinishedTrialError, match="finished"):
                write()
        assert storage.get_trial(tid).state == TrialState.FAIL
        assert storage.get_trial(tid).params == {}


    def test_unknown_trial_is_an_error(self, storage: BaseStorage) -> None:
        with pytest.raises(TrialNotFoundError):
            storage.get_trial(987654321)
        with pytest.raises(TrialNotFoundError):
            storage.set_trial_param(987654321, "x", 0.5, FloatDistribution(0, 1))


    def test_waiting_trial_is_handed_to_exactly_one_caller(self, storage: BaseStorage) -> None:
        sid = storage.create_new_study(MIN, _name())
        template = create_trial(state=TrialState.WAITING, system_attrs={"fixed_params": {"x": 1}})
        tid = storage.create_new_trial(sid, template)
        assert storage.get_waiting_trial_ids(sid) == [tid]
        assert storage.set_trial_state_values(tid, TrialState.RUNNING) is True
        assert storage.set_trial_state_values(tid, TrialState.RUNNING) is False
        assert storage.get_waiting_trial_ids(sid) == []
        t = storage.get_trial(tid)
        assert t.state == TrialState.RUNNING and t.datetime_start is not None
        assert t.system_attrs["fixed_params"] == {"x": 1}


    def test_claim_keys_are_exclusive(self, storage: BaseStorage) -> None:
        sid = storage.create_new_study(MIN, _name())
        other = storage.create_new_study(MIN, _name())
        storage.create_new_trial(sid, claim_key="grid:0")
        with pytest.raises(DuplicatedClaimError):
            storage.create_new_trial(sid, claim_key="grid:0")
        storage.create_new_trial(other, claim_key="grid:0")  # claims are per study
        storage.create_new_trial(sid, claim_key="grid:1")
        storage.create_new_trial(sid)  # unclaimed trials never collide
        storage.create_new_trial(sid)
        assert storage.get_claimed_keys(sid) == {"grid:0", "grid:1"}
        # A refused claim leaves no gap in the numbering.
        assert [t.number for t in storage.get_all_trials(sid)] == [0, 1, 2, 3]


    def test_system_attr_if_absent_keeps_the_first_value(self, storage: BaseStorage) -> None:
        sid = storage.create_new_study(MIN, _name())
        other = storage.create_new_study(MIN, _name())
        storage.set_study_user_attr(sid, "elite", "a user attribute does not count")
        assert storage.set_study_system_attr_if_absent(sid, "elite", [3, 1]) == [3, 1]
        assert storage.set_study_system_attr_if_absent(sid, "elite", [2, 0]) == [3, 1]
        assert storage.get_study_system_attrs(sid)["elite"] == [3, 1]
        assert storage.set_study_system_attr_if_absent(other, "elite", [2, 0]) == [2, 0]
        # The plain setter still overwrites; if-absent then returns the overwritten value.
        storage.set_study_system_attr(sid, "elite", [5])
        assert storage.set_study_system_attr_if_absent(sid, "elite", [9]) == [5]
        with pytest.raises(StudyNotFoundError):
            storage.set_study_system_attr_if_absent(sid + other + 1000, "elite", [1])
        with pytest.raises(TypeError):
            storage.set_study_system_attr_if_absent(sid, "bad", {1, 2})

    def test_system_attr_if_absent_has_one_winner_among_threads(
        self, storage: BaseStorage
    ) -> None:
        sid = storage.create_new_study(MIN, _name())
        start = threading.Barrier(8)
        got: list[object] = [None] * 8

        def race(i: int) -> None:
            start.wait()
            got[i] = storage.set_study_system_attr_if_absent(sid, "elite", [i])

        threads = [threading.Thread(target=race, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        stored = storage.get_study_system_attrs(sid)["elite"]
        assert got == [stored] * 8

    def test_template_trial_is_stored_whole(self, storage: BaseStorage) -> None:
        sid = storage.create_new_study(MIN, _name())
        template = create_trial(
            state=TrialState.PRUNED,
            value=0.3,
            params={"x": 0.5, "c": "b"},
            distributions={"x": FloatDistribution(0, 1), "c": CategoricalDistribution(("a", "b"))},
            user_attrs={"u": 1},
            system_attrs={"s": 2},
            intermediate_values={0: 0.9, 1: 0.3},
        )
        tid = storage.create_new_trial(sid, template)
        t = storage.get_trial(tid)
        assert (t.state, t.values, t.params, t.user_attrs, t.system_attrs) == (
            TrialState.PRUNED,
            (0.3,),
            {"x": 0.5, "c": "b"},
            {"u": 1},
            {"s": 2},
        )
        assert t.intermediate_values == {0: 0.9, 1: 0.3}
        assert t.number == 0


    def test_incompatible_distribution_is_refused_across_trials(self, storage: BaseStorage) -> None:
        sid = storage.create_new_study(MIN, _name())
        t1 = storage.create_new_trial(sid)
        storage.set_trial_param(t1, "x", 0.5, FloatDistribution(0, 1))
        t2 = storage.create_new_trial(sid)
        storage.set_trial_param(t2, "x", 3.0, FloatDistribution(0, 5))  # ranges may change
        t3 = storage.create_new_trial(sid)
        with pytest.raises(ValueError, match="kind of distribution"):
            storage.set_trial_param(t3, "x", 0.0, CategoricalDistribution(("a",)))


    def test_values_must_match_directions(self, storage: BaseStorage) -> None:
        sid = storage.create_new_study(MIN, _name())
        tid = storage.create_new_trial(sid)
        with pytest.raises(ValueError, match="1 objective"):
            storage.set_trial_state_values(tid, TrialState.COMPLETE, [1.0, 2.0])
        assert storage.get_trial(tid).state == TrialState.RUNNING


    def test_states_filter_and_counts(self, storage: BaseStorage) -> None:
        sid = storage.create_new_study(MIN, _name())
        done = storage.create_new_trial(sid)
        storage.set_trial_state_values(done, TrialState.COMPLETE, [1.0])
        storage.create_new_trial(sid)
        assert [t.trial_id for t in storage.get_all_trials(sid, states=(TrialState.COMPLETE,))] == [
            done
        ]
        assert storage.get_n_trials(sid) == 2
        assert storage.get_n_trials(sid, states=(TrialState.RUNNING,)) == 1


    def test_attribute_values_must_be_json(self, storage: BaseStorage) -> None:
        sid = storage.create_new_study(MIN, _name())
        tid = storage.create_new_trial(sid)
        with pytest.raises(TypeError, match="JSON"):
            storage.set_trial_user_attr(tid, "obj", object())
        with pytest.raises(TypeError, match="JSON"):
            storage.set_study_user_attr(sid, "obj", {1, 2})


    @pytest.mark.parametrize("direction", [StudyDirection.MINIMIZE, StudyDirection.MAXIMIZE])
    def test_best_trial_is_the_earliest_best_complete_trial(
        self, storage: BaseStorage, direction: StudyDirection
    ) -> None:
        sid = storage.create_new_study([direction], _name())
        assert storage.get_best_trial(sid) is None
        ids = {}
        # (value, state); PRUNED and FAIL trials never count, whatever their value.
        for number, (value, state) in enumerate(
            [
                (3.0, TrialState.COMPLETE),
                (-9.0, TrialState.PRUNED),
                (9.0, TrialState.PRUNED),
                (1.0, TrialState.COMPLETE),
                (5.0, TrialState.COMPLETE),
                (1.0, TrialState.COMPLETE),
                (None, TrialState.FAIL),
            ]
        ):
            tid = storage.create_new_trial(sid)
            storage.set_trial_state_values(tid, state, None if value is None else [value])
            ids[number] = tid
        best = storage.get_best_trial(sid)
        assert best is not None
        if direction == StudyDirection.MINIMIZE:
            assert (best.number, best.value) == (3, 1.0)  # trial 5 ties it and comes later
        else:
            assert (best.number, best.value) == (4, 5.0)
        # add_trial templates count as well.
        storage.create_new_trial(
            sid, create_trial(value=-100.0 if direction == StudyDirection.MINIMIZE else 100.0)
        )
        best = storage.get_best_trial(sid)
        assert best is not None and best.number == 7


    def test_names_longer_than_the_limit_are_refused_up_front(self, storage: BaseStorage) -> None:
        from hyperscout.storages._common import MAX_NAME_LENGTH

        long = "n" * 4096
        rule = (
            f"at most {MAX_NAME_LENGTH} characters long, got one of 4096 characters starting 'nnn"
        )
        with pytest.raises(ValueError, match=f"study name must be {rule}"):
            storage.create_new_study(MIN, long)
        sid = storage.create_new_study(MIN, _name())
        tid = storage.create_new_trial(sid)
        with pytest.raises(ValueError, match=f"parameter name must be {rule}"):
            storage.set_trial_param(tid, long, 0.5, FloatDistribution(0, 1))
        for call in (
            lambda: storage.set_trial_user_attr(tid, long, 1),
            lambda: storage.set_trial_system_attr(tid, long, 1),
            lambda: storage.set_study_user_attr(sid, long, 1),
            lambda: storage.set_study_system_attr(sid, long, 1),
        ):
            with pytest.raises(ValueError, match=f"attribute key must be {rule}") as info:
                call()
            assert len(str(info.value)) < 200
        with pytest.raises(ValueError, match="parameter name must be"):
            storage.create_new_trial(
                sid,
                create_trial(
                    params={long: 0.5}, distributions={long: FloatDistribution(0, 1)}, value=1.0
                ),
            )
        # Exactly at the limit works, and nothing was written by the refused calls.
        edge = "e" * MAX_NAME_LENGTH
        storage.set_trial_param(tid, edge, 0.5, FloatDistribution(0, 1))
        storage.set_trial_user_attr(tid, edge, 1)
        assert storage.create_new_study(MIN, edge[:-12] + uuid.uuid4().hex[:12]) >= 0
        trial = storage.get_trial(tid)
        assert list(trial.params) == [edge] and list(trial.user_attrs) == [edge]
        assert storage.get_n_trials(sid) == 1
