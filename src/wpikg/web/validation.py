"""Validating and ingesting new data over HTTP (issue #7).

``POST /validate`` takes RDF as the body (Turtle, N-Triples, N-Quads, TriG, JSON-LD or RDF/XML,
by ``Content-Type``) or as the file of a ``multipart/form-data`` upload (by the part's type,
else its file name's extension), validates it together with the current graph and answers the
report of what it adds (:mod:`wpikg.ingest`) as JSON, as the ``sh:ValidationReport`` in Turtle,
or as a page (``Accept`` or ``?format=json|turtle|html``). It writes nothing. The current graph
is read through the query backend, so a server in front of a remote endpoint validates against
that store; it is parsed once, with its own results, and read again when the store changes.
``GET /validate`` is a page with an upload form.

``POST /graphs/{name}`` ingests the same kinds of body with the same gate, as ``wpikg ingest``
run in a child process (a rebuild is seconds of CPU that must not hold the server's
interpreter), which then swaps the store the server follows. It needs ``Authorization: Bearer
<ingest_token>``; with no token set the route answers 404, as if it did not exist; it only
works on the embedded store. The SPARQL endpoint and ``/store`` stay read-only.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from rdflib import Graph
from starlette.datastructures import UploadFile
from starlette.types import Message

from wpikg import formats
from wpikg.config import Settings
from wpikg.errors import (
    Conflict,
    NotAcceptable,
    NotFound,
    PayloadTooLarge,
    RdfBodySyntaxError,
    RdfSyntaxError,
    RequestError,
    Unauthorized,
    UnsupportedMediaType,
    UpdateForbidden,
)
from wpikg.ingest import (
    GRAPH_NAME,
    NewData,
    compact,
    load_records,
    read_new_data,
    rebased,
    report_json,
    validate_with,
)
from wpikg.namespaces import DEFAULT_BASE
from wpikg.rdf_files import FORMATS, MEDIA_TYPES, parse_triples
from wpikg.validate import ResultKey, ValidationReport, load_shapes, result_key, validate
from wpikg.web import errors, pages
from wpikg.web.deps import query_backend, settings_of
from wpikg.workers import QueryRequest

router = APIRouter()
MULTIPART = "multipart/form-data"
#: Report formats offered, in the server's order of preference, by ``?format=`` name.
REPORT_TYPES = {"json": "application/json", "turtle": "text/turtle", "html": "text/html"}
INGEST_TIMEOUT_S = 900


# -- the request body --------------------------------------------------------------------------
@dataclass(frozen=True)
class Sent:
    """The RDF of a request: its bytes, syntax (an extension) and name."""

    data: bytes
    extension: str
    name: str

    async def parsed(self) -> NewData:
        try:
            return await asyncio.to_thread(read_new_data, self.data, self.extension, self.name)
        except RdfSyntaxError as error:
            raise RdfBodySyntaxError(error) from None


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"the request body is larger than {limit} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise PayloadTooLarge(f"the request body is larger than {limit} bytes")
    return bytes(body)


async def sent_rdf(request: Request) -> Sent:
    """The RDF of the request: the body by its type, or the file of a multipart upload."""
    settings = settings_of(request)
    body = await _read_body(request, settings.max_body_bytes)
    media_type = _media_type(request.headers.get("content-type"))
    if media_type == MULTIPART:
        return await _upload(request, body)
    if media_type not in MEDIA_TYPES:
        raise UnsupportedMediaType(_unsupported(media_type))
    return Sent(body, MEDIA_TYPES[media_type], "request body")


def _media_type(header: str | None) -> str:
    return (header or "").split(";")[0].strip().lower()


def _unsupported(media_type: str) -> str:
    offered = ", ".join([*MEDIA_TYPES, MULTIPART])
    return f"send RDF as one of {offered}, not {media_type or 'a body without a type'}"


async def _upload(request: Request, body: bytes) -> Sent:
    """The one file of a multipart body (the body is already read, within the limit)."""

    async def replay() -> Message:
        return {"type": "http.request", "body": body, "more_body": False}

    form = await Request(request.scope, replay).form(max_files=1, max_fields=10)
    files = [v for v in form.values() if isinstance(v, UploadFile)]
    if len(files) != 1:
        raise RequestError("a multipart upload holds exactly one file")
    upload = files[0]
    name = upload.filename or "upload"
    media_type = _media_type(upload.content_type)
    extension = MEDIA_TYPES.get(media_type) or Path(name).suffix.lower()
    if extension not in FORMATS:
        raise UnsupportedMediaType(f"{name}: {_unsupported(media_type)}")
    return Sent(await upload.read(), extension, name)


# -- validation against the current graph -------------------------------------------------------
@dataclass
class CurrentGraph:
    """The current graph as the backend serves it, parsed, and its own results; one
    validation at a time (new triples are added to it and taken out again)."""

    shapes: Graph
    key: tuple[object, int] | None = None
    graph: Graph = field(default_factory=Graph)
    known: set[ResultKey] = field(default_factory=set)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


def _current(app: FastAPI) -> CurrentGraph:
    if getattr(app.state, "current_graph", None) is None:
        app.state.current_graph = CurrentGraph(load_shapes(app.state.settings.shapes_dir))
    return app.state.current_graph  # type: ignore[no-any-return]


async def _refresh(current: CurrentGraph, request: Request) -> None:
    """Read the graph again if the backend changed (a new build) or its size did."""
    settings = settings_of(request)
    pool, timeout_s = query_backend(request), settings.query_time_limit_ms / 1000
    count = await pool.run(
        QueryRequest("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "csv", 1), timeout_s
    )
    key = (pool, int(count.body.decode().splitlines()[1]))
    if key == current.key:
        return
    everything = QueryRequest("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "ntriples", 10**9)
    reply = await pool.run(everything, timeout_s)
    current.graph = await asyncio.to_thread(_parse_current, reply.body, settings.base_iri)
    report = await asyncio.to_thread(validate, current.graph, current.shapes)
    current.known = {
        result_key(r.severity, r.focus, r.path, r.value, r.shape) for r in report.results
    }
    current.key = key


def _parse_current(body: bytes, base: str) -> Graph:
    return rebased(parse_triples(body, ".nt", "the current graph"), base, DEFAULT_BASE)


async def check_against_current(request: Request, new: NewData) -> ValidationReport:
    """The report of what ``new`` adds to the current graph."""
    settings = settings_of(request)
    current = _current(request.app)
    data = rebased(new.graph, settings.base_iri, DEFAULT_BASE)
    async with current.lock:
        await _refresh(current, request)
        return await asyncio.to_thread(
            validate_with, current.graph, data, current.shapes, current.known
        )


# -- answers -----------------------------------------------------------------------------------
def report_format(accept: str | None, format_param: str | None) -> str:
    """``json``, ``turtle`` or ``html``: ``?format=`` first, else the best match of ``Accept``.

    >>> report_format("text/html,application/xhtml+xml,*/*;q=0.8", None)
    'html'
    >>> report_format(None, "turtle"), report_format("*/*", None)
    ('turtle', 'json')
    """
    if format_param:
        wanted = format_param.strip().lower()
        for name, media_type in REPORT_TYPES.items():
            if wanted in (name, media_type):
                return name
        raise NotAcceptable(list(REPORT_TYPES.values()))
    if not accept or not accept.strip():
        return "json"
    ranges = formats.parse_accept(accept)
    best, chosen = None, None
    for order, (name, media_type) in enumerate(REPORT_TYPES.items()):
        matches = [(r.matches(media_type)[1], r.q) for r in ranges if r.matches(media_type)[0]]
        if matches and (q := max(matches)[1]) > 0:
            score = (q, max(matches)[0], -order)
            if best is None or score > best:
                best, chosen = score, name
    if chosen is None:
        raise NotAcceptable(list(REPORT_TYPES.values()))
    return chosen


def _report_response(
    request: Request, kind: str, report: ValidationReport, new: NewData, status: int = 200
) -> Response:
    headers = {"Vary": "Accept"}
    if kind == "turtle":
        body = report.graph.serialize(format="turtle", encoding="utf-8")
        return Response(body, status, headers, media_type="text/turtle; charset=utf-8")
    if kind == "html":
        page = _page(request, report=report, new=new, data=report_json(report, new))
        return pages.html_response(request, page, status, headers)
    return JSONResponse(report_json(report, new), status, headers)


def _page(request: Request, **context: object) -> str:
    settings = settings_of(request)
    view = pages.view_for(request, settings.base_iri)
    return pages.render(
        "validation-report.html", view, text=TEXT[view.lang], compact=compact, **context
    )


@router.get("/validate")
async def validate_form(request: Request) -> Response:
    """A page to upload a file to validate."""
    return pages.html_response(request, _page(request, report=None, new=None, data=None))


@router.post("/validate")
async def validate_new_data(request: Request) -> Response:
    """Validate the request's RDF with the current graph; nothing is written."""
    kind = report_format(request.headers.get("accept"), request.query_params.get("format"))
    new = await (await sent_rdf(request)).parsed()
    report = await check_against_current(request, new)
    return _report_response(request, kind, report, new)


# -- ingest ------------------------------------------------------------------------------------
def _refusal(request: Request, settings: Settings) -> Response | None:
    """None if the request carries the ingest token; else the 401 (RFC 6750 §3). No token
    set: the route does not exist (404)."""
    if settings.ingest_token is None:
        raise NotFound("not found")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    secret = settings.ingest_token.get_secret_value().encode()
    if scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), secret):
        return None
    refused = Unauthorized("ingest needs Authorization: Bearer <the server's ingest token>")
    response = errors.envelope(401, refused.kind, str(refused), spec=refused.spec_link)
    response.headers["WWW-Authenticate"] = 'Bearer realm="wpikg ingest"'
    return response


@router.post("/graphs/{name}")
async def ingest_graph(request: Request, name: str) -> Response:
    """Validate the request's RDF and, with no Violation, add it as ``graph/ingested/{name}``
    (``?replace=true`` replaces a graph that holds another file)."""
    settings = settings_of(request)
    if (refused := _refusal(request, settings)) is not None:
        return refused
    if settings.sparql_endpoint:
        raise UpdateForbidden("ingest builds the embedded store; this server serves a remote one")
    if not GRAPH_NAME.match(name):
        raise RequestError(f"graph name {name!r}: lowercase letters, digits, inner hyphens")
    replace = request.query_params.get("replace", "false").lower() in ("true", "1", "yes")
    sent = await sent_rdf(request)
    new = await sent.parsed()  # a syntax error is a 400 here, before any work
    old = load_records(settings).get(name)
    if old is not None and old.sha256 != new.sha256 and not replace:
        raise Conflict(f"graph {name!r} holds {old.source} (ingested {old.at}); ?replace=true")
    outcome = await _run_ingest(request, sent, name, replace)
    if outcome["status"] == "rejected":
        message = "the data violates the shapes; nothing changed"
        return errors.envelope(422, "invalid", message, report=outcome["report"])
    status = 201 if outcome["status"] == "added" else 200
    return JSONResponse({"ok": True, **outcome}, status)


async def _run_ingest(request: Request, sent: Sent, name: str, replace: bool) -> dict[str, Any]:
    """``wpikg ingest`` in a child process on the request's data; its JSON outcome."""
    settings = settings_of(request)
    client = request.client.host if request.client else "unknown"
    who = request.headers.get("from") or f"HTTP client {client}"
    file_name = Path(sent.name).name
    if Path(file_name).suffix.lower() != sent.extension:
        file_name = f"{name}{sent.extension}"  # a body has no name; the record says its type
    with tempfile.TemporaryDirectory(prefix="wpikg-ingest-") as folder:
        path = Path(folder) / file_name
        path.write_bytes(sent.data)
        options = ["--graph", name, "--by", who, "--report", "json"]
        command = [
            *("-q", "--project-dir", str(settings.project_dir), "--base-iri", settings.base_iri),
            *("ingest", str(path), *options, *(["--replace"] if replace else [])),
        ]
        code, out, err = await _wpikg(command)
    if code not in (0, 1) or not out.strip():
        lines = err.decode("utf-8", "replace").strip().splitlines()
        raise RequestError(lines[-1] if lines else f"wpikg ingest exited {code}")
    outcome: dict[str, Any] = json.loads(out)
    if outcome["report"] is not None:
        outcome["report"]["source"] = sent.name  # not the temporary copy's path
    return outcome


async def _wpikg(arguments: list[str]) -> tuple[int, bytes, bytes]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "wpikg",
        *arguments,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(process.communicate(), INGEST_TIMEOUT_S)
    except TimeoutError:
        process.kill()  # the ingest had not swapped: the store is as it was
        await process.wait()
        raise
    return process.returncode or 0, out, err


#: The page's own words, per language.
TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Validate new data",
        "intro": "Upload RDF (Turtle, N-Triples, N-Quads, TriG, JSON-LD or RDF/XML): it is "
        "validated with the current graph against the shapes, and nothing is stored.",
        "file": "File",
        "submit": "Validate",
        "conforms": "No violation: the data could be ingested.",
        "violates": "Violations: the data would be rejected.",
        "results": "Results the new data adds",
        "none": "None.",
        "focus": "Node",
        "where": "Where",
        "severity": "Severity",
        "shape": "Shape",
        "path": "Path",
        "value": "Value",
        "message": "Message",
        "triples": "triples",
    },
    "ja": {
        "title": "新しいデータの検証",
        "intro": "RDF (Turtle、N-Triples、N-Quads、TriG、JSON-LD、RDF/XML) を送ると、現在の"
        "グラフと合わせてシェイプで検証します。何も保存しません。",
        "file": "ファイル",
        "submit": "検証する",
        "conforms": "違反はありません。このデータは取り込めます。",
        "violates": "違反があります。このデータは取り込めません。",
        "results": "新しいデータによる検証結果",
        "none": "なし。",
        "focus": "ノード",
        "where": "位置",
        "severity": "重大度",
        "shape": "シェイプ",
        "path": "パス",
        "value": "値",
        "message": "メッセージ",
        "triples": "トリプル",
    },
}


def install(app: FastAPI) -> None:
    app.include_router(router)
