"""No message raised by a storage (or printed by ``hyperscout storage``) shows the password of
its URL: missing and duplicate studies, read-only writes, schema revisions, connection errors,
misspelt dialects."""

from __future__ import annotations

import io
import traceback
import uuid
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout

import pytest
from sqlalchemy import create_engine, text

import hyperscout
from hyperscout.cli import main
from hyperscout.storages import RDBStorage
from hyperscout.testing import postgres_unavailable_reason
from hyperscout.testing.storages import POSTGRES_URL

SECRET = "S3cret"
_PG_REASON = postgres_unavailable_reason()
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(_PG_REASON is not None, reason=_PG_REASON or ""),
]


def _with_password(url: str) -> str:
    # Trust authentication accepts any password: the URL works and carries a secret.
    scheme, rest = url.split("://", 1)
    userinfo, host = rest.split("@", 1)
    return f"{scheme}://{userinfo.split(':')[0]}:{SECRET}@{host}"


@pytest.fixture
def url() -> Iterator[str]:
    """A PostgreSQL URL with a password, on a schema of its own (dropped afterwards)."""
    schema = f"pw_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://"))
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield f"{_with_password(POSTGRES_URL)}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def _raises_clean(call: Callable[[], object]) -> BaseException:
    with pytest.raises(Exception) as info:
        call()
    shown = "".join(traceback.format_exception(info.value))
    assert SECRET not in shown, shown
    assert SECRET not in str(info.value)
    return info.value


def test_storage_errors_never_show_the_password(url: str) -> None:
    storage = RDBStorage(url)
    try:
        study = hyperscout.create_study(study_name="s", storage=storage)
        err = _raises_clean(lambda: hyperscout.load_study(study_name="nope", storage=storage))
        assert "no study named 'nope'" in str(err) and ":***@" in str(err)
        err = _raises_clean(lambda: hyperscout.create_study(study_name="s", storage=storage))
        assert "already exists" in str(err) and ":***@" in str(err)
        reader = RDBStorage(url, read_only=True)
        err = _raises_clean(lambda: hyperscout.create_study(study_name="t", storage=reader))
        assert "read-only" in str(err) and ":***@" in str(err)
        reader.close()
        with storage._write() as conn:
            conn.execute(text("UPDATE hs_alembic_version SET version_num = '0002'"))
        err = _raises_clean(lambda: RDBStorage(url))
        assert "storage upgrade" in str(err) and ":***@" in str(err)
        assert study.study_name == "s"
    finally:
        storage.close()


def test_connection_and_url_errors_never_show_the_password() -> None:
    base = _with_password(POSTGRES_URL)
    host_port = base.split("@", 1)[1].split("/", 1)[0]
    _raises_clean(lambda: RDBStorage(base.replace(host_port, "127.0.0.1:1")))
    _raises_clean(lambda: RDBStorage(base.rsplit("/", 1)[0] + "/no_such_database_here"))
    err = _raises_clean(lambda: RDBStorage(base.replace("postgresql://", "postgres://")))
    assert "write 'postgresql://" in str(err)


def test_the_storage_command_never_prints_the_password(url: str) -> None:
    out, errors = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(errors):
        assert main(["storage", "upgrade", "--storage", url]) == 0
        assert main(["storage", "upgrade", "--storage", url]) == 0
        main(["storage", "upgrade", "--storage", url.replace("postgresql://", "postgres://")])
    shown = out.getvalue() + errors.getvalue()
    assert "created the hyperscout tables" in shown and "already at schema revision" in shown
    assert ":***@" in shown
    assert SECRET not in shown
