"""Helpers for testing hyperscout and code built on it.

- :class:`SamplerContract`, :class:`PrunerContract`: the contract suites every built-in sampler
  and pruner passes; subclass one in a ``Test*`` class to run it on your own sampler or pruner.
- :class:`StorageContract`: the contract suite every built-in storage passes; subclass it with a
  ``make_storage`` method to run it on your own storage.
- :func:`make_storage` and friends: every storage kind (in-memory, SQLite, PostgreSQL), for
  storage tests.
"""

try:  # under pytest, a failed check of a contract suite shows the values it compared
    import pytest

    pytest.register_assert_rewrite(
        "hyperscout.testing._pruner_contract",
        "hyperscout.testing._sampler_contract",
        "hyperscout.testing._storage_contract",
    )
except ImportError:  # the helpers work without pytest; only the suites need it
    pass

from hyperscout.testing._pruner_contract import PrunerContract
from hyperscout.testing._sampler_contract import (
    CONTRACT_PARAMETERS,
    SamplerContract,
    mixed_objective,
)
from hyperscout.testing._storage_contract import StorageContract
from hyperscout.testing.storages import (
    POSTGRES_URL,
    STORAGE_KINDS,
    make_storage,
    postgres_unavailable_reason,
)

__all__ = [
    "CONTRACT_PARAMETERS",
    "POSTGRES_URL",
    "STORAGE_KINDS",
    "PrunerContract",
    "SamplerContract",
    "StorageContract",
    "make_storage",
    "mixed_objective",
    "postgres_unavailable_reason",
]
