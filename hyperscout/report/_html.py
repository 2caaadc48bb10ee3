"""HTML fragments (summary, time profile) and the self-contained report page."""

from __future__ import annotations

import datetime
import html
import json
from typing import TYPE_CHECKING, Any

from hyperscout.exceptions import InvalidTypeError
from hyperscout.report._assets import CSS, SCRIPT, embed_json, plotly_js
from hyperscout.report._figures import FigureResult, make_figures
from hyperscout.report._profile import TimeProfile, compute_time_profile
from hyperscout.report._tables import study_summary, trials_table

if TYPE_CHECKING:
    from hyperscout.study import Study

__all__ = ["format_seconds", "profile_html", "render_report", "summary_html"]

_PARTS = {
    "objective": "objective",
    "sampler": "sampler",
    "storage": "storage",
    "other": "other (pruner, callbacks, bookkeeping)",
    "unprofiled": "not profiled",
}


def format_seconds(seconds: float | None) -> str:
    """``"850 ms"``, ``"12.3 s"``, ``"4 min 05 s"``, ``"2 h 03 min"``."""
    if seconds is None:
        return "n/a"
    s = float(seconds)
    if s < 1e-3:
        return "0 s" if s == 0 else f"{s * 1e6:.0f} µs"
    if s < 1:
        return f"{s * 1e3:.0f} ms"
    if s < 60:
        return f"{s:.3g} s" if s < 10 else f"{s:.1f} s"
    if s < 3600:
        m, r = divmod(int(round(s)), 60)
        return f"{m} min {r:02d} s"
    h, r = divmod(int(round(s)), 3600)
    return f"{h} h {r // 60:02d} min"


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _stat(key: str, value: str) -> str:
    return f'<div class="stat"><div class="k">{_e(key)}</div><div class="v">{value}</div></div>'


def _number(value: Any) -> str:
    if isinstance(value, float):
        return _e(f"{value:.6g}")
    return _e(value)


def summary_html(summary: dict[str, Any]) -> str:
    """The study's key facts as a grid of small cards (from :func:`study_summary`)."""
    states = summary["by_state"]
    counts = ", ".join(f"{n} {s.lower()}" for s, n in states.items() if n) or "none"
    parts = [
        _stat("direction", _e(", ".join(summary["directions"]))),
        _stat("trials", f"{summary['n_trials']}<br><small>{_e(counts)}</small>"),
    ]
    best = summary.get("best")
    if best is not None:
        parts.append(_stat("best value", _number(best["value"])))
        parts.append(_stat("best trial", f"#{_e(best['number'])}"))
    elif summary.get("n_pareto") is not None:
        parts.append(_stat("Pareto-optimal trials", _e(summary["n_pareto"])))
        if summary.get("hypervolume") is not None:
            parts.append(
                _stat(
                    "hypervolume",
                    f"{_number(summary['hypervolume'])}<br><small>reference: the worst value of "
                    "each objective</small>",
                )
            )
    else:
        parts.append(_stat("best value", '<span class="note">no COMPLETE trial yet</span>'))
    if summary.get("datetime_start"):
        parts.append(_stat("first start", _e(summary["datetime_start"])))
    if summary.get("datetime_last"):
        parts.append(_stat("last completion", _e(summary["datetime_last"])))
    out = f'<div class="grid">{"".join(parts)}</div>'
    if best is not None and best["params"]:
        rows = "".join(
            f"<tr><td>{_e(k)}</td><td>{_number(v)}</td></tr>" for k, v in best["params"].items()
        )
        out += (
            '<h3 style="font-size:14px;margin:14px 0 6px">Best parameters</h3>'
            f'<table class="hs" style="width:auto"><tbody>{rows}</tbody></table>'
        )
    return out


def profile_html(profile: TimeProfile) -> str:
    """Where the time went: a stacked bar, lost time, parallel efficiency, per-worker busy time."""
    if profile.is_empty:
        running = f" ({profile.n_running} running)" if profile.n_running else ""
        return (
            '<div class="nodata">No data: no finished trial with start and end times'
            f"{running}.</div>"
        )
    total = profile.trial_seconds
    parts = profile.breakdown()
    denom = sum(parts.values()) or 1.0
    bar = "".join(
        f'<span class="c-{k}" style="width:{100 * v / denom:.3f}%" '
        f'title="{_e(_PARTS[k])}: {_e(format_seconds(v))}"></span>'
        for k, v in parts.items()
        if v > 0
    )
    legend = "".join(
        f'<span><i class="c-{k}"></i>{_e(_PARTS[k])}: {_e(format_seconds(v))} '
        f"({100 * v / denom:.1f}%)</span>"
        for k, v in parts.items()
        if v > 0 or k in ("objective", "sampler", "storage")
    )
    stats = [
        _stat("trial time (sum)", _e(format_seconds(total))),
        _stat("study wall span", _e(format_seconds(profile.span_seconds))),
        _stat(
            "parallel efficiency",
            "n/a"
            if profile.parallel_efficiency is None
            else _e(
                f"{100 * profile.parallel_efficiency:.0f}% of {profile.peak_concurrency} "
                "parallel worker(s)"
            ),
        ),
        _stat(
            "lost to pruned trials",
            _e(f"{format_seconds(profile.pruned_seconds)} ({profile.n_pruned})"),
        ),
        _stat(
            "lost to failed trials",
            _e(f"{format_seconds(profile.failed_seconds)} ({profile.n_failed})"),
        ),
    ]
    if profile.fit_seconds is not None:
        stats.append(_stat("cross-validation fit", _e(format_seconds(profile.fit_seconds))))
        stats.append(_stat("cross-validation score", _e(format_seconds(profile.score_seconds))))
    out = [
        f'<div class="bar">{bar}</div><div class="legend">{legend}</div>',
        f'<div class="grid" style="margin-top:12px">{"".join(stats)}</div>',
    ]
    if profile.n_profiled < profile.n_timed:
        out.append(
            f'<p class="note">{profile.n_timed - profile.n_profiled} of {profile.n_timed} finished '
            "trials carry no timing attributes (added with add_trial or tell): their time is "
            "shown as not profiled.</p>"
        )
    if profile.workers:
        span = profile.span_seconds or 0.0
        rows = "".join(
            f"<tr><td>{_e(w.worker)}</td><td class=num>{w.n_trials}</td>"
            f"<td class=num>{_e(format_seconds(w.busy_seconds))}</td>"
            f"<td class=num>{'' if span <= 0 else f'{100 * w.busy_seconds / span:.0f}%'}</td></tr>"
            for w in profile.workers
        )
        out.append(
            '<h3 style="font-size:14px;margin:14px 0 6px">Workers</h3>'
            '<table class="hs" style="width:auto"><thead><tr><th>worker</th><th>trials</th>'
            f"<th>busy</th><th>busy / study span</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    return "".join(out)


def _figure_section(f: FigureResult) -> str:
    note = f'<p class="note">{_e(f.note)}</p>' if f.note else ""
    if f.figure is None:
        body = f'<div class="nodata">{_e(f.note or "No data.")}</div>'
        note = ""
    else:
        body = f'<div class="figwrap"><div class="plot" id="fig-{_e(f.kind)}"></div></div>'
    head = f'<section class="card" id="sec-{_e(f.kind)}"><h2>{_e(f.title)}</h2>'
    return f"{head}{body}{note}</section>"


def render_report(study: Study, *, title: str | None = None) -> str:
    """The report of ``study`` (or of a fitted ``*SearchCV``'s ``study_``) as one
    self-contained HTML page (plotly.js inlined)."""
    from hyperscout.study import Study
    from hyperscout.visualization._utils import as_study

    study = as_study(study)
    if not isinstance(study, Study):
        raise InvalidTypeError(
            f"expected a hyperscout Study, got {type(study).__name__}: {study!r}"
        )
    if title is not None and not isinstance(title, str):
        raise InvalidTypeError(f"title must be a str or None, got {title!r}")
    js = plotly_js()
    summary = study_summary(study)
    figures = make_figures(study)
    trials = study.get_trials(deepcopy=False)
    table = trials_table(trials, len(study.directions))
    profile = compute_time_profile(trials)
    heading = title if title is not None else f"Study {study.study_name}"
    created = datetime.datetime.now().isoformat(sep=" ", timespec="seconds")
    figure_data = {f.kind: json.loads(f.figure.to_json()) for f in figures if f.figure is not None}
    table_body = (
        '<div class="tablewrap" id="trials"></div>'
        if table["rows"]
        else '<div class="nodata">No data: the study has no trials.</div>'
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(heading)} - hyperscout report</title>
<style>{CSS}</style>
<script>{js}</script>
</head><body>
<header class="hs-top"><h1>{_e(heading)}</h1>
<span class="sub">hyperscout report of study <b>{_e(study.study_name)}</b>,
made {_e(created)}</span>
</header>
<main>
<section class="card" id="sec-summary"><h2>Summary</h2>{summary_html(summary)}</section>
<section class="card" id="sec-profile"><h2>Where the tuning time went</h2>
{profile_html(profile)}</section>
{"".join(_figure_section(f) for f in figures)}
<section class="card" id="sec-trials"><h2>Trials</h2>
<p class="note">Click a column header to sort.</p>{table_body}</section>
</main>
<script type="application/json" id="hs-figures">{embed_json(figure_data)}</script>
<script type="application/json" id="hs-trials">{embed_json(table)}</script>
<script>{SCRIPT}
(function () {{
  const figs = JSON.parse(document.getElementById("hs-figures").textContent);
  for (const [kind, fig] of Object.entries(figs)) {{
    const el = document.getElementById("fig-" + kind);
    if (el) Plotly.newPlot(el, fig.data, fig.layout, HS_PLOT_CONFIG);
  }}
  const el = document.getElementById("trials");
  if (el) hsRenderTable(el, JSON.parse(document.getElementById("hs-trials").textContent));
}})();
</script>
</body></html>
"""
