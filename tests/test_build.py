"""The build is reproducible and atomic: identical dumps from identical inputs, and a failed or
killed build leaves the previous store live and usable."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Dataset, Literal, URIRef
from tests.conftest import Built, make_project, wpikg_command

from wpikg.build import build, current_build
from wpikg.config import Settings
from wpikg.errors import DataInvalid
from wpikg.iris import rebase_dataset

FAILING_SHAPE = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix kg: <https://w3id.org/wpikg/ontology#> .
<urn:test:impossible> a sh:NodeShape ; sh:targetClass kg:Agreement ;
    sh:property [ sh:path kg:party ; sh:minCount 99 ; sh:message "test: 99 parties"@en ] .
"""


@pytest.fixture(scope="module")
def second(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A second project, built once, for the tests that need a build of their own."""
    settings = Settings(project_dir=make_project(tmp_path_factory.mktemp("second")))
    build(settings)
    return settings


def _dist_files(settings: Settings) -> dict[str, bytes]:
    dist = settings.dist_path
    return {
        str(p.relative_to(dist)): p.read_bytes()
        for p in sorted(dist.rglob("*"))
        if p.is_file() and p.name != "build-report.json"
    }


def test_two_builds_give_identical_dumps(built: Built, second: Settings) -> None:
    first, again = _dist_files(built.settings), _dist_files(second)
    assert sorted(first) == sorted(again)
    assert "wpikg.nq.gz" in first and "graphs/source-riken2017.ttl" in first
    for name in first:
        assert first[name] == again[name], name


def _quads(settings: Settings) -> int:
    store = pyoxigraph.Store.read_only(str(settings.store_path.resolve()))
    count = len(store)
    del store
    return count


def test_a_failed_build_leaves_the_previous_store(second: Settings) -> None:
    live, quads = current_build(second), _quads(second)
    (second.shapes_dir / "zz-failing.ttl").write_text(FAILING_SHAPE)
    try:
        with pytest.raises(DataInvalid, match="SHACL violations"):
            build(second)
    finally:
        (second.shapes_dir / "zz-failing.ttl").unlink()
    assert current_build(second) == live
    assert _quads(second) == quads
    failed = second.data_dir / "last-failed-build-report.json"
    assert "test: 99 parties" in failed.read_text(encoding="utf-8")


def test_a_killed_build_leaves_the_previous_store(second: Settings) -> None:
    live, quads = current_build(second), _quads(second)
    builds = second.data_dir / "builds"
    before = set(builds.iterdir())
    command = wpikg_command(second.project_dir, "-q", "build")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not set(builds.iterdir()) - before and time.monotonic() < deadline:
            assert process.poll() is None, "the build ended before it could be killed"
            time.sleep(0.01)
        os.kill(process.pid, signal.SIGKILL)  # mid-build: its folder exists, the swap has not run
    finally:
        process.kill()
        process.wait()
    assert set(builds.iterdir()) - before, "the build never started writing"
    assert current_build(second) == live
    assert _quads(second) == quads


def test_rebase_moves_every_iri_under_the_new_base() -> None:
    data = Dataset()
    graph = URIRef("https://w3id.org/wpikg/graph/registry")
    code = Literal("BSI", datatype=URIRef("https://w3id.org/wpikg/ontology#RikenUnitCode"))
    data.graph(graph).add(
        (
            URIRef("https://w3id.org/wpikg/id/organization/riken-bsi"),
            URIRef("http://www.w3.org/2004/02/skos/core#notation"),
            code,
        )
    )
    rebased = rebase_dataset(data, "http://localhost:8000/")
    ((s, p, o, g),) = list(rebased.quads())
    assert s == URIRef("http://localhost:8000/id/organization/riken-bsi")
    assert p == URIRef("http://www.w3.org/2004/02/skos/core#notation")
    assert o.datatype == URIRef("http://localhost:8000/ontology#RikenUnitCode")
    assert URIRef(str(g.identifier if hasattr(g, "identifier") else g)) == URIRef(
        "http://localhost:8000/graph/registry"
    )


def test_the_live_links_point_into_the_build(second: Settings) -> None:
    live = current_build(second)
    assert live is not None
    assert (second.data_dir / "store").resolve() == live / "store"
    assert (second.data_dir / "dist").resolve() == live / "dist"
    assert Path(second.data_dir / "current").is_symlink()
