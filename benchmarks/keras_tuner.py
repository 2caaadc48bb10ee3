"""KerasTuner 1.4 against hyperscout.keras on KerasTuner's tutorial, run side by side.

Each run is ``examples/keras_tutorial.py`` in a fresh process (the same script; only the
import differs): Hyperband(max_epochs=9, factor=3) with early stopping, then RandomSearch and
BayesianOptimization (17 trials each) on scikit-learn's digits. Runs alternate between the
libraries (A B, then B A for the next seed) and the table reports per-seed ratios and their
median. One thread for PyTorch/OpenMP in every run (``OMP_NUM_THREADS=1``).

    python benchmarks/keras_tuner.py --seeds 0 1 2 3 4
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
LIBS = ("keras_tuner", "hyperscout")
TUNERS = ("hyperband", "random", "bayesian")


def run(library: str, seed: int, directory: str) -> dict:
    env = dict(os.environ, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", KERAS_BACKEND="torch",
               PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    cmd = [sys.executable, os.path.join(ROOT, "examples", "keras_tutorial.py"),
           "--library", library, "--seed", str(seed), "--directory", directory, "--quiet"]
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{library} seed {seed} failed:\n{proc.stderr[-3000:]}")
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
    result = json.loads(lines[-1][len("RESULT "):])
    result["process_wall"] = time.perf_counter() - start
    result["summary"] = [ln for ln in proc.stdout.splitlines() if ln.startswith("[")]
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument("--out", default=os.path.join(HERE, "results", "keras_tuner.md"))
    parser.add_argument("--raw", default=os.path.join(HERE, "results", "keras_tuner.json"))
    parser.add_argument("--render", action="store_true",
                        help="only rewrite the table from the raw results in --raw")
    args = parser.parse_args()
    if args.render:
        with open(args.raw) as f:
            write_table(json.load(f), args.out)
        return
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, seed in enumerate(args.seeds):
            order = LIBS if i % 2 == 0 else LIBS[::-1]
            pair = {}
            for lib in order:
                load = os.getloadavg()[0]
                pair[lib] = run(lib, seed, os.path.join(tmp, f"{lib}_{seed}"))
                pair[lib]["load"] = load
                pair[lib]["load_after"] = os.getloadavg()[0]
                print(f"seed {seed} {lib}: " + " | ".join(pair[lib]["summary"]), flush=True)
            rows.append({"seed": seed, **pair})
            with open(args.raw, "w") as f:
                json.dump(rows, f, indent=1)
            write_table(rows, args.out)


def _med(values: list[float]) -> str:
    return f"{statistics.median(values):.3g}" if values else "-"


def write_table(rows: list[dict], path: str) -> None:
    kt, hs = "keras_tuner", "hyperscout"
    loads = ", ".join(
        f"{r[lib]['load']:.1f}-{r[lib].get('load_after', float('nan')):.1f}"
        for r in rows for lib in (kt, hs)
    )
    lines = [
        "# KerasTuner 1.4.8 vs hyperscout.keras: the tutorial, side by side",
        "",
        "`benchmarks/keras_tuner.py` runs `examples/keras_tutorial.py` (the same script; only "
        "the import differs) once per library and seed in fresh processes, alternating which "
        "library goes first (A B, then B A). Keras 3.15 on PyTorch 2.13 (CPU), "
        "`OMP_NUM_THREADS=1`, scikit-learn's digits (1,347 training images, 20% of them for "
        "validation; 450 test images). Hyperband(max_epochs=9, factor=3) with "
        "EarlyStopping(val_loss, patience=3), then RandomSearch and BayesianOptimization with 17 "
        "trials each and 9 epochs. Test accuracy is the best model's (`get_best_models(1)`) on "
        "the held-out test images. \"outside fit\" is the wall time minus the time inside "
        "`model.fit` up to the end of its last epoch; \"epochs\" counts the epochs trained.",
        "",
        "Command: `flock -s <lock shared by timed runs> env OMP_NUM_THREADS=1 "
        "KERAS_BACKEND=torch python benchmarks/keras_tuner.py --seeds "
        f"{' '.join(str(r['seed']) for r in rows)}` (one core; `--render` rewrites this table "
        "from `keras_tuner.json`).",
        "",
        f"Seeds: {', '.join(str(r['seed']) for r in rows)} ({len(rows)} pairs). Load average "
        f"(1 min) before-after each run, KerasTuner then hyperscout per seed: {loads}, on a "
        "2-core machine shared with other jobs.",
        "",
        "## Per tuner (medians over seeds; ratio = hyperscout / KerasTuner per seed, then median)",
        "",
        "| tuner | trials KT / hs | epochs KT / hs | test acc. KT | test acc. hs "
        "| acc. hs - KT (per seed) | wall KT (s) | wall hs (s) | wall ratio (spread) "
        "| outside fit KT (s) | outside fit hs (s) | in fit per epoch KT / hs (s) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    def per_epoch(lib: str, t: str) -> list[float]:
        return [(r[lib][t]["wall"] - r[lib][t]["outside_fit"]) / r[lib][t]["epochs"]
                for r in rows if r[lib][t].get("epochs")]

    for t in TUNERS:
        def get(lib: str, key: str, t: str = t) -> list[float]:
            return [r[lib][t][key] for r in rows if key in r[lib][t]]

        ratios = [r[hs][t]["wall"] / r[kt][t]["wall"] for r in rows]
        diffs = [r[hs][t]["accuracy"] - r[kt][t]["accuracy"] for r in rows]
        lines.append(
            f"| {t} | {_med(get(kt, 'trials'))} / {_med(get(hs, 'trials'))} "
            f"| {_med(get(kt, 'epochs'))} / {_med(get(hs, 'epochs'))} "
            f"| {_med(get(kt, 'accuracy'))} | {_med(get(hs, 'accuracy'))} "
            f"| {', '.join(f'{d:+.3f}' for d in diffs)} "
            f"| {_med(get(kt, 'wall'))} | {_med(get(hs, 'wall'))} | **{_med(ratios)}** "
            f"({min(ratios):.2f}-{max(ratios):.2f}) "
            f"| {_med(get(kt, 'outside_fit'))} | {_med(get(hs, 'outside_fit'))} "
            f"| {_med(per_epoch(kt, t))} / {_med(per_epoch(hs, t))} |"
        )
    total = [sum(r[hs][t]["wall"] for t in TUNERS) / sum(r[kt][t]["wall"] for t in TUNERS)
             for r in rows]
    lines += [
        "",
        f"All three searches: wall-time ratio hyperscout / KerasTuner, median **{_med(total)}** "
        f"(per seed: {', '.join(f'{v:.2f}' for v in total)}).",
        "",
        "## Memory (resident set size of the process, MB)",
        "",
        "From the first `fit` to the end of the three searches ("
        + ", ".join(f"{name} {_med([sum(r[lib][t]['trials'] for t in TUNERS) for r in rows])}"
                    for name, lib in (("KerasTuner", kt), ("hyperscout", hs)))
        + " trials).",
        "",
        "| library | at first fit | after all searches | growth | peak |",
        "| --- | --- | --- | --- | --- |",
    ]
    for lib in (kt, hs):
        first = [r[lib]["rss_first_fit_mb"] for r in rows]
        end = [r[lib]["rss_end_mb"] for r in rows]
        lines.append(
            f"| {lib} | {_med(first)} | {_med(end)} | {_med([e - f for e, f in zip(end, first)])} "
            f"| {_med([r[lib]['peak_rss_mb'] for r in rows])} |"
        )
    lines += ["", "## Raw per-seed lines", ""]
    for r in rows:
        for lib in (kt, hs):
            lines.append(f"- seed {r['seed']} {lib}: " + "; ".join(r[lib]["summary"]))
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
