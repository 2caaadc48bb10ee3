"""scikit-learn front door: ``GridSearchCV``, ``RandomizedSearchCV``, ``BayesSearchCV`` and the
successive-halving searches.

Drop-in replacements for scikit-learn's search estimators and scikit-optimize's
``BayesSearchCV`` that run on a hyperscout study (``study_``), with fold-level pruning
(``pruner=``), persistence (``storage=``, ``study_name=``), a ``timeout`` and ``n_jobs`` workers
that never oversubscribe native threads. Every search is a :class:`SearchStrategy` (an ask/tell
loop over candidates, each with an optional resource :class:`Budget`) run by one evaluation
engine; your own strategy runs through :class:`StrategySearchCV`. ``objectives=`` (with
``budgets=``) trades the score against measured costs of the fitted model (size, latency, fit
time, parameters, trees and leaves) and returns the Pareto set (``pareto_front_``); see
``_objectives.py``.
"""

from hyperscout.sklearn._base import BaseSearchCV
from hyperscout.sklearn._definition import SearchDefinitionMismatch
from hyperscout.sklearn._halving import (
    HalvingGridSearchCV,
    HalvingRandomSearchCV,
    HalvingSearchCV,
    HalvingStrategy,
)
from hyperscout.sklearn._search import (
    BayesSearchCV,
    GridSearchCV,
    RandomizedSearchCV,
    StrategySearchCV,
)
from hyperscout.sklearn._strategy import (
    BayesStrategy,
    Budget,
    Candidate,
    CandidateListStrategy,
    SearchStrategy,
    TellItem,
)

__all__ = [
    "BaseSearchCV",
    "BayesSearchCV",
    "BayesStrategy",
    "Budget",
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
    "StrategySearchCV",
    "TellItem",
]
