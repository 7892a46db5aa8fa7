"""Shared fixtures: one real build, in a temporary project, for the whole session."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest

from wpikg.build import BuildOutcome, build
from wpikg.config import Settings
from wpikg.namespaces import sparql_prologue

ROOT = Path(__file__).resolve().parents[1]


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
