"""What the per-objective GPs of the composite ParEGO learn about irrelevant inputs
(multi_objective.md, ablation9).

Replays the default's 100-trial runs (seeds 0-4; deterministic under their seeds, so the
benchmark's runs) of ZDT3 (10 variables; f1 = x0, so x1-x9 are irrelevant to f1) and DTLZ2 (12
variables, 3 objectives, every objective depends on every variable), and records:

- at the proposals of trials 30, 60 and 90, each objective's GP: the lengthscale of x0, the
  median and range of the other inputs' lengthscales, the signal and noise variances (on the
  GP's standardised scale);
- ZDT3, at every model-based proposal: f1's posterior sd at the proposed point as a loss, and
  the same sd with the kernel blind to x1-x9 (their inverse squared lengthscales set to 0,
  everything else unchanged): the share of f1's posterior variance that the irrelevant inputs
  cause is ``1 - var_blind / var``. Also f1's posterior mass below its lowest observed value
  and the noise's sd as a loss; and at every third proposal the same sd after refitting f1's
  kernel with the lengthscale prior centred at log 1 = 0 and at Hvarfner et al.'s sqrt2 +
  log(d)/2 (the ablation9 variant's prior; the refit only, the run is the default's). Proposals are split "wasted" / "other" as the ZDT3 scripts do.

With ``--modes``, instead: the runs of ``--label`` replayed, and at the proposals of trials
30, 60 and 90 each objective's kernel refitted under the long prior (ablation9's,
``_gp.long_ls_prior_centres``) from two starts, that prior's centres and the default prior's
(where the default sampler's fits start): the difference of the two fits' negative log
posteriors (positive: the default prior's centres found the higher posterior), and the
lengthscales and noise of each.

    nice -n 10 env OMP_NUM_THREADS=1 python benchmarks/multi_objective_lengthscales.py
With ``--gate``, instead: the runs of ``--label`` replayed, and at every model-based proposal
the inputs that ablation10's gate (``_gp.irrelevant_inputs``: a fitted lengthscale more than 3
prior sds above the prior's centre) marks in each objective's model, by stretch of trials.

    nice -n 10 env OMP_NUM_THREADS=1 python benchmarks/multi_objective_lengthscales.py
    nice -n 10 env OMP_NUM_THREADS=1 python benchmarks/multi_objective_lengthscales.py \\
        --modes --problems DTLZ2 ZDT3 \\
        --label 'hyperscout GP (composite ParEGO, utopian point, long lengthscale prior)'
    nice -n 10 env OMP_NUM_THREADS=1 python benchmarks/multi_objective_lengthscales.py --gate
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import numpy as np
from scipy.stats import norm

sys.path.insert(0, str(Path(__file__).resolve().parent))

import multi_objective as mo

CHECKPOINTS = (30, 60, 90)
N_STARTUP = 10


def _kernel(model: Any) -> dict[str, float]:
    d = model.x.shape[1]
    ls = np.exp(model.theta[:d])
    return {
        "ls_x0": float(ls[0]),
        "ls_rest_median": float(np.median(ls[1:])),
        "ls_rest_min": float(ls[1:].min()),
        "ls_rest_max": float(ls[1:].max()),
        "signal": float(model.signal),
        "noise": float(model.noise),
    }


def _blind_sd(model: Any, u: np.ndarray, blind: np.ndarray) -> float:
    """Posterior sd (standardised) at ``u`` with the kernel ignoring the columns ``blind``."""
    from hyperscout.samplers.gp._gp import GPModel

    theta = model.theta.copy()
    theta[np.flatnonzero(blind)] = 50.0  # lengthscale e^50: the column drops out of r^2
    twin = GPModel(model.x, model.y, model.is_cat, theta, model.noise_floor, model.fit_noise)
    return float(np.sqrt(twin.predict(u[None, :])[1][0]))


def _refit(model: Any, centre: float | None, one_sided: bool = False) -> Any:
    """The model with its kernel refitted (from the prior's centre) under the lengthscale
    prior centred at ``centre`` (numeric columns; None: the default centre), flat above it
    if ``one_sided``."""
    from hyperscout.samplers.gp import _gp

    centres = _gp.ls_prior_centres(model.is_cat)
    if centre is not None:
        centres = np.where(model.is_cat, centres, centre)
    return _fit(model, centres, None, one_sided)


def _fit(model: Any, centres: np.ndarray, theta0: Any, one_sided: bool = False) -> Any:
    """``model``'s data with its kernel fitted from ``theta0`` (None: the prior's centre) under
    the lengthscale priors centred at ``centres``, flat above them if ``one_sided``."""
    from hyperscout.samplers.gp import _gp

    theta = _gp.fit_kernel_params(
        model.x,
        model.y,
        model.is_cat,
        noise_floor=model.noise_floor,
        fit_noise=model.fit_noise,
        theta0=theta0,
        ls_centres=centres,
        ls_one_sided=one_sided,
    )
    return _gp.GPModel(model.x, model.y, model.is_cat, theta, model.noise_floor, model.fit_noise)


def _refit_sd(
    model: Any, u: np.ndarray, centre: float | None, one_sided: bool = False
) -> tuple[float, dict[str, float]]:
    """f1's posterior sd at ``u`` after :func:`_refit`, and the refitted kernel."""
    twin = _refit(model, centre, one_sided)
    return float(np.sqrt(twin.predict(u[None, :])[1][0])), _kernel(twin)


def replay(problem: str, seed: int, label: str = "hyperscout default") -> list[dict[str, Any]]:
    from hyperscout.samplers.gp import GPSampler

    real_max = GPSampler._maximize_multi
    records: list[dict[str, Any]] = []

    def spy_max(self: GPSampler, acq: Any, fit: Any, trials: Any, *a: Any, **kw: Any) -> Any:
        params = real_max(self, acq, fit, trials, *a, **kw)
        number = N_STARTUP + len(records)
        rec: dict[str, Any] = {"number": number}
        if number in CHECKPOINTS:
            rec["kernels"] = [_kernel(m) for m in fit.models]
            rec["kernels_onesided"] = [_kernel(_refit(m, None, True)) for m in fit.models]
        u = fit.enc.encode([params])[0]
        # How far the proposal's inputs after the first lie from the box's middle (DTLZ2's
        # front has x2-x11 = 0.5; ZDT's x1-x9 = 0): the largest deviation.
        rec["off_middle"] = float(np.abs(u[1:] - 0.5).max())
        if problem == "ZDT3":
            u = fit.enc.encode([params])[0]
            f1 = fit.models[0]
            un = fit.unsquash[0]
            mu, var = f1.predict(u[None, :])
            sd = float(np.sqrt(var[0]))
            blind = np.arange(len(u)) >= 1
            sd_blind = _blind_sd(f1, u, blind)
            # As losses (f1 is never compressed here: no bad tail on [0, 1]).
            lowest = float(fit.loss[:, 0].min())
            mean_loss = float(un(mu)[0][0])
            rec.update(
                sd1=sd * un.std,
                sd1_blind=sd_blind * un.std,
                share_irrelevant=1.0 - (sd_blind / sd) ** 2,
                noise_sd1=float(np.sqrt(f1.noise)) * un.std,
                mean1=mean_loss,
                p_below=float(norm.cdf((lowest - mean_loss) / (sd * un.std))),
            )
            if number % 3 == 0 or number in CHECKPOINTS:
                from hyperscout.samplers.gp._gp import long_ls_prior_centres

                long = float(long_ls_prior_centres(np.zeros(len(u), dtype=bool))[0])
                for key, centre, one_sided in (
                    ("centre0", 0.0, False),
                    ("hvarfner", long, False),
                    ("onesided", None, True),
                ):
                    sd_c, kern_c = _refit_sd(f1, u, centre, one_sided)
                    rec[f"sd1_{key}"] = sd_c * un.std
                    rec[f"sd_ratio_{key}"] = sd_c / sd
                    rec[f"p_below_{key}"] = float(norm.cdf((lowest - mean_loss) / (sd_c * un.std)))
                    rec[f"kernel_{key}"] = kern_c
        records.append(rec)
        return params

    GPSampler._maximize_multi = spy_max  # type: ignore[method-assign]
    try:
        res = mo.run_synthetic(problem, mo.CONTENDERS[label], seed, 100)
    finally:
        GPSampler._maximize_multi = real_max  # type: ignore[method-assign]
    rows = res["rows"][N_STARTUP:]
    assert len(rows) == len(records), (len(rows), len(records))
    for rec, f in zip(records, rows):
        rec["wasted"] = bool(problem == "ZDT3" and f[0] < 0.06 and 1.6 < f[1] < 8)
    spec = mo.PROBLEMS[problem]
    print(f"{problem} seed {seed}: hv {mo.hv_of(res['rows'], spec['m'], spec['ref'], 100):.3f}")
    return records


def modes(problem: str, seed: int, label: str) -> list[dict[str, Any]]:
    """The long prior's fits from its own centres and from the default prior's (see the module
    docstring), at the proposals of trials ``CHECKPOINTS`` of ``label``'s run."""
    from hyperscout.samplers.gp import GPSampler, _gp

    real_max = GPSampler._maximize_multi
    seen: list[int] = []
    records: list[dict[str, Any]] = []

    def spy_max(self: GPSampler, acq: Any, fit: Any, trials: Any, *a: Any, **kw: Any) -> Any:
        number = N_STARTUP + len(seen)
        seen.append(number)
        if number in CHECKPOINTS:
            for j, m in enumerate(fit.models):
                centres = _gp.long_ls_prior_centres(m.is_cat)
                sq = _gp.pairwise_sq_diffs(m.x, m.x, m.is_cat)
                rec: dict[str, Any] = {"number": number, "objective": j + 1}
                for key, start in (
                    ("own", _gp.default_theta(m.is_cat, centres)),
                    ("default", _gp.default_theta(m.is_cat)),
                ):
                    twin = _fit(m, centres, start)
                    rec[f"nlp_{key}"] = _gp.neg_log_posterior(
                        twin.theta, sq, m.y, m.noise_floor, m.fit_noise, centres
                    )[0]
                    rec[f"kernel_{key}"] = _kernel(twin)
                records.append(rec)
        return real_max(self, acq, fit, trials, *a, **kw)

    GPSampler._maximize_multi = spy_max  # type: ignore[method-assign]
    try:
        mo.run_synthetic(problem, mo.CONTENDERS[label], seed, 100)
    finally:
        GPSampler._maximize_multi = real_max  # type: ignore[method-assign]
    return records


def gate(problem: str, seed: int, label: str) -> list[dict[str, Any]]:
    """Which inputs ``_gp.irrelevant_inputs`` marks in each objective's model (fitted as
    ``label`` fits it) at every model-based proposal of ``label``'s run."""
    from hyperscout.samplers.gp import GPSampler, _gp

    real_max = GPSampler._maximize_multi
    records: list[dict[str, Any]] = []

    def spy_max(self: GPSampler, acq: Any, fit: Any, trials: Any, *a: Any, **kw: Any) -> Any:
        number = N_STARTUP + len(records)
        marks = [_gp.irrelevant_inputs(m.theta, m.is_cat) for m in fit.models]
        records.append({"number": number, "marks": marks})
        return real_max(self, acq, fit, trials, *a, **kw)

    GPSampler._maximize_multi = spy_max  # type: ignore[method-assign]
    try:
        mo.run_synthetic(problem, mo.CONTENDERS[label], seed, 100)
    finally:
        GPSampler._maximize_multi = real_max  # type: ignore[method-assign]
    return records


def summarise_gate(problem: str, runs: dict[int, list[dict[str, Any]]]) -> None:
    print(f"\n### {problem}: inputs the gate marks irrelevant (seeds {sorted(runs)})\n")
    print(
        "| trials | objective | proposals with x0 marked | proposals with every other input "
        "marked | with some other input marked | other inputs marked, mean per proposal |"
    )
    print("|---|---|---|---|---|---|")
    recs = [r for rs in runs.values() for r in rs]
    for lo, hi in ((10, 30), (30, 60), (60, 100)):
        g = [r for r in recs if lo <= r["number"] < hi]
        for j in range(len(g[0]["marks"])):
            marks = np.array([r["marks"][j] for r in g])
            rest = marks[:, 1:]
            print(
                f"| {lo}-{hi - 1} | f{j + 1} | {int(marks[:, 0].sum())} of {len(g)} | "
                f"{int(rest.all(axis=1).sum())} | {int(rest.any(axis=1).sum())} | "
                f"{rest.sum(axis=1).mean():.2f} of {rest.shape[1]} |"
            )


def summarise_modes(problem: str, runs: dict[int, list[dict[str, Any]]]) -> None:
    print(f"\n### {problem}: the long prior's fits from two starts (seeds {sorted(runs)})\n")
    print(
        "| trial | objective | posterior gained from the default's centres (nats) | "
        "fits where it was higher | other inputs' median lengthscale: own centres / default's "
        "| noise: own / default's |"
    )
    print("|---|---|---|---|---|---|")
    recs = [r for rs in runs.values() for r in rs]
    for number in CHECKPOINTS:
        for j in sorted({r["objective"] for r in recs}):
            g = [r for r in recs if r["number"] == number and r["objective"] == j]
            gain = [r["nlp_own"] - r["nlp_default"] for r in g]
            print(
                f"| {number} | f{j} | {_q(gain)} | {sum(v > 1e-3 for v in gain)} of {len(g)} | "
                f"{_q([r['kernel_own']['ls_rest_median'] for r in g])} / "
                f"{_q([r['kernel_default']['ls_rest_median'] for r in g])} | "
                f"{_q([r['kernel_own']['noise'] for r in g], '.2g')} / "
                f"{_q([r['kernel_default']['noise'] for r in g], '.2g')} |"
            )


def _q(values: list[float], fmt: str = ".3g") -> str:
    v = np.array(values, dtype=float)
    v = v[np.isfinite(v)]
    if not len(v):
        return "-"
    lo, mid, hi = np.percentile(v, [25, 50, 75])
    return f"{mid:{fmt}} [{lo:{fmt}}, {hi:{fmt}}]"


def summarise(problem: str, runs: dict[int, list[dict[str, Any]]]) -> None:
    print(f"\n### {problem}: kernels at trials {CHECKPOINTS} (seeds {sorted(runs)})\n")
    print("| trial | objective | lengthscale x0 | others: median [min, max] | signal | noise |")
    print("|---|---|---|---|---|---|")
    for number in CHECKPOINTS:
        recs = [r for rs in runs.values() for r in rs if r["number"] == number]
        for j in range(len(recs[0]["kernels"])):
            ks = [r["kernels"][j] for r in recs]
            print(
                f"| {number} | f{j + 1} | {_q([k['ls_x0'] for k in ks])} | "
                f"{_q([k['ls_rest_median'] for k in ks])} "
                f"[{min(k['ls_rest_min'] for k in ks):.3g}, "
                f"{max(k['ls_rest_max'] for k in ks):.3g}] | "
                f"{_q([k['signal'] for k in ks])} | {_q([k['noise'] for k in ks], '.2g')} |"
            )
            ks = [r["kernels_onesided"][j] for r in recs]
            print(
                f"| {number} | f{j + 1}, refitted one-sided | {_q([k['ls_x0'] for k in ks])} | "
                f"{_q([k['ls_rest_median'] for k in ks])} "
                f"[{min(k['ls_rest_min'] for k in ks):.3g}, "
                f"{max(k['ls_rest_max'] for k in ks):.3g}] | "
                f"{_q([k['signal'] for k in ks])} | {_q([k['noise'] for k in ks], '.2g')} |"
            )
    if problem != "ZDT3":
        for lo, hi in ((10, 40), (40, 70), (70, 100)):
            dev = [r["off_middle"] for rs in runs.values() for r in rs if lo <= r["number"] < hi]
            print(f"trials {lo}-{hi - 1}: largest |x_i - 0.5| over x1.. at the proposal {_q(dev)}")
        return
    recs = [r for rs in runs.values() for r in rs]
    groups = {
        "wasted": [r for r in recs if r["wasted"]],
        "other": [r for r in recs if not r["wasted"]],
    }
    print("\n| at the proposal (f1, as a loss) | wasted | other |")
    print("|---|---|---|")
    for key, label in [
        ("mean1", "posterior mean"),
        ("sd1", "posterior sd"),
        ("sd1_blind", "posterior sd, kernel blind to x1-x9"),
        ("share_irrelevant", "share of the variance from x1-x9"),
        ("noise_sd1", "noise sd"),
        ("p_below", "posterior mass below the lowest observed f1"),
        ("sd1_centre0", "posterior sd, kernel refitted with the prior centred at log 1"),
        ("sd_ratio_centre0", "the same over the default's sd (same points)"),
        ("p_below_centre0", "posterior mass below the lowest f1, refitted at log 1"),
        ("sd1_hvarfner", "posterior sd, kernel refitted with Hvarfner et al.'s centre"),
        ("sd_ratio_hvarfner", "the same over the default's sd (same points)"),
        ("p_below_hvarfner", "posterior mass below the lowest f1, refitted at Hvarfner's"),
        ("sd1_onesided", "posterior sd, kernel refitted with the default prior one-sided"),
        ("sd_ratio_onesided", "the same over the default's sd (same points)"),
        ("p_below_onesided", "posterior mass below the lowest f1, refitted one-sided"),
    ]:
        cells = [_q([r[key] for r in g if key in r]) for g in groups.values()]
        n = [sum(key in r for r in g) for g in groups.values()]
        print(f"| {label} | {cells[0]} (n={n[0]}) | {cells[1]} (n={n[1]}) |")
    for kern, name in (("centre0", "log 1"), ("hvarfner", "Hvarfner's"), ("onesided", "one-sided")):
        for key, label in [("ls_x0", "x0"), ("ls_rest_median", "x1-x9 (median)")]:
            cells = [
                _q([r[f"kernel_{kern}"][key] for r in g if f"kernel_{kern}" in r])
                for g in groups.values()
            ]
            print(f"| refitted at {name}: lengthscale {label} | {cells[0]} | {cells[1]} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, nargs="*", default=mo.SEEDS)
    parser.add_argument("--problems", nargs="*", default=["ZDT3", "DTLZ2"])
    parser.add_argument("--label", default="hyperscout default", choices=list(mo.CONTENDERS))
    parser.add_argument("--modes", action="store_true")
    parser.add_argument("--gate", action="store_true")
    args = parser.parse_args()
    mo._quiet()
    for problem in args.problems:
        if args.gate:
            summarise_gate(problem, {s: gate(problem, s, args.label) for s in args.seeds})
            continue
        if args.modes:
            summarise_modes(problem, {s: modes(problem, s, args.label) for s in args.seeds})
            continue
        summarise(problem, {seed: replay(problem, seed, args.label) for seed in args.seeds})


if __name__ == "__main__":
    main()
