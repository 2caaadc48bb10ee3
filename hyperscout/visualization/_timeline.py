"""Timeline: when each trial ran, one lane per worker, coloured by state."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from hyperscout.exceptions import InvalidArgumentError
from hyperscout.trial import TrialState
from hyperscout.visualization import _utils

if TYPE_CHECKING:
    from hyperscout.study import Study

__all__ = ["TimelineRecord", "compute_timeline", "plot_timeline", "plotly_timeline"]

TITLE = "Timeline Plot"
WORKER_KEY = "hyperscout:worker"
UNKNOWN_WORKER = "(unknown worker)"


@dataclass(frozen=True, eq=False)
class TimelineRecord:
    numbers: np.ndarray  # trial number of each bar
    states: tuple[str, ...]
    lanes: np.ndarray  # index into ``workers`` of each bar
    workers: tuple[str, ...]  # lane labels, in order of first trial
    start: tuple[datetime.datetime, ...]
    end: tuple[datetime.datetime, ...]  # a running trial ends "now"
    ongoing: np.ndarray  # bool: still running when the record was made

    @property
    def is_empty(self) -> bool:
        return self.numbers.size == 0

    def seconds(self) -> np.ndarray:
        return np.asarray([(e - s).total_seconds() for s, e in zip(self.start, self.end)])


def compute_timeline(
    study: Study, n_recent_trials: int | None = None, *, now: datetime.datetime | None = None
) -> TimelineRecord:
    """Trials that have started (the last ``n_recent_trials`` by number, if given); running ones
    end at ``now`` (default: the current time)."""
    study = _utils.as_study(study)
    _utils.check_study(study)
    if n_recent_trials is not None and (
        isinstance(n_recent_trials, bool)
        or not isinstance(n_recent_trials, int)
        or n_recent_trials < 1
    ):
        raise InvalidArgumentError(
            f"n_recent_trials must be None or an int >= 1, got n_recent_trials={n_recent_trials!r}"
        )
    if now is None:
        now = datetime.datetime.now()
    trials = study.get_trials(deepcopy=False)
    if n_recent_trials is not None:
        trials = trials[-n_recent_trials:]
    rows = []
    for t in trials:
        if t.datetime_start is None or t.state == TrialState.WAITING:
            continue
        end = t.datetime_complete
        ongoing = t.state == TrialState.RUNNING or end is None
        if end is None:
            end = max(now, t.datetime_start)
        worker = t.system_attrs.get(WORKER_KEY)
        rows.append(
            (
                t.number,
                t.state.name,
                str(worker) if worker else None,
                t.datetime_start,
                end,
                ongoing,
            )
        )
    if not rows:
        _utils.warn(
            f"timeline plot: no trial of study {study.study_name!r} has started; the plot is empty"
        )
    workers: dict[str, int] = {}
    for r in sorted(rows, key=lambda r: r[3]):
        workers.setdefault(r[2] or UNKNOWN_WORKER, len(workers))
    return TimelineRecord(
        numbers=np.asarray([r[0] for r in rows], dtype=int),
        states=tuple(r[1] for r in rows),
        lanes=np.asarray([workers[r[2] or UNKNOWN_WORKER] for r in rows], dtype=int),
        workers=tuple(workers),
        start=tuple(r[3] for r in rows),
        end=tuple(r[4] for r in rows),
        ongoing=np.asarray([r[5] for r in rows], dtype=bool),
    )


def plotly_timeline(record: TimelineRecord) -> Any:
    go = _utils.import_plotly()
    fig = go.Figure()
    if record.is_empty:
        fig.update_layout(title={"text": TITLE})
        return fig
    states = np.asarray(record.states)
    ms = record.seconds() * 1000.0
    starts = np.asarray([s.isoformat() for s in record.start])
    labels = np.asarray(record.workers)[record.lanes]
    for state in ("COMPLETE", "PRUNED", "FAIL", "RUNNING"):
        sel = np.flatnonzero(states == state)
        if sel.size == 0:
            continue
        name = "Running (ongoing)" if state == "RUNNING" else state.capitalize()
        fig.add_trace(
            go.Bar(
                x=ms[sel],
                y=labels[sel],
                base=starts[sel],
                orientation="h",
                name=name,
                marker={"color": _utils.STATE_COLORS[state], "line": {"width": 0}},
                customdata=record.numbers[sel],
                hovertemplate="trial %{customdata}<br>%{base} + %{x} ms<extra></extra>",
            )
        )
    fig.update_layout(
        title={"text": TITLE},
        barmode="overlay",
        xaxis={"title": {"text": "Datetime"}, "type": "date"},
        yaxis={
            "title": {"text": "Worker"},
            "type": "category",
            "categoryorder": "array",
            "categoryarray": list(record.workers),
        },
    )
    return fig


def plot_timeline(study: Study, n_recent_trials: int | None = None) -> Any:
    """Plot when each trial started and finished, one lane per worker, coloured by state.

    Running trials are drawn up to now; ``n_recent_trials`` keeps only the last ones. Returns a
    ``plotly.graph_objects.Figure``.
    """
    _utils.import_plotly()
    return plotly_timeline(compute_timeline(study, n_recent_trials))
