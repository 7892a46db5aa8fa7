"""The same server in front of a remote SPARQL store (here `oxigraph serve-read-only`, started by
the test), and a build pushed to a remote Graph Store (`oxigraph serve`)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from tests.conftest import Built, free_port, wait_until_up, wpikg_command
from tests.test_web_sparql import COUNT

from wpikg.remote import push_graphs

OXIGRAPH = str(Path(sys.executable).parent / "oxigraph")


@pytest.fixture(scope="module")
def remote_server(built: Built) -> Iterator[str]:
    ox_port, port = free_port(), free_port()
    store = str(built.settings.store_path.resolve())
    oxigraph = subprocess.Popen(
        [
            OXIGRAPH,
            "serve-read-only",
            "--location",
            store,
            "--bind",
            f"127.0.0.1:{ox_port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    env = {
        **os.environ,
        "WPIKG_SPARQL_ENDPOINT": f"http://127.0.0.1:{ox_port}/query",
        "WPIKG_MAX_RESULT_ROWS": "50",
        "WPIKG_QUERY_TIME_LIMIT_MS": "5000",
    }
    wpikg = subprocess.Popen(
        wpikg_command(built.settings.project_dir, "serve", "--port", str(port)),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{ox_port}/query", oxigraph)
        wait_until_up(f"http://127.0.0.1:{port}/health", wpikg)
        yield f"http://127.0.0.1:{port}"
    finally:
        for process in (wpikg, oxigraph):
            process.terminate()
            process.wait(timeout=15)


def test_remote_answers_like_the_embedded_store(remote_server: str, built: Built) -> None:
    expected = built.select(COUNT)[0]["n"]
    reply = httpx.get(f"{remote_server}/sparql", params={"query": COUNT}).json()
    assert reply["results"]["bindings"][0]["n"]["value"] == expected
    health = httpx.get(f"{remote_server}/health").json()
    assert health["store"].endswith("/query")


def test_remote_formats_and_cap(remote_server: str) -> None:
    csv = httpx.get(
        f"{remote_server}/sparql", params={"query": COUNT}, headers={"Accept": "text/csv"}
    )
    assert csv.headers["content-type"].startswith("text/csv") and csv.text.startswith("n\r\n")
    turtle = httpx.get(
        f"{remote_server}/sparql", params={"query": "CONSTRUCT WHERE { ?s a ?t } LIMIT 5"}
    )
    assert turtle.headers["content-type"].startswith("text/turtle") and " a " in turtle.text
    cut = httpx.get(f"{remote_server}/sparql", params={"query": "SELECT * { ?s ?p ?o }"})
    assert len(cut.json()["results"]["bindings"]) == 50
    assert cut.headers["wpikg-result-truncated"] == "true"
    ask = httpx.get(f"{remote_server}/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()
    assert ask["boolean"] is True


def test_remote_keeps_the_safety_checks(remote_server: str) -> None:
    service = httpx.get(
        f"{remote_server}/sparql",
        params={"query": "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"},
    )
    assert service.status_code == 400 and service.json()["error"]["kind"] == "forbidden"
    update = httpx.get(f"{remote_server}/sparql", params={"query": "CLEAR ALL"})
    assert update.status_code == 403
    malformed = httpx.get(f"{remote_server}/sparql", params={"query": "SELECT * { ?s ?p }"})
    assert malformed.status_code == 400 and malformed.json()["error"]["kind"] == "syntax"


def test_push_the_build_to_a_graph_store(built: Built, tmp_path: Path) -> None:
    port = free_port()
    oxigraph = subprocess.Popen(
        [OXIGRAPH, "serve", "--location", str(tmp_path / "remote"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/query", oxigraph)
        graphs = {
            name.removeprefix("graphs/"): info["graph"]
            for name, info in built.report["dumps"].items()
            if "graph" in info
        }
        pushed = push_graphs(
            built.settings.dist_path / "graphs", f"http://127.0.0.1:{port}/store", graphs
        )
        assert len(pushed) == len(graphs) >= 7
        count = httpx.post(
            f"http://127.0.0.1:{port}/query",
            headers={"Accept": "text/csv"},
            data={"query": "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"},
        )
        assert int(count.text.splitlines()[1]) == built.report["store"]["quads"]
    finally:
        oxigraph.terminate()
        oxigraph.wait(timeout=15)
