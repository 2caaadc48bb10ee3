"""Study summaries and trial tables as plain JSON-able data (report, dashboard and CLI)."""

from __future__ import annotations

import datetime
import math
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from hyperscout.trial import FrozenTrial, TrialState

if TYPE_CHECKING:
    from hyperscout.storages import BaseStorage
    from hyperscout.study import Study

__all__ = ["jsonable", "study_summary", "study_list", "trials_table"]

WORKER_KEY = "hyperscout:worker"
STATE_ORDER = ("COMPLETE", "PRUNED", "FAIL", "RUNNING", "WAITING")


def jsonable(value: Any) -> Any:
    """A value JSON can carry: non-finite floats become None, unknown objects their str()."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    try:  # numpy scalars
        item = value.item()
    except (AttributeError, ValueError):
        return str(value)
    return jsonable(item) if isinstance(item, bool | int | float | str) else str(value)


def _best(trials: Sequence[FrozenTrial], maximize: bool) -> FrozenTrial | None:
    best: FrozenTrial | None = None
    for t in trials:
        if t.state != TrialState.COMPLETE or t.values is None or not math.isfinite(t.values[0]):
            continue
        if best is None:
            best = t
            continue
        assert best.values is not None
        if (t.values[0] > best.values[0]) if maximize else (t.values[0] < best.values[0]):
            best = t
    return best


def _summary(name: str, directions: list[str], trials: Sequence[FrozenTrial]) -> dict[str, Any]:
    counts = Counter(t.state.name for t in trials)
    by_state = {s: counts.get(s, 0) for s in STATE_ORDER}
    starts = [t.datetime_start for t in trials if t.datetime_start is not None]
    ends = [t.datetime_complete for t in trials if t.datetime_complete is not None]
    out: dict[str, Any] = {
        "name": name,
        "directions": directions,
        "n_trials": len(trials),
        "by_state": by_state,
        "datetime_start": jsonable(min(starts)) if starts else None,
        "datetime_last": jsonable(max(ends)) if ends else None,
        "best": None,
        "n_pareto": None,
    }
    if len(directions) == 1:
        best = _best(trials, directions[0] == "maximize")
        if best is not None:
            out["best"] = {
                "number": best.number,
                "value": jsonable(best.values[0] if best.values else None),
                "params": jsonable(dict(best.params)),
            }
    return out


def study_summary(study: Study) -> dict[str, Any]:
    """Name, directions, trial counts by state, first start, last completion and best trial."""
    directions = [d.name.lower() for d in study.directions]
    summary = _summary(study.study_name, directions, study.get_trials(deepcopy=False))
    if len(directions) > 1:
        front = study.best_trials
        summary["n_pareto"] = len(front)
        summary["hypervolume"] = _hypervolume(study, front)
    return summary


def _hypervolume(study: Study, front: Sequence[FrozenTrial]) -> float | None:
    """Hypervolume of the (feasible) Pareto front against the worst value of each objective
    over the COMPLETE trials: 0 while every trial ties for worst somewhere, and growing as the
    front advances from the worst corner."""
    import numpy as np

    from hyperscout._hypervolume import hypervolume

    complete = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
    if not front or not complete:
        return None
    signs = np.array([-1.0 if d.name == "MAXIMIZE" else 1.0 for d in study.directions])
    worst = (np.array([t.values for t in complete], dtype=float) * signs).max(axis=0)
    return float(hypervolume(np.array([t.values for t in front], dtype=float) * signs, worst))


def study_list(storage: BaseStorage) -> list[dict[str, Any]]:
    """One summary per study in the storage, by name."""
    out = []
    for s in storage.get_all_studies():
        trials = storage.get_all_trials(s.study_id, deepcopy=False)
        out.append(_summary(s.study_name, [d.name.lower() for d in s.directions], trials))
    return sorted(out, key=lambda d: d["name"])


def _seconds(t: FrozenTrial) -> float | None:
    d = t.duration
    return None if d is None else round(d.total_seconds(), 6)


def trials_table(trials: Sequence[FrozenTrial], n_objectives: int) -> dict[str, Any]:
    """``{"columns": [{"key", "label", "kind"}], "rows": [[...], ...]}``, one row per trial.

    ``kind`` is ``"number"`` or ``"text"`` (how a column sorts). Parameter columns are named
    ``params_<name>`` and objective columns ``value`` (``values_<i>`` for several objectives).
    """
    names: dict[str, None] = {}
    for t in trials:
        for p in t.params:
            names.setdefault(p, None)
    numeric: dict[str, bool] = dict.fromkeys(names, True)
    for t in trials:
        for p, v in t.params.items():
            if isinstance(v, bool) or not isinstance(v, int | float):
                numeric[p] = False
    # Pipeline names without their step prefix, when that keeps them apart: the table must
    # fit a page's width (the keys keep the full names).
    short = [n.rsplit("__", 1)[-1] for n in names]
    labels = dict(zip(names, short if len(set(short)) == len(short) else list(names)))
    value_keys = ["value"] if n_objectives == 1 else [f"values_{i}" for i in range(n_objectives)]
    columns: list[dict[str, str]] = [
        {"key": "number", "label": "#", "kind": "number"},
        {"key": "state", "label": "state", "kind": "text"},
        *({"key": k, "label": k.replace("_", " "), "kind": "number"} for k in value_keys),
        *(
            {"key": f"params_{p}", "label": labels[p], "kind": "number" if numeric[p] else "text"}
            for p in names
        ),
        {"key": "duration", "label": "duration (s)", "kind": "number"},
        {"key": "datetime_start", "label": "started", "kind": "text"},
        {"key": "datetime_complete", "label": "completed", "kind": "text"},
        {"key": "worker", "label": "worker", "kind": "text"},
    ]
    rows: list[list[Any]] = []
    for t in trials:
        values: list[Any] = [None] * n_objectives
        if t.values is not None:
            values = [jsonable(v) for v in t.values[:n_objectives]]
            values += [None] * (n_objectives - len(values))
        params = []
        for p in names:
            v = t.params.get(p)
            params.append(jsonable(v) if numeric[p] or v is None else str(v))
        worker = t.system_attrs.get(WORKER_KEY)
        rows.append(
            [
                t.number,
                t.state.name,
                *values,
                *params,
                _seconds(t),
                jsonable(t.datetime_start),
                jsonable(t.datetime_complete),
                None if worker is None else str(worker),
            ]
        )
    return {"columns": columns, "rows": rows}
