"""One map from a sampler's name to a sampler, shared by the command line, the scikit-learn
estimators and ``create_study``'s default."""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from typing import Any

from hyperscout.exceptions import InvalidArgumentError, InvalidArgumentTypeError
from hyperscout.samplers._base import BaseSampler

__all__ = ["SAMPLER_NAMES", "default_sampler", "sampler_from_name"]

# name -> what it builds (the text of the error that lists them).
_NAMES: dict[str, str] = {
    "default": "the default sampler: GPSampler with a TPESampler for conditional parameters",
    "bayes": "the default sampler (an alias, as in the configuration files' method = 'bayes')",
    "gp": "GPSampler",
    "tpe": "TPESampler",
    "random": "RandomSampler",
    "qmc": "QMCSampler",
    "bruteforce": "BruteForceSampler",
    "nsga2": "NSGAIISampler",
    "nsga3": "NSGAIIISampler",
}

#: Every name :func:`sampler_from_name` accepts.
SAMPLER_NAMES: tuple[str, ...] = tuple(_NAMES)


def default_sampler(n_objectives: int = 1, seed: int | None = None) -> BaseSampler:
    """The sampler ``create_study()`` uses when none is given: a Bayesian one.

    For one objective, ``GPSampler`` whose independent sampler (for parameters that only some
    trials have, i.e. conditional ones) is a ``TPESampler``, which covers what a fixed-space GP
    cannot model. On the benchmark suite (``benchmarks/results/bbo/summary.md``: 50 problems,
    Optuna 5, scikit-optimize and hyperopt side by side) the GP has the highest mean normalised
    score of all contenders that ran every problem at 20, 50 and 100 evaluations. While a study
    is stalled on its best plateau (step-like objectives such as cross-validation accuracies),
    a TPE fitted to the same trials proposes every other trial (see ``GPSampler``); with it the
    GP is within 4 points of Optuna's TPE at 100 evaluations on the scikit-learn regression
    problems (10 points behind without it). The variants measured as alternative defaults (a
    GP/TPE bandit, hand-overs between the two, augmented EI, input warping from the first fit
    and others) are in ``benchmarks/results/bbo/ablation.md`` with the rules they were judged
    by; two changes won their rounds and are in the default: the input warp, fitted from 30
    trials on evidence, and these turns.
    The GP's cost per suggestion grows with the trials it models (at most 200 of them, so it stays
    bounded in long studies) and is small next to fitting a model; for objectives that take
    microseconds prefer ``TPESampler``, which is much cheaper per suggestion
    (``benchmarks/results/gp_overhead.md`` and ``tpe_overhead.md`` have the numbers).

    For several objectives, the same ``GPSampler``, which then proposes by ParEGO's random
    Chebyshev scalarisations of one GP per objective. On
    ``benchmarks/results/multi_objective.md`` its median final fronts lead Optuna 5's TPE and
    NSGA-II samplers on ZDT1-3, DTLZ2 and C2-DTLZ2 at 100 and 300 trials except DTLZ2 at 300
    (0.3% behind Optuna's TPE), and Optuna's GP on all but ZDT3 (1.5% behind at 100, 0.5% at
    300); for objectives that take microseconds, or studies of thousands of trials, prefer
    ``NSGAIISampler``, whose cost per suggestion is far lower. One GP fitted to each
    scalarisation (the previous default, ``GPSampler``'s private ablation switch
    ``multi_objective="parego"``) and log expected hypervolume improvement
    (``multi_objective="ehvi"``) were measured in the same file's ablation and did not beat it
    by the rules fixed before their runs.
    """
    from hyperscout.samplers.gp import GPSampler
    from hyperscout.samplers.tpe import TPESampler

    tpe = TPESampler(multivariate=True, group=True, constant_liar=True, seed=seed)
    return GPSampler(seed=seed, independent_sampler=tpe, warn_independent_sampling=False)


def sampler_from_name(
    name: str | None,
    *,
    seed: int | None = None,
    n_objectives: int = 1,
    options: Mapping[str, Any] | None = None,
) -> BaseSampler:
    """A new sampler from its name (case-insensitive), seeded with ``seed``.

    The names are :data:`SAMPLER_NAMES`: ``"default"`` (``None`` too) and its alias ``"bayes"``
    give :func:`default_sampler`; ``"gp"``, ``"tpe"``, ``"random"``, ``"qmc"``,
    ``"bruteforce"``, ``"nsga2"`` and ``"nsga3"`` the sampler of that name with its defaults.
    ``options`` are keyword arguments of that sampler's constructor (not for the default).
    Any other name raises :class:`~hyperscout.exceptions.InvalidArgumentError` listing the
    valid ones.

    >>> from hyperscout.samplers import sampler_from_name
    >>> type(sampler_from_name("random", seed=0)).__name__
    'RandomSampler'
    >>> type(sampler_from_name("TPE", options={"n_startup_trials": 5})).__name__
    'TPESampler'
    """
    if name is None:
        name = "default"
    if not isinstance(name, str):
        raise InvalidArgumentTypeError(
            f"sampler must be one of {list(SAMPLER_NAMES)!r}, got sampler={name!r}"
        )
    key = name.lower()
    if key not in _NAMES:
        raise InvalidArgumentError(
            f"sampler must be one of {list(SAMPLER_NAMES)!r}, got sampler={name!r}"
        )
    opts = dict(options or {})
    if key in ("default", "bayes"):
        if opts:
            raise InvalidArgumentError(
                f"the default sampler takes no options, got options={opts!r} (name the sampler, "
                "e.g. 'gp' or 'tpe', to pass its arguments)"
            )
        return default_sampler(n_objectives, seed)
    cls = _sampler_class(key)
    try:
        inspect.signature(cls).bind(seed=seed, **opts)
    except TypeError:
        accepted = [p for p in inspect.signature(cls).parameters if p != "seed"]
        raise InvalidArgumentError(
            f"options must be arguments of {cls.__name__} ({', '.join(accepted)}), got "
            f"options={opts!r}"
        ) from None
    sampler: BaseSampler = cls(seed=seed, **opts)
    return sampler


def _sampler_class(key: str) -> type[Any]:
    # A broken TPE or GP module raises here: silently searching at random instead would hide
    # it behind plausible but worse results.
    if key == "gp":
        from hyperscout.samplers.gp import GPSampler

        return GPSampler
    if key == "tpe":
        from hyperscout.samplers.tpe import TPESampler

        return TPESampler
    if key == "nsga2":
        from hyperscout.samplers.nsga import NSGAIISampler

        return NSGAIISampler
    if key == "nsga3":
        from hyperscout.samplers.nsga import NSGAIIISampler

        return NSGAIIISampler
    from hyperscout.samplers._brute_force import BruteForceSampler
    from hyperscout.samplers._qmc import QMCSampler
    from hyperscout.samplers._random import RandomSampler

    simple: dict[str, type[BaseSampler]] = {
        "random": RandomSampler,
        "qmc": QMCSampler,
        "bruteforce": BruteForceSampler,
    }
    return simple[key]
