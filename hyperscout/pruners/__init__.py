"""Pruners decide from a trial's reported intermediate values whether to stop it early."""

from hyperscout.pruners._base import BasePruner
from hyperscout.pruners._nop import NopPruner

__all__ = ["BasePruner", "NopPruner"]
