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
