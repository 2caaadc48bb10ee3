"""Whether a GP variant leaves the ideal corner of ZDT2 (multi_objective.md, ablation12's check 0).

The 5-variable ZDT2 of ``tests/samplers/test_composite_parego.py`` (the test that the default
leaves the ideal corner): ``GPSampler(seed=s)`` with a variant's private switches, 80 trials,
seeds 0-4; the front spread is the largest f1 among the trials with f2 < 1.2 (0 if none), and a
seed leaves the corner iff it is above 0.3. Results go to ``results/multi_objective_zdt2_corner.json``
under the variant's key.

    nice -n 10 env OMP_NUM_THREADS=1 python benchmarks/multi_objective_zdt2_corner.py \\
        [--keys 'dead EHVI blind dead-scope' ...]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import numpy as np

RESULTS = Path(__file__).resolve().parent / "results"
OUT = RESULTS / "multi_objective_zdt2_corner.json"
SEEDS = [0, 1, 2, 3, 4]
TRIALS = 80
THRESHOLD = 0.3
# The variants' private switches (the default: composite ParEGO, utopian point).
VARIANTS: dict[str, dict[str, Any]] = {
    "default": {},
    "dead EHVI blind": {"parego_dead_ehvi": True, "parego_dead_blind": True},
    "dead EHVI blind dead-scope": {
        "parego_dead_ehvi": True,
        "parego_dead_blind": True,
        "parego_blind_scope": "dead",
    },
    "dead EHVI blind small-share": {
        "parego_dead_ehvi": True,
        "parego_dead_blind": True,
        "parego_blind_gate": "lengthscale-and-share",
    },
    "dead EHVI blind small-share floor": {
        "parego_dead_ehvi": True,
        "parego_dead_blind": True,
        "parego_blind_gate": "lengthscale-and-share",
        "parego_dead_floor": True,
    },
    "floor targets": {"parego_weights": "floor-targets"},
}


def zdt2(trial: Any) -> tuple[float, float]:
    x = np.array([trial.suggest_float(f"x{i}", 0.0, 1.0) for i in range(5)])
    g = 1.0 + 9.0 * float(x[1:].mean())
    return float(x[0]), g * (1.0 - (x[0] / g) ** 2)


def front_spread(switches: dict[str, Any], seed: int) -> float:
    import hyperscout
    from hyperscout.samplers import GPSampler

    sampler = GPSampler(seed=seed)
    if switches:
        sampler._set_ablation(**switches)
    study = hyperscout.create_study(directions=["minimize", "minimize"], sampler=sampler)
    study.optimize(zdt2, n_trials=TRIALS)  # type: ignore[arg-type]
    good = [t.values[0] for t in study.trials if t.values[1] < 1.2]
    return float(max(good, default=0.0))


def main() -> None:
    import hyperscout

    hyperscout.logging.set_verbosity(hyperscout.logging.WARNING)
    parser = argparse.ArgumentParser()
    parser.add_argument("--keys", nargs="+", default=["dead EHVI blind dead-scope"])
    args = parser.parse_args()
    done = json.loads(OUT.read_text()) if OUT.exists() else {}
    for key in args.keys:
        spreads = {}
        for seed in SEEDS:
            t0 = time.process_time()
            spreads[str(seed)] = front_spread(VARIANTS[key], seed)
            print(
                f"{key} seed {seed}: spread {spreads[str(seed)]:.3f} "
                f"({time.process_time() - t0:.1f} s CPU)",
                flush=True,
            )
        done[key] = {"switches": VARIANTS[key], "spread": spreads}
        OUT.write_text(json.dumps(done, indent=1, sort_keys=True) + "\n")
        left = all(v > THRESHOLD for v in spreads.values())
        print(f"{key}: {'leaves' if left else 'does not leave'} the corner at every seed")


if __name__ == "__main__":
    main()
