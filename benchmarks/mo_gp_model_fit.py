"""How well does the GP model ZDT3's objectives? hyperscout's GP against Optuna's (as a reference).

For seeds 0-2: the trials of a seeded run of hyperscout's default sampler on ZDT3 (10 variables,
the benchmark's problem), 200 trials. At n = 50 and 150 training trials (the first n), each GP
is fitted to the same standardised targets and predicts

- ``next``: the next 50 trials of that run (the points the search actually proposes, near the
  front), and
- ``uniform``: 500 uniform random points of the unit cube (seed 123),

reported as RMSE and mean Gaussian log predictive density (latent variance + noise), both on
the standardised scale of the training targets. Targets: f1, f2, and the ParEGO scalarisation
(``max_i w_i f_i + 0.05 sum_i w_i f_i`` over [0, 1]-scaled losses, 5 weight vectors, scaled by
all trials as the default does), for which ``ours (per-objective)`` scalarises the two
per-objective posteriors (Monte Carlo, 512 draws) instead of modelling the scalarisation.

Optuna's GP (``optuna._gp``) is used only as a measuring reference. Output:
``benchmarks/results/mo_gp_model_fit.json``; the md section is written by hand from it.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from multi_objective import PROBLEMS

RESULTS = Path(__file__).resolve().parent / "results"


def run_trials(seed: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    import hyperscout
    from hyperscout.samplers import default_sampler

    hyperscout.logging.set_verbosity(hyperscout.logging.WARNING)
    spec = PROBLEMS["ZDT3"]
    study = hyperscout.create_study(
        directions=["minimize", "minimize"], sampler=default_sampler(2, seed=seed)
    )

    def objective(t: Any) -> list[float]:
        x = np.array([t.suggest_float(f"x{i}", 0.0, 1.0) for i in range(spec["n"])])
        return spec["f"](x)

    study.optimize(objective, n_trials=n)
    x = np.array([[t.params[f"x{i}"] for i in range(spec["n"])] for t in study.trials])
    y = np.array([t.values for t in study.trials])
    return x, y


def fit_ours(x: np.ndarray, y: np.ndarray, **kw: Any) -> Any:
    from hyperscout.samplers.gp._gp import GPModel, fit_kernel_params

    is_cat = np.zeros(x.shape[1], dtype=bool)
    theta = fit_kernel_params(x, y, is_cat, noise_floor=1e-6, fit_noise=True, theta0=None, **kw)
    return GPModel(x, y, is_cat, theta, 1e-6, True)


def ours_predict(model: Any, xs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean, var = model.predict(xs)
    return mean, var + model.noise


def ours_params(model: Any) -> dict[str, Any]:
    d = model.x.shape[1]
    return {
        "lengthscales": np.exp(model.theta[:d]).round(4).tolist(),
        "signal": round(model.signal, 4),
        "noise": float(f"{model.noise:.3g}"),
    }


def fit_optuna(x: np.ndarray, y: np.ndarray) -> Any:
    from optuna._gp import gp, prior

    return gp.fit_kernel_params(
        X=x,
        Y=y,
        is_categorical=np.zeros(x.shape[1], dtype=bool),
        log_prior=prior.default_log_prior,
        minimum_noise=prior.DEFAULT_MINIMUM_NOISE_VAR,
        deterministic_objective=False,
    )


def optuna_predict(model: Any, xs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    import torch

    with torch.no_grad():
        mean, var = model.posterior(torch.from_numpy(xs))
    return mean.numpy(), var.numpy() + float(model.noise_var)


def optuna_params(model: Any) -> dict[str, Any]:
    return {
        "lengthscales": model.length_scales.round(4).tolist(),
        "signal": round(float(model.kernel_scale), 4),
        "noise": float(f"{float(model.noise_var):.3g}"),
    }


def scores(mean: np.ndarray, var: np.ndarray, y: np.ndarray) -> dict[str, float]:
    rmse = float(np.sqrt(np.mean((mean - y) ** 2)))
    lpd = float(np.mean(-0.5 * np.log(2 * math.pi * var) - 0.5 * (y - mean) ** 2 / var))
    return {"rmse": round(rmse, 4), "lpd": round(lpd, 3)}


def squash_target(train: np.ndarray, test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The default's transform of a loss (squash the bad tail, standardise), fitted on train."""
    # The fence comes from the training values only.
    q25, q75 = np.percentile(-train, [25.0, 75.0])
    iqr = float(q75 - q25)
    fence = q25 - 1.5 * iqr
    out = -np.concatenate([train, test])
    low = out < fence
    out[low] = fence - iqr * np.log1p((fence - out[low]) / iqr)
    mu, sd = float(out[: len(train)].mean()), float(out[: len(train)].std())
    out = (out - mu) / sd
    return out[: len(train)], out[len(train) :]


def main() -> None:
    rng = np.random.RandomState(123)
    uniform = rng.uniform(size=(500, 10))
    f_uniform = np.array([PROBLEMS["ZDT3"]["f"](u) for u in uniform])
    out: list[dict[str, Any]] = []
    for seed in (0, 1, 2):
        x, y = run_trials(seed, 200)
        for n in (50, 150):
            xtr, ytr = x[:n], y[:n]
            tests = {"next": (x[n : n + 50], y[n : n + 50]), "uniform": (uniform, f_uniform)}
            per_obj: dict[str, Any] = {}
            for j, name in enumerate(("f1", "f2")):
                mu, sd = ytr[:, j].mean(), ytr[:, j].std()
                yt = (ytr[:, j] - mu) / sd
                ours, opt = fit_ours(xtr, yt), fit_optuna(xtr, yt)
                row: dict[str, Any] = {
                    "seed": seed,
                    "n": n,
                    "target": name,
                    "ours": ours_params(ours),
                    "optuna": optuna_params(opt),
                }
                for tname, (xs, ys) in tests.items():
                    ys_std = (ys[:, j] - mu) / sd
                    row[f"ours_{tname}"] = scores(*ours_predict(ours, xs), ys_std)
                    row[f"optuna_{tname}"] = scores(*optuna_predict(opt, xs), ys_std)
                # The default's own transform (squash + standardise, on losses): its own scale.
                sq_tr, sq_te = squash_target(ytr[:, j], tests["next"][1][:, j])
                sq_model = fit_ours(xtr, sq_tr)
                row["ours_squashed_next"] = scores(*ours_predict(sq_model, tests["next"][0]), sq_te)
                row["ours_squashed"] = ours_params(sq_model)
                per_obj[name] = (ours, opt, mu, sd)
                out.append(row)
                print(json.dumps(row))
            # ParEGO's scalarisation, as the default builds it (scaled by all trials' range).
            low, high = ytr.min(axis=0), ytr.max(axis=0)
            wrng = np.random.RandomState(seed)
            for _ in range(5):
                w = wrng.dirichlet(np.ones(2))

                def scal(
                    v: np.ndarray, w: np.ndarray = w, low: np.ndarray = low, high: np.ndarray = high
                ) -> np.ndarray:
                    s = (v - low) / (high - low) * w
                    return s.max(axis=-1) + 0.05 * s.sum(axis=-1)

                str_ = scal(ytr)
                mu, sd = str_.mean(), str_.std()
                yt = (str_ - mu) / sd
                ours, opt = fit_ours(xtr, yt), fit_optuna(xtr, yt)
                row = {
                    "seed": seed,
                    "n": n,
                    "target": f"parego w={w.round(3).tolist()}",
                    "ours": ours_params(ours),
                    "optuna": optuna_params(opt),
                }
                for tname, (xs, ys) in tests.items():
                    ys_std = (scal(ys) - mu) / sd
                    row[f"ours_{tname}"] = scores(*ours_predict(ours, xs), ys_std)
                    row[f"optuna_{tname}"] = scores(*optuna_predict(opt, xs), ys_std)
                    # Scalarise the per-objective posteriors (ours) by Monte Carlo.
                    draws = []
                    mc = np.random.RandomState(7).standard_normal((512, len(xs), 2))
                    for j, name in enumerate(("f1", "f2")):
                        m_j, v_j = ours_predict(per_obj[name][0], xs)
                        mu_j, sd_j = per_obj[name][2], per_obj[name][3]
                        draws.append(mu_j + sd_j * (m_j + np.sqrt(v_j) * mc[:, :, j]))
                    s = (scal(np.stack(draws, axis=-1)) - mu) / sd
                    row[f"ours_perobj_{tname}"] = scores(s.mean(0), s.var(0) + 1e-9, ys_std)
                out.append(row)
                print(json.dumps(row))
    (RESULTS / "mo_gp_model_fit.json").write_text(json.dumps(out))


if __name__ == "__main__":
    main()
