"""Seeded TPE proposals on several problems and set-ups, written to JSON for comparing two checkouts.

A change that is meant to make TPE faster without changing what it proposes is checked by running
this script once with the old code and once with the new (``PYTHONPATH`` pointing at each
checkout) and comparing the two files with ``--compare``:

    git worktree add /tmp/tpe-base 22a03c0
    PYTHONPATH=/tmp/tpe-base python benchmarks/tpe_identity.py /tmp/base.json
    PYTHONPATH=$PWD python benchmarks/tpe_identity.py /tmp/new.json
    python benchmarks/tpe_identity.py --compare /tmp/base.json /tmp/new.json

Problems: branin, hartmann6, levy10, branin_mixed and mixed_log from ``benchmarks/bbo`` and a
conditional space; set-ups: ``multivariate=True``, ``multivariate=False`` and
``default_sampler``'s TPE (``multivariate=True, group=True, constant_liar=True``), sequential,
with failed and pruned trials, in batches of four told together (constant liar sees the other
three running), two sampler instances sharing one study, and 600-800 trial runs (the bad group
is thinned beyond about 285 trials). Parameters are compared by ``repr``, i.e. exactly.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bbo.problems import Problem, get_problems

PROBLEMS = ["branin", "hartmann6", "levy10", "branin_mixed", "mixed_log"]
CONFIGS: dict[str, dict[str, Any]] = {
    "mv": {"multivariate": True},
    "uni": {"multivariate": False},
    "default_tpe": {"multivariate": True, "group": True, "constant_liar": True},
}


def _suggest(trial: Any, problem: Problem) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for p in problem.space:
        if p.kind == "float":
            out[p.name] = trial.suggest_float(p.name, p.low, p.high, log=p.log)
        elif p.kind == "int":
            out[p.name] = trial.suggest_int(p.name, int(p.low), int(p.high), log=p.log)
        else:
            out[p.name] = trial.suggest_categorical(p.name, list(p.choices))
    return out


def _conditional(trial: Any) -> tuple[dict[str, Any], float]:
    kind = trial.suggest_categorical("kind", ["a", "b", "c"])
    x = trial.suggest_float("x", -3, 3)
    if kind == "a":
        y = trial.suggest_float("ya", 1e-3, 10, log=True)
        return {"kind": kind, "x": x, "ya": y}, (x - 1) ** 2 + float(np.log(y)) ** 2
    if kind == "b":
        k = trial.suggest_int("kb", 1, 19, step=3)
        z = trial.suggest_float("zb", 0, 1, step=0.05)
        return {"kind": kind, "x": x, "kb": k, "zb": z}, x**2 + (k - 10) ** 2 / 10 + z
    return {"kind": kind, "x": x}, 0.5 + x**2


def run(problem: str, config: dict[str, Any], mode: str, n_trials: int) -> list[dict[str, str]]:
    """Proposals (as ``repr``) of a seeded study; ``mode``: seq, faults or batch."""
    import hyperscout
    from hyperscout.samplers.tpe import TPESampler
    from hyperscout.trial import TrialState

    problems = {p.name: p for p in get_problems(PROBLEMS)}
    study = hyperscout.create_study(sampler=TPESampler(seed=7, **config))
    seq: list[dict[str, str]] = []
    pending: list[tuple[Any, float]] = []
    for i in range(n_trials):
        trial = study.ask()
        if problem == "conditional":
            params, value = _conditional(trial)
        else:
            params = _suggest(trial, problems[problem])
            value = problems[problem](params)
        seq.append({k: repr(v) for k, v in params.items()})
        if mode == "batch":  # four workers: told together, each proposed with three running
            pending.append((trial, value))
            if len(pending) == 4:
                for t, v in pending:
                    study.tell(t, v)
                pending = []
        elif mode == "faults" and i % 7 == 3:
            trial.report(value + 1.0, 1)
            trial.report(value + 0.5, 2)
            study.tell(trial, state=TrialState.PRUNED)
        elif mode == "faults" and i % 11 == 5:
            study.tell(trial, state=TrialState.FAIL)
        elif mode == "faults" and i % 13 == 6:
            study.tell(trial, state=TrialState.PRUNED)
        else:
            study.tell(trial, value)
    return seq


def run_shared(problem: str, n_trials: int) -> list[dict[str, str]]:
    """One study, two sampler instances taking turns (two workers on one storage)."""
    import hyperscout
    from hyperscout.samplers.tpe import TPESampler

    prob = {p.name: p for p in get_problems(PROBLEMS)}[problem]
    storage = hyperscout.storages.InMemoryStorage()
    first = hyperscout.create_study(storage=storage, sampler=TPESampler(seed=1), study_name="s")
    second = hyperscout.load_study(storage=storage, sampler=TPESampler(seed=2), study_name="s")
    seq = []
    for i in range(n_trials):
        study = first if i % 2 == 0 else second
        trial = study.ask()
        params = _suggest(trial, prob)
        study.tell(trial, prob(params))
        seq.append({k: repr(v) for k, v in params.items()})
    return seq


def collect(n_trials: int) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for name in PROBLEMS:
        for cname, config in CONFIGS.items():
            out[f"{name}/{cname}/seq"] = run(name, config, "seq", n_trials)
        out[f"{name}/default_tpe/faults"] = run(name, CONFIGS["default_tpe"], "faults", n_trials)
        out[f"{name}/default_tpe/batch"] = run(name, CONFIGS["default_tpe"], "batch", n_trials)
        out[f"{name}/uni/batch"] = run(name, CONFIGS["uni"], "batch", n_trials)
    out["conditional/default_tpe/faults"] = run(
        "conditional", CONFIGS["default_tpe"], "faults", n_trials
    )
    out["conditional/mv/seq"] = run("conditional", CONFIGS["mv"], "seq", n_trials)
    out["conditional/uni/batch"] = run("conditional", CONFIGS["uni"], "batch", n_trials)
    out["hartmann6/shared"] = run_shared("hartmann6", n_trials)
    out["hartmann6/mv/long"] = run("hartmann6", CONFIGS["mv"], "seq", 800)
    out["branin_mixed/default_tpe/long_faults"] = run(
        "branin_mixed", CONFIGS["default_tpe"], "faults", 600
    )
    out["levy10/uni/long_batch"] = run("levy10", CONFIGS["uni"], "batch", 600)
    return out


def compare(a_path: Path, b_path: Path) -> int:
    a, b = json.loads(a_path.read_text()), json.loads(b_path.read_text())
    differ = 0
    for key, seq in a.items():
        other = b.get(key)
        if seq != other:
            differ += 1
            first = next((i for i, (x, y) in enumerate(zip(seq, other or [])) if x != y), None)
            print(f"DIFFERS {key}: first at trial {first}")
    total = sum(len(v) for v in a.values())
    print(f"{len(a)} sequences, {total} trials compared, {differ} differ")
    return 1 if differ or set(a) != set(b) else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", type=Path, nargs="+")
    parser.add_argument("--compare", action="store_true", help="compare two written files")
    parser.add_argument("--trials", type=int, default=300)
    args = parser.parse_args()
    if args.compare:
        sys.exit(compare(*args.paths[:2]))
    import hyperscout

    hyperscout.logging.set_verbosity(logging.ERROR)
    warnings.filterwarnings("ignore")
    print(f"hyperscout from {hyperscout.__file__}", file=sys.stderr)
    out = collect(args.trials)
    args.paths[0].write_text(json.dumps(out))
    for key, seq in out.items():
        print(key, hashlib.sha1(json.dumps(seq).encode()).hexdigest()[:12])


if __name__ == "__main__":
    main()
