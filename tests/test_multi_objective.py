from __future__ import annotations

import numpy as np
import pytest

from hyperscout._multi_objective import non_dominated


def _by_definition(loss: np.ndarray) -> np.ndarray:
    """All n^2 pairs: row i is kept when no row is <= everywhere and < somewhere."""
    no_worse = np.all(loss[:, None, :] <= loss[None, :, :], axis=2)
    better = np.any(loss[:, None, :] < loss[None, :, :], axis=2)
    return ~np.any(no_worse & better, axis=0)


@pytest.mark.parametrize("m", [1, 2, 3, 5])
def test_matches_the_definition_on_ties_and_continuous_values(m: int) -> None:
    rng = np.random.default_rng(m)
    for n in [0, 1, 2, 7, 130, 300]:  # below, at and above one batch
        for loss in (rng.normal(size=(n, m)), rng.integers(0, 3, size=(n, m)).astype(float)):
            np.testing.assert_array_equal(non_dominated(loss), _by_definition(loss))


def test_equal_rows_do_not_dominate_each_other() -> None:
    loss = np.array([[1.0, 2.0], [1.0, 2.0], [2.0, 1.0], [2.0, 2.0]])
    np.testing.assert_array_equal(non_dominated(loss), [True, True, True, False])


def test_a_whole_front_of_ten_thousand_rows() -> None:
    x = np.linspace(0.0, 1.0, 10_000)
    assert non_dominated(np.column_stack([x, 1.0 - x])).all()
    loss = np.column_stack([x, 1.0 - x]) + 0.5  # shifted copy: every row dominated
    both = np.vstack([np.column_stack([x, 1.0 - x]), loss])
    np.testing.assert_array_equal(non_dominated(both), np.r_[np.ones(10_000), np.zeros(10_000)])
