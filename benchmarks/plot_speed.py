"""Time to compute and render each plot for a 10,000-trial study, both backends, vs Optuna 5.

The study is built in memory with ``add_trials`` (not timed): 10,000 trials over five parameters
(a log-scaled float, a log-scaled int, a plain float, an int, a categorical), 90% COMPLETE, 5%
PRUNED, 5% FAIL, five intermediate values per COMPLETE/PRUNED trial, four workers, and
consecutive start/complete times. Optuna gets the same trials through its own ``create_trial``.

"Compute + render" means, per plot:
- plotly: build the figure and serialise it with ``fig.to_json()`` (what an HTML report embeds);
- matplotlib (Agg): build the Axes and draw the figure once with ``fig.canvas.draw()``.

Contenders alternate within each repetition (hyperscout plotly, Optuna plotly, hyperscout
matplotlib, Optuna matplotlib); the table gives the median over repetitions. BLAS/OpenMP pinned to
one thread for everyone.

Run:  .venv/bin/python benchmarks/plot_speed.py [--trials 10000] [--repeats 3] [--no-optuna]
Writes benchmarks/results/plot_speed.md.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import datetime  # noqa: E402
import logging  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

PLOTS = [
    "plot_optimization_history",
    "plot_slice",
    "plot_contour",
    "plot_parallel_coordinate",
    "plot_param_importances",
    "plot_intermediate_values",
    "plot_edf",
    "plot_timeline",
    "plot_comparison",
]
CHOICES = ["linear", "rbf", "poly"]
SLOW = 60.0  # seconds: a case this slow is measured once, not at every repetition


def trial_specs(n: int, seed: int = 0) -> list[dict[str, Any]]:
    rng = np.random.default_rng(seed)
    t0 = datetime.datetime(2026, 1, 1)
    specs = []
    for i in range(n):
        p = {
            "lr": float(10 ** rng.uniform(-4, 0)),
            "n_units": int(np.exp(rng.uniform(0, np.log(512)))) or 1,
            "dropout": float(rng.uniform(0, 0.5)),
            "depth": int(rng.integers(1, 9)),
            "kernel": CHOICES[int(rng.integers(3))],
        }
        value = (np.log10(p["lr"]) + 2) ** 2 + (p["dropout"] - 0.2) ** 2 + 0.1 * p["depth"]
        value += {"linear": 0.5, "rbf": 0.0, "poly": 0.3}[p["kernel"]] + rng.normal(0, 0.1)
        u = rng.uniform()
        state = "COMPLETE" if u < 0.9 else ("PRUNED" if u < 0.95 else "FAIL")
        steps = 5 if state != "PRUNED" else 2
        inter = {s: float(value + 1.0 / (s + 1)) for s in range(steps)} if state != "FAIL" else {}
        specs.append(
            {
                "params": p,
                "value": float(value),
                "state": state,
                "inter": inter,
                "worker": f"host:{100 + i % 4}:0",
                "start": t0 + datetime.timedelta(seconds=i // 4),
                "end": t0 + datetime.timedelta(seconds=i // 4 + 0.9),
            }
        )
    return specs


def build_hyperscout(specs: list[dict[str, Any]]) -> Any:
    from dataclasses import replace

    import hyperscout as hs
    from hyperscout.distributions import (
        CategoricalDistribution,
        FloatDistribution,
        IntDistribution,
    )

    hs.logging.set_verbosity(hs.logging.WARNING)
    dists = {
        "lr": FloatDistribution(1e-4, 1.0, log=True),
        "n_units": IntDistribution(1, 512, log=True),
        "dropout": FloatDistribution(0.0, 0.5),
        "depth": IntDistribution(1, 8),
        "kernel": CategoricalDistribution(CHOICES),
    }
    trials = []
    for s in specs:
        state = hs.TrialState[s["state"]]
        t = hs.create_trial(
            state=state,
            value=s["value"] if state == hs.TrialState.COMPLETE else None,
            params=s["params"],
            distributions=dists,
            intermediate_values=s["inter"],
            system_attrs={"hyperscout:worker": s["worker"]},
        )
        trials.append(replace(t, datetime_start=s["start"], datetime_complete=s["end"]))
    study = hs.create_study(study_name="plot-speed")
    study.add_trials(trials)
    return study


def build_optuna(specs: list[dict[str, Any]]) -> Any:
    import optuna
    from optuna.distributions import (
        CategoricalDistribution,
        FloatDistribution,
        IntDistribution,
    )

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    dists = {
        "lr": FloatDistribution(1e-4, 1.0, log=True),
        "n_units": IntDistribution(1, 512, log=True),
        "dropout": FloatDistribution(0.0, 0.5),
        "depth": IntDistribution(1, 8),
        "kernel": CategoricalDistribution(CHOICES),
    }
    trials = []
    for s in specs:
        state = optuna.trial.TrialState[s["state"]]
        t = optuna.trial.create_trial(
            state=state,
            value=s["value"] if state == optuna.trial.TrialState.COMPLETE else None,
            params=s["params"],
            distributions=dists,
            intermediate_values=s["inter"],
        )
        t.datetime_start = s["start"]
        t.datetime_complete = s["end"]
        trials.append(t)
    study = optuna.create_study(study_name="plot-speed")
    study.add_trials(trials)
    return study


def timed(fn: Callable[[], Any], backend: str) -> float:
    start = time.perf_counter()
    out = fn()
    if backend == "plotly":
        out.to_json()
    else:
        ax = out.ravel()[0] if isinstance(out, np.ndarray) else out
        ax.figure.canvas.draw()
    elapsed = time.perf_counter() - start
    plt.close("all")
    return elapsed


def calls(lib: str, backend: str, study: Any) -> dict[str, Callable[[], Any]]:
    if lib == "hyperscout":
        import hyperscout.visualization as vis
        import hyperscout.visualization.matplotlib as mvis
    else:
        import optuna.visualization as vis  # type: ignore[no-redef]
        import optuna.visualization.matplotlib as mvis  # type: ignore[no-redef]
    mod = vis if backend == "plotly" else mvis
    out: dict[str, Callable[[], Any]] = {}
    for name in PLOTS:
        if not hasattr(mod, name):
            continue  # Optuna has no plot_comparison
        fn = getattr(mod, name)
        if name == "plot_comparison":
            groups = {"a": [study, study, study], "b": [study, study, study]}
            out[name] = lambda fn=fn, g=groups: fn(g)
        elif name == "plot_param_importances":
            # Defaults differ (hyperscout: fANOVA, Optuna 5: PED-ANOVA), so also time each
            # method against its namesake.
            if lib == "hyperscout":
                from hyperscout.importance import FanovaImportanceEvaluator as Fanova
                from hyperscout.importance import PedAnovaImportanceEvaluator as Ped
            else:
                from optuna.importance import FanovaImportanceEvaluator as Fanova
                from optuna.importance import PedAnovaImportanceEvaluator as Ped
            out[name + " (default)"] = lambda fn=fn: fn(study)
            out[name + " (fANOVA)"] = lambda fn=fn, e=Fanova: fn(study, evaluator=e(seed=0))
            out[name + " (PED-ANOVA)"] = lambda fn=fn, e=Ped: fn(study, evaluator=e())
        else:
            out[name] = lambda fn=fn: fn(study)
    return out


def fanova_agreement(studies: dict[str, Any]) -> list[str]:
    """Both libraries' fANOVA importances on the same trials (64 trees, seed 0)."""
    import optuna.importance as oi

    import hyperscout.importance as hi

    ours = hi.get_param_importances(
        studies["hyperscout"], evaluator=hi.FanovaImportanceEvaluator(seed=0)
    )
    theirs = oi.get_param_importances(
        studies["optuna"], evaluator=oi.FanovaImportanceEvaluator(seed=0)
    )
    return [
        "fANOVA importances on these trials (independent implementations, same forest settings):",
        "",
        "| parameter | hyperscout | Optuna |",
        "|---|---|---|",
        *[f"| {k} | {ours[k]:.3f} | {float(theirs[k]):.3f} |" for k in ours],
        "",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trials", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-optuna", action="store_true")
    parser.add_argument("--out", default=str(Path(__file__).parent / "results" / "plot_speed.md"))
    parser.add_argument("--plots", nargs="*", default=None, help="only these plots (names)")
    parser.add_argument("--append", action="store_true", help="append the table to --out")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    logging.disable(logging.WARNING)

    load_start = os.getloadavg()[0]
    specs = trial_specs(args.trials)
    studies = {"hyperscout": build_hyperscout(specs)}
    if not args.no_optuna:
        studies["optuna"] = build_optuna(specs)
    libs = list(studies)
    times: dict[tuple[str, str, str], list[float]] = {}
    names: list[str] = []
    for rep in range(args.repeats):
        for backend in ("plotly", "matplotlib"):
            per_lib = {lib: calls(lib, backend, studies[lib]) for lib in libs}
            for name in per_lib["hyperscout"]:
                if args.plots and not any(name.startswith(p) for p in args.plots):
                    continue
                if name not in names:
                    names.append(name)
                order = libs if rep % 2 == 0 else libs[::-1]
                for lib in order:
                    fn = per_lib[lib].get(name)
                    if fn is None:
                        continue
                    done = times.get((name, backend, lib), [])
                    if done and done[0] > SLOW:
                        continue  # one measurement of a very slow case is enough
                    t = timed(fn, backend)
                    times.setdefault((name, backend, lib), []).append(t)
                    print(f"rep {rep} {backend:10s} {lib:10s} {name:40s} {t:7.3f} s", flush=True)

    def cell(name: str, backend: str, lib: str) -> str:
        ts = times.get((name, backend, lib))
        if not ts:
            return "-"
        return f"{statistics.median(ts):.2f} ({min(ts):.2f}-{max(ts):.2f})"

    def ratio(name: str, backend: str) -> str:
        ours = times.get((name, backend, "hyperscout"))
        theirs = times.get((name, backend, "optuna"))
        if not ours or not theirs:
            return "-"
        return f"{statistics.median(theirs) / statistics.median(ours):.1f}x"

    import hyperscout

    lines = [
        f"# Plot speed: compute + render on a study of {args.trials:,} trials",
        "",
        f"Command: `.venv/bin/python benchmarks/plot_speed.py --trials {args.trials} "
        f"--repeats {args.repeats}{' --no-optuna' if args.no_optuna else ''}"
        f"{' --plots ' + ' '.join(args.plots) if args.plots else ''}"
        f"{' --append' if args.append else ''}`",
        "",
        f"Python {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} cores (shared with other jobs), OMP/BLAS threads pinned to 1; "
        f"hyperscout {hyperscout.__version__}"
        + ("" if args.no_optuna else f", Optuna {__import__('optuna').__version__}")
        + f". Load average {load_start:.1f} at the start and {os.getloadavg()[0]:.1f} at the end "
        "of the run: absolute times are inflated, the interleaved ratios are the result.",
        "",
        "Study: 90% COMPLETE, 5% PRUNED, 5% FAIL; 5 parameters (log float, log int, float, int, "
        "categorical); 5 intermediate values per trial; 4 workers. plotly = build + "
        "`fig.to_json()`; matplotlib = build + `fig.canvas.draw()` (Agg). Seconds, median "
        f"(min-max) over {args.repeats} interleaved repetitions; ratio = Optuna / hyperscout.",
        "",
        "| plot | hyperscout plotly | Optuna plotly | ratio | hyperscout matplotlib "
        "| Optuna matplotlib | ratio |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in names:
        lines.append(
            f"| {name} | {cell(name, 'plotly', 'hyperscout')} | {cell(name, 'plotly', 'optuna')} "
            f"| {ratio(name, 'plotly')} | {cell(name, 'matplotlib', 'hyperscout')} "
            f"| {cell(name, 'matplotlib', 'optuna')} | {ratio(name, 'matplotlib')} |"
        )
    lines += [
        "",
        "plot_param_importances (default) is fANOVA for hyperscout and PED-ANOVA for Optuna 5; "
        "the (fANOVA) and (PED-ANOVA) rows time each method against its namesake (64 trees, "
        "seed 0, for fANOVA). "
        "plot_comparison (hyperscout only) draws two groups of three runs of the same study. "
        f"A case slower than {SLOW:.0f} s is measured once (min = max).",
        "",
    ]
    if not args.no_optuna and args.plots and "plot_param_importances" in args.plots:
        lines += fanova_agreement(studies)
    out = Path(args.out)
    if args.append and out.exists():
        lines = [
            out.read_text().rstrip("\n"),
            "",
            *[("#" + x if x.startswith("# ") else x) for x in lines],
        ]
    out.write_text("\n".join(lines))
    print("\n".join(lines))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
