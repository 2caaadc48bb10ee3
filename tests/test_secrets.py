"""A storage URL's password appears in no message, CLI output, log line, report or page.

Every path that can format the URL is driven with a PostgreSQL URL that carries a password
(the test server trusts any password) and the output is searched for it.
"""

from __future__ import annotations

import contextlib
import http.client
import io
import logging
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

import hyperscout
from hyperscout.storages import RDBStorage
from hyperscout.testing import _objectives as objectives
from hyperscout.testing import postgres_unavailable_reason

PASSWORD = "S3cret"
URL = f"postgresql://postgres:{PASSWORD}@127.0.0.1:5432/test"
_PG_REASON = postgres_unavailable_reason()

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        _PG_REASON is not None, reason=f"needs PostgreSQL at 127.0.0.1:5432: {_PG_REASON}"
    ),
]


@pytest.fixture(autouse=True)
def debug_logs() -> Iterator[io.StringIO]:
    """Every log record (hyperscout, SQLAlchemy, everything) at DEBUG, checked at the end."""
    text = io.StringIO()
    handler = logging.StreamHandler(text)
    handler.setLevel(logging.DEBUG)
    loggers = [logging.getLogger(), logging.getLogger("hyperscout")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.DEBUG)
    hyperscout.logging.set_verbosity(hyperscout.logging.DEBUG)
    try:
        yield text
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.removeHandler(handler)
            lg.setLevel(level)
    assert PASSWORD not in text.getvalue()


@pytest.fixture
def study() -> Iterator[hyperscout.Study]:
    name = f"secrets-{uuid.uuid4().hex[:12]}"
    study = hyperscout.create_study(study_name=name, storage=URL)
    study.optimize(objectives.fast, n_trials=3)
    yield study
    hyperscout.delete_study(study_name=name, storage=URL)


def _clean(text: str) -> None:
    assert PASSWORD not in text, text


def _message(call: object) -> str:
    with pytest.raises(Exception) as info:
        call()  # type: ignore[operator]
    return f"{info.value!s} {info.value!r} {info.getrepr()}"


def test_study_not_found_error() -> None:
    _clean(_message(lambda: hyperscout.load_study(study_name="nope", storage=URL)))


def test_duplicate_study_error(study: hyperscout.Study) -> None:
    _clean(_message(lambda: hyperscout.create_study(study_name=study.study_name, storage=URL)))


def test_read_only_write_error(study: hyperscout.Study) -> None:
    storage = RDBStorage(URL, read_only=True)
    read_only = hyperscout.load_study(study_name=study.study_name, storage=storage)
    _clean(_message(lambda: read_only.ask()))


def test_storage_repr_and_url(study: hyperscout.Study) -> None:
    from hyperscout._url import redact_url

    _clean(redact_url(URL))
    _clean(repr(study))


def _cli(*args: str) -> str:
    from hyperscout.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(args))
        except SystemExit:
            pass
        except Exception as exc:  # what a user would see as a traceback
            err.write(f"{exc!r} {exc}")
    return out.getvalue() + err.getvalue()


@pytest.mark.parametrize(
    "args",
    [
        ["studies"],
        ["trials", "--study", "nope"],
        ["best-trial", "--study", "nope"],
        ["report", "--study", "nope", "--out", "x.html"],
        ["delete-study", "--study", "nope"],
        ["create-study", "--study-name", "{study}"],
        ["trials"],  # --study needed: names the storage's studies, not its URL
    ],
)
def test_cli_commands(args: list[str], study: hyperscout.Study, tmp_path: Path) -> None:
    args = [a.replace("{study}", study.study_name) for a in args]
    args = [str(tmp_path / a) if a == "x.html" else a for a in args]
    _clean(_cli(args[0], "--storage", URL, *args[1:]))


def test_cli_optimize(study: hyperscout.Study, tmp_path: Path) -> None:
    objective = tmp_path / "objective.py"
    objective.write_text("def objective(trial):\n    return trial.suggest_float('x', 0, 1)\n")
    _clean(_cli("optimize", "--storage", URL, "--study", "nope", str(objective), "objective"))
    _clean(
        _cli(
            "optimize",
            "--storage",
            URL,
            "--study",
            study.study_name,
            str(objective),
            "objective",
            "--n-trials",
            "1",
        )
    )


def test_cli_bad_storage_urls() -> None:
    _clean(_cli("studies", "--storage", f"postgresql+nodriver://u:{PASSWORD}@127.0.0.1/x"))
    _clean(_cli("studies", "--storage", f"postgresql://u:{PASSWORD}@127.0.0.1:1/x"))


def test_cli_dashboard_start_up_line(study: hyperscout.Study) -> None:
    code = "from hyperscout.cli import main; raise SystemExit(main())"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "dashboard", "--storage", URL, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert "hyperscout dashboard on http://" in line
        _clean(line)
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=60)
    _clean(out + err)


def test_process_and_dask_runner_errors(study: hyperscout.Study) -> None:
    from hyperscout.parallel import optimize_in_processes, optimize_with_dask

    read_only = hyperscout.load_study(
        study_name=study.study_name, storage=RDBStorage(URL, read_only=True)
    )
    message = _message(lambda: optimize_in_processes(read_only, objectives.fast, n_trials=1))
    assert "postgresql://postgres:***@" in message
    _clean(message)
    _clean(_message(lambda: optimize_with_dask(read_only, objectives.fast, None, n_trials=1)))


def test_process_runner_worker_error(study: hyperscout.Study) -> None:
    from hyperscout.parallel import optimize_in_processes

    _clean(
        _message(
            lambda: optimize_in_processes(
                study, objectives.fails_below_half, n_trials=20, n_workers=1
            )
        )
    )


def test_report_html(study: hyperscout.Study, tmp_path: Path) -> None:
    from hyperscout.report import write_report

    path = write_report(study, tmp_path / "report.html")
    _clean(Path(path).read_text(encoding="utf-8"))


def test_dashboard_pages(study: hyperscout.Study) -> None:
    from hyperscout.dashboard import DashboardServer

    name = study.study_name
    paths = [
        "/",
        "/api/studies",
        f"/api/studies/{name}/trials",
        f"/api/studies/{name}/profile",
        f"/api/studies/{name}/plots/history",
        "/api/studies/nope/trials",
        "/nope",
    ]
    with DashboardServer(URL) as server:
        for path in paths:
            conn = http.client.HTTPConnection(server.host, server.port, timeout=60)
            conn.request("GET", path)
            body = conn.getresponse().read().decode("utf-8")
            conn.close()
            _clean(body)
