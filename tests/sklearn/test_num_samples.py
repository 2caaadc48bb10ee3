"""Counting samples without scikit-learn's private helper (hyperscout.sklearn._evaluate)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import scipy.sparse

from hyperscout.sklearn._evaluate import num_samples


@pytest.mark.parametrize(
    ("x", "n"),
    [
        (np.zeros((7, 3)), 7),
        (np.zeros(5), 5),
        ([[1, 2], [3, 4], [5, 6]], 3),
        (scipy.sparse.csr_matrix(np.eye(4)), 4),
        (scipy.sparse.coo_array(np.eye(6)), 6),
    ],
)
def test_num_samples(x: Any, n: int) -> None:
    assert num_samples(x) == n


def test_num_samples_of_frames_and_bad_inputs() -> None:
    pd = pytest.importorskip("pandas")
    assert num_samples(pd.DataFrame({"a": range(4), "b": range(4)})) == 4
    assert num_samples(pd.Series(range(9))) == 9
    with pytest.raises(TypeError, match="got int"):
        num_samples(3)
    with pytest.raises(TypeError, match="0-d array"):
        num_samples(np.float64(3.0))
