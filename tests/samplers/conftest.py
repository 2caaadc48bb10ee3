"""Fixtures the sampler tests share."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from hyperscout.samplers.gp._gp import GPModel, fit_kernel_params


def _assert_gradient_matches_finite_differences(
    acq: Any,
    xs: np.ndarray,
    columns: Iterable[int] | None = None,
    *,
    h: float = 1e-6,
    rtol: float = 1e-4,
    atol: float = 1e-6,
) -> np.ndarray:
    """``acq.value_and_grad(xs)`` gives ``acq(xs)``, and its gradient in each of ``columns``
    (every column by default) the central difference of ``acq`` with step ``h``. Returns the
    gradient, for checks of the columns left out."""
    value, grad = acq.value_and_grad(xs)
    np.testing.assert_allclose(value, acq(xs), rtol=1e-10, atol=1e-10)
    for j in range(xs.shape[1]) if columns is None else columns:
        step = np.zeros(xs.shape[1])
        step[j] = h
        fd = (acq(xs + step) - acq(xs - step)) / (2 * h)
        np.testing.assert_allclose(grad[:, j], fd, rtol=rtol, atol=atol)
    return grad


@pytest.fixture
def gradient_check() -> Callable[..., np.ndarray]:
    """:func:`_assert_gradient_matches_finite_differences`, for the acquisitions' tests (a
    fixture rather than an import: ``test_gp`` is also imported outside pytest, by its
    fresh-process test, where this folder is not a package)."""
    return _assert_gradient_matches_finite_differences


def _two_noisy_objective_gps(rng: np.random.RandomState) -> tuple[np.ndarray, list[GPModel]]:
    """25 random points in 3-D and one GP each for two noisy smooth objectives on them."""
    x = rng.rand(25, 3)
    is_cat = np.zeros(3, dtype=bool)
    ys = [
        np.sin(3 * x[:, 0]) + x[:, 1] + 0.3 * rng.randn(25),
        np.cos(2 * x[:, 2]) - x[:, 0] + 0.3 * rng.randn(25),
    ]
    models = []
    for y in ys:
        y = (y - y.mean()) / y.std()
        theta = fit_kernel_params(x, y, is_cat, noise_floor=1e-6, fit_noise=True, theta0=None)
        models.append(GPModel(x, y, is_cat, theta, 1e-6, True))
    return x, models


@pytest.fixture
def two_objective_gps() -> Callable[..., tuple[np.ndarray, list[GPModel]]]:
    """:func:`_two_noisy_objective_gps`, for the tests of acquisitions over several objectives."""
    return _two_noisy_objective_gps


def _pinned_kernels_env() -> dict[str, str] | None:
    """The environment that gives numpy the kernels the pinned values were computed with, or
    ``None`` where this platform cannot.

    numpy picks its SIMD kernels for exp, log and the like by CPU, and AVX-512's round a few
    results differently from AVX2's in the last bit. One such bit can flip which candidate a sampler
    picks, and every later proposal follows, so the same code proposes other points on an
    AVX-512 machine. The pinned values were computed with x86-64-v3 (AVX2/FMA) kernels: on a v4
    machine the runs are made with the v4 kernels switched off, which numpy allows by environment variable.

    OpenBLAS (numpy's and scipy's linear algebra) also picks its kernels by CPU, and the pinned
    values were computed with its SkylakeX kernels (an Intel AVX-512 machine). An AMD AVX-512
    machine gets other kernels by default, whose last bits differ (seen: the composite ParEGO's
    pinned proposals moved from the 12th trial on), so the runs name SkylakeX's, which need
    AVX-512; without AVX-512 the pinned values cannot be reproduced and the tests skip.
    """
    try:
        from numpy._core._multiarray_umath import __cpu_features__ as features
    except ImportError:
        return None
    if not features.get("X86_V4"):
        return None
    return {**os.environ, "NPY_DISABLE_CPU_FEATURES": "X86_V4", "OPENBLAS_CORETYPE": "SkylakeX"}


@pytest.fixture
def run_with_pinned_kernels() -> Callable[..., Any]:
    """``run(code, *args)``: runs ``code`` in a fresh Python with numpy's kernels those of the
    pinned values (skipping the test where this platform lacks them) and returns the JSON its
    last line of output prints. ``code`` can import the test modules of this folder and reads
    its ``args`` as ``sys.argv[1:]``."""
    env = _pinned_kernels_env()
    if env is None:
        pytest.skip("the pinned values need an x86-64 CPU with AVX-512 (OpenBLAS's SkylakeX kernels)")

    def run(code: str, *args: str) -> Any:
        prelude = "import sys; sys.path.insert(0, sys.argv.pop(1))\n"
        out = subprocess.run(
            [sys.executable, "-c", prelude + code, str(Path(__file__).parent), *args],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        return json.loads(out.stdout.strip().splitlines()[-1])

    return run
