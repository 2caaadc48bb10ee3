"""write_report: one self-contained HTML file, every section present, graceful on odd studies."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import hyperscout
from hyperscout.distributions import FloatDistribution
from hyperscout.importance import PedAnovaImportanceEvaluator, get_param_importances
from hyperscout.report import (
    FIGURE_KINDS,
    figure_kinds_for,
    format_seconds,
    make_figure,
    make_figures,
    write_report,
)

pytest.importorskip("plotly")


def _objective(trial: hyperscout.Trial) -> float:
    x = trial.suggest_float("x", -3, 3)
    lr = trial.suggest_float("lr", 1e-4, 1e-1, log=True)
    kind = trial.suggest_categorical("kind", ["a", "b"])
    for step in range(3):
        trial.report(x * x + step, step)
    if trial.number % 7 == 3:
        raise hyperscout.TrialPruned()
    if trial.number % 7 == 5:
        raise ValueError("scripted failure")
    return x * x + 0.1 * abs(lr) + (kind == "b")


@pytest.fixture
def mixed_study() -> hyperscout.Study:
    study = hyperscout.create_study(
        study_name="mixed", sampler=hyperscout.samplers.RandomSampler(seed=1)
    )
    study.optimize(_objective, n_trials=21, catch=(ValueError,))
    study.ask()  # one RUNNING trial
    return study


def _script_json(page: str, element_id: str) -> object:
    m = re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>', page, re.S)
    assert m is not None, element_id
    return json.loads(m.group(1))


def test_report_is_self_contained_with_all_sections(mixed_study, tmp_path: Path) -> None:
    path = write_report(mixed_study, tmp_path / "r.html")
    assert path == str((tmp_path / "r.html").resolve())
    page = Path(path).read_text(encoding="utf-8")
    # plotly.js is inlined once and nothing is loaded from elsewhere
    assert page.count("plotly.js v") == 1
    assert "<script src" not in page and "<link" not in page
    kinds = figure_kinds_for(1)
    assert kinds == [k for k in FIGURE_KINDS if k != "pareto"]
    for section in ["summary", "profile", "trials", *kinds]:
        assert f'id="sec-{section}"' in page, section
    assert 'id="sec-pareto"' not in page  # one objective: no Pareto front
    figures = _script_json(page, "hs-figures")
    assert isinstance(figures, dict)
    assert set(figures) == set(kinds)  # every plot has data for this study
    for kind, fig in figures.items():
        assert fig["data"], kind
        assert f'id="fig-{kind}"' in page
    table = _script_json(page, "hs-trials")
    assert isinstance(table, dict)
    states = [row[1] for row in table["rows"]]
    assert states.count("PRUNED") == 3 and states.count("FAIL") == 3
    assert states.count("RUNNING") == 1 and len(states) == 22


def test_summary_shows_best_trial(mixed_study, tmp_path: Path) -> None:
    page = Path(write_report(mixed_study, tmp_path / "r.html")).read_text(encoding="utf-8")
    best = mixed_study.best_trial
    assert f"#{best.number}" in page
    assert f"{best.value:.6g}" in page
    assert "15 complete, 3 pruned, 3 fail, 1 running" in page


def test_param_history_shows_every_parameter_by_trial(mixed_study) -> None:
    fig = make_figure(mixed_study, "param_history").figure
    layout = fig.to_plotly_json()["layout"]
    axes = {v["title"]["text"]: v for k, v in layout.items() if k.startswith("yaxis")}
    assert set(axes) == {"x", "lr", "kind"}
    assert axes["lr"]["type"] == "log"
    assert all(" " not in t for t in axes["lr"]["ticktext"])  # plain numbers, no minor labels
    assert list(axes["kind"]["ticktext"]) == ["a", "b"]
    finished = [t for t in mixed_study.trials if t.state.is_finished()]
    # per parameter, one marker per finished trial (complete in colour, pruned/failed hollow)
    points = sum(len(trace.x) for trace in fig.data)
    assert points == 3 * len(finished)


def test_slice_uses_log_axis_for_log_params(mixed_study) -> None:
    fig = make_figure(mixed_study, "slice").figure
    layout = fig.to_plotly_json()["layout"]
    axes = {v["title"]["text"]: v.get("type") for k, v in layout.items() if k.startswith("xaxis")}
    assert axes["lr"] == "log"
    assert axes["x"] != "log"


def test_contour_shows_the_two_most_important_params() -> None:
    study = hyperscout.create_study(sampler=hyperscout.samplers.RandomSampler(seed=0))
    study.optimize(
        lambda t: 10 * t.suggest_float("a", 0, 1)
        + 0.01 * t.suggest_float("b", 0, 1)
        + 3 * t.suggest_float("c", 0, 1),
        n_trials=40,
    )
    evaluator = PedAnovaImportanceEvaluator()
    top = list(get_param_importances(study, evaluator=evaluator))[:2]
    fig = make_figure(study, "contour", evaluator=evaluator).figure
    layout = fig.to_plotly_json()["layout"]
    assert {layout["xaxis"]["title"]["text"], layout["yaxis"]["title"]["text"]} == set(top)
    assert "b" not in top


def test_empty_study_says_no_data(tmp_path: Path) -> None:
    study = hyperscout.create_study(study_name="empty")
    page = Path(write_report(study, tmp_path / "e.html")).read_text(encoding="utf-8")
    assert _script_json(page, "hs-figures") == {}
    assert page.count("No data") >= len(figure_kinds_for(1)) + 2  # plots, profile, trials
    assert "no COMPLETE trial yet" in page


def test_only_failed_and_pruned_trials(tmp_path: Path) -> None:
    study = hyperscout.create_study()

    def objective(trial: hyperscout.Trial) -> float:
        trial.suggest_float("x", 0, 1)
        if trial.number % 2:
            raise hyperscout.TrialPruned()
        raise RuntimeError("always fails")

    study.optimize(objective, n_trials=4, catch=(RuntimeError,))
    page = Path(write_report(study, tmp_path / "f.html")).read_text(encoding="utf-8")
    figures = _script_json(page, "hs-figures")
    assert set(figures) == {"timeline"}  # only the timeline has something to draw
    assert "Could not draw" not in page
    assert "lost to failed trials" in page


def test_multi_objective_study(tmp_path: Path) -> None:
    study = hyperscout.create_study(directions=["minimize", "maximize"])
    study.optimize(lambda t: (t.suggest_float("x", 0, 1), t.suggest_float("y", 0, 1)), n_trials=8)
    page = Path(write_report(study, tmp_path / "m.html")).read_text(encoding="utf-8")
    assert "Pareto-optimal trials" in page
    assert "first objective" in page
    figures = _script_json(page, "hs-figures")
    assert isinstance(figures, dict)
    assert "history" in figures
    # The Pareto front: the non-dominated trials are the "Best Trial" trace (one hover text
    # per point, "Trial <number>" first; x/y are base64-encoded arrays in plotly's JSON).
    traces = {tr["name"]: tr for tr in figures["pareto"]["data"]}

    def numbers(name: str) -> set[int]:
        return {int(text.split("<br>")[0].split()[-1]) for text in traces[name]["text"]}

    assert numbers("Best Trial") == {t.number for t in study.best_trials}
    assert numbers("Best Trial") | numbers("Trial") == set(range(8))


def test_multi_objective_importances_one_panel_per_objective() -> None:
    study = hyperscout.create_study(directions=["minimize", "maximize"])
    study.set_metric_names(["error", "speed"])
    # error depends on x only, speed on y only.
    study.optimize(
        lambda t: (t.suggest_float("x", 0, 1) ** 2, t.suggest_float("y", 0, 1) + 0.0),
        n_trials=30,
    )
    result = make_figure(study, "importances")
    assert result.figure is not None and "One panel per objective" in result.note
    bars = {tr.name: tr for tr in result.figure.data}
    assert set(bars) == {"error", "speed"}
    # plotly draws the first bar at the bottom: the most important is the last one.
    assert list(bars["error"].y)[-1] == "x"
    assert list(bars["speed"].y)[-1] == "y"
    titles = [a.text for a in result.figure.layout.annotations]
    assert titles == ["error", "speed"]


def test_pareto_section_only_where_it_applies() -> None:
    single = hyperscout.create_study()
    single.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=3)
    result = make_figure(single, "pareto")
    assert result.figure is None and "needs 2 or 3" in result.note
    four = hyperscout.create_study(directions=["minimize"] * 4)
    four.optimize(lambda t: (t.suggest_float("x", 0, 1),) * 4, n_trials=3)
    assert "pareto" not in figure_kinds_for(4)
    assert "has 4 objective(s)" in make_figure(four, "pareto").note


def test_added_trials_without_timing(tmp_path: Path) -> None:
    study = hyperscout.create_study()
    for v in (0.3, 0.1):
        study.add_trial(
            hyperscout.create_trial(
                value=v, params={"x": v}, distributions={"x": FloatDistribution(0, 1)}
            )
        )
    page = Path(write_report(study, tmp_path / "a.html")).read_text(encoding="utf-8")
    assert "carry no timing attributes" in page


def test_title_is_escaped(tmp_path: Path) -> None:
    study = hyperscout.create_study(study_name="<script>alert(1)</script>")
    page = Path(write_report(study, tmp_path / "t.html", title="A & <b>")).read_text("utf-8")
    assert "<title>A &amp; &lt;b&gt; - hyperscout report</title>" in page
    assert "<script>alert(1)</script>" not in page


def test_bad_arguments(tmp_path: Path) -> None:
    study = hyperscout.create_study()
    with pytest.raises(ValueError, match="folder of the report does not exist"):
        write_report(study, tmp_path / "missing" / "r.html")
    with pytest.raises(TypeError, match="Study"):
        write_report("not a study", tmp_path / "r.html")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown plot kind 'pie'"):
        make_figure(study, "pie")
    with pytest.raises(TypeError, match="kinds must be a list"):
        make_figures(study, "history")


def test_report_from_read_only_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.db'}"
    study = hyperscout.create_study(storage=url, study_name="s")
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=5)
    ro = hyperscout.load_study(
        study_name="s", storage=hyperscout.storages.RDBStorage(url, read_only=True)
    )
    page = Path(write_report(ro, tmp_path / "r.html")).read_text(encoding="utf-8")
    assert "history" in _script_json(page, "hs-figures")  # type: ignore[operator]


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(None, "n/a"), (0.0, "0 s"), (0.0123, "12 ms"), (4.5, "4.5 s"), (75, "1 min 15 s"),
     (3 * 3600 + 120, "3 h 02 min")],
)
def test_format_seconds(seconds: float | None, text: str) -> None:
    assert format_seconds(seconds) == text


def test_searchcv_study_shows_fit_and_score_time(tmp_path: Path) -> None:
    from sklearn.datasets import load_iris
    from sklearn.tree import DecisionTreeClassifier

    from hyperscout.sklearn import GridSearchCV

    X, y = load_iris(return_X_y=True)
    search = GridSearchCV(DecisionTreeClassifier(random_state=0), {"max_depth": [1, 2, 3]}, cv=3)
    search.fit(X, y)
    page = Path(write_report(search.study_, tmp_path / "cv.html")).read_text(encoding="utf-8")
    assert "cross-validation fit" in page and "cross-validation score" in page
    assert len(_script_json(page, "hs-trials")["rows"]) == 3  # type: ignore[index]


def test_a_search_scored_by_name_labels_the_report_with_the_metric(tmp_path: Path) -> None:
    from sklearn.datasets import load_breast_cancer
    from sklearn.tree import DecisionTreeClassifier

    from hyperscout.sklearn import GridSearchCV

    X, y = load_breast_cancer(return_X_y=True)
    grid = {"max_depth": [1, 2, 3], "min_samples_leaf": [1, 5]}
    search = GridSearchCV(DecisionTreeClassifier(random_state=0), grid, cv=3, scoring="roc_auc")
    study = search.fit(X, y).study_
    history = make_figure(study, "history").figure
    assert history is not None and history.layout.yaxis.title.text == "ROC AUC"
    page = Path(write_report(search, tmp_path / "auc.html")).read_text(encoding="utf-8")
    assert "ROC AUC" in page and "Objective Value" not in page


def test_summary_shows_the_hypervolume_of_several_objectives() -> None:
    from hyperscout.report._html import summary_html
    from hyperscout.report._tables import study_summary

    study = hyperscout.create_study(directions=["minimize", "maximize"])
    for values in ([1.0, 1.0], [2.0, 3.0], [3.0, 0.0], [0.5, 0.5]):
        study.add_trial(hyperscout.create_trial(values=values))
    # As losses (x, -y) against the worst corner (3, 0), the front (0.5, -0.5), (1, -1), (2, -3)
    # is a staircase of columns 0.5 x 0.5, 1 x 1 and 1 x 3.
    summary = study_summary(study)
    assert summary["hypervolume"] == pytest.approx(0.25 + 1.0 + 3.0)
    assert "hypervolume" in summary_html(summary)
    assert "hypervolume" not in study_summary(hyperscout.create_study())
