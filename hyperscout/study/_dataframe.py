"""``Study.trials_dataframe``: one row per trial, columns named as Optuna names them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hyperscout.exceptions import InvalidArgumentError, MissingDependencyError

if TYPE_CHECKING:
    import pandas as pd

    from hyperscout.study._study import Study

_ALLOWED = {
    "number",
    "value",
    "values",
    "datetime_start",
    "datetime_complete",
    "duration",
    "params",
    "user_attrs",
    "system_attrs",
    "state",
    "intermediate_values",
    "trial_id",
}


def _import_pandas() -> Any:
    try:
        import pandas
    except ImportError as err:
        raise MissingDependencyError(
            'trials_dataframe needs pandas: pip install "hyperscout[pandas]"'
        ) from err
    return pandas


def trials_dataframe(study: Study, attrs: tuple[str, ...], multi_index: bool) -> pd.DataFrame:
    pd = _import_pandas()
    unknown = set(attrs) - _ALLOWED
    if unknown:
        raise InvalidArgumentError(
            f"unknown attrs {sorted(unknown)}; allowed are {sorted(_ALLOWED)}"
        )
    trials = study.get_trials(deepcopy=False)
    multi = len(study.directions) > 1
    names = study.metric_names
    rows: list[dict[tuple[str, str], Any]] = []
    for t in trials:
        row: dict[tuple[str, str], Any] = {}
        for attr in attrs:
            if attr in ("value", "values"):
                vals = t.values
                if multi or attr == "values":
                    for i in range(len(study.directions)):
                        label = names[i] if names else str(i)
                        row[("values", label)] = None if vals is None else vals[i]
                else:
                    row[("value", "")] = None if vals is None else vals[0]
            elif attr in ("params", "user_attrs", "system_attrs", "intermediate_values"):
                for key, value in getattr(t, attr).items():
                    row[(attr, str(key))] = value
            elif attr == "state":
                row[("state", "")] = t.state.name
            elif attr == "trial_id":
                row[("trial_id", "")] = t.trial_id
            else:
                row[(attr, "")] = getattr(t, attr)
        rows.append(row)
    columns: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for row in rows:
        for key in row:
            if key not in seen:
                seen.add(key)
                columns.append(key)
    order = {a: i for i, a in enumerate(attrs)}
    order["values"] = order.get("value", order.get("values", 0))
    columns.sort(
        key=lambda c: (order.get(c[0], len(order)), c[0], c[1] if c[0] != "values" else "")
    )
    df = pd.DataFrame(rows, columns=pd.MultiIndex.from_tuples(columns) if columns else None)
    if not multi_index and len(df.columns):
        df.columns = ["_".join(p for p in col if p) for col in df.columns]
    return df
