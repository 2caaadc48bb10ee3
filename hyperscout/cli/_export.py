"""``hyperscout export STUDY --format csv|json|parquet``: a study's trials as a file.

One row per trial, the columns of ``hyperscout trials`` (number, state, value(s), params_*,
user_attrs_*, times). CSV and JSON go to standard output unless ``--out`` names a file; Parquet
needs ``--out`` and pyarrow (``pip install pyarrow``).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
from typing import Any, TextIO

from hyperscout.cli._common import CLIError, _load_study

__all__ = ["register"]


def register(command: Any) -> None:
    p = command("export", "write a study's trials as CSV, JSON or Parquet", _cmd_export)
    p.add_argument("study", help="the study's name")
    p.add_argument("--format", choices=("csv", "json", "parquet"), default="csv")
    p.add_argument("--out", default=None, help="file to write (default: standard output)")
    p.add_argument("--quiet", "-q", action="store_true", help="do not print the path written")


def _cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    from hyperscout.report._tables import trials_table

    study = _load_study(args.storage, args.study)
    table = trials_table(study.get_trials(deepcopy=False), len(study.directions))
    keys = [c["key"] for c in table["columns"]]
    rows = table["rows"]
    if args.format == "parquet":
        if args.out is None:
            raise CLIError("--format parquet writes a binary file: give --out FILE.parquet")
        try:
            import pandas as pd
            import pyarrow  # noqa: F401
        except ImportError:
            raise CLIError(
                "--format parquet needs pandas and pyarrow (pip install pyarrow)"
            ) from None
        frame = pd.DataFrame(rows, columns=keys)
        for key in keys:  # mixed kinds (a categorical parameter) as text, so pyarrow accepts them
            kinds = {type(v) for v in frame[key] if v is not None}
            if len(kinds - {int, float}) and len(kinds) > 1:
                frame[key] = frame[key].map(lambda v: None if v is None else str(v))
        frame.to_parquet(args.out, index=False)
    else:
        if args.format == "json":
            text = json.dumps([dict(zip(keys, row)) for row in rows], indent=2) + "\n"
        else:
            buf = io.StringIO()
            writer = csv.writer(buf, lineterminator="\n")
            writer.writerow(keys)
            writer.writerows([["" if v is None else v for v in row] for row in rows])
            text = buf.getvalue()
        if args.out is None:
            out.write(text)
            return 0
        with open(args.out, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    if not args.quiet:
        print(os.path.abspath(args.out), file=out)
    return 0
