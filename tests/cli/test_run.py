"""``hyperscout run CONFIG.toml``: the real command on real SQLite files and real fits."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

import hyperscout
from hyperscout.cli import main
from hyperscout.cli._config import Dimension, load_config
from hyperscout.cli._job import grid_from_space

pd = pytest.importorskip("pandas")


def _write_csv(path: Path) -> None:
    rng = np.random.default_rng(0)
    n = 240
    colour = rng.choice(["red", "green", "blue"], size=n)
    x1 = rng.normal(size=n)
    x2 = rng.uniform(0, 10, size=n)
    logit = 1.5 * x1 + (colour == "red") * 1.0 - 0.2 * x2 + rng.normal(scale=0.5, size=n)
    frame = pd.DataFrame({"x1": x1, "x2": x2, "colour": colour, "label": (logit > -1).astype(int)})
    frame.to_csv(path, index=False)


GOOD = """
[data]
path = "data.csv"
target = "label"

[model]
estimator = "sklearn.tree.DecisionTreeClassifier"
params = {{ random_state = 0 }}
preprocess = "scale+onehot"

[search]
method = "{method}"
n_iter = 4
cv = 3
scoring = "roc_auc"
random_state = 1

[search.space]
max_depth = [1, 8]
min_samples_leaf = [1, 40, "log-uniform"]
criterion = ["gini", "entropy"]

[storage]
study = "job"
"""


@pytest.fixture
def job_dir(tmp_path: Path) -> Path:
    _write_csv(tmp_path / "data.csv")
    return tmp_path


def _config(folder: Path, text: str, name: str = "job.toml") -> str:
    path = folder / name
    path.write_text(textwrap.dedent(text))
    return str(path)


@pytest.mark.parametrize("method", ["grid", "random", "bayes", "tpe"])
def test_run_each_method_stores_a_study_and_prints_a_summary(
    job_dir: Path, method: str, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(job_dir, GOOD.format(method=method))
    out = job_dir / "out"
    assert main(["run", config, "--out", str(out), "--quiet", "--no-report"]) == 0
    text = capsys.readouterr().out
    study = hyperscout.load_study(study_name="job", storage=f"sqlite:///{out / 'job.db'}")
    complete = [t for t in study.trials if t.state == hyperscout.TrialState.COMPLETE]
    assert 1 <= len(complete) <= 4
    assert study.metric_names == ["ROC AUC"]
    assert f"best ROC AUC     {study.best_value:.4f}" in text
    assert "trials" in text and "wall time" in text and "where it went" in text
    # the parameter names in the study are the pipeline's
    assert set(study.best_params) == {
        "decisiontreeclassifier__max_depth",
        "decisiontreeclassifier__min_samples_leaf",
        "decisiontreeclassifier__criterion",
    }


def test_run_json_summary_and_report(job_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("plotly")
    config = _config(job_dir, GOOD.format(method="random"))
    out = job_dir / "out"
    assert main(["run", config, "--out", str(out), "--json", "--quiet"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["study"] == "job" and summary["metric"] == "ROC AUC"
    assert summary["n_trials"] == 4 and summary["n_complete"] == 4
    assert os.path.isfile(summary["report"])
    assert "ROC AUC" in Path(summary["report"]).read_text(encoding="utf-8")
    assert set(summary["seconds"]) >= {"load", "search", "cv_fit", "refit", "total"}
    # a second run of the same study is refused unless asked for
    assert main(["run", config, "--out", str(out), "--quiet", "--no-report"]) == 2
    assert "--resume" in capsys.readouterr().err
    assert main(["run", config, "--out", str(out), "--quiet", "--no-report", "--fresh"]) == 0


BROKEN = """
[data]
path = "data.csv"
target = "label"
colums = ["x1"]

[model]
estimator = "sklearn.tree.DecisionTreeClassifier"
preprocess = "scale+one-hot"

[search]
method = "bayes"
n_iter = 4
scoring = "roc_auc"

[search.space]
max_depth = [1, 8]
learning_rate = [0, 0.1, "log-uniform"]

[storage]
url = "postgres://user:secret@localhost/db"
"""


def test_one_error_in_each_section_is_reported_and_nothing_is_trained(
    job_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(job_dir, BROKEN)
    out = job_dir / "out"
    assert main(["run", config, "--out", str(out)]) == 2
    err = capsys.readouterr().err.splitlines()
    text = "\n".join(err)
    assert "job.toml: data.colums: unknown key" in text
    assert (
        "job.toml: model.preprocess: must be one of ['none', 'scale+onehot'], got 'scale+one-hot'"
        in text
    )
    assert "job.toml: search.space.learning_rate: log-uniform needs low > 0, got 0" in text
    assert "job.toml: storage.url: write postgresql://" in text
    assert "secret" not in text
    assert all(line.startswith("hyperscout: error: job.toml: ") for line in err)
    assert not out.exists()  # no storage created, no model trained


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (('target = "label"', 'target = "lable"'), "data.target: no column 'lable'"),
        (
            ("max_depth = [1, 8]", "max_dept = [1, 8]"),
            "search.space.max_dept: not a parameter of DecisionTreeClassifier (did you mean 'max_depth'",
        ),
        (
            ("sklearn.tree.DecisionTreeClassifier", "sklearn.tree.DecisionTreeClasifier"),
            "model.estimator: sklearn.tree has no 'DecisionTreeClasifier'",
        ),
        (
            ('scoring = "roc_auc"', 'scoring = "roc-auc"'),
            "search.scoring: must be a scikit-learn scorer name, got 'roc-auc' (did you mean 'roc_auc'",
        ),
        (("params = { random_state = 0 }", "params = { random_stat = 0 }"), "model.params: "),
        (("n_iter = 4", "n_iter = 0"), "search.n_iter: must be an integer >= 1, got 0"),
        (
            ("max_depth = [1, 8]", "max_depth = [8, 1]"),
            "search.space.max_depth: low must be < high, got low=8, high=1",
        ),
        (("[storage]", "[storag]"), "storag: unknown section"),
    ],
)
def test_config_errors_name_the_key_and_echo_the_value(
    job_dir: Path, edit: tuple[str, str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    text = GOOD.format(method="bayes").replace(*edit)
    assert text != GOOD.format(method="bayes")
    config = _config(job_dir, text)
    out = job_dir / "out"
    assert main(["run", config, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"hyperscout: error: job.toml: {message}" in err, err
    assert "Traceback" not in err
    assert not (out / "job.db").exists()


def test_toml_syntax_error_and_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[data\npath = 1\n")
    assert main(["run", str(bad)]) == 2
    assert "bad.toml: not valid TOML" in capsys.readouterr().err
    assert main(["run", str(tmp_path / "none.toml")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_space_conventions(tmp_path: Path) -> None:
    path = _config(
        tmp_path,
        """
        [data]
        dataset = "palmerpenguins:penguins"
        target = "sex"
        [model]
        estimator = "sklearn.tree.DecisionTreeClassifier"
        [search]
        [search.space]
        a = [0.0001, 0.1, "log-uniform"]
        b = [2, 9]
        c = ["x", "y"]
        d = { categories = [8, 64] }
        e = [1, 2, 3]
        """,
    )
    cfg = load_config(path)
    assert cfg.space["a"] == Dimension("a", 0.0001, 0.1, "log-uniform")
    assert cfg.space["b"].is_int and cfg.space["b"].prior == "uniform"
    assert cfg.space["c"].categories == ("x", "y")
    assert cfg.space["d"].categories == (8, 64)
    assert cfg.space["e"].categories == (1, 2, 3)


def test_grid_fits_the_budget() -> None:
    space = {
        "lr": Dimension("lr", 1e-4, 1e-1, "log-uniform"),
        "leaves": Dimension("leaves", 4, 64, "log-uniform"),
        "kind": Dimension("kind", categories=("a", "b")),
    }
    grid = grid_from_space(space, 20)
    n = len(grid["lr"]) * len(grid["leaves"]) * len(grid["kind"])
    assert n <= 20 and n >= 16
    assert grid["kind"] == ["a", "b"]
    # log-spaced cell centres: equal ratios
    lr = grid["lr"]
    assert lr[1] / lr[0] == pytest.approx(lr[2] / lr[1], rel=1e-2)
    assert all(isinstance(v, int) for v in grid["leaves"])


def test_run_as_a_process(job_dir: Path) -> None:
    config = _config(job_dir, GOOD.format(method="random"))
    cmd = [
        sys.executable,
        "-m",
        "hyperscout.cli",
        "run",
        config,
        "--out",
        str(job_dir / "o"),
        "--no-report",
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=job_dir)
    assert done.returncode == 0, done.stderr
    assert "best ROC AUC" in done.stdout
    assert done.stderr == ""  # not a terminal: no progress bar, no warnings
