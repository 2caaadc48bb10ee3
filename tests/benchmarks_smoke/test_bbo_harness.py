"""The BBO benchmark harness runs end to end on a tiny slice (benchmarks never run in tests)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def bbo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.syspath_prepend(str(ROOT))
    for mod in [m for m in sys.modules if m.startswith("benchmarks.bbo")]:
        monkeypatch.delitem(sys.modules, mod)
    monkeypatch.setenv("HYPERSCOUT_BBO_RESULTS", str(tmp_path))
    from benchmarks.bbo import __main__ as cli
    from benchmarks.bbo.problems import get_problems

    return cli, get_problems, tmp_path


@pytest.mark.slow  # imports scikit-learn and matplotlib; ~10 s alone, more on a loaded machine
def test_one_problem_two_contenders_one_seed(bbo) -> None:  # type: ignore[no-untyped-def]
    cli, get_problems, out = bbo
    argv = ["--problems", "branin", "--contenders", "hs-random,hs-qmc"]
    assert cli.main([*argv, "--budget", "5", "--seeds", "1", "--no-report"]) == 0
    branin = get_problems(["branin"])[0]
    for name in ("hs-random", "hs-qmc"):
        data = json.loads((out / "raw" / name / "branin.json").read_text())
        assert list(data["runs"]) == ["0"]
        run = data["runs"]["0"]
        assert "error" not in run
        assert len(run["values"]) == len(run["gaps_ms"]) == 5
        assert min(run["values"]) >= branin.optimum - 1e-6
        assert run["total_s"] >= run["objective_s"] >= 0
    # a second, partial run merges: the other contender's file is left as it was
    before = (out / "raw" / "hs-qmc" / "branin.json").read_text()
    assert cli.main([*argv[:2], "--contenders", "hs-random", "--budget", "5", "--seeds", "2",
                     "--no-report"]) == 0
    assert (out / "raw" / "hs-qmc" / "branin.json").read_text() == before
    runs = json.loads((out / "raw" / "hs-random" / "branin.json").read_text())["runs"]
    assert sorted(runs) == ["0", "1"]
    assert cli.main(["--report-only"]) == 0
    assert "hyperscout QMC" in (out / "summary.md").read_text()
