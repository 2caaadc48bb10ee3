"""The storage fixture of the storage tests: every kind in tests/conftest.py, plus SQLite in
memory (``sqlite:///:memory:``: one connection that every read and write shares)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hyperscout.storages import BaseStorage, RDBStorage
from hyperscout.testing import make_storage
from tests.conftest import _storage_params


@pytest.fixture(params=[*_storage_params(), "sqlite-memory"])
def storage(request, tmp_path) -> Iterator[BaseStorage]:  # type: ignore[no-untyped-def]
    if request.param == "sqlite-memory":
        backend: BaseStorage = RDBStorage("sqlite:///:memory:")
    else:
        backend = make_storage(request.param, str(tmp_path))
    yield backend
    backend.close()
