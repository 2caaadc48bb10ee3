"""``hyperscout optimize``: run trials of an objective defined in a Python file."""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from collections.abc import Callable
from typing import Any, TextIO

from hyperscout.cli._common import (
    CLIError,
    Interrupted,
    _fmt,
    _load_study,
    _UserCodeError,
    progress_enabled,
)

# The sampler names the commands offer (a subset of hyperscout.samplers.SAMPLER_NAMES).
SAMPLERS = ("random", "qmc", "tpe", "gp")


def _load_objective(path: str, name: str) -> Callable[..., Any]:
    if not os.path.isfile(path):
        raise CLIError(f"no such objective file: {path!r}")
    module_name = "_hyperscout_objective_" + os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise CLIError(f"cannot import {path!r} as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # so pickling and dataclasses in the file work
    folder = os.path.dirname(os.path.abspath(path))
    sys.path.insert(0, folder)
    try:
        spec.loader.exec_module(module)
    except Exception as err:
        raise _UserCodeError(err) from err
    finally:
        if sys.path and sys.path[0] == folder:
            sys.path.pop(0)
    func = getattr(module, name, None)
    if func is None or not callable(func):
        raise CLIError(f"{path!r} has no function named {name!r}")
    return func


def _make_sampler(kind: str | None, seed: int | None) -> Any:
    """The sampler ``--sampler``/``--seed`` ask for; ``None`` when neither is given (the
    library's default then). Samplers are not stored with a study, so ``--seed`` alone seeds
    the library's default sampler."""
    if kind is None and seed is None:
        return None
    from hyperscout.samplers import sampler_from_name

    return sampler_from_name(kind, seed=seed)


def _cmd_optimize(args: argparse.Namespace, out: TextIO) -> int:
    if args.n_trials is None and args.timeout is None:
        raise CLIError("give --n-trials or --timeout (or both)")
    if args.n_trials is not None and args.n_trials < 1:
        raise CLIError(f"--n-trials must be >= 1, got {args.n_trials}")
    if args.timeout is not None and args.timeout <= 0:
        raise CLIError(f"--timeout must be > 0 seconds, got {args.timeout}")
    func = _load_objective(args.file, args.objective)
    sampler = _make_sampler(args.sampler, args.seed)
    study = _load_study(args.storage, args.study, read_only=False, sampler=sampler)
    try:
        study.optimize(
            func,
            n_trials=args.n_trials,
            timeout=args.timeout,
            n_jobs=args.n_jobs,
            show_progress_bar=progress_enabled(args.quiet),
        )
    except KeyboardInterrupt:
        raise Interrupted(
            "interrupted: finished trials are stored, the running one is stored as FAIL"
        ) from None
    except Exception as err:  # the objective's own error: show its traceback
        raise _UserCodeError(err) from err
    if args.quiet:
        return 0
    if len(study.directions) == 1 and study.best_trials:
        best = study.best_trial
        print(f"best trial {best.number}: value {_fmt(best.value)}", file=out)
        for k, v in best.params.items():
            print(f"  {k} = {_fmt(v)}", file=out)
    else:
        print(f"{len(study.best_trials)} Pareto-optimal trial(s)", file=out)
    return 0
