"""The study's plots for the report and the dashboard, each one either a figure or a reason why not.

Each plot is computed with the backend-neutral ``compute_*`` records of
:mod:`hyperscout.visualization` and drawn with their plotly renderers. A plot that has nothing to
show (no COMPLETE trial yet, a single parameter for a contour, no intermediate values...) comes
back as ``figure=None`` with a short note, never as an exception, so a report of an empty or
failing study still renders.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hyperscout.exceptions import InvalidArgumentError, InvalidTypeError
from hyperscout.trial import FrozenTrial, TrialState

if TYPE_CHECKING:
    from hyperscout.importance import BaseImportanceEvaluator
    from hyperscout.study import Study

__all__ = ["FIGURE_KINDS", "FigureResult", "figure_kinds_for", "make_figure", "make_figures"]

# kind -> section title, in the order the report shows them.
FIGURE_KINDS: dict[str, str] = {
    "history": "Optimisation history",
    "pareto": "Pareto front",
    "slice": "Slice plots",
    "param_history": "Parameter values by trial",
    "importances": "Parameter importances",
    "parallel": "Parallel coordinates",
    "contour": "Contour of the two most important parameters",
    "intermediate": "Intermediate values",
    "edf": "Empirical distribution of the objective",
    "timeline": "Timeline",
}


def figure_kinds_for(n_objectives: int) -> list[str]:
    """The plot kinds that apply to a study with ``n_objectives`` objectives, in report order:
    the Pareto front only for two or three objectives (the others show the first objective)."""
    return [k for k in FIGURE_KINDS if k != "pareto" or n_objectives in (2, 3)]


# warnings.catch_warnings is process-wide: the dashboard's threads take turns here.
_LOCK = threading.Lock()


@dataclass(frozen=True)
class FigureResult:
    kind: str
    title: str
    figure: Any | None  # a plotly Figure, or None when there is nothing to show
    note: str  # why there is no figure, or a remark shown under it

    def to_json(self) -> dict[str, Any]:
        """``{"kind", "title", "note", "figure"}`` with the figure as plotly JSON (or null)."""
        import json

        return {
            "kind": self.kind,
            "title": self.title,
            "note": self.note,
            "figure": None if self.figure is None else json.loads(self.figure.to_json()),
        }


def _target(study: Study) -> tuple[Callable[[FrozenTrial], float] | None, str]:
    """Plot the (first) objective; a multi-objective study names which one is shown."""
    if len(study.directions) == 1:
        names = study.metric_names  # e.g. "ROC AUC", set from a search's scoring
        return None, str(names[0]) if names else "Objective Value"
    names = study.metric_names
    label = names[0] if names else "Objective 0"

    def first(t: FrozenTrial) -> float:
        assert t.values is not None
        return float(t.values[0])

    return first, label


def _n_complete(study: Study) -> int:
    return len(study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,)))


_METHOD_NAMES = {
    "FanovaImportanceEvaluator": "fANOVA",
    "PedAnovaImportanceEvaluator": "PED-ANOVA",
    "MeanDecreaseImpurityImportanceEvaluator": "mean decrease in impurity",
}


def default_importance_evaluator() -> BaseImportanceEvaluator:
    """The one importance method the report and the dashboard use unless told otherwise: fANOVA
    with seed 0, the default of :func:`hyperscout.importance.get_param_importances`, so the
    page, the dashboard and a script agree on the numbers."""
    from hyperscout.importance import FanovaImportanceEvaluator

    return FanovaImportanceEvaluator(seed=0)


def importance_method_name(evaluator: BaseImportanceEvaluator) -> str:
    return _METHOD_NAMES.get(type(evaluator).__name__, type(evaluator).__name__)


def _objective_loss(i: int, maximize: bool) -> Callable[[FrozenTrial], float]:
    """Objective ``i`` as a loss (negated when maximised), so that every evaluator, PED-ANOVA's
    lower-is-better included, rates it the right way round."""

    def loss(t: FrozenTrial) -> float:
        assert t.values is not None
        return -float(t.values[i]) if maximize else float(t.values[i])

    return loss


class _Importances:
    """Computes the importance records at most once for the importance plot and the contour:
    one per objective (the contour uses the first)."""

    def __init__(self, study: Study, evaluator: BaseImportanceEvaluator | None) -> None:
        self._study = study
        self._evaluator = default_importance_evaluator() if evaluator is None else evaluator
        self.method = importance_method_name(self._evaluator)
        self._records: list[Any] | None = None

    def records(self) -> list[Any]:
        from hyperscout.study._direction import StudyDirection
        from hyperscout.visualization._param_importances import compute_param_importances

        if self._records is None:
            study = self._study
            if len(study.directions) == 1:
                target, name = _target(study)
                targets = [(target, name)]
            else:
                names = study.metric_names or [
                    f"Objective {i}" for i in range(len(study.directions))
                ]
                targets = [
                    (_objective_loss(i, d == StudyDirection.MAXIMIZE), str(names[i]))
                    for i, d in enumerate(study.directions)
                ]
            self._records = [
                compute_param_importances(study, self._evaluator, target=t, target_name=name)
                for t, name in targets
            ]
        return self._records

    def record(self) -> Any:
        return self.records()[0]


def _build(study: Study, kind: str, importances: _Importances) -> tuple[Any | None, str]:
    from hyperscout.visualization import _contour as contour
    from hyperscout.visualization import _edf as edf
    from hyperscout.visualization import _intermediate_values as inter
    from hyperscout.visualization import _optimization_history as hist
    from hyperscout.visualization import _parallel_coordinate as par
    from hyperscout.visualization import _param_history as ph
    from hyperscout.visualization import _param_importances as imp
    from hyperscout.visualization import _slice as sl
    from hyperscout.visualization import _timeline as tl

    target, name = _target(study)
    n = len(study.directions)
    note = "" if target is None else f"Showing the first objective ({name}) of {n}."
    if kind == "timeline":
        record: Any = tl.compute_timeline(study)
        return (
            (None, "No data: no trial has started yet.")
            if record.is_empty
            else (
                tl.plotly_timeline(record),
                note,
            )
        )
    if kind == "intermediate":
        record = inter.compute_intermediate_values(study)
        if record.is_empty:
            return None, "No data: no trial reported intermediate values."
        return inter.plotly_intermediate_values(record), note
    if _n_complete(study) == 0:
        return None, "No data: no COMPLETE trial yet."
    if kind == "pareto":
        from hyperscout.visualization import _pareto_front as pareto

        if n not in (2, 3):
            return None, f"No Pareto front: the study has {n} objective(s); the plot needs 2 or 3."
        record = pareto.compute_pareto_front(study)
        if record.is_empty:
            return None, "No data."
        return pareto.plotly_pareto_front(record), ""
    if kind == "history":
        record = hist.compute_optimization_history(study, target=target, target_name=name)
        return (
            (None, "No data.")
            if record.is_empty
            else (
                hist.plotly_optimization_history(record),
                note,
            )
        )
    if kind == "slice":
        record = sl.compute_slice(study, target=target, target_name=name)
        return (
            (None, "No data: the trials have no parameters.")
            if record.is_empty
            else (
                sl.plotly_slice(record),
                note,
            )
        )
    if kind == "param_history":
        record = ph.compute_param_history(study, target=target, target_name=name)
        return (
            (None, "No data: the trials have no parameters.")
            if record.is_empty
            else (ph.plotly_param_history(record), note)
        )
    if kind == "edf":
        record = edf.compute_edf(study, target=target, target_name=name)
        return (None, "No data.") if record.is_empty else (edf.plotly_edf(record), note)
    if kind == "parallel":
        record = par.compute_parallel_coordinate(study, target=target, target_name=name)
        return (
            (None, "No data: the trials have no common parameters.")
            if record.is_empty
            else (
                par.plotly_parallel_coordinate(record),
                note,
            )
        )
    if _n_complete(study) < 2:
        return None, "No data: needs at least two COMPLETE trials."
    if kind == "importances":
        records = importances.records()
        if len(records) > 1:
            if all(r.is_empty for r in records):
                return None, "No data: no parameter to rank."
            return imp.plotly_param_importances_panels(records), (
                f"One panel per objective. Method: {importances.method}."
            )
        record = records[0]
        return (
            (None, "No data: no parameter to rank.")
            if record.is_empty
            else (
                imp.plotly_param_importances(record),
                " ".join(filter(None, [note, f"Method: {importances.method}."])),
            )
        )
    if kind == "contour":
        top = list(importances.record().names[:2])
        if len(top) < 2:
            return None, "No data: a contour needs two parameters shared by the trials."
        record = contour.compute_contour(study, top, target=target, target_name=name)
        if record.is_empty:
            return None, "No data."
        return contour.plotly_contour(record), " ".join(
            filter(
                None,
                [
                    note,
                    f"x: {top[0]}, y: {top[1]}: the two most important by {importances.method}.",
                ],
            )
        )
    raise InvalidArgumentError(f"unknown plot kind {kind!r}; known kinds are {list(FIGURE_KINDS)}")


def make_figure(
    study: Study, kind: str, *, evaluator: BaseImportanceEvaluator | None = None
) -> FigureResult:
    """One plot of ``study``; an unknown ``kind`` raises ValueError, anything else is a note.

    ``evaluator`` ranks the parameters for the importance plot and picks the contour's two
    (default: :func:`default_importance_evaluator`, fANOVA; the method is named in the note).
    """
    return _make(study, kind, _Importances(study, evaluator))


def _make(study: Study, kind: str, importances: _Importances) -> FigureResult:
    if kind not in FIGURE_KINDS:
        raise InvalidArgumentError(
            f"unknown plot kind {kind!r}; known kinds are {list(FIGURE_KINDS)}"
        )
    with _LOCK, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            figure, note = _build(study, kind, importances)
        except ImportError:
            raise
        except Exception as err:  # a plot must not take the report down with it
            figure, note = None, f"Could not draw this plot: {type(err).__name__}: {err}"
    if figure is not None:
        # The section heading names the plot, so the figure's own title goes.
        figure.update_layout(
            template="plotly_white",
            title={"text": ""},
            margin={"t": 36, "l": 60, "r": 30, "b": 50},
        )
    return FigureResult(kind, FIGURE_KINDS[kind], figure, note)


def make_figures(
    study: Study,
    kinds: Sequence[str] | None = None,
    *,
    evaluator: BaseImportanceEvaluator | None = None,
) -> list[FigureResult]:
    """Every plot of the report that applies to the study (or those of ``kinds``), in the
    report's order (see :func:`figure_kinds_for`).

    The parameter importances are computed once and shared by the importance plot and the contour.
    """
    if isinstance(kinds, str):
        raise InvalidTypeError(f"kinds must be a list of plot kinds, got kinds={kinds!r}")
    importances = _Importances(study, evaluator)
    if kinds is None:
        kinds = figure_kinds_for(len(study.directions))
    return [_make(study, k, importances) for k in kinds]
