from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from hyperscout.study._direction import StudyDirection
from hyperscout.trial import FrozenTrial


@dataclass(frozen=True)
class StudySummary:
    """What ``get_all_study_summaries`` returns for each study."""

    study_name: str
    direction: StudyDirection | None
    best_trial: FrozenTrial | None
    user_attrs: dict[str, Any]
    system_attrs: dict[str, Any]
    n_trials: int
    datetime_start: datetime.datetime | None
    study_id: int
    directions: list[StudyDirection] = field(default_factory=list)

    # Summaries sort by the order their studies were created in, as Optuna's do.
    def __lt__(self, other: object) -> bool:
        if not isinstance(other, StudySummary):
            return NotImplemented
        return self.study_id < other.study_id

    def __le__(self, other: object) -> bool:
        if not isinstance(other, StudySummary):
            return NotImplemented
        return self.study_id <= other.study_id
