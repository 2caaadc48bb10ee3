"""Stylesheet, scripts and plotly.js shared by the HTML report and the live dashboard."""

from __future__ import annotations

import functools
import json
from typing import Any

from hyperscout.exceptions import MissingDependencyError

__all__ = ["CSS", "SCRIPT", "embed_json", "plotly_js"]

_INSTALL_HINT = 'pip install "hyperscout[plot]"'


@functools.lru_cache(maxsize=1)
def plotly_js() -> str:
    """The minified plotly.js bundled with the installed plotly package (no network)."""
    try:
        from plotly.offline import get_plotlyjs
    except ImportError as err:
        raise MissingDependencyError(
            f"plotly is needed for the report and the dashboard; install it with {_INSTALL_HINT}"
        ) from err
    return str(get_plotlyjs())


def embed_json(value: Any) -> str:
    """JSON safe to put inside a <script> element (no ``</script>``, no HTML comments)."""
    text = json.dumps(value, allow_nan=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


CSS = """
:root { --fg:#1d2433; --muted:#5b6478; --line:#dde2ea; --bg:#f5f7fa; --card:#fff;
        --accent:#1f77b4; --ok:#2ca02c; --warn:#ff7f0e; --bad:#d62728; }
* { box-sizing: border-box; }
body { margin:0; color:var(--fg); background:var(--bg);
       font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif; }
header.hs-top { background:#1d2433; color:#fff; padding:14px 28px; display:flex;
       align-items:baseline; gap:16px; }
header.hs-top h1 { margin:0; font-size:20px; font-weight:600; }
header.hs-top .sub { color:#b8c1d3; font-size:13px; }
header.hs-top a { color:#fff; }
main { max-width:1280px; margin:0 auto; padding:20px 28px 60px; }
section.card { background:var(--card); border:1px solid var(--line); border-radius:8px;
       padding:16px 20px; margin:0 0 18px; }
section.card h2 { margin:0 0 10px; font-size:16px; font-weight:600; }
.note { color:var(--muted); font-style:italic; margin:6px 0; }
.nodata { color:var(--muted); background:var(--bg); border:1px dashed var(--line);
       border-radius:6px; padding:18px; text-align:center; }
.grid { display:grid; grid-template-columns:repeat(auto-fit,minmax(170px,1fr)); gap:12px; }
.stat { background:var(--bg); border-radius:6px; padding:10px 12px; }
.stat .k { color:var(--muted); font-size:12px; text-transform:uppercase; letter-spacing:.04em; }
.stat .v { font-size:18px; font-weight:600; overflow-wrap:anywhere; }
.figwrap { overflow-x:auto; }
.plot { min-height:420px; }
table.hs { border-collapse:collapse; width:100%; font-size:13px; }
table.hs th, table.hs td { border-bottom:1px solid var(--line); padding:5px 8px; text-align:left;
       white-space:nowrap; }
table.hs td.num { text-align:right; font-variant-numeric:tabular-nums; }
table.hs th { background:var(--bg); position:sticky; top:0; cursor:pointer; user-select:none; }
table.hs th.sorted-asc::after { content:" \\25B2"; font-size:10px; }
table.hs th.sorted-desc::after { content:" \\25BC"; font-size:10px; }
table.hs tbody tr:hover { background:#eef3fb; }
.tablewrap { max-height:600px; overflow:auto; border:1px solid var(--line); border-radius:6px; }
.tablewrap table { font-size:13px; } .tablewrap td, .tablewrap th { white-space:nowrap; }
.state { display:inline-block; padding:0 7px; border-radius:9px; font-size:12px; color:#fff; }
.state.COMPLETE { background:var(--accent); } .state.PRUNED { background:var(--warn); }
.state.FAIL { background:var(--bad); } .state.RUNNING { background:var(--ok); }
.state.WAITING { background:#7f7f7f; }
.bar { display:flex; height:22px; border-radius:5px; overflow:hidden; margin:8px 0 4px; }
.bar span { display:block; height:100%; }
.legend span { display:inline-block; margin-right:14px; font-size:12px; }
.legend i { display:inline-block; width:10px; height:10px; border-radius:2px; margin-right:4px; }
.c-objective { background:#1f77b4; } .c-sampler { background:#ff7f0e; }
.c-storage { background:#9467bd; } .c-other { background:#8c8c8c; }
.c-unprofiled { background:#d9d9d9; }
a { color:var(--accent); }
"""

# Trial table (click a header to sort; keeps its sort across refreshes) and plot drawing.
SCRIPT = r"""
const HS_PLOT_CONFIG = {responsive: true, displaylogo: false};
function hsFormat(v, kind) {
  if (v === null || v === undefined) return "";
  if (kind === "number" && typeof v === "number") {
    if (Number.isInteger(v)) return String(v);
    const a = Math.abs(v);
    return (a !== 0 && (a < 1e-3 || a >= 1e6)) ? v.toExponential(4) : String(+v.toPrecision(6));
  }
  return String(v);
}
function hsEmpty(v) { return v === null || v === undefined || v === ""; }
function hsCompare(a, b, kind) {
  const an = hsEmpty(a), bn = hsEmpty(b);
  if (an || bn) return an === bn ? 0 : (an ? 1 : -1);
  if (kind === "number" && typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), undefined, {numeric: true});
}
function hsRenderTable(container, data) {
  const st = container.hsSort || {col: 0, dir: -1};
  container.hsSort = st;
  const cols = data.columns;
  const rows = data.rows.slice();
  if (st.col >= cols.length) { st.col = 0; st.dir = -1; }
  const kind = cols[st.col].kind;
  rows.sort((r1, r2) => {
    const c = hsCompare(r1[st.col], r2[st.col], kind);
    return (hsEmpty(r1[st.col]) || hsEmpty(r2[st.col])) ? c : c * st.dir;  // empty cells last
  });
  const table = document.createElement("table");
  table.className = "hs";
  const thead = table.createTHead().insertRow();
  cols.forEach((c, i) => {
    const th = document.createElement("th");
    th.textContent = c.label;
    th.dataset.key = c.key;
    if (i === st.col) th.className = st.dir > 0 ? "sorted-asc" : "sorted-desc";
    th.addEventListener("click", () => {
      if (st.col === i) st.dir = -st.dir; else { st.col = i; st.dir = 1; }
      hsRenderTable(container, data);
    });
    thead.appendChild(th);
  });
  const body = table.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    cols.forEach((c, i) => {
      const td = tr.insertCell();
      if (c.key === "state") {
        const s = document.createElement("span");
        s.className = "state " + r[i];
        s.textContent = r[i];
        td.appendChild(s);
      } else {
        td.textContent = hsFormat(r[i], c.kind);
        if (c.kind === "number") td.className = "num";
      }
    });
  }
  container.replaceChildren(table);
}
function hsDrawFigure(el, fig) {
  if (!fig) return;
  Plotly.react(el, fig.data, fig.layout, HS_PLOT_CONFIG);
}
"""
