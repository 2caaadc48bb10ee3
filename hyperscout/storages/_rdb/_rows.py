"""Rows to records and back: loading trials with their children, and the small conversions
between database values and Python values (JSON text, NaN as NULL, directions as text)."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, and_, insert, select, update

from hyperscout._records import StudyDirection
from hyperscout.distributions import BaseDistribution, distribution_to_json, json_to_distribution
from hyperscout.storages._common import check_json_value
from hyperscout.storages._rdb import _models as m
from hyperscout.trial import FrozenTrial, TrialState


@lru_cache(maxsize=4096)
def parse_distribution(text: str) -> BaseDistribution:
    return json_to_distribution(text)


def dumps(value: Any) -> str:
    return json.dumps(value)


def float_or_nan(value: float | None) -> float:
    return math.nan if value is None else float(value)


def nan_to_none(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def directions_of(text_value: str) -> tuple[StudyDirection, ...]:
    return tuple(StudyDirection[d] for d in text_value.split(","))


def load_trials(
    conn: Connection,
    where: Any,
    skip: set[int] | None = None,
    cached: Mapping[int, FrozenTrial] | None = None,
) -> list[FrozenTrial]:
    """Trials matching ``where`` (on the trials table) with all their children, by number."""
    rows = conn.execute(select(m.trials).where(where).order_by(m.trials.c.number)).all()
    if not rows:
        return []
    skip = skip or set()
    need = [r.trial_id for r in rows if r.trial_id not in skip]
    children: dict[int, dict[str, Any]] = {tid: {} for tid in need}
    if need:
        ids = select(m.trials.c.trial_id).where(where)
        low = min(need)

        def fetch(table: Any) -> list[Any]:
            return list(
                conn.execute(
                    select(table).where(
                        and_(table.c.trial_id >= low, table.c.trial_id.in_(ids))
                    )
                ).all()
            )

        for r in fetch(m.trial_params):
            c = children.get(r.trial_id)
            if c is not None:
                dist = parse_distribution(r.distribution_json)
                c.setdefault("params", {})[r.name] = dist.to_external_repr(r.value)
                c.setdefault("distributions", {})[r.name] = dist
                c.setdefault("internal", {})[r.name] = float(r.value)
        for r in fetch(m.trial_values):
            c = children.get(r.trial_id)
            if c is not None:
                c.setdefault("values", {})[r.objective] = float(r.value)
        for r in fetch(m.trial_intermediate):
            c = children.get(r.trial_id)
            if c is not None:
                c.setdefault("intermediate", {})[r.step] = float_or_nan(r.value)
        for r in fetch(m.trial_attrs):
            c = children.get(r.trial_id)
            if c is not None:
                key = "user" if r.kind == m.USER else "system"
                c.setdefault(key, {})[r.key] = json.loads(r.value_json)
    out = []
    for r in rows:
        if r.trial_id in skip:
            assert cached is not None
            out.append(cached[r.trial_id])
            continue
        c = children[r.trial_id]
        vals = c.get("values")
        out.append(
            FrozenTrial(
                number=r.number,
                state=TrialState(r.state),
                values=tuple(vals[i] for i in sorted(vals)) if vals else None,
                datetime_start=r.datetime_start,
                datetime_complete=r.datetime_complete,
                params=c.get("params", {}),
                distributions=c.get("distributions", {}),
                user_attrs=c.get("user", {}),
                system_attrs=c.get("system", {}),
                intermediate_values=dict(sorted(c.get("intermediate", {}).items())),
                trial_id=r.trial_id,
                internal_params=c.get("internal", {}),
            )
        )
    return out


def insert_children(conn: Connection, trial_id: int, t: FrozenTrial) -> None:
    """Insert the params, values, intermediate values and user attrs of ``t`` as rows of the
    trial ``trial_id`` (a trial created from a template)."""
    if t.params:
        conn.execute(
            insert(m.trial_params),
            [
                {
                    "trial_id": trial_id,
                    "name": name,
                    "value": t.distributions[name].to_internal_repr(value),
                    "distribution_json": distribution_to_json(t.distributions[name]),
                }
                for name, value in t.params.items()
            ],
        )
    if t.values is not None:
        conn.execute(
            insert(m.trial_values),
            [
                {"trial_id": trial_id, "objective": i, "value": v}
                for i, v in enumerate(t.values)
            ],
        )
    if t.intermediate_values:
        conn.execute(
            insert(m.trial_intermediate),
            [
                {"trial_id": trial_id, "step": s, "value": nan_to_none(v)}
                for s, v in t.intermediate_values.items()
            ],
        )
    if t.user_attrs:
        for k, v in t.user_attrs.items():
            check_json_value(k, v)
        conn.execute(
            insert(m.trial_attrs),
            [
                {"trial_id": trial_id, "kind": m.USER, "key": k, "value_json": dumps(v)}
                for k, v in t.user_attrs.items()
            ],
        )


def upsert(conn: Connection, table: Any, keys: dict[str, Any], values: dict[str, Any]) -> None:
    name = conn.dialect.name
    ins: Any
    if name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as ins
    elif name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as ins
    else:  # portable fallback
        cond = and_(*(table.c[k] == v for k, v in keys.items()))
        if conn.execute(update(table).where(cond).values(**values)).rowcount == 0:
            conn.execute(insert(table).values(**keys, **values))
        return
    stmt = ins(table).values(**keys, **values)
    conn.execute(stmt.on_conflict_do_update(index_elements=list(keys), set_=values))
