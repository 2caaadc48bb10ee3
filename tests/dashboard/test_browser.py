"""The dashboard and the report in a real headless Chromium, driven by Selenium.

Needs Debian's chromium and chromium-driver and the selenium package:
    apt-get install -y chromium chromium-driver && pip install selenium
Without them the tests skip, naming that command. Chromium is started with every background
download and network feature off and a fresh profile, so it only talks to 127.0.0.1.

Set HYPERSCOUT_SCREENSHOT_DIR to keep screenshots (docs/images/dashboard.png is made that way).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import hyperscout
from hyperscout.dashboard import DashboardServer
from hyperscout.report import write_report

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
INSTALL = "apt-get install -y chromium chromium-driver && pip install selenium"
TIMEOUT = 60.0  # generous: the machine may be busy


def _missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return f"selenium is not installed (install with: {INSTALL})"
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            return f"{path} is missing (install with: {INSTALL})"
    return None


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    reason = _missing()
    if reason is not None:
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--window-size=1400,2200",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(TIMEOUT)
    try:
        yield driver
    finally:
        driver.quit()


def _wait(driver: Any, condition: Any, message: str) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, TIMEOUT, poll_frequency=0.2).until(condition, message)


def _plot_traces(driver: Any, element_id: str) -> int:
    return int(
        driver.execute_script(
            "const el = document.getElementById(arguments[0]);"
            "return el && el.data ? el.data.length : 0;",
            element_id,
        )
    )


def _screenshot(driver: Any, name: str) -> None:
    folder = os.environ.get("HYPERSCOUT_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(Path(folder) / name))


def _objective(trial: hyperscout.Trial) -> float:
    x = trial.suggest_float("x", -4, 4)
    lr = trial.suggest_float("lr", 1e-4, 1e-1, log=True)
    layers = trial.suggest_int("layers", 1, 4)
    for step in range(5):
        trial.report((x - 1) ** 2 / (step + 1) + layers * 0.1, step)
    return (x - 1) ** 2 + 0.2 * layers + abs(lr - 0.01)


def test_dashboard_lists_shows_plots_and_picks_up_new_trials(
    browser: Any, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    url = f"sqlite:///{tmp_path / 'live.db'}"
    study = hyperscout.create_study(
        storage=url, study_name="live-study", sampler=hyperscout.samplers.RandomSampler(seed=0)
    )
    study.optimize(_objective, n_trials=12, n_jobs=2)

    with DashboardServer(url) as server:
        browser.get(server.url)
        link = _wait(
            browser,
            lambda d: next(
                (a for a in d.find_elements(By.CSS_SELECTOR, "a.study-link")
                 if a.text == "live-study"),
                False,
            ),
            "the study list never showed live-study",
        )
        row = link.find_element(By.XPATH, "./ancestor::tr")
        assert "12" in row.text.split()
        link.click()

        _wait(browser, lambda d: _plot_traces(d, "fig-history") > 0, "no history plot")
        _wait(browser, lambda d: _plot_traces(d, "fig-slice") > 0, "no slice plot")
        count = browser.find_element(By.ID, "trial-count")
        _wait(browser, lambda d: count.text == "(12)", f"trial count {count.text!r} != (12)")
        rows = browser.find_elements(By.CSS_SELECTOR, "#trials tbody tr")
        assert len(rows) == 12

        # a trial added after the page opened shows up without a reload
        study.optimize(_objective, n_trials=1)
        _wait(browser, lambda d: count.text == "(13)", f"trial count stuck at {count.text!r}")
        _wait(
            browser,
            lambda d: len(d.find_elements(By.CSS_SELECTOR, "#trials tbody tr")) == 13,
            "the trial table did not grow to 13 rows",
        )
        _wait(
            browser,
            lambda d: d.execute_script(
                # plotly ships numpy arrays base64-encoded: count the decoded points
                "const el = document.getElementById('fig-history');"
                "return el._fullData[0].x.length;"
            )
            == 13,
            "the history plot did not redraw with 13 trials",
        )
        status = browser.find_element(By.ID, "status").text
        assert status.startswith("live"), status
        _wait(browser, lambda d: _plot_traces(d, "fig-timeline") > 0, "no timeline plot")
        _screenshot(browser, "dashboard.png")


def test_report_draws_plots_and_sorts_the_table(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    study = hyperscout.create_study(sampler=hyperscout.samplers.RandomSampler(seed=3))
    study.optimize(_objective, n_trials=15)
    study.ask()  # a RUNNING trial: no value, must sort last either way
    path = write_report(study, tmp_path / "report.html", title="Browser check")
    browser.get(Path(path).as_uri())

    _wait(browser, lambda d: _plot_traces(d, "fig-history") > 0, "report: no history plot")
    for kind in ("slice", "parallel", "edf", "timeline", "intermediate"):
        assert _plot_traces(browser, f"fig-{kind}") > 0, kind

    def column(key: str) -> list[str]:
        headers = browser.find_elements(By.CSS_SELECTOR, "#trials th")
        i = [h.get_attribute("data-key") for h in headers].index(key)
        return [
            r.find_elements(By.TAG_NAME, "td")[i].text
            for r in browser.find_elements(By.CSS_SELECTOR, "#trials tbody tr")
        ]

    header = browser.find_element(By.CSS_SELECTOR, '#trials th[data-key="value"]')
    header.click()
    up = column("value")
    assert up[-1] == ""  # the running trial has no value: last
    numbers = [float(v) for v in up[:-1]]
    assert numbers == sorted(numbers) and len(numbers) == 15
    browser.find_element(By.CSS_SELECTOR, '#trials th[data-key="value"]').click()
    down = column("value")
    assert [float(v) for v in down[:-1]] == sorted(numbers, reverse=True)
    assert down[-1] == ""
    _screenshot(browser, "report.png")


def test_skip_reason_names_the_install_command() -> None:
    assert "apt-get install -y chromium chromium-driver" in INSTALL
    if shutil.which("chromium") is None:
        assert _missing() is not None and INSTALL in (_missing() or "")
