from __future__ import annotations

import json

import numpy as np
import pytest

import hyperscout as hs
from hyperscout.distributions import FloatDistribution
from hyperscout.visualization import matplotlib as mvis
from hyperscout.visualization import plot_pareto_front
from hyperscout.visualization._pareto_front import compute_pareto_front

X = {"x": FloatDistribution(-10.0, 10.0)}

# Objective 0 minimised, objective 1 maximised. On the front: 0, 1, 6, 7;
# 2 = (3, 2) is dominated by 1 = (2, 3) and 3 = (1, 0) by 0 = (1, 1).
TWO = {0: (1.0, 1.0), 1: (2.0, 3.0), 2: (3.0, 2.0), 3: (1.0, 0.0), 6: (4.0, 5.0), 7: (0.5, 0.5)}


def _done(values: tuple[float, ...], x: float) -> hs.FrozenTrial:
    return hs.create_trial(values=list(values), params={"x": x}, distributions=X)


def _scripted(directions: list[str], rows: dict[int, tuple[float, ...]]) -> hs.Study:
    """Trials numbered 0..max(rows)+1: COMPLETE at the keys of ``rows``, FAIL and PRUNED in
    the gaps (alternating), and a last one RUNNING."""
    study = hs.create_study(directions=directions)
    for number in range(max(rows) + 1):
        if number in rows:
            study.add_trial(_done(rows[number], float(number)))
        else:
            state = hs.TrialState.FAIL if number % 2 == 0 else hs.TrialState.PRUNED
            study.add_trial(
                hs.create_trial(state=state, params={"x": float(number)}, distributions=X)
            )
    study.ask().suggest_float("x", -10.0, 10.0)
    return study


@pytest.fixture
def two() -> hs.Study:
    return _scripted(["minimize", "maximize"], TWO)


@pytest.fixture
def three() -> hs.Study:
    # min, min, max: 0 dominates 1; 2 trades off; 3 is best on the last objective only.
    return _scripted(
        ["minimize", "minimize", "maximize"],
        {0: (1.0, 1.0, 1.0), 1: (2.0, 2.0, 0.0), 2: (0.0, 3.0, 1.0), 3: (5.0, 5.0, 9.0)},
    )


def test_front_follows_each_objectives_direction(two: hs.Study) -> None:
    rec = compute_pareto_front(two)
    np.testing.assert_array_equal(rec.best.numbers, [0, 1, 6, 7])
    np.testing.assert_array_equal(rec.dominated.numbers, [2, 3])  # FAIL/PRUNED/RUNNING absent
    np.testing.assert_array_equal(rec.best.values, [TWO[0], TWO[1], TWO[6], TWO[7]])
    assert rec.infeasible.size == 0 and not rec.has_constraints
    assert rec.n_targets == 2 and rec.target_names == ("Objective 0", "Objective 1")
    assert sorted(t.number for t in two.best_trials) == [0, 1, 6, 7]  # the study agrees

    flipped = _scripted(["maximize", "minimize"], TWO)
    rec = compute_pareto_front(flipped)
    np.testing.assert_array_equal(rec.best.numbers, [2, 3, 6])  # (3,2) (1,0) (4,5)


def test_dominated_trials_excluded_when_asked(two: hs.Study) -> None:
    rec = compute_pareto_front(two, include_dominated_trials=False)
    np.testing.assert_array_equal(rec.best.numbers, [0, 1, 6, 7])
    assert rec.dominated.size == 0
    fig = plot_pareto_front(two, include_dominated_trials=False)
    assert [t.name for t in fig.data] == ["Best Trial"]
    assert len(fig.data[0].x) == 4


def test_axis_order_and_names(two: hs.Study) -> None:
    two.set_metric_names(["loss", "accuracy"])
    rec = compute_pareto_front(two, axis_order=[1, 0])
    assert rec.axis_names == ("accuracy", "loss")
    np.testing.assert_array_equal(
        rec.on_axes(rec.best), [(1.0, 1.0), (3.0, 2.0), (5, 4), (0.5, 0.5)]
    )
    fig = plot_pareto_front(two, axis_order=[1, 0], target_names=["a", "b"])
    assert fig.layout.xaxis.title.text == "b" and fig.layout.yaxis.title.text == "a"
    best = next(t for t in fig.data if t.name == "Best Trial")
    np.testing.assert_array_equal(best.x, [1.0, 3.0, 5.0, 0.5])
    ax = mvis.plot_pareto_front(two, axis_order=[1, 0])
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("accuracy", "loss")


def test_targets_choose_the_values_drawn_but_not_the_front(two: hs.Study) -> None:
    rec = compute_pareto_front(
        two,
        targets=lambda t: (t.values[1], t.values[0], t.params["x"]),
        target_names=["acc", "loss", "x"],
    )
    assert rec.n_targets == 3
    np.testing.assert_array_equal(rec.best.numbers, [0, 1, 6, 7])  # still by the directions
    np.testing.assert_array_equal(rec.best.values[:, 2], [0.0, 1.0, 6.0, 7.0])
    np.testing.assert_array_equal(rec.dominated.values[:, 0], [2.0, 0.0])


def test_targets_make_single_and_many_objective_studies_plottable() -> None:
    single = hs.create_study()
    single.add_trials(
        [hs.create_trial(value=v, params={"x": x}, distributions=X) for v, x in [(1, 2), (2, 1)]]
    )
    rec = compute_pareto_front(single, targets=lambda t: (t.value, t.params["x"]))
    # One objective decides the front (minimised), whatever the targets draw.
    np.testing.assert_array_equal(rec.best.numbers, [0])
    four = hs.create_study(directions=["minimize"] * 4)
    four.add_trials([_done((1, 2, 3, 4), 0.0), _done((2, 1, 3, 4), 1.0), _done((2, 2, 3, 4), 2.0)])
    rec = compute_pareto_front(four, targets=lambda t: t.values[:2])
    np.testing.assert_array_equal(rec.best.numbers, [0, 1])


def test_constraints_split_infeasible_trials_off_the_front(two: hs.Study) -> None:
    rec = compute_pareto_front(two, constraints_func=lambda t: [t.values[0] - 3.5])
    np.testing.assert_array_equal(rec.infeasible.numbers, [6])
    np.testing.assert_array_equal(rec.best.numbers, [0, 1, 7])
    np.testing.assert_array_equal(rec.dominated.numbers, [2, 3])
    fig = plot_pareto_front(two, constraints_func=lambda t: [t.values[0] - 3.5])
    assert [t.name for t in fig.data] == ["Infeasible Trial", "Feasible Trial", "Best Trial"]
    ax = mvis.plot_pareto_front(two, constraints_func=lambda t: [t.values[0] - 3.5])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "Infeasible Trial",
        "Feasible Trial",
        "Best Trial",
    ]


def test_plotly_2d_points_colours_and_hover(two: hs.Study) -> None:
    fig = plot_pareto_front(two)
    assert [t.type for t in fig.data] == ["scatter", "scatter"]
    dominated, best = fig.data
    assert (dominated.name, best.name) == ("Trial", "Best Trial")
    np.testing.assert_array_equal(best.marker.color, [0, 1, 6, 7])
    assert best.marker.colorscale != dominated.marker.colorscale
    assert len(dominated.x) == 2
    assert "Trial 6" in best.text[2] and "x: 6.0" in best.text[2]
    assert fig.layout.title.text == "Pareto-front Plot"
    json.loads(fig.to_json())


def test_3d(three: hs.Study) -> None:
    rec = compute_pareto_front(three)
    np.testing.assert_array_equal(rec.best.numbers, [0, 2, 3])
    np.testing.assert_array_equal(rec.dominated.numbers, [1])
    fig = plot_pareto_front(three, target_names=["a", "b", "c"], axis_order=[2, 0, 1])
    assert [t.type for t in fig.data] == ["scatter3d", "scatter3d"]
    best = fig.data[1]
    np.testing.assert_array_equal(best.x, [1.0, 1.0, 9.0])
    np.testing.assert_array_equal(best.z, [1.0, 3.0, 5.0])
    assert fig.layout.scene.xaxis.title.text == "c"
    ax = mvis.plot_pareto_front(three)
    assert ax.name == "3d"
    assert ax.get_zlabel() == "Objective 2"
    sizes = [c.get_offsets().shape[0] for c in ax.collections]
    assert sizes == [1, 3]


def test_matplotlib_2d_points(two: hs.Study) -> None:
    ax = mvis.plot_pareto_front(two)
    assert ax.name == "rectilinear"
    offsets = [c.get_offsets() for c in ax.collections]
    assert [o.shape[0] for o in offsets] == [2, 4]
    np.testing.assert_array_equal(offsets[1], [TWO[0], TWO[1], TWO[6], TWO[7]])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Trial", "Best Trial"]


def test_errors(two: hs.Study, three: hs.Study) -> None:
    with pytest.raises(ValueError, match=r"2 or 3 objectives.*has 1 objective.*targets="):
        plot_pareto_front(hs.create_study())
    with pytest.raises(ValueError, match=r"has 4 objective"):
        mvis.plot_pareto_front(hs.create_study(directions=["minimize"] * 4))
    with pytest.raises(ValueError, match=r"one name per plotted target \(2\).*\['a'\]"):
        plot_pareto_front(two, target_names=["a"])
    with pytest.raises(ValueError, match=r"one name per plotted target \(3\)"):
        plot_pareto_front(three, target_names=["a", "b"])
    with pytest.raises(ValueError, match=r"permutation of \[0, 1\].*axis_order=\[0, 0\]"):
        plot_pareto_front(two, axis_order=[0, 0])
    with pytest.raises(ValueError, match=r"permutation of \[0, 1, 2\].*\[0, 1\]"):
        mvis.plot_pareto_front(three, axis_order=[0, 1])
    with pytest.raises(ValueError, match=r"permutation of \[0, 1\].*\['1', '0'\]"):
        plot_pareto_front(two, axis_order=["1", "0"])  # type: ignore[list-item]
    with pytest.raises(ValueError, match=r"2 or 3 targets; targets returned 4 values"):
        plot_pareto_front(two, targets=lambda t: [1.0, 2.0, 3.0, 4.0])
    with pytest.raises(ValueError, match=r"sequence of 2 or 3 floats.*gave 1.0"):
        plot_pareto_front(two, targets=lambda t: t.values[0])  # type: ignore[arg-type,return-value]
    with pytest.raises(TypeError, match="Study"):
        plot_pareto_front("not a study")  # type: ignore[arg-type]


@pytest.mark.parametrize("n", [2, 3])
def test_empty_studies_draw_nothing_and_warn(n: int) -> None:
    empty = hs.create_study(directions=["minimize"] * n)
    with pytest.warns(UserWarning, match="Pareto-front plot"):
        fig = plot_pareto_front(empty)
    assert len(fig.data) == 0
    with pytest.warns(UserWarning, match="Pareto-front plot"):
        ax = mvis.plot_pareto_front(empty)
    assert ax.name == ("3d" if n == 3 else "rectilinear") and not ax.collections
    failed_only = hs.create_study(directions=["minimize"] * n)
    failed_only.add_trial(hs.create_trial(state=hs.TrialState.FAIL))
    with pytest.warns(UserWarning, match="no COMPLETE trial"):
        rec = compute_pareto_front(failed_only)
    assert rec.is_empty and rec.n_targets == n
    with pytest.warns(UserWarning, match="Pareto-front plot"):
        rec = compute_pareto_front(
            empty, targets=lambda t: (0.0, 0.0, 0.0), target_names=["a", "b", "c"]
        )
    assert rec.n_targets == 3


def test_ten_thousand_trials_front_matches_the_definition() -> None:
    rng = np.random.default_rng(0)
    values = rng.normal(size=(10_000, 2))
    study = hs.create_study(directions=["minimize", "maximize"])
    study.add_trials([_done(tuple(v), 0.0) for v in values])
    rec = compute_pareto_front(study)
    loss = values * [1.0, -1.0]
    order = np.lexsort((loss[:, 1], loss[:, 0]))  # by the first loss, then the second
    best_second = np.minimum.accumulate(loss[order, 1])
    on_front = order[np.r_[True, loss[order[1:], 1] < best_second[:-1]]]
    np.testing.assert_array_equal(rec.best.numbers, np.sort(on_front))
    assert rec.best.size + rec.dominated.size == 10_000
