"""The four search strategies, each a :class:`Tuner` with its oracle (KerasTuner's arguments).

Each accepts ``sampler=`` and ``pruner=`` (any hyperscout sampler/pruner) in place of its
default; the epoch is the pruner's step in every tuner.
"""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from hyperscout.exceptions import InvalidArgumentError
from hyperscout.keras._hyperparameters import MIRRORED_SUFFIX, HyperParameter, HyperParameters
from hyperscout.keras._oracle import DEFAULT_PRUNER, RETRY_OF_KEY, Oracle, Trial
from hyperscout.keras._tuner import Tuner
from hyperscout.samplers import BaseSampler
from hyperscout.trial import FrozenTrial, TrialState
from hyperscout.trial._trial import FIXED_PARAMS_KEY

if TYPE_CHECKING:
    from hyperscout.pruners import BasePruner

__all__ = [
    "BayesianOptimization",
    "BayesianOptimizationOracle",
    "GridSearch",
    "GridSearchOracle",
    "Hyperband",
    "HyperbandOracle",
    "RandomSearch",
    "RandomSearchOracle",
]


def _oracle_kwargs(
    objective: Any,
    max_trials: int | None,
    seed: int | None,
    hyperparameters: HyperParameters | None,
    tune_new_entries: bool,
    allow_new_entries: bool,
    max_retries_per_trial: int,
    max_consecutive_failed_trials: int,
    sampler: BaseSampler | None,
    pruner: BasePruner | str | None,
) -> dict[str, Any]:
    return dict(
        objective=objective,
        max_trials=max_trials,
        seed=seed,
        hyperparameters=hyperparameters,
        tune_new_entries=tune_new_entries,
        allow_new_entries=allow_new_entries,
        max_retries_per_trial=max_retries_per_trial,
        max_consecutive_failed_trials=max_consecutive_failed_trials,
        sampler=sampler,
        pruner=pruner,
    )


class RandomSearchOracle(Oracle):
    """Independent uniform draws (``RandomSampler``)."""


class RandomSearch(Tuner):
    """Random search: ``max_trials`` (default 10) models with random hyperparameters."""

    def __init__(
        self,
        hypermodel: Any = None,
        objective: Any = None,
        max_trials: int = 10,
        seed: int | None = None,
        hyperparameters: HyperParameters | None = None,
        tune_new_entries: bool = True,
        allow_new_entries: bool = True,
        max_retries_per_trial: int = 0,
        max_consecutive_failed_trials: int = 3,
        *,
        sampler: BaseSampler | None = None,
        pruner: BasePruner | str | None = DEFAULT_PRUNER,
        **kwargs: Any,
    ) -> None:
        oracle = RandomSearchOracle(
            **_oracle_kwargs(
                objective, max_trials, seed, hyperparameters, tune_new_entries,
                allow_new_entries, max_retries_per_trial, max_consecutive_failed_trials,
                sampler, pruner,
            )
        )
        super().__init__(oracle=oracle, hypermodel=hypermodel, **kwargs)


class _FirstValueSampler(BaseSampler):
    """Gives a parameter the grid has not reached yet its first grid value (the lowest
    number, the first choice); grid trials arrive queued with every known value."""

    def infer_relative_search_space(self, study: Any, trial: Any) -> dict[str, Any]:
        return {}

    def sample_relative(self, study: Any, trial: Any, search_space: Any) -> dict[str, Any]:
        return {}

    def sample_independent(
        self, study: Any, trial: Any, param_name: str, param_distribution: Any
    ) -> Any:
        from hyperscout.distributions import CategoricalDistribution

        if isinstance(param_distribution, CategoricalDistribution):
            return param_distribution.choices[0]
        if param_name.endswith(MIRRORED_SUFFIX):  # stored mirrored: the lowest value is high
            return param_distribution.high
        return param_distribution.low


def _grid_order(hp: HyperParameter) -> list[Any]:
    """KerasTuner's order of a parameter's grid values: the default first, then the others."""
    values = [v for v in hp.grid_values() if v != hp.default]
    return [hp.default, *values]


def next_grid_values(
    space: list[HyperParameter], values: dict[str, Any]
) -> dict[str, Any] | None:
    """The combination after ``values`` in KerasTuner's grid order over ``space`` (the
    last active parameter moves fastest, a parameter not in ``values`` is at its default),
    restricted to the active parameters; ``None`` after the last one."""
    current = HyperParameters()
    current.merge(space)
    current.values = {hp.name: values.get(hp.name, hp.default) for hp in space}
    bumped = False
    for hp in reversed(space):
        if current.is_active(hp):
            order = _grid_order(hp)
            value = current.values[hp.name]
            index = order.index(value) if value in order else len(order) - 1
            if index < len(order) - 1:
                current.values[hp.name] = order[index + 1]
                bumped = True
                break
        current.values[hp.name] = hp.default
    if not bumped:
        return None
    return {hp.name: current.values[hp.name] for hp in space if current.is_active(hp)}


class GridSearchOracle(Oracle):
    """Every combination of the space's values once, in KerasTuner's order: the first trial
    takes the defaults, each next one moves the last active parameter to its next grid value
    (integer and stepped ranges give all their values, a ``Float`` without ``step`` ten
    evenly spaced quantiles). As in KerasTuner the grid grows as it goes: a parameter that
    only a branch defines joins it when a trial first takes that branch, starting at its
    first value."""

    def _make_sampler(self) -> BaseSampler:
        return _FirstValueSampler()

    def create_trial(self, tuner_id: str = "tuner0") -> Trial | None:
        study = self._need_study()
        while True:
            self._recover_dead_trials()
            if study.get_trials(deepcopy=False, states=(TrialState.WAITING,)):
                return self._ask(tuner_id)
            if self.max_trials is not None and self._n_counted() >= self.max_trials:
                return None
            values = self._next_combination()
            if values is not None:
                study.enqueue_trial(self._params_of(values))
                return self._ask(tuner_id)
            if not study.get_trials(deepcopy=False, states=(TrialState.RUNNING,)):
                return None  # the grid is done
            time.sleep(1.0)  # another worker's trial may still add parameters

    def _params_of(self, values: dict[str, Any]) -> dict[str, Any]:
        params = {}
        for hp in self.hyperparameters.space:
            if hp.name not in values or hp.distribution() is None:
                continue
            value = values[hp.name]
            if hp.param_name.endswith(MIRRORED_SUFFIX):
                value = hp.min_value + hp.max_value - value  # type: ignore[attr-defined]
            params[hp.param_name] = value
        return params

    def _next_combination(self) -> dict[str, Any] | None:
        space = self.hyperparameters.space
        trials = self._need_study().get_trials(deepcopy=False)
        if not trials:
            first = HyperParameters()
            first.merge(space)
            first.values = {hp.name: hp.default for hp in space}
            return {hp.name: hp.default for hp in space if first.is_active(hp)}
        # A trial is known by the values it was given as well as those its build used.
        tried = {_key({**t.system_attrs.get(FIXED_PARAMS_KEY, {}), **t.params}) for t in trials}
        for t in reversed(trials):  # the latest first: its successor is usually new
            if not t.state.is_finished():
                continue
            values = self._from_frozen(t).hyperparameters.values
            following = next_grid_values(space, values)
            while following is not None and _key(self._params_of(following)) in tried:
                following = next_grid_values(space, following)
            if following is not None:
                return following
        return None


def _key(params: Mapping[str, Any]) -> str:
    return json.dumps(sorted(params.items()), default=repr)


class GridSearch(Tuner):
    """Grid search: every combination once (``max_trials=None`` runs the whole grid)."""

    def __init__(
        self,
        hypermodel: Any = None,
        objective: Any = None,
        max_trials: int | None = None,
        seed: int | None = None,
        hyperparameters: HyperParameters | None = None,
        tune_new_entries: bool = True,
        allow_new_entries: bool = True,
        max_retries_per_trial: int = 0,
        max_consecutive_failed_trials: int = 3,
        *,
        pruner: BasePruner | str | None = DEFAULT_PRUNER,
        **kwargs: Any,
    ) -> None:
        oracle = GridSearchOracle(
            **_oracle_kwargs(
                objective, max_trials, seed, hyperparameters, tune_new_entries,
                allow_new_entries, max_retries_per_trial, max_consecutive_failed_trials,
                None, pruner,
            )
        )
        super().__init__(oracle=oracle, hypermodel=hypermodel, **kwargs)



class BayesianOptimizationOracle(Oracle):
    """Gaussian-process Bayesian optimisation (hyperscout's ``GPSampler``; conditional
    parameters by a ``TPESampler``), after ``num_initial_points`` random trials (default:
    three per parameter, KerasTuner's default). ``alpha`` and ``beta`` are KerasTuner's GP
    noise and UCB settings: hyperscout's GP fits its noise by marginal likelihood and uses
    log expected improvement, so they are accepted and not used."""

    def __init__(
        self,
        *args: Any,
        num_initial_points: int | None = None,
        alpha: float = 1e-4,
        beta: float = 2.6,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if num_initial_points is not None and (
            isinstance(num_initial_points, bool)
            or not isinstance(num_initial_points, int)
            or num_initial_points < 1
        ):
            raise InvalidArgumentError(
                f"num_initial_points must be an int >= 1 or None, got {num_initial_points!r}"
            )
        self.num_initial_points = num_initial_points
        self.alpha = alpha
        self.beta = beta

    def _make_sampler(self) -> BaseSampler:
        from hyperscout.samplers import GPSampler, TPESampler

        n_initial = self.num_initial_points
        if n_initial is None:
            n_initial = 3 * max(1, len(self.hyperparameters.space))
        tpe = TPESampler(seed=self.seed, multivariate=True, group=True)
        return GPSampler(
            seed=self.seed,
            n_startup_trials=n_initial,
            independent_sampler=tpe,
            warn_independent_sampling=False,
            **self._constraints_kwargs(),
        )


class BayesianOptimization(Tuner):
    """Bayesian optimisation with a Gaussian process (``max_trials`` default 10)."""

    def __init__(
        self,
        hypermodel: Any = None,
        objective: Any = None,
        max_trials: int = 10,
        num_initial_points: int | None = None,
        alpha: float = 1e-4,
        beta: float = 2.6,
        seed: int | None = None,
        hyperparameters: HyperParameters | None = None,
        tune_new_entries: bool = True,
        allow_new_entries: bool = True,
        max_retries_per_trial: int = 0,
        max_consecutive_failed_trials: int = 3,
        *,
        sampler: BaseSampler | None = None,
        pruner: BasePruner | str | None = DEFAULT_PRUNER,
        **kwargs: Any,
    ) -> None:
        oracle = BayesianOptimizationOracle(
            num_initial_points=num_initial_points,
            alpha=alpha,
            beta=beta,
            **_oracle_kwargs(
                objective, max_trials, seed, hyperparameters, tune_new_entries,
                allow_new_entries, max_retries_per_trial, max_consecutive_failed_trials,
                sampler, pruner,
            ),
        )
        self._sampler_given = sampler is not None
        super().__init__(oracle=oracle, hypermodel=hypermodel, **kwargs)

    def _ensure_space(self) -> None:
        known = bool(self.oracle.hyperparameters.space)
        super()._ensure_space()
        study = self.oracle.study
        if not known and not self._sampler_given and study is not None:
            study.sampler = self.oracle._make_sampler()  # three points per parameter


def hyperband_schedule(max_epochs: int, factor: int) -> list[list[tuple[int, int]]]:
    """KerasTuner's Hyperband schedule: per bracket (most aggressive first), per round, the
    number of models and the epoch they train up to.

    Its brackets ``s = S-1..0`` (``S`` = the number of times ``max_epochs`` can be divided by
    ``factor`` before falling below 1) start ``ceil(ceil(1 + log_factor(max_epochs)) /
    (s + 1) * factor**s)`` models trained to ``ceil(max_epochs / factor**s)`` epochs, and each
    round keeps the best ``1/factor`` of them and trains them on to ``factor`` times the epochs.
    """
    n_brackets = 0
    epochs = float(max_epochs)
    while epochs >= 1:
        epochs /= factor
        n_brackets += 1
    end0 = math.ceil(1 + math.log(max_epochs, factor))
    schedule = []
    for s in reversed(range(n_brackets)):
        end = end0 / (s + 1)
        schedule.append(
            [
                (math.ceil(end * factor ** (s - r)), math.ceil(max_epochs / factor ** (s - r)))
                for r in range(s + 1)
            ]
        )
    return schedule


def hyperband_budget(max_epochs: int, factor: int) -> tuple[int, int]:
    """(new models, epochs trained) per Hyperband iteration, promoted models trained on from
    their saved weights."""
    models = 0
    total_epochs = 0
    for rounds in hyperband_schedule(max_epochs, factor):
        models += rounds[0][0]
        previous = 0
        for size, epochs in rounds:
            total_epochs += size * (epochs - previous)
            previous = epochs
    return models, total_epochs


HYPERBAND_KEY = "keras:hyperband"  # user attribute: the trial's place in the schedule

_SETTLING = (TrialState.RUNNING, TrialState.WAITING)


class HyperbandOracle(Oracle):
    """Hyperband with KerasTuner's synchronous brackets and epoch schedule.

    A bracket's first round trains new models for a few epochs; each later round takes the
    best ``1/factor`` of the previous round's completed trials and trains them on, as new
    trials with the same values, from the saved weights of their best epoch
    (``initial_epoch`` = the epochs already done), as KerasTuner does. A trial's place in
    the schedule is its ``keras:hyperband`` user attribute (``iteration``, ``bracket``,
    ``round``, ``epochs``, ``initial_epoch``, ``parent``: the number of the trial it
    continues), so the schedule's state is the study's trials: a resumed search and worker
    processes sharing the study pick it up from there. New values come from a
    ``TPESampler`` (random for its first trials) instead of pure random draws. No pruner
    runs by default: the schedule is the early stopping (``pruner=`` adds one).
    """

    _kept_on_retry = (HYPERBAND_KEY,)

    def __init__(
        self,
        *args: Any,
        max_epochs: int = 100,
        factor: int = 3,
        hyperband_iterations: int = 1,
        **kwargs: Any,
    ) -> None:
        for name, value, low in (
            ("max_epochs", max_epochs, 1),
            ("factor", factor, 2),
            ("hyperband_iterations", hyperband_iterations, 1),
        ):
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise InvalidArgumentError(f"{name} must be an int >= {low}, got {name}={value!r}")
        self.max_epochs = max_epochs
        self.factor = factor
        self.hyperband_iterations = hyperband_iterations
        self.schedule = hyperband_schedule(max_epochs, factor)
        super().__init__(*args, **kwargs)
        per_iteration = sum(size for rounds in self.schedule for size, _ in rounds)
        n_trials = hyperband_iterations * per_iteration
        self._id_width = len(str(max(n_trials, self.max_trials or 0)))
        self.wait_seconds = 1.0  # poll interval while other workers finish a round

    def _make_sampler(self) -> BaseSampler:
        from hyperscout.samplers import TPESampler

        return TPESampler(
            seed=self.seed, multivariate=True, group=True, **self._constraints_kwargs()
        )

    def _make_pruner(self) -> BasePruner:
        from hyperscout.pruners import NopPruner

        return NopPruner()

    def create_trial(self, tuner_id: str = "tuner0") -> Trial | None:
        study = self._need_study()
        while True:
            self._recover_dead_trials()
            if study.get_trials(deepcopy=False, states=(TrialState.WAITING,)):
                return self._ask(tuner_id)  # a retry or a promotion queued by another worker
            if self._exhausted or (
                self.max_trials is not None and self._n_counted() >= self.max_trials
            ):
                return None
            step = self._next_step()
            if step == "done":
                return None
            if step == "wait":
                time.sleep(self.wait_seconds)
                continue
            tag, parent = step
            if parent is None:
                return self._ask(tuner_id, {HYPERBAND_KEY: tag})
            study.enqueue_trial(dict(parent.params), user_attrs={HYPERBAND_KEY: tag})
            return self._ask(tuner_id)

    def _next_step(self) -> Any:
        """``"done"``, ``"wait"`` (a round still runs elsewhere) or ``(tag, parent)``: the
        next trial to start, ``parent`` being the trial it continues (``None`` for a new
        model)."""
        members: dict[tuple[int, int, int], list[FrozenTrial]] = {}
        for t in self._need_study().get_trials(deepcopy=False):
            tag = t.user_attrs.get(HYPERBAND_KEY)
            if tag is not None:
                key = (tag["iteration"], tag["bracket"], tag["round"])
                members.setdefault(key, []).append(t)
        blocked = False
        for iteration in range(self.hyperband_iterations):
            for bracket, rounds in enumerate(self.schedule):
                for r, (size, epochs) in enumerate(rounds):
                    current = members.get((iteration, bracket, r), [])
                    started = [t for t in current if RETRY_OF_KEY not in t.user_attrs]
                    if len(started) >= size:
                        continue
                    tag = {
                        "iteration": iteration, "bracket": bracket, "round": r,
                        "epochs": epochs, "initial_epoch": rounds[r - 1][1] if r else 0,
                        "parent": None,
                    }
                    if r == 0:
                        return tag, None
                    previous = members.get((iteration, bracket, r - 1), [])
                    taken = {t.user_attrs[HYPERBAND_KEY]["parent"] for t in current}
                    candidates = [
                        t for t in previous
                        if t.state == TrialState.COMPLETE and t.number not in taken
                    ]
                    settling = any(t.state in _SETTLING for t in previous)
                    n_previous = sum(1 for t in previous if RETRY_OF_KEY not in t.user_attrs)
                    # As KerasTuner: promote the best once more of the previous round have
                    # completed than can still be left out.
                    if candidates and (not settling or len(candidates) > n_previous - size):
                        best = self._best_of(candidates)
                        tag["parent"] = best.number
                        return tag, best
                    if settling:
                        blocked = True
                        break
                    # the previous round is over with fewer trials to promote: go on
        return "wait" if blocked else "done"

    def _best_of(self, trials: list[FrozenTrial]) -> FrozenTrial:
        key = lambda t: t.value  # noqa: E731
        return max(trials, key=key) if self.objective.direction == "max" else min(trials, key=key)


class Hyperband(Tuner):
    """Hyperband (``max_epochs``, ``factor``, ``hyperband_iterations``): many models for a
    few epochs, the promising ones for more (see :class:`HyperbandOracle` for how)."""

    def __init__(
        self,
        hypermodel: Any = None,
        objective: Any = None,
        max_epochs: int = 100,
        factor: int = 3,
        hyperband_iterations: int = 1,
        seed: int | None = None,
        hyperparameters: HyperParameters | None = None,
        tune_new_entries: bool = True,
        allow_new_entries: bool = True,
        max_retries_per_trial: int = 0,
        max_consecutive_failed_trials: int = 3,
        *,
        sampler: BaseSampler | None = None,
        pruner: BasePruner | str | None = DEFAULT_PRUNER,
        max_trials: int | None = None,
        **kwargs: Any,
    ) -> None:
        oracle = HyperbandOracle(
            max_epochs=max_epochs,
            factor=factor,
            hyperband_iterations=hyperband_iterations,
            **_oracle_kwargs(
                objective, max_trials, seed, hyperparameters, tune_new_entries,
                allow_new_entries, max_retries_per_trial, max_consecutive_failed_trials,
                sampler, pruner,
            ),
        )
        super().__init__(oracle=oracle, hypermodel=hypermodel, **kwargs)

    def run_trial(self, trial: Any, *args: Any, **kwargs: Any) -> Any:
        """Train from ``initial_epoch`` to the round's ``epochs`` (the ``epochs`` given to
        ``search`` is replaced by the schedule's)."""
        assert isinstance(self.oracle, HyperbandOracle)
        tag = _schedule_tag(trial)
        kwargs["epochs"] = self.oracle.max_epochs if tag is None else tag["epochs"]
        kwargs["initial_epoch"] = 0 if tag is None else tag["initial_epoch"]
        return super().run_trial(trial, *args, **kwargs)

    def _build_for_trial(self, trial: Trial) -> Any:
        """A promoted trial's model starts from the weights of its parent's best epoch."""
        model = super()._build_for_trial(trial)
        tag = _schedule_tag(trial)
        if tag is not None and tag["parent"] is not None:
            parent = self.oracle._trial_id(int(tag["parent"]))
            # A parent trained by a custom run_trial may have saved nothing: start afresh.
            if os.path.exists(os.path.join(self.project_dir, f"trial_{parent}", "weights.npz")):
                self._load_weights(model, parent)
        return model

    def _update_trial(self, trial: Trial, results: Any) -> None:
        super()._update_trial(trial, results)
        tag = _schedule_tag(trial)
        if tag is not None and trial.best_step is not None:
            trial.best_step += int(tag["initial_epoch"])  # epochs counted from the start


def _schedule_tag(trial: Trial) -> dict[str, Any] | None:
    attrs = getattr(trial.hyperscout_trial, "user_attrs", None) or {}
    tag = attrs.get(HYPERBAND_KEY)
    return tag if isinstance(tag, dict) else None
