"""A script written for Optuna's core API. It runs unchanged with ``import hyperscout as optuna``.

Usage: python core_api.py MODULE STORAGE   (MODULE is optuna or hyperscout; STORAGE a URL or "memory")
It prints one JSON line that the compatibility test compares across the two libraries.
"""

import importlib
import json
import sys

optuna = importlib.import_module(
    sys.argv[1]
)  # stands for `import optuna` / `import hyperscout as optuna`
storage = None if sys.argv[2] == "memory" else sys.argv[2]

optuna.logging.set_verbosity(optuna.logging.WARNING)


def objective(trial):
    classifier = trial.suggest_categorical("classifier", ["SVC", "RandomForest"])
    if classifier == "SVC":
        c = trial.suggest_float("svc_c", 1e-10, 1e10, log=True)
        score = 1.0 / (1.0 + abs(c - 1.0))
    else:
        depth = trial.suggest_int("rf_max_depth", 2, 32, log=True)
        n = trial.suggest_int("rf_n_estimators", 10, 100, step=10)
        score = depth / 32 * 0.5 + n / 1000
    trial.set_user_attr("classifier", classifier)
    for step in range(3):
        trial.report(score * (step + 1) / 3, step)
        if trial.should_prune():
            raise optuna.TrialPruned()
    return score


study = optuna.create_study(
    study_name="compat",
    storage=storage,
    direction="maximize",
    sampler=optuna.samplers.RandomSampler(seed=42),
    pruner=optuna.pruners.NopPruner(),
    load_if_exists=True,
)
study.enqueue_trial({"classifier": "SVC", "svc_c": 1.0})
study.optimize(objective, n_trials=10)

trial = study.ask()
x = trial.suggest_float("svc_c", 1e-10, 1e10, log=True)
trial.suggest_categorical("classifier", ["SVC", "RandomForest"])
study.tell(trial, 0.25)

study.add_trial(
    optuna.trial.create_trial(
        params={"classifier": "SVC", "svc_c": 3.0},
        distributions={
            "classifier": optuna.distributions.CategoricalDistribution(["SVC", "RandomForest"]),
            "svc_c": optuna.distributions.FloatDistribution(1e-10, 1e10, log=True),
        },
        value=0.5,
    )
)

df = study.trials_dataframe()
complete = study.get_trials(deepcopy=False, states=(optuna.trial.TrialState.COMPLETE,))
print(
    json.dumps(
        {
            "n_trials": len(study.trials),
            "n_complete": len(complete),
            "best_params": study.best_params,
            "best_value": study.best_value,
            "best_number": study.best_trial.number,
            "first_params": study.trials[0].params,
            "columns": sorted(c for c in df.columns if not c.startswith("system_attrs")),
            "states": [t.state.name for t in study.trials],
            "direction": study.direction.name,
            "user_attr": study.trials[0].user_attrs["classifier"],
            "intermediate": {str(k): v for k, v in study.trials[0].intermediate_values.items()},
            "names": optuna.get_all_study_names(storage) if storage else ["compat"],
        },
        sort_keys=True,
    )
)
