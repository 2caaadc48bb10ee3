"""scikit-learn: fit an incremental estimator epoch by epoch, reporting a validation score."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hyperscout._checks import check_int
from hyperscout.exceptions import InvalidArgumentError, InvalidTypeError, TrialPruned
from hyperscout.integration._patience import Patience
from hyperscout.study._direction import StudyDirection
from hyperscout.trial._trial import BaseTrial

__all__ = ["report_partial_fit"]


def report_partial_fit(
    trial: BaseTrial,
    estimator: Any,
    X_train: Any,
    y_train: Any,
    X_valid: Any,
    y_valid: Any,
    n_epochs: int,
    *,
    scoring: str | Callable[..., float] | None = None,
    classes: Any = None,
    patience: int | None = None,
    min_delta: float = 0.0,
    fit_params: dict[str, Any] | None = None,
) -> float:
    """Train ``estimator`` for up to ``n_epochs`` epochs, reporting its validation score after each.

    An epoch is one ``partial_fit(X_train, y_train)`` call when the estimator has
    ``partial_fit``; otherwise the estimator must have ``warm_start``, and an epoch is one more
    ``fit`` that continues from the previous one: with ``n_estimators`` (forests, boosting) each
    epoch adds as many estimators as it was created with; without it (e.g. ``LogisticRegression``,
    ``MLPClassifier``) each epoch runs another ``max_iter`` iterations from where it stopped.

    The score is ``scoring`` (a scorer name or ``scorer(estimator, X, y)``; ``None`` is the
    estimator's ``score``), greater is better, so the study must maximise. Epoch ``e`` is
    reported at step ``e`` (0-based). When ``trial.should_prune()`` says so,
    :class:`~hyperscout.TrialPruned` is raised; with ``patience``, training also stops after that
    many epochs without an improvement above ``min_delta`` (plain early stopping).

    Returns the validation score of the estimator as it is left (after the last epoch run).
    ``classes`` is passed to a classifier's ``partial_fit`` (default: the labels in ``y_train``
    and ``y_valid``).
    """
    import numpy as np
    from sklearn.base import is_classifier
    from sklearn.metrics import check_scoring

    check_int("n_epochs", n_epochs, minimum=1)
    stopper = Patience(patience, min_delta, maximize=True)
    study = getattr(trial, "study", None)
    if study is not None and study.directions != [StudyDirection.MAXIMIZE]:
        raise InvalidArgumentError(
            "report_partial_fit reports scikit-learn scores, where greater is better: create the "
            f"study with direction='maximize' (use e.g. scoring='neg_log_loss' for a loss), got "
            f"directions={[d.name.lower() for d in study.directions]}"
        )
    scorer = check_scoring(estimator, scoring=scoring)
    extra = dict(fit_params or {})

    if hasattr(estimator, "partial_fit"):
        if is_classifier(estimator) and classes is None:
            classes = np.unique(np.concatenate([np.asarray(y_train), np.asarray(y_valid)]))

        def epoch(e: int) -> None:
            kwargs = dict(extra)
            if classes is not None and is_classifier(estimator):
                kwargs["classes"] = classes
            estimator.partial_fit(X_train, y_train, **kwargs)

    elif "warm_start" in estimator.get_params():
        params = estimator.get_params()
        grow = params.get("n_estimators")
        estimator.set_params(warm_start=True)

        def epoch(e: int) -> None:
            if grow is not None:
                estimator.set_params(n_estimators=grow * (e + 1))
            _quiet_convergence(lambda: estimator.fit(X_train, y_train, **extra))

    else:
        raise InvalidTypeError(
            "report_partial_fit needs an estimator with partial_fit or a warm_start parameter, "
            f"got {type(estimator).__name__}"
        )

    score = float("nan")
    for e in range(n_epochs):
        epoch(e)
        score = float(scorer(estimator, X_valid, y_valid))
        trial.report(score, e)
        if trial.should_prune():
            raise TrialPruned(f"pruned at epoch {e} (score={score:.6g})")
        if stopper.update(e, score):
            break
    return score


def _quiet_convergence(fit: Callable[[], Any]) -> None:
    """Run ``fit`` without ConvergenceWarnings: a short epoch is expected not to converge."""
    import warnings

    from sklearn.exceptions import ConvergenceWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        fit()
