"""The ablation's robustness view: per-problem scores as the mean over seeds of each run's own
normalised score, against the summary's score of the median run."""

from __future__ import annotations

import pytest

from benchmarks.bbo.contenders import RANDOM
from benchmarks.bbo.report import Pair, compute_scores, seed_mean_scores


def _pair(contender: str, finals: list[float]) -> Pair:
    # 20-trial runs (the suite's smallest budget) whose best value is the given final one.
    runs = [{"seed": i, "values": [10.0] * 19 + [v]} for i, v in enumerate(finals)]
    return Pair(contender, "branin", runs, [], {})


def test_seed_mean_differs_from_the_median_where_one_run_moves() -> None:
    optimum = 0.397887  # branin's, known to the scores
    rand = 5.0
    pairs = {
        (RANDOM, "branin"): _pair(RANDOM, [rand] * 3),
        # Runs scoring 0, 100 and 100: the median run scores 100, the mean is 66.7.
        ("hs-gp", "branin"): _pair("hs-gp", [rand, optimum, optimum]),
    }
    scores = compute_scores(pairs)
    assert scores.score[("branin", "hs-gp", 20)] == pytest.approx(100.0)
    mean = seed_mean_scores(pairs, scores)
    assert mean.score[("branin", "hs-gp", 20)] == pytest.approx(200.0 / 3)
    assert mean.score[("branin", RANDOM, 20)] == pytest.approx(0.0)
    assert mean.median == scores.median  # only the scores change
