"""A study's report as one self-contained HTML file, and where its tuning time went.

``write_report(study, "report.html")`` writes a page that opens without network access: the
study's summary, the time profile (:func:`compute_time_profile`), the plots of
:mod:`hyperscout.visualization` and a sortable table of trials. Needs plotly:
``pip install "hyperscout[plot]"``. From the shell: ``hyperscout report --storage URL --study NAME
--out report.html``.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from hyperscout.exceptions import InvalidArgumentError, InvalidTypeError
from hyperscout.report._figures import (
    FIGURE_KINDS,
    FigureResult,
    figure_kinds_for,
    make_figure,
    make_figures,
)
from hyperscout.report._html import format_seconds, render_report
from hyperscout.report._profile import TimeProfile, WorkerBusy, compute_time_profile

if TYPE_CHECKING:
    from hyperscout.study import Study

__all__ = [
    "FIGURE_KINDS",
    "FigureResult",
    "TimeProfile",
    "WorkerBusy",
    "compute_time_profile",
    "figure_kinds_for",
    "format_seconds",
    "make_figure",
    "make_figures",
    "render_report",
    "write_report",
]


def write_report(study: Study, path: str | os.PathLike[str], *, title: str | None = None) -> str:
    """Write the HTML report of ``study`` (a Study, or a fitted ``*SearchCV``: its ``study_``)
    to ``path``; returns the absolute path written.

    The folder must exist. The page embeds plotly.js, so it opens offline.
    """
    if not isinstance(path, str | os.PathLike):
        raise InvalidTypeError(f"path must be a str or os.PathLike, got {path!r}")
    target = os.path.abspath(os.fspath(path))
    folder = os.path.dirname(target)
    if not os.path.isdir(folder):
        raise InvalidArgumentError(
            f"the folder of the report does not exist: {folder!r} (from {path!r})"
        )
    page = render_report(study, title=title)
    tmp = target + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(page)
    os.replace(tmp, target)
    return target
