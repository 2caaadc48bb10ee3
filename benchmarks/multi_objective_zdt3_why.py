"""Why the composite ParEGO sends ZDT3 proposals next to the end point (0, 1) (multi_objective.md,
ablation8).

Replays the default's 100-trial ZDT3 runs (seeds 0-4; deterministic under their seeds, so the
benchmark's runs) and records, at each model-based proposal: the weights drawn, the incumbent
under them, the per-objective posterior mean and standard deviation at the proposed point (as
losses), the Monte Carlo samples' improvement split by the term of the scalarisation that is
largest (f1's or f2's), the log EI there, and the kernel of each objective's GP. Proposals are
then split by where they landed: "wasted" (f1 < 0.06 and 1.6 < f2 < 8, the waste script's
test) or "other".

    nice -n 10 env OMP_NUM_THREADS=1 python benchmarks/multi_objective_zdt3_why.py [--seeds 0 1]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import multi_objective as mo

# The per-proposal records (a scratch file, not a result: the table is printed).
OUT = Path(tempfile.gettempdir()) / "multi_objective_zdt3_why.json"


def _posterior(acq: Any, u: np.ndarray) -> dict[str, Any]:
    """Per-objective posterior at the encoded point ``u`` (losses) and the scalarisation's
    Monte Carlo improvement over the incumbent, split by the maximising term."""
    preds = [m.predict(u[None, :]) for m in acq.models]
    out: dict[str, Any] = {}
    scaled = []
    for j, (mu, var) in enumerate(preds):
        y = mu[0] + np.sqrt(var[0]) * acq.z[:, j]
        loss = acq.unsquash[j](y)[0]
        out[f"mean{j}"] = float(acq.unsquash[j](mu)[0][0])
        out[f"std{j}"] = float(np.std(loss))
        out[f"std_gp{j}"] = float(np.sqrt(var[0]))
        # Share of the samples whose loss is below the best observed loss of objective j.
        scaled.append((loss - acq.low[j]) / acq.span[j] * acq.weights[j])
    sc = np.column_stack(scaled)
    s = sc.max(axis=1) + 0.05 * sc.sum(axis=1)
    gain = np.maximum(acq.best - s, 0.0)
    top = np.argmax(sc, axis=1)
    total = float(gain.sum())
    out["ei"] = float(gain.mean())
    out["p_improve"] = float(np.mean(gain > 0))
    out["gain_top0"] = float(gain[top == 0].sum() / total) if total > 0 else float("nan")
    # Share of the gain from samples with f1 below the lowest f1 observed (an extension of the
    # front's f1 end, which on ZDT3 is impossible once f1 = 0 is reached).
    below = acq.unsquash[0](preds[0][0][0] + np.sqrt(preds[0][1][0]) * acq.z[:, 0])[0] < acq.ideal0
    out["gain_below_ideal0"] = float(gain[below].sum() / total) if total > 0 else float("nan")
    # The same at the posterior mean, no uncertainty: is the mean itself an improvement?
    mean_scaled = np.array(
        [(out[f"mean{j}"] - acq.low[j]) / acq.span[j] * acq.weights[j] for j in range(sc.shape[1])]
    )
    out["mean_gain"] = float(acq.best - (mean_scaled.max() + 0.05 * mean_scaled.sum()))
    out["log_ei"] = float(acq(u[None, :])[0])
    return out


def replay(seed: int) -> list[dict[str, Any]]:
    from hyperscout.samplers.gp import GPSampler

    real_acq = GPSampler._composite_acquisition
    real_max = GPSampler._maximize_multi
    records: list[dict[str, Any]] = []
    current: dict[str, Any] = {}

    def spy_acq(self: GPSampler, fit: Any, low: Any, span: Any, w: Any, z: Any) -> Any:
        acq, starts = real_acq(self, fit, low, span, w, z)
        acq.ideal0 = float(fit.loss[:, 0].min())
        scal = mo_chebyshev((fit.loss - low) / span, w)
        best_i = int(np.argmin(scal))
        current.clear()
        current.update(
            acq=acq,
            fit=fit,
            w=[float(v) for v in w],
            incumbent=[float(v) for v in fit.loss[best_i]],
            low=[float(v) for v in low],
            span=[float(v) for v in span],
        )
        return acq, starts

    def spy_max(self: GPSampler, acq: Any, fit: Any, trials: Any, *a: Any, **kw: Any) -> Any:
        info = kw.get("info")
        if info is None:
            kw["info"] = info = {}
        params = real_max(self, acq, fit, trials, *a, **kw)
        u = fit.enc.encode([params])[0]
        rec = {
            "w": current["w"],
            "incumbent": current["incumbent"],
            "span": current["span"],
            "low": current["low"],
            "ideal": [float(v) for v in fit.loss.min(axis=0)],
            "from_sweep": bool(info.get("from_sweep")),
            "x0": float(u[0]),
            "dist": float(np.mean(u[1:])),
        }
        rec.update(_posterior(acq, u))
        for j, model in enumerate(fit.models):
            d = model.x.shape[1]
            ls = np.exp(model.theta[:d])
            rec[f"ls{j}_x0"] = float(ls[0])
            rec[f"ls{j}_rest_median"] = float(np.median(ls[1:]))
            rec[f"signal{j}"] = float(model.signal)
            rec[f"noise{j}"] = float(model.noise)
        # Where the rest of the evaluated points near x0 = 0 sit: the smallest f2 observed
        # among trials with f1 < 0.06 (f2 >= 1 there, by ZDT3's construction).
        near = fit.loss[fit.loss[:, 0] < 0.06]
        rec["min_f2_near_end"] = float(near[:, 1].min()) if len(near) else float("nan")
        records.append(rec)
        return params

    GPSampler._composite_acquisition = spy_acq  # type: ignore[method-assign]
    GPSampler._maximize_multi = spy_max  # type: ignore[method-assign]
    try:
        res = mo.run_synthetic("ZDT3", mo.CONTENDERS["hyperscout default"], seed, 100)
    finally:
        GPSampler._composite_acquisition = real_acq  # type: ignore[method-assign]
        GPSampler._maximize_multi = real_max  # type: ignore[method-assign]
    rows = res["rows"][10:]
    assert len(rows) == len(records), (len(rows), len(records))
    for rec, f in zip(records, rows):
        rec["f"] = [float(f[0]), float(f[1])]
        rec["wasted"] = bool(f[0] < 0.06 and 1.6 < f[1] < 8)
    print(f"seed {seed}: hv {mo.hv_of(res['rows'], 2, mo.REF_ZDT, 100):.3f}", flush=True)
    return records


def mo_chebyshev(scaled: np.ndarray, w: np.ndarray) -> np.ndarray:
    return (scaled * w).max(axis=1) + 0.05 * (scaled * w).sum(axis=1)


def summarise(data: dict[str, list[dict[str, Any]]]) -> None:
    recs = [r for runs in data.values() for r in runs]
    groups = {
        "wasted": [r for r in recs if r["wasted"]],
        "other": [r for r in recs if not r["wasted"]],
    }

    def med(rs: list[dict[str, Any]], key: str) -> str:
        v = np.array([r[key] for r in rs], dtype=float)
        v = v[np.isfinite(v)]
        if not len(v):
            return "-"
        q = np.percentile(v, [25, 50, 75])
        return f"{q[1]:.3g} [{q[0]:.3g}, {q[2]:.3g}]"

    keys = [
        "w0",
        "inc_f1",
        "inc_f2",
        "x0",
        "dist",
        "mean0",
        "std0",
        "mean1",
        "std1",
        "std_gp1",
        "f2_actual",
        "mean_gain",
        "p_improve",
        "gain_top0",
        "gain_below_ideal0",
        "log_ei",
        "bind0",
        "dead",
        "ls1_x0",
        "ls1_rest_median",
        "noise1",
        "ls0_x0",
        "ls0_rest_median",
        "noise0",
    ]
    for r in recs:
        r["w0"] = r["w"][0]
        r["inc_f1"], r["inc_f2"] = r["incumbent"]
        r["f2_actual"] = r["f"][1]
        terms = [r["w"][j] * (r["incumbent"][j] - r["low"][j]) / r["span"][j] for j in range(2)]
        j = int(np.argmax(terms))
        # The incumbent's binding term is an objective at its lowest observed value: under
        # these weights only a new lowest value of that objective improves the scalarisation.
        r["bind0"] = float(j == 0)
        r["dead"] = float(r["incumbent"][j] <= r["ideal"][j])
    n_wasted, n_other = (len(g) for g in groups.values())
    print(f"| quantity | wasted (n={n_wasted}) | other (n={n_other}) |")
    print("|---|---|---|")
    for k in keys:
        print(f"| {k} | {med(groups['wasted'], k)} | {med(groups['other'], k)} |")
    for name, g in groups.items():
        fb = sum(r["from_sweep"] for r in g)
        end = sum(r["inc_f1"] < 1e-3 for r in g)
        dead = [sum(r["dead"] and r["bind0"] == (j == 0) for r in g) for j in range(2)]
        print(
            f"{name}: from sweep {fb}, incumbent at f1 < 1e-3: {end}, "
            f"dead weights in f1: {dead[0]}, in f2: {dead[1]}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, nargs="*", default=mo.SEEDS)
    args = parser.parse_args()
    mo._quiet()
    data = json.loads(OUT.read_text()) if OUT.exists() else {}
    for seed in args.seeds:
        if str(seed) not in data:
            data[str(seed)] = replay(seed)
            OUT.write_text(json.dumps(data))
    summarise(data)


if __name__ == "__main__":
    main()
