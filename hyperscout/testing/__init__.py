"""Helpers for testing hyperscout and code built on it (storages to run contract tests on)."""

from hyperscout.testing.storages import (
    POSTGRES_URL,
    STORAGE_KINDS,
    make_storage,
    postgres_unavailable_reason,
)

__all__ = ["POSTGRES_URL", "STORAGE_KINDS", "make_storage", "postgres_unavailable_reason"]
