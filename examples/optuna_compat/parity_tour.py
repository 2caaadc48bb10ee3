"""An Optuna user's script: exhaustive and partly fixed search, a Wilcoxon-pruned study, ask and
tell with infinite values, enqueued trials, a copy of the study, and the best trial replayed by
passing its FrozenTrial to the objective. It runs unchanged with ``import hyperscout as optuna``.

Usage: python parity_tour.py MODULE STORAGE_DIR   (MODULE is optuna or hyperscout)
It prints one JSON line that the compatibility test compares across the two libraries.
"""

import importlib
import json
import math
import os
import sys
import warnings

import numpy as np

optuna = importlib.import_module(sys.argv[1])  # `import optuna` / `import hyperscout as optuna`
folder = sys.argv[2]
optuna.logging.set_verbosity(optuna.logging.ERROR)
warnings.simplefilter("ignore")  # both libraries warn about experimental features and the like
out = {}


# 1. Brute force over a conditional, discrete space (the study stops itself when done).
def layered(trial):
    kind = trial.suggest_categorical("kind", ["linear", "tree"])
    if kind == "linear":
        alpha = trial.suggest_float("alpha", 0.2, 0.3, step=0.1)  # two points: 0.2 and 0.3
        return alpha * 10 + 0.5  # 2.5 or 3.5: no tie with the trees
    depth = trial.suggest_int("depth", 2, 6, step=2)
    return float(depth)


brute = optuna.create_study(sampler=optuna.samplers.BruteForceSampler(seed=0))
brute.optimize(layered, n_trials=100)
out["brute_n"] = len(brute.trials)
out["brute_points"] = sorted(json.dumps(t.params, sort_keys=True) for t in brute.trials)
out["brute_best"] = [brute.best_value, brute.best_params]


# 2. Part of the space fixed, the rest from a grid (numpy arrays as the value lists).
grid = optuna.samplers.GridSampler({"x": np.linspace(-1.0, 1.0, 5), "y": np.arange(3)}, seed=0)
fixed = optuna.samplers.PartialFixedSampler({"y": 1}, grid)
part = optuna.create_study(sampler=fixed)


def quadratic(trial):
    x = trial.suggest_float("x", -1.0, 1.0)
    y = trial.suggest_int("y", 0, 2)
    return x**2 + y


part.optimize(quadratic, n_trials=5)
out["partial"] = sorted((t.params["x"], t.params["y"]) for t in part.trials)
out["grid_exhausted"] = grid.is_exhausted(part)


# 3. A Wilcoxon-pruned study in SQLite, capped by MaxTrialsCallback, with enqueued trials.
instances = np.linspace(-1.0, 1.0, 12)
url = "sqlite:///" + os.path.join(folder, sys.argv[1] + ".db")
study = optuna.create_study(
    study_name="tour",
    storage=url,
    sampler=optuna.samplers.RandomSampler(seed=1),
    pruner=optuna.pruners.WilcoxonPruner(p_threshold=0.1, n_startup_steps=3),
)
study.enqueue_trial({"center": 0.0})  # the best possible point first
study.enqueue_trial({"center": 0.9})  # a clearly worse one, to be pruned


def per_instance(trial):
    center = trial.suggest_float("center", -1.0, 1.0)
    losses = []
    for i, point in enumerate(instances):
        loss = (center - point) ** 2 + 0.01 * i  # distinct per instance: no tied differences
        losses.append(loss)
        trial.report(loss, i)
        if trial.should_prune():
            raise optuna.TrialPruned()
    return float(np.mean(losses))


study.optimize(
    per_instance,
    n_trials=50,
    callbacks=[optuna.study.MaxTrialsCallback(6, states=(optuna.trial.TrialState.COMPLETE,))],
)
out["wilcoxon_states"] = [t.state.name for t in study.trials[:2]]
out["n_complete"] = len(study.get_trials(states=(optuna.trial.TrialState.COMPLETE,)))

# 4. Ask and tell: infinite values are results, NaN and strings fail the trial.
for told in (math.inf, -math.inf, math.nan, "abc"):
    trial = study.ask()
    trial.suggest_float("center", -1.0, 1.0)
    study.tell(trial, told)
try:
    study.tell(trial, 1.0)  # a second tell
except ValueError:
    out["second_tell"] = "ValueError"
out["told_states"] = [t.state.name for t in study.trials[-4:]]
out["told_values"] = [repr(t.value) for t in study.trials[-4:]]
out["best_value"] = study.best_value  # -inf, told above

# 5. A FrozenTrial replays the objective; a record built by hand too.
best_done = min(
    study.get_trials(states=(optuna.trial.TrialState.COMPLETE,))[:1], key=lambda t: t.number
)
out["replayed"] = per_instance(best_done) == best_done.value
record = optuna.trial.FrozenTrial(
    number=0,
    state=optuna.trial.TrialState.COMPLETE,
    value=0.5,
    datetime_start=None,
    datetime_complete=None,
    params={"center": 0.25},
    distributions={"center": optuna.distributions.FloatDistribution(-1.0, 1.0)},
    user_attrs={},
    system_attrs={},
    intermediate_values={},
    trial_id=0,
)
record.value = 0.75
out["record"] = [record.value, per_instance(record)]
out["fixed"] = quadratic(optuna.trial.FixedTrial({"x": 0.5, "y": 2}))

# 6. Copy the study and read the copy back.
copy_url = "sqlite:///" + os.path.join(folder, sys.argv[1] + "_copy.db")
optuna.copy_study(from_study_name="tour", from_storage=url, to_storage=copy_url)
copy = optuna.load_study(study_name="tour", storage=copy_url)
out["copy_states"] = [t.state.name for t in copy.trials]
out["copy_same_params"] = [t.params for t in copy.trials] == [t.params for t in study.trials]
out["summaries"] = [s.study_name for s in sorted(optuna.get_all_study_summaries(copy_url))]

# 7. Steps: a step that does not divide the range lowers high.
steps = optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=0))
steps.optimize(lambda t: t.suggest_int("n", 0, 9, step=4), n_trials=30)
out["step_values"] = sorted({t.params["n"] for t in steps.trials})

print(json.dumps(out, sort_keys=True))
