"""Pruners decide from a trial's reported intermediate values whether to stop it early."""

from hyperscout.pruners._base import BasePruner
from hyperscout.pruners._hyperband import HyperbandPruner
from hyperscout.pruners._nop import NopPruner
from hyperscout.pruners._patient import PatientPruner
from hyperscout.pruners._percentile import MedianPruner, PercentilePruner
from hyperscout.pruners._successive_halving import SuccessiveHalvingPruner
from hyperscout.pruners._threshold import ThresholdPruner
from hyperscout.pruners._wilcoxon import WilcoxonPruner

__all__ = [
    "BasePruner",
    "HyperbandPruner",
    "MedianPruner",
    "NopPruner",
    "PatientPruner",
    "PercentilePruner",
    "SuccessiveHalvingPruner",
    "ThresholdPruner",
    "WilcoxonPruner",
]
