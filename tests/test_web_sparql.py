"""The SPARQL endpoint over real HTTP (uvicorn on 127.0.0.1): protocol cases as a table, real
clients (SPARQLWrapper, rdflib's SPARQLStore), and the security cases."""

from __future__ import annotations

import http.server
import json
import subprocess
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, XML, SPARQLWrapper
from tests.conftest import Built, running_server, wpikg_command

LIMITS = {
    "WPIKG_QUERY_TIME_LIMIT_MS": "8000",
    "WPIKG_MAX_RESULT_ROWS": "500",
    "WPIKG_MAX_BODY_BYTES": "20000",
    "WPIKG_MAX_QUERY_CHARS": "10000",
    "WPIKG_QUERY_WORKERS": "2",
}
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a a <https://w3id.org/wpikg/ontology#Agreement> }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def agreements(built: Built) -> str:
    """How many agreements the built store holds (all documents)."""
    return built.select(COUNT)[0]["n"]


@pytest.fixture(scope="module")
def server(built: Built) -> Iterator[str]:
    with running_server(built.settings.project_dir, env=LIMITS) as base:
        yield base


# -- protocol cases -------------------------------------------------------------------------
FORM = "application/x-www-form-urlencoded"
CASES = [
    # (id, method, params, headers, body, status, content type prefix)
    ("get-json", "GET", {"query": COUNT}, {}, None, 200, "application/sparql-results+json"),
    (
        "get-xml",
        "GET",
        {"query": COUNT},
        {"Accept": "application/sparql-results+xml"},
        None,
        200,
        "application/sparql-results+xml",
    ),
    ("get-csv", "GET", {"query": COUNT}, {"Accept": "text/csv"}, None, 200, "text/csv"),
    (
        "get-tsv",
        "GET",
        {"query": COUNT},
        {"Accept": "text/tab-separated-values"},
        None,
        200,
        "text/tab-separated-values",
    ),
    (
        "q-values",
        "GET",
        {"query": COUNT},
        {"Accept": "text/csv;q=0.2, application/sparql-results+xml;q=0.9"},
        None,
        200,
        "application/sparql-results+xml",
    ),
    (
        "format-overrides-accept",
        "GET",
        {"query": COUNT, "format": "tsv"},
        {"Accept": "application/sparql-results+json"},
        None,
        200,
        "text/tab-separated-values",
    ),
    (
        "post-form",
        "POST",
        {},
        {"Content-Type": FORM},
        f"query={COUNT}".encode(),
        200,
        "application/sparql-results+json",
    ),
    (
        "post-direct",
        "POST",
        {},
        {"Content-Type": "application/sparql-query"},
        COUNT.encode(),
        200,
        "application/sparql-results+json",
    ),
    ("ask", "GET", {"query": "ASK { ?s ?p ?o }"}, {}, None, 200, "application/sparql-results+json"),
    (
        "construct-turtle",
        "GET",
        {"query": "CONSTRUCT WHERE { ?s a ?t } LIMIT 3"},
        {},
        None,
        200,
        "text/turtle",
    ),
    (
        "construct-jsonld",
        "GET",
        {"query": "CONSTRUCT WHERE { ?s a ?t } LIMIT 3"},
        {"Accept": "application/ld+json"},
        None,
        200,
        "application/ld+json",
    ),
    (
        "construct-rdfxml",
        "GET",
        {"query": "CONSTRUCT WHERE { ?s a ?t } LIMIT 3"},
        {"Accept": "application/rdf+xml"},
        None,
        200,
        "application/rdf+xml",
    ),
    (
        "construct-nquads",
        "GET",
        {"query": "CONSTRUCT WHERE { ?s a ?t } LIMIT 3"},
        {"Accept": "application/n-quads"},
        None,
        200,
        "application/n-quads",
    ),
    (
        "describe-ntriples",
        "GET",
        {"query": "DESCRIBE <https://w3id.org/wpikg/id/organization/riken>"},
        {"Accept": "application/n-triples"},
        None,
        200,
        "application/n-triples",
    ),
    ("service-description", "GET", {}, {}, None, 200, "text/turtle"),
    (
        "service-description-jsonld",
        "GET",
        {},
        {"Accept": "application/ld+json"},
        None,
        200,
        "application/ld+json",
    ),
    (
        "not-acceptable",
        "GET",
        {"query": COUNT},
        {"Accept": "image/png"},
        None,
        406,
        "application/json",
    ),
    (
        "graph-format-for-select",
        "GET",
        {"query": COUNT, "format": "turtle"},
        {},
        None,
        406,
        "application/json",
    ),
    ("malformed", "GET", {"query": "SELECT * WHERE { ?s ?p }"}, {}, None, 400, "application/json"),
    (
        "doubled-query",
        "GET",
        [("query", COUNT), ("query", COUNT)],
        {},
        None,
        400,
        "application/json",
    ),
    ("empty-query", "GET", {"query": " "}, {}, None, 400, "application/json"),
    ("wrong-method", "PUT", {"query": COUNT}, {}, None, 405, "application/json"),
    (
        "wrong-content-type",
        "POST",
        {},
        {"Content-Type": "text/plain"},
        COUNT.encode(),
        415,
        "application/json",
    ),
    (
        "update-form",
        "POST",
        {},
        {"Content-Type": FORM},
        b"update=CLEAR%20ALL",
        403,
        "application/json",
    ),
    (
        "update-direct",
        "POST",
        {},
        {"Content-Type": "application/sparql-update"},
        b"DROP ALL",
        403,
        "application/json",
    ),
    (
        "update-as-query",
        "GET",
        {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"},
        {},
        None,
        403,
        "application/json",
    ),
    (
        "load",
        "GET",
        {"query": "LOAD <http://127.0.0.1:9/x.ttl>"},
        {},
        None,
        403,
        "application/json",
    ),
    (
        "service",
        "GET",
        {"query": "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"},
        {},
        None,
        400,
        "application/json",
    ),
    (
        "too-large",
        "POST",
        {},
        {"Content-Type": "application/sparql-query"},
        b"# " + b"x" * 30000 + b"\n" + COUNT.encode(),
        413,
        "application/json",
    ),
    (
        "too-long-query",
        "GET",
        {"query": "# " + "x" * 11000 + "\n" + COUNT},
        {},
        None,
        413,
        "application/json",
    ),
    ("bad-timeout", "GET", {"query": COUNT, "timeout": "soon"}, {}, None, 400, "application/json"),
]


@pytest.mark.parametrize(
    ("case", "method", "params", "headers", "body", "status", "media"),
    CASES,
    ids=[c[0] for c in CASES],
)
def test_protocol(
    server: str,
    case: str,
    method: str,
    params: object,
    headers: dict[str, str],
    body: bytes | None,
    status: int,
    media: str,
) -> None:
    response = httpx.request(
        method,
        f"{server}/sparql",
        params=params,  # type: ignore[arg-type]
        headers=headers,
        content=body,
        timeout=30,
    )
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"].startswith(media)
    if status >= 400:
        error = response.json()
        assert error["ok"] is False and error["status"] == status
        assert error["error"]["kind"] and error["error"]["message"]
        assert "Traceback" not in response.text
    elif case != "service-description":
        assert "Accept" in _vary(response)


def _vary(response: httpx.Response) -> list[str]:
    return [v.strip() for v in response.headers.get("vary", "").split(",")]


def test_406_lists_the_offered_types(server: str) -> None:
    response = httpx.get(
        f"{server}/sparql", params={"query": COUNT}, headers={"Accept": "image/png"}
    )
    assert "application/sparql-results+json" in response.json()["error"]["offered"]


def test_syntax_error_has_line_and_column(server: str) -> None:
    error = httpx.get(f"{server}/sparql", params={"query": "SELECT *\nWHERE { ?s ?p }"}).json()
    assert error["error"]["kind"] == "syntax"
    # the parser's own position (oxigraph points just past the offending "}")
    assert (error["error"]["line"], error["error"]["column"]) == (2, 16)


def test_wrong_method_says_allow(server: str) -> None:
    response = httpx.request("DELETE", f"{server}/sparql")
    assert response.status_code == 405 and "GET" in response.headers["allow"]


def test_server_timing_and_the_answer(server: str, agreements: str) -> None:
    response = httpx.get(f"{server}/sparql", params={"query": COUNT})
    assert response.headers["server-timing"].startswith("query;dur=")
    assert response.json()["results"]["bindings"][0]["n"]["value"] == agreements


def test_a_repeated_query_is_answered_from_the_cache(server: str) -> None:
    query = COUNT + " # asked twice"
    first, again = (httpx.get(f"{server}/sparql", params={"query": query}) for _ in range(2))
    assert "cache hit" not in first.headers["server-timing"]
    assert again.headers["server-timing"] == 'query;dur=0.0;desc="cache hit"'
    assert again.content == first.content and "Accept" in again.headers["vary"]


# -- dataset ------------------------------------------------------------------------------------
def test_default_graph_is_the_union(server: str, agreements: str) -> None:
    assert _count(server, {}) == int(agreements) > 552


def test_default_graph_uri_names_the_dataset(server: str) -> None:
    riken = "https://w3id.org/wpikg/graph/source/riken2017"
    assert _count(server, {"default-graph-uri": riken}) == 552
    assert _count(server, {"default-graph-uri": "https://w3id.org/wpikg/graph/registry"}) == 0
    named = httpx.get(
        f"{server}/sparql",
        params={
            "query": "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
            "named-graph-uri": riken,
        },
    ).json()
    assert named["results"]["bindings"][0]["n"]["value"] == "1"


def _count(server: str, params: dict[str, str]) -> int:
    reply = httpx.get(f"{server}/sparql", params={"query": COUNT, **params}).json()
    return int(reply["results"]["bindings"][0]["n"]["value"])


# -- limits ---------------------------------------------------------------------------------------
def test_a_cut_result_says_so(server: str) -> None:
    response = httpx.get(f"{server}/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    document = response.json()
    assert len(document["results"]["bindings"]) == 500
    assert document["wpikg"] == {"truncated": True, "rowLimit": 500}
    assert response.headers["wpikg-result-truncated"] == "true"


def test_slow_query_is_stopped_while_others_are_answered(server: str) -> None:
    outcome: dict[str, httpx.Response] = {}

    def slow() -> None:
        outcome["slow"] = httpx.get(
            f"{server}/sparql", params={"query": SLOW, "timeout": "3000"}, timeout=30
        )

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.5)  # the slow query is running on one worker
    started = time.monotonic()
    quick = httpx.get(f"{server}/sparql", params={"query": COUNT}, timeout=10)
    answered_in = time.monotonic() - started
    thread.join(timeout=30)
    assert quick.status_code == 200
    assert answered_in < 2.0
    stopped = outcome["slow"]
    assert stopped.status_code == 503
    assert stopped.json()["error"]["kind"] == "timeout"
    # the pool recovers: both workers answer again
    for _ in range(4):
        assert httpx.get(f"{server}/sparql", params={"query": COUNT}).status_code == 200


def test_a_client_cannot_raise_the_time_limit(server: str) -> None:
    started = time.monotonic()
    response = httpx.get(
        f"{server}/sparql", params={"query": SLOW, "timeout": "99999999"}, timeout=60
    )
    assert response.status_code == 503
    assert time.monotonic() - started < 15  # the 8 s setting, not the asked-for 28 hours


# -- security: SERVICE never reaches out ---------------------------------------------------------
def test_service_makes_no_outbound_request(server: str) -> None:
    seen: list[str] = []

    class Listener(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            seen.append(self.path)
            self.send_response(200)
            self.end_headers()

        do_POST = do_GET  # noqa: N815

        def log_message(self, *args: object) -> None:
            pass

    listener = http.server.HTTPServer(("127.0.0.1", 0), Listener)
    port = listener.server_address[1]
    thread = threading.Thread(target=listener.serve_forever, daemon=True)
    thread.start()
    try:
        for query in (
            f"SELECT * {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
            f"SELECT * {{ SERVICE SILENT <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
            f"PREFIX l: <http://127.0.0.1:{port}/> SELECT * {{ SERVICE l:sparql {{ ?s ?p ?o }} }}",
        ):
            response = httpx.get(f"{server}/sparql", params={"query": query})
            assert response.status_code == 400
            assert response.json()["error"]["kind"] == "forbidden"
        time.sleep(0.3)
        assert seen == []
    finally:
        listener.shutdown()
        listener.server_close()


# -- clients ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("return_format", [JSON, XML, CSV])
def test_sparqlwrapper(server: str, return_format: str, agreements: str) -> None:
    client = SPARQLWrapper(f"{server}/sparql")
    client.setReturnFormat(return_format)
    client.setQuery(COUNT)
    result = client.query()
    assert result.response.status == 200
    converted = result.convert()
    if return_format == JSON:
        assert converted["results"]["bindings"][0]["n"]["value"] == agreements  # type: ignore[index]
    elif return_format == CSV:
        assert agreements.encode() in converted  # type: ignore[operator]


def test_sparqlwrapper_post(server: str, agreements: str) -> None:
    client = SPARQLWrapper(f"{server}/sparql")
    client.setMethod("POST")
    client.setReturnFormat(JSON)
    client.setQuery(COUNT)
    assert client.queryAndConvert()["results"]["bindings"][0]["n"]["value"] == agreements


def test_rdflib_sparqlstore(server: str) -> None:
    graph = Graph(store=SPARQLStore(f"{server}/sparql", returnFormat="xml"))
    rows = list(
        graph.query(
            "PREFIX kg: <https://w3id.org/wpikg/ontology#> "
            "SELECT ?p WHERE { <https://w3id.org/wpikg/id/agreement/riken2017-l0517> kg:party ?p }"
        )
    )
    assert len(rows) == 2


# -- service description, VoID, graph store, CORS, health ------------------------------------------
def test_service_description_links_the_void(server: str) -> None:
    text = httpx.get(f"{server}/sparql").text
    assert "sparql-service-description#Service" in text or "sd:Service" in text
    assert "/.well-known/void" in text
    void = httpx.get(f"{server}/.well-known/void", headers={"Accept": "application/n-triples"})
    assert void.status_code == 200 and "http://rdfs.org/ns/void#triples" in void.text


def test_graph_store_reads_a_graph(server: str) -> None:
    graph = "https://w3id.org/wpikg/graph/vocab"
    response = httpx.get(
        f"{server}/store", params={"graph": graph}, headers={"Accept": "application/n-triples"}
    )
    assert response.status_code == 200 and "Accept" in _vary(response)
    assert "<https://w3id.org/wpikg/vocab/country/JP>" in response.text
    head = httpx.head(f"{server}/store", params={"graph": graph})
    assert head.status_code == 200 and head.content == b""


def test_graph_store_404_and_read_only(server: str) -> None:
    missing = httpx.get(f"{server}/store", params={"graph": "https://w3id.org/wpikg/graph/none"})
    assert missing.status_code == 404 and missing.json()["error"]["kind"] == "not-found"
    for method in ("PUT", "POST", "DELETE"):
        response = httpx.request(
            method,
            f"{server}/store",
            params={"default": ""},
            content=b"<urn:a> <urn:b> <urn:c> .",
            headers={"Content-Type": "application/n-triples"},
        )
        assert response.status_code == 403


def test_cors(server: str) -> None:
    simple = httpx.get(
        f"{server}/sparql", params={"query": COUNT}, headers={"Origin": "https://yasgui.example"}
    )
    assert simple.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in simple.headers
    preflight = httpx.options(
        f"{server}/sparql",
        headers={
            "Origin": "https://yasgui.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]


def test_health(server: str, built: Built) -> None:
    health = httpx.get(f"{server}/health").json()
    assert health["status"] == "ok" and health["quads"] == built.report["store"]["quads"]
    assert json.dumps(health)


# -- a new build is picked up without a restart (runs last: it rebuilds the project) ------------
def test_a_new_build_is_served_without_dropping_requests(server: str, built: Built) -> None:
    before = httpx.get(f"{server}/health").json()["store"]
    remembered = {"query": COUNT + " # remembered by the old store's cache"}
    for _ in range(2):
        cached = httpx.get(f"{server}/sparql", params=remembered).headers["server-timing"]
    assert "cache hit" in cached
    failures: list[int] = []
    stop = threading.Event()

    def keep_asking() -> None:
        while not stop.is_set():
            status = httpx.get(f"{server}/sparql", params={"query": COUNT}, timeout=30).status_code
            if status != 200:
                failures.append(status)

    asker = threading.Thread(target=keep_asking)
    asker.start()
    try:
        command = wpikg_command(built.settings.project_dir, "-q", "build")
        subprocess.run(command, check=True, capture_output=True)
        deadline = time.monotonic() + 30
        while httpx.get(f"{server}/health").json()["store"] == before:
            assert time.monotonic() < deadline, "the server did not pick up the new store"
            time.sleep(0.2)
        time.sleep(1.5)  # queries keep flowing on the new pool while the old one retires
    finally:
        stop.set()
        asker.join(timeout=30)
    assert failures == []
    fresh = httpx.get(f"{server}/sparql", params=remembered).headers["server-timing"]
    assert "cache hit" not in fresh  # each build starts with an empty cache
