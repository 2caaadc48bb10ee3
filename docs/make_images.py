"""Make the PNGs under docs/images/ from real studies (matplotlib backend).

1. Tune scikit-learn's GradientBoostingClassifier on the breast-cancer data (bundled with
   scikit-learn) for 50 trials, learning rate log-scaled, and draw the optimisation history, the
   slice plot (learning rate on a log axis) and the fANOVA parameter importances.
2. Tune an RBF SVR (C, gamma, epsilon, all log-scaled) on the diabetes data with a 4 x 3 x 4
   grid, random search and TPE (QMC if TPE is missing), five seeds each, 48 trials per run, and
   draw the comparison (median best-so-far CV RMSE, quartile band across seeds).
3. Run hyperscout's BayesSearchCV (TPE) on an RBF SVC for the breast-cancer data, 40 iterations,
   and draw its search history (mean CV accuracy with a std band, best so far).

Run:  .venv/bin/python docs/make_images.py [--only gbc|comparison|search]   (a few minutes)
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import numpy as np
from sklearn.datasets import load_breast_cancer, load_diabetes
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVR

import hyperscout as hs
import hyperscout.visualization.matplotlib as vis
from hyperscout.samplers import GridSampler, RandomSampler

OUT = Path(__file__).parent / "images"
DPI = 100

X, y = load_breast_cancer(return_X_y=True)
X_REG, Y_REG = load_diabetes(return_X_y=True)
CV = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)
CV_REG = KFold(n_splits=3, shuffle=True, random_state=0)


def gbc_objective(trial: hs.Trial) -> float:
    model = GradientBoostingClassifier(
        learning_rate=trial.suggest_float("learning_rate", 1e-3, 1.0, log=True),
        n_estimators=trial.suggest_int("n_estimators", 10, 200, log=True),
        max_depth=trial.suggest_int("max_depth", 1, 6),
        subsample=trial.suggest_float("subsample", 0.5, 1.0),
        max_features=trial.suggest_categorical("max_features", ["sqrt", "log2", None]),
        random_state=0,
    )
    return float(cross_val_score(model, X, y, cv=CV, scoring="accuracy").mean())


def svr_objective(trial: hs.Trial) -> float:
    """3-fold CV RMSE (minimised) of an RBF SVR on the diabetes data."""
    model = make_pipeline(
        StandardScaler(),
        SVR(
            C=trial.suggest_float("C", 1e-2, 1e4, log=True),
            gamma=trial.suggest_float("gamma", 1e-5, 1e1, log=True),
            epsilon=trial.suggest_float("epsilon", 1e-2, 1e2, log=True),
        ),
    )
    scores = cross_val_score(model, X_REG, Y_REG, cv=CV_REG, scoring="neg_root_mean_squared_error")
    return float(-scores.mean())


def save(ax: object, name: str) -> None:
    ax0 = ax.ravel()[0] if isinstance(ax, np.ndarray) else ax
    fig = ax0.figure  # type: ignore[attr-defined]
    fig.savefig(OUT / name, dpi=DPI, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    print(f"wrote {OUT / name} ({(OUT / name).stat().st_size // 1024} KB)")


def bayesian_sampler(seed: int) -> tuple[str, hs.samplers.BaseSampler]:
    try:
        from hyperscout.samplers import TPESampler

        return "TPE", TPESampler(seed=seed)
    except ImportError:
        from hyperscout.samplers import QMCSampler

        return "QMC", QMCSampler(seed=seed)


def main() -> None:
    parser = argparse.ArgumentParser(description="Make the PNGs under docs/images/.")
    parser.add_argument("--only", choices=["gbc", "comparison", "search"], default=None)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    hs.logging.set_verbosity(hs.logging.WARNING)
    warnings.simplefilter("ignore")
    if args.only in (None, "gbc"):
        make_gbc_images()
    if args.only in (None, "comparison"):
        make_comparison_image()
    if args.only in (None, "search"):
        make_search_history_image()


def make_search_history_image() -> None:
    from sklearn.svm import SVC

    from hyperscout.sklearn import BayesSearchCV

    model = make_pipeline(StandardScaler(), SVC())
    search = BayesSearchCV(
        model,
        {"svc__C": (1e-3, 1e3, "log-uniform"), "svc__gamma": (1e-5, 1e1, "log-uniform")},
        n_iter=40,
        cv=CV,
        sampler="tpe",
        random_state=0,
    ).fit(X, y)
    print(f"BayesSearchCV best accuracy {search.best_score_:.4f} with {search.best_params_}")
    ax = vis.plot_search_history(search)
    ax.set_title("BayesSearchCV (TPE) on an RBF SVC, breast cancer")
    save(ax, "search_history.png")


def make_gbc_images() -> None:
    study = hs.create_study(
        study_name="gbc-breast-cancer", direction="maximize", sampler=bayesian_sampler(0)[1]
    )
    study.optimize(gbc_objective, n_trials=50)
    print(f"GBC best accuracy {study.best_value:.4f} with {study.best_params}")
    save(vis.plot_optimization_history(study, target_name="CV accuracy"), "history.png")
    save(
        vis.plot_slice(
            study, params=["learning_rate", "n_estimators", "max_depth"], target_name="CV accuracy"
        ),
        "slice.png",
    )
    save(vis.plot_param_importances(study, target_name="CV accuracy"), "importance.png")


def make_comparison_image() -> None:
    n_trials, seeds = 48, range(5)
    grid = {
        "C": list(np.logspace(-2, 4, 4)),
        "gamma": list(np.logspace(-5, 1, 3)),
        "epsilon": list(np.logspace(-2, 2, 4)),
    }
    groups: dict[str, list[hs.Study]] = {}
    for seed in seeds:
        name, bayes = bayesian_sampler(seed)
        contenders = {
            "grid": GridSampler(grid, seed=seed),
            "random": RandomSampler(seed=seed),
            name: bayes,
        }
        for label, sampler in contenders.items():
            s = hs.create_study(
                study_name=f"svr-{label}-{seed}", direction="minimize", sampler=sampler
            )
            s.optimize(svr_objective, n_trials=n_trials)
            groups.setdefault(label, []).append(s)
    for label, runs in groups.items():
        finals = [r.best_value for r in runs]
        print(f"SVR {label}: median best RMSE {np.median(finals):.2f} over {len(runs)} seeds")
    ax = vis.plot_comparison(groups, target_name="CV RMSE")
    ax.set_title("RBF SVR on diabetes: grid vs random vs Bayesian (5 seeds)")
    save(ax, "comparison.png")


if __name__ == "__main__":
    main()
