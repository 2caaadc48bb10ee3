"""Shared fixtures: every storage kind the project supports, each real."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

import hyperscout
from hyperscout.storages import BaseStorage
from hyperscout.testing import make_storage, postgres_unavailable_reason


def _storage_params() -> list:  # type: ignore[type-arg]
    reason = postgres_unavailable_reason()
    return [
        "inmemory",
        "sqlite",
        pytest.param(
            "postgresql",
            marks=[
                pytest.mark.postgres,
                pytest.mark.skipif(reason is not None, reason=reason or ""),
            ],
        ),
    ]


@pytest.fixture(params=_storage_params())
def storage(request, tmp_path) -> Iterator[BaseStorage]:  # type: ignore[no-untyped-def]
    """A fresh storage of each kind (in-memory, SQLite file, PostgreSQL)."""
    backend = make_storage(request.param, str(tmp_path))
    yield backend
    backend.close()


@pytest.fixture
def study_name() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


@pytest.fixture(autouse=True)
def _quiet_logs() -> Iterator[None]:
    level = hyperscout.logging.get_verbosity()
    hyperscout.logging.set_verbosity(hyperscout.logging.WARNING)
    yield
    hyperscout.logging.set_verbosity(level)


@pytest.fixture(scope="session", autouse=True)
def _postgres_at_this_schema() -> None:
    """The shared PostgreSQL test database outlives sessions: bring its tables to this code's
    schema revision first, as a user would with ``hyperscout storage upgrade``."""
    if postgres_unavailable_reason() is not None:
        return
    from hyperscout.storages._rdb._migrate import upgrade_storage
    from hyperscout.testing import POSTGRES_URL

    upgrade_storage(POSTGRES_URL)
