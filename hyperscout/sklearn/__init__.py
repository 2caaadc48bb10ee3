"""scikit-learn front door: ``GridSearchCV``, ``RandomizedSearchCV`` and ``BayesSearchCV``.

Drop-in replacements for scikit-learn's search estimators and scikit-optimize's
``BayesSearchCV`` that run on a hyperscout study (``study_``), with fold-level pruning
(``pruner=``), persistence (``storage=``, ``study_name=``), a ``timeout`` and ``n_jobs`` workers
that never oversubscribe native threads. New strategies plug in through
:class:`SearchStrategy` (an ask/tell loop over candidates). ``objectives=`` (with ``budgets=``)
trades the score against measured costs of the fitted model (size, latency, fit time, parameters,
trees and leaves) and returns the Pareto set (``pareto_front_``); see ``_objectives.py``.
"""

from hyperscout.sklearn._base import BaseSearchCV
from hyperscout.sklearn._definition import SearchDefinitionMismatch
from hyperscout.sklearn._halving import (
    HalvingGridSearchCV,
    HalvingRandomSearchCV,
    HalvingSearchCV,
    HalvingStrategy,
)
from hyperscout.sklearn._search import BayesSearchCV, GridSearchCV, RandomizedSearchCV
from hyperscout.sklearn._strategy import (
    BayesStrategy,
    Candidate,
    CandidateListStrategy,
    SearchStrategy,
    TellItem,
)

__all__ = [
    "BaseSearchCV",
    "BayesSearchCV",
    "BayesStrategy",
    "Candidate",
    "CandidateListStrategy",
    "GridSearchCV",
    "HalvingGridSearchCV",
    "HalvingRandomSearchCV",
    "HalvingSearchCV",
    "HalvingStrategy",
    "RandomizedSearchCV",
    "SearchDefinitionMismatch",
    "SearchStrategy",
    "TellItem",
]
