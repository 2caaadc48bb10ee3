"""TPESampler's shortcuts for speed change no proposal.

The sampler keeps state between suggestions (the observation store, the default weights and
their thinning per group size, the modelling layout per search space) and skips work whose result
it knows (range checks proven by the columns' extents, ``exp`` of values that underflow). These
tests pin that each shortcut gives what the plain computation gives, bit for bit, and that a
sampler that has followed a study through failures, prunings, running trials, a changed range
and a second sampler proposes exactly what a rebuilt one does.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import hyperscout
from hyperscout.distributions import FloatDistribution, IntDistribution
from hyperscout.samplers.tpe import TPESampler, default_weights
from hyperscout.samplers.tpe._parzen import (
    MAX_KERNELS,
    Dimensions,
    ParzenEstimator,
    _exp,
    dimension_of,
    thin_rows,
)
from hyperscout.trial import FrozenTrial, TrialState

hyperscout.logging.set_verbosity(hyperscout.logging.WARNING)

CONFIGS = [
    pytest.param({"multivariate": True}, id="multivariate"),
    pytest.param({"multivariate": False}, id="univariate"),
    pytest.param(
        {"multivariate": True, "group": True, "constant_liar": True}, id="default-sampler-tpe"
    ),
]


def _unique_thinning(weights: np.ndarray, max_kernels: int) -> tuple[np.ndarray, np.ndarray]:
    """The thinning written with ``np.unique``, as it was first written."""
    cum = np.cumsum(weights)
    share = float(cum[-1]) / max_kernels
    points = (np.arange(max_kernels) + 0.5) * share
    picked = np.minimum(np.searchsorted(cum, points, side="right"), weights.shape[0] - 1)
    rows, counts = np.unique(picked, return_counts=True)
    return rows, counts * share


def test_thin_rows_equals_the_unique_formulation() -> None:
    rng = np.random.RandomState(0)
    for n in (257, 300, 1000, 4321):
        for w in (default_weights(n), rng.exponential(size=n), (rng.uniform(size=n) < 0.05) * 1.0):
            for cap in (1, 7, MAX_KERNELS):
                rows, kept = thin_rows(w, cap)
                ref_rows, ref_kept = _unique_thinning(w, cap)
                assert np.array_equal(rows, ref_rows)
                assert np.array_equal(kept, ref_kept)


def test_cached_weights_and_thinning_equal_fresh_ones() -> None:
    sampler = TPESampler(seed=0)
    sizes = [10, 25, 256, 257, 1000, 3000, *range(400, 420), 257, 1000, 10]  # evicts, then revisits
    for n in sizes:
        w, thinned = sampler._default_weights_and_thinning(n)
        assert np.array_equal(w, default_weights(n))
        assert not w.flags.writeable
        if n <= MAX_KERNELS:
            assert thinned is None
            continue
        assert thinned is not None
        rows, kept = thin_rows(default_weights(n), MAX_KERNELS)
        assert np.array_equal(thinned[0], rows) and np.array_equal(thinned[1], kept)
        assert not thinned[0].flags.writeable and not thinned[1].flags.writeable


def test_exp_skips_only_values_that_are_exactly_zero() -> None:
    rng = np.random.RandomState(0)
    x = np.concatenate(
        (
            -np.abs(rng.standard_cauchy(20_000)) * 400.0,
            np.linspace(-750.0, -740.0, 20_001),
            [np.nan, -np.inf, np.inf, 0.0, -0.0, -745.13, -745.14],
        )
    )
    for values in (x, x[-7:], np.full(5, -1.0), x.reshape(-1, 1)[:20_000].reshape(400, 50)):
        expected = np.exp(values)
        got = _exp(values.copy())
        assert got.shape == expected.shape
        assert np.array_equal(got.view(np.int64), expected.view(np.int64))  # bit for bit


def test_layout_and_dimension_list_build_the_same_mixture() -> None:
    dists = [
        FloatDistribution(-5.0, 5.0),
        FloatDistribution(1e-4, 1.0, log=True),
        FloatDistribution(0.0, 1.0, step=0.25),
        IntDistribution(1, 64, log=True),
        IntDistribution(0, 12, step=3),
    ]
    dims = [dimension_of(d) for d in dists]
    rng = np.random.RandomState(3)
    obs = np.column_stack(
        [
            rng.uniform(-5.0, 5.0, 40),
            np.exp(rng.uniform(np.log(1e-4), 0.0, 40)),
            rng.randint(0, 5, 40) * 0.25,
            np.round(np.exp(rng.uniform(0.0, np.log(64), 40))),
            rng.randint(0, 5, 40) * 3.0,
        ]
    )
    options: dict[str, Any] = {
        "prior_weight": 1.0,
        "consider_prior": True,
        "consider_magic_clip": True,
        "consider_endpoints": False,
    }
    for cols in ([0], [0, 1], [0, 1, 2, 3, 4], [2, 4]):
        sub = [dims[j] for j in cols]
        a = ParzenEstimator(obs[:, cols], default_weights(40), sub, **options)
        b = ParzenEstimator(obs[:, cols], default_weights(40), Dimensions(sub), **options)
        x = a.sample(np.random.RandomState(1), 24)
        assert np.array_equal(x, b.sample(np.random.RandomState(1), 24))
        assert np.array_equal(a.log_pdf(x), b.log_pdf(x))


def test_range_check_shortcut_reads_what_the_row_by_row_check_keeps() -> None:
    # x's range widens after 30 trials: the store then holds values outside the first range,
    # and reading with the first range must drop exactly those rows, as the row check does.
    sampler = TPESampler(seed=0, n_startup_trials=100)
    study = hyperscout.create_study(sampler=sampler)
    for i in range(60):
        trial = study.ask()
        trial.suggest_float("x", -1.0, 1.0 if i < 30 else 4.0)
        trial.suggest_int("k", 0, 9)
        study.tell(trial, 0.0)
    trial = study.ask()
    trial.suggest_float("x", -1.0, 1.0)
    store = sampler._store
    assert store is not None and store.n == 60
    keys = sorted(store.columns)
    rows = np.arange(60)
    for dists in (
        [IntDistribution(0, 9), FloatDistribution(-1.0, 1.0)],
        [IntDistribution(0, 9), FloatDistribution(-1.0, 4.0)],
        [IntDistribution(0, 5), FloatDistribution(-1.0, 4.0)],
    ):
        dims = [dimension_of(d) for d in dists]
        got = sampler._observations(store, rows, [], keys, dims)
        x = np.column_stack([store.values(key, rows) for key in keys])
        ok = np.all([dim.contains(x[:, j]) for j, dim in enumerate(dims)], axis=0)
        assert np.array_equal(got, x[ok])


# -- a long-lived sampler against a fresh one -------------------------------------------------


def _space(trial: hyperscout.Trial, high: float) -> dict[str, Any]:
    kind = trial.suggest_categorical("kind", ["a", "b"])
    out = {
        "kind": kind,
        "x": trial.suggest_float("x", -3.0, high),
        "lr": trial.suggest_float("lr", 1e-4, 1.0, log=True),
    }
    if kind == "b":
        out["k"] = trial.suggest_int("k", 1, 16)
    return out


def _value(p: dict[str, Any]) -> float:
    return float((p["x"] - 1.0) ** 2 + np.log10(p["lr"]) ** 2 + (p.get("k", 8) - 8) ** 2 / 16)


def _proposal(sampler: TPESampler, study: hyperscout.Study, trial: FrozenTrial) -> dict[str, Any]:
    """What ``sampler`` proposes for ``trial``: the joint part, then each other parameter."""
    space = sampler.infer_relative_search_space(study, trial)
    out = dict(sampler.sample_relative(study, trial, space))
    dists = {
        "kind": hyperscout.distributions.CategoricalDistribution(("a", "b")),
        "x": FloatDistribution(-3.0, 3.0),
        "lr": FloatDistribution(1e-4, 1.0, log=True),
    }
    for name, dist in dists.items():
        if name not in out:
            out[name] = sampler.sample_independent(study, trial, name, dist)
    return out


def _rebuilt(sampler: TPESampler, kwargs: dict[str, Any], keep_store: bool) -> TPESampler:
    """A sampler in ``sampler``'s random state with nothing kept: no weights, thinnings or
    layouts; and no observation store unless ``keep_store``."""
    if keep_store:
        out = copy.deepcopy(sampler)
        out._thinning_cache.clear()
        out._layouts.clear()
        out._snapshots.clear()
        return out
    out = TPESampler(seed=1, warn_independent_sampling=False, **kwargs)
    out._rng.set_state(sampler._rng.get_state())
    return out


@pytest.mark.parametrize("kwargs", CONFIGS)
@pytest.mark.parametrize("out_of_order", [False, True], ids=["in-order", "out-of-order"])
def test_long_lived_sampler_proposes_what_a_rebuilt_one_does(
    kwargs: dict[str, Any], out_of_order: bool
) -> None:
    # Two samplers share one study (two workers); trials fail, are pruned with and without
    # reports, and the range of x widens once; 330 trials, so the bad group is thinned. At
    # checkpoints the first sampler, with everything it keeps, must propose exactly what a
    # rebuilt one proposes. With trials finishing in the order they started, the rebuilt one
    # is a new sampler that reads the study from scratch. With trials that stay running while
    # later ones finish (constant liar at work), the store lists observations in the order the
    # sampler saw them finish, which a new sampler cannot know (it reads them in trial order):
    # the rebuilt one then keeps the store and drops everything else.
    storage = hyperscout.storages.InMemoryStorage()
    first = TPESampler(seed=1, warn_independent_sampling=False, **kwargs)
    second = TPESampler(seed=2, warn_independent_sampling=False, **kwargs)
    study = hyperscout.create_study(storage=storage, sampler=first, study_name="s")
    other = hyperscout.load_study(storage=storage, sampler=second, study_name="s")
    running: list[hyperscout.Trial] = []
    checked = 0
    for i in range(330):
        st = study if i % 3 else other
        trial = st.ask()
        if st is study and i % 20 == 1 and i > 20:
            frozen = copy.deepcopy(study._storage.get_trial(trial._trial_id))
            rebuilt = _rebuilt(first, kwargs, keep_store=out_of_order)
            expected = _proposal(rebuilt, study, frozen)
            assert _proposal(first, study, frozen) == expected
            checked += 1
        params = _space(trial, 3.0 if i < 150 else 5.0)
        value = _value(params)
        if out_of_order and i % 17 == 5:
            running.append(trial)  # told three trials later
        elif i % 11 == 4:
            st.tell(trial, state=TrialState.FAIL)
        elif i % 13 == 6:
            trial.report(value + 1.0, 1)
            st.tell(trial, state=TrialState.PRUNED)
        elif i % 19 == 7:
            st.tell(trial, state=TrialState.PRUNED)
        else:
            st.tell(trial, value)
        if len(running) > 3:
            done = running.pop(0)
            study.tell(done, _value(dict(done.params)))
    assert checked == 10


# -- proposals pinned to the values of the code before the speed work (22a03c0) ---------------

# (trial number, {name: value}) for TPESampler(seed=3, **config) on ``_pinned_objective``,
# 300 trials with failed and pruned ones; values computed with the code before the speed work.
PINNED: dict[str, list[tuple[int, dict[str, Any]]]] = {
    "multivariate": [
        (40, {"c": "p", "k": 16, "x": 0.6405188553742887, "y": 0.12101234031164658}),
        (120, {"c": "p", "k": 8, "x": 1.382905075795305, "y": 1.0953373551966998}),
        (250, {"c": "q", "k": 8, "x": 0.9925327480885245, "y": 0.6690694503868901}),
        (299, {"c": "q", "k": 8, "x": 0.775519552643996, "y": 0.941275135043284}),
    ],
    "univariate": [
        (40, {"c": "q", "k": 6, "x": 2.256724893697166, "y": 0.5581482821463548}),
        (120, {"c": "q", "k": 8, "x": 1.1245389836495996, "y": 1.135645641119897}),
        (250, {"c": "q", "k": 8, "x": 1.1865686998233722, "y": 0.9761950092103787}),
        (299, {"c": "q", "k": 8, "x": 0.9266280378803247, "y": 1.0112958142968846}),
    ],
}


def _pinned_objective(trial: hyperscout.Trial) -> float:
    x = trial.suggest_float("x", -5.0, 5.0)
    y = trial.suggest_float("y", 1e-3, 10.0, log=True)
    k = trial.suggest_int("k", 0, 20, step=2)
    c = trial.suggest_categorical("c", ["p", "q", "r"])
    if trial.number % 9 == 4:
        raise hyperscout.TrialPruned()
    if trial.number % 13 == 6:
        raise ValueError("fails")
    return (x - 1.0) ** 2 + np.log(y) ** 2 + (k - 8) ** 2 / 10 + (c != "q")


def pinned_run(config: dict[str, Any], n_trials: int = 300) -> hyperscout.Study:
    study = hyperscout.create_study(sampler=TPESampler(seed=3, **config))
    study.optimize(_pinned_objective, n_trials=n_trials, catch=(ValueError,))
    return study


@pytest.mark.parametrize("name", sorted(PINNED))
def test_seeded_proposals_are_those_of_the_code_before_the_speed_work(
    name: str, run_with_pinned_kernels: Callable[..., Any]
) -> None:
    # A rounding-level difference (another platform's libm) would move values by ~1e-16; a
    # changed proposal moves them by far more. The run is a fresh process, so that numpy's
    # kernels can be chosen for it (see the run_with_pinned_kernels fixture).
    params = run_with_pinned_kernels(
        "import json\n"
        "from test_tpe_exactness import pinned_run\n"
        "study = pinned_run({'multivariate': sys.argv[1] == 'multivariate'})\n"
        "print(json.dumps([t.params for t in study.trials]))\n",
        name,
    )
    for number, expected in PINNED[name]:
        got = params[number]
        assert set(got) == set(expected)
        for key, value in expected.items():
            if isinstance(value, float):
                assert got[key] == pytest.approx(value, rel=1e-12, abs=1e-15)
            else:
                assert got[key] == value
