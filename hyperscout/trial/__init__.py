"""Trials: the live :class:`Trial` (writes through to storage), the :class:`FrozenTrial` record."""

from hyperscout.trial._fixed import FixedTrial
from hyperscout.trial._frozen import FrozenTrial, create_trial
from hyperscout.trial._state import TrialState
from hyperscout.trial._trial import BaseTrial, Trial

__all__ = ["BaseTrial", "FixedTrial", "FrozenTrial", "Trial", "TrialState", "create_trial"]
