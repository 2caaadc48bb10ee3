"""``hyperscout storage upgrade --storage URL``: bring a database to this hyperscout's schema."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from hyperscout._url import redact_url

__all__ = ["add_storage_command"]


def add_storage_command(sub: Any) -> argparse.ArgumentParser:
    """Register ``storage`` (with its ``upgrade`` action) on the CLI's subparsers ``sub``."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "storage",
        help="manage a storage's database (upgrade its schema)",
        description="Manage a storage's database.",
    )
    actions = parser.add_subparsers(dest="storage_command", metavar="ACTION", required=True)
    text = (
        "upgrade the database's hyperscout tables to this version's schema, in one "
        "transaction; stop the studies that use it and back it up first"
    )
    upgrade = actions.add_parser("upgrade", help=text, description=text)
    upgrade.add_argument(
        "--storage", required=True, help="database URL, e.g. sqlite:///tuning.db"
    )
    upgrade.set_defaults(func=_cmd_upgrade)
    return parser


def _cmd_upgrade(args: argparse.Namespace, out: TextIO) -> int:
    from hyperscout.storages._rdb._migrate import upgrade_storage

    before, after = upgrade_storage(args.storage)
    where = redact_url(args.storage)
    if before is None:
        print(f"created the hyperscout tables in {where} at schema revision {after}", file=out)
    elif before == after:
        print(f"{where} is already at schema revision {after}", file=out)
    else:
        print(f"upgraded {where} from schema revision {before} to {after}", file=out)
    return 0
