"""A script written for Optuna's core API runs unchanged with ``import hyperscout as optuna``,
on in-memory and SQLite storage; where Optuna is installed, both give the same structure."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from typing import Any

import pytest

SCRIPT = os.path.join(os.path.dirname(__file__), "..", "examples", "optuna_compat", "core_api.py")


def run(module: str, storage: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, SCRIPT, module, storage],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


@pytest.mark.parametrize("kind", ["memory", "sqlite"])
def test_optuna_script_runs_with_hyperscout(kind: str, tmp_path: Any) -> None:
    storage = "memory" if kind == "memory" else f"sqlite:///{tmp_path / 'compat.db'}"
    got = run("hyperscout", storage)
    assert got["n_trials"] == 12 and got["n_complete"] == 12
    assert got["first_params"] == {"classifier": "SVC", "svc_c": 1.0}  # the enqueued trial
    assert got["best_value"] == 1.0 and got["best_number"] == 0
    assert got["best_params"] == {"classifier": "SVC", "svc_c": 1.0}
    assert got["direction"] == "MAXIMIZE" and got["user_attr"] == "SVC"
    assert got["intermediate"] == {"0": 1 / 3, "1": 2 / 3, "2": 1.0}
    assert "params_svc_c" in got["columns"] and "user_attrs_classifier" in got["columns"]
    assert got["names"] == ["compat"]


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["memory", "sqlite"])
def test_same_structure_as_optuna(kind: str, tmp_path: Any) -> None:
    pytest.importorskip("optuna", reason="Optuna is a benchmark extra: pip install -e .[bench]")
    storage = "memory" if kind == "memory" else f"sqlite:///{tmp_path / 'optuna.db'}"
    theirs = run("optuna", storage)
    storage = "memory" if kind == "memory" else f"sqlite:///{tmp_path / 'hyperscout.db'}"
    ours = run("hyperscout", storage)
    for key in ("n_trials", "n_complete", "first_params", "columns", "direction", "names"):
        assert ours[key] == theirs[key], key
    assert ours["states"] == theirs["states"]


TOUR = os.path.join(os.path.dirname(__file__), "..", "examples", "optuna_compat", "parity_tour.py")


def run_tour(module: str, folder: Any) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, TOUR, module, str(folder)], capture_output=True, text=True, timeout=600
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_parity_tour_runs_with_hyperscout(tmp_path: Any) -> None:
    got = run_tour("hyperscout", tmp_path)
    assert got["brute_n"] == 5 and len(set(got["brute_points"])) == 5
    assert {y for _, y in got["partial"]} == {1} and got["grid_exhausted"] is False
    assert got["wilcoxon_states"] == ["COMPLETE", "PRUNED"] and got["n_complete"] == 6
    assert got["told_states"] == ["COMPLETE", "COMPLETE", "FAIL", "FAIL"]
    assert got["best_value"] == -math.inf and got["second_tell"] == "ValueError"
    assert got["replayed"] is True and got["record"][0] == 0.75 and got["fixed"] == 2.25
    assert got["copy_same_params"] is True and got["step_values"] == [0, 4, 8]


@pytest.mark.slow
def test_parity_tour_gives_the_same_results_as_optuna(tmp_path: Any) -> None:
    pytest.importorskip("optuna", reason="Optuna is a benchmark extra: pip install -e .[bench]")
    (tmp_path / "o").mkdir()
    (tmp_path / "h").mkdir()
    assert run_tour("hyperscout", tmp_path / "h") == run_tour("optuna", tmp_path / "o")
