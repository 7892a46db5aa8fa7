"""Shared fixtures: one real build, in a temporary project, for the whole session."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph
import pytest

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
