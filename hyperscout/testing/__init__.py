"""Helpers for testing hyperscout and code built on it.

- :class:`SamplerContract`, :class:`PrunerContract`: the contract suites every built-in sampler
  and pruner passes; subclass one in a ``Test*`` class to run it on your own sampler or pruner.
- :func:`make_storage` and friends: every storage kind (in-memory, SQLite, PostgreSQL), for
  storage tests.
"""

from hyperscout.testing._pruner_contract import PrunerContract
from hyperscout.testing._sampler_contract import (
    CONTRACT_PARAMETERS,
    SamplerContract,
    mixed_objective,
)
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
    "make_storage",
    "mixed_objective",
    "postgres_unavailable_reason",
]
