"""Does the default pruning of hyperscout.keras cost accuracy? The tutorial's RandomSearch and
BayesianOptimization with the default pruner and with ``pruner=None``, same seeds.

The model, data split and search arguments are those of ``examples/keras_tutorial.py``; the two
variants run in one process per seed, in alternating order, with Keras' seed reset before
each search, so that both draw the same values until pruning changes what the samplers see
(a random search draws the same values either way).

    python benchmarks/keras_pruning.py --seeds 0 1 2 3 4
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from typing import Any

os.environ.setdefault("KERAS_BACKEND", "torch")

HERE = os.path.dirname(os.path.abspath(__file__))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument("--trials", type=int, default=17)
    parser.add_argument("--out", default=os.path.join(HERE, "results", "keras_pruning.md"))
    args = parser.parse_args()

    import keras
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    import hyperscout
    import hyperscout.keras as kt

    hyperscout.logging.set_verbosity(hyperscout.logging.WARNING)

    def model_builder(hp):  # type: ignore[no-untyped-def]
        model = keras.Sequential()
        model.add(keras.Input(shape=(64,)))
        model.add(keras.layers.Dense(hp.Int("units", 32, 512, step=32), activation="relu"))
        model.add(keras.layers.Dropout(hp.Float("dropout", 0.0, 0.5, step=0.1)))
        model.add(keras.layers.Dense(10))
        model.compile(
            optimizer=keras.optimizers.Adam(hp.Choice("learning_rate", [1e-2, 1e-3, 1e-4])),
            loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
            metrics=["accuracy"],
        )
        return model

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, seed in enumerate(args.seeds):
            x, y = load_digits(return_X_y=True)
            x = (x / 16.0).astype("float32")
            x_train, x_test, y_train, y_test = train_test_split(
                x, y, test_size=0.25, random_state=seed, stratify=y
            )
            variants = ["default", "none"] if i % 2 == 0 else ["none", "default"]
            for tuner_name, cls in (("random", kt.RandomSearch),
                                    ("bayesian", kt.BayesianOptimization)):
                for variant in variants:
                    keras.utils.set_random_seed(seed)
                    extra: dict[str, Any] = {} if variant == "default" else {"pruner": None}
                    tuner = cls(
                        model_builder, objective="val_accuracy", max_trials=args.trials,
                        seed=seed, directory=tmp, overwrite=True,
                        project_name=f"{tuner_name}_{variant}_{seed}", **extra,
                    )
                    start = time.perf_counter()
                    tuner.search(
                        x_train, y_train, epochs=9, validation_split=0.2, verbose=0,
                        callbacks=[keras.callbacks.EarlyStopping(monitor="val_loss", patience=3)],
                    )
                    wall = time.perf_counter() - start
                    best = tuner.get_best_models(1)[0]
                    _, accuracy = best.evaluate(x_test, y_test, verbose=0)
                    trials = tuner.study.trials
                    row = {
                        "seed": seed, "tuner": tuner_name, "variant": variant,
                        "accuracy": float(accuracy), "wall": wall,
                        "val": max(t.value for t in trials if t.value is not None),
                        "epochs": sum(len(t.intermediate_values) for t in trials),
                        "pruned": sum(t.state.name == "PRUNED" for t in trials),
                    }
                    rows.append(row)
                    print(json.dumps(row), flush=True)
                    write_table(rows, args.out)


def write_table(rows: list[dict], path: str) -> None:
    lines = [
        "# hyperscout.keras: default pruning against none, on the tutorial",
        "",
        "`python benchmarks/keras_pruning.py`: the tutorial's RandomSearch and "
        "BayesianOptimization (17 trials, 9 epochs, EarlyStopping(val_loss, patience=3), "
        "digits) with the default `MedianPruner(n_startup_trials=5, n_warmup_steps=2)` and "
        "with `pruner=None`, same seeds, in one process per seed (alternating order), "
        "`OMP_NUM_THREADS=1`. Test accuracy is the best model's on the 450 held-out images.",
        "",
        "| tuner | seed | epochs default / none | pruned trials | best val acc. default / "
        "none | test acc. default / none | wall default / none (s) |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    by = {(r["tuner"], r["seed"], r["variant"]): r for r in rows}
    diffs: dict[str, list[float]] = {}
    for (tuner, seed, variant), d in by.items():
        if variant != "default" or (tuner, seed, "none") not in by:
            continue
        n = by[(tuner, seed, "none")]
        diffs.setdefault(tuner, []).append(d["accuracy"] - n["accuracy"])
        lines.append(
            f"| {tuner} | {seed} | {d['epochs']} / {n['epochs']} | {d['pruned']} "
            f"| {d['val']:.4f} / {n['val']:.4f} | {d['accuracy']:.4f} / {n['accuracy']:.4f} "
            f"| {d['wall']:.1f} / {n['wall']:.1f} |"
        )
    lines.append("")
    for tuner, values in diffs.items():
        lines.append(
            f"- {tuner}: test accuracy default - none, median {statistics.median(values):+.4f} "
            f"(per seed {', '.join(f'{v:+.4f}' for v in values)})"
        )
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
