"""Parameter importances, drawn with matplotlib."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from hyperscout.visualization import _utils
from hyperscout.visualization._param_importances import (
    TITLE,
    ParamImportancesRecord,
    compute_param_importances,
)
from hyperscout.visualization._utils import TargetType
from hyperscout.visualization.matplotlib._utils import new_axes

if TYPE_CHECKING:
    from hyperscout.importance import BaseImportanceEvaluator
    from hyperscout.study import Study

__all__ = ["mpl_param_importances", "plot_param_importances"]


def mpl_param_importances(record: ParamImportancesRecord) -> Any:
    ax = new_axes(TITLE)
    if record.is_empty:
        return ax
    names = list(record.names)[::-1]
    vals = record.importances[::-1]
    bars = ax.barh(np.arange(len(names)), vals, color=_utils.COLORS[0])
    ax.set_yticks(np.arange(len(names)), names)
    ax.bar_label(bars, labels=[f"{v:.2f}" if v >= 0.01 else "<0.01" for v in vals], padding=3)
    ax.set_xlim(0, max(1.0, float(vals.max()) * 1.15))
    ax.set_xlabel(f"Importance for {record.target_name}")
    ax.set_ylabel("Hyperparameter")
    ax.grid(True, axis="x", alpha=0.3)
    ax.grid(False, axis="y")
    return ax


def plot_param_importances(
    study: Study,
    evaluator: BaseImportanceEvaluator | None = None,
    params: list[str] | None = None,
    *,
    target: TargetType | None = None,
    target_name: str = "Objective Value",
) -> Any:
    """Matplotlib twin of :func:`hyperscout.visualization.plot_param_importances`."""
    _utils.import_pyplot()
    return mpl_param_importances(
        compute_param_importances(study, evaluator, params, target=target, target_name=target_name)
    )
