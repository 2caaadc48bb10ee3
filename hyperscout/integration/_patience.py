"""Plain early stopping within a trial: stop after ``patience`` steps without improvement."""

from __future__ import annotations

import math
from typing import Any

from hyperscout._checks import check_int, check_real


class Patience:
    """Tracks the best reported value; ``update`` says when to stop.

    A value improves on the best when it is better by more than ``min_delta``; NaN never does.
    ``patience=None`` never stops.
    """

    def __init__(self, patience: int | None, min_delta: float, maximize: bool) -> None:
        self.patience = None if patience is None else check_int("patience", patience, minimum=0)
        delta: float = check_real("min_delta", min_delta, low=0, finite=True)
        self.min_delta = delta
        self.maximize = maximize
        self.best_step: int | None = None
        self.best_value = math.nan
        self.best_info: Any = None

    def update(self, step: int, value: float, info: Any = None) -> bool:
        """Record ``value`` at ``step``; return whether training should stop now."""
        if not math.isnan(value):
            score = value if self.maximize else -value
            best = self.best_value if self.maximize else -self.best_value
            if self.best_step is None or math.isnan(best) or score > best + self.min_delta:
                self.best_step, self.best_value, self.best_info = step, value, info
        if self.best_step is None:
            self.best_step = step
        return self.patience is not None and step - self.best_step >= self.patience
