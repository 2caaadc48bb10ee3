"""One root error for hyperscout, and specific subclasses.

Every error a user can trigger is a :class:`HyperscoutError` and also the built-in type that
Optuna's and scikit-learn's users catch (``InvalidArgumentError`` is a ``ValueError``,
``InvalidTypeError`` a ``TypeError``, ``StudyNotFoundError`` a ``KeyError``, ...), so both
``except hyperscout.exceptions.HyperscoutError`` and ``except ValueError`` work.
"""

from __future__ import annotations


class HyperscoutError(Exception):
    """Base class of every hyperscout error."""


class InvalidSpaceError(HyperscoutError, ValueError):  # see InvalidArgumentError below
    """A search space (distribution, grid, skopt-style tuple) breaks a rule."""


class InvalidArgumentError(HyperscoutError, ValueError):
    """An argument breaks a rule (a range, a name, a combination of options).

    Also a ``ValueError``, which is what Optuna's and scikit-learn's users catch.
    """


class InvalidTypeError(HyperscoutError, TypeError):
    """An argument has a type hyperscout cannot use. Also a ``TypeError``."""


class InvalidArgumentTypeError(InvalidTypeError, InvalidArgumentError):
    """An argument of the wrong kind where a number, a bool or a choice goes (``n_trials="10"``).

    Both a ``TypeError`` and a ``ValueError`` (as scikit-learn's ``InvalidParameterError`` is):
    code that catches either, or :class:`InvalidTypeError` or :class:`InvalidArgumentError`,
    catches it.
    """


class InvalidUsageError(HyperscoutError, RuntimeError):
    """A call at the wrong moment (``Study.stop`` outside ``optimize``, a nested ``optimize``)."""


class MissingDependencyError(HyperscoutError, ImportError):
    """An optional dependency is missing; the message names the extra to install."""


class TrialPruned(HyperscoutError):
    """Raised inside an objective to tell the study that this trial was pruned."""


class DuplicatedStudyError(HyperscoutError):
    """A study with this name already exists and ``load_if_exists`` was not set."""


class ParamNotFoundError(HyperscoutError, KeyError):
    """A trial has no parameter of this name."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class ArtifactNotFoundError(HyperscoutError, FileNotFoundError):
    """A file a trial should have left (saved weights, a model) is not there."""


class StudyNotFoundError(HyperscoutError, KeyError):
    """No study with this name or id in the storage."""

    def __str__(self) -> str:  # KeyError quotes its message; keep it readable.
        return str(self.args[0]) if self.args else ""


class TrialNotFoundError(HyperscoutError, KeyError):
    """No trial with this id or number."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class UpdateFinishedTrialError(HyperscoutError, ValueError, RuntimeError):
    """A finished trial is immutable: it cannot be updated (a ``ValueError``, as Optuna's is)."""


class DuplicatedClaimError(HyperscoutError):
    """Another worker already created a trial with this claim key (e.g. a grid point)."""


class SearchSpaceExhausted(HyperscoutError):
    """The sampler has nothing left to propose (grid done, finite space sampled)."""


class StorageInternalError(HyperscoutError):
    """The storage backend failed in a way that is not the user's fault."""


class ExperimentalWarning(Warning):
    """The feature works, but its interface may still change."""
