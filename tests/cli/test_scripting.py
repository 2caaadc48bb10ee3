"""The commands scripts use: ask/tell from a shell loop, worker processes sharing a budget on
PostgreSQL, export, and the shell's conventions (pipes, Ctrl-C, exit statuses)."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import numpy as np
import pytest

import hyperscout
from hyperscout.cli import main
from hyperscout.testing import POSTGRES_URL, postgres_unavailable_reason

CLI = [sys.executable, "-m", "hyperscout.cli"]
ENV = {**os.environ, "PYTHONPATH": str(Path(hyperscout.__file__).parents[1])}


def test_shell_driven_study_with_ask_and_tell(tmp_path: Path) -> None:
    """A bash loop: ask prints JSON, the shell computes (x - 2)^2, tell stores it."""
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("no bash on this machine")
    url = f"sqlite:///{tmp_path / 'shell.db'}"
    script = textwrap.dedent(
        f"""
        set -euo pipefail
        hs() {{ {sys.executable} -m hyperscout.cli "$@"; }}
        for i in 1 2 3 4 5; do
          trial=$(hs ask --storage {url} --study-name shell --direction minimize \\
                  --search-space '{{"x": [-10.0, 10.0], "kind": ["a", "b"]}}' \\
                  --sampler random --seed 7)
          n=$(echo "$trial" | {sys.executable} -c 'import json,sys; print(json.load(sys.stdin)["number"])')
          v=$(echo "$trial" | {sys.executable} -c 'import json,sys; p=json.load(sys.stdin)["params"]; print((p["x"]-2)**2)')
          hs tell --storage {url} --study-name shell --trial-number "$n" --values "$v" --quiet
        done
        hs tell --storage {url} --study-name shell --trial-number 0 --values 1 || echo "status $?"
        """
    )
    done = subprocess.run([bash, "-c", script], capture_output=True, text=True, env=ENV, timeout=600)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("status 2")
    assert "already finished" in done.stderr
    assert "[INFO" not in done.stderr  # scripts get JSON on stdout and no log noise
    study = hyperscout.load_study(study_name="shell", storage=url)
    assert len(study.trials) == 5
    assert all(t.state == hyperscout.TrialState.COMPLETE for t in study.trials)
    for t in study.trials:
        assert t.value == pytest.approx((t.params["x"] - 2) ** 2)
    # the seed plus the trial count: five different draws, and reproducible
    xs = [t.params["x"] for t in study.trials]
    assert len(set(xs)) == 5


def test_ask_space_conventions_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    optuna_style = json.dumps(
        {"lr": {"name": "FloatDistribution", "attributes": {"low": 1e-4, "high": 1e-1, "log": True}}}
    )
    assert main(["ask", "--storage", url, "--study", "a", "--search-space", optuna_style]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["number"] == 0 and 1e-4 <= record["params"]["lr"] <= 1e-1
    study = hyperscout.load_study(study_name="a", storage=url)
    assert study.trials[0].distributions["lr"].log
    bad = '{"lr": [0, 0.1, "log-uniform"]}'
    assert main(["ask", "--storage", url, "--study", "a", "--search-space", bad]) == 2
    assert "lr: log-uniform needs low > 0, got 0" in capsys.readouterr().err
    assert main(["ask", "--storage", url, "--study", "a", "--search-space", "{x"]) == 2
    assert "not valid JSON" in capsys.readouterr().err
    assert main(["tell", "--storage", url, "--study", "a", "--trial-number", "9", "--values", "1"]) == 2
    assert "no trial number 9" in capsys.readouterr().err
    assert main(["tell", "--storage", url, "--study", "a", "--trial-number", "0", "--state", "pruned", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["state"] == "PRUNED"


def test_export_three_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'e.db'}"
    study = hyperscout.create_study(
        storage=url, study_name="e", sampler=hyperscout.samplers.RandomSampler(seed=0)
    )
    study.optimize(lambda t: t.suggest_float("x", 0, 1) + (t.suggest_categorical("k", ["a", "b"]) == "b"), n_trials=4)
    assert main(["export", "--storage", url, "e", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [float(r["params_x"]) for r in rows] == [t.params["x"] for t in study.trials]
    assert main(["export", "--storage", url, "e", "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["value"] for r in records] == [t.value for t in study.trials]
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    target = tmp_path / "e.parquet"
    assert main(["export", "--storage", url, "e", "--format", "parquet", "--out", str(target)]) == 0
    frame = pd.read_parquet(target)
    assert list(frame["number"]) == [0, 1, 2, 3]
    assert list(frame["params_k"]) == [t.params["k"] for t in study.trials]
    assert main(["export", "--storage", url, "e", "--format", "parquet"]) == 2
    assert "give --out" in capsys.readouterr().err


def test_optimize_seed_alone_is_honoured(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.db'}"
    objective = tmp_path / "obj.py"
    objective.write_text("def f(trial):\n    return trial.suggest_float('x', 0, 1)\n")
    for name in ("one", "two"):
        assert main(["create-study", "--storage", url, "--study-name", name]) == 0
        assert main(["optimize", "--storage", url, "--study", name, str(objective), "f",
                     "--n-trials", "3", "--seed", "3", "--quiet"]) == 0
    one = hyperscout.load_study(study_name="one", storage=url)
    two = hyperscout.load_study(study_name="two", storage=url)
    assert [t.params for t in one.trials] == [t.params for t in two.trials]


def test_postgres_scheme_gets_a_hint(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["studies", "--storage", "postgres://user:hunter2@localhost/db"]) == 2
    err = capsys.readouterr().err
    assert "write postgresql://" in err
    assert "hunter2" not in err


def test_output_into_a_closed_pipe_is_quiet(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'p.db'}"
    # Random proposals: the test needs 400 rows of output, not a model's (the default GP spent
    # most of this test's time proposing them).
    study = hyperscout.create_study(
        storage=url, study_name="p", sampler=hyperscout.samplers.RandomSampler(seed=0)
    )
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=400)
    cmd = " ".join([*CLI, "trials", "--storage", url, "--study", "p", "--format", "csv"])
    done = subprocess.run(f"{cmd} | head -n 2", shell=True, capture_output=True, text=True, env=ENV, timeout=300)
    assert len(done.stdout.splitlines()) == 2
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr


def test_ctrl_c_prints_one_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    hyperscout.create_study(storage=url, study_name="c")
    objective = tmp_path / "slow.py"
    marker = tmp_path / "started"
    objective.write_text(
        "import pathlib, time\n"
        "def f(trial):\n"
        "    trial.suggest_float('x', 0, 1)\n"
        f"    pathlib.Path({str(marker)!r}).touch()\n"
        "    time.sleep(600)\n"
    )
    proc = subprocess.Popen(
        [*CLI, "optimize", "--storage", url, "--study", "c", str(objective), "f", "--n-trials", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV,
        # A shell starts background jobs with Ctrl-C ignored, and Python then never turns SIGINT
        # into KeyboardInterrupt: give the child the default disposition a terminal would.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 240
    while not marker.exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
    assert marker.exists(), proc.stderr.read() if proc.stderr else ""
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("hyperscout: interrupted")
    assert len([line for line in err.splitlines() if line.startswith("hyperscout:")]) == 1
    trial = hyperscout.load_study(study_name="c", storage=url).trials[0]
    assert trial.state == hyperscout.TrialState.FAIL


WORKER_JOB = """
[data]
path = "data.csv"
target = "label"

[model]
estimator = "sklearn.tree.DecisionTreeClassifier"
params = {{ random_state = 0 }}

[search]
method = "random"
n_iter = {budget}
cv = 3
scoring = "roc_auc"

[search.space]
max_depth = [1, 6]
min_samples_leaf = [1, 30, "log-uniform"]

[storage]
url = "{url}"
study = "{study}"
"""


def _worker_job(tmp_path: Path, url: str, study: str, budget: int) -> str:
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(1)
    x = rng.normal(size=(150, 2))
    pd.DataFrame({"a": x[:, 0], "b": x[:, 1], "label": (x.sum(axis=1) > 0).astype(int)}).to_csv(
        tmp_path / "data.csv", index=False
    )
    path = tmp_path / "worker.toml"
    path.write_text(WORKER_JOB.format(url=url, study=study, budget=budget))
    return str(path)


def test_worker_on_sqlite_stops_at_the_budget(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'w.db'}"
    config = _worker_job(tmp_path, url, "w", 4)
    assert main(["worker", config, "--quiet"]) == 2  # the study must exist
    assert "no study named 'w'" in capsys.readouterr().err
    assert main(["create-study", "--storage", url, "--study", "w", "--direction", "maximize"]) == 0
    assert main(["worker", config, "--quiet"]) == 0
    assert main(["worker", config]) == 0  # the budget is spent: nothing more runs
    assert "ran 0 trial(s)" in capsys.readouterr().out
    study = hyperscout.load_study(study_name="w", storage=url)
    assert len(study.trials) == 4
    assert all(t.state == hyperscout.TrialState.COMPLETE for t in study.trials)
    assert study.metric_names == ["ROC AUC"]


@pytest.mark.postgres
def test_two_workers_on_postgresql_end_at_exactly_the_budget(tmp_path: Path) -> None:
    reason = postgres_unavailable_reason()
    if reason is not None:
        pytest.skip(reason)
    name = f"workers-{uuid.uuid4().hex[:8]}"
    budget = 9
    config = _worker_job(tmp_path, POSTGRES_URL, name, budget)
    hyperscout.create_study(storage=POSTGRES_URL, study_name=name, direction="maximize")
    try:
        procs = [
            subprocess.Popen([*CLI, "worker", config, "--quiet", "--seed", str(k)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
            for k in range(2)
        ]
        for p in procs:
            _, err = p.communicate(timeout=600)
            assert p.returncode == 0, err
        study = hyperscout.load_study(study_name=name, storage=POSTGRES_URL)
        assert len(study.trials) == budget
        assert all(t.state == hyperscout.TrialState.COMPLETE for t in study.trials)
    finally:
        hyperscout.delete_study(study_name=name, storage=POSTGRES_URL)


@pytest.mark.parametrize(
    "command",
    ["studies", "create-study", "delete-study", "trials", "best-trial", "optimize", "report",
     "dashboard", "run", "compare", "ask", "tell", "worker", "export"],
)
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help"]) == 0
    assert capsys.readouterr().out.startswith(f"usage: hyperscout {command}")


def test_every_command_is_listed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("run", "compare", "ask", "tell", "worker", "export"):
        assert f"    {command}" in out
