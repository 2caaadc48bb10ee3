"""What a search optimises: a metric name and a direction, inferred as KerasTuner infers it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hyperscout.exceptions import InvalidArgumentError, InvalidTypeError

__all__ = ["DefaultObjective", "MultiObjective", "Objective", "create_objective"]

# Metrics where higher is better, by the names Keras logs (snake case) and class names.
_MAX_NAMES = frozenset(
    {
        "acc",
        "accuracy",
        "binary_accuracy",
        "categorical_accuracy",
        "sparse_categorical_accuracy",
        "top_k_categorical_accuracy",
        "sparse_top_k_categorical_accuracy",
        "true_positives",
        "true_negatives",
        "precision",
        "recall",
        "auc",
        "sensitivity_at_specificity",
        "specificity_at_sensitivity",
        "precision_at_recall",
        "recall_at_precision",
        "f1_score",
        "fbeta_score",
        "r2_score",
        "mean_io_u",
        "io_u",
        "one_hot_io_u",
        "one_hot_mean_io_u",
        "binary_io_u",
        "cosine_similarity",
    }
)
_MIN_NAMES = frozenset({"loss", "crossentropy", "ce"})


def _snake(name: str) -> str:
    out = []
    for i, ch in enumerate(name):
        if ch.isupper() and i > 0 and (not name[i - 1].isupper() or (
            i + 1 < len(name) and name[i + 1].islower()
        )):
            out.append("_")
        out.append(ch.lower())
    return "".join(out)


def infer_direction(metric: str) -> str | None:
    """``"max"``, ``"min"`` or ``None`` (unknown) for a metric name such as ``val_accuracy``.

    The rule is KerasTuner's: strip ``val_`` and ``weighted_``; losses and crossentropies
    are minimised; accuracies, AUC, precision, recall and the like are maximised; any other
    metric or loss Keras knows by that name is minimised (errors, divergences).
    """
    name = metric
    if name.startswith("val_"):
        name = name[len("val_") :]
    if name.startswith("weighted_"):
        name = name[len("weighted_") :]
    if name in _MIN_NAMES:
        return "min"
    snake = _snake(name)
    if snake in _MAX_NAMES or name in _MAX_NAMES:
        return "max"
    from hyperscout.keras._backend import import_keras

    keras = import_keras()
    for getter in (keras.metrics.get, keras.losses.get):
        try:
            getter(name)
        except (ValueError, TypeError):
            continue
        return "min"
    return None


class Objective:
    """The metric a search optimises and whether lower (``"min"``) or higher (``"max"``) is
    better: ``Objective("val_auc", direction="max")``."""

    def __init__(self, name: str, direction: str) -> None:
        if not isinstance(name, str) or not name:
            raise InvalidTypeError(f"Objective name must be a non-empty str, got name={name!r}")
        if direction not in ("min", "max"):
            raise InvalidArgumentError(
                f"Objective direction must be 'min' or 'max', got {direction!r}"
            )
        self.name = name
        self.direction = direction

    def has_value(self, logs: Mapping[str, Any]) -> bool:
        return self.name in logs

    def get_value(self, logs: Mapping[str, Any]) -> float:
        return float(logs[self.name])

    def better_than(self, a: float, b: float) -> bool:
        return (a > b) if self.direction == "max" else (a < b)

    @property
    def study_direction(self) -> str:
        return "maximize" if self.direction == "max" else "minimize"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Objective)
            and self.name == other.name
            and self.direction == other.direction
        )

    def __hash__(self) -> int:
        return hash((self.name, self.direction))

    def __str__(self) -> str:
        return f'Objective(name="{self.name}", direction="{self.direction}")'

    __repr__ = __str__


class DefaultObjective(Objective):
    """No objective given: ``run_trial``/``HyperModel.fit`` returns one float to minimise."""

    def __init__(self) -> None:
        super().__init__("default_objective", "min")


class MultiObjective(Objective):
    """Several metrics folded into one value to minimise, KerasTuner's rule: the sum of those
    to minimise minus the sum of those to maximise."""

    def __init__(self, objectives: Sequence[Objective]) -> None:
        super().__init__("multi_objective", "min")
        self.objectives = list(objectives)
        self.name_to_direction = {o.name: o.direction for o in self.objectives}

    def has_value(self, logs: Mapping[str, Any]) -> bool:
        return all(name in logs for name in self.name_to_direction)

    def get_value(self, logs: Mapping[str, Any]) -> float:
        total = 0.0
        for name, direction in self.name_to_direction.items():
            value = float(logs[name])
            total += value if direction == "min" else -value
        return total

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MultiObjective) and self.name_to_direction == (
            other.name_to_direction
        )

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.name_to_direction.items())))

    def __str__(self) -> str:
        return "Multi" + super().__str__() + f": [{', '.join(map(str, self.objectives))}]"

    __repr__ = __str__


def create_objective(objective: Any) -> Objective:
    """A metric name (direction inferred), an :class:`Objective`, a list of these, or ``None``."""
    if objective is None:
        return DefaultObjective()
    if isinstance(objective, Objective):
        return objective
    if isinstance(objective, list | tuple):
        if not objective:
            raise InvalidArgumentError("objective must not be an empty list, got []")
        parts = [create_objective(o) for o in objective]
        return parts[0] if len(parts) == 1 else MultiObjective(parts)
    if not isinstance(objective, str):
        raise InvalidTypeError(
            "objective must be a metric name, an Objective, a list of these or None, got "
            f"objective={objective!r}"
        )
    direction = infer_direction(objective)
    if direction is None:
        raise InvalidArgumentError(
            f'cannot infer whether to minimise or maximise the metric "{objective}": pass '
            f'Objective("{objective}", direction="min") or direction="max"'
        )
    return Objective(objective, direction)
