"""Pruning callbacks for training loops of other libraries (each imported only when used).

- :class:`LightGBMPruningCallback`: ``lightgbm.train``, ``lightgbm.cv`` and ``LGBMModel.fit``
  (``pip install "hyperscout[lightgbm]"``).
- :class:`XGBoostPruningCallback`: ``xgboost.train``, ``xgboost.cv`` and the scikit-learn API
  (``pip install "hyperscout[xgboost]"``).
- :class:`KerasPruningCallback`: Keras 3 ``Model.fit`` (``pip install "hyperscout[keras]"``).
- :func:`report_partial_fit`: scikit-learn estimators with ``partial_fit`` or ``warm_start``,
  fitted epoch by epoch.

Each reports a validation score per round/epoch with ``trial.report``, raises
:class:`~hyperscout.TrialPruned` when ``trial.should_prune()`` says so, and can also stop
training within the trial after ``patience`` rounds without improvement (plain early stopping:
the trial then completes).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hyperscout.integration._keras import KerasPruningCallback
    from hyperscout.integration._lightgbm import LightGBMPruningCallback
    from hyperscout.integration._sklearn import report_partial_fit
    from hyperscout.integration._xgboost import XGBoostPruningCallback

__all__ = [
    "KerasPruningCallback",
    "LightGBMPruningCallback",
    "XGBoostPruningCallback",
    "report_partial_fit",
]

_WHERE = {
    "KerasPruningCallback": "hyperscout.integration._keras",
    "LightGBMPruningCallback": "hyperscout.integration._lightgbm",
    "XGBoostPruningCallback": "hyperscout.integration._xgboost",
    "report_partial_fit": "hyperscout.integration._sklearn",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'hyperscout.integration' has no attribute {name!r}")
