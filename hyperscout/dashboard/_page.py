"""The dashboard's single page: a study list, and a live view of one study (``#/study/<name>``)."""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json

from hyperscout.report._assets import CSS, SCRIPT
from hyperscout.report._figures import FIGURE_KINDS

# Seconds between two refreshes of a study's view (the page polls; the API says it too).
REFRESH_SECONDS = 2.0

__all__ = ["page_html"]

_PAGE_CSS = """
#status { margin-left:auto; font-size:12px; color:#b8c1d3; }
#status.live::before { content:"\\25CF "; color:#2ca02c; }
#status.error::before { content:"\\25CF "; color:#d62728; }
.plots { display:grid; grid-template-columns:repeat(auto-fit,minmax(560px,1fr)); gap:18px;
         grid-auto-flow:row dense; }
.plots section.card { margin:0; min-width:0; }
.plots section.wide { grid-column:1 / -1; }
.plot { min-height:380px; }
table.hs td a { font-weight:600; }
"""

_PAGE_JS = r"""
const KINDS = __KINDS__;
const WIDE = new Set(["slice", "parallel", "timeline"]);
let timer = null, current = null, lastSig = null, busy = false;

function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}
function setStatus(text, cls) {
  const s = document.getElementById("status");
  s.textContent = text; s.className = cls || "";
}
async function getJSON(url) {
  const r = await fetch(url, {cache: "no-store"});
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
}
function api(name, rest) {
  return "/api/studies/" + encodeURIComponent(name) + "/" + rest;
}
function fmtValue(v) { return v === null || v === undefined ? "" : hsFormat(v, "number"); }

function showList() {
  document.getElementById("crumb").textContent = "";
  const root = document.getElementById("root");
  root.replaceChildren();
  const card = el("section", {"class": "card"});
  card.appendChild(el("h2", {}, "Studies"));
  const holder = el("div", {"id": "study-list"});
  holder.appendChild(el("div", {"class": "nodata"}, "Loading..."));
  card.appendChild(holder);
  root.appendChild(card);
}
async function refreshList() {
  const data = await getJSON("/api/studies");
  const holder = document.getElementById("study-list");
  if (!holder) return;
  if (!data.studies.length) {
    holder.replaceChildren(el("div", {"class": "nodata"}, "No study in this storage yet."));
    return;
  }
  const table = el("table", {"class": "hs"});
  const head = table.createTHead().insertRow();
  for (const h of ["study", "direction", "trials", "complete", "pruned", "failed", "running",
                   "best value", "started"]) head.appendChild(el("th", {}, h));
  const body = table.createTBody();
  for (const s of data.studies) {
    const tr = body.insertRow();
    const href = "#/study/" + encodeURIComponent(s.name);
    const a = el("a", {"href": href, "class": "study-link"}, s.name);
    tr.insertCell().appendChild(a);
    tr.insertCell().textContent = s.directions.join(", ");
    const cells = [s.n_trials, s.by_state.COMPLETE, s.by_state.PRUNED, s.by_state.FAIL,
                   s.by_state.RUNNING, s.best ? fmtValue(s.best.value) : ""];
    for (const c of cells) { const td = tr.insertCell(); td.className = "num"; td.textContent = c; }
    tr.insertCell().textContent = s.datetime_start || "";
  }
  holder.replaceChildren(table);
}

function showStudy(name) {
  document.getElementById("crumb").textContent = " / " + name;
  const root = document.getElementById("root");
  root.replaceChildren();
  const summary = el("section", {"class": "card", "id": "sec-summary"});
  summary.appendChild(el("h2", {}, "Summary"));
  summary.appendChild(el("div", {"id": "summary"}));
  root.appendChild(summary);
  const profile = el("section", {"class": "card", "id": "sec-profile"});
  profile.appendChild(el("h2", {}, "Where the tuning time went"));
  profile.appendChild(el("div", {"id": "profile"}));
  root.appendChild(profile);
  const plots = el("div", {"class": "plots"});
  for (const [kind, title] of Object.entries(KINDS)) {
    const cls = "card" + (WIDE.has(kind) ? " wide" : "");
    const sec = el("section", {"class": cls, "id": "sec-" + kind});
    sec.appendChild(el("h2", {}, title));
    const wrap = sec.appendChild(el("div", {"class": "figwrap"}));
    wrap.appendChild(el("div", {"class": "plot", "id": "fig-" + kind}));
    sec.appendChild(el("p", {"class": "note", "id": "note-" + kind}));
    plots.appendChild(sec);
  }
  root.appendChild(plots);
  const trials = el("section", {"class": "card", "id": "sec-trials", "style": "margin-top:18px"});
  const h = el("h2", {}, "Trials ");
  h.appendChild(el("span", {"id": "trial-count"}, ""));
  trials.appendChild(h);
  trials.appendChild(el("p", {"class": "note"}, "Click a column header to sort."));
  trials.appendChild(el("div", {"class": "tablewrap", "id": "trials"}));
  root.appendChild(trials);
}
async function refreshPlot(name, kind) {
  const r = await getJSON(api(name, "plots/" + encodeURIComponent(kind)));
  if (current !== name) return;
  const div = document.getElementById("fig-" + kind);
  const note = document.getElementById("note-" + kind);
  if (r.figure) {
    div.classList.remove("nodata");
    if (!div.classList.contains("js-plotly-plot")) div.textContent = "";
    hsDrawFigure(div, r.figure);
    note.textContent = r.note || "";
  } else {
    if (div.classList.contains("js-plotly-plot")) Plotly.purge(div);
    div.className = "plot nodata";
    div.textContent = r.note || "No data.";
    note.textContent = "";
  }
}
async function refreshStudy(name) {
  const data = await getJSON(api(name, "trials"));
  if (current !== name) return;
  setStatus("live, updated " + new Date().toLocaleTimeString(), "live");
  document.getElementById("trial-count").textContent = "(" + data.table.rows.length + ")";
  if (data.signature === lastSig) return;
  lastSig = data.signature;
  document.getElementById("summary").innerHTML = data.summary_html;
  const trials = document.getElementById("trials");
  if (data.table.rows.length) hsRenderTable(trials, data.table);
  else trials.replaceChildren(el("div", {"class": "nodata"}, "No data: the study has no trials."));
  const prof = await getJSON(api(name, "profile"));
  if (current !== name) return;
  document.getElementById("profile").innerHTML = prof.html;
  // The Pareto front applies to studies with two or three objectives only.
  const paretoShown = data.n_objectives === 2 || data.n_objectives === 3;
  document.getElementById("sec-pareto").hidden = !paretoShown;
  for (const kind of Object.keys(KINDS)) {
    if (kind === "pareto" && !paretoShown) continue;
    try { await refreshPlot(name, kind); }
    catch (e) { document.getElementById("note-" + kind).textContent = String(e); }
  }
}
async function tick() {
  if (busy) return;
  busy = true;
  try {
    if (current === null) await refreshList(); else await refreshStudy(current);
    setStatus("live, updated " + new Date().toLocaleTimeString(), "live");
  } catch (e) {
    setStatus("error: " + e.message, "error");
  } finally { busy = false; }
}
function route() {
  const m = location.hash.match(/^#\/study\/(.+)$/);
  current = m ? decodeURIComponent(m[1]) : null;
  lastSig = null;
  if (current === null) showList(); else showStudy(current);
  tick();
}
window.addEventListener("hashchange", route);
window.addEventListener("DOMContentLoaded", () => {
  route();
  timer = setInterval(tick, __REFRESH_MS__);
});
"""


def _inline_script() -> str:
    js = _PAGE_JS.replace("__KINDS__", json.dumps(FIGURE_KINDS)).replace(
        "__REFRESH_MS__", str(int(REFRESH_SECONDS * 1000))
    )
    return f"{SCRIPT}{js}"


@functools.lru_cache(maxsize=1)
def content_security_policy() -> str:
    """The page's policy: everything from this server only; the one inline script by its hash;
    inline styles (the page's own and those plotly.js sets); no frames, forms or plugins."""
    digest = base64.b64encode(hashlib.sha256(_inline_script().encode("utf-8")).digest())
    return (
        "default-src 'none'; "
        f"script-src 'self' 'sha256-{digest.decode('ascii')}'; "
        "style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; "
        "font-src 'self' data:; "
        "connect-src 'self'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )


@functools.lru_cache(maxsize=1)
def page_html() -> str:
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>hyperscout dashboard</title>
<style>{CSS}{_PAGE_CSS}</style>
<script src="/static/plotly.min.js"></script>
</head><body>
<header class="hs-top"><h1><a href="#" style="text-decoration:none">hyperscout</a></h1>
<span class="sub" id="crumb"></span><span id="status">{html.escape("connecting...")}</span></header>
<main id="root"></main>
<script>{_inline_script()}</script>
</body></html>
"""
