"""The dashboard's HTTP API on a real SQLite file, and that it never disturbs a running study."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest

import hyperscout
from hyperscout.dashboard import DashboardServer
from hyperscout.exceptions import HyperscoutError
from hyperscout.report import FIGURE_KINDS

pytest.importorskip("plotly")


def _get(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            return r.status, r.read(), r.headers.get("Content-Type", "")
    except urllib.error.HTTPError as err:
        return err.code, err.read(), err.headers.get("Content-Type", "")


def _json(url: str) -> tuple[int, Any]:
    status, body, _ = _get(url)
    return status, json.loads(body)


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'tuning.db'}"
    study = hyperscout.create_study(
        storage=url, study_name="demo/one", sampler=hyperscout.samplers.RandomSampler(seed=0)
    )
    study.optimize(
        lambda t: t.suggest_float("x", -1, 1) ** 2 + t.suggest_int("n", 1, 4), n_trials=6
    )
    hyperscout.create_study(storage=url, study_name="empty", direction="maximize")
    return url


def test_api_lists_studies_and_serves_a_study(db: str) -> None:
    with DashboardServer(db) as server:
        assert server.host == "127.0.0.1" and server.port > 0
        status, data = _json(server.url + "api/studies")
        assert status == 200
        by_name = {s["name"]: s for s in data["studies"]}
        assert set(by_name) == {"demo/one", "empty"}
        assert by_name["demo/one"]["n_trials"] == 6
        assert by_name["demo/one"]["by_state"]["COMPLETE"] == 6
        assert by_name["empty"]["best"] is None
        assert by_name["empty"]["directions"] == ["maximize"]

        quoted = urllib.parse.quote("demo/one", safe="")
        status, trials = _json(server.url + f"api/studies/{quoted}/trials")
        assert status == 200
        assert len(trials["table"]["rows"]) == 6
        keys = [c["key"] for c in trials["table"]["columns"]]
        assert "params_x" in keys and "params_n" in keys
        assert trials["summary"]["best"]["number"] in range(6)
        status, profile = _json(server.url + f"api/studies/{quoted}/profile")
        assert status == 200 and profile["profile"]["n_timed"] == 6
        status, plot = _json(server.url + f"api/studies/{quoted}/plots/history")
        assert status == 200 and plot["figure"]["data"]
        status, plot = _json(server.url + "api/studies/empty/plots/history")
        assert status == 200 and plot["figure"] is None and "No data" in plot["note"]


def test_every_plot_kind_answers(db: str) -> None:
    with DashboardServer(db) as server:
        for kind in FIGURE_KINDS:
            status, plot = _json(server.url + f"api/studies/demo%2Fone/plots/{kind}")
            assert status == 200, kind
            assert plot["kind"] == kind
            assert plot["figure"] is not None or plot["note"], kind


def test_errors_are_json_404(db: str) -> None:
    with DashboardServer(db) as server:
        status, data = _json(server.url + "api/studies/nope/trials")
        assert status == 404 and "no study named 'nope'" in data["error"]
        status, data = _json(server.url + "api/studies/empty/plots/pie")
        assert status == 404 and "unknown plot kind" in data["error"]
        status, data = _json(server.url + "no/such/page")
        assert status == 404


def test_page_and_plotly_are_served_locally(db: str) -> None:
    with DashboardServer(db) as server:
        status, body, ctype = _get(server.url)
        page = body.decode()
        assert status == 200 and ctype.startswith("text/html")
        srcs = re.findall(r'src="([^"]+)"', page)
        assert srcs == ["/static/plotly.min.js"]  # no CDN
        status, body, ctype = _get(server.url + "static/plotly.min.js")
        assert status == 200 and "javascript" in ctype and b"plotly.js v" in body[:200]


def test_storage_is_read_only(db: str) -> None:
    with DashboardServer(db) as server, pytest.raises(HyperscoutError, match="read-only"):
        server.storage.create_new_study([hyperscout.StudyDirection.MINIMIZE], "x")


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="port must be an int"):
        DashboardServer("sqlite:///:memory:", port=-1)
    with pytest.raises(ValueError, match="no SQLite database"):
        DashboardServer("sqlite:////nonexistent/dir/x.db")
    with pytest.raises(TypeError, match="storage must be"):
        DashboardServer(42)  # type: ignore[arg-type]


def test_start_twice_is_an_error(db: str) -> None:
    server = DashboardServer(db).start()
    try:
        with pytest.raises(RuntimeError, match="already started"):
            server.start()
    finally:
        server.stop()


_WRITER = textwrap.dedent(
    """
    import sys, time
    import hyperscout
    url, n = sys.argv[1], int(sys.argv[2])
    study = hyperscout.load_study(study_name="live", storage=url)
    def objective(trial):
        x = trial.suggest_float("x", -1, 1)
        for step in range(3):
            trial.report(x + step, step)
        time.sleep(0.005)
        return x * x
    study.optimize(objective, n_trials=n)
    print("done", len(study.trials))
    """
)


@pytest.mark.slow
def test_hammering_the_api_never_disturbs_a_running_study(tmp_path: Path) -> None:
    """A study writes trials in another process while four clients poll every endpoint."""
    url = f"sqlite:///{tmp_path / 'live.db'}"
    hyperscout.create_study(storage=url, study_name="live")
    n_trials = 150
    script = tmp_path / "writer.py"
    script.write_text(_WRITER)
    errors: list[str] = []
    statuses: list[int] = []
    stop = threading.Event()

    with DashboardServer(url) as server:
        paths = ["api/studies", "api/studies/live/trials", "api/studies/live/profile"] + [
            f"api/studies/live/plots/{k}" for k in ("history", "intermediate", "timeline")
        ]

        def hammer(offset: int) -> None:
            deadline = time.monotonic() + 120  # bounded in time and in count
            i = offset
            while not stop.is_set() and time.monotonic() < deadline and i < offset + 5000:
                try:
                    status, _, _ = _get(server.url + paths[i % len(paths)])
                    statuses.append(status)
                except Exception as err:  # pragma: no cover - reported below
                    errors.append(repr(err))
                i += 1

        clients = [threading.Thread(target=hammer, args=(k,)) for k in range(4)]
        for c in clients:
            c.start()
        try:
            proc = subprocess.run(
                [sys.executable, str(script), url, str(n_trials)],
                capture_output=True,
                text=True,
                timeout=300,
            )
        finally:
            stop.set()
            for c in clients:
                c.join()

    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "database is locked" not in proc.stderr
    assert errors == []
    assert len(statuses) >= 20 and set(statuses) == {200}
    study = hyperscout.load_study(study_name="live", storage=url)
    complete = study.get_trials(states=(hyperscout.TrialState.COMPLETE,))
    assert len(complete) == len(study.trials) == n_trials
    assert all(len(t.intermediate_values) == 3 for t in complete)



@pytest.mark.postgres
def test_dashboard_and_report_on_postgresql(tmp_path: Path) -> None:
    import uuid

    from hyperscout.cli import main
    from hyperscout.testing import POSTGRES_URL, postgres_unavailable_reason

    reason = postgres_unavailable_reason()
    if reason is not None:
        pytest.skip(reason)
    name = f"dash-{uuid.uuid4().hex[:10]}"
    study = hyperscout.create_study(storage=POSTGRES_URL, study_name=name)
    try:
        study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=4)
        with DashboardServer(POSTGRES_URL) as server:
            status, data = _json(server.url + "api/studies")
            assert status == 200
            assert name in {s["name"] for s in data["studies"]}
            status, trials = _json(server.url + f"api/studies/{name}/trials")
            assert status == 200 and len(trials["table"]["rows"]) == 4
            with pytest.raises(HyperscoutError, match="read-only"):
                server.storage.create_new_study([hyperscout.StudyDirection.MINIMIZE], name + "x")
        out = tmp_path / "pg.html"
        assert main(["report", "--storage", POSTGRES_URL, "--study", name, "--out", str(out)]) == 0
        assert 'id="sec-history"' in out.read_text(encoding="utf-8")
    finally:
        hyperscout.delete_study(study_name=name, storage=POSTGRES_URL)
