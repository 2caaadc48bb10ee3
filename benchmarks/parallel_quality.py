"""Parallel suggestion quality: 4 asynchronous workers sharing one study against 1 worker.

A deterministic simulation, in one process, of ``W`` workers that share one study through
``ask``/``tell``: ``W`` trials are in flight at a time; each trial gets a seeded random duration
(uniform in [0.5, 1.5], drawn per trial number from the seed, the same for every contender);
whenever the earliest in-flight trial finishes it is told, and its worker asks for the next
trial, whose parameters are all suggested at once (as a worker does before it starts training).
So every suggestion after the first ``W`` is made with ``W - 1`` other trials running, in the
order an asynchronous run on ``W`` machines would produce, but without any wall-clock noise.
``W = 1`` is the sequential run, through the same code.

The score after ``N`` trials is the best value among the first ``N`` trials *told*, normalised
as in ``benchmarks/bbo`` (its problems, its ``hs-random`` medians at ``N`` and its optima; for
the ML problems the optimum is the best value any run of ``benchmarks/results/bbo/raw`` or of
this benchmark found): ``100 * (random_median_N - median_best) / (random_median_N - optimum)``,
median over seeds. Each run is made at the largest ``N``; smaller ``N`` are its prefixes (a user
who looks at the study when ``N`` trials have finished sees exactly that prefix).

Results are merged into ``benchmarks/results/parallel_quality/raw/<contender>.json`` as each run
finishes (keyed by problem, workers and seed), and the table
``benchmarks/results/parallel_quality.md`` is rebuilt from whatever is on disk::

    OMP_NUM_THREADS=1 python -m benchmarks.parallel_quality --contenders hs-tpe,optuna-tpe
    OMP_NUM_THREADS=1 python -m benchmarks.parallel_quality --contenders optuna-gp \\
        --families synthetic --seeds 5
    python -m benchmarks.parallel_quality --report-only
"""

from __future__ import annotations

import argparse
import heapq
import importlib
import json
import subprocess
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.bbo import report as bbo_report
from benchmarks.bbo.contenders import RANDOM, _suggest
from benchmarks.bbo.harness import init_worker
from benchmarks.bbo.problems import Problem, get_problems, synthetic_problems

RESULTS = Path(__file__).resolve().parent / "results"
RAW = RESULTS / "parallel_quality" / "raw"
TABLE = RESULTS / "parallel_quality.md"

BUDGETS = (20, 50, 100)
WORKERS = 4
SYNTHETIC = tuple(p.name for p in synthetic_problems())  # the 8 synthetic and mixed ones
ML = ("dt-diabetes", "svm-diabetes", "knn-diabetes", "linear-diabetes")
DURATION = (0.5, 1.5)  # a trial's duration is uniform in this range, drawn from the seed


def _hyperscout(build: Callable[[int], Any]) -> tuple[Any, Callable[[int], Any]]:
    import hyperscout

    hyperscout.logging.set_verbosity(hyperscout.logging.WARNING)
    return hyperscout, build


def _optuna(cls_name: str, **kwargs: Any) -> tuple[Any, Callable[[int], Any]]:
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    cls = getattr(optuna.samplers, cls_name)
    return optuna, lambda seed: cls(seed=seed, **kwargs)


def _hs_class(module: str, name: str, **kwargs: Any) -> Callable[[int], Any]:
    def build(seed: int) -> Any:
        return getattr(importlib.import_module(module), name)(seed=seed, **kwargs)

    return build


def _hs_default(seed: int) -> Any:
    from hyperscout.samplers import default_sampler

    return default_sampler(seed=seed)


def _hs_default_pending(mode: str) -> Callable[[int], Any]:
    """The default sampler with the GP's private ablation switch ``pending`` (a field of
    ``hyperscout.samplers.gp._ablation.GPAblation``) set to ``mode``."""

    def build(seed: int) -> Any:
        sampler = _hs_default(seed)
        sampler._set_ablation(pending=mode)
        return sampler

    return build


@dataclass(frozen=True)
class Contender:
    label: str
    setup: Callable[[], tuple[Any, Callable[[int], Any]]]  # -> (library module, seed -> sampler)


CONTENDERS: dict[str, Contender] = {
    "hs-default": Contender(
        "hyperscout default (GP, TPE for conditionals)", lambda: _hyperscout(_hs_default)
    ),
    "hs-default-believer": Contender(
        "hyperscout default, GP with the kriging believer for running trials",
        lambda: _hyperscout(_hs_default_pending("believer")),
    ),
    "hs-default-fantasy": Contender(
        "hyperscout default, GP with fantasy q-EI over running trials (candidate)",
        lambda: _hyperscout(_hs_default_pending("fantasy")),
    ),
    "hs-default-penalise": Contender(
        "hyperscout default, GP with local penalisation of running trials "
        "(candidate; passed the pre-stated rule by seed noise, not adopted)",
        lambda: _hyperscout(_hs_default_pending("penalise")),
    ),
    "hs-default-pessimist": Contender(
        "hyperscout default, GP believing running trials at the worst value (candidate)",
        lambda: _hyperscout(_hs_default_pending("pessimist")),
    ),
    "hs-default-ignore": Contender(
        "hyperscout default, GP ignoring running trials but for exact repeats (reference)",
        lambda: _hyperscout(_hs_default_pending("ignore")),
    ),
    "hs-tpe": Contender(
        "hyperscout TPESampler (constant_liar=True, its default)",
        lambda: _hyperscout(_hs_class("hyperscout.samplers.tpe", "TPESampler")),
    ),
    "hs-gp": Contender(
        "hyperscout GPSampler (kriging believer)",
        lambda: _hyperscout(_hs_class("hyperscout.samplers.gp", "GPSampler")),
    ),
    "hs-bandit-gpprior": Contender(
        "hyperscout GP/TPE bandit, GP prior (candidate, benchmarks/bbo/variants.py)",
        lambda: _hyperscout(_hs_class("benchmarks.bbo.variants", "GPPriorBanditSampler")),
    ),
    "hs-stall-alternate": Contender(
        "hyperscout GP and TPE taking turns while stalled on the incumbent's plateau "
        "(candidate, benchmarks/bbo/variants.py)",
        lambda: _hyperscout(_hs_class("benchmarks.bbo.variants", "AlternatingStallTPESampler")),
    ),
    "optuna-tpe": Contender(
        "Optuna TPESampler(constant_liar=True)",
        lambda: _optuna("TPESampler", constant_liar=True),
    ),
    "optuna-gp": Contender(
        "Optuna GPSampler (qLogEI over running trials)", lambda: _optuna("GPSampler")
    ),
}


def durations(seed: int, n: int) -> np.ndarray:
    """Trial ``i``'s duration for every contender and worker count at this seed."""
    return np.random.default_rng([seed, 15]).uniform(*DURATION, size=n)


def simulate(
    lib: Any,
    sampler: Any,
    problem: Problem,
    budget: int,
    seed: int,
    workers: int,
    on_ask: Callable[[int, dict[str, Any], list[dict[str, Any]]], None] | None = None,
) -> tuple[list[float], int]:
    """Values in the order the trials were told, and how many proposals repeated a point
    already evaluated or in flight. ``on_ask(n_told, params, running_params)``, if given, is
    called after each proposal with the results told so far and the other trials in flight."""
    study = lib.create_study(sampler=sampler, direction="minimize")
    times = durations(seed, budget + workers)
    in_flight: list[tuple[float, int, Any, float]] = []  # (finish time, number, trial, value)
    seen: set[tuple[Any, ...]] = set()
    repeats = 0
    asked = 0
    now = 0.0
    values: list[float] = []

    def start() -> None:
        nonlocal asked, repeats
        trial = study.ask()
        params = {p.name: _suggest(trial, p) for p in problem.space}
        if on_ask is not None:
            on_ask(len(values), params, [t.params for _, _, t, _ in in_flight])
        key = tuple(params[p.name] for p in problem.space)
        repeats += key in seen
        seen.add(key)
        # The value is known now but told only when the trial "finishes".
        heapq.heappush(in_flight, (now + float(times[asked]), asked, trial, problem(params)))
        asked += 1

    for _ in range(min(workers, budget)):
        start()
    while len(values) < budget:
        now, _, trial, value = heapq.heappop(in_flight)
        study.tell(trial, value)
        values.append(value)
        if asked < budget:
            start()
    return values, repeats


def _git() -> str:
    def run(*args: str) -> str:
        return subprocess.run(
            ["git", *args], capture_output=True, text=True, cwd=RESULTS, check=False
        ).stdout.strip()

    dirty = run("status", "--porcelain", "--", ":/hyperscout/samplers")
    return run("rev-parse", "--short", "HEAD") + (" (samplers modified)" if dirty else "")


def _load(name: str) -> dict[str, Any]:
    path = RAW / f"{name}.json"
    return dict(json.loads(path.read_text())) if path.exists() else {"runs": {}}


def _save(name: str, data: dict[str, Any]) -> None:
    path = RAW / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True))
    tmp.replace(path)


def _key(problem: str, workers: int, seed: int) -> str:
    return f"{problem}|w{workers}|s{seed}"


def run(
    names: Sequence[str],
    problems: Sequence[str],
    seeds: dict[str, int],
    budget: int,
    workers: Sequence[int],
    store_as: str | None,
    resume: bool,
    label_note: str = "",
    code: str = "",
    first_seed: int = 0,
) -> None:
    """``code``: what to record as the sampler code's version instead of this checkout's
    commit (for runs of another checkout's ``hyperscout`` put first on ``PYTHONPATH``)."""
    init_worker()
    for name in names:
        lib, build = CONTENDERS[name].setup()
        out = store_as or name
        data = _load(out)
        data["label"] = CONTENDERS[name].label + (f" — {label_note}" if label_note else "")
        for problem in get_problems(list(problems)):
            for seed in range(first_seed, first_seed + seeds[problem.name]):
                for w in workers:
                    key = _key(problem.name, w, seed)
                    if (
                        resume
                        and key in data["runs"]
                        and len(data["runs"][key]["values"]) >= budget
                    ):
                        continue
                    cpu = time.process_time()
                    values, repeats = simulate(lib, build(seed), problem, budget, seed, w)
                    cpu = time.process_time() - cpu
                    data["runs"][key] = {
                        "values": [float(f"{v:.9g}") for v in values],
                        "repeats": repeats,
                        "cpu_s": round(cpu, 3),
                        "git": code or (_git() if name.startswith("hs-") else ""),
                    }
                    _save(out, data)
                    print(f"{out} {key}: best {min(values):.6g}, {cpu:.1f} s CPU", flush=True)


# --------------------------------------------------------------------------- real processes


@dataclass(frozen=True)
class SleepyObjective:
    """A benchmark problem whose trial ``i`` also sleeps ``scale`` times the simulation's
    duration of trial ``i``, so that real worker processes finish in a similar order.
    Module level and picklable, for worker processes."""

    problem: str
    seed: int
    scale: float

    def __call__(self, trial: Any) -> float:
        problem = get_problems([self.problem])[0]
        params = {p.name: _suggest(trial, p) for p in problem.space}
        if self.scale > 0:
            time.sleep(self.scale * float(durations(self.seed, trial.number + 1)[trial.number]))
        return problem(params)


def run_processes(
    problem: str, seeds: int, budget: int, scale: float, store_as: str = "hs-default-processes"
) -> None:
    """The default sampler on a fresh SQLite study per run: ``study.optimize`` in this process
    (1 worker) and ``optimize_in_processes`` with ``WORKERS`` spawned worker processes, each
    with its own copy of the sampler (reseeded per worker). Values in completion order."""
    import tempfile

    import hyperscout
    from hyperscout.parallel import optimize_in_processes
    from hyperscout.trial import TrialState

    hyperscout.logging.set_verbosity(hyperscout.logging.WARNING)
    data = _load(store_as)
    data["label"] = f"hyperscout default, real processes on SQLite ({WORKERS} spawned workers)"
    for seed in range(seeds):
        for w in (1, WORKERS):
            with tempfile.TemporaryDirectory() as tmp:
                study = hyperscout.create_study(
                    storage=f"sqlite:///{tmp}/study.db",
                    sampler=_hs_default(seed),
                    direction="minimize",
                )
                wall = time.perf_counter()
                if w == 1:
                    study.optimize(SleepyObjective(problem, seed, 0.0), n_trials=budget)
                else:
                    optimize_in_processes(
                        study, SleepyObjective(problem, seed, scale), n_trials=budget, n_workers=w
                    )
                wall = time.perf_counter() - wall
                trials = sorted(
                    study.get_trials(states=(TrialState.COMPLETE,)),
                    key=lambda t: (t.datetime_complete, t.number),
                )
            keys = [tuple(sorted(t.params.items())) for t in trials]
            data["runs"][_key(problem, w, seed)] = {
                "values": [float(f"{t.value:.9g}") for t in trials],
                "repeats": len(keys) - len(set(keys)),
                "wall_s": round(wall, 2),
                "git": _git(),
            }
            _save(store_as, data)
            print(
                f"{store_as} {problem} w{w} s{seed}: best {min(t.value for t in trials):.6g}",
                flush=True,
            )


# --------------------------------------------------------------------------- report


def _family(problem: str) -> str:
    # The suite splits its ML problems into classification and regression; here they are one.
    fam = bbo_report._family_of()[problem]
    return "ML" if fam.startswith("ML") else fam


def load_runs() -> dict[str, dict[str, Any]]:
    return {p.stem: json.loads(p.read_text()) for p in sorted(RAW.glob("*.json"))}


def _references(
    runs: dict[str, dict[str, Any]],
) -> tuple[dict[tuple[str, int], float], dict[str, float]]:
    """Random search's median best at each budget and each problem's optimum (benchmarks/bbo's,
    lowered to the best value of this benchmark's runs for ML problems, whose optimum is the
    best value found)."""
    scores = bbo_report.compute_scores(bbo_report.load_all())
    rand = {(p, b): m for (p, c, b), (m, _) in scores.median.items() if c == RANDOM}
    optimum = dict(scores.optimum)
    for data in runs.values():
        for key, r in data["runs"].items():
            p = key.split("|")[0]
            if not scores.optimum_known.get(p, False) and p in optimum:
                optimum[p] = min(optimum[p], min(r["values"]))
    return rand, optimum


def _score(best: np.ndarray, rand: float, optimum: float) -> float | None:
    denom = rand - optimum
    return 100.0 * (rand - float(np.median(best))) / denom if denom > 1e-12 else None


def _bests(data: dict[str, Any], problem: str, w: int, budget: int, lag: int = 0) -> np.ndarray:
    """Best of the first ``budget - lag`` values of each run that reached ``budget``."""
    out = []
    for key, r in data["runs"].items():
        p, wk, _ = key.split("|")
        if p == problem and wk == f"w{w}" and len(r["values"]) >= budget:
            out.append(min(r["values"][: budget - lag]))
    return np.array(out)


FAMILIES = ("synthetic", "mixed", "synthetic+mixed", "ML", "all")
_ORDER = (*SYNTHETIC, *ML)


def _in_family(problem: str, family: str) -> bool:
    fam = _family(problem)
    return family == "all" or fam == family or (family == "synthetic+mixed" and fam != "ML")


def _family_cell(
    data: dict[str, Any],
    problems: Sequence[str],
    budget: int,
    rand: dict[tuple[str, int], float],
    optimum: dict[str, float],
    rng: np.random.Generator,
) -> tuple[float, float, float, float, float, float, list[tuple[str, float, float, int]]] | None:
    """Median over ``problems`` of the sequential and the parallel score and of their
    difference, a 90% bootstrap interval of the median difference, the median sequential score
    ``WORKERS - 1`` trials earlier (normalised at ``budget``: what the information delay of
    ``WORKERS`` workers would cost if nothing else changed), and the per-problem rows."""
    rows: list[tuple[str, float, float, int]] = []
    lagged: list[float] = []
    samples: list[tuple[np.ndarray, np.ndarray, float, float]] = []
    for p in problems:
        if (p, budget) not in rand:
            continue
        seq, par = _bests(data, p, 1, budget), _bests(data, p, WORKERS, budget)
        if not len(seq) or not len(par):
            return None  # a family's cell only over all of its problems the contender ran
        ref = (rand[(p, budget)], optimum[p])
        s1, s4 = _score(seq, *ref), _score(par, *ref)
        if s1 is None or s4 is None:
            continue
        rows.append((p, s1, s4, min(len(seq), len(par))))
        samples.append((seq, par, *ref))
        lagged.append(_score(_bests(data, p, 1, budget, WORKERS - 1), *ref) or 0.0)
    if not rows:
        return None
    boot = []
    for _ in range(400):
        diffs = []
        for seq, par, rd, opt in samples:
            a = _score(rng.choice(seq, len(seq)), rd, opt) or 0.0
            c = _score(rng.choice(par, len(par)), rd, opt) or 0.0
            diffs.append(c - a)
        boot.append(float(np.median(diffs)))
    lo, hi = np.percentile(boot, [5, 95])
    return (
        float(np.median([r[1] for r in rows])),
        float(np.median([r[2] for r in rows])),
        float(np.median([r[2] - r[1] for r in rows])),
        float(lo),
        float(hi),
        float(np.median(lagged)),
        rows,
    )


def _rank(stored: str) -> tuple[int, str]:
    """Raw files in contender order, each followed by its variants (``hs-tpe-before`` ...)."""
    names = list(CONTENDERS)
    base = max((n for n in names if stored.startswith(n)), key=len, default=None)
    return (names.index(base) if base else len(names), stored)


def report(command: str = "") -> Path:
    runs = load_runs()
    rand, optimum = _references(runs)
    order = sorted(runs, key=_rank)
    rng = np.random.default_rng(0)
    lines = [
        "# Parallel suggestion quality: 4 asynchronous workers against 1",
        "",
        f"Produced by `benchmarks/parallel_quality.py` (its docstring has the protocol). {WORKERS} "
        "workers share one study through ask/tell in a deterministic simulation: each trial "
        f"lasts a seeded random time (uniform in [{DURATION[0]}, {DURATION[1]}], the same for every "
        "contender at a seed), the earliest in-flight trial is told first and its worker asks for "
        f"the next one, so every suggestion after the first {WORKERS} is made with "
        f"{WORKERS - 1} trials running. The sequential run (1 worker) goes through the same code. "
        "Score after N trials: the best of the first N trials told, normalised as in "
        "`benchmarks/bbo` (0 = random search's median at N, 100 = the optimum), median over "
        "seeds per problem; family cells are medians over problems. Δ = 4 workers − sequential "
        "(target: Δ ≥ −3); in brackets a 90% bootstrap interval of the family's median Δ "
        "(seeds resampled within each problem and worker count), to show how much of Δ is seed "
        f"noise. `seq N−{WORKERS - 1}`: the sequential runs' score {WORKERS - 1} trials earlier "
        "(normalised at N), roughly what the workers would cost if the only loss were each "
        f"proposal missing the {WORKERS - 1} results still running.",
        "",
    ]
    if command:
        lines += ["Commands:", "", "```", command.strip(), "```", ""]
    notes = RAW.parent / "notes.md"  # hand-written findings and the commands of the committed run
    if notes.exists():
        lines += [notes.read_text().rstrip(), ""]
    head = " | ".join(f"N={b}: seq | seq N−{WORKERS - 1} | 4w | Δ [90%]" for b in BUDGETS)
    lines += [
        "## Scores: sequential against 4 workers",
        "",
        f"| contender | family | problems | seeds | {head} |",
        "|---|---|---:|---|" + "---:|---:|---:|---|" * len(BUDGETS),
    ]
    per_problem: list[tuple[str, str, int, int, float, float]] = []
    for name in order:
        data = runs[name]
        label = data.get("label", name)
        problems = [p for p in _ORDER if any(k.startswith(p + "|") for k in data["runs"])]
        for fam in FAMILIES:
            probs = [p for p in problems if _in_family(p, fam)]
            cells: list[str] = []
            counts: set[int] = set()
            seeds: set[int] = set()
            for b in BUDGETS:
                cell = _family_cell(data, probs, b, rand, optimum, rng)
                if cell is None:
                    cells.append("– | – | – | –")
                    continue
                s1, s4, d, lo, hi, s_lag, rows = cell
                counts.add(len(rows))
                seeds.update(r[3] for r in rows)
                flag = "" if d >= -3.0 else " ✗"
                cells.append(
                    f"{s1:.1f} | {s_lag:.1f} | {s4:.1f} | {d:+.1f}{flag} [{lo:+.0f}, {hi:+.0f}]"
                )
                if fam in ("synthetic", "mixed", "ML"):
                    for p, a, c, n in rows:
                        per_problem.append((label, p, b, n, a, c))
            if counts:
                lines.append(
                    f"| {label} | {fam} | {'/'.join(map(str, sorted(counts)))} | "
                    f"{'/'.join(map(str, sorted(seeds)))} | " + " | ".join(cells) + " |"
                )
    lines += [
        "",
        "Δ is the median over problems of the per-problem differences (not the difference of "
        "the two medians). ✗ marks a cell below the target.",
        "",
    ]
    lines += [
        "## Repeated proposals and CPU time",
        "",
        "Proposals that repeated a point already evaluated or in flight (total over all "
        "runs), and the median CPU seconds per run at the largest N (process time on a "
        "shared machine: read ratios only).",
        "",
        "| contender | workers | runs | repeated proposals | median CPU s per run |",
        "|---|---|---:|---:|---:|",
    ]
    for name in order:
        data = runs[name]
        for w in (1, WORKERS):
            rs = [r for k, r in data["runs"].items() if k.split("|")[1] == f"w{w}"]
            if rs:
                lines.append(
                    f"| {data.get('label', name)} | {w} | {len(rs)} | "
                    f"{sum(r['repeats'] for r in rs)} | "
                    + (
                        f"{float(np.median([r['cpu_s'] for r in rs])):.2f} |"
                        if all("cpu_s" in r for r in rs)
                        else "– (in workers) |"
                    )
                )
    lines += [
        "",
        "## Per problem",
        "",
        "Cells: sequential / 4 workers (Δ).",
        "",
        "| contender | problem | seeds | " + " | ".join(f"N={b}" for b in BUDGETS) + " |",
        "|---|---|---:|" + "---|" * len(BUDGETS),
    ]
    table: dict[tuple[str, str], dict[int, str]] = {}
    nseeds: dict[tuple[str, str], int] = {}
    for label, p, b, n, a, c in per_problem:
        table.setdefault((label, p), {})[b] = f"{a:.1f} / {c:.1f} ({c - a:+.1f})"
        nseeds[(label, p)] = n
    for (label, p), by_budget in table.items():
        lines.append(
            f"| {label} | {p} | {nseeds[(label, p)]} | "
            + " | ".join(by_budget.get(b, "–") for b in BUDGETS)
            + " |"
        )
    lines.append("")
    TABLE.write_text("\n".join(lines))
    return TABLE


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--contenders", default=",".join(CONTENDERS))
    ap.add_argument("--families", default="synthetic,ML", help="synthetic (incl. mixed), ML")
    ap.add_argument("--problems", default=None, help="comma-separated; overrides --families")
    ap.add_argument("--seeds", type=int, default=10, help="seeds per synthetic/mixed problem")
    ap.add_argument("--ml-seeds", type=int, default=5, help="seeds per ML problem")
    ap.add_argument("--first-seed", type=int, default=0, help="seeds run from this one on")
    ap.add_argument("--budget", type=int, default=max(BUDGETS))
    ap.add_argument("--workers", default=f"1,{WORKERS}")
    ap.add_argument("--store-as", default=None, help="raw file name instead of the contender's")
    ap.add_argument("--label-note", default="", help="appended to the contender's label")
    ap.add_argument("--code", default="", help="sampler code version to record (default: git)")
    ap.add_argument("--resume", action="store_true", help="skip runs already on disk")
    ap.add_argument("--report-only", action="store_true")
    ap.add_argument("--command-note", default="", help="text for the table's command block")
    ap.add_argument(
        "--processes-check",
        default=None,
        metavar="PROBLEM",
        help="instead: the default sampler in real worker processes on this problem",
    )
    ap.add_argument("--sleep-scale", type=float, default=0.2, help="seconds per unit of duration")
    args = ap.parse_args(argv)
    if args.processes_check:
        run_processes(args.processes_check, args.seeds, args.budget, args.sleep_scale)
    elif not args.report_only:
        if args.problems:
            problems = args.problems.split(",")
        else:
            fams = args.families.split(",")
            problems = [*(SYNTHETIC if "synthetic" in fams else ()), *(ML if "ML" in fams else ())]
        seeds = {p: args.ml_seeds if _family(p) == "ML" else args.seeds for p in problems}
        run(
            args.contenders.split(","),
            problems,
            seeds,
            args.budget,
            [int(w) for w in args.workers.split(",")],
            args.store_as,
            args.resume,
            args.label_note,
            args.code,
            args.first_seed,
        )
    path = report(args.command_note)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
