"""Helpers shared by the matplotlib renderers."""

from __future__ import annotations

from typing import Any

from hyperscout.visualization._utils import ParamAxis, import_pyplot, is_matplotlib_available

__all__ = ["is_available", "new_axes", "set_param_axis"]


def is_available() -> bool:
    """Whether matplotlib can be imported."""
    return is_matplotlib_available()


def new_axes(title: str, figsize: tuple[float, float] | None = None) -> Any:
    plt = import_pyplot()
    _, ax = plt.subplots(figsize=figsize)
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
    return ax


def set_param_axis(
    ax: Any, axis: ParamAxis, which: str = "x", label: bool = True, pad: bool = True
) -> None:
    """Label, scale and (for a categorical) tick one axis of ``ax`` for a parameter.

    ``pad=False`` ends a categorical axis at its first and last choice (for a filled contour,
    which has no values beyond them).
    """
    if label:
        (ax.set_xlabel if which == "x" else ax.set_ylabel)(axis.name)
    if axis.log:
        (ax.set_xscale if which == "x" else ax.set_yscale)("log")
        _readable_log_ticks(ax.xaxis if which == "x" else ax.yaxis)
    if axis.categorical:
        ticks = list(range(len(axis.categories)))
        lim = (axis.low, axis.high) if pad else (0, max(len(axis.categories) - 1, 1))
        if which == "x":
            ax.set_xticks(ticks, list(axis.categories))
            ax.set_xlim(*lim)
        else:
            ax.set_yticks(ticks, list(axis.categories))
            ax.set_ylim(*lim)


def _readable_log_ticks(target: Any) -> None:
    """Minor ticks without labels: on a range of about one decade matplotlib labels every minor
    tick in scientific notation and the labels run into each other. Decades keep their labels;
    a range narrower than two decades gets plain-number labels at 1-2-5 steps instead."""
    from matplotlib.ticker import LogLocator, NullFormatter, ScalarFormatter

    target.set_minor_formatter(NullFormatter())
    low, high = sorted(target.get_view_interval())
    if low > 0 and high / low < 100:
        target.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        formatter = ScalarFormatter()
        formatter.set_scientific(False)
        target.set_major_formatter(formatter)


def add_legend(ax: Any, n_points: int, **kwargs: Any) -> None:
    """A legend; ``loc="best"`` only for small plots (its search is slow with many artists)."""
    ax.legend(loc="best" if n_points <= 1000 else "upper right", **kwargs)
