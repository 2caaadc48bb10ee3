"""The display name of a scikit-learn scorer (``"roc_auc"`` -> ``"ROC AUC"``), kept below the
front doors so that ``sklearn/`` and ``cli/`` name a study's metric the same way.

Plots and the report read the name from ``study.metric_names``; a scorer not listed here keeps
its own name.
"""

from __future__ import annotations

__all__ = ["SCORER_LABELS", "scorer_label"]

SCORER_LABELS = {
    "roc_auc": "ROC AUC",
    "roc_auc_ovr": "ROC AUC (one-vs-rest)",
    "roc_auc_ovo": "ROC AUC (one-vs-one)",
    "roc_auc_ovr_weighted": "ROC AUC (one-vs-rest, weighted)",
    "roc_auc_ovo_weighted": "ROC AUC (one-vs-one, weighted)",
    "average_precision": "average precision",
    "balanced_accuracy": "balanced accuracy",
    "neg_log_loss": "negative log loss",
    "neg_brier_score": "negative Brier score",
    "f1": "F1",
    "r2": "R²",
    "neg_mean_squared_error": "negative MSE",
    "neg_root_mean_squared_error": "negative RMSE",
    "neg_mean_absolute_error": "negative MAE",
}
"""Scorers whose names read better spelled out; the others are shown as given."""


def scorer_label(scoring: str) -> str:
    """``"roc_auc"`` -> ``"ROC AUC"``; a scorer not in :data:`SCORER_LABELS` stays as given."""
    return SCORER_LABELS.get(scoring, scoring)
