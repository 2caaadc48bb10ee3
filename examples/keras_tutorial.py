"""KerasTuner's "Introduction to the Keras Tuner" tutorial, on scikit-learn's digits.

The same script runs on KerasTuner and on hyperscout: only the import differs
(``import keras_tuner as kt`` or ``import hyperscout.keras as kt``)::

    python examples/keras_tutorial.py --library hyperscout
    python examples/keras_tutorial.py --library keras_tuner

It tunes the units of a hidden layer, the dropout rate and the learning rate with
``Hyperband(max_epochs=9, factor=3)`` and early stopping, retrains the best model, then runs
``RandomSearch`` and ``BayesianOptimization`` on the same model; it prints each tuner's
best values and the test accuracy of its best model, and a JSON line with timings.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time

os.environ.setdefault("KERAS_BACKEND", "torch")


def _rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", choices=["keras_tuner", "hyperscout"], default="hyperscout")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--directory", default="out/keras_tutorial")
    parser.add_argument("--random-trials", type=int, default=17)
    parser.add_argument("--bayes-trials", type=int, default=17)
    parser.add_argument("--quiet", action="store_true", help="no per-epoch output")
    args = parser.parse_args()

    if args.library == "keras_tuner":
        import keras_tuner as kt
    else:
        import hyperscout.keras as kt
    import keras
    import numpy as np
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    keras.utils.set_random_seed(args.seed)
    x, y = load_digits(return_X_y=True)
    x = (x / 16.0).astype("float32")
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=0.25, random_state=args.seed, stratify=y
    )

    def model_builder(hp):
        model = keras.Sequential()
        model.add(keras.Input(shape=(64,)))
        hp_units = hp.Int("units", min_value=32, max_value=512, step=32)
        model.add(keras.layers.Dense(units=hp_units, activation="relu"))
        model.add(keras.layers.Dropout(hp.Float("dropout", 0.0, 0.5, step=0.1)))
        model.add(keras.layers.Dense(10))
        hp_learning_rate = hp.Choice("learning_rate", values=[1e-2, 1e-3, 1e-4])
        model.compile(
            optimizer=keras.optimizers.Adam(learning_rate=hp_learning_rate),
            loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
            metrics=["accuracy"],
        )
        return model

    verbose = 0 if args.quiet else 1
    stop_early = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3)
    results = {"library": args.library, "seed": args.seed}
    fit_seconds = [0.0]
    epochs_trained = [0]

    class Timed(keras.callbacks.Callback):
        """Measures the time spent inside model.fit, up to the end of its last epoch (a
        model stopped early by a tuner does not reach on_train_end)."""

        def on_train_begin(self, logs=None):
            results.setdefault("rss_first_fit_mb", _rss_mb())
            self._t = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            now = time.perf_counter()
            fit_seconds[0] += now - self._t
            self._t = now
            epochs_trained[0] += 1

    def run(name, tuner, epochs):
        start = time.perf_counter()
        fit_before = fit_seconds[0]
        epochs_before = epochs_trained[0]
        tuner.search(
            x_train, y_train, epochs=epochs, validation_split=0.2,
            callbacks=[stop_early, Timed()], verbose=verbose,
        )
        wall = time.perf_counter() - start
        best_hps = tuner.get_best_hyperparameters(num_trials=1)[0]
        best_model = tuner.get_best_models(num_models=1)[0]
        _, accuracy = best_model.evaluate(x_test, y_test, verbose=0)
        print(
            f"[{name}] units={best_hps.get('units')} dropout={best_hps.get('dropout'):.1f} "
            f"learning_rate={best_hps.get('learning_rate')} test accuracy={accuracy:.4f} "
            f"wall={wall:.1f}s outside fit={wall - (fit_seconds[0] - fit_before):.1f}s "
            f"trials={len(tuner.oracle.trials)} epochs={epochs_trained[0] - epochs_before} "
            f"rss={_rss_mb():.0f}MB"
        )
        results[name] = {
            "accuracy": float(accuracy),
            "wall": wall,
            "outside_fit": wall - (fit_seconds[0] - fit_before),
            "trials": len(tuner.oracle.trials),
            "epochs": epochs_trained[0] - epochs_before,
            "rss_mb": _rss_mb(),
        }
        return tuner, best_hps

    results["rss_start_mb"] = _rss_mb()
    tuner = kt.Hyperband(
        model_builder, objective="val_accuracy", max_epochs=9, factor=3, seed=args.seed,
        directory=args.directory, project_name=f"{args.library}_hyperband_{args.seed}",
        overwrite=True,
    )
    if not args.quiet:
        tuner.search_space_summary()
    tuner, best_hps = run("hyperband", tuner, epochs=50)
    results["rss_after_first_tuner_mb"] = _rss_mb()

    # The tutorial's last step: retrain the best values, then at the best epoch count.
    model = tuner.hypermodel.build(best_hps)
    history = model.fit(x_train, y_train, epochs=20, validation_split=0.2, verbose=0)
    best_epoch = int(np.argmax(history.history["val_accuracy"])) + 1
    hypermodel = tuner.hypermodel.build(best_hps)
    hypermodel.fit(x_train, y_train, epochs=best_epoch, validation_split=0.2, verbose=0)
    _, retrained = hypermodel.evaluate(x_test, y_test, verbose=0)
    print(f"[hyperband] retrained for {best_epoch} epochs: test accuracy={retrained:.4f}")
    results["hyperband"]["retrained_accuracy"] = float(retrained)
    del model, hypermodel

    run("random", kt.RandomSearch(
        model_builder, objective="val_accuracy", max_trials=args.random_trials, seed=args.seed,
        directory=args.directory, project_name=f"{args.library}_random_{args.seed}",
        overwrite=True,
    ), epochs=9)
    tuner, _ = run("bayesian", kt.BayesianOptimization(
        model_builder, objective="val_accuracy", max_trials=args.bayes_trials, seed=args.seed,
        directory=args.directory, project_name=f"{args.library}_bayesian_{args.seed}",
        overwrite=True,
    ), epochs=9)
    if not args.quiet:
        tuner.results_summary(num_trials=3)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    results["peak_rss_mb"] = usage.ru_maxrss / 1024
    results["rss_end_mb"] = _rss_mb()
    print("RESULT " + json.dumps(results))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
