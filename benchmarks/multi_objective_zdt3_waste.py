"""Where the composite ParEGO's ZDT3 proposals go (a diagnostic for multi_objective.md, ablation7).

Replays the 100-trial ZDT3 runs (seeds 0-4) of the default, of the best of 4 weight draws and
of the weights redrawn after a fallback (deterministic under their seeds, so the same runs as
the benchmark's) and counts, per run, the model-based proposals that land at f1 < 0.06 with f2
in (1.6, 8) (no hypervolume to gain there), and for the redrawing variant the proposals whose
first search fell back to the sweep's best point and those still falling back after the
redraws; and the f1 range of each run's front (where its two ends are).

    nice -n 10 env OMP_NUM_THREADS=1 python benchmarks/multi_objective_zdt3_waste.py \\
        [--problem ZDT3] [--keys default redraw ...]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import multi_objective as mo

LABELS = {
    "default": "hyperscout default",
    "best of 4": "hyperscout GP (composite ParEGO, utopian point, best of 4 weights)",
    "redraw": "hyperscout GP (composite ParEGO, utopian point, weights redrawn after a fallback)",
    "dead redrawn": "hyperscout GP (composite ParEGO, utopian point, dead weights redrawn)",
    "dead EHVI": "hyperscout GP (composite ParEGO, utopian point, EHVI under dead weights)",
    "long prior": "hyperscout GP (composite ParEGO, utopian point, long lengthscale prior)",
    "one-sided prior": (
        "hyperscout GP (composite ParEGO, utopian point, one-sided lengthscale prior)"
    ),
    "one-sided on irrelevant": (
        "hyperscout GP (composite ParEGO, utopian point, one-sided prior on irrelevant inputs)"
    ),
    "dead EHVI blind": (
        "hyperscout GP (composite ParEGO, utopian point, "
        "EHVI blind to irrelevant inputs under dead weights)"
    ),
    "dead blind": (
        "hyperscout GP (composite ParEGO, utopian point, "
        "blind to irrelevant inputs under dead weights)"
    ),
}


def main() -> None:
    import numpy as np

    from hyperscout._multi_objective import non_dominated
    from hyperscout.samplers.gp import GPSampler

    parser = argparse.ArgumentParser()
    parser.add_argument("--problem", default="ZDT3")
    parser.add_argument("--keys", nargs="*", default=["default", "best of 4", "redraw"])
    args = parser.parse_args()

    mo._quiet()
    real = GPSampler._maximize_multi
    fallbacks: list[bool | None] = []
    # Per proposal: its acquisition's class and whether a model it reads is blind to some input
    # (an infinite lengthscale, GPAblation.parego_dead_blind).
    searches: list[tuple[str, bool]] = []

    def spy(self: GPSampler, *args: Any, **kwargs: Any) -> Any:
        acq = args[0]
        models = getattr(acq, "models", [])
        searches.append((type(acq).__name__, any(np.isinf(m.theta).any() for m in models)))
        out = real(self, *args, **kwargs)
        info = kwargs.get("info")
        fallbacks.append(None if info is None else info.get("from_sweep"))
        return out

    GPSampler._maximize_multi = spy  # type: ignore[method-assign]
    for seed in mo.SEEDS:
        for key in args.keys:
            label = LABELS[key]
            fallbacks.clear()
            searches.clear()
            res = mo.run_synthetic(args.problem, mo.CONTENDERS[label], seed, 100)
            wasted = sum(1 for f in res["rows"][10:] if f[0] < 0.06 and 1.6 < f[1] < 8)
            hv = mo.hv_of(res["rows"], 2, mo.REF_ZDT, 100)
            line = f"seed {seed} {key}: hv {hv:.3f}, wasted {wasted} of {len(res['rows']) - 10}"
            values = np.array([r[:2] for r in res["rows"]])
            front = values[non_dominated(values)]
            line += f", front's f1 {front[:, 0].min():.4f}-{front[:, 0].max():.3f}"
            if "blind" in key:
                n_ehvi = sum(1 for kind, _ in searches if kind == "LogEHVI")
                n_blind = sum(1 for _, blind in searches if blind)
                line += f", EHVI {n_ehvi}, blinded {n_blind} of {len(searches)} searches"
            if key == "redraw":
                # A proposal's searches: fallbacks until one that did not fall back, or 4.
                proposals, run = [], 0
                for fell_back in fallbacks:
                    run += 1
                    if not fell_back or run == 4:
                        proposals.append((run, bool(fell_back)))
                        run = 0
                first = sum(1 for n, fb in proposals if n > 1 or fb)
                still = sum(1 for _, fb in proposals if fb)
                line += f", first search fell back {first}, still after redraws {still}"
            print(line, flush=True)


if __name__ == "__main__":
    main()
