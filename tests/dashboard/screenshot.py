"""Make docs/images/dashboard.png: the dashboard of a study that is still running.

    python tests/dashboard/screenshot.py docs/images/dashboard.png

Needs Debian's chromium and chromium-driver and selenium (see test_browser.py). A study of 60
trials (TPE, median pruning, two worker threads) is written first, then a second process keeps
adding trials while the page is open, so the picture shows a live study. Not a test: pytest does
not collect this file.
"""

from __future__ import annotations

import argparse
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _objective(trial: object) -> float:
    import hyperscout

    assert isinstance(trial, hyperscout.Trial)
    lr = trial.suggest_float("learning_rate", 1e-5, 1e-1, log=True)
    width = trial.suggest_int("width", 16, 512, log=True)
    dropout = trial.suggest_float("dropout", 0.0, 0.6)
    act = trial.suggest_categorical("activation", ["relu", "tanh", "gelu"])
    base = (
        0.08 * (math.log10(lr) + 2.5) ** 2
        + 0.01 * (math.log2(width) - 7) ** 2
        + (dropout - 0.2) ** 2
        + {"relu": 0.0, "tanh": 0.05, "gelu": 0.02}[str(act)]
    )
    for epoch in range(8):
        time.sleep(0.02)
        trial.report(base + 0.6 / (epoch + 1), epoch)
        if trial.should_prune():
            raise hyperscout.TrialPruned()
    if dropout > 0.57:
        raise RuntimeError("diverged")
    return base + 0.6 / 8


def _write(url: str, n_trials: int) -> None:
    import hyperscout
    from hyperscout.samplers.tpe import TPESampler

    study = hyperscout.create_study(
        storage=url,
        study_name="mlp-tuning",
        sampler=TPESampler(seed=0),
        pruner=hyperscout.pruners.MedianPruner(n_startup_trials=5, n_warmup_steps=2),
        load_if_exists=True,
    )
    study.optimize(_objective, n_trials=n_trials, n_jobs=2, catch=(RuntimeError,))


def _shoot(out: Path, height: int) -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    from hyperscout.dashboard import DashboardServer

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'tuning.db'}"
        me = [sys.executable, __file__, "--write", url]
        subprocess.run([*me, "60"], check=True, capture_output=True)
        live = subprocess.Popen([*me, "40"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for arg in (
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--window-size=1400,{height}",
            f"--user-data-dir={Path(tmp) / 'profile'}",
        ):
            options.add_argument(arg)
        driver = webdriver.Chrome(
            service=Service(executable_path="/usr/bin/chromedriver"), options=options
        )
        try:
            with DashboardServer(url) as server:
                driver.get(server.url + "#/study/mlp-tuning")
                time.sleep(10)  # a few refreshes while the second process writes
                out.parent.mkdir(parents=True, exist_ok=True)
                driver.save_screenshot(str(out))
        finally:
            driver.quit()
            live.wait()
    print(f"{out}: {out.stat().st_size // 1024} KiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", nargs="?", default="docs/images/dashboard.png")
    parser.add_argument("--height", type=int, default=1900)
    parser.add_argument("--write", nargs=2, metavar=("URL", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write:
        _write(args.write[0], int(args.write[1]))
    else:
        _shoot(Path(args.out), args.height)


if __name__ == "__main__":
    main()
