"""Rules shared by every storage, written once."""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Sequence
from typing import Any

from hyperscout._records import FAIL_REASON_KEY, StudyDirection, best_of, is_better
from hyperscout.exceptions import InvalidArgumentError, InvalidTypeError
from hyperscout.trial import TrialState

__all__ = [
    "FAIL_REASON_KEY",
    "MAX_NAME_LENGTH",
    "best_of",
    "check_json_value",
    "check_name_length",
    "is_better",
    "new_study_name",
]

DEFAULT_STUDY_NAME_PREFIX = "no-name-"

# Allowed state changes. WAITING -> RUNNING is how an enqueued trial is handed to one worker.
_TRANSITIONS = {
    TrialState.WAITING: {
        TrialState.RUNNING,
        TrialState.COMPLETE,
        TrialState.PRUNED,
        TrialState.FAIL,
    },
    TrialState.RUNNING: {TrialState.COMPLETE, TrialState.PRUNED, TrialState.FAIL},
}


def new_study_name() -> str:
    return DEFAULT_STUDY_NAME_PREFIX + str(uuid.uuid4())


def check_state_transition(current: TrialState, new: TrialState) -> bool:
    """``False`` when ``new`` is RUNNING and the trial is not WAITING (someone else took it)."""
    if new == TrialState.RUNNING:
        return current == TrialState.WAITING
    if new == TrialState.WAITING:
        raise InvalidArgumentError(f"a trial cannot go back to WAITING, it is {current.name}")
    return new in _TRANSITIONS.get(current, set())


def check_values_for_directions(
    values: Sequence[float] | None, directions: Sequence[StudyDirection]
) -> None:
    if values is None:
        return
    if len(values) != len(directions):
        raise InvalidArgumentError(
            f"the study has {len(directions)} objective(s), got {len(values)} value(s): "
            f"{list(values)!r}"
        )
    for v in values:
        if math.isnan(float(v)):
            raise InvalidArgumentError(f"objective values must not be NaN, got {list(values)!r}")


MAX_NAME_LENGTH = 512
"""The longest study name, parameter name or attribute key, in characters, on every storage (the
SQL columns hold this many; PostgreSQL would refuse more with a bare driver error)."""


def check_name_length(what: str, name: str) -> None:
    """Refuse a name longer than :data:`MAX_NAME_LENGTH`, echoing its start and its length."""
    if isinstance(name, str) and len(name) > MAX_NAME_LENGTH:
        raise InvalidArgumentError(
            f"a {what} must be at most {MAX_NAME_LENGTH} characters long, got one of "
            f"{len(name)} characters starting {name[:40]!r}"
        )


def check_json_value(key: str, value: Any) -> None:
    """Attributes are stored as JSON: refuse what JSON cannot hold before anything is written."""
    if not isinstance(key, str):
        raise InvalidTypeError(f"attribute keys must be str, got {key!r}")
    check_name_length("attribute key", key)
    try:
        json.dumps(value, allow_nan=True)
    except (TypeError, ValueError) as err:
        raise InvalidTypeError(
            f"attribute {key!r} must be JSON-serialisable (str, number, bool, None, list, dict), "
            f"got {value!r} of type {type(value).__name__}"
        ) from err


