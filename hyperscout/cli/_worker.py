"""``hyperscout worker CONFIG.toml``: join an existing study and run the job's objective (the
model's cross-validated score over the job's space) until the job's budget is spent.

Any number of workers, on this machine or others (a PostgreSQL storage), share the budget
``search.n_iter`` exactly: before each trial a worker claims one of the budget's slots in the
storage (a claim key per slot, which the storage grants once), creates the trial as WAITING,
then asks for a trial, which takes a waiting one. When every slot is claimed the worker stops.
So the study ends with exactly ``n_iter`` trials however many workers ran, counting those that
were already in it.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any, TextIO

from hyperscout.cli._common import CLIError, Interrupted, _fmt, _load_study, progress_enabled
from hyperscout.cli._job import Job
from hyperscout.cli._run import add_job_arguments, load_job

__all__ = ["BUDGET_KEY", "register"]

BUDGET_KEY = "hyperscout:budget:"


def register(command: Any) -> None:
    p = command(
        "worker",
        "join an existing study and run a TOML job's objective until its budget is spent",
        _cmd_worker,
        storage=False,
    )
    add_job_arguments(p)
    p.add_argument("--storage", default=None, help="override storage.url (e.g. a PostgreSQL URL)")
    p.add_argument("--study", default=None, help="override storage.study")
    p.add_argument("--seed", type=int, default=None, help="this worker's sampler seed")


def _sampler(method: str, seed: int | None) -> Any:
    from hyperscout.samplers import sampler_from_name

    # "gp" and "bayes" jobs run the default sampler (the GP with its TPE fallback).
    return sampler_from_name(method if method in ("random", "tpe") else "default", seed=seed)


def _distributions(job: Job) -> dict[str, Any]:
    from hyperscout.distributions import (
        CategoricalDistribution,
        FloatDistribution,
        IntDistribution,
    )

    out: dict[str, Any] = {}
    for name, d in job.space.items():
        if d.categories is not None:
            out[name] = CategoricalDistribution(tuple(d.categories))
        elif d.is_int:
            assert isinstance(d.low, int) and isinstance(d.high, int)
            out[name] = IntDistribution(d.low, d.high, log=d.log)
        else:
            assert d.low is not None and d.high is not None
            out[name] = FloatDistribution(float(d.low), float(d.high), log=d.log)
    return out


def _claim(study: Any, budget: int) -> bool:
    """Claim a free slot of the budget by creating a WAITING trial that holds it."""
    from hyperscout.exceptions import DuplicatedClaimError
    from hyperscout.trial import TrialState, create_trial

    storage, sid = study.storage, study.study_id
    taken = storage.get_claimed_keys(sid)
    n_unclaimed_before = storage.get_n_trials(sid) - sum(
        1 for k in taken if k.startswith(BUDGET_KEY)
    )
    for k in range(max(0, budget - n_unclaimed_before)):
        key = f"{BUDGET_KEY}{k}"
        if key in taken:
            continue
        try:
            storage.create_new_trial(sid, create_trial(state=TrialState.WAITING), claim_key=key)
            return True
        except DuplicatedClaimError:
            continue
    return False


def _cmd_worker(args: argparse.Namespace, out: TextIO) -> int:
    import numpy as np
    from sklearn.base import clone
    from sklearn.model_selection import cross_val_score

    from hyperscout.trial import TrialState

    job = load_job(args)
    cfg = job.config
    if cfg.method == "grid":
        raise CLIError(
            f"{cfg.name}: search.method: a worker runs random, bayes, tpe or gp, got 'grid'"
        )
    url = args.storage or cfg.storage_url
    name = args.study or cfg.study
    study = _load_study(url, name, read_only=False, sampler=_sampler(cfg.method, args.seed))
    if study.direction.name != "MAXIMIZE":
        raise CLIError(
            f"study {name!r} minimizes; a job's score is greater-is-better (create it with "
            "--direction maximize)"
        )
    study.set_metric_names([job.metric])
    space = _distributions(job)
    ran = 0
    start = time.perf_counter()
    show = progress_enabled(args.quiet)
    trial = None
    try:
        while _claim(study, cfg.n_iter):
            trial = study.ask(space)
            params = dict(trial.params)
            model = clone(job.estimator).set_params(**params)
            try:
                scores = cross_val_score(
                    model, job.X, job.y, cv=cfg.cv, scoring=cfg.scoring, error_score="raise"
                )
                value = float(np.mean(scores))
            except Exception as exc:  # a failing candidate: stored FAIL, the worker goes on
                study.tell(trial, state=TrialState.FAIL)
                trial_msg = f"trial {trial.number} failed: {type(exc).__name__}: {exc}"
                print(f"hyperscout: {trial_msg}".splitlines()[0], file=sys.stderr)
                continue
            study.tell(trial, value)
            ran += 1
            if show:
                print(f"trial {trial.number}: {job.metric} {value:.4f}", file=sys.stderr)
    except KeyboardInterrupt:
        if trial is not None:
            study.tell(trial, state=TrialState.FAIL, skip_if_finished=True)
        raise Interrupted(
            "interrupted: the running trial is stored as FAIL, finished ones as they were"
        ) from None
    seconds = time.perf_counter() - start
    if not args.quiet:
        finished = study.get_trials(deepcopy=False)
        print(
            f"worker done: ran {ran} trial(s) in {seconds:.1f} s; study {name!r} has "
            f"{len(finished)} trial(s) of a budget of {cfg.n_iter}",
            file=out,
        )
        if study.best_trials:
            print(f"best {job.metric} so far: {_fmt(study.best_value)}", file=out)
    return 0
