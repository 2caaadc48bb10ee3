"""``hyperscout`` on the command line: the parser, and how errors become exit statuses.

Commands live in modules by concern: ``_studies`` (list, create, delete, trials, best trial,
report, dashboard), ``_optimize`` (a Python objective), ``_run`` (a job from a TOML file),
``_compare`` (methods side by side), ``_asktell`` (a shell-driven study), ``_worker`` (join a
study), ``_export`` (trials as CSV/JSON/Parquet).

Exit statuses: 0 ok; 1 the work failed (every fit failed, a database error); 2 a usage or
configuration error (``hyperscout: error: ...`` on stderr, no traceback); 130 Ctrl-C (one line).
An exception raised by the user's own objective surfaces with its traceback. Output into a pipe
that closes early (``| head``) ends the command quietly.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from hyperscout.cli import _asktell, _compare, _export, _optimize, _run, _studies, _worker
from hyperscout.cli._common import CLIError, Interrupted, RuntimeFailure, _UserCodeError
from hyperscout.cli._storage_cmd import add_storage_command

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hyperscout", description="Hyperparameter tuning studies from the command line."
    )
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(
        name: str, help: str, func: Callable[..., int], *, storage: bool = True
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        if storage:
            p.add_argument(
                "--storage", required=True, help="database URL, e.g. sqlite:///tuning.db"
            )
        p.set_defaults(func=func)
        return p

    p = command(
        "studies", "list the studies: name, direction, trials, best value", _studies._cmd_studies
    )
    p.add_argument("--format", choices=("table", "json"), default="table")

    p = command("create-study", "create a study and print its name", _studies._cmd_create_study)
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

    p = command("delete-study", "delete a study and its trials", _studies._cmd_delete_study)
    p.add_argument("--study", "--study-name", dest="study", required=True)

    p = command("trials", "print the trials of a study", _studies._cmd_trials)
    p.add_argument("--study", "--study-name", dest="study", default=None)
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")

    p = command(
        "best-trial", "print the best trial (the Pareto front if several)", _studies._cmd_best_trial
    )
    p.add_argument("--study", "--study-name", dest="study", default=None)
    p.add_argument("--format", choices=("table", "json"), default="table")

    p = command(
        "optimize", "run trials of an objective from a Python file", _optimize._cmd_optimize
    )
    p.add_argument("--study", "--study-name", dest="study", default=None)
    p.add_argument("file", help="Python file that defines the objective")
    p.add_argument("objective", help="name of the objective function in that file")
    p.add_argument("--n-trials", type=int, default=None)
    p.add_argument("--timeout", type=float, default=None, help="seconds")
    p.add_argument("--n-jobs", type=int, default=1, help="worker threads (-1: one per CPU)")
    p.add_argument(
        "--sampler",
        choices=_optimize.SAMPLERS,
        default=None,
        help="default: the library's default sampler (samplers are not stored with a study)",
    )
    p.add_argument("--seed", type=int, default=None, help="the sampler's seed")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar, no summary")

    p = command("report", "write a self-contained HTML report of a study", _studies._cmd_report)
    p.add_argument("--study", "--study-name", dest="study", default=None)
    p.add_argument("--out", required=True, help="HTML file to write")
    p.add_argument("--title", default=None)

    p = command(
        "dashboard", "serve a live, read-only dashboard of the storage", _studies._cmd_dashboard
    )
    p.add_argument("--host", default="127.0.0.1", help="default 127.0.0.1 (this machine only)")
    p.add_argument("--port", type=int, default=8080, help="0 picks a free port")

    _run.register(command)
    _compare.register(command)
    _asktell.register(command)
    _worker.register(command)
    _export.register(command)
    add_storage_command(sub)
    return parser


def _version() -> str:
    from hyperscout import __version__

    return f"hyperscout {__version__}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 failure, 2 user error)."""
    parser = _parser()
    try:
        args = parser.parse_args(None if argv is None else list(argv))
    except SystemExit as exc:  # --help, --version, or a usage error (status 2)
        return int(exc.code) if isinstance(exc.code, int) else 2
    try:
        return _run_command(args, sys.stdout)
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly. Point stdout at devnull so that
        # the interpreter's final flush does not raise again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _run_command(args: argparse.Namespace, out: TextIO) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from hyperscout._url import redact_text
    from hyperscout.exceptions import HyperscoutError

    status = 2
    try:
        return int(args.func(args, out))
    except _UserCodeError as err:
        raise err.original from None
    except KeyboardInterrupt:
        print("hyperscout: interrupted", file=sys.stderr)
        return 130
    except Interrupted as err:
        print(f"hyperscout: {err}", file=sys.stderr)
        return 130
    except RuntimeFailure as err:
        message, status = str(err), 1
    except CLIError as err:
        message = str(err)
    except (HyperscoutError, ValueError, TypeError) as err:
        message = str(err) or type(err).__name__
    except ImportError as err:
        message = str(err)
    except SQLAlchemyError as err:
        message, status = f"storage error: {err}".splitlines()[0], 1
    url = getattr(args, "storage", None)
    if url:
        message = redact_text(message, url)
    lines = message.splitlines() or [""]
    for line in lines:
        print(f"hyperscout: error: {line}", file=sys.stderr)
    return status
