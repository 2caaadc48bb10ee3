"""Commands that look after studies: list, create, delete, trials, best trial, report, dashboard."""

from __future__ import annotations

import argparse
import csv
import io
import json
from typing import TextIO

from hyperscout.cli._common import CLIError, _fmt, _load_study, _open_storage, _print_table


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
            f"a study named {args.study_name!r} already exists in {args.storage} "
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
        raise CLIError(f"no study named {args.study!r} in {args.storage}") from None
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
