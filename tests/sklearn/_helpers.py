"""Comparing cv_results_ dicts the way a user would notice a difference."""

from __future__ import annotations

from typing import Any

import numpy as np


def assert_same_cv_results(ours: dict[str, Any], theirs: dict[str, Any]) -> None:
    """Same keys in the same order, same params, same scores and ranks (times excepted)."""
    assert list(ours) == list(theirs)
    for key, expected in theirs.items():
        got = ours[key]
        if key.endswith("_time"):
            assert np.asarray(got).shape == np.asarray(expected).shape, key
            continue
        if key == "params":
            assert got == expected
            continue
        if isinstance(expected, np.ma.MaskedArray):
            assert isinstance(got, np.ma.MaskedArray), key
            assert got.dtype == expected.dtype, (key, got.dtype, expected.dtype)
            np.testing.assert_array_equal(got.mask, expected.mask, err_msg=key)
            assert list(got.compressed()) == list(expected.compressed()), key
            continue
        got_arr, exp_arr = np.asarray(got), np.asarray(expected)
        assert got_arr.dtype == exp_arr.dtype, (key, got_arr.dtype, exp_arr.dtype)
        np.testing.assert_allclose(got_arr, exp_arr, rtol=1e-12, atol=0, err_msg=key)


# scikit-learn's estimator checks feed the searches degenerate data on purpose (NaN and infinite
# values, folds of one sample), so some fits fail and some scores are undefined. The notices the
# searches give their users then (failed fits, non-finite scores, R² of one sample, NaN cast)
# are checked by their own tests (test_grid_random, test_halving); here they are noise.
DEGENERATE_DATA_NOTICES = [
    "ignore::sklearn.exceptions.FitFailedWarning",
    "ignore::sklearn.exceptions.UndefinedMetricWarning",
    "ignore:One or more of the (train|test) scores are non-finite:UserWarning",
    "ignore:Scoring failed:UserWarning",
    "ignore:invalid value encountered in cast:RuntimeWarning",
]


def quiet_degenerate_data_notices(test: Any) -> Any:
    """Apply the :data:`DEGENERATE_DATA_NOTICES` filters to one test function."""
    import pytest

    for spec in DEGENERATE_DATA_NOTICES:
        test = pytest.mark.filterwarnings(spec)(test)
    return test
