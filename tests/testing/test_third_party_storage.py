"""The exported storage contract (hyperscout.testing.StorageContract) run as a third party runs
it: on their own storage, and on SQLite and PostgreSQL; and proof that the suite can fail."""

from __future__ import annotations

import os
from typing import Any

import pytest

from hyperscout.storages import BaseStorage, InMemoryStorage, RDBStorage
from hyperscout.testing import POSTGRES_URL, StorageContract, postgres_unavailable_reason


class AuditedStorage(InMemoryStorage):
    """A third party's storage: the in-memory one, with an audit log of every attribute write."""

    def __init__(self) -> None:
        super().__init__()
        self.audit: list[tuple[str, int, str]] = []

    def set_trial_user_attr(self, trial_id: int, key: str, value: Any) -> None:
        super().set_trial_user_attr(trial_id, key, value)
        self.audit.append(("trial", trial_id, key))

    def set_study_user_attr(self, study_id: int, key: str, value: Any) -> None:
        super().set_study_user_attr(study_id, key, value)
        self.audit.append(("study", study_id, key))


class ForgetfulStorage(InMemoryStorage):
    """Breaks the contract: drops trials' user attributes."""

    def set_trial_user_attr(self, trial_id: int, key: str, value: Any) -> None:
        self._updatable(trial_id)  # still refuses finished trials


class TestAuditedStorage(StorageContract):
    def make_storage(self, folder: str) -> BaseStorage:
        return AuditedStorage()


class TestSQLite(StorageContract):
    def make_storage(self, folder: str) -> BaseStorage:
        return RDBStorage(f"sqlite:///{os.path.join(folder, 'contract.db')}")


@pytest.mark.postgres
@pytest.mark.skipif(
    postgres_unavailable_reason() is not None, reason=postgres_unavailable_reason() or ""
)
class TestPostgreSQL(StorageContract):
    def make_storage(self, folder: str) -> BaseStorage:
        return RDBStorage(POSTGRES_URL)


def test_the_audited_storage_really_ran_its_own_code() -> None:
    storage = AuditedStorage()
    contract = TestAuditedStorage()
    contract.test_study_lifecycle(storage)
    assert [entry[0] for entry in storage.audit] == ["study", "study"]


def test_the_contract_catches_a_storage_that_forgets() -> None:
    class Broken(StorageContract):
        def make_storage(self, folder: str) -> BaseStorage:
            return ForgetfulStorage()

    with pytest.raises(AssertionError, match="user_attrs|note"):
        Broken().test_everything_a_frozen_trial_holds_is_persisted(ForgetfulStorage())


def test_a_contract_without_make_storage_says_what_to_define() -> None:
    with pytest.raises(NotImplementedError, match="make_storage"):
        StorageContract().make_storage("unused")
