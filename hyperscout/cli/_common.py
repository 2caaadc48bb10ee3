"""What every command shares: the user-error type, opening a storage, loading a study, tables."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any, TextIO

from hyperscout.exceptions import HyperscoutError

__all__ = [
    "CLIError",
    "ConfigError",
    "Interrupted",
    "RuntimeFailure",
    "_UserCodeError",
    "_fmt",
    "_load_study",
    "_open_storage",
    "_print_table",
    "progress_enabled",
]


class CLIError(HyperscoutError):
    """A user error: printed as ``hyperscout: error: <message>``, exit status 2."""


class ConfigError(CLIError):
    """A mistake in a job's TOML file: ``FILE: KEY: rule, got VALUE``; exit status 2."""

    def __init__(self, file: str, key: str, message: str) -> None:
        super().__init__(f"{file}: {key}: {message}" if key else f"{file}: {message}")
        self.file = file
        self.key = key


class RuntimeFailure(Exception):
    """The command was well formed but the work failed (every fit failed, a server went
    away): printed as ``hyperscout: error: <message>``, exit status 1."""


class Interrupted(Exception):
    """Ctrl-C: one line on stderr (the message), no traceback, exit status 130."""


class _UserCodeError(Exception):
    """An exception from the user's objective file: re-raised as is, with its traceback."""

    def __init__(self, original: BaseException) -> None:
        super().__init__(str(original))
        self.original = original


def _open_storage(url: str, *, read_only: bool) -> Any:
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    from hyperscout._url import redact_text, redact_url
    from hyperscout.storages import RDBStorage

    if "://" not in url:
        raise CLIError(f"--storage must be a database URL such as sqlite:///tuning.db, got {url!r}")
    if url.startswith("postgres://") or url.startswith("postgres+"):
        raise CLIError(
            "write postgresql:// (SQLAlchemy does not know the postgres:// scheme), got "
            f"{redact_url(url)!r}"
        )
    try:
        return RDBStorage(url, read_only=read_only)
    except (ArgumentError, NoSuchModuleError) as err:
        raise CLIError(
            f"cannot open storage {redact_url(url)!r}: {redact_text(str(err), url)}"
        ) from None


def _load_study(url: str, name: str | None, *, read_only: bool = True, **kwargs: Any) -> Any:
    import hyperscout
    from hyperscout._url import redact_url

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
            f"no study named {name!r} in {redact_url(url)}; "
            f"studies there: {', '.join(known) or 'none'}"
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


def progress_enabled(quiet: bool) -> bool:
    """A progress bar only for a person watching: not with ``--quiet``, not into a pipe."""
    return not quiet and sys.stderr.isatty()
