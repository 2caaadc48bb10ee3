"""ParEGO's scalarisation under one GP per objective: log expected improvement of a composite.

ParEGO (Knowles 2006) fits one GP to the scalarised loss ``s(f) = max_i w_i g_i(f_i) + 0.05
sum_i w_i g_i(f_i)`` (``g_i`` scales objective ``i`` to [0, 1]). That target is a maximum of
objectives, not smooth where the maximising objective changes, and on ZDT3 a GP fitted to it
predicts held-out trials worse than the scalarisation of per-objective GPs
(``benchmarks/results/multi_objective.md``). Here each objective keeps its own GP and the
acquisition is the expected improvement of the composite ``s(f(x))`` over the best scalarised
value observed, ``E[(best - s(f(x)))^+]`` with ``f_i(x)`` the independent Gaussian posteriors.
It has no closed form (a maximum of correlated Gaussians), so it is a Monte Carlo average over
base samples ``z`` drawn once per proposal (``f_i = mu_i + sigma_i z_i``, so the acquisition is
a deterministic, differentiable function of ``x``), in log space with a softplus of temperature
``tau`` in place of the ``(.)^+`` so that it stays finite and informative where no sample
improves (the argument of Ament et al. 2023 for log EI):

    log EI(x) = log tau + logsumexp_s log softplus((best - s(f^(s))) / tau) - log S.

The GPs model each objective on its own scale (bad tail compressed by
:func:`~hyperscout.samplers.gp._sampler.squash_bad_tail`, then standardised); samples are
mapped back to the loss (undoing the standardisation and the compression, both monotone)
before scaling, so the scalarisation is the same function of the losses as ParEGO's.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy.special import logsumexp

from hyperscout.samplers.gp._gp import GPModel

__all__ = ["AUGMENTATION", "LogCompositeEI", "Unsquash"]

# ParEGO's augmentation: the weight of the sum of the weighted terms beside their maximum
# (Knowles 2006), which breaks the Chebyshev maximum's ties between a point and one it dominates.
AUGMENTATION = 0.05
# Softplus temperature, in units of the scalarised loss (objectives scaled to [0, 1]).
_TAU = 1e-3
# Beyond this, exp() in the inverse compression is capped (a sample that far in the bad tail
# improves nothing anyway).
_MAX_EXP = 30.0


class Unsquash:
    """The loss of an objective from its GP's value: undo the standardisation (``mean``,
    ``std``) and the bad-tail compression (losses above ``fence``, in units of ``iqr``,
    were mapped to ``fence + iqr log1p((loss - fence) / iqr)``; ``fence=None`` if none)."""

    def __init__(self, mean: float, std: float, fence: float | None, iqr: float) -> None:
        self.mean, self.std, self.fence, self.iqr = mean, std, fence, iqr

    def __call__(self, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Loss and its derivative in ``y``."""
        v = self.mean + self.std * y
        if self.fence is None:
            return v, np.full_like(v, self.std)
        over = v > self.fence
        e = np.exp(np.minimum((v - self.fence) / self.iqr, _MAX_EXP))
        loss = np.where(over, self.fence + self.iqr * (e - 1.0), v)
        return loss, self.std * np.where(over, e, 1.0)


def _log_softplus(u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``log softplus(u)`` and its derivative, stable for large negative ``u``."""
    sp = np.logaddexp(0.0, u)
    small = u < -30.0
    safe = np.where(small, 1.0, sp)
    value = np.where(small, u, np.log(safe))
    sig = np.exp(u - sp)  # sigmoid(u)
    return value, np.where(small, 1.0, sig / safe)


class LogCompositeEI:
    """``log E[(best - s(f(x)))^+]`` (softplus-smoothed, Monte Carlo) under one GP per objective.

    ``unsquash[i]`` maps GP ``i``'s values to losses; ``low`` and ``span`` scale the losses to
    [0, 1]; ``weights`` are ParEGO's; ``best`` is the best scalarised value observed; ``z`` the
    base samples, shape ``(S, m)``. To be maximised.
    """

    def __init__(
        self,
        models: Sequence[GPModel],
        unsquash: Sequence[Unsquash],
        low: np.ndarray,
        span: np.ndarray,
        weights: np.ndarray,
        best: float,
        z: np.ndarray,
        augmentation: float = AUGMENTATION,
    ) -> None:
        self.models = list(models)
        self.unsquash = list(unsquash)
        self.low, self.span, self.weights = low, span, weights
        self.best, self.z = best, z
        self.augmentation = augmentation

    def _value(
        self, mu: np.ndarray, sigma: np.ndarray, grad: bool
    ) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
        """Values ``(n,)`` and, with ``grad``, gradients in ``mu`` and ``sigma`` ``(n, m)``
        (skipped for the sweep's many value-only calls)."""
        m = mu.shape[1]
        y = mu[:, None, :] + sigma[:, None, :] * self.z[None, :, :]  # (n, S, m)
        scaled = np.empty_like(y)
        d_scaled = np.empty_like(y)
        for j in range(m):
            loss, d_loss = self.unsquash[j](y[:, :, j])
            c = self.weights[j] / self.span[j]
            scaled[:, :, j] = (loss - self.low[j]) * c
            d_scaled[:, :, j] = d_loss * c
        top = np.argmax(scaled, axis=2)
        peak = np.take_along_axis(scaled, top[:, :, None], axis=2)[:, :, 0]
        s = peak + self.augmentation * scaled.sum(2)
        lsp, d_lsp = _log_softplus((self.best - s) / _TAU)
        total = logsumexp(lsp, axis=1)
        value = math.log(_TAU) + total - math.log(len(self.z))
        if not grad:
            return value, None, None
        # d value / d s per sample: softmax over samples times d log softplus / du * (-1 / tau).
        a = np.exp(lsp - total[:, None]) * d_lsp * (-1.0 / _TAU)  # (n, S)
        ds_dy = d_scaled * (self.augmentation + (np.arange(m)[None, None, :] == top[:, :, None]))
        g = a[:, :, None] * ds_dy  # (n, S, m)
        return value, g.sum(axis=1), np.einsum("nsm,sm->nm", g, self.z)

    def of_posterior(self, mu: np.ndarray, sigma: np.ndarray) -> np.ndarray:
        """Values at points whose posterior means and standard deviations, ``(n, m)``, are
        given (predicted once and shared by several weight vectors)."""
        return self._value(mu, sigma, grad=False)[0]

    def __call__(self, xs: np.ndarray) -> np.ndarray:
        preds = [model.predict(xs) for model in self.models]
        mu = np.column_stack([p[0] for p in preds])
        sigma = np.sqrt(np.column_stack([p[1] for p in preds]))
        return self._value(mu, sigma, grad=False)[0]

    def value_and_grad(self, xs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        preds = [model.predict_with_grad(xs) for model in self.models]
        mu = np.column_stack([p[0] for p in preds])
        sigma = np.sqrt(np.column_stack([p[1] for p in preds]))
        value, g_mu, g_sigma = self._value(mu, sigma, grad=True)
        assert g_mu is not None and g_sigma is not None
        grad = np.zeros_like(xs, dtype=float)
        for j, (_, _, d_mean, d_var) in enumerate(preds):
            d_sig = d_var / (2.0 * sigma[:, j])[:, None]
            grad += g_mu[:, j, None] * d_mean + g_sigma[:, j, None] * d_sig
        return value, grad
