"""`wpikg serve` serves the built store over real HTTP (uvicorn on 127.0.0.1).

The complete SPARQL protocol is issue #4; this checks what `make serve` promises now: the graph
answers SPARQL queries from a standard client, and the server reports its health.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest
from SPARQLWrapper import JSON, SPARQLWrapper
from tests.conftest import Built


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(built: Built) -> Iterator[str]:
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "wpikg",
        "--project-dir",
        str(built.settings.project_dir),
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert process.poll() is None, "the server exited"
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_health_reports_the_store(server: str, built: Built) -> None:
    health = httpx.get(f"{server}/health").json()
    assert health == {"status": "ok", "quads": built.report["store"]["quads"]}


def test_sparqlwrapper_queries_the_union_graph(server: str) -> None:
    client = SPARQLWrapper(f"{server}/sparql")
    client.setReturnFormat(JSON)
    client.setQuery("""
        PREFIX kg: <https://w3id.org/wpikg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?label WHERE {
            <https://w3id.org/wpikg/id/agreement/riken2017-l0517> kg:party ?org .
            ?org skos:prefLabel ?label FILTER (LANG(?label) = "fr")
        }""")
    rows = client.queryAndConvert()["results"]["bindings"]  # type: ignore[index]
    assert [r["label"]["value"] for r in rows] == ["Institut Pasteur"]


def test_a_malformed_query_is_a_400_with_the_position(server: str) -> None:
    response = httpx.get(f"{server}/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    assert response.status_code == 400
    error = response.json()
    assert (error["line"], error["column"]) == (1, 25)
    assert "expected" in error["error"]
