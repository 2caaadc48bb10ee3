"""The ablation rounds' pairing check (``benchmarks/bbo/pairing.py``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from benchmarks.bbo import harness, pairing


def _store(raw: Path, contender: str, problem: str, runs: dict[str, list[float]]) -> None:
    folder = raw / contender
    folder.mkdir(parents=True, exist_ok=True)
    data = {
        "contender": contender,
        "problem": problem,
        "runs": {s: {"values": v} for s, v in runs.items()},
    }
    (folder / f"{problem}.json").write_text(json.dumps(data))


def test_first_difference() -> None:
    assert pairing.first_difference([1.0, 2.0, 3.0], [1.0, 2.0, 3.0]) is None
    assert pairing.first_difference([1.0, 2.0, 3.0], [1.0, 2.5, 3.0]) == 1
    assert pairing.first_difference([1.0, 2.0], [1.0, 2.0, 9.0]) is None  # common length


def test_counts_runs_paired_over_their_first_trials(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(harness, "RAW", tmp_path)
    base = {"0": [5.0, 4.0, 3.0, 2.0], "1": [5.0, 4.0, 3.0, 2.0], "2": [1.0, 1.0, 1.0, 1.0]}
    ours = {"0": [5.0, 4.0, 3.0, 1.0], "1": [5.0, 0.0, 3.0, 2.0], "2": [1.0, 1.0, 1.0, 1.0]}
    _store(tmp_path, "hs-gp", "toy", base)
    _store(tmp_path, "variant", "toy", ours)
    monkeypatch.setattr(sys, "argv", ["pairing", "--contender", "variant", "--first", "3"])
    pairing.main()
    out = capsys.readouterr().out
    # Seed 0 parts at trial 3 (after the first 3), seed 1 at trial 1, seed 2 never.
    assert "| toy | 2 of 3 | 0: 3, 1: 1, 2: - |" in out
    assert "Paired over the first 3 trials: 2 of 3 runs." in out
