"""The SPARQL 1.1 Protocol endpoint (``/sparql``), the read side of the Graph Store HTTP
Protocol (``/store``), the dataset description (``/.well-known/void``) and ``/health``.

The public endpoint is read-only: updates are refused with 403, and SERVICE is refused before
the query reaches the store unless its IRI is on the allow-list.
"""

from __future__ import annotations

import math

import pyoxigraph
from fastapi import APIRouter, Request, Response
from starlette.routing import Route

from wpikg import formats, results
from wpikg.config import Settings
from wpikg.errors import (
    MethodNotAllowed,
    NotAcceptable,
    NotFound,
    PayloadTooLarge,
    RequestError,
    UpdateForbidden,
)
from wpikg.query_guard import query_form
from wpikg.web import protocol, query_ui
from wpikg.web.deps import query_backend, settings_of
from wpikg.workers import QueryReply, QueryRequest

router = APIRouter()

KIND_OF_FORM = {
    "SELECT": formats.Kind.SOLUTIONS,
    "ASK": formats.Kind.BOOLEAN,
    "CONSTRUCT": formats.Kind.GRAPH,
    "DESCRIBE": formats.Kind.GRAPH,
}
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"
_RESULT_FORMAT_IRIS = {
    "json": "SPARQL_Results_JSON",
    "xml": "SPARQL_Results_XML",
    "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV",
    "turtle": "Turtle",
    "ntriples": "N-Triples",
    "jsonld": "JSON-LD",
    "rdfxml": "RDF_XML",
    "nquads": "N-Quads",
}


async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"the request body is larger than {limit} bytes")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise PayloadTooLarge(f"the request body is larger than {limit} bytes")
    return body


def negotiate(request: Request, kind: formats.Kind, format_param: str | None) -> formats.Format:
    fmt = formats.negotiate(request.headers.get("accept"), format_param, kind)
    if fmt is None:
        raise NotAcceptable([f.media_type for f in formats.OFFERED[kind]])
    return fmt


def query_response(reply: QueryReply, settings: Settings) -> Response:
    headers = {
        "Vary": "Accept",
        "Server-Timing": f"query;dur={reply.elapsed_ms:.1f}"
        + (';desc="cache hit"' if reply.cached else ""),
    }
    if reply.truncated:
        headers["Wpikg-Result-Truncated"] = "true"
        headers["Wpikg-Result-Row-Limit"] = str(settings.max_result_rows)
    media_type = reply.media_type
    if media_type.startswith("text/") or media_type.endswith(("json", "xml")):
        media_type += "; charset=utf-8"
    return Response(reply.body, media_type=media_type, headers=headers)


async def sparql(request: Request) -> Response:
    """A query by GET ``?query=``, form POST or direct POST; no query: the service
    description."""
    settings = settings_of(request)
    body = await _body(request, settings.max_body_bytes) if request.method == "POST" else b""
    asked = protocol.parse(
        request.method,
        list(request.query_params.multi_items()),
        request.headers.get("content-type"),
        body,
        settings.max_query_chars,
    )
    if asked.query is None:
        if asked.format_param is None and query_ui.prefers_html(request.headers.get("accept")):
            return query_ui.ui_page(request)  # a browser: the query UI (issue #6)
        return service_description(request, asked.format_param)
    form = query_form(asked.query, tuple(settings.service_allow))
    fmt = negotiate(request, KIND_OF_FORM.get(form, formats.Kind.SOLUTIONS), asked.format_param)
    limit_ms = min(settings.query_time_limit_ms, asked.timeout_ms or math.inf)
    reply = await query_backend(request).run(
        QueryRequest(
            asked.query,
            fmt.name,
            settings.max_result_rows,
            asked.default_graphs,
            asked.named_graphs,
        ),
        timeout_s=limit_ms / 1000,
    )
    response = query_response(reply, settings)
    if request.method == "HEAD":
        response.body = b""
    return response


async def sparql_wrong_method(request: Request) -> Response:
    raise MethodNotAllowed(f"{request.method} is not a SPARQL protocol operation; use GET or POST")


#: ``/sparql`` is the hot path: plain Starlette routes (no FastAPI dependency resolution on
#: every query); the app's exception handlers still apply.
SPARQL_ROUTES = [
    Route("/sparql", sparql, methods=["GET", "POST", "HEAD"]),
    Route("/sparql", sparql_wrong_method, methods=["PUT", "DELETE", "PATCH"]),
]


def service_description(request: Request, format_param: str | None) -> Response:
    """The SPARQL 1.1 Service Description of this endpoint (no blank nodes)."""
    fmt = negotiate(request, formats.Kind.GRAPH, format_param)
    endpoint = pyoxigraph.NamedNode(str(request.url.replace(query="")))
    base = str(request.base_url)
    void = pyoxigraph.NamedNode(base + ".well-known/void")
    dataset = pyoxigraph.NamedNode(base + "sparql#dataset")

    def triple(s: object, p: str, o: object) -> pyoxigraph.Triple:
        return pyoxigraph.Triple(s, pyoxigraph.NamedNode(p), o)  # type: ignore[arg-type]

    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    triples = [
        triple(endpoint, rdf_type, pyoxigraph.NamedNode(SD + "Service")),
        triple(endpoint, SD + "endpoint", endpoint),
        triple(endpoint, SD + "supportedLanguage", pyoxigraph.NamedNode(SD + "SPARQL11Query")),
        triple(endpoint, SD + "feature", pyoxigraph.NamedNode(SD + "UnionDefaultGraph")),
        triple(endpoint, SD + "defaultDataset", dataset),
        triple(dataset, rdf_type, pyoxigraph.NamedNode(SD + "Dataset")),
        triple(dataset, "http://www.w3.org/2000/01/rdf-schema#seeAlso", void),
        triple(
            endpoint,
            "http://www.w3.org/2000/01/rdf-schema#comment",
            pyoxigraph.Literal(
                "The default graph is the union of all named graphs unless the request names a "
                "dataset (default-graph-uri / named-graph-uri). Read-only: updates are refused; "
                "SERVICE is refused unless its endpoint is allow-listed.",
                language="en",
            ),
        ),
    ]
    for local in _RESULT_FORMAT_IRIS.values():
        iri = pyoxigraph.NamedNode(FORMATS_NS + local)
        triples.append(triple(endpoint, SD + "resultFormat", iri))
    serialized = results.graph(triples, fmt, len(triples))
    return Response(serialized.body, media_type=fmt.media_type, headers={"Vary": "Accept"})


@router.get("/.well-known/void")
async def void_description(request: Request) -> Response:
    """The VoID/DCAT description of the dataset (the ``graph/meta`` named graph)."""
    settings = settings_of(request)
    fmt = negotiate(request, formats.Kind.GRAPH, request.query_params.get("format"))
    meta = settings.base_iri + "graph/meta"
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{meta}> {{ ?s ?p ?o }} }}"
    reply = await query_backend(request).run(
        QueryRequest(query, fmt.name, 10_000_000), settings.query_time_limit_ms / 1000
    )
    return query_response(reply, settings)


# One route per documented method: a route with several gives each the same operationId. The
# GET/HEAD route (registered first: decorators apply bottom-up) answers; the GET route above it
# is the OpenAPI operation (as resources.GET_HEAD).
@router.get("/store")
@router.api_route("/store", methods=["GET", "HEAD"], include_in_schema=False)
async def graph_store(request: Request) -> Response:
    """Graph Store HTTP Protocol, read side: ``?graph=IRI`` or ``?default``."""
    settings = settings_of(request)
    params = request.query_params
    graph, default = params.get("graph"), "default" in params
    if (graph is None) == (not default):
        raise RequestError("name exactly one of ?graph=IRI and ?default")
    fmt = negotiate(request, formats.Kind.GRAPH, params.get("format"))
    pool, timeout = query_backend(request), settings.query_time_limit_ms / 1000
    if graph is not None:
        exists = await pool.run(
            QueryRequest(f"ASK {{ GRAPH <{_iri(graph)}> {{ ?s ?p ?o }} }}", "json", 1), timeout
        )
        if b"true" not in exists.body:
            raise NotFound(f"no graph named <{graph}> in the store")
        query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{_iri(graph)}> {{ ?s ?p ?o }} }}"
    else:
        query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    reply = await pool.run(QueryRequest(query, fmt.name, 50_000_000), timeout)
    response = query_response(reply, settings)
    if request.method == "HEAD":
        response.body = b""
    return response


@router.put("/store")
@router.post("/store")
@router.delete("/store")
@router.patch("/store")
async def graph_store_write(request: Request) -> Response:
    raise UpdateForbidden("the public Graph Store is read-only")


def _iri(value: str) -> str:
    """An IRI that can go between ``<`` and ``>`` in a query, or a 400."""
    if any(c in value for c in '<>"{}|^`\\ \n\t') or ":" not in value:
        raise RequestError(f"not an IRI: {value!r}")
    return value


QUAD_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@router.get("/health")
async def health(request: Request) -> dict[str, object]:
    """Liveness and store readiness: answers a query on a worker."""
    settings = settings_of(request)
    reply = await query_backend(request).run(
        QueryRequest(QUAD_COUNT, "csv", 1, cacheable=False), 10.0
    )
    quads = int(reply.body.decode().splitlines()[1])
    return {
        "status": "ok",
        "store": query_backend(request).location,
        "quads": quads,
        "workers": settings.query_workers,
    }
