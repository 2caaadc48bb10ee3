"""The exact hypervolume against brute force: counting unit cells on integer coordinates, and
inclusion-exclusion over the boxes on real coordinates."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import hyperscout
from hyperscout import hypervolume


def _cells(points: np.ndarray, ref: int) -> float:
    """Number of unit cells [c, c + 1] inside [0, ref]^m that some point dominates."""
    m = points.shape[1]
    grid = np.stack(np.meshgrid(*[np.arange(ref)] * m, indexing="ij"), axis=-1).reshape(-1, m)
    covered = np.zeros(grid.shape[0], dtype=bool)
    for p in points:
        covered |= np.all(grid >= p, axis=1)
    return float(covered.sum())


def _inclusion_exclusion(points: np.ndarray, ref: np.ndarray) -> float:
    total = 0.0
    for k in range(1, len(points) + 1):
        for subset in itertools.combinations(range(len(points)), k):
            corner = points[list(subset)].max(axis=0)
            total += (-1) ** (k + 1) * float(np.prod(np.clip(ref - corner, 0, None)))
    return total


@pytest.mark.parametrize("m", [2, 3, 4, 5])
@pytest.mark.parametrize("seed", range(6))
def test_integer_fronts_match_cell_counting(m: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    ref = {2: 30, 3: 14, 4: 8, 5: 6}[m]
    n = int(rng.integers(1, 40))
    points = rng.integers(0, ref, size=(n, m)).astype(float)
    assert hypervolume(points, [ref] * m) == pytest.approx(_cells(points, ref), abs=1e-9)


@pytest.mark.parametrize("m", [2, 3, 4, 5])
@pytest.mark.parametrize("seed", range(5))
def test_real_fronts_match_inclusion_exclusion(m: int, seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    # Points near a sphere, so that most of them are on the front.
    raw = np.abs(rng.normal(size=(10, m)))
    points = raw / np.linalg.norm(raw, axis=1, keepdims=True)
    ref = np.full(m, 1.1)
    expected = _inclusion_exclusion(points, ref)
    assert hypervolume(points, ref) == pytest.approx(expected, rel=1e-10)


def test_points_not_dominating_the_reference_are_ignored() -> None:
    points = [[1.0, 1.0], [3.0, 0.0], [0.5, 2.0], [5.0, 5.0]]
    assert hypervolume(points, [2.0, 2.0]) == pytest.approx(1.0)
    assert hypervolume([[3.0, 3.0]], [2.0, 2.0]) == 0.0
    assert hypervolume(np.empty((0, 3)), [1.0, 1.0, 1.0]) == 0.0


def test_duplicates_and_dominated_points_change_nothing() -> None:
    rng = np.random.default_rng(7)
    points = rng.random((30, 3))
    base = hypervolume(points, [1.0, 1.0, 1.0])
    noisy = np.vstack([points, points, points + 0.01])
    assert hypervolume(noisy, [1.0, 1.0, 1.0]) == pytest.approx(base, rel=1e-12)


def test_one_objective_and_known_values() -> None:
    assert hypervolume([[0.2], [0.5]], [1.0]) == pytest.approx(0.8)
    assert hypervolume([[1.0, 2.0], [2.0, 1.0]], [3.0, 3.0]) == pytest.approx(3.0)
    assert hypervolume([[0.0, 0.0, 0.0, 0.0]], [1.0, 2.0, 3.0, 4.0]) == pytest.approx(24.0)


def test_bad_input_is_rejected_with_the_rule() -> None:
    with pytest.raises(ValueError, match="one column per objective"):
        hypervolume([[1.0, 2.0, 3.0]], [4.0, 4.0])
    with pytest.raises(ValueError, match="NaN"):
        hypervolume([[np.nan, 1.0]], [2.0, 2.0])
    with pytest.raises(ValueError, match="reference_point"):
        hypervolume([[1.0]], [])


def test_infinite_reference_point() -> None:
    assert hypervolume([[1.0, 1.0]], [np.inf, 2.0]) == np.inf


def test_exported_at_the_top_level() -> None:
    assert hyperscout.hypervolume is hypervolume
