"""``hyperscout run CONFIG.toml``: one tuning job described in a file, with a summary."""

from __future__ import annotations

import argparse
import json
import math
import os
import time
from typing import Any, TextIO

from hyperscout.cli._common import (
    CLIError,
    Interrupted,
    RuntimeFailure,
    _fmt,
    _open_storage,
    progress_enabled,
)
from hyperscout.cli._config import METHODS, JobConfig, load_config
from hyperscout.cli._job import METHOD_LABELS, Job, make_search, prepare, run_search

__all__ = ["add_job_arguments", "load_job", "register", "reset_study"]


def add_job_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("config", help="the job's TOML file ([data] [model] [search] [storage])")
    p.add_argument(
        "--out",
        default="out",
        help="folder for the report, pictures and the default SQLite file (default out)",
    )
    p.add_argument(
        "--n-iter", type=int, default=None, help="override search.n_iter (e.g. a quick try)"
    )
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar; only the summary")


def register(command: Any) -> None:
    p = command(
        "run",
        "run the tuning job a TOML file describes and print a summary",
        _cmd_run,
        storage=False,
    )
    add_job_arguments(p)
    p.add_argument("--method", choices=METHODS, default=None, help="override search.method")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--resume", action="store_true", help="add trials to an existing study")
    group.add_argument(
        "--fresh", action="store_true", help="delete an existing study of that name first"
    )
    p.add_argument("--no-report", action="store_true", help="do not write the HTML report")


def load_job(args: argparse.Namespace, *, default_study: str | None = None) -> Job:
    """Read, check and prepare the job (data loaded, model built); nothing is fitted yet."""
    if args.n_iter is not None and args.n_iter < 1:
        raise CLIError(f"--n-iter must be >= 1, got {args.n_iter}")
    cfg = load_config(args.config, out_dir=args.out, default_study=default_study)
    if args.n_iter is not None:
        cfg.n_iter = args.n_iter
    if getattr(args, "method", None) is not None:
        cfg.method = args.method
    return prepare(cfg)


def _storage_for(cfg: JobConfig) -> Any:
    if cfg.storage_url.startswith("sqlite:///"):
        folder = os.path.dirname(cfg.storage_url[len("sqlite:///") :])
        if folder:
            os.makedirs(folder, exist_ok=True)
    return _open_storage(cfg.storage_url, read_only=False)


def reset_study(storage: Any, name: str, *, fresh: bool, resume: bool, url: str) -> None:
    """An existing study is deleted (``fresh``), continued (``resume``) or an error."""
    from hyperscout._url import redact_url

    try:
        study_id = storage.get_study_id_from_name(name)
    except KeyError:
        return
    if fresh:
        storage.delete_study(study_id)
    elif not resume:
        raise CLIError(
            f"a study named {name!r} already exists in {redact_url(url)}: add --resume to add "
            "trials to it or --fresh to start over"
        )


def summarize(job: Job, search: Any, method: str, seconds: dict[str, float]) -> dict[str, Any]:
    from hyperscout._url import redact_url
    from hyperscout.report import compute_time_profile
    from hyperscout.report._tables import jsonable
    from hyperscout.trial import TrialState

    study = search.study_
    trials = study.get_trials(deepcopy=False)
    states = [t.state for t in trials]
    profile = compute_time_profile(study)
    best_std = None
    if hasattr(search, "best_index_"):
        std = search.cv_results_.get("std_test_score")
        if std is not None:
            best_std = float(std[search.best_index_])
    return {
        "study": study.study_name,
        "storage": redact_url(job.config.storage_url),
        "method": method,
        "method_label": METHOD_LABELS[method],
        "metric": job.metric,
        "cv": job.config.cv,
        "best_score": float(search.best_score_) if hasattr(search, "best_score_") else None,
        "best_score_std": best_std,
        "best_params": jsonable(dict(getattr(search, "best_params_", {}))),
        "n_trials": len(trials),
        "n_complete": states.count(TrialState.COMPLETE),
        "n_pruned": states.count(TrialState.PRUNED),
        "n_failed": states.count(TrialState.FAIL),
        "seconds": {
            **seconds,
            "cv_fit": profile.fit_seconds or 0.0,
            "cv_score": profile.score_seconds or 0.0,
            "refit": float(getattr(search, "refit_time_", 0.0) or 0.0),
        },
    }


def _pct(part: float, whole: float) -> str:
    return f"{part:.1f} s ({100 * part / whole:.0f}%)" if whole > 0 else f"{part:.1f} s"


def print_summary(s: dict[str, Any], out: TextIO) -> None:
    sec = s["seconds"]
    best = "-" if s["best_score"] is None else f"{s['best_score']:.4f}"
    if s.get("best_score_std") is not None:
        best += f" ± {s['best_score_std']:.4f} over {s['cv']} folds"
    rows = [
        ("study", f"{s['study']} in {s['storage']}"),
        ("method", f"{s['method_label']}, {s['cv']}-fold CV"),
        (f"best {s['metric']}", best),
    ]
    for i, (k, v) in enumerate(s["best_params"].items()):
        rows.append(("best parameters" if i == 0 else "", f"{k.split('__')[-1]} = {_fmt(v)}"))
    rows.append(
        (
            "trials",
            f"{s['n_trials']} ({s['n_complete']} complete, {s['n_pruned']} pruned, "
            f"{s['n_failed']} failed)",
        )
    )
    wall = sec["total"]
    rows.append(("wall time", f"{wall:.1f} s"))
    rows.append(("where it went", f"loading data {_pct(sec['load'], wall)}"))
    rows.append(("", f"search {_pct(sec['search'], wall)}, of which refit {sec['refit']:.1f} s"))
    rows.append(
        (
            "",
            f"in the folds (summed over workers): fit {sec['cv_fit']:.1f} s, "
            f"score {sec['cv_score']:.1f} s",
        )
    )
    if "report" in sec:
        rows.append(("", f"writing the report {_pct(sec['report'], wall)}"))
    rest = wall - sec["load"] - sec["search"] - sec.get("report", 0.0)
    rows.append(
        ("", f"the rest (imports, building the model, storage) {_pct(max(rest, 0.0), wall)}")
    )
    if s.get("report"):
        rows.append(("report", s["report"]))
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"{k.ljust(width)}  {v}".rstrip(), file=out)


def write_study_report(study: Any, path: str, title: str) -> str | None:
    try:
        from hyperscout.report import write_report

        return write_report(study, path, title=title)
    except ImportError as exc:
        import sys

        print(f"hyperscout: note: no HTML report ({exc})", file=sys.stderr)
        return None


def _cmd_run(args: argparse.Namespace, out: TextIO) -> int:
    t0 = time.perf_counter()
    job = load_job(args)
    cfg = job.config
    storage = _storage_for(cfg)
    reset_study(storage, cfg.study, fresh=args.fresh, resume=args.resume, url=cfg.storage_url)
    search = make_search(
        job, cfg.method, seed=cfg.random_state, storage=storage, study_name=cfg.study
    )
    try:
        search_seconds = run_search(
            job, search, storage, cfg.study, METHOD_LABELS[cfg.method], progress_enabled(args.quiet)
        )
    except KeyboardInterrupt:
        raise Interrupted(
            f"interrupted: the finished trials are stored in study {cfg.study!r}; "
            "run again with --resume to continue"
        ) from None
    if not hasattr(search, "best_score_") or not math.isfinite(search.best_score_):
        raise RuntimeFailure(
            f"every candidate failed in study {cfg.study!r} (see the trials: hyperscout trials "
            f"--storage ... --study {cfg.study})"
        )
    seconds = {"load": job.load_seconds, "search": search_seconds}
    summary = summarize(job, search, cfg.method, seconds)
    if not args.no_report:
        os.makedirs(args.out, exist_ok=True)
        t_report = time.perf_counter()
        path = write_study_report(
            search.study_, os.path.join(args.out, f"{cfg.study}.html"), f"{cfg.study}: {job.metric}"
        )
        summary["seconds"]["report"] = time.perf_counter() - t_report
        summary["report"] = path
    summary["seconds"]["total"] = time.perf_counter() - t0
    if args.json:
        print(json.dumps(summary, indent=2), file=out)
    else:
        print_summary(summary, out)
    return 0
