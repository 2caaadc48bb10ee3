"""The oracle: KerasTuner's trial bookkeeping, kept in a hyperscout study.

A search is one :class:`~hyperscout.Study` in ``directory/project_name/study.db`` (SQLite): a
KerasTuner trial is a hyperscout trial, its hyperparameters are the trial's parameters, its
score is the trial's value. Nothing else is saved to resume, so the study's plots, report,
dashboard and CLI work on a KerasTuner-style search as on any other study, and several
processes can share one search.
"""

from __future__ import annotations

import json
import os
import socket
from typing import TYPE_CHECKING, Any

from hyperscout.exceptions import (
    InvalidArgumentError,
    InvalidTypeError,
    InvalidUsageError,
    SearchSpaceExhausted,
    TrialNotFoundError,
)
from hyperscout.keras._costs import excess, order_best, trial_costs
from hyperscout.keras._hyperparameters import (
    HyperParameters,
    for_trial,
    space_from_config,
)
from hyperscout.keras._objective import Objective, create_objective
from hyperscout.logging import get_logger
from hyperscout.trial import FrozenTrial, TrialState
from hyperscout.trial._frozen import CONSTRAINTS_KEY

if TYPE_CHECKING:
    from hyperscout.pruners import BasePruner
    from hyperscout.samplers import BaseSampler
    from hyperscout.study import Study

__all__ = ["DEFAULT_PRUNER", "Oracle", "Trial", "TrialStatus", "default_pruner"]

_logger = get_logger("hyperscout.keras")

# Trial attributes this front door writes (system attributes unless said otherwise).
VALUES_KEY = "keras:values"  # the HyperParameters values, including non-scalar Fixed ones
PID_KEY = "keras:pid"
HOST_KEY = "keras:host"
RETRY_OF_KEY = "keras:retry_of"  # user attribute of a retry: the number of the trial retried
RUN_KEY = "keras:run"  # user attribute: 1 for a first run, 2 for the first retry, ...
SPACE_KEY = "keras:space"  # study system attribute: the definitions seen so far
OBJECTIVE_KEY = "keras:objective"  # study system attribute
BUDGETS_KEY = "keras:budgets"  # study system attribute: the tuner's budgets=, if any
METRICS_KEY = "metrics"  # user attribute: the metrics of the best epoch
BEST_STEP_KEY = "best_step"  # user attribute: the best epoch (0-based)


DEFAULT_PRUNER = "default"


def default_pruner() -> BasePruner:
    """The pruner of the random, grid and Bayesian tuners unless ``pruner=`` says otherwise:
    a trial whose best objective so far is worse than the median of the completed trials at
    the same epoch stops, from its second epoch on and once five trials have completed."""
    from hyperscout.pruners import MedianPruner

    return MedianPruner(n_startup_trials=5, n_warmup_steps=2)


class TrialStatus:
    """KerasTuner's trial states (strings), plus ``PRUNED``."""

    RUNNING = "RUNNING"
    IDLE = "IDLE"
    INVALID = "INVALID"
    STOPPED = "STOPPED"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    PRUNED = "PRUNED"


_STATUS = {
    TrialState.RUNNING: TrialStatus.RUNNING,
    TrialState.WAITING: TrialStatus.IDLE,
    TrialState.COMPLETE: TrialStatus.COMPLETED,
    TrialState.PRUNED: TrialStatus.PRUNED,
    TrialState.FAIL: TrialStatus.FAILED,
}


class Trial:
    """KerasTuner's view of one trial: ``trial_id``, ``hyperparameters``, ``score``,
    ``best_step``, ``status``, ``metrics`` (the best epoch's), ``summary()``; and (hyperscout)
    ``costs``: the model's ``n_params`` and ``latency_per_1k`` (NaN where not measured).

    While it runs, ``report(value, step)`` and ``should_prune()`` reach the hyperscout trial
    (``hyperscout_trial``) for hand-written training loops.
    """

    def __init__(
        self,
        trial_id: str,
        hyperparameters: HyperParameters,
        hyperscout_trial: Any,
        status: str = TrialStatus.RUNNING,
        score: float | None = None,
        best_step: int | None = None,
        metrics: dict[str, float] | None = None,
        message: str | None = None,
        costs: dict[str, float] | None = None,
    ) -> None:
        self.trial_id = trial_id
        self.hyperparameters = hyperparameters
        self.hyperscout_trial = hyperscout_trial
        self.status = status
        self.score = score
        self.best_step = best_step
        self.metrics = metrics or {}
        self.message = message
        self.costs = costs or {}

    @property
    def number(self) -> int:
        return int(self.hyperscout_trial.number)

    def report(self, value: float, step: int) -> None:
        self.hyperscout_trial.report(value, step)

    def should_prune(self) -> bool:
        return bool(self.hyperscout_trial.should_prune())

    def display_hyperparameters(self) -> None:
        if self.hyperparameters.values:
            for name, value in self.hyperparameters.values.items():
                print(f"{name}:", value)
        else:
            print("default configuration")

    def summary(self) -> None:
        print(f"Trial {self.trial_id} summary")
        print("Hyperparameters:")
        self.display_hyperparameters()
        if self.score is not None:
            print(f"Score: {self.score}")
        measured = {k: v for k, v in self.costs.items() if v == v}
        if measured:
            print("Costs: " + ", ".join(f"{k}={v:.6g}" for k, v in measured.items()))
        if self.message is not None:
            print(self.message)

    def __repr__(self) -> str:
        return f"Trial(trial_id={self.trial_id!r}, status={self.status!r}, score={self.score!r})"


def _json_safe(values: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for name, value in values.items():
        try:
            json.dumps(value)
        except (TypeError, ValueError):
            value = repr(value)
        out[name] = value
    return out


def _alive_here(frozen: FrozenTrial) -> bool | None:
    """Whether the process that runs ``frozen`` is alive; ``None`` if it runs elsewhere."""
    pid = frozen.system_attrs.get(PID_KEY)
    if pid is None or frozen.system_attrs.get(HOST_KEY) != socket.gethostname():
        return None
    if pid == os.getpid():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Oracle:
    """Decides which trial runs next and keeps the results (KerasTuner's ``Oracle``
    arguments); the strategy is a hyperscout sampler, early stopping a hyperscout pruner.

    - ``objective``: a metric name (direction inferred: ``val_accuracy`` is maximised,
      ``val_loss`` minimised), an :class:`Objective`, a list of these (their sum, as
      in KerasTuner), or ``None`` when ``run_trial`` returns the value to minimise.
    - ``max_trials``: how many trials to run at most (retries do not count).
    - ``hyperparameters``: definitions that take precedence over those in ``build``
      (e.g. ``hp.Fixed`` to pin a parameter).
    - ``allow_new_entries``: whether ``build`` may define parameters not in
      ``hyperparameters``.
    - ``tune_new_entries``: whether those are tuned (otherwise they take their default).
    - ``seed``: seed of the default sampler.
    - ``max_retries_per_trial``: how often to rerun a trial that raised an error.
    - ``max_consecutive_failed_trials``: stop the search (``RuntimeError``) after this many
      failed trials in a row.
    - ``sampler``: any hyperscout sampler (replaces the tuner's default).
    - ``pruner``: any hyperscout pruner (the epoch is the step); ``"default"``, the tuner's
      own: for the random, grid and Bayesian tuners a median rule (:func:`default_pruner`),
      for ``Hyperband`` its schedule alone; ``None`` trains every trial to the end.
    """

    def __init__(
        self,
        objective: Any = None,
        max_trials: int | None = None,
        hyperparameters: HyperParameters | None = None,
        allow_new_entries: bool = True,
        tune_new_entries: bool = True,
        seed: int | None = None,
        max_retries_per_trial: int = 0,
        max_consecutive_failed_trials: int = 3,
        *,
        sampler: BaseSampler | None = None,
        pruner: BasePruner | str | None = DEFAULT_PRUNER,
    ) -> None:
        self.objective: Objective = create_objective(objective)
        if isinstance(pruner, str) and pruner != DEFAULT_PRUNER:
            raise InvalidArgumentError(
                f"pruner must be a hyperscout pruner, {DEFAULT_PRUNER!r} (the tuner's own) or "
                f"None (no pruning), got pruner={pruner!r}"
            )
        self.max_trials = _check_count("max_trials", max_trials, 1, allow_none=True)
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
            raise InvalidArgumentError(f"seed must be an int or None, got seed={seed!r}")
        self.seed = seed
        self.max_retries_per_trial = _check_count("max_retries_per_trial", max_retries_per_trial, 0)
        self.max_consecutive_failed_trials = _check_count(
            "max_consecutive_failed_trials", max_consecutive_failed_trials, 1
        )
        if hyperparameters is not None and not isinstance(hyperparameters, HyperParameters):
            raise InvalidTypeError(
                f"hyperparameters must be a HyperParameters or None, got {hyperparameters!r}"
            )
        if hyperparameters is None and not (tune_new_entries and allow_new_entries):
            raise InvalidArgumentError(
                "tune_new_entries=False or allow_new_entries=False needs the search space in "
                "hyperparameters=, got hyperparameters=None"
            )
        self._overrides = hyperparameters
        self.allow_new_entries = allow_new_entries
        self.tune_new_entries = tune_new_entries
        self.hyperparameters = HyperParameters()
        if hyperparameters is not None:
            self.hyperparameters.merge(hyperparameters.space)
        self._sampler = sampler
        self._pruner = pruner
        # The tuner's budgets= (checked there), set before the study opens.
        self.budgets: dict[str, float] = {}
        self.study: Study | None = None
        self._consecutive_failures = 0
        self._last_failure: str | None = None
        self._id_width = len(str(self.max_trials)) if self.max_trials is not None else 1
        self._exhausted = False

    # User attributes a retry inherits from the trial it reruns.
    _kept_on_retry: tuple[str, ...] = ()

    # --- strategy hooks (overridden by the tuners' oracles) ------------------------------
    def _constraints_kwargs(self) -> dict[str, Any]:
        """``constraints_func`` for a default sampler that models constraints, when the
        tuner has budgets: the excesses :meth:`end_trial` stored on each trial."""
        if not self.budgets:
            return {}
        from hyperscout.samplers._constraints import stored_constraints

        return {"constraints_func": stored_constraints}

    def _make_sampler(self) -> BaseSampler:
        from hyperscout.samplers import RandomSampler

        return RandomSampler(seed=self.seed)

    def _make_pruner(self) -> BasePruner:
        return default_pruner()

    # --- the study ---------------------------------------------------------------------------
    def _open(self, project_dir: str, project_name: str) -> None:
        """Create or resume the study in ``project_dir/study.db``."""
        import hyperscout
        from hyperscout.storages import RDBStorage

        os.makedirs(project_dir, exist_ok=True)
        path = os.path.abspath(os.path.join(project_dir, "study.db"))
        existed = os.path.exists(path)
        storage = RDBStorage(f"sqlite:///{path}")
        if self._sampler is None:
            self._sampler = self._make_sampler()
        if self._pruner is None:
            from hyperscout.pruners import NopPruner

            self._pruner = NopPruner()
        elif isinstance(self._pruner, str):
            self._pruner = self._make_pruner()
        direction = "maximize" if self.objective.direction == "max" else "minimize"
        try:
            self.study = hyperscout.create_study(
                storage=storage,
                sampler=self._sampler,
                pruner=self._pruner,
                study_name=project_name,
                direction=direction,
                load_if_exists=True,
            )
        except ValueError as exc:
            raise InvalidArgumentError(
                f"the search in {project_dir} was made with another objective direction ({exc}); "
                "pass overwrite=True to start afresh, or another project_name"
            ) from None
        stored = self.study.system_attrs.get(OBJECTIVE_KEY)
        if stored is None:
            self.study.set_system_attr(OBJECTIVE_KEY, str(self.objective))
        elif stored != str(self.objective):
            raise InvalidArgumentError(
                f"the search in {project_dir} optimises {stored}, got objective "
                f"{self.objective}: pass overwrite=True to start afresh, or another project_name"
            )
        stored_budgets = self.study.system_attrs.get(BUDGETS_KEY, {})
        if not self._finished() and stored_budgets != self.budgets:
            self.study.set_system_attr(BUDGETS_KEY, dict(self.budgets))
        elif stored_budgets != self.budgets:
            # The stored constraints, which the sampler models, were measured against them.
            raise InvalidArgumentError(
                f"the search in {project_dir} was made with budgets={stored_budgets!r}, got "
                f"budgets={self.budgets!r}: pass overwrite=True to start afresh, or another "
                "project_name"
            )
        self.study.set_metric_names([self.objective.name])
        space = self.study.system_attrs.get(SPACE_KEY)
        if space:
            self.hyperparameters.merge(space_from_config(space), overwrite=False)
        if existed:
            n_done = len(self._finished())
            if n_done:
                print(f"Resuming the search in {path}: {n_done} trials done")

    def _need_study(self) -> Study:
        if self.study is None:
            raise InvalidUsageError("the oracle has no study yet: it is opened by its Tuner")
        return self.study

    def _finished(self) -> list[FrozenTrial]:
        return [t for t in self._need_study().trials if t.state.is_finished()]

    def _n_counted(self) -> int:
        """Trials that use up ``max_trials``: all but retries and those waiting."""
        return sum(
            1
            for t in self._need_study().trials
            if RETRY_OF_KEY not in t.user_attrs and t.state != TrialState.WAITING
        )

    def _recover_dead_trials(self) -> None:
        """A RUNNING trial of a process on this machine that no longer exists (killed) is
        failed and queued again with the same values, as KerasTuner reruns the trials that
        were running when a search stopped."""
        study = self._need_study()
        for frozen in study.get_trials(states=(TrialState.RUNNING,)):
            if _alive_here(frozen) is not False:
                continue
            try:
                study.tell(frozen.number, state=TrialState.FAIL)
            except Exception:  # another process recovered it first
                continue
            _logger.info(f"Trial {frozen.number} was interrupted (its process died); rerunning it")
            self._enqueue_retry(frozen)

    def _enqueue_retry(self, frozen: FrozenTrial) -> None:
        study = self._need_study()
        original = frozen.user_attrs.get(RETRY_OF_KEY, frozen.number)
        run = int(frozen.user_attrs.get(RUN_KEY, 1))
        attrs = {k: frozen.user_attrs[k] for k in self._kept_on_retry if k in frozen.user_attrs}
        attrs.update({RETRY_OF_KEY: original, RUN_KEY: run + 1})
        study.enqueue_trial(dict(frozen.params), user_attrs=attrs)

    def _trial_id(self, number: int) -> str:
        return f"{number:0{self._id_width}d}"

    # --- KerasTuner's oracle API -----------------------------------------------------------
    def create_trial(self, tuner_id: str = "tuner0") -> Trial | None:
        """The next trial to run, or ``None`` when the search is over."""
        study = self._need_study()
        self._recover_dead_trials()
        waiting = study.get_trials(states=(TrialState.WAITING,))
        if self._exhausted or (
            not waiting and self.max_trials is not None and self._n_counted() >= self.max_trials
        ):
            return None
        return self._ask(tuner_id)

    def _ask(self, tuner_id: str, user_attrs: dict[str, Any] | None = None) -> Trial | None:
        """Start the next trial of the study (a queued one first), or ``None`` when the
        sampler has no value left."""
        study = self._need_study()
        try:
            live = study.ask()
        except SearchSpaceExhausted:
            self._exhausted = True
            return None
        live.set_system_attr(PID_KEY, os.getpid())
        live.set_system_attr(HOST_KEY, socket.gethostname())
        live.set_system_attr("keras:tuner_id", tuner_id)
        for key, value in (user_attrs or {}).items():
            live.set_user_attr(key, value)
        hp = for_trial(live, self._overrides, self.tune_new_entries, self.allow_new_entries)
        return Trial(self._trial_id(live.number), hp, live)

    def update_space(self, hyperparameters: HyperParameters) -> None:
        """Add definitions seen in a build to the known space (kept in the study)."""
        before = len(self.hyperparameters.space)
        self.hyperparameters.merge(hyperparameters.space, overwrite=False)
        if len(self.hyperparameters.space) != before and self.study is not None:
            self.study.set_system_attr(SPACE_KEY, self.hyperparameters.get_config()["space"])

    def get_space(self) -> HyperParameters:
        return self.hyperparameters.copy()

    def end_trial(self, trial: Trial) -> None:
        """Record a finished trial: ``COMPLETED`` (with ``score``), ``PRUNED``, ``INVALID``
        (an error: retried up to ``max_retries_per_trial`` times) or ``FAILED``."""
        study = self._need_study()
        live = trial.hyperscout_trial
        self.update_space(trial.hyperparameters)
        live.set_system_attr(VALUES_KEY, _json_safe(trial.hyperparameters.values))
        if self.budgets and trial.status in (TrialStatus.COMPLETED, TrialStatus.PRUNED):
            frozen = study.storage.get_trial(live._trial_id)
            live.set_system_attr(CONSTRAINTS_KEY, excess(frozen, self.budgets))
        if trial.status == TrialStatus.COMPLETED and trial.score is not None and (
            trial.score == trial.score
        ):
            live.set_user_attr(METRICS_KEY, {k: float(v) for k, v in trial.metrics.items()})
            live.set_user_attr(BEST_STEP_KEY, trial.best_step)
            study.tell(live, trial.score)
            self._consecutive_failures = 0
        elif trial.status == TrialStatus.PRUNED:
            study.tell(live, state=TrialState.PRUNED)
            self._consecutive_failures = 0
        else:
            if trial.status == TrialStatus.COMPLETED:  # a NaN score
                trial.status = TrialStatus.INVALID
                trial.message = trial.message or f"the objective value is {trial.score}"
            if trial.message:
                live.set_system_attr("fail_reason", trial.message[-2000:])
            study.tell(live, state=TrialState.FAIL)
            run = int(live.user_attrs.get(RUN_KEY, 1))
            if trial.status == TrialStatus.INVALID and run <= self.max_retries_per_trial:
                print(
                    f"Trial {trial.trial_id} failed {run} times. "
                    f"{self.max_retries_per_trial + 1 - run} retries left."
                )
                self._enqueue_retry(study.storage.get_trial(live._trial_id))
                return
            trial.status = TrialStatus.FAILED
            self._consecutive_failures += 1
            self._last_failure = trial.message
            if self._consecutive_failures >= self.max_consecutive_failed_trials:
                raise InvalidUsageError(
                    "Number of consecutive failures exceeded the limit of "
                    f"{self.max_consecutive_failed_trials}.\n{trial.message or ''}"
                )

    def _from_frozen(self, frozen: FrozenTrial) -> Trial:
        hp = self.hyperparameters.copy()
        values = frozen.system_attrs.get(VALUES_KEY)
        if values is None:
            values = {}
            for p in self.hyperparameters.space:
                if p.param_name in frozen.params:
                    values[p.name] = p.from_param(frozen.params[p.param_name])
        hp.values = dict(values)
        return Trial(
            self._trial_id(frozen.number),
            hp,
            frozen,
            status=_STATUS[frozen.state],
            score=frozen.value,
            best_step=frozen.user_attrs.get(BEST_STEP_KEY),
            metrics=dict(frozen.user_attrs.get(METRICS_KEY, {})),
            message=frozen.system_attrs.get("fail_reason"),
            costs=trial_costs(frozen),
        )

    @property
    def trials(self) -> dict[str, Trial]:
        return {self._trial_id(t.number): self._from_frozen(t) for t in self._need_study().trials}

    def get_trial(self, trial_id: str | int) -> Trial:
        study = self._need_study()
        number = int(trial_id)
        for t in study.trials:
            if t.number == number:
                return self._from_frozen(t)
        raise TrialNotFoundError(f"no trial with trial_id={trial_id!r}")

    def get_best_trials(self, num_trials: int = 1) -> list[Trial]:
        """The best ``num_trials`` trials, best first (completed ones; then, if there are too
        few, the others, as KerasTuner does). With budgets, the completed trials within every
        budget come first (:mod:`hyperscout.keras._costs`)."""
        _check_count("num_trials", num_trials, 1)
        study = self._need_study()
        done = order_best(
            study.get_trials(states=(TrialState.COMPLETE,)),
            self.budgets,
            maximize=self.objective.direction == "max",
        )
        if len(done) < num_trials:
            done += [t for t in study.trials if t.state != TrialState.COMPLETE]
        return [self._from_frozen(t) for t in done[:num_trials]]

    def remaining_trials(self) -> int | None:
        if self.max_trials is None:
            return None
        return max(0, self.max_trials - self._n_counted())


def _check_count(name: str, value: Any, low: int, allow_none: bool = False) -> Any:
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        rule = f"an int >= {low}" + (" or None" if allow_none else "")
        raise InvalidArgumentError(f"{name} must be {rule}, got {name}={value!r}")
    return value

