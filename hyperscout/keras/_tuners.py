"""The four search strategies, each a :class:`Tuner` with its oracle (KerasTuner's arguments).

Each accepts ``sampler=`` and ``pruner=`` (any hyperscout sampler/pruner) in place of its
default; the epoch is the pruner's step in every tuner.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from hyperscout.exceptions import InvalidArgumentError
from hyperscout.keras._hyperparameters import MIRRORED_SUFFIX, HyperParameters
from hyperscout.keras._oracle import Oracle
from hyperscout.keras._tuner import Tuner

if TYPE_CHECKING:
    from hyperscout.pruners import BasePruner
    from hyperscout.samplers import BaseSampler

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
    pruner: BasePruner | None,
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
        pruner: BasePruner | None = None,
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


class GridSearchOracle(Oracle):
    """Every combination of the space's values once (``GridSampler``): integer and stepped
    ranges give all their values, a ``Float`` without ``step`` gives KerasTuner's ten evenly
    spaced quantiles. The grid comes from a first build with default values, so parameters
    that only a non-default branch defines are not on it."""

    def _make_sampler(self) -> BaseSampler:
        from hyperscout.samplers import GridSampler, RandomSampler

        if not self.hyperparameters.space:  # replaced once a first build shows the space
            return RandomSampler(seed=self.seed)
        grid: dict[str, list[Any]] = {}
        for hp in self.hyperparameters.space:
            dist = hp.distribution()
            if dist is None or hp.param_name in grid:
                continue
            values = hp.grid_values()
            if hp.param_name.endswith(MIRRORED_SUFFIX):
                values = [hp.min_value + hp.max_value - v for v in values]  # type: ignore[attr-defined]
            grid[hp.param_name] = values
        return GridSampler(grid, seed=self.seed)


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
        pruner: BasePruner | None = None,
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

    def _ensure_space(self) -> None:
        super()._ensure_space()
        study = self.oracle.study
        if study is not None and not hasattr(self, "_grid_set"):
            study.sampler = self.oracle._make_sampler()  # the grid needs the space: build it now
            self._grid_set = True


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
        pruner: BasePruner | None = None,
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


def hyperband_budget(max_epochs: int, factor: int) -> tuple[int, int]:
    """KerasTuner's Hyperband schedule: (new models per iteration, epochs per iteration).

    Its brackets ``s = S-1..0`` (``S`` = the number of times ``max_epochs`` can be divided by
    ``factor`` before falling below 1) start ``ceil(ceil(1 + log_factor(max_epochs)) /
    (s + 1) * factor**s)`` models at ``ceil(max_epochs / factor**s)`` epochs, and each round
    keeps ``1/factor`` of them for ``factor`` times the epochs.
    """
    n_brackets = 0
    epochs = float(max_epochs)
    while epochs >= 1:
        epochs /= factor
        n_brackets += 1
    end0 = math.ceil(1 + math.log(max_epochs, factor))
    models = 0
    total_epochs = 0
    for s in range(n_brackets):
        end = end0 / (s + 1)
        previous = 0
        for r in range(s + 1):
            size = math.ceil(end * factor ** (s - r))
            ep = math.ceil(max_epochs / factor ** (s - r))
            if r == 0:
                models += size
            total_epochs += size * (ep - previous)
            previous = ep
    return models, total_epochs


class HyperbandOracle(Oracle):
    """Hyperband as one asynchronous pruner over continuing trials.

    KerasTuner runs Hyperband's brackets synchronously: a round of models trains for a few
    epochs, the best ``1/factor`` are rebuilt, reloaded from their saved weights and trained
    on as new trials. Here each model is one trial that trains up to ``max_epochs`` and is
    stopped at Hyperband's rungs by :class:`~hyperscout.pruners.HyperbandPruner`
    (``min_resource=1``, ``max_resource=max_epochs``, ``reduction_factor=factor``; the step
    is the number of epochs done). The same number of models is tried per iteration as in
    KerasTuner, a promoted model keeps training without a reload (and keeps its optimizer
    state, which a reload loses), no worker waits for a round to fill, and a resumed search
    has no bracket state to restore. Values come from a ``TPESampler`` (random for its first
    trials, then guided by the finished and pruned ones) instead of pure random draws.
    """

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
        per_iteration, _ = hyperband_budget(max_epochs, factor)
        if kwargs.get("max_trials") is None:
            kwargs["max_trials"] = per_iteration * hyperband_iterations
        super().__init__(*args, **kwargs)

    def _make_sampler(self) -> BaseSampler:
        from hyperscout.samplers import TPESampler

        return TPESampler(seed=self.seed, multivariate=True, group=True)

    def _make_pruner(self) -> BasePruner:
        from hyperscout.pruners import HyperbandPruner

        return HyperbandPruner(
            min_resource=1, max_resource=self.max_epochs, reduction_factor=self.factor
        )


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
        pruner: BasePruner | None = None,
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
        assert isinstance(self.oracle, HyperbandOracle)
        kwargs["epochs"] = self.oracle.max_epochs  # the pruner decides when to stop earlier
        kwargs.pop("initial_epoch", None)
        return super().run_trial(trial, *args, **kwargs)
