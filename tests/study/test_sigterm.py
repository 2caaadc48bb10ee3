"""SIGTERM during optimize is handled as Ctrl-C is: the running trial is stored as FAIL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import hyperscout
from hyperscout._signals import sigterm_stops
from hyperscout.trial import TrialState

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGTERM is a POSIX signal")

_OBJECTIVE = """
import time

def objective(trial):
    x = trial.suggest_float("x", 0.0, 1.0)
    time.sleep(120.0)
    return x
"""

_WORKER = """
import sys
import hyperscout
from objective import objective

study = hyperscout.load_study(study_name="s", storage=sys.argv[1])
study.optimize(objective, n_trials=3)
"""


def _terminate_mid_trial(cmd: list[str], url: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Start ``cmd``, send SIGTERM once its first trial is running, return how it ended."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(cwd), *sys.path])}
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    study = hyperscout.load_study(study_name="s", storage=url)
    try:
        deadline = time.monotonic() + 120
        while not study.get_trials(states=(TrialState.RUNNING,)):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "no trial started"
            time.sleep(0.1)
        time.sleep(0.5)  # inside the objective's sleep
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def _check_failed_cleanly(done: subprocess.CompletedProcess[str], url: str) -> None:
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert lines[-1] == "hyperscout: terminated by SIGTERM; the running trials were stored as FAIL"
    trials = hyperscout.load_study(study_name="s", storage=url).trials
    assert len(trials) == 1  # no new trial started after the signal
    assert trials[0].state == TrialState.FAIL
    assert trials[0].system_attrs["fail_reason"] == "interrupted by SIGTERM"


@pytest.fixture
def workdir(tmp_path: Path) -> tuple[Path, str]:
    (tmp_path / "objective.py").write_text(_OBJECTIVE)
    (tmp_path / "worker.py").write_text(_WORKER)
    url = f"sqlite:///{tmp_path / 'tuning.db'}"
    hyperscout.create_study(study_name="s", storage=url)
    return tmp_path, url


def test_sigterm_to_a_python_worker_fails_its_running_trial(workdir: tuple[Path, str]) -> None:
    path, url = workdir
    done = _terminate_mid_trial([sys.executable, "worker.py", url], url, path)
    _check_failed_cleanly(done, url)


def test_sigterm_to_hyperscout_optimize_fails_its_running_trial(
    workdir: tuple[Path, str],
) -> None:
    path, url = workdir
    cli = [sys.executable, "-c", "from hyperscout.cli import main; raise SystemExit(main())"]
    args = ["optimize", "--storage", url, "--study", "s", "objective.py", "objective"]
    done = _terminate_mid_trial([*cli, *args, "--n-trials", "3"], url, path)
    _check_failed_cleanly(done, url)


def test_the_previous_handler_is_restored_and_threads_are_left_alone() -> None:
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    with sigterm_stops("stop"):
        assert callable(signal.getsignal(signal.SIGTERM))
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL

    def mine(signum: int, frame: object) -> None:
        pass

    previous = signal.signal(signal.SIGTERM, mine)
    try:
        study = hyperscout.create_study()
        study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=1)
        with sigterm_stops("stop"):  # an application's own handler is kept
            assert signal.getsignal(signal.SIGTERM) is mine
        assert signal.getsignal(signal.SIGTERM) is mine
    finally:
        signal.signal(signal.SIGTERM, previous)
    # From another thread nothing is installed (signal.signal would raise there).
    errors: list[BaseException] = []

    def run() -> None:
        try:
            hyperscout.create_study().optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=1)
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert errors == []
