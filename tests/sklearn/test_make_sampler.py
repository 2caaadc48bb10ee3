"""A broken TPE or GP module fails loudly instead of turning the search into random search."""

from __future__ import annotations

import sys

import pytest

from hyperscout.samplers.gp import GPSampler
from hyperscout.samplers.tpe import TPESampler
from hyperscout.sklearn._search import make_sampler


@pytest.mark.parametrize("kind", ["gp", "tpe"])
def test_an_import_error_propagates(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, f"hyperscout.samplers.{kind}", None)
    with pytest.raises(ImportError):
        make_sampler(kind, 0)


def test_names_build_the_named_sampler() -> None:
    assert isinstance(make_sampler("gp", 0), GPSampler)
    assert isinstance(make_sampler("TPE", 0, {"acquisition": "logei"}), TPESampler)
