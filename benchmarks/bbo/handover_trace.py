"""Trace of the GP/TPE hand-over variants (``results/bbo/ablation.md``, "Fourth").

``python -m benchmarks.bbo.handover_trace [--judge] [--budget 100] branin:0 dt-diabetes:0 ...``
runs ``HandoverSampler`` (or ``HandoverJudgeSampler`` with ``--judge``) on each ``problem:seed``
and prints, from the probabilities stored on the trials, how many of trials 21 on were the
TPE's, how many scored trials entered the good group (events), and each model's mean Bernoulli
log likelihood and AUC of its probability against the event. The benchmark harness keeps only
the values, so this is how the hand-overs themselves are seen.
"""

from __future__ import annotations

import argparse

import numpy as np

import hyperscout
from benchmarks.bbo.contenders import _suggest
from benchmarks.bbo.problems import get_problems
from benchmarks.bbo.variants import (
    HANDOVER_PREFIX,
    HandoverJudgeSampler,
    HandoverSampler,
    bernoulli_log_lik,
)


def auc(p: list[float], z: list[bool]) -> float:
    """Probability that an event got a higher probability than a non-event (ties count half)."""
    pa, za = np.asarray(p), np.asarray(z, dtype=bool)
    if za.all() or not za.any():
        return float("nan")
    pos, neg = pa[za][:, None], pa[~za][None, :]
    return float((pos > neg).mean() + 0.5 * (pos == neg).mean())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.bbo.handover_trace")
    ap.add_argument("runs", nargs="+", help="problem:seed")
    ap.add_argument("--budget", type=int, default=100)
    ap.add_argument("--judge", action="store_true", help="HandoverJudgeSampler")
    args = ap.parse_args(argv)
    hyperscout.logging.set_verbosity(hyperscout.logging.WARNING)
    cls = HandoverJudgeSampler if args.judge else HandoverSampler
    for run in args.runs:
        name, seed = run.split(":")
        problem = get_problems([name])[0]
        sampler = cls(seed=int(seed))
        study = hyperscout.create_study(sampler=sampler, direction="minimize")
        study.optimize(
            lambda t, pr=problem: pr({p.name: _suggest(t, p) for p in pr.space}),
            n_trials=args.budget,
        )
        rec = sampler.records(study, args.budget)
        pg, pt, z = [r[0] for r in rec], [r[1] for r in rec], [r[2] for r in rec]
        ll_gp = np.mean([bernoulli_log_lik(p, e) for p, e in zip(pg, z)])
        ll_tpe = np.mean([bernoulli_log_lik(p, e) for p, e in zip(pt, z)])
        late = [t.system_attrs.get(HANDOVER_PREFIX + "proposer") for t in study.trials[20:]]
        judged = [t.system_attrs.get(HANDOVER_PREFIX + "judge") for t in study.trials]
        print(
            f"{run} best={study.best_value:.5g} tpe_proposals(21+)={late.count('tpe')}/{len(late)}"
            f" events={sum(z)}/{len(z)} loglik gp={ll_gp:.3f} tpe={ll_tpe:.3f}"
            f" AUC gp={auc(pg, z):.2f} tpe={auc(pt, z):.2f}"
            + (f" tpe_judged={judged.count('judge-tpe')}" if args.judge else ""),
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
