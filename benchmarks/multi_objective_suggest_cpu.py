"""CPU seconds per suggestion of GPSampler for several objectives: the default (ParEGO's
scalarisation of one GP per objective), ParEGO with one GP on the scalarised target (the default
before it) and EHVI (reference point from all trials): ask-and-tell runs of 300 trials, seed 0, the process
time of ``study.ask()`` plus the trial's suggestions, averaged over trials 91-110 and 281-300.

    nice -n 5 env OMP_NUM_THREADS=1 python benchmarks/multi_objective_suggest_cpu.py ZDT1 DTLZ2

Process time on a shared machine: not a timed benchmark. Writes
``results/multi_objective_suggest_cpu.json``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

import benchmarks.multi_objective as B

LABELS = (
    "hyperscout default",
    "hyperscout GP (ParEGO, scaled by all trials)",
    "hyperscout GP (EHVI, reference point from all trials)",
)


def main() -> None:
    B._quiet()
    out: dict[str, Any] = {}
    for name in sys.argv[1:]:
        spec = B.PROBLEMS[name]
        for label in LABELS:
            lib, sampler = B.CONTENDERS[label](0, B._cons if spec.get("constrained") else None)
            study = lib.create_study(directions=["minimize"] * spec["m"], sampler=sampler)
            cpu = []
            for _ in range(300):
                t0 = time.process_time()
                t = study.ask()
                x = np.array([t.suggest_float(f"x{j}", 0.0, 1.0) for j in range(spec["n"])])
                cpu.append(time.process_time() - t0)
                f = spec["f"](x)
                if spec.get("constrained"):
                    t.set_user_attr("c", B.c2_violation(f))
                study.tell(t, f)
            res = {
                f"{a + 1}-{b}": round(float(np.mean(cpu[a:b])), 4)
                for a, b in ((90, 110), (280, 300))
            }
            out[f"{name} {label}"] = res
            print(name, label, res, flush=True)
    path = Path(__file__).parent / "results" / "multi_objective_suggest_cpu.json"
    path.write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
