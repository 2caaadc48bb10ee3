"""Studies: create, load and run them."""

from hyperscout.study._copy import MaxTrialsCallback, copy_study
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
    "MaxTrialsCallback",
    "Study",
    "StudyDirection",
    "StudySummary",
    "copy_study",
    "create_study",
    "delete_study",
    "get_all_study_names",
    "get_all_study_summaries",
    "load_study",
]
