"""hyperscout: hyperparameter tuning with grid, random and Bayesian search.

The define-by-run API follows Optuna's names, so ``import hyperscout as optuna`` runs an Optuna
objective unchanged.
"""

from hyperscout import (
    distributions,
    exceptions,
    importance,
    integration,
    logging,
    pruners,
    samplers,
    storages,
    trial,
    visualization,
)
from hyperscout._hypervolume import hypervolume
from hyperscout._version import __version__
from hyperscout.exceptions import TrialPruned
from hyperscout.study import (
    Study,
    StudyDirection,
    StudySummary,
    copy_study,
    create_study,
    delete_study,
    get_all_study_names,
    get_all_study_summaries,
    load_study,
)
from hyperscout.trial import FixedTrial, FrozenTrial, Trial, TrialState, create_trial

__all__ = [
    "FixedTrial",
    "FrozenTrial",
    "Study",
    "StudyDirection",
    "StudySummary",
    "Trial",
    "TrialPruned",
    "TrialState",
    "__version__",
    "copy_study",
    "create_study",
    "create_trial",
    "delete_study",
    "distributions",
    "exceptions",
    "get_all_study_names",
    "get_all_study_summaries",
    "hypervolume",
    "importance",
    "integration",
    "load_study",
    "logging",
    "pruners",
    "samplers",
    "storages",
    "trial",
    "visualization",
]
