"""``Tuner``: builds, trains and scores one model per trial, KerasTuner's way.

Call order of one trial (the seam for subclasses is :meth:`Tuner.run_trial`)::

    search -> oracle.create_trial -> on_trial_begin -> run_trial
              run_trial (default): per execution, _build_and_fit_model
                  -> _try_build (hypermodel.build, size check, parameter count)
                  -> hypermodel.fit(hp, model, *args, callbacks=[..., epoch hooks])
                     on_epoch_end reports the objective (step = epochs done) and prunes
           -> oracle.end_trial -> on_trial_end -> free the model (clear_session, gc)

Memory stays flat: nothing of a trial's model outlives the trial. Its best-epoch weights
are kept as arrays while it trains and written once to ``trial_<id>/weights.npz``; the
``History`` objects (which hold the model) are turned into numbers and dropped; then the
backend session is cleared and the garbage collected.
"""

from __future__ import annotations

import copy
import gc
import json
import os
import shutil
import time
import traceback
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

import numpy as np

from hyperscout._checks import check_budgets
from hyperscout.exceptions import ArtifactNotFoundError, InvalidArgumentError, TrialPruned
from hyperscout.integration._keras import import_keras
from hyperscout.keras import _errors as errors
from hyperscout.keras._costs import (
    COSTS,
    LATENCY_KEY,
    N_PARAMS_KEY,
    check_costs,
    pareto_front,
)
from hyperscout.keras._hypermodel import HyperModel, get_hypermodel
from hyperscout.keras._hyperparameters import HyperParameters
from hyperscout.keras._objective import DefaultObjective, Objective
from hyperscout.keras._oracle import Oracle, Trial, TrialStatus
from hyperscout.trial import TrialState

__all__ = ["Tuner"]

keras = import_keras()
_Callback: Any = keras.callbacks.Callback

_LATENCY_BATCH = 256


class _EpochHooks(_Callback):
    """Calls the tuner's ``on_epoch_*``/``on_batch_*`` hooks and keeps the best weights."""

    def __init__(self, tuner: Tuner, trial: Trial, best: _BestWeights) -> None:
        super().__init__()
        self._tuner = tuner
        self._trial = trial
        self._best = best

    def on_epoch_begin(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        self._tuner.on_epoch_begin(self._trial, self.model, epoch, logs=logs)

    def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        self._best.update(self.model, logs or {})
        self._tuner.on_epoch_end(self._trial, self.model, epoch, logs=logs)


class _BestWeights:
    """The weights of the best epoch so far (over all executions of a trial), in memory."""

    def __init__(self, objective: Objective) -> None:
        self._objective = objective
        self.value: float | None = None
        self.weights: list[np.ndarray] | None = None
        self.build_config: dict[str, Any] | None = None

    def update(self, model: Any, logs: Mapping[str, Any]) -> None:
        if self._objective.has_value(logs):
            value = self._objective.get_value(logs)
            if self.value is not None and not self._objective.better_than(value, self.value):
                return
            if value != value:  # NaN
                return
            self.value = value
        elif self.weights is not None and self.value is not None:
            return
        self.weights = [np.array(w, copy=True) for w in model.get_weights()]
        try:
            self.build_config = model.get_build_config()
        except Exception:
            self.build_config = None


class Tuner:
    """The base tuner: KerasTuner's ``Tuner`` arguments on a hyperscout study.

    - ``oracle``: the :class:`Oracle` (the tuners make their own).
    - ``hypermodel``: a :class:`HyperModel` or a function ``build_model(hp)``; optional when
      :meth:`run_trial` is overridden and does not use it.
    - ``max_model_size``: models with more parameters than this fail without training.
        optimizer, loss, metrics: Override the ``compile`` arguments of built models.
        directory, project_name: The search lives in ``directory/project_name``: the study
            in ``study.db`` (SQLite), each trial's best weights in ``trial_<id>/``.
        overwrite: ``True`` deletes an existing search there and starts afresh; ``False``
            resumes it: completed trials are kept, trials interrupted by a crash rerun.
        executions_per_trial: Models trained per trial (their metrics are averaged).
        tuner_id: This worker's name (default ``$KERASTUNER_TUNER_ID`` or ``"tuner0"``).
        budgets: (hyperscout) ``{cost: upper bound}`` over ``"n_params"`` and
            ``"latency_per_1k"`` (seconds per 1,000 predicted rows): the best trials are the
            best-scoring ones within every budget, and the Bayesian and Hyperband tuners'
            samplers model the excess as a constraint (:mod:`hyperscout.keras._costs`); with
            :meth:`get_pareto_front`, the same rules as the ``*SearchCV`` estimators' ``budgets``.
    """

    def __init__(
        self,
        oracle: Oracle,
        hypermodel: Any = None,
        max_model_size: int | None = None,
        optimizer: Any = None,
        loss: Any = None,
        metrics: Any = None,
        distribution_strategy: Any = None,
        directory: str | os.PathLike[str] | None = None,
        project_name: str | None = None,
        logger: Any = None,
        tuner_id: str | None = None,
        overwrite: bool = False,
        executions_per_trial: int = 1,
        *,
        budgets: Mapping[str, float] | None = None,
        **kwargs: Any,
    ) -> None:
        if kwargs:
            raise InvalidArgumentError(f"unrecognized arguments {sorted(kwargs)!r} for Tuner")
        if not isinstance(oracle, Oracle):
            raise InvalidArgumentError(f"oracle must be an Oracle, got oracle={oracle!r}")
        if hypermodel is None and type(self).run_trial is Tuner.run_trial:
            raise InvalidArgumentError(
                "hypermodel=None is allowed only when run_trial is overridden and defines the "
                "search space itself; pass a HyperModel or a build_model(hp) function"
            )
        if isinstance(executions_per_trial, bool) or not isinstance(executions_per_trial, int) or (
            executions_per_trial < 1
        ):
            raise InvalidArgumentError(
                f"executions_per_trial must be an int >= 1, got {executions_per_trial!r}"
            )
        if distribution_strategy is not None:
            raise NotImplementedError(
                "distribution_strategy is a TensorFlow feature; on the PyTorch backend run "
                "several worker processes on the same directory/project_name instead"
            )
        oracle.budgets = check_budgets(budgets, COSTS)
        self.oracle = oracle
        self.hypermodel: HyperModel | None = get_hypermodel(hypermodel)
        self.max_model_size = max_model_size
        self.optimizer = optimizer
        self.loss = loss
        self.metrics = metrics
        self.distribution_strategy = distribution_strategy
        self.executions_per_trial = executions_per_trial
        self.logger = logger
        self.directory = os.fspath(directory) if directory is not None else "."
        self.project_name = project_name or "untitled_project"
        self.tuner_id = tuner_id or os.environ.get("KERASTUNER_TUNER_ID", "tuner0")
        if overwrite and os.path.exists(self.project_dir):
            shutil.rmtree(self.project_dir)
        self.oracle._open(self.project_dir, self.project_name)
        self._verbose: Any = 1
        self._search_start: float | None = None
        # True while a later execution of a trial trains: only the first reports its epochs.
        self._muted = False
        self.fit_seconds = 0.0  # time inside hypermodel.fit over this process's searches

    # --- paths -------------------------------------------------------------------------------
    @property
    def project_dir(self) -> str:
        return os.path.join(self.directory, self.project_name)

    def get_trial_dir(self, trial_id: str) -> str:
        path = os.path.join(self.project_dir, f"trial_{trial_id}")
        os.makedirs(path, exist_ok=True)
        return path

    @property
    def remaining_trials(self) -> int | None:
        return self.oracle.remaining_trials()

    # --- the search loop -----------------------------------------------------------------
    def search(self, *fit_args: Any, **fit_kwargs: Any) -> None:
        """Run trials until ``max_trials`` (or the tuner's budget) is reached.

        The arguments go to ``model.fit`` (through ``HyperModel.fit``): ``x``, ``y``,
        ``epochs``, ``validation_data`` or ``validation_split``, ``callbacks``, ...
        """
        self._verbose = fit_kwargs.get("verbose", 1)
        self._ensure_space()
        # Everything alive now (modules, the data) outlives the search: move it out of the
        # collector's sight, so that the collection after each trial scans only that trial's
        # objects (a full collection with PyTorch loaded takes a second or more).
        keras.backend.clear_session(free_memory=True)
        gc.freeze()
        try:
            self.on_search_begin()
            while True:
                self.pre_create_trial()
                trial = self.oracle.create_trial(self.tuner_id)
                if trial is None:
                    break
                self.on_trial_begin(trial)
                try:
                    self._try_run_and_update_trial(trial, *fit_args, **fit_kwargs)
                finally:
                    self._free()
                self.on_trial_end(trial)
            self.on_search_end()
        finally:
            gc.unfreeze()

    def _ensure_space(self) -> None:
        """Learn the space from one build with default values when nothing is known yet
        (for ``search_space_summary`` and the samplers that need its size)."""
        if self.oracle.hyperparameters.space or self.hypermodel is None:
            return
        hp = self.oracle.get_space()
        try:
            self.hypermodel.build(hp)
        except Exception:
            return
        finally:
            self._free()
        self.oracle.update_space(hp)

    def _free(self) -> None:
        """Drop Keras' global state (layer names, caches) and collect the trial's garbage."""
        keras.backend.clear_session(free_memory=True)

    def _try_run_and_update_trial(self, trial: Trial, *fit_args: Any, **fit_kwargs: Any) -> None:
        try:
            results = self.run_trial(trial, *fit_args, **fit_kwargs)
            self._update_trial(trial, results)
            del results
        except TrialPruned as exc:
            trial.status = TrialStatus.PRUNED
            trial.message = str(exc) or None
        except errors.FatalError:
            trial.status = TrialStatus.FAILED
            trial.message = traceback.format_exc()
            self.oracle.end_trial(trial)
            raise
        except Exception as exc:  # a failed trial; retried or counted, not the search's end
            trial.status = (
                TrialStatus.FAILED if isinstance(exc, errors.FailedTrialError)
                else TrialStatus.INVALID
            )
            trial.message = traceback.format_exc()
        else:
            trial.status = TrialStatus.COMPLETED

    def _update_trial(self, trial: Trial, results: Any) -> None:
        objective = self.oracle.objective
        validate_results(results, objective, "Tuner.run_trial()")
        metrics = to_metrics(results, objective)
        trial.metrics = {k: float(v) for k, v in metrics.items()}
        trial.score = objective.get_value(metrics)
        trial.best_step = best_step(results, objective)

    # --- one trial ---------------------------------------------------------------------------
    def run_trial(self, trial: Trial, *args: Any, **kwargs: Any) -> Any:
        """Build and train the model(s) of one trial; return ``History`` objects, a dict of
        metrics, a float, or a list of these (averaged).

        Override it for a hand-written training loop: take values from
        ``trial.hyperparameters``; call ``self.on_epoch_end(trial, model, epoch, logs)`` after
        each epoch to report and be pruned; return the metrics.
        """
        callbacks = list(kwargs.pop("callbacks", None) or [])
        best = _BestWeights(self.oracle.objective)
        histories = []
        for execution in range(self.executions_per_trial):
            copied = copy.copy(kwargs)
            try:
                run_callbacks = copy.deepcopy(callbacks)
            except Exception as exc:
                raise errors.FatalValueError(
                    "every callback given to search() must be deep-copyable (each trial gets "
                    f"fresh copies), got {callbacks!r}"
                ) from exc
            run_callbacks.append(_EpochHooks(self, trial, best))
            copied["callbacks"] = run_callbacks
            self._muted = execution > 0
            try:
                histories.append(self._build_and_fit_model(trial, *args, **copied))
            finally:
                self._muted = False
        self._save_best(trial, best)
        return histories

    def _build_and_fit_model(self, trial: Trial, *args: Any, **kwargs: Any) -> Any:
        hp = trial.hyperparameters
        model = self._build_for_trial(trial)
        live = trial.hyperscout_trial
        if not self._muted and hasattr(live, "set_user_attr"):
            live.set_user_attr(N_PARAMS_KEY, _count_params(model))
        assert self.hypermodel is not None
        start = time.perf_counter()
        try:
            results = self.hypermodel.fit(hp, model, *args, **kwargs)
        finally:
            self.fit_seconds += time.perf_counter() - start
        if not self._muted and hasattr(live, "set_user_attr"):
            latency = _latency(model, args, kwargs)
            if latency is not None:
                live.set_user_attr(LATENCY_KEY, latency)
            elif "latency_per_1k" in self.oracle.budgets:
                raise errors.FatalValueError(
                    "a latency_per_1k budget needs the training inputs as an array (x=...) to "
                    f"time predictions on, got budgets={self.oracle.budgets!r} and x of type "
                    f"{type(kwargs.get('x', args[0] if args else None)).__name__}"
                )
        validate_results(results, self.oracle.objective, "HyperModel.fit()")
        if isinstance(results, keras.callbacks.History):
            results = _Record(results.history)  # drop the History's reference to the model
        return results

    def _build_for_trial(self, trial: Trial) -> Any:
        """The model a trial trains (``Hyperband`` loads a promoted trial's weights here)."""
        return self._try_build(trial.hyperparameters)

    def _try_build(self, hp: HyperParameters) -> Any:
        if self.hypermodel is None:
            raise errors.FatalValueError("this tuner has no hypermodel to build")
        model = self.hypermodel.build(hp)
        if not isinstance(model, keras.Model):
            raise errors.FatalTypeError(
                "build(hp) must return a Keras Model, got "
                f"{model!r} of type {type(model).__name__}"
            )
        size = _count_params(model)
        if self.max_model_size is not None and size > self.max_model_size:
            raise errors.FailedTrialError(
                f"Oversized model: {size} parameters > max_model_size={self.max_model_size}"
            )
        self._override_compile_args(model)
        return model

    def _override_compile_args(self, model: Any) -> None:
        if self.optimizer is None and self.loss is None and self.metrics is None:
            return
        kwargs: dict[str, Any] = {
            "optimizer": self.optimizer if self.optimizer is not None else model.optimizer,
            "loss": self.loss if self.loss is not None else getattr(model, "loss", None),
        }
        if self.metrics is not None:
            kwargs["metrics"] = self.metrics
        model.compile(**kwargs)

    def _save_best(self, trial: Trial, best: _BestWeights) -> None:
        if best.weights is None:
            return
        path = self.get_trial_dir(trial.trial_id)
        np.savez(os.path.join(path, "weights.npz"), *best.weights)
        if best.build_config is not None:
            with open(os.path.join(path, "build_config.json"), "w") as f:
                json.dump(best.build_config, f)

    # --- hooks -------------------------------------------------------------------------------
    def on_epoch_end(
        self, trial: Trial, model: Any, epoch: int, logs: dict[str, Any] | None = None
    ) -> None:
        """Report the objective after each epoch (step = epochs done, ``epoch + 1``) and
        raise :class:`~hyperscout.TrialPruned` when the study's pruner says so."""
        objective = self.oracle.objective
        if self._muted or not logs or not objective.has_value(logs):
            return
        value = objective.get_value(logs)
        if value != value:
            raise TrialPruned(f"{objective.name} is NaN at epoch {epoch}")
        trial.report(value, epoch + 1)
        if trial.should_prune():
            raise TrialPruned(f"pruned after epoch {epoch + 1} ({objective.name}={value:.6g})")

    def on_epoch_begin(
        self, trial: Trial, model: Any, epoch: int, logs: dict[str, Any] | None = None
    ) -> None:
        pass

    def on_batch_begin(self, trial: Trial, model: Any, batch: int, logs: Any = None) -> None:
        pass

    def on_batch_end(self, trial: Trial, model: Any, batch: int, logs: Any = None) -> None:
        pass

    def pre_create_trial(self) -> None:
        pass

    def on_search_begin(self) -> None:
        self._search_start = time.perf_counter()

    def on_search_end(self) -> None:
        pass

    def on_trial_begin(self, trial: Trial) -> None:
        self._trial_start = time.perf_counter()
        if not self._verbose:
            return
        print()
        print(f"Search: Running Trial #{trial.number + 1}")
        print()

    def on_trial_end(self, trial: Trial) -> None:
        self.oracle.end_trial(trial)
        if not self._verbose:
            return
        took = time.perf_counter() - self._trial_start
        print(f"Trial {trial.number + 1} {trial.status.capitalize()} [{_duration(took)}]")
        if trial.score is not None:
            print(f"{self.oracle.objective.name}: {trial.score}")
        print()
        best = self.oracle.get_best_trials(1)
        score = best[0].score if best and best[0].status == TrialStatus.COMPLETED else None
        print(f"Best {self.oracle.objective.name} So Far: {score}")
        if self._search_start is not None:
            print(f"Total elapsed time: {_duration(time.perf_counter() - self._search_start)}")

    # --- results -----------------------------------------------------------------------------
    def get_best_hyperparameters(self, num_trials: int = 1) -> list[HyperParameters]:
        """The values of the best trials, best first; ``tuner.hypermodel.build(hps[0])``."""
        return [t.hyperparameters for t in self.oracle.get_best_trials(num_trials)]

    def get_best_models(self, num_models: int = 1) -> list[Any]:
        """The best models, with the weights of their best epoch, best first."""
        return [self.load_model(t) for t in self.oracle.get_best_trials(num_models)]

    def get_pareto_front(self, costs: str | Sequence[str] = COSTS) -> list[Trial]:
        """(hyperscout) The completed trials on the front of the score against ``costs``
        (``"n_params"``, ``"latency_per_1k"``, or both, the default): no other trial scores at
        least as well at no more cost in every one, and better somewhere. Best score first;
        among the trials within every budget when some are. ``trial.costs`` has the numbers;
        ``plot_pareto_front(tuner.study, targets=...)`` draws them."""
        names = check_costs(costs)
        done = self.study.get_trials(states=(TrialState.COMPLETE,))
        maximize = self.oracle.objective.direction == "max"
        front = pareto_front(done, names, self.oracle.budgets, maximize)
        return [self.oracle._from_frozen(t) for t in front]

    def load_model(self, trial: Trial) -> Any:
        path = os.path.join(self.project_dir, f"trial_{trial.trial_id}")
        weights_file = os.path.join(path, "weights.npz")
        if not os.path.exists(weights_file):
            raise ArtifactNotFoundError(
                f"trial {trial.trial_id} ({trial.status}) has no saved weights at {weights_file}"
            )
        assert self.hypermodel is not None
        model = self.hypermodel.build(trial.hyperparameters)
        self._override_compile_args(model)
        self._load_weights(model, trial.trial_id)
        return model

    def _load_weights(self, model: Any, trial_id: str) -> None:
        """Set ``model``'s weights to those saved by trial ``trial_id``."""
        path = os.path.join(self.project_dir, f"trial_{trial_id}")
        config_file = os.path.join(path, "build_config.json")
        if not model.built and os.path.exists(config_file):
            with open(config_file) as f:
                model.build_from_config(json.load(f))
        with np.load(os.path.join(path, "weights.npz")) as data:
            model.set_weights([data[f"arr_{i}"] for i in range(len(data.files))])

    def search_space_summary(self, extended: bool = False) -> None:
        """Print the parameters the search knows (from a first build if none ran yet)."""
        self._ensure_space()
        space = self.oracle.hyperparameters.space
        print("Search space summary")
        print(f"Default search space size: {len(space)}")
        for p in space:
            config = p.get_config()
            name = config.pop("name")
            print(f"{name} ({type(p).__name__})")
            print(config)

    def results_summary(self, num_trials: int = 10) -> None:
        """Print the best ``num_trials`` trials (KerasTuner's layout)."""
        print("Results summary")
        print(f"Results in {self.project_dir}")
        print(f"Showing {num_trials} best trials")
        print(f"{self.oracle.objective}")
        for trial in self.oracle.get_best_trials(num_trials):
            print()
            trial.summary()

    @property
    def study(self) -> Any:
        """The hyperscout study behind the search (plots, report, dashboard, dataframe)."""
        return self.oracle.study


class _Record:
    """A ``History``'s numbers without its model."""

    def __init__(self, history: Mapping[str, Sequence[float]]) -> None:
        self.history = {k: [float(v) for v in values] for k, values in history.items()}


def _epochs(history: Mapping[str, Sequence[float]]) -> list[dict[str, float]]:
    n = max((len(v) for v in history.values()), default=0)
    return [{k: float(v[i]) for k, v in history.items() if i < len(v)} for i in range(n)]


def _best_epoch(record: _Record, objective: Objective) -> tuple[dict[str, float], int]:
    epochs = _epochs(record.history)
    if not epochs:
        raise errors.FatalValueError("the training History has no epoch")
    best = 0
    for i, logs in enumerate(epochs):
        if objective.has_value(logs) and objective.better_than(
            objective.get_value(logs), objective.get_value(epochs[best])
        ):
            best = i
    logs = dict(epochs[best])
    if objective.has_value(logs):
        logs.setdefault(objective.name, objective.get_value(logs))
    return logs, best


def _is_history(results: Any) -> bool:
    return isinstance(results, _Record | keras.callbacks.History)


def to_metrics(results: Any, objective: Objective) -> dict[str, float]:
    """KerasTuner's rule: a History gives its best epoch's metrics; a list is averaged."""
    if isinstance(results, list):
        dicts = [to_metrics(r, objective) for r in results]
        names = {k for d in dicts for k in d}
        return {k: float(np.mean([d[k] for d in dicts if k in d])) for k in names}
    if isinstance(results, int | float | np.floating | np.integer) and not isinstance(
        results, bool
    ):
        return {objective.name: float(results)}
    if isinstance(results, Mapping):
        return {k: float(v) for k, v in results.items()}
    if _is_history(results):
        return _best_epoch(results, objective)[0]
    raise errors.FatalTypeError(f"cannot read metrics from {results!r}")


def best_step(results: Any, objective: Objective) -> int:
    if isinstance(results, list):
        steps = [best_step(r, objective) for r in results]
        return int(np.mean(steps)) if steps else 0
    if _is_history(results):
        return _best_epoch(results, objective)[1]
    return 0


def validate_results(results: Any, objective: Objective, where: str) -> None:
    if isinstance(results, list):
        for r in results:
            validate_results(r, objective, where)
        return
    if isinstance(results, int | float | np.floating | np.integer) and not isinstance(
        results, bool
    ):
        return
    if results is None:
        raise errors.FatalTypeError(
            f"{where} returned None: return the History, a dict of metrics or a float"
        )
    if isinstance(objective, DefaultObjective) and not (
        isinstance(results, Mapping) and objective.name in results
    ):
        raise errors.FatalTypeError(
            f"{where} must return a single float when no objective is given, got "
            f"{type(results).__name__}: pass objective= to the tuner"
        )
    if isinstance(results, Mapping):
        if not objective.has_value(results):
            raise errors.FatalValueError(
                f"the dict returned by {where} must contain the objective {objective.name!r}, "
                f"got keys {sorted(results)!r}"
            )
        return
    if _is_history(results):
        history = results.history
        if not objective.has_value({k: 0 for k in history}):
            raise errors.FatalValueError(
                f"the training logged no {objective.name!r} (it logged {sorted(history)!r}): "
                "compile the model with that metric and pass validation_data= or "
                "validation_split= for val_ metrics"
            )
        return
    raise errors.FatalTypeError(
        f"{where} must return a History, a dict, a float or a list of these, got "
        f"{type(results).__name__}"
    )


def _count_params(model: Any) -> int:
    try:
        return int(model.count_params())
    except ValueError:  # an unbuilt subclassed model
        return 0


def _latency(model: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> float | None:
    """Seconds per sample of one prediction on up to 256 training inputs (after a warm-up)."""
    x = kwargs.get("x", args[0] if args else None)
    if not hasattr(x, "shape") or not hasattr(x, "__getitem__") or len(x) == 0:
        return None
    batch = x[:_LATENCY_BATCH]
    try:
        model.predict_on_batch(batch)
        start = time.perf_counter()
        model.predict_on_batch(batch)
        return (time.perf_counter() - start) / len(batch)
    except Exception:
        return None


def _duration(seconds: float) -> str:
    s = int(round(seconds))
    return str(timedelta(seconds=s)).rjust(8, "0").replace(":", "h ", 1).replace(":", "m ") + "s"
