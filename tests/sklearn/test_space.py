"""skopt's search-space conventions, parsed in hyperscout.space.check_dimension."""

from __future__ import annotations

import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.svm import SVC

from hyperscout.distributions import (
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from hyperscout.exceptions import InvalidSpaceError
from hyperscout.space import Categorical, Integer, Real, check_dimension


def test_int_tuple_is_integer_and_float_tuple_is_real() -> None:
    assert check_dimension((1, 5)).distribution() == IntDistribution(1, 5)
    assert check_dimension((1, 5.0)).distribution() == FloatDistribution(1.0, 5.0)
    assert check_dimension((0.1, 1.0)).distribution() == FloatDistribution(0.1, 1.0)


def test_prior_and_base_in_tuple() -> None:
    real = check_dimension((1e-4, 0.1, "log-uniform"))
    assert isinstance(real, Real)
    assert real.distribution() == FloatDistribution(1e-4, 0.1, log=True)
    integer = check_dimension((2, 512, "log-uniform", 2))
    assert isinstance(integer, Integer) and integer.base == 2
    assert integer.distribution() == IntDistribution(2, 512, log=True)


def test_list_is_categorical_even_of_two_ints() -> None:
    dim = check_dimension([1, 5])
    assert isinstance(dim, Categorical)
    assert dim.distribution() == CategoricalDistribution((1, 5))


def test_string_tuple_is_categorical() -> None:
    dim = check_dimension(("rbf", "linear", "poly"))
    assert isinstance(dim, Categorical)
    assert dim.categories == ("rbf", "linear", "poly")


def test_distribution_passes_through() -> None:
    dist = FloatDistribution(0.0, 1.0, step=0.25)
    assert check_dimension(dist).distribution() is dist


def test_skopt_constructor_keywords() -> None:
    r = Real(1e-3, 1.0, prior="log-uniform", base=2, transform="normalize", name="lr")
    assert (r.name, r.base, r.transform) == ("lr", 2, "normalize")
    i = Integer(1, 10, prior="uniform", transform="identity", name="depth")
    assert i.distribution() == IntDistribution(1, 10)
    c = Categorical(["a", "b"], transform="onehot", name="k")
    assert c.name == "k"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Real(5.0, 1.0), "low must be < high, got low=5.0, high=1.0"),
        (lambda: Integer(3, 3), "low must be < high, got low=3, high=3"),
        (lambda: Real(0.0, 1.0, prior="log-uniform"), "low must be > 0"),
        (lambda: Real(0.1, 1.0, prior="normal"), "prior must be 'uniform' or 'log-uniform'"),
        (lambda: Integer(1, 4, base=1), "base must be a number > 1, got base=1"),
        (lambda: Real(0.1, 1.0, transform="onehot"), "transform must be one of"),
        (lambda: Categorical([]), "categories must not be empty"),
        (lambda: check_dimension(3), "got 3"),
    ],
)
def test_bad_dimensions_raise_with_the_rule_and_value(make, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidSpaceError, match=message.replace("(", r"\(").replace(")", r"\)")):
        make()


def test_unstorable_categories_are_stored_by_index_and_decoded() -> None:
    estimators = [LogisticRegression(), SVC()]
    dim = Categorical(estimators)
    assert dim.by_index
    assert dim.distribution() == CategoricalDistribution((0, 1))
    assert dim.decode(1) is estimators[1]
    assert dim.encode(estimators[0]) == 0
    tuples = check_dimension([(1,), (1, 2)])
    assert isinstance(tuples, Categorical) and tuples.by_index
    assert tuples.decode(1) == (1, 2)


def test_storable_categories_are_stored_as_values() -> None:
    dim = Categorical(["a", None, 2, 0.5, True])
    assert not dim.by_index
    assert dim.decode("a") == "a"


def test_non_uniform_categorical_prior_warns() -> None:
    with pytest.warns(UserWarning, match="ignored"):
        Categorical(["a", "b"], prior=[0.9, 0.1])
    with pytest.raises(InvalidSpaceError, match="probabilities"):
        Categorical(["a", "b"], prior=[0.9, 0.9])


def test_mixed_type_tuple_warns_as_possible_typo() -> None:
    with pytest.warns(UserWarning, match="misspelled"):
        dim = check_dimension((1, "a"))
    assert isinstance(dim, Categorical)
