"""A live, read-only web dashboard of the studies in a storage.

``hyperscout dashboard --storage sqlite:///tuning.db`` (or :func:`serve`) serves a page on
http://127.0.0.1:8080/ that lists the studies and shows one study's plots, time profile and
trials, refreshed every 2 seconds while it runs. Only the standard library's HTTP server is used;
plotly.js comes from the installed plotly package (``pip install "hyperscout[plot]"``). The
storage is opened read-only, so the dashboard never blocks or locks a running study.
"""

from hyperscout.dashboard._server import DashboardServer, serve

__all__ = ["DashboardServer", "serve"]
