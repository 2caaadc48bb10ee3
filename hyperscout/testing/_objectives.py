"""Module-level objectives for tests that run trials in other processes.

Spawned processes and Dask workers unpickle an objective by importing its module; test modules
(imported by pytest with ``--import-mode=importlib``) are not importable there, this one is.
"""

from __future__ import annotations

import os
import time

from hyperscout.exceptions import InvalidArgumentError
from hyperscout.trial import Trial


def quadratic_with_pid(trial: Trial) -> float:
    """A float and an int parameter; records the worker's process id as user attr ``pid``."""
    trial.set_user_attr("pid", os.getpid())
    x = trial.suggest_float("x", -10.0, 10.0)
    n = trial.suggest_int("n", 0, 1000)
    time.sleep(0.2)  # long enough for both workers to get trials after their start-up
    return (x - 2.0) ** 2 + n


def fast(trial: Trial) -> float:
    return trial.suggest_float("x", 0.0, 1.0)


def sleepy(trial: Trial) -> float:
    time.sleep(0.05)
    return trial.suggest_float("x", 0.0, 1.0)


def grid_point(trial: Trial) -> float:
    trial.set_user_attr("pid", os.getpid())
    a = trial.suggest_categorical("a", [0, 1, 2])
    b = trial.suggest_categorical("b", [0, 1, 2, 3])
    time.sleep(0.02)
    return float(a * 10 + b)


class ObjectiveError(RuntimeError):
    """Raised by :func:`fails_on_third`; defined here so that workers can unpickle it."""


def fails_on_third(trial: Trial) -> float:
    """Completes, except the trial numbered 2, which raises :class:`ObjectiveError`."""
    x = trial.suggest_float("x", 0.0, 1.0)
    time.sleep(0.02)
    if trial.number == 2:
        raise ObjectiveError(f"trial {trial.number} fails on purpose")
    return x


def fails_below_half(trial: Trial) -> float:
    """Raises ``ValueError`` (to be caught) when ``x < 0.5``."""
    x = trial.suggest_float("x", 0.0, 1.0)
    if x < 0.5:
        raise InvalidArgumentError(f"x={x} < 0.5")
    return x


def sleeps_long(trial: Trial) -> float:
    """Runs for a minute (for tests that interrupt it)."""
    x = trial.suggest_float("x", 0.0, 1.0)
    time.sleep(60.0)
    return x


def records_native_threads(trial: Trial) -> float:
    """Records the worker's BLAS thread counts (user attr ``blas_threads``)."""
    from threadpoolctl import threadpool_info

    trial.set_user_attr(
        "blas_threads",
        sorted({i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"}),
    )
    trial.set_user_attr("pid", os.getpid())
    time.sleep(0.2)
    return trial.suggest_float("x", 0.0, 1.0)


def records_pid_and_sleeps(trial: Trial) -> float:
    """Records the worker's process id (user attr ``pid``), then runs for a second (for tests
    that kill a worker in the middle of a trial)."""
    trial.set_user_attr("pid", os.getpid())
    x = trial.suggest_float("x", 0.0, 1.0)
    time.sleep(1.0)
    return x
