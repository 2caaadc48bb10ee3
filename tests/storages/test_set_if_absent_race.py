"""``set_study_system_attr_if_absent`` on PostgreSQL when another process inserts the key between
this transaction's read and its insert: the primary key refuses the second value and every
caller gets the first (what NSGA-II's workers rely on to breed from one stored elite)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event

from hyperscout._records import StudyDirection
from hyperscout.storages import RDBStorage
from hyperscout.testing import postgres_unavailable_reason
from hyperscout.testing.storages import POSTGRES_URL

_PG_REASON = postgres_unavailable_reason()
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(_PG_REASON is not None, reason=_PG_REASON or ""),
]


@pytest.fixture
def two_workers() -> Iterator[tuple[RDBStorage, RDBStorage]]:
    first, second = RDBStorage(POSTGRES_URL), RDBStorage(POSTGRES_URL)
    yield first, second
    first.close()
    second.close()


def test_a_value_inserted_between_read_and_insert_wins(
    two_workers: tuple[RDBStorage, RDBStorage],
) -> None:
    mine, theirs = two_workers
    sid = mine.create_new_study([StudyDirection.MINIMIZE], f"race-{uuid.uuid4().hex[:12]}")
    interleaved: list[str] = []

    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        # Just before this worker's INSERT, the other worker stores its value and commits.
        if not interleaved and statement.lstrip().startswith("INSERT INTO hs_study_attrs"):
            interleaved.append(statement)
            assert theirs.set_study_system_attr_if_absent(sid, "nsga2:elite:0", [7, 8]) == [7, 8]

    event.listen(mine._engines.write, "before_cursor_execute", before)
    try:
        got = mine.set_study_system_attr_if_absent(sid, "nsga2:elite:0", [1, 2])
    finally:
        event.remove(mine._engines.write, "before_cursor_execute", before)
    assert interleaved, "the other worker's insert never ran between the read and the insert"
    assert got == [7, 8]
    assert mine.get_study_system_attrs(sid)["nsga2:elite:0"] == [7, 8]
    mine.delete_study(sid)
