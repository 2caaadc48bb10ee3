"""``hyperscout compare CONFIG.toml``: grid, random and Bayesian search on the same job.

Each method gets the same budget (``search.n_iter``; grid search takes the largest grid that
fits it) and runs from scratch, once per seed, each run in its own study of one storage
(``<study>-<method>-<seed>``; studies of those names are replaced). Grid search does not depend
on the seed, so it runs once. Each method draws from its own stream of each seed (seed
``s`` of method ``m`` is ``s + 1000 * m``), so random and Bayesian search never start from the
same candidates.

It prints a table (best score mean ± standard deviation over the seeds, trials to reach 99 % of
the best score any run found, wall time per run) and writes into ``--out``:
``comparison.png`` (best so far against trials: median and quartile band per method),
``<param>.png`` (the learning-rate search: score against the first log-scaled parameter, log
axis), ``score_per_iteration.png`` (mean CV score of each candidate, with its fold spread, per
method) and ``report.html`` (the report of the best run).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import time
from typing import Any, TextIO

from hyperscout.cli._common import CLIError, Interrupted, _open_storage, progress_enabled
from hyperscout.cli._job import METHOD_LABELS, Job, make_search, run_search
from hyperscout.cli._run import add_job_arguments, load_job, write_study_report

__all__ = ["register", "trials_to_reach"]

_ORDER = ("grid", "random", "bayes", "tpe", "gp")


def register(command: Any) -> None:
    p = command(
        "compare",
        "grid vs random vs Bayesian search on a TOML job: same budget, several seeds",
        _cmd_compare,
        storage=False,
    )
    add_job_arguments(p)
    p.add_argument("--seeds", type=int, default=3, help="runs per seeded method (default 3)")
    p.add_argument(
        "--methods",
        default="grid,random,bayes",
        help="comma-separated, from grid,random,bayes,tpe,gp (default grid,random,bayes)",
    )


def trials_to_reach(values: list[float], target: float) -> int | None:
    """1-based number of trials after which the best so far is >= ``target`` (None: never)."""
    best = -math.inf
    for i, v in enumerate(values, start=1):
        if math.isfinite(v):
            best = max(best, v)
        if best >= target:
            return i
    return None


def _scores(study: Any) -> list[float]:
    from hyperscout.trial import TrialState

    return [
        float(t.value) if t.state == TrialState.COMPLETE and t.value is not None else math.nan
        for t in sorted(study.get_trials(deepcopy=False), key=lambda t: t.number)
    ]


def _log_param(job: Job) -> str | None:
    for name, d in job.space.items():
        if d.is_range and d.log and not d.is_int:
            return name
    for name, d in job.space.items():
        if d.is_range:
            return name
    return None


def _pictures(job: Job, runs: dict[str, list[dict[str, Any]]], out_dir: str) -> dict[str, str]:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return {}
    from matplotlib.ticker import MaxNLocator

    import hyperscout.visualization.matplotlib as hv
    from hyperscout.visualization._search_history import compute_search_history

    written: dict[str, str] = {}

    def save(fig: Any, name: str) -> None:
        path = os.path.join(out_dir, name)
        fig.savefig(path, dpi=100, bbox_inches="tight")
        plt.close(fig)
        written[name] = os.path.abspath(path)

    groups = {METHOD_LABELS[m]: [r["study"] for r in rs] for m, rs in runs.items()}
    ax = hv.plot_comparison(groups, target_name=job.metric)
    ax.set_title(f"Best {job.metric} so far: median and quartiles over seeds")
    save(ax.figure, "comparison.png")

    param = _log_param(job)
    if param is not None:
        short = param.split("__")[-1]
        fig, ax = plt.subplots(figsize=(6.4, 4.0))
        for (method, rs), marker in zip(runs.items(), "osD^v"):
            xs, ys = [], []
            for r in rs:
                for t in r["study"].get_trials(deepcopy=False):
                    if t.value is not None and param in t.params and math.isfinite(t.value):
                        xs.append(float(t.params[param]))
                        ys.append(float(t.value))
            ax.scatter(xs, ys, s=22, alpha=0.7, marker=marker, label=METHOD_LABELS[method])
        if job.space[param].log:
            ax.set_xscale("log")
        ax.set_xlabel(short + (" (log scale)" if job.space[param].log else ""))
        ax.set_ylabel(f"Mean CV {job.metric}")
        ax.set_title(f"The {short} search: every trial of every run")
        ax.grid(True, which="major", alpha=0.3)
        ax.legend(fontsize=8)
        save(fig, f"{short}.png")

    fig, axes = plt.subplots(1, len(runs), figsize=(4.2 * len(runs), 3.6), sharey=True)
    axes = [axes] if len(runs) == 1 else list(axes)
    for ax, (method, rs) in zip(axes, runs.items()):
        record = compute_search_history(rs[0]["search"])
        x = record.iterations + 1
        ax.fill_between(x, record.mean - record.std, record.mean + record.std, alpha=0.2)
        ax.plot(x, record.mean, "o-", ms=3, lw=1, label="mean over folds")
        ax.plot(x, record.best, "-", lw=1.5, color="black", label="best so far")
        ax.set_title(METHOD_LABELS[method])
        ax.set_xlabel("Iteration")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(True, alpha=0.3)
    axes[0].set_ylabel(f"Mean CV {job.metric}")
    axes[0].legend(loc="lower right", fontsize=8)
    fig.suptitle(f"{job.metric} per iteration (seed {rs[0]['seed']})")
    fig.tight_layout()
    save(fig, "score_per_iteration.png")
    return written


def _cmd_compare(args: argparse.Namespace, out: TextIO) -> int:
    from hyperscout._url import redact_url

    t0 = time.perf_counter()
    if args.seeds < 1:
        raise CLIError(f"--seeds must be >= 1, got {args.seeds}")
    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    unknown = [m for m in methods if m not in _ORDER]
    if unknown or not methods or len(set(methods)) != len(methods):
        raise CLIError(
            f"--methods must be distinct names from {','.join(_ORDER)}, got {args.methods!r}"
        )
    job = load_job(args)
    cfg = job.config
    if cfg.storage_url.startswith("sqlite:///"):
        folder = os.path.dirname(cfg.storage_url[len("sqlite:///") :])
        if folder:
            os.makedirs(folder, exist_ok=True)
    storage = _open_storage(cfg.storage_url, read_only=False)
    base = 0 if cfg.random_state is None else cfg.random_state
    runs: dict[str, list[dict[str, Any]]] = {}
    try:
        for index, method in enumerate(methods):
            seeds = [None] if method == "grid" else [base + k for k in range(args.seeds)]
            for seed in seeds:
                name = f"{cfg.study}-{method}" + ("" if seed is None else f"-{seed}")
                try:
                    storage.delete_study(storage.get_study_id_from_name(name))
                except KeyError:
                    pass
                stream = None if seed is None else seed + 1000 * index
                search = make_search(job, method, seed=stream, storage=storage, study_name=name)
                search.set_params(refit=False)
                label = f"{method}" + ("" if seed is None else f" seed {seed}")
                seconds = run_search(
                    job, search, storage, name, label, progress_enabled(args.quiet)
                )
                runs.setdefault(method, []).append(
                    {"seed": seed, "study": search.study_, "search": search, "seconds": seconds}
                )
    except KeyboardInterrupt:
        raise Interrupted("interrupted: the finished runs are stored") from None

    every = [v for rs in runs.values() for r in rs for v in _scores(r["study"])]
    finite = [v for v in every if math.isfinite(v)]
    if not finite:
        from hyperscout.cli._common import RuntimeFailure

        raise RuntimeFailure("every candidate of every method failed")
    overall = max(finite)
    target = overall - 0.01 * abs(overall)
    rows = []
    for method, rs in runs.items():
        bests = [
            max((v for v in _scores(r["study"]) if math.isfinite(v)), default=math.nan) for r in rs
        ]
        reach = [trials_to_reach(_scores(r["study"]), target) for r in rs]
        reached = [k for k in reach if k is not None]
        rows.append(
            {
                "method": method,
                "label": METHOD_LABELS[method],
                "runs": len(rs),
                "trials": statistics.median(len(_scores(r["study"])) for r in rs),
                "best_mean": statistics.fmean(bests),
                "best_std": statistics.stdev(bests) if len(bests) > 1 else 0.0,
                "best_max": max(bests),
                "trials_to_99": statistics.median(reached) if reached else None,
                "runs_reaching_99": len(reached),
                "seconds_per_run": statistics.fmean(r["seconds"] for r in rs),
                "studies": [r["study"].study_name for r in rs],
            }
        )
    os.makedirs(args.out, exist_ok=True)
    pictures = _pictures(job, runs, args.out)
    best_run = max(
        (r for rs in runs.values() for r in rs),
        key=lambda r: max((v for v in _scores(r["study"]) if math.isfinite(v)), default=-math.inf),
    )
    report = write_study_report(
        best_run["study"],
        os.path.join(args.out, "report.html"),
        f"{best_run['study'].study_name}: best run of the comparison ({job.metric})",
    )
    summary = {
        "storage": redact_url(cfg.storage_url),
        "metric": job.metric,
        "budget": cfg.n_iter,
        "cv": cfg.cv,
        "seeds": args.seeds,
        "best_overall": overall,
        "target_99": target,
        "methods": rows,
        "pictures": pictures,
        "report": report,
        "wall_seconds": time.perf_counter() - t0,
    }
    if args.json:
        print(json.dumps(summary, indent=2), file=out)
        return 0
    _print_comparison(summary, out)
    return 0


def _print_comparison(s: dict[str, Any], out: TextIO) -> None:
    from hyperscout.cli._common import _print_table

    print(
        f"{s['metric']}, {s['cv']}-fold CV, budget {s['budget']} trials per run, "
        f"{s['seeds']} seed(s); studies in {s['storage']}",
        file=out,
    )
    headers = [
        "method",
        "runs",
        f"best {s['metric']} (mean ± sd)",
        "best run",
        f"trials to {s['target_99']:.4f}",
        "s per run",
    ]
    rows = []
    for r in s["methods"]:
        reach = "never" if r["trials_to_99"] is None else f"{r['trials_to_99']:g}"
        if r["trials_to_99"] is not None and r["runs_reaching_99"] < r["runs"]:
            reach += f" ({r['runs_reaching_99']}/{r['runs']} runs)"
        rows.append(
            [
                r["label"],
                r["runs"],
                f"{r['best_mean']:.4f} ± {r['best_std']:.4f}",
                f"{r['best_max']:.4f}",
                reach,
                f"{r['seconds_per_run']:.1f}",
            ]
        )
    _print_table(headers, rows, out)
    print(
        f"(trials to reach 99% of the best score any run found, {s['best_overall']:.4f}: "
        "median over the runs that reached it)",
        file=out,
    )
    for path in s["pictures"].values():
        print(f"picture  {path}", file=out)
    if s["report"]:
        print(f"report   {s['report']}", file=out)
    print(f"wall time {s['wall_seconds']:.1f} s", file=out)
