"""Distributions: validation with clear messages, representations, JSON round trip."""

from __future__ import annotations

import pytest

from hyperscout.distributions import (
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
    check_distribution_compatibility,
    distribution_to_json,
    json_to_distribution,
)
from hyperscout.exceptions import InvalidSpaceError


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: FloatDistribution(5, 1), "low must be <= high, got low=5, high=1"),
        (lambda: FloatDistribution(0, 1, log=True), "low must be > 0 when log=True, got low=0"),
        (lambda: FloatDistribution(-1, 1, log=True), "got low=-1"),
        (lambda: FloatDistribution(0, 1, step=-0.5), "step must be > 0, got step=-0.5"),
        (
            lambda: FloatDistribution(1, 2, log=True, step=0.5),
            "step and log=True cannot be combined",
        ),
        (lambda: FloatDistribution(0, float("inf")), "high must be finite"),
        (lambda: FloatDistribution("a", 1), "low must be a real number, got low='a'"),
        (lambda: IntDistribution(3, 1), "low must be <= high, got low=3, high=1"),
        (lambda: IntDistribution(0, 10, log=True), "low must be >= 1 when log=True, got low=0"),
        (lambda: IntDistribution(0, 10, step=0), "step must be >= 1, got step=0"),
        (lambda: IntDistribution(1, 8, step=2, log=True), "step != 1 and log=True"),
        (lambda: IntDistribution(0.5, 3), "low must be an integer, got low=0.5"),
        (lambda: CategoricalDistribution(()), "choices must not be empty"),
        (lambda: CategoricalDistribution(([1], [2])), "got choices[0]=[1] of type list"),
        (lambda: CategoricalDistribution((1, object())), "choices[1]="),
        (lambda: CategoricalDistribution("abc"), "choices must be a list or tuple"),
    ],
)
def test_invalid_spaces_state_the_rule_and_echo_the_values(make, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidSpaceError) as info:
        make()
    assert message in str(info.value)


def test_invalid_space_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        FloatDistribution(2, 1)


def test_mixed_primitive_choices_keep_their_types() -> None:
    d = CategoricalDistribution((1, 1.0, True, "1", None))
    assert [d.to_internal_repr(c) for c in (1, 1.0, True, "1", None)] == [0, 1, 2, 3, 4]
    assert [type(d.to_external_repr(i)) for i in range(5)] == [int, float, bool, str, type(None)]
    with pytest.raises(ValueError, match="not one of the choices"):
        d.to_internal_repr(2)


@pytest.mark.parametrize(
    "dist",
    [
        FloatDistribution(-1.5, 2.5),
        FloatDistribution(1e-5, 1.0, log=True),
        FloatDistribution(0.0, 1.0, step=0.25),
        IntDistribution(1, 1000, log=True),
        IntDistribution(0, 12, step=3),
        CategoricalDistribution((None, True, 2, 3.5, "s")),
    ],
)
def test_json_round_trip(dist) -> None:  # type: ignore[no-untyped-def]
    again = json_to_distribution(distribution_to_json(dist))
    assert again == dist and type(again) is type(dist)
    check_distribution_compatibility(dist, again)


def test_single_and_contains() -> None:
    assert FloatDistribution(1, 1).single()
    assert FloatDistribution(0, 0.5, step=1.0 / 2).single() is False
    assert IntDistribution(3, 3).single()
    assert CategoricalDistribution(("only",)).single()
    d = IntDistribution(0, 10, step=2)
    assert d._contains(4.0) and not d._contains(5.0) and not d._contains(12.0)
    f = FloatDistribution(0, 1, step=0.25)
    assert f._contains(0.75) and not f._contains(0.8)


def test_compatibility_rules() -> None:
    check_distribution_compatibility(FloatDistribution(0, 1), FloatDistribution(0, 5))
    with pytest.raises(
        ValueError,
        match="was a FloatDistribution, now an IntDistribution; a parameter cannot change its kind of distribution",
    ):
        check_distribution_compatibility(FloatDistribution(0, 1), IntDistribution(0, 1))
    with pytest.raises(ValueError, match="log scale"):
        check_distribution_compatibility(FloatDistribution(1, 2), FloatDistribution(1, 2, log=True))
    with pytest.raises(ValueError, match="cannot change its choices"):
        check_distribution_compatibility(
            CategoricalDistribution(("a", "b")), CategoricalDistribution(("a", "c"))
        )
    with pytest.raises(ValueError, match="cannot change its choices"):
        check_distribution_compatibility(
            CategoricalDistribution((1, 2)), CategoricalDistribution((1.0, 2.0))
        )
