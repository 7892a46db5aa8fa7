"""Shared fixtures: one real build, in a temporary project, for the whole session."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph
import pytest
from selenium.webdriver import Chrome, ChromeOptions
from selenium.webdriver.chrome.service import Service as ChromeService
from selenium.webdriver.remote.webdriver import WebDriver

from wpikg.build import BuildOutcome, build
from wpikg.config import Settings
from wpikg.namespaces import sparql_prologue

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes], timeout_s: float = 60) -> None:
    """Wait until ``url`` answers (the server has finished starting), or fail."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        assert process.poll() is None, f"{process.args} exited"
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not come up within {timeout_s} s")


def wpikg_command(project_dir: Path, *args: str) -> list[str]:
    """``python -m wpikg --project-dir DIR ARGS…``, for tests that run the real command."""
    return [sys.executable, "-m", "wpikg", "--project-dir", str(project_dir), *args]


def make_project(target: Path) -> Path:
    """A project folder whose inputs are the repository's (linked) and outputs its own."""
    (target / "data").mkdir(parents=True)
    for name in ("sources", "registry", "curated"):
        (target / "data" / name).symlink_to(ROOT / "data" / name)
    shutil.copy(ROOT / "data" / "corrections.tsv", target / "data" / "corrections.tsv")
    for name in ("ontology", "shapes"):
        shutil.copytree(ROOT / name, target / name)
    (target / "queries").symlink_to(ROOT / "queries")  # saved queries, served by the app
    return target


@dataclass
class Built:
    """A finished build and a read-only view of its store."""

    settings: Settings
    outcome: BuildOutcome
    store: pyoxigraph.Store

    @property
    def report(self) -> dict[str, Any]:
        return self.outcome.report

    def ask(self, query: str) -> bool:
        result = self.store.query(sparql_prologue() + query, use_default_graph_as_union=True)
        assert isinstance(result, pyoxigraph.QueryBoolean)
        return bool(result)

    def select(self, query: str) -> list[dict[str, str]]:
        result = self.store.query(sparql_prologue() + query, use_default_graph_as_union=True)
        assert isinstance(result, pyoxigraph.QuerySolutions)
        names = [v.value for v in result.variables]
        return [{n: row[n].value for n in names if row[n] is not None} for row in result]


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    """The real build of the real sources, done once."""
    project = make_project(tmp_path_factory.mktemp("project"))
    settings = Settings(project_dir=project)
    outcome = build(settings)
    store = pyoxigraph.Store.read_only(str(settings.store_path.resolve()))
    yield Built(settings, outcome, store)
    del store


@contextmanager
def running_server(
    project_dir: Path, *args: str, env: dict[str, str] | None = None, ready: str = "/health"
) -> Iterator[str]:
    """``wpikg serve ARGS…`` on a free loopback port with default settings plus ``env``; yields
    its base URL once ``ready`` answers, and stops it afterwards."""
    port = free_port()
    command = wpikg_command(project_dir, "serve", "--host", "127.0.0.1", "--port", str(port))
    clean = {k: v for k, v in os.environ.items() if not k.startswith("WPIKG_")}
    process = subprocess.Popen(
        [*command, *args],
        env={**clean, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + ready, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)


@pytest.fixture(scope="session")
def live_server(built: Built) -> Iterator[str]:
    """``wpikg serve`` on the session's build, default settings, over real HTTP on loopback.
    Modules that need other settings start their own server."""
    with running_server(built.settings.project_dir) as base:
        yield base


ARTIFACTS = ROOT / "test-artifacts"  # screenshots; gitignored, kept by CI as artifacts


@pytest.fixture(scope="session")
def browser() -> Iterator[WebDriver]:
    """Headless Chromium from Debian's packages (``make browser`` installs them), driven by
    Selenium through Debian's ChromeDriver; no network but loopback."""
    for program in ("/usr/bin/chromium", "/usr/bin/chromedriver"):
        assert Path(program).exists(), f"{program} is missing: run `make browser`"
    options = ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    driver = Chrome(options=options, service=ChromeService("/usr/bin/chromedriver"))
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


# As root in a sandbox, with the background services off: this machine's network is closed.
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,900",
)


def screenshot(driver: WebDriver, name: str) -> Path:
    """Save a PNG of the current page under ``test-artifacts/``."""
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / f"{name}.png"
    assert driver.save_screenshot(str(target)), f"no screenshot for {name}"
    return target
