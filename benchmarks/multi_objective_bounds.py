"""How many of a sampler's model-based proposals put an input exactly at a bound of its range.

On ZDT1-3 the inputs x1..x9 are optimal at 0, a bound, so proposals there are right; on DTLZ2
the distance inputs x2..x11 are optimal at 0.5 and x0, x1 place a point on the front, so x0 or
x1 at a bound is a point on the front's edge (x0 = 0: the f3 = 0 arc; x0 = 1: the f3 corner).
One seeded run per problem and contender; trials after the random start of 10.

    python benchmarks/multi_objective_bounds.py [--seeds 0 1] [--problems DTLZ2 ZDT3]
    python benchmarks/multi_objective_bounds.py --acquisition [--problems DTLZ2]
    python benchmarks/multi_objective_bounds.py --front-width [--seeds 5] [--problems ZDT3]

``--acquisition``: for the default's proposals 101-120 (seed 0), the composite log EI at the
proposal and with each input that sits at a bound moved 0.02, 0.05 and 0.1 inwards, and each
objective's posterior sd at the proposal and 0.1 inwards: whether the search ends on a face
because the acquisition rises towards it, and whether the variance or the mean makes it rise.

``--front-width``: the default and ablation16's variant (the utopian point from the front's
range), per checkpoint (20, 40, 60, 100 trials): the number of non-dominated trials and their
range per objective, beside every trial's range: whether the front spreads or fills one segment.
"""

from __future__ import annotations

import argparse
from typing import Any

import numpy as np

import benchmarks.multi_objective as mo

# The peer to show beside the default: the best Optuna median of each problem's 300-trial cell.
PEER = {"ZDT1": "optuna GP", "ZDT2": "optuna GP", "ZDT3": "optuna GP", "DTLZ2": "optuna TPE"}


def _objective(problem: str) -> Any:
    """The unconstrained objective of ``problem`` on its unit box, as the benchmark defines it."""
    spec = mo.PROBLEMS[problem]
    n = spec["n"]
    return lambda t: spec["f"](np.array([t.suggest_float(f"x{i}", 0.0, 1.0) for i in range(n)]))


def at_bounds(problem: str, label: str, seed: int, n_trials: int) -> np.ndarray:
    """Per model-based trial (rows) and input (columns), whether the input is at 0 or 1."""
    spec = mo.PROBLEMS[problem]
    lib, sampler = mo.CONTENDERS[label](seed, None)
    lib.logging.set_verbosity(lib.logging.WARNING)
    study = lib.create_study(directions=["minimize"] * spec["m"], sampler=sampler)
    study.optimize(_objective(problem), n_trials=n_trials)
    n = spec["n"]
    x = np.array([[t.params[f"x{i}"] for i in range(n)] for t in study.trials])[10:]
    return (x == 0.0) | (x == 1.0)


def acquisition_at_faces(problem: str, seed: int = 0, first: int = 100, last: int = 120) -> None:
    """Print, per proposal ``first``..``last - 1`` of the default, what ``--acquisition`` says."""
    from hyperscout.samplers.gp import _sampler

    spec = mo.PROBLEMS[problem]
    lib, sampler = mo.CONTENDERS["hyperscout default"](seed, None)
    lib.logging.set_verbosity(lib.logging.WARNING)
    assert isinstance(sampler, _sampler.GPSampler)
    seen: dict[str, Any] = {}
    build, search = sampler._composite_acquisition, sampler._maximize_multi

    def composite_acquisition(fit: Any, low: Any, span: Any, w: Any, z: Any) -> Any:
        acq, starts = build(fit, low, span, w, z)
        seen.update(acq=acq, fit=fit, w=w)
        return acq, starts

    def maximize_multi(*args: Any, **kwargs: Any) -> Any:
        seen["params"] = params = search(*args, **kwargs)
        return params

    # Instance attributes shadow the methods for this one sampler only.
    sampler._composite_acquisition = composite_acquisition  # type: ignore[method-assign]
    sampler._maximize_multi = maximize_multi  # type: ignore[method-assign]
    study = lib.create_study(directions=["minimize"] * spec["m"], sampler=sampler)
    objective, n = _objective(problem), spec["n"]

    print(
        "| trial | weights | inputs at a bound | log EI at 0 / 0.02 / 0.05 / 0.1 inwards "
        "(first such input) | posterior sd at the proposal | 0.1 inwards |"
    )
    print("|---|---|---|---|---|---|")
    for number in range(last):
        seen.clear()
        study.optimize(objective, n_trials=1)
        if number < first or seen.get("acq") is None:
            continue
        acq, fit, params = seen["acq"], seen["fit"], seen["params"]
        u = fit.enc.encode([params])
        face = [i for i in range(n) if u[0, i] in (0.0, 1.0)]
        inward = u.copy()
        inward[0, face] = np.abs(u[0, face] - 0.1)
        values = []
        for d in (0.0, 0.02, 0.05, 0.1):
            v = u.copy()
            if face:
                v[0, face[0]] = abs(u[0, face[0]] - d)
            values.append(f"{float(acq(v)[0]):.2f}")
        sd = [float(np.sqrt(model.predict(u)[1][0])) for model in fit.models]
        sd_in = [float(np.sqrt(model.predict(inward)[1][0])) for model in fit.models]
        print(
            f"| {number} | {np.round(seen['w'], 2).tolist()} | {face} | {' / '.join(values)} "
            f"| {np.round(sd, 3).tolist()} | {np.round(sd_in, 3).tolist()} |",
            flush=True,
        )


# ablation16's variant, beside the default in ``--front-width``.
FRONT_WIDTH_LABELS = (
    "hyperscout default",
    "hyperscout GP (composite ParEGO, utopian point from the front's range)",
)


def front_widths(problem: str, label: str, seed: int) -> None:
    """Print ``--front-width``'s rows for one run."""
    from hyperscout._multi_objective import non_dominated

    lib, sampler = mo.CONTENDERS[label](seed, None)
    lib.logging.set_verbosity(lib.logging.WARNING)
    study = lib.create_study(directions=["minimize"] * mo.PROBLEMS[problem]["m"], sampler=sampler)
    objective = _objective(problem)
    for stop in (20, 40, 60, 100):
        study.optimize(objective, n_trials=stop - len(study.trials))
        loss = np.array([t.values for t in study.trials])
        front = loss[non_dominated(loss)]
        print(
            f"| {problem} | {label} | {seed} | {stop} | {len(front)} "
            f"| {np.round(front.max(axis=0) - front.min(axis=0), 3).tolist()} "
            f"| {np.round(loss.max(axis=0) - loss.min(axis=0), 2).tolist()} |",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, nargs="*", default=[0])
    parser.add_argument("--problems", nargs="*", default=["DTLZ2", "ZDT3"])
    parser.add_argument("--acquisition", action="store_true")
    parser.add_argument("--front-width", action="store_true")
    args = parser.parse_args()
    if args.front_width:
        print("| problem | contender | seed | trials | front size | front range | all range |")
        print("|---|---|---|---|---|---|---|")
        for problem in args.problems:
            for label in FRONT_WIDTH_LABELS:
                for seed in args.seeds:
                    front_widths(problem, label, seed)
        return
    if args.acquisition:
        for problem in args.problems:
            acquisition_at_faces(problem)
        return
    print("| problem | contender | seed | trials | any input at a bound | per input |")
    print("|---|---|---|---|---|---|")
    for problem in args.problems:
        for label in ("hyperscout default", PEER[problem]):
            # Optuna's GP costs minutes per 300-trial run here: 100 trials show its habit.
            n_trials = 100 if label == "optuna GP" else 300
            for seed in args.seeds:
                b = at_bounds(problem, label, seed, n_trials)
                per = ", ".join(str(int(v)) for v in b.sum(axis=0))
                print(
                    f"| {problem} | {label} | {seed} | {len(b)} | {int(b.any(axis=1).sum())} "
                    f"| {per} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
