"""Studies: create, load and run them."""

from hyperscout.study._direction import StudyDirection
from hyperscout.study._study import (
    Study,
    create_study,
    delete_study,
    get_all_study_names,
    get_all_study_summaries,
    load_study,
)
from hyperscout.study._summary import StudySummary

__all__ = [
    "Study",
    "StudyDirection",
    "StudySummary",
    "create_study",
    "delete_study",
    "get_all_study_names",
    "get_all_study_summaries",
    "load_study",
]
