"""Optional dependencies and Optuna-compatible signatures."""

from __future__ import annotations

import inspect
import sys

import pytest

import hyperscout as hs
import hyperscout.visualization as vis
import hyperscout.visualization.matplotlib as mvis

OPTUNA_PLOTS = [
    "plot_contour",
    "plot_edf",
    "plot_intermediate_values",
    "plot_optimization_history",
    "plot_parallel_coordinate",
    "plot_param_importances",
    "plot_pareto_front",
    "plot_rank",
    "plot_slice",
    "plot_timeline",
]


def test_missing_plotly_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "plotly", None)
    monkeypatch.setitem(sys.modules, "plotly.graph_objects", None)
    with pytest.raises(ImportError, match=r'pip install "hyperscout\[plot\]"'):
        vis.plot_optimization_history(hs.create_study())
    assert not vis.is_available()


def test_missing_matplotlib_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r'pip install "hyperscout\[plot\]"'):
        mvis.plot_edf(hs.create_study())


@pytest.mark.parametrize("name", OPTUNA_PLOTS)
@pytest.mark.parametrize("ours", [vis, mvis], ids=["plotly", "matplotlib"])
def test_signature_matches_optuna(name: str, ours: object) -> None:
    optuna_vis = pytest.importorskip("optuna.visualization")
    theirs = inspect.signature(getattr(optuna_vis, name))
    mine = inspect.signature(getattr(ours, name))
    for p in theirs.parameters.values():
        assert p.name in mine.parameters, (name, p.name)
        q = mine.parameters[p.name]
        assert q.kind == p.kind, (name, p.name)
        if p.default is not inspect.Parameter.empty and not callable(p.default):
            assert q.default == p.default, (name, p.name)
    for q in mine.parameters.values():  # ours may add keywords, never required ones
        if q.name not in theirs.parameters:
            assert q.default is not inspect.Parameter.empty, (name, q.name)


def test_optuna_style_access_after_import_swap() -> None:
    import hyperscout as optuna

    assert optuna.visualization.plot_slice is vis.plot_slice
    assert optuna.visualization.matplotlib.plot_slice is mvis.plot_slice
    assert callable(optuna.importance.get_param_importances)


# The plots of a single target: the Pareto front needs 2 or 3 objectives (its own tests).
ALL_PLOTS = [*(n for n in OPTUNA_PLOTS if n != "plot_pareto_front"), "plot_comparison"]


@pytest.mark.parametrize("name", ALL_PLOTS)
@pytest.mark.parametrize("ours", [vis, mvis], ids=["plotly", "matplotlib"])
def test_every_plot_handles_failed_pruned_and_running_trials(
    name: str, ours: object, mixed_study: hs.Study
) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the study is usable: no "empty plot" warning
        out = getattr(ours, name)(mixed_study)
    assert out is not None


@pytest.mark.parametrize("name", [*ALL_PLOTS, "plot_pareto_front"])
def test_every_plot_rejects_a_non_study(name: str) -> None:
    with pytest.raises(TypeError, match="Study"):
        getattr(vis, name)("not a study")


@pytest.mark.parametrize(
    "name", [n for n in ALL_PLOTS if n not in ("plot_intermediate_values", "plot_timeline")]
)
def test_multi_objective_without_target_is_a_clear_error(name: str) -> None:
    study = hs.create_study(directions=["minimize", "maximize"])
    with pytest.raises(ValueError, match="target="):
        getattr(mvis, name)(study)


@pytest.mark.parametrize("name", ALL_PLOTS)
def test_plotly_figures_serialise_for_embedding(name: str, mixed_study: hs.Study) -> None:
    import json

    fig = getattr(vis, name)(mixed_study)
    data = json.loads(fig.to_json())
    assert data["layout"]["title"]["text"]
    html = fig.to_html(full_html=False, include_plotlyjs=False)
    assert "<div" in html
