"""Run contenders on problems over seeds, interleaved, and merge results into per-file JSON.

Results live in ``benchmarks/results/bbo/raw/<contender>/<problem>.json``, one file per pair,
keyed by seed, so a later run of a subset of contenders (or problems) replaces only what it
reran and the summary is rebuilt from whatever is on disk.

Every run is made at the largest requested budget; the smaller budgets are its prefixes. That is
equivalent to separate runs because no contender here adapts to the budget (startup counts and
model refits do not depend on ``n_trials``).
"""

from __future__ import annotations

import json
import math
import os
import platform
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RESULTS = Path(
    os.environ.get("HYPERSCOUT_BBO_RESULTS", Path(__file__).resolve().parents[1] / "results" / "bbo")
)
RAW = RESULTS / "raw"


@dataclass(frozen=True)
class Task:
    contender: str
    problem: str
    seed: int
    budget: int
    trace_memory: bool


def _round(x: float, digits: int = 6) -> float:
    if x == 0 or not math.isfinite(x):
        return x
    return round(x, digits - 1 - int(math.floor(math.log10(abs(x)))))


def init_worker() -> None:
    """Pool initialiser: torch keeps its own thread pool; pin it to one thread too."""
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:
        pass


def run_task(task: Task) -> dict[str, Any]:
    """Executed in a worker: one contender, one problem, one seed."""
    from benchmarks.bbo.contenders import CONTENDERS
    from benchmarks.bbo.problems import get_problems

    problem = get_problems([task.problem])[0]
    contender = CONTENDERS[task.contender]
    out: dict[str, Any] = {"seed": task.seed, "budget": task.budget}
    started = time.time()
    try:
        if task.trace_memory:
            import importlib
            import tracemalloc

            for mod in contender.requires:  # module imports are not the optimiser's memory
                importlib.import_module(mod)

            tracemalloc.start()
            tracemalloc.reset_peak()
            base = tracemalloc.get_traced_memory()[0]
        res = contender.run(problem, task.budget, task.seed)
        if task.trace_memory:
            out["peak_mem_mb"] = _round((tracemalloc.get_traced_memory()[1] - base) / 2**20, 4)
            tracemalloc.stop()
        out.update(
            values=[_round(v, 8) for v in res.values],
            gaps_ms=[_round(g * 1e3, 3) for g in res.gaps],
            tail_ms=_round(res.tail * 1e3, 3),
            total_s=_round(res.total_time, 4),
            objective_s=_round(res.objective_time, 4),
            traced=task.trace_memory,
        )
        if len(res.values) != task.budget:
            out["error"] = f"made {len(res.values)} evaluations, budget was {task.budget}"
    except Exception as exc:  # record and keep going: one broken contender must not stop the suite
        out["error"] = f"{type(exc).__name__}: {exc}"
        out["traceback"] = traceback.format_exc(limit=6)
    out["wall_s"] = round(time.time() - started, 3)
    out["git"] = environment()["git"]  # samplers may change between runs; keep it per run
    out["task"] = [task.contender, task.problem]
    return out


def _path(contender: str, problem: str) -> Path:
    return RAW / contender / f"{problem}.json"


def load_pair(contender: str, problem: str) -> dict[str, Any]:
    path = _path(contender, problem)
    if path.exists():
        return dict(json.loads(path.read_text()))
    return {"contender": contender, "problem": problem, "runs": {}}


def save_result(result: dict[str, Any]) -> None:
    contender, problem = result.pop("task")
    data = load_pair(contender, problem)
    data["runs"][str(result["seed"])] = result
    data["runs"] = dict(sorted(data["runs"].items(), key=lambda kv: int(kv[0])))
    data["env"] = environment()
    path = _path(contender, problem)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, separators=(",", ":")))
    tmp.replace(path)


def environment() -> dict[str, Any]:
    import importlib.metadata as md

    versions = {}
    for pkg in ("hyperscout", "optuna", "scikit-optimize", "hyperopt", "scikit-learn", "numpy"):
        try:
            versions[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            pass
    import subprocess

    def git(*args: str) -> str:
        try:
            return subprocess.run(
                ["git", *args], capture_output=True, text=True, cwd=RESULTS, timeout=10
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    dirty = git("status", "--porcelain", "--", ":/hyperscout/samplers")
    return {
        "git": git("rev-parse", "--short", "HEAD") + (" (samplers modified)" if dirty else ""),
        "python": platform.python_version(),
        "threads": os.environ.get("OMP_NUM_THREADS"),
        "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE"),
        "versions": versions,
    }


def existing_seeds(contender: str, problem: str, budget: int) -> set[int]:
    runs = load_pair(contender, problem)["runs"]
    return {
        int(s)
        for s, r in runs.items()
        if "error" not in r and len(r.get("values", [])) >= budget
    }
