"""The progress bar of a run of trials, shared by :meth:`Study.optimize` and the ``*SearchCV``
estimators. It sits at the bottom layer (no hyperscout imports) so that both can use it; tqdm is
imported only when a bar is shown.
"""

from __future__ import annotations

from typing import Any

__all__ = ["progress_bar"]


def progress_bar(show: bool, total: int | None, timeout: float | None) -> Any:
    """A tqdm bar counting trials, or ``None`` when ``show`` is false.

    ``total`` is the number of trials expected (``None``: unknown); with no total, a ``timeout``
    in seconds is named in the bar's description instead.
    """
    if not show:
        return None
    from tqdm.auto import tqdm

    if total is not None:
        return tqdm(total=total, unit="trial")
    if timeout is not None:
        return tqdm(total=None, unit="trial", desc=f"timeout {timeout:g}s")
    return tqdm(total=None, unit="trial")
