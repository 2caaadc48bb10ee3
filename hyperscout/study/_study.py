"""The :class:`Study`: a named optimisation run in a storage, and the functions that open one."""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from hyperscout._records import best_of
from hyperscout.distributions import BaseDistribution, _plain_choice
from hyperscout.exceptions import (
    DuplicatedClaimError,
    DuplicatedStudyError,
    InvalidArgumentError,
    InvalidTypeError,
    InvalidUsageError,
    SearchSpaceExhausted,
)
from hyperscout.logging import get_logger
from hyperscout.study._direction import StudyDirection
from hyperscout.study._summary import StudySummary
from hyperscout.study._values import (  # noqa: F401  (re-exported)
    FAIL_REASON_KEY,
    OBJECTIVE_SECONDS_KEY,
    SAMPLER_SECONDS_KEY,
    STORAGE_SECONDS_KEY,
    WORKER_KEY,
    check_objective_values,
)
from hyperscout.trial import FrozenTrial, Trial, TrialState, create_trial
from hyperscout.trial._frozen import CONSTRAINTS_KEY
from hyperscout.trial._trial import FIXED_PARAMS_KEY

if TYPE_CHECKING:
    import pandas as pd

    from hyperscout.pruners import BasePruner
    from hyperscout.samplers import BaseSampler
    from hyperscout.storages import BaseStorage

__all__ = [
    "Study",
    "create_study",
    "delete_study",
    "get_all_study_names",
    "get_all_study_summaries",
    "load_study",
]

_logger = get_logger(__name__)

ObjectiveFuncType = Callable[[Trial], float | Sequence[float]]



def _resolve_storage(storage: str | BaseStorage | None) -> BaseStorage:
    from hyperscout.storages import get_storage

    return get_storage(storage)


def _check_plugin(kind: str, value: object, methods: tuple[str, ...]) -> None:
    """A sampler or pruner is an object with the seam's methods (a subclass of the base class, or
    a duck-typed one); a string or a class is a common slip, caught before any trial runs."""
    if value is None or (
        not isinstance(value, type) and all(callable(getattr(value, m, None)) for m in methods)
    ):
        return
    hint = (
        " (an instance, e.g. hyperscout.samplers.TPESampler(), not a name)"
        if kind == "sampler"
        else " (an instance, e.g. hyperscout.pruners.MedianPruner())"
    )
    raise InvalidTypeError(
        f"{kind} must be a {kind} object with {', '.join(methods)}(){hint}, got {value!r}"
    )


def _resolve_directions(
    direction: str | StudyDirection | None,
    directions: Sequence[str | StudyDirection] | None,
) -> list[StudyDirection]:
    if direction is not None and directions is not None:
        raise InvalidArgumentError(
            f"give direction or directions, not both, got direction={direction!r}, "
            f"directions={directions!r}"
        )
    if directions is None:
        directions = [direction if direction is not None else "minimize"]
    if not isinstance(directions, Sequence) or isinstance(directions, str) or not directions:
        raise InvalidArgumentError(
            f"directions must be a non-empty list, got directions={directions!r}"
        )
    out: list[StudyDirection] = []
    for d in directions:
        if isinstance(d, StudyDirection) and d != StudyDirection.NOT_SET:
            out.append(d)
        elif isinstance(d, str) and d.lower() in ("minimize", "maximize"):
            out.append(StudyDirection[d.upper()])
        else:
            raise InvalidArgumentError(f"a direction must be 'minimize' or 'maximize', got {d!r}")
    return out


class Study:
    """A study: the trials of one optimisation, kept in a storage, with a sampler and a pruner."""

    def __init__(
        self,
        study_name: str,
        storage: str | BaseStorage | None,
        sampler: BaseSampler | None = None,
        pruner: BasePruner | None = None,
    ) -> None:
        from hyperscout.pruners import NopPruner
        from hyperscout.samplers import default_sampler

        _check_plugin("sampler", sampler, ("sample_relative", "sample_independent"))
        _check_plugin("pruner", pruner, ("prune",))
        self.study_name = study_name
        self._storage = _resolve_storage(storage)
        self._study_id = self._storage.get_study_id_from_name(study_name)
        self._directions = self._storage.get_study_directions(self._study_id)
        self.sampler: BaseSampler = (
            sampler if sampler is not None else default_sampler(len(self._directions))
        )
        self.pruner: BasePruner = pruner if pruner is not None else NopPruner()
        self._stop_flag = False
        self._optimizing = False
        self._thread_local = threading.local()

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        del state["_thread_local"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._thread_local = threading.local()

    # --- read-only views -----------------------------------------------------------------------
    @property
    def storage(self) -> BaseStorage:
        """The storage that holds this study's trials (read-only).

        Samplers, pruners and tools that keep per-study records read and write through it, with
        :attr:`study_id`. (Optuna keeps both private, as ``study._storage`` and
        ``study._study_id``; those names still work here.)
        """
        return self._storage

    @property
    def study_id(self) -> int:
        """This study's id in :attr:`storage` (read-only)."""
        return self._study_id

    @property
    def is_optimizing(self) -> bool:
        """Whether :meth:`optimize` is running on this study object (read-only).

        A sampler or callback that ends the run with :meth:`stop` checks it first: :meth:`stop`
        is meant for inside :meth:`optimize` only. (Optuna has no public name for this.)
        """
        return self._optimizing

    @property
    def stop_requested(self) -> bool:
        """Whether the running :meth:`optimize` has been asked to end (read-only): by :meth:`stop`,
        or because a worker thread failed or the run was interrupted. Running trials still
        finish; no new one starts. ``False`` again once :meth:`optimize` returns.
        """
        return self._stop_flag

    @property
    def direction(self) -> StudyDirection:
        if len(self._directions) > 1:
            raise InvalidUsageError(
                f"this study has {len(self._directions)} objectives; use Study.directions"
            )
        return self._directions[0]

    @property
    def directions(self) -> list[StudyDirection]:
        return list(self._directions)

    @property
    def trials(self) -> list[FrozenTrial]:
        return self.get_trials(deepcopy=True)

    def get_trials(
        self, deepcopy: bool = True, states: Container[TrialState] | None = None
    ) -> list[FrozenTrial]:
        """All trials in number order. With ``deepcopy`` (the default, as in Optuna) each record
        is a copy whose attributes the caller may set; the library's own readers pass
        ``deepcopy=False`` and share the stored records (their mappings are read-only)."""
        trials = self._storage.get_all_trials(self._study_id, deepcopy=False, states=states)
        return [t._copy() for t in trials] if deepcopy else trials

    @property
    def best_trial(self) -> FrozenTrial:
        if len(self._directions) > 1:
            raise InvalidUsageError(
                "a multi-objective study has no single best trial; use Study.best_trials"
            )
        best = self._storage.get_best_trial(self._study_id)
        if best is None:
            raise InvalidArgumentError(
                f"study {self.study_name!r} has no COMPLETE trial yet, so it has no best trial"
            )
        if not _feasible(best):  # constraints stored: the best feasible trial (Optuna's rule)
            best = best_of(
                [t for t in self.get_trials(states=(TrialState.COMPLETE,)) if _feasible(t)],
                self._directions[0],
            )
            if best is None:
                raise InvalidArgumentError(
                    f"study {self.study_name!r} has no feasible COMPLETE trial yet (every one "
                    "violates a constraint), so it has no best trial"
                )
        return best._copy()

    @property
    def best_trials(self) -> list[FrozenTrial]:
        """The Pareto front of the COMPLETE trials (the best trial for one objective); trials
        that violate a stored constraint are left out."""
        if len(self._directions) == 1:
            try:
                return [self.best_trial]
            except ValueError:
                return []
        complete = self.get_trials(states=(TrialState.COMPLETE,))
        return _pareto_front([t for t in complete if _feasible(t)], self._directions)

    @property
    def best_params(self) -> dict[str, Any]:
        return dict(self.best_trial.params)

    @property
    def best_value(self) -> float:
        value = self.best_trial.value
        assert value is not None
        return value

    @property
    def user_attrs(self) -> dict[str, Any]:
        return self._storage.get_study_user_attrs(self._study_id)

    @property
    def system_attrs(self) -> dict[str, Any]:
        return self._storage.get_study_system_attrs(self._study_id)

    def set_user_attr(self, key: str, value: Any) -> None:
        self._storage.set_study_user_attr(self._study_id, key, value)

    def set_system_attr(self, key: str, value: Any) -> None:
        self._storage.set_study_system_attr(self._study_id, key, value)

    @property
    def metric_names(self) -> list[str] | None:
        names = self.system_attrs.get("study:metric_names")
        return list(names) if names is not None else None

    def set_metric_names(self, metric_names: list[str]) -> None:
        if len(metric_names) != len(self._directions):
            raise InvalidArgumentError(
                f"the study has {len(self._directions)} objective(s), got "
                f"{len(metric_names)} metric names: {metric_names!r}"
            )
        self.set_system_attr("study:metric_names", list(metric_names))

    # --- optimize ------------------------------------------------------------------------------
    def optimize(
        self,
        func: ObjectiveFuncType,
        n_trials: int | None = None,
        timeout: float | None = None,
        n_jobs: int = 1,
        catch: Iterable[type[Exception]] | type[Exception] = (),
        callbacks: Iterable[Callable[[Study, FrozenTrial], None]] | None = None,
        gc_after_trial: bool = False,
        show_progress_bar: bool = False,
    ) -> None:
        """Run trials of ``func`` until ``n_trials`` ran, ``timeout`` seconds passed, the
        sampler has nothing left (a finished grid) or :meth:`stop` was called."""
        from hyperscout.study._optimize import run_optimize

        run_optimize(
            self,
            func,
            n_trials=n_trials,
            timeout=timeout,
            n_jobs=n_jobs,
            catch=catch,
            callbacks=callbacks,
            gc_after_trial=gc_after_trial,
            show_progress_bar=show_progress_bar,
        )

    def stop(self) -> None:
        """Let running trials finish, then end :meth:`optimize` (call from a callback/objective)."""
        if not self._optimizing:
            raise InvalidUsageError("Study.stop is meant to be called inside Study.optimize")
        self._stop_flag = True

    # --- ask and tell --------------------------------------------------------------------------
    def ask(self, fixed_distributions: Mapping[str, BaseDistribution] | None = None) -> Trial:
        """Start a new trial (an enqueued one first). Raises ``SearchSpaceExhausted`` when the
        sampler has a finite space and every point of it has been taken."""
        start = time.perf_counter()
        sampler_seconds = 0.0
        trial_id = self._pop_waiting_trial_id()
        if trial_id is None:
            t0 = time.perf_counter()
            candidates = self.sampler.reserve_candidates(self)
            sampler_seconds += time.perf_counter() - t0
            if candidates is None:
                trial_id = self._storage.create_new_trial(self._study_id)
            else:
                trial_id = self._create_claimed_trial(candidates)
        frozen = self._storage.get_trial(trial_id)
        t0 = time.perf_counter()
        self.sampler.before_trial(self, frozen)
        sampler_seconds += time.perf_counter() - t0
        trial = Trial(self, trial_id, frozen)
        trial._sampler_seconds += sampler_seconds
        trial._storage_seconds += time.perf_counter() - start - sampler_seconds
        for name, dist in (fixed_distributions or {}).items():
            trial._suggest(name, dist)
        return trial

    def _create_claimed_trial(self, candidates: list[tuple[str, dict[str, Any]]]) -> int:
        # Other workers may take every offered point between our read and our write; ask the
        # sampler again until a claim succeeds or it has nothing left to offer.
        for _ in range(1000):  # bounded, should a storage keep offering taken points
            if not candidates:
                break
            for claim_key, params in candidates:
                template = create_trial(
                    state=TrialState.RUNNING, system_attrs={FIXED_PARAMS_KEY: params}
                )
                try:
                    return self._storage.create_new_trial(
                        self._study_id, template, claim_key=claim_key
                    )
                except DuplicatedClaimError:
                    continue  # another worker took it between our read and our write
            candidates = self.sampler.reserve_candidates(self) or []
        raise SearchSpaceExhausted(
            f"the sampler {type(self.sampler).__name__} has no point left to try in study "
            f"{self.study_name!r}"
        )

    def _pop_waiting_trial_id(self) -> int | None:
        for trial_id in self._storage.get_waiting_trial_ids(self._study_id):
            if self._storage.set_trial_state_values(trial_id, TrialState.RUNNING):
                return trial_id
        return None

    def tell(
        self,
        trial: Trial | int,
        values: float | Sequence[float] | None = None,
        state: TrialState | None = None,
        skip_if_finished: bool = False,
    ) -> FrozenTrial:
        """Finish a trial from :meth:`ask` with its objective value(s) or a state."""
        from hyperscout.study._tell import tell

        return tell(self, trial, values, state, skip_if_finished)

    def enqueue_trial(
        self,
        params: dict[str, Any],
        user_attrs: dict[str, Any] | None = None,
        skip_if_exists: bool = False,
    ) -> None:
        """Run these parameters next (those the objective suggests but ``params`` lacks are
        sampled as usual)."""
        if not isinstance(params, dict):
            raise InvalidTypeError(f"params must be a dict, got {params!r}")
        params = {name: _plain_choice(value) for name, value in params.items()}
        if skip_if_exists and self._params_already_tried(params):
            _logger.info(f"Trial with params {params} already exists; not enqueued again.")
            return
        self.add_trial(
            create_trial(
                state=TrialState.WAITING,
                system_attrs={FIXED_PARAMS_KEY: params},
                user_attrs=user_attrs,
            )
        )

    def _params_already_tried(self, params: Mapping[str, Any]) -> bool:
        for t in self.get_trials(deepcopy=False):
            given = t.system_attrs.get(FIXED_PARAMS_KEY) if t.state == TrialState.WAITING else None
            existing = given if given is not None else t.params
            if all(k in existing and existing[k] == v for k, v in params.items()):
                return True
        return False

    def add_trial(self, trial: FrozenTrial) -> None:
        """Store a trial made with :func:`create_trial`: finished, WAITING (run next) or
        RUNNING (finish it with :meth:`tell` and its number), as Optuna allows."""
        if not isinstance(trial, FrozenTrial):
            raise InvalidTypeError(
                f"add_trial takes a FrozenTrial from create_trial, got {trial!r}"
            )
        if trial.values is not None and len(trial.values) != len(self._directions):
            raise InvalidArgumentError(
                f"the study has {len(self._directions)} objective(s), got values={trial.values!r}"
            )
        self._storage.create_new_trial(self._study_id, template_trial=trial)

    def add_trials(self, trials: Iterable[FrozenTrial]) -> None:
        for trial in trials:
            self.add_trial(trial)

    def trials_dataframe(
        self,
        attrs: tuple[str, ...] = (
            "number",
            "value",
            "datetime_start",
            "datetime_complete",
            "duration",
            "params",
            "user_attrs",
            "system_attrs",
            "state",
        ),
        multi_index: bool = False,
    ) -> pd.DataFrame:
        from hyperscout.study._dataframe import trials_dataframe

        return trials_dataframe(self, attrs, multi_index)

    def __repr__(self) -> str:
        return f"Study(study_name={self.study_name!r}, directions={self._directions!r})"


def _feasible(trial: FrozenTrial) -> bool:
    constraints = trial.system_attrs.get(CONSTRAINTS_KEY)
    return constraints is None or all(float(c) <= 0.0 for c in constraints)


def _pareto_front(
    trials: list[FrozenTrial], directions: Sequence[StudyDirection]
) -> list[FrozenTrial]:
    import numpy as np

    from hyperscout._multi_objective import non_dominated

    if not trials:
        return []
    signs = np.array([1.0 if d == StudyDirection.MINIMIZE else -1.0 for d in directions])
    loss = np.array([t.values for t in trials], dtype=float) * signs
    return [t for t, keep in zip(trials, non_dominated(loss)) if keep]


# --- module-level functions --------------------------------------------------------------------


def create_study(
    *,
    storage: str | BaseStorage | None = None,
    sampler: BaseSampler | None = None,
    pruner: BasePruner | None = None,
    study_name: str | None = None,
    direction: str | StudyDirection | None = None,
    load_if_exists: bool = False,
    directions: Sequence[str | StudyDirection] | None = None,
) -> Study:
    """Create a study (or, with ``load_if_exists=True``, open the existing one of that name)."""
    resolved = _resolve_directions(direction, directions)
    backend = _resolve_storage(storage)
    try:
        study_id = backend.create_new_study(resolved, study_name)
    except DuplicatedStudyError:
        if not load_if_exists:
            raise
        assert study_name is not None
        existing = backend.get_study_directions(backend.get_study_id_from_name(study_name))
        if (direction is not None or directions is not None) and existing != resolved:
            raise InvalidArgumentError(
                f"study {study_name!r} exists with directions "
                f"{[d.name.lower() for d in existing]}, got "
                f"{[d.name.lower() for d in resolved]}"
            ) from None
        _logger.info(
            f"Using an existing study with name '{study_name}' instead of creating a new one."
        )
        return Study(study_name, backend, sampler, pruner)
    name = backend.get_study_name_from_id(study_id)
    _logger.info(f"A new study created with name: {name}")
    return Study(name, backend, sampler, pruner)


def load_study(
    *,
    study_name: str | None,
    storage: str | BaseStorage,
    sampler: BaseSampler | None = None,
    pruner: BasePruner | None = None,
) -> Study:
    """Open an existing study. With ``study_name=None`` the storage must hold exactly one."""
    backend = _resolve_storage(storage)
    if study_name is None:
        names = [s.study_name for s in backend.get_all_studies()]
        if len(names) != 1:
            raise InvalidArgumentError(
                f"study_name=None needs a storage with exactly one study, found {len(names)}: "
                f"{names!r}"
            )
        study_name = names[0]
    return Study(study_name, backend, sampler, pruner)


def delete_study(*, study_name: str, storage: str | BaseStorage) -> None:
    backend = _resolve_storage(storage)
    backend.delete_study(backend.get_study_id_from_name(study_name))


def get_all_study_names(storage: str | BaseStorage) -> list[str]:
    return [s.study_name for s in _resolve_storage(storage).get_all_studies()]


def get_all_study_summaries(
    storage: str | BaseStorage, include_best_trial: bool = True
) -> list[StudySummary]:
    backend = _resolve_storage(storage)
    out = []
    for s in backend.get_all_studies():
        trials = backend.get_all_trials(s.study_id, deepcopy=False)
        best = None
        if include_best_trial and len(s.directions) == 1:
            complete = [t for t in trials if t.state == TrialState.COMPLETE]
            best = best_of(complete, s.directions[0])
        starts = [t.datetime_start for t in trials if t.datetime_start is not None]
        out.append(
            StudySummary(
                study_name=s.study_name,
                direction=s.directions[0] if len(s.directions) == 1 else None,
                best_trial=best,
                user_attrs=copy.deepcopy(dict(s.user_attrs)),
                system_attrs=copy.deepcopy(dict(s.system_attrs)),
                n_trials=len(trials),
                datetime_start=min(starts) if starts else None,
                study_id=s.study_id,
                directions=list(s.directions),
            )
        )
    return out
