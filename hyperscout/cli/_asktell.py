"""``hyperscout ask`` / ``tell``: a study driven from the shell, one trial at a time.

``ask`` prints the new trial as JSON (``{"number": 3, "params": {...}}``); the shell computes the
objective and ``tell`` stores its value. Names follow Optuna's CLI (``--study-name``,
``--search-space``, ``--trial-number``, ``--values``, ``--state``, ``--skip-if-finished``).

The space is JSON: either the job file's conventions (``{"x": [0, 1], "lr": [1e-4, 0.1,
"log-uniform"], "kind": ["a", "b"]}``) or Optuna's distribution JSON (``{"x": {"name":
"FloatDistribution", "attributes": {"low": 0, "high": 1}}}``). Samplers are not stored with a
study, so each ``ask`` makes a new one; with ``--seed S`` it is seeded ``S + number of trials so
far``, so a seeded shell loop is reproducible and does not repeat itself.
"""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from hyperscout.cli._common import CLIError, _fmt, _load_study, _open_storage
from hyperscout.cli._config import _Collector, _parse_dimension
from hyperscout.cli._optimize import SAMPLERS, _make_sampler

__all__ = ["parse_space", "register"]


def register(command: Any) -> None:
    p = command("ask", "start a trial and print its parameters as JSON", _cmd_ask)
    p.add_argument("--study-name", "--study", dest="study", required=True)
    p.add_argument(
        "--search-space",
        "--space",
        dest="space",
        required=True,
        help='JSON, e.g. \'{"x": [0, 1], "lr": [0.0001, 0.1, "log-uniform"], "k": ["a", "b"]}\'',
    )
    group = p.add_mutually_exclusive_group()
    group.add_argument("--direction", choices=("minimize", "maximize"), default=None)
    group.add_argument("--directions", nargs="+", choices=("minimize", "maximize"), default=None)
    p.add_argument("--sampler", choices=SAMPLERS, default=None, help="default: the library's")
    p.add_argument("--seed", type=int, default=None, help="seed (plus the trials so far)")
    p.add_argument("--json", action="store_true", help="(the default output; kept for scripts)")

    p = command("tell", "finish a trial: its value(s) or a state", _cmd_tell)
    p.add_argument("--study-name", "--study", dest="study", required=True)
    p.add_argument("--trial-number", type=int, required=True)
    p.add_argument("--values", type=float, nargs="+", default=None)
    p.add_argument("--state", choices=("complete", "pruned", "fail"), default=None)
    p.add_argument(
        "--skip-if-finished", action="store_true", help="no error if the trial is already finished"
    )
    p.add_argument("--json", action="store_true", help="print the stored trial as JSON")
    p.add_argument("--quiet", "-q", action="store_true", help="print nothing")


def parse_space(text: str) -> dict[str, Any]:
    """Distributions from the JSON text of ``--search-space``."""
    from hyperscout.distributions import (
        CategoricalDistribution,
        FloatDistribution,
        IntDistribution,
        json_to_distribution,
    )

    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CLIError(f"--search-space is not valid JSON ({exc}), got {text!r}") from None
    if not isinstance(raw, dict) or not raw:
        raise CLIError(f"--search-space must be a non-empty JSON object, got {text!r}")
    out: dict[str, Any] = {}
    errors = _Collector("--search-space")
    for name, value in raw.items():
        if isinstance(value, dict) and "name" in value and "attributes" in value:
            try:
                out[name] = json_to_distribution(json.dumps(value))
            except (ValueError, TypeError, KeyError) as exc:
                raise CLIError(f"--search-space: {name}: {exc}") from None
            continue
        dim = _parse_dimension(name, value, errors)
        if dim is None:
            continue
        if dim.categories is not None:
            out[name] = CategoricalDistribution(tuple(dim.categories))
        elif dim.is_int:
            assert isinstance(dim.low, int) and isinstance(dim.high, int)
            out[name] = IntDistribution(dim.low, dim.high, log=dim.log)
        else:
            assert dim.low is not None and dim.high is not None
            out[name] = FloatDistribution(float(dim.low), float(dim.high), log=dim.log)
    if errors.errors:
        raise CLIError(str(errors.errors[0]).replace("search.space.", ""))
    return out


def _quiet_logs() -> None:
    """Scripts read stdout; the study's INFO lines on stderr would only be noise."""
    from hyperscout import logging as hs_logging

    hs_logging.set_verbosity(max(hs_logging.get_verbosity(), hs_logging.WARNING))


def _cmd_ask(args: argparse.Namespace, out: TextIO) -> int:
    import hyperscout
    from hyperscout.report._tables import jsonable

    _quiet_logs()
    space = parse_space(args.space)
    storage = _open_storage(args.storage, read_only=False)
    directions = args.directions or [args.direction or "minimize"]
    try:
        study_id = storage.get_study_id_from_name(args.study)
        n_before = storage.get_n_trials(study_id)
    except KeyError:
        n_before = 0
    seed = None if args.seed is None else args.seed + n_before
    sampler = _make_sampler(args.sampler, seed)
    study = hyperscout.create_study(
        storage=storage,
        study_name=args.study,
        directions=directions,
        sampler=sampler,
        load_if_exists=True,
    )
    trial = study.ask(space)
    print(json.dumps({"number": trial.number, "params": jsonable(dict(trial.params))}), file=out)
    return 0


def _cmd_tell(args: argparse.Namespace, out: TextIO) -> int:
    from hyperscout.report._tables import jsonable
    from hyperscout.trial import TrialState

    _quiet_logs()
    if args.values is None and args.state in (None, "complete"):
        raise CLIError("give --values (and --state complete), or --state pruned|fail")
    study = _load_study(args.storage, args.study, read_only=False)
    state = None if args.state is None else TrialState[args.state.upper()]
    numbers = {t.number for t in study.get_trials(deepcopy=False)}
    if args.trial_number not in numbers:
        raise CLIError(f"study {study.study_name!r} has no trial number {args.trial_number}")
    values = args.values
    frozen = study.tell(
        args.trial_number,
        None if values is None else (values[0] if len(values) == 1 else values),
        state=state,
        skip_if_finished=args.skip_if_finished,
    )
    if args.quiet:
        return 0
    if args.json:
        record = {
            "number": frozen.number,
            "state": frozen.state.name,
            "values": jsonable(list(frozen.values or [])),
            "params": jsonable(dict(frozen.params)),
        }
        print(json.dumps(record), file=out)
    else:
        shown = ", ".join(_fmt(v) for v in (frozen.values or []))
        print(f"trial {frozen.number}: {frozen.state.name} {shown}".rstrip(), file=out)
    return 0
