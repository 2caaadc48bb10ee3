"""reseed_rng(stream=i): a seeded sampler's workers get distinct, reproducible streams."""

from __future__ import annotations

import pytest

import hyperscout
from hyperscout.samplers import (
    BaseSampler,
    GPSampler,
    GridSampler,
    QMCSampler,
    RandomSampler,
    TPESampler,
)
from hyperscout.samplers._base import reseed_sampler, stream_seed


def _draws(sampler: BaseSampler, n: int = 5) -> list[float]:
    study = hyperscout.create_study(sampler=sampler)
    study.optimize(lambda t: t.suggest_float("x", 0.0, 1.0), n_trials=n)
    return [t.params["x"] for t in study.trials]


def test_stream_seed_is_deterministic_and_distinct_per_stream() -> None:
    assert stream_seed(7, 0) == stream_seed(7, 0)
    assert len({stream_seed(7, i) for i in range(8)}) == 8
    assert stream_seed(7, 0) != stream_seed(8, 0)
    assert stream_seed(None, 3) is None
    assert stream_seed(7, None) is None
    with pytest.raises(ValueError, match="stream=-1"):
        stream_seed(7, -1)


@pytest.mark.parametrize("make", [RandomSampler, TPESampler, GPSampler])
def test_seeded_sampler_streams_are_reproducible_and_distinct(make) -> None:  # type: ignore[no-untyped-def]
    def draws(stream: int) -> list[float]:
        sampler = make(seed=3)
        sampler.reseed_rng(stream=stream)
        return _draws(sampler)

    assert draws(0) == draws(0)
    assert draws(0) != draws(1)


def test_qmc_and_grid_accept_a_stream() -> None:
    qmc = QMCSampler(seed=1)
    qmc.reseed_rng(stream=2)
    assert len(set(_draws(qmc, 4))) == 4
    grid = GridSampler({"x": [0.1, 0.2]}, seed=1)
    grid.reseed_rng(stream=2)
    assert sorted(_draws(grid, 2)) == [0.1, 0.2]


def test_reseed_sampler_falls_back_to_a_hook_without_argument() -> None:
    class OldStyle(RandomSampler):
        calls = 0

        def reseed_rng(self) -> None:  # type: ignore[override]
            OldStyle.calls += 1
            super().reseed_rng()

    reseed_sampler(OldStyle(seed=0), 4)
    assert OldStyle.calls == 1
