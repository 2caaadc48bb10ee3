"""A KerasTuner-compatible front door: ``import hyperscout.keras as kt``.

KerasTuner's names and arguments (``HyperParameters``, ``HyperModel``, ``Objective``,
``RandomSearch``, ``GridSearch``, ``BayesianOptimization``, ``Hyperband``, ``Tuner``,
``Oracle``) on a hyperscout study: every sampler and pruner works underneath (``sampler=``,
``pruner=``), the search lives in an SQLite study in ``directory/project_name`` and resumes
after a crash, every tuner prunes (the epoch is the step), and each trial's model is freed
when the trial ends so memory stays flat. Keras 3 runs on the PyTorch backend unless
``KERAS_BACKEND`` says otherwise: ``pip install "hyperscout[keras]"``.
"""

from hyperscout.keras._backend import import_keras

import_keras()  # choose the backend and fail early, naming the extra, when Keras is missing

from hyperscout.keras import _errors as errors  # noqa: E402
from hyperscout.keras._hypermodel import HyperModel  # noqa: E402
from hyperscout.keras._hyperparameters import HyperParameters  # noqa: E402
from hyperscout.keras._objective import Objective  # noqa: E402
from hyperscout.keras._oracle import Oracle, Trial, TrialStatus  # noqa: E402
from hyperscout.keras._tuner import Tuner  # noqa: E402
from hyperscout.keras._tuners import (  # noqa: E402
    BayesianOptimization,
    BayesianOptimizationOracle,
    GridSearch,
    GridSearchOracle,
    Hyperband,
    HyperbandOracle,
    RandomSearch,
    RandomSearchOracle,
)

__all__ = [
    "BayesianOptimization",
    "BayesianOptimizationOracle",
    "GridSearch",
    "GridSearchOracle",
    "HyperModel",
    "HyperParameters",
    "Hyperband",
    "HyperbandOracle",
    "Objective",
    "Oracle",
    "RandomSearch",
    "RandomSearchOracle",
    "Trial",
    "TrialStatus",
    "Tuner",
    "errors",
]
