"""How many trials an example runs: its default, or HYPERSCOUT_EXAMPLE_TRIALS (the tests set it
small so that every example runs in seconds)."""

from __future__ import annotations

import os


def budget(default: int) -> int:
    value = os.environ.get("HYPERSCOUT_EXAMPLE_TRIALS")
    return default if value is None else max(1, int(value))
