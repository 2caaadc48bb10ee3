"""``hyperscout`` on the command line: studies, trials, optimize, report and dashboard.

Every command takes ``--storage URL`` (``sqlite:///tuning.db`` or a PostgreSQL URL). Commands that
only read open the storage read-only. A user error (missing study, bad URL, bad objective file)
prints ``hyperscout: error: ...`` on stderr and exits with status 2, without a traceback.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import io
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from hyperscout._url import redact_url

__all__ = ["main"]

_SAMPLERS = ("random", "qmc", "tpe", "gp")


class CLIError(Exception):
    """A user error: printed as ``hyperscout: error: <message>``, exit status 2."""


class _UserCodeError(Exception):
    """An exception from the user's objective file: re-raised as is, with its traceback."""

    def __init__(self, original: BaseException) -> None:
        super().__init__(str(original))
        self.original = original


# --- helpers ---------------------------------------------------------------------------------


def _open_storage(url: str, *, read_only: bool) -> Any:
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    from hyperscout.storages import RDBStorage

    if "://" not in url:
        raise CLIError(
            f"--storage must be a database URL such as sqlite:///tuning.db, got {redact_url(url)!r}"
        )
    try:
        return RDBStorage(url, read_only=read_only)
    except (ArgumentError, NoSuchModuleError) as err:
        raise CLIError(f"cannot open storage {redact_url(url)!r}: {err}") from None


def _load_study(url: str, name: str | None, *, read_only: bool = True, **kwargs: Any) -> Any:
    import hyperscout

    storage = _open_storage(url, read_only=read_only)
    if name is None:
        names = sorted(s.study_name for s in storage.get_all_studies())
        if len(names) != 1:
            raise CLIError(
                f"--study is needed: the storage holds {len(names)} studies"
                + (f" ({', '.join(names)})" if names else "")
            )
        name = names[0]
    try:
        return hyperscout.load_study(study_name=name, storage=storage, **kwargs)
    except KeyError:
        known = sorted(s.study_name for s in storage.get_all_studies())
        raise CLIError(
            f"no study named {name!r} in {redact_url(url)}; studies there: "
            f"{', '.join(known) or 'none'}"
        ) from None


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def _print_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], out: TextIO) -> None:
    cells = [[_fmt(v) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row)]
    numeric = [
        all(isinstance(r[i], int | float) or r[i] is None for r in rows) and bool(rows)
        for i in range(len(headers))
    ]

    def line(items: Sequence[str]) -> str:
        return "  ".join(
            (c.rjust(w) if num else c.ljust(w)) for c, w, num in zip(items, widths, numeric)
        ).rstrip()

    print(line(headers), file=out)
    print("  ".join("-" * w for w in widths), file=out)
    for row in cells:
        print(line(row), file=out)


# --- commands --------------------------------------------------------------------------------


def _cmd_studies(args: argparse.Namespace, out: TextIO) -> int:
    from hyperscout.report._tables import study_list

    studies = study_list(_open_storage(args.storage, read_only=True))
    if args.format == "json":
        print(json.dumps(studies, indent=2), file=out)
        return 0
    rows = [
        [
            s["name"],
            ",".join(s["directions"]),
            s["n_trials"],
            s["by_state"]["COMPLETE"],
            None if s["best"] is None else s["best"]["value"],
        ]
        for s in studies
    ]
    _print_table(["name", "direction", "trials", "complete", "best value"], rows, out)
    return 0


def _cmd_create_study(args: argparse.Namespace, out: TextIO) -> int:
    import hyperscout
    from hyperscout.exceptions import DuplicatedStudyError

    storage = _open_storage(args.storage, read_only=False)
    try:
        study = hyperscout.create_study(
            storage=storage,
            study_name=args.study_name,
            direction=args.direction,
            directions=args.directions,
            load_if_exists=args.skip_if_exists,
        )
    except DuplicatedStudyError:
        raise CLIError(
            f"a study named {args.study_name!r} already exists in {redact_url(args.storage)} "
            "(add --skip-if-exists to reuse it)"
        ) from None
    print(study.study_name, file=out)
    return 0


def _cmd_delete_study(args: argparse.Namespace, out: TextIO) -> int:
    import hyperscout

    storage = _open_storage(args.storage, read_only=False)
    try:
        hyperscout.delete_study(study_name=args.study, storage=storage)
    except KeyError:
        raise CLIError(f"no study named {args.study!r} in {redact_url(args.storage)}") from None
    print(f"deleted study {args.study}", file=out)
    return 0


def _cmd_trials(args: argparse.Namespace, out: TextIO) -> int:
    from hyperscout.report._tables import trials_table

    study = _load_study(args.storage, args.study)
    table = trials_table(study.get_trials(deepcopy=False), len(study.directions))
    keys = [c["key"] for c in table["columns"]]
    if args.format == "json":
        print(json.dumps([dict(zip(keys, row)) for row in table["rows"]], indent=2), file=out)
    elif args.format == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(keys)
        writer.writerows([["" if v is None else v for v in row] for row in table["rows"]])
        out.write(buf.getvalue())
    else:
        _print_table([c["label"] for c in table["columns"]], table["rows"], out)
    return 0


def _cmd_best_trial(args: argparse.Namespace, out: TextIO) -> int:
    from hyperscout.report._tables import jsonable

    study = _load_study(args.storage, args.study)
    best = study.best_trials
    if not best:
        raise CLIError(f"study {study.study_name!r} has no COMPLETE trial yet")
    records = [
        {
            "number": t.number,
            "values": jsonable(list(t.values or ())),
            "params": jsonable(dict(t.params)),
            "user_attrs": jsonable(dict(t.user_attrs)),
            "duration_seconds": None if t.duration is None else t.duration.total_seconds(),
        }
        for t in best
    ]
    if args.format == "json":
        print(json.dumps(records[0] if len(records) == 1 else records, indent=2), file=out)
        return 0
    for r in records:
        values = ", ".join(_fmt(v) for v in r["values"])
        print(f"trial {r['number']}: value {values}", file=out)
        for k, v in r["params"].items():
            print(f"  {k} = {_fmt(v)}", file=out)
    return 0


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


def _make_sampler(kind: str, seed: int | None) -> Any:
    if kind == "random":
        from hyperscout.samplers import RandomSampler

        return RandomSampler(seed=seed)
    if kind == "qmc":
        from hyperscout.samplers import QMCSampler

        return QMCSampler(seed=seed)
    if kind == "tpe":
        from hyperscout.samplers.tpe import TPESampler

        return TPESampler(seed=seed)
    from hyperscout.samplers.gp import GPSampler

    return GPSampler(seed=seed)


def _cmd_optimize(args: argparse.Namespace, out: TextIO) -> int:
    if args.n_trials is None and args.timeout is None:
        raise CLIError("give --n-trials or --timeout (or both)")
    if args.n_trials is not None and args.n_trials < 1:
        raise CLIError(f"--n-trials must be >= 1, got {args.n_trials}")
    if args.timeout is not None and args.timeout <= 0:
        raise CLIError(f"--timeout must be > 0 seconds, got {args.timeout}")
    func = _load_objective(args.file, args.objective)
    sampler = None if args.sampler is None else _make_sampler(args.sampler, args.seed)
    study = _load_study(args.storage, args.study, read_only=False, sampler=sampler)
    try:
        study.optimize(func, n_trials=args.n_trials, timeout=args.timeout, n_jobs=args.n_jobs)
    except Exception as err:  # the objective's own error: show its traceback
        raise _UserCodeError(err) from err
    if len(study.directions) == 1 and study.best_trials:
        best = study.best_trial
        print(f"best trial {best.number}: value {_fmt(best.value)}", file=out)
        for k, v in best.params.items():
            print(f"  {k} = {_fmt(v)}", file=out)
    else:
        print(f"{len(study.best_trials)} Pareto-optimal trial(s)", file=out)
    return 0


def _cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    from hyperscout.report import write_report

    study = _load_study(args.storage, args.study)
    path = write_report(study, args.out, title=args.title)
    print(path, file=out)
    return 0


def _cmd_dashboard(args: argparse.Namespace, out: TextIO) -> int:
    from hyperscout.dashboard import DashboardServer

    _open_storage(args.storage, read_only=True)  # fail early on a bad URL
    try:
        server = DashboardServer(args.storage, args.host, args.port)
    except OSError as err:
        raise CLIError(f"cannot listen on {args.host}:{args.port}: {err}") from None
    print(f"hyperscout dashboard on {server.url} (Ctrl-C to stop)", file=out, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


# --- parser ----------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hyperscout", description="Hyperparameter tuning studies from the command line."
    )
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, help: str, func: Callable[..., int]) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.add_argument("--storage", required=True, help="database URL, e.g. sqlite:///tuning.db")
        p.set_defaults(func=func)
        return p

    p = command("studies", "list the studies: name, direction, trials, best value", _cmd_studies)
    p.add_argument("--format", choices=("table", "json"), default="table")

    p = command("create-study", "create a study and print its name", _cmd_create_study)
    p.add_argument("--study-name", "--study", dest="study_name", default=None)
    group = p.add_mutually_exclusive_group()
    group.add_argument("--direction", choices=("minimize", "maximize"), default=None)
    group.add_argument(
        "--directions",
        nargs="+",
        choices=("minimize", "maximize"),
        default=None,
        help="several objectives",
    )
    p.add_argument("--skip-if-exists", action="store_true", help="reuse a study of that name")

    p = command("delete-study", "delete a study and its trials", _cmd_delete_study)
    p.add_argument("--study", "--study-name", dest="study", required=True)

    p = command("trials", "print the trials of a study", _cmd_trials)
    p.add_argument("--study", "--study-name", dest="study", default=None)
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")

    p = command("best-trial", "print the best trial (the Pareto front if several)", _cmd_best_trial)
    p.add_argument("--study", "--study-name", dest="study", default=None)
    p.add_argument("--format", choices=("table", "json"), default="table")

    p = command("optimize", "run trials of an objective from a Python file", _cmd_optimize)
    p.add_argument("--study", "--study-name", dest="study", default=None)
    p.add_argument("file", help="Python file that defines the objective")
    p.add_argument("objective", help="name of the objective function in that file")
    p.add_argument("--n-trials", type=int, default=None)
    p.add_argument("--timeout", type=float, default=None, help="seconds")
    p.add_argument("--n-jobs", type=int, default=1, help="worker threads (-1: one per CPU)")
    p.add_argument("--sampler", choices=_SAMPLERS, default=None, help="default: the study's")
    p.add_argument("--seed", type=int, default=None, help="the sampler's seed")

    p = command("report", "write a self-contained HTML report of a study", _cmd_report)
    p.add_argument("--study", "--study-name", dest="study", default=None)
    p.add_argument("--out", required=True, help="HTML file to write")
    p.add_argument("--title", default=None)

    p = command("dashboard", "serve a live, read-only dashboard of the storage", _cmd_dashboard)
    p.add_argument("--host", default="127.0.0.1", help="default 127.0.0.1 (this machine only)")
    p.add_argument("--port", type=int, default=8080, help="0 picks a free port")
    return parser


def _version() -> str:
    from hyperscout import __version__

    return f"hyperscout {__version__}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 2 user error)."""
    parser = _parser()
    try:
        args = parser.parse_args(None if argv is None else list(argv))
    except SystemExit as exc:  # --help, --version, or a usage error (status 2)
        return int(exc.code) if isinstance(exc.code, int) else 2
    return _run(args, sys.stdout)


def _run(args: argparse.Namespace, out: TextIO) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from hyperscout.exceptions import HyperscoutError

    try:
        return int(args.func(args, out))
    except _UserCodeError as err:
        raise err.original from None
    except CLIError as err:
        message = str(err)
    except (HyperscoutError, ValueError, TypeError) as err:
        message = str(err) or type(err).__name__
    except ImportError as err:
        message = str(err)
    except SQLAlchemyError as err:
        message = f"storage error: {err}".splitlines()[0]
    from hyperscout._url import redact_text

    message = redact_text(message, getattr(args, "storage", None))
    print(f"hyperscout: error: {message}", file=sys.stderr)
    return 2
