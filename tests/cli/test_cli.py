"""The hyperscout command line, run in-process through main(argv) and once as a real process."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import hyperscout
from hyperscout.cli import main

OBJECTIVE = textwrap.dedent(
    """
    import hyperscout

    def objective(trial):
        x = trial.suggest_float("x", -5, 5)
        kind = trial.suggest_categorical("kind", ["a", "b"])
        return (x - 1) ** 2 + (kind == "b")

    def failing(trial):
        trial.suggest_float("x", 0, 1)
        raise RuntimeError("bug in my objective")

    not_callable = 3
    """
)


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


@pytest.fixture
def objective_file(tmp_path: Path) -> str:
    path = tmp_path / "objective.py"
    path.write_text(OBJECTIVE)
    return str(path)


@pytest.fixture
def filled(url: str) -> str:
    study = hyperscout.create_study(
        storage=url, study_name="s1", sampler=hyperscout.samplers.RandomSampler(seed=0)
    )
    study.optimize(lambda t: t.suggest_float("x", 0, 1) + t.suggest_int("n", 1, 3), n_trials=5)
    other = hyperscout.create_study(storage=url, study_name="s2", direction="maximize")
    # Close the writers now: the last writer to close checkpoints the WAL into the database
    # file, and if the garbage collector did that mid-test, the file would change under
    # test_read_commands_do_not_write although the CLI wrote nothing.
    for storage in (study._storage, other._storage):
        storage.close()
    return url


def test_create_study_then_list(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["create-study", "--storage", url, "--study-name", "a", "--direction", "maximize"]) == 0
    assert capsys.readouterr().out.strip() == "a"
    assert hyperscout.load_study(study_name="a", storage=url).direction.name == "MAXIMIZE"
    # again: an error, unless --skip-if-exists
    assert main(["create-study", "--storage", url, "--study-name", "a"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["create-study", "--storage", url, "--study-name", "a", "--skip-if-exists"]) == 0
    # without a name: a generated one is printed
    assert main(["create-study", "--storage", url]) == 0
    generated = capsys.readouterr().out.strip().splitlines()[-1]
    assert set(hyperscout.get_all_study_names(url)) == {"a", generated}


def test_studies_table_and_json(filled: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["studies", "--storage", filled]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["name", "direction", "trials", "complete", "best", "value"]
    rows = {line.split()[0]: line.split() for line in lines[2:]}
    assert rows["s1"][1:4] == ["minimize", "5", "5"]
    assert rows["s2"][1:4] == ["maximize", "0", "0"]
    best = hyperscout.load_study(study_name="s1", storage=filled).best_value
    assert float(rows["s1"][4]) == pytest.approx(best, rel=1e-5)
    assert main(["studies", "--storage", filled, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["name"] for s in data] == ["s1", "s2"]


def test_trials_in_three_formats(filled: str, capsys: pytest.CaptureFixture[str]) -> None:
    study = hyperscout.load_study(study_name="s1", storage=filled)
    assert main(["trials", "--storage", filled, "--study", "s1", "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["number"] for r in records] == [0, 1, 2, 3, 4]
    assert [r["params_x"] for r in records] == [t.params["x"] for t in study.trials]
    assert [r["value"] for r in records] == [t.value for t in study.trials]

    assert main(["trials", "--storage", filled, "--study", "s1", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 5 and rows[0]["state"] == "COMPLETE"
    assert float(rows[2]["params_x"]) == study.trials[2].params["x"]

    assert main(["trials", "--storage", filled, "--study", "s1"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split()[:3] == ["#", "state", "value"]
    assert len(table) == 2 + 5


def test_best_trial(filled: str, capsys: pytest.CaptureFixture[str]) -> None:
    best = hyperscout.load_study(study_name="s1", storage=filled).best_trial
    assert main(["best-trial", "--storage", filled, "--study", "s1", "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["number"] == best.number
    assert record["values"] == [best.value]
    assert record["params"] == dict(best.params)
    assert main(["best-trial", "--storage", filled, "--study", "s1"]) == 0
    assert capsys.readouterr().out.startswith(f"trial {best.number}: value")
    assert main(["best-trial", "--storage", filled, "--study", "s2"]) == 2
    assert "no COMPLETE trial" in capsys.readouterr().err


def test_delete_study(filled: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["delete-study", "--storage", filled, "--study", "s2"]) == 0
    assert hyperscout.get_all_study_names(filled) == ["s1"]
    assert main(["delete-study", "--storage", filled, "--study", "s2"]) == 2
    assert "no study named 's2'" in capsys.readouterr().err


@pytest.mark.parametrize("sampler", ["random", "tpe"])
def test_optimize_loads_an_objective_from_a_file(
    url: str, objective_file: str, sampler: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["create-study", "--storage", url, "--study-name", "opt"]) == 0
    argv = ["optimize", "--storage", url, "--study", "opt", objective_file, "objective"]
    assert main([*argv, "--n-trials", "6", "--sampler", sampler, "--seed", "3"]) == 0
    out = capsys.readouterr().out
    study = hyperscout.load_study(study_name="opt", storage=url)
    assert len(study.trials) == 6
    assert all(t.state == hyperscout.TrialState.COMPLETE for t in study.trials)
    assert f"best trial {study.best_trial.number}" in out
    # the same seed gives the same parameters in a fresh study
    assert main(["create-study", "--storage", url, "--study-name", "opt2"]) == 0
    argv2 = ["optimize", "--storage", url, "--study", "opt2", objective_file, "objective"]
    assert main([*argv2, "--n-trials", "6", "--sampler", sampler, "--seed", "3"]) == 0
    again = hyperscout.load_study(study_name="opt2", storage=url)
    assert [t.params for t in again.trials] == [t.params for t in study.trials]


def test_optimize_errors(url: str, objective_file: str, capsys: pytest.CaptureFixture[str]) -> None:
    main(["create-study", "--storage", url, "--study-name", "opt"])
    base = ["optimize", "--storage", url, "--study", "opt"]
    assert main([*base, objective_file, "objective"]) == 2
    assert "--n-trials or --timeout" in capsys.readouterr().err
    assert main([*base, objective_file, "missing", "--n-trials", "1"]) == 2
    assert "no function named 'missing'" in capsys.readouterr().err
    assert main([*base, objective_file, "not_callable", "--n-trials", "1"]) == 2
    assert main([*base, "/no/such/file.py", "objective", "--n-trials", "1"]) == 2
    assert "no such objective file" in capsys.readouterr().err
    assert main(["optimize", "--storage", url, "--study", "nope", objective_file, "objective",
                 "--n-trials", "1"]) == 2
    assert "no study named 'nope'" in capsys.readouterr().err
    # an error inside the objective is the user's bug: it surfaces with its traceback
    with pytest.raises(RuntimeError, match="bug in my objective"):
        main([*base, objective_file, "failing", "--n-trials", "1"])


def test_report_command(filled: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.html"
    assert main(["report", "--storage", filled, "--study", "s1", "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out.resolve())
    page = out.read_text(encoding="utf-8")
    assert 'id="sec-profile"' in page and "plotly.js v" in page
    assert main(["report", "--storage", filled, "--out", str(out)]) == 2  # two studies: which?
    assert "--study is needed" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["studies", "--storage", "not-a-url"], "must be a database URL"),
        (["studies", "--storage", "nosuchdialect://x"], "cannot open storage"),
        (["studies", "--storage", "sqlite:////no/such/folder/x.db"], "no SQLite database"),
        (["trials", "--storage", "{url}", "--study", "nope"], "no study named 'nope'"),
        (["best-trial", "--storage", "{url}", "--study", "nope"], "no study named 'nope'"),
        (["report", "--storage", "{url}", "--study", "nope", "--out", "x.html"], "no study"),
    ],
)
def test_user_errors_exit_2_without_traceback(
    filled: str, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([a.replace("{url}", filled) for a in argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("hyperscout: error: ")
    assert message in err
    assert "Traceback" not in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert main(["studies"]) == 2  # --storage missing
    assert "--storage" in capsys.readouterr().err
    assert main(["--help"]) == 0
    assert "dashboard" in capsys.readouterr().out


def test_read_commands_do_not_write(filled: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = filled[len("sqlite:///") :]
    os.chmod(path, 0o444)  # root ignores this, so also check the content is unchanged
    before = Path(path).read_bytes()
    try:
        for argv in (["studies"], ["trials", "--study", "s1"], ["best-trial", "--study", "s1"]):
            assert main([argv[0], "--storage", filled, *argv[1:]]) == 0
    finally:
        os.chmod(path, 0o644)
    assert Path(path).read_bytes() == before


def test_console_script_runs_as_a_process(filled: str) -> None:
    exe = shutil.which("hyperscout", path=os.path.dirname(sys.executable))
    cmd = [exe] if exe is not None else [sys.executable, "-c", "from hyperscout.cli import main; raise SystemExit(main())"]
    ok = subprocess.run([*cmd, "studies", "--storage", filled], capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert "s1" in ok.stdout and "s2" in ok.stdout
    bad = subprocess.run([*cmd, "trials", "--storage", filled, "--study", "nope"], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2
    assert bad.stderr.startswith("hyperscout: error: no study named 'nope'")
    assert "Traceback" not in bad.stderr


def test_dashboard_command_prints_its_address_and_serves(filled: str) -> None:
    import urllib.request

    cmd = [sys.executable, "-c", "from hyperscout.cli import main; raise SystemExit(main())"]
    proc = subprocess.Popen(
        [*cmd, "dashboard", "--storage", filled, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()  # "hyperscout dashboard on http://127.0.0.1:PORT/ ..."
        assert line.startswith("hyperscout dashboard on http://127.0.0.1:"), line
        url = line.split()[3]
        with urllib.request.urlopen(url + "api/studies", timeout=60) as r:
            names = [s["name"] for s in json.loads(r.read())["studies"]]
        assert names == ["s1", "s2"]
    finally:
        proc.terminate()
        proc.communicate(timeout=30)  # waits, and closes the pipes


def test_dashboard_command_bad_storage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dashboard", "--storage", "sqlite:////no/such/x.db", "--port", "0"]) == 2
    assert "no SQLite database" in capsys.readouterr().err
