"""A small live dashboard over a study storage: standard library HTTP server, JSON API, one page.

It only ever reads: the storage is opened with ``RDBStorage(url, read_only=True)`` (SQLite with
``mode=ro``: no write, no write lock), so a dashboard never blocks a running study.

Endpoints (all GET):

- ``/``: the page (study list; ``#/study/<name>`` shows one study, refreshed every 2 s);
- ``/static/plotly.min.js``: plotly.js from the installed plotly package (no CDN);
- ``/api/studies``: a summary of every study;
- ``/api/studies/<name>/trials``: the study's summary and its trial table, with a ``signature``
  that changes whenever a trial is added, finishes or reports;
- ``/api/studies/<name>/profile``: where the time went (:func:`compute_time_profile`);
- ``/api/studies/<name>/plots/<kind>``: one plot as plotly JSON (or a note why there is none).
"""

from __future__ import annotations

import ipaddress
import json
import socket
import sys
import threading
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from hyperscout._checks import check_int
from hyperscout._url import redact_text
from hyperscout.dashboard._page import REFRESH_SECONDS, content_security_policy, page_html
from hyperscout.exceptions import (
    InvalidArgumentError,
    InvalidTypeError,
    InvalidUsageError,
    StudyNotFoundError,
)
from hyperscout.storages import BaseStorage, RDBStorage
from hyperscout.trial import FrozenTrial

__all__ = ["DashboardServer", "serve"]


def _signature(trials: list[FrozenTrial]) -> str:
    finished = sum(1 for t in trials if t.state.is_finished())
    reports = sum(len(t.intermediate_values) for t in trials)
    last = trials[-1].trial_id if trials else -1
    return f"{len(trials)}-{finished}-{reports}-{last}"


class _Cache:
    """The last JSON answer per (study, what), reused while the study's signature is unchanged."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: dict[tuple[str, str], tuple[str, bytes]] = {}

    def get(self, key: tuple[str, str], signature: str) -> bytes | None:
        with self._lock:
            item = self._items.get(key)
        return item[1] if item is not None and item[0] == signature else None

    def put(self, key: tuple[str, str], signature: str, body: bytes) -> None:
        with self._lock:
            if len(self._items) > 512:
                self._items.clear()
            self._items[key] = (signature, body)


class _NotFound(Exception):
    pass


class _App:
    """What the handler calls: answers API requests from a read-only storage."""

    def __init__(self, storage: BaseStorage) -> None:
        from hyperscout.report._figures import default_importance_evaluator

        self.storage = storage
        self.cache = _Cache()
        # The report's method (named on the page), so both show the same importances.
        self.evaluator = default_importance_evaluator()

    def study(self, name: str) -> Any:
        from hyperscout.study import Study

        try:
            return Study(name, self.storage)
        except (StudyNotFoundError, KeyError) as err:
            raise _NotFound(f"no study named {name!r}") from err

    def studies(self) -> Any:
        from hyperscout.report._tables import study_list

        return {"studies": study_list(self.storage), "refresh_seconds": REFRESH_SECONDS}

    def trials(self, name: str) -> bytes:
        from hyperscout.report._html import summary_html
        from hyperscout.report._tables import study_summary, trials_table

        study = self.study(name)
        trials = study.get_trials(deepcopy=False)
        sig = _signature(trials)
        cached = self.cache.get((name, "trials"), sig)
        if cached is not None:
            return cached
        summary = study_summary(study)
        body = _dumps(
            {
                "signature": sig,
                "summary": summary,
                "summary_html": summary_html(summary),
                "table": trials_table(trials, len(study.directions)),
                "n_objectives": len(study.directions),
            }
        )
        self.cache.put((name, "trials"), sig, body)
        return body

    def profile(self, name: str) -> bytes:
        from hyperscout.report._html import profile_html
        from hyperscout.report._profile import compute_time_profile

        study = self.study(name)
        trials = study.get_trials(deepcopy=False)
        sig = _signature(trials)
        cached = self.cache.get((name, "profile"), sig)
        if cached is not None:
            return cached
        profile = compute_time_profile(trials)
        body = _dumps(
            {"signature": sig, "profile": profile.to_json(), "html": profile_html(profile)}
        )
        self.cache.put((name, "profile"), sig, body)
        return body

    def plot(self, name: str, kind: str) -> bytes:
        from hyperscout.report._figures import FIGURE_KINDS, make_figure

        if kind not in FIGURE_KINDS:
            raise _NotFound(f"unknown plot kind {kind!r}; known kinds are {list(FIGURE_KINDS)}")
        study = self.study(name)
        sig = _signature(study.get_trials(deepcopy=False))
        cached = self.cache.get((name, "plot:" + kind), sig)
        if cached is not None:
            return cached
        result = make_figure(study, kind, evaluator=self.evaluator)
        body = _dumps({"signature": sig, **result.to_json()})
        self.cache.put((name, "plot:" + kind), sig, body)
        return body


def _dumps(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode("utf-8")


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            super().log_message(format, *args)

    def _send(self, status: int, body: bytes, content_type: str, cache: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600" if cache else "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Content-Security-Policy", content_security_policy())
        self.send_header("Referrer-Policy", "no-referrer")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, _dumps({"error": message}), "application/json")

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        from hyperscout.report._assets import plotly_js

        app = self.server.app
        if not self.server.host_allowed(self.headers.get("Host")):
            # A page on another site that made its name resolve to this address (DNS
            # rebinding) sends its own name: answer nothing.
            self._error(
                HTTPStatus.MISDIRECTED_REQUEST,
                f"this dashboard answers only to {self.server.allowed_hosts_text()}",
            )
            return
        raw_path = urllib.parse.urlsplit(self.path).path
        parts = [urllib.parse.unquote(p) for p in raw_path.split("/")[1:]]
        try:
            if raw_path in ("/", "/index.html"):
                self._send(200, page_html().encode("utf-8"), "text/html; charset=utf-8")
            elif raw_path == "/static/plotly.min.js":
                self._send(
                    200, plotly_js().encode("utf-8"), "text/javascript; charset=utf-8", cache=True
                )
            elif parts == ["api", "studies"]:
                self._send(200, _dumps(app.studies()), "application/json")
            elif len(parts) == 4 and parts[:2] == ["api", "studies"] and parts[3] == "trials":
                self._send(200, app.trials(parts[2]), "application/json")
            elif len(parts) == 4 and parts[:2] == ["api", "studies"] and parts[3] == "profile":
                self._send(200, app.profile(parts[2]), "application/json")
            elif len(parts) == 5 and parts[:2] == ["api", "studies"] and parts[3] == "plots":
                self._send(200, app.plot(parts[2], parts[4]), "application/json")
            else:
                self._error(HTTPStatus.NOT_FOUND, f"no such page: {raw_path}")
        except _NotFound as err:
            self._error(HTTPStatus.NOT_FOUND, str(err))
        except (BrokenPipeError, ConnectionResetError):
            pass
        except Exception as err:  # report, keep serving (never a storage URL's password)
            self._error(
                HTTPStatus.INTERNAL_SERVER_ERROR,
                redact_text(f"{type(err).__name__}: {err}", getattr(app.storage, "url", None)),
            )


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], app: _App, verbose: bool) -> None:
        self.app = app
        self.verbose = verbose
        self.bound_name = address[0]
        super().__init__(address, _Handler)
        self._allowed = self._allowed_hosts()

    def _allowed_hosts(self) -> frozenset[str]:
        """``Host`` header values this server answers: the name or address it was started
        with and the loopback names, each with its port (and without it on port 80). A server
        bound to every interface also answers to this machine's names and to any IP address
        (a DNS rebinding needs a name)."""
        port = int(self.server_address[1])
        names = {self.bound_name, str(self.server_address[0]), "localhost", "127.0.0.1", "::1"}
        if self.wildcard:
            names |= {socket.gethostname(), socket.getfqdn()}
        allowed: set[str] = set()
        for name in names:
            name = name.lower().strip("[]")
            host = f"[{name}]" if ":" in name else name
            allowed.add(f"{host}:{port}")
            if port == 80:
                allowed.add(host)
        return frozenset(allowed)

    @property
    def wildcard(self) -> bool:
        return str(self.server_address[0]) in ("0.0.0.0", "::", "")

    def host_allowed(self, header: str | None) -> bool:
        if header is None:
            return False
        value = header.strip().lower()
        if value in self._allowed:
            return True
        if not self.wildcard:
            return False
        host, _, port = value.rpartition(":") if not value.endswith("]") else (value, "", "")
        if port and port != str(self.server_address[1]):
            return False
        try:
            ipaddress.ip_address((host or value).strip("[]"))
        except ValueError:
            return False
        return True

    def allowed_hosts_text(self) -> str:
        return ", ".join(sorted(self._allowed))


def _open_storage(storage: str | BaseStorage) -> BaseStorage:
    if isinstance(storage, BaseStorage):
        return storage
    if not isinstance(storage, str):
        raise InvalidTypeError(
            f"storage must be a database URL such as 'sqlite:///tuning.db' or a storage, got "
            f"{storage!r}"
        )
    return RDBStorage(storage, read_only=True)


class DashboardServer:
    """The dashboard on ``host:port`` (port 0 picks a free one), served from a background thread.

    ``storage`` is a database URL (opened read-only) or a storage object. Use it as a context
    manager, or call :meth:`start` and :meth:`stop`::

        with DashboardServer("sqlite:///tuning.db") as server:
            print(server.url)
    """

    def __init__(
        self,
        storage: str | BaseStorage,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        verbose: bool = False,
    ) -> None:
        if not isinstance(host, str) or not host:
            raise InvalidArgumentError(f"host must be a non-empty str, got host={host!r}")
        check_int("port", port, minimum=0, maximum=65535)
        from hyperscout.report._assets import plotly_js

        plotly_js()  # fail now, naming the extra to install, if plotly is missing
        self.storage = _open_storage(storage)
        self._server = _Server((host, port), _App(self.storage), verbose)
        self._thread: threading.Thread | None = None

    @property
    def host(self) -> str:
        return str(self._server.server_address[0])

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        host = self.host
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}/"

    def start(self) -> DashboardServer:
        """Serve from a daemon thread; returns self."""
        if self._thread is not None:
            raise InvalidUsageError("this DashboardServer is already started")
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="hyperscout-dashboard", daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in this thread until interrupted (Ctrl-C) or :meth:`stop`."""
        try:
            self._server.serve_forever()
        finally:
            self._server.server_close()

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> DashboardServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve(storage_url: str | BaseStorage, host: str = "127.0.0.1", port: int = 8080) -> None:
    """Run the dashboard until Ctrl-C, printing its address (port 0 picks a free port)."""
    server = DashboardServer(storage_url, host, port)
    print(f"hyperscout dashboard on {server.url} (Ctrl-C to stop)", file=sys.stdout, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
