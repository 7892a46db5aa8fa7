"""Validating and ingesting new data over HTTP (issue #7).

``POST /validate`` takes RDF as the body (Turtle, N-Triples, N-Quads, TriG, JSON-LD or RDF/XML,
by ``Content-Type``) or as the file of a ``multipart/form-data`` upload (by the part's type,
else its file name's extension), validates it together with the current graph and answers the
report of what it adds (:mod:`wpikg.ingest`) as JSON, as the ``sh:ValidationReport`` in Turtle,
or as a page (``Accept`` or ``?format=json|turtle|html``). It writes nothing. ``GET /validate``
is a page with an upload form.

A validation is seconds of CPU, so it never runs in the server's interpreter: the body is
parsed here (a syntax error, or more than ``max_validation_triples`` triples, is answered at
once), then ``wpikg validate --against CURRENT --known RESULTS FILE`` runs in a child process,
killed past ``validation_time_limit_ms`` (``503`` ``timeout``). At most ``max_validations`` run
at once; one more request is answered ``503`` ``busy`` with ``Retry-After`` (the seconds until
a running one ends at the latest), not queued. The current graph is read through the query
backend, so a server in front of a remote endpoint validates against that store: once per
store (and size) it is written to a file and validated alone, in a child process too, for its
own results.

``POST /graphs/{name}`` ingests the same kinds of body with the same gate, as ``wpikg ingest``
run in a child process (a rebuild is seconds of CPU that must not hold the server's
interpreter), which then swaps the store the server follows. It needs ``Authorization: Bearer
<ingest_token>``; with no token set the route answers 404, as if it did not exist; it only
works on the embedded store at the project's ``data/store``, which is what the rebuild
replaces. The SPARQL endpoint and ``/store`` stay read-only.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import math
import os
import shutil
import signal
import sys
import tempfile
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from starlette.datastructures import UploadFile
from starlette.types import Message

from wpikg import formats
from wpikg.config import Settings
from wpikg.errors import (
    Busy,
    Conflict,
    InternalFailure,
    NotAcceptable,
    NotFound,
    PayloadTooLarge,
    QueryTimeout,
    RdfBodySyntaxError,
    RdfSyntaxError,
    Rejected,
    RequestError,
    TooManyTriples,
    Unauthorized,
    UnsupportedMediaType,
    UpdateForbidden,
    WorkTimeout,
)
from wpikg.ingest import GRAPH_NAME, NewData, compact, load_records, read_new_data
from wpikg.rdf_files import FORMATS, MEDIA_TYPES
from wpikg.web import pages
from wpikg.web.deps import query_backend, settings_of
from wpikg.workers import QueryRequest

log = logging.getLogger("wpikg.web")
router = APIRouter()
MULTIPART = "multipart/form-data"
#: Report formats offered, in the server's order of preference, by ``?format=`` name.
REPORT_TYPES = {"json": "application/json", "turtle": "text/turtle", "html": "text/html"}
INGEST_REALM = "wpikg ingest"


# -- the request body --------------------------------------------------------------------------
@dataclass(frozen=True)
class Sent:
    """The RDF of a request: its bytes, syntax (an extension) and name."""

    data: bytes
    extension: str
    name: str

    async def parsed(self, max_triples: int) -> NewData:
        try:
            return await asyncio.to_thread(
                read_new_data, self.data, self.extension, self.name, max_triples
            )
        except RdfSyntaxError as error:
            raise RdfBodySyntaxError(error) from None
        except TooManyTriples:
            raise PayloadTooLarge(
                f"{self.name} holds more than {max_triples} triples, the most the server "
                "validates at once (max_validation_triples)"
            ) from None

    def file_name(self, fallback: str) -> str:
        """A name for the temporary copy whose extension says the syntax (a body has none)."""
        name = Path(self.name).name
        return name if Path(name).suffix.lower() == self.extension else fallback + self.extension


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


# -- child processes ---------------------------------------------------------------------------
def _child_env() -> dict[str, str]:
    """The server's environment without its ``WPIKG_`` settings (the child is given the ones it
    needs as options; the ingest token stays here), and UTF-8 output."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("WPIKG_")}
    return {**clean, "PYTHONUTF8": "1"}


def _wpikg_options(settings: Settings) -> list[str]:
    """Every setting a ``wpikg`` child needs, as ``--option=value`` (a value may start with
    ``-``)."""
    return ["-q", f"--project-dir={settings.project_dir}", f"--base-iri={settings.base_iri}"]


async def _wpikg(arguments: list[str], timeout_s: float) -> tuple[int, bytes, bytes]:
    """``python -m wpikg ARGUMENTS`` in a child process (and process group), its exit code and
    output. Past ``timeout_s`` it is killed and :class:`TimeoutError` raised; it is killed as
    well if the request is cancelled."""
    if timeout_s <= 0:
        raise TimeoutError
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "wpikg",
        *arguments,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=_child_env(),
        start_new_session=True,
    )
    try:
        out, err = await asyncio.wait_for(process.communicate(), timeout_s)
    finally:
        if process.returncode is None:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            await process.wait()
    return process.returncode or 0, out, err


def _child_message(err: bytes, temporary: Path, name: str) -> str | None:
    """The child's own error message (``wpikg: …``, the temporary copy called by the sent
    file's name), or None if it failed otherwise (a stack trace: logged, never answered)."""
    lines = err.decode("utf-8", "replace").strip().splitlines()
    if lines and lines[-1].startswith("wpikg: "):
        return lines[-1].removeprefix("wpikg: ").replace(str(temporary), name)
    return None


def _named(report: dict[str, Any], temporary: Path, name: str) -> dict[str, Any]:
    """A child's JSON report with the temporary copy called by the sent file's name."""
    report["source"] = name
    for result in report["results"]:
        if result.get("file") == str(temporary):
            result["file"] = name
    return report


# -- validation in a child process, against the current graph ----------------------------------
@dataclass
class Snapshot:
    """The current graph as the backend serves it, in a file, and its own results; removed once
    a newer one replaced it and no validation reads it."""

    key: tuple[object, int]
    folder: Path
    readers: int = 0
    stale: bool = False

    @property
    def graph(self) -> Path:
        return self.folder / "current.nt"

    @property
    def known(self) -> Path:
        return self.folder / "known.json"

    def release(self) -> None:
        self.readers -= 1
        if self.stale and self.readers == 0:
            shutil.rmtree(self.folder, ignore_errors=True)


@dataclass
class Validations:
    """The server's validations: the deadline of each one running, and the snapshot of the
    current graph they validate against, in a temporary folder (``close()`` removes it; so
    does the end of the process, if it ends normally)."""

    slots: int
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="wpikg-validate-")))
    running: dict[object, float] = field(default_factory=dict)
    snapshot: Snapshot | None = None
    refreshing: asyncio.Lock = field(default_factory=asyncio.Lock)
    made: int = 0
    close: weakref.finalize = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.close = weakref.finalize(self, shutil.rmtree, self.folder, True)


def _validations(app: FastAPI) -> Validations:
    if getattr(app.state, "validations", None) is None:
        app.state.validations = Validations(app.state.settings.max_validations)
    return app.state.validations  # type: ignore[no-any-return]


@asynccontextmanager
async def _slot(request: Request) -> AsyncIterator[float]:
    """A validation slot and its deadline (the event loop's clock), or :class:`Busy`."""
    validations = _validations(request.app)
    loop = asyncio.get_running_loop()
    if len(validations.running) >= validations.slots:
        wait = max(1, math.ceil(min(validations.running.values()) - loop.time()))
        raise Busy(
            "every validation slot is taken (the server runs max_validations="
            f"{validations.slots} at once); try again in {wait} s",
            wait,
        )
    settings = settings_of(request)
    deadline = loop.time() + settings.validation_time_limit_ms / 1000
    ticket = object()
    validations.running[ticket] = deadline
    try:
        yield deadline
    finally:
        del validations.running[ticket]


def _left(deadline: float) -> float:
    return deadline - asyncio.get_running_loop().time()


def _too_slow(settings: Settings) -> WorkTimeout:
    limit = settings.validation_time_limit_ms
    return WorkTimeout(
        f"the validation ran longer than its time limit of {limit} ms and was stopped"
    )


async def _snapshot(request: Request, deadline: float) -> Snapshot:
    """The snapshot of the graph the backend serves now (made again when the backend changed,
    a new build, or its size did), with one more reader."""
    validations = _validations(request.app)
    # One refresh at a time; a holder keeps the lock until its own deadline at the latest.
    async with validations.refreshing:
        pool = query_backend(request)
        count = await _query(request, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", deadline)
        key = (pool, int(count.decode().splitlines()[1]))
        if validations.snapshot is None or validations.snapshot.key != key:
            fresh = await _new_snapshot(request, key, deadline)
            if (old := validations.snapshot) is not None:
                old.stale, old.readers = True, old.readers + 1
                old.release()
            validations.snapshot = fresh
        validations.snapshot.readers += 1
        return validations.snapshot


async def _query(request: Request, query: str, deadline: float) -> bytes:
    settings = settings_of(request)
    limit_s = min(settings.query_time_limit_ms / 1000, _left(deadline))
    if limit_s <= 0:
        raise _too_slow(settings)
    kind = "csv" if query.startswith("SELECT") else "ntriples"
    try:
        reply = await query_backend(request).run(QueryRequest(query, kind, 10**9), limit_s)
    except QueryTimeout:
        raise _too_slow(settings) from None
    return reply.body


async def _new_snapshot(request: Request, key: tuple[object, int], deadline: float) -> Snapshot:
    """Write the current graph to a file and find its own results (``wpikg validate --against
    GRAPH`` in a child process)."""
    settings, validations = settings_of(request), _validations(request.app)
    validations.made += 1
    snapshot = Snapshot(key, validations.folder / f"snapshot-{validations.made}")
    try:
        snapshot.folder.mkdir()
        body = await _query(request, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", deadline)
        await asyncio.to_thread(snapshot.graph.write_bytes, body)
        command = [*_wpikg_options(settings), "validate", "--report=json"]
        code, out, err = await _wpikg([*command, f"--against={snapshot.graph}"], _left(deadline))
        if code not in (0, 1) or not out.strip():
            trace = err.decode("utf-8", "replace")
            log.error("validating the current graph failed (exit %s): %s", code, trace)
            raise InternalFailure("the server could not validate the current graph; it is logged")
        await asyncio.to_thread(snapshot.known.write_bytes, out)
    except TimeoutError:
        shutil.rmtree(snapshot.folder, ignore_errors=True)
        raise _too_slow(settings) from None
    except BaseException:
        shutil.rmtree(snapshot.folder, ignore_errors=True)
        raise
    return snapshot


@dataclass(frozen=True)
class Checked:
    """What a validation answers: the new data (as parsed here) and the child's report, as
    JSON (``data``) or as Turtle (``turtle``)."""

    new: NewData
    data: dict[str, Any] | None = None
    turtle: bytes | None = None


async def check_against_current(request: Request, sent: Sent, kind: str) -> Checked:
    """The report of what the sent data adds to the current graph (Turtle if ``kind`` is
    ``turtle``, else JSON), from a child process."""
    settings = settings_of(request)
    async with _slot(request) as deadline:
        try:
            new = await asyncio.wait_for(
                sent.parsed(settings.max_validation_triples), _left(deadline)
            )
        except TimeoutError:
            raise _too_slow(settings) from None
        snapshot = await _snapshot(request, deadline)
        try:
            with tempfile.TemporaryDirectory(dir=_validations(request.app).folder) as folder:
                path = Path(folder) / sent.file_name("data")
                await asyncio.to_thread(path.write_bytes, sent.data)
                report = "ttl" if kind == "turtle" else "json"
                command = [
                    *_wpikg_options(settings),
                    *("validate", f"--report={report}", f"--against={snapshot.graph}"),
                    *(f"--known={snapshot.known}", "--", str(path)),
                ]
                code, out, err = await _wpikg(command, _left(deadline))
        except TimeoutError:
            raise _too_slow(settings) from None
        finally:
            snapshot.release()
    if code not in (0, 1) or not out.strip():
        log.error("wpikg validate exited %s: %s", code, err.decode("utf-8", "replace"))
        message = _child_message(err, path, sent.name)
        raise InternalFailure(message or f"the validation failed (exit {code}); it is logged")
    if report == "ttl":
        return Checked(new, turtle=out)
    return Checked(new, data=_named(json.loads(out), path, sent.name))


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


def _report_response(request: Request, kind: str, checked: Checked) -> Response:
    headers = {"Vary": "Accept"}
    if checked.turtle is not None:
        media_type = "text/turtle; charset=utf-8"
        return Response(checked.turtle, 200, headers, media_type=media_type)
    if kind == "html":
        data = checked.data
        page = _page(request, report=data, new=checked.new, data=data)
        return pages.html_response(request, page, 200, headers)
    return JSONResponse(checked.data, 200, headers)


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
    sent = await sent_rdf(request)
    return _report_response(request, kind, await check_against_current(request, sent, kind))


# -- ingest ------------------------------------------------------------------------------------
def _authorize(request: Request, settings: Settings) -> None:
    """Return if the request carries the ingest token; else raise the 401 (RFC 6750 §3), or,
    with no token set, the 404 of a route that does not exist. An empty token never passes."""
    if settings.ingest_token is None:
        raise NotFound("not found")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    secret = settings.ingest_token.get_secret_value().encode()
    offered = given.strip().encode()
    if scheme.lower() == "bearer" and offered and secret:
        if hmac.compare_digest(offered, secret):
            return
        raise Unauthorized("the bearer token is not the server's", INGEST_REALM, invalid_token=True)
    raise Unauthorized(
        "ingest needs Authorization: Bearer <the server's ingest token>", INGEST_REALM
    )


def _rebuilds_what_it_serves(settings: Settings) -> None:
    """An ingest rebuilds the project's ``data/store`` and ``data/dist``: refuse it on a server
    that serves other folders (it would answer from a store the ingest never changes)."""
    if settings.sparql_endpoint:
        raise UpdateForbidden("ingest builds the embedded store; this server serves a remote one")
    for name, served, built in (
        ("store_dir", settings.store_path, settings.data_dir / "store"),
        ("dist_dir", settings.dist_path, settings.data_dir / "dist"),
    ):
        if os.path.abspath(served) != os.path.abspath(built):
            raise UpdateForbidden(
                f"ingest rebuilds {built}, but this server serves {served} ({name}, "
                f"WPIKG_{name.upper()}); serve without it to ingest over HTTP"
            )


@router.post("/graphs/{name}")
async def ingest_graph(request: Request, name: str) -> Response:
    """Validate the request's RDF and, with no Violation, add it as ``graph/ingested/{name}``
    (``?replace=true`` replaces a graph that holds another file)."""
    settings = settings_of(request)
    _authorize(request, settings)
    _rebuilds_what_it_serves(settings)
    if not GRAPH_NAME.fullmatch(name):
        raise RequestError(f"graph name {name!r}: lowercase letters, digits, inner hyphens")
    replace = request.query_params.get("replace", "false").lower() in ("true", "1", "yes")
    sent = await sent_rdf(request)
    new = await sent.parsed(settings.max_validation_triples)  # a 400 or 413 before any work
    old = load_records(settings).get(name)
    if old is not None and old.sha256 != new.sha256 and not replace:
        raise Conflict(f"graph {name!r} holds {old.source} (ingested {old.at}); ?replace=true")
    outcome = await _run_ingest(request, sent, name, replace)
    if outcome["status"] == "rejected":
        raise Rejected("the data violates the shapes; nothing changed", outcome["report"])
    status = 201 if outcome["status"] == "added" else 200
    return JSONResponse({"ok": True, **outcome}, status)


async def _run_ingest(request: Request, sent: Sent, name: str, replace: bool) -> dict[str, Any]:
    """``wpikg ingest`` in a child process on the request's data; its JSON outcome. Recorded as
    by the request's ``From`` header, else by the ``ingest_agent`` setting."""
    settings = settings_of(request)
    who = (request.headers.get("from") or "").strip() or settings.ingest_agent
    with tempfile.TemporaryDirectory(prefix="wpikg-ingest-") as folder:
        path = Path(folder) / sent.file_name(name)
        path.write_bytes(sent.data)
        options = [f"--graph={name}", f"--by={who}", "--report=json"]
        command = [
            *_wpikg_options(settings),
            *("ingest", *options, *(["--replace"] if replace else []), "--", str(path)),
        ]
        try:
            code, out, err = await _wpikg(command, settings.ingest_time_limit_ms / 1000)
        except TimeoutError:  # killed before its swap: the store is as it was
            limit = settings.ingest_time_limit_ms
            raise WorkTimeout(
                f"the ingest ran longer than its time limit of {limit} ms and was stopped; "
                "nothing changed"
            ) from None
    if code in (0, 1) and out.strip():
        outcome: dict[str, Any] = json.loads(out)
        if outcome["report"] is not None:
            outcome["report"] = _named(outcome["report"], path, sent.name)
        return outcome
    message = _child_message(err, path, sent.name)
    if code == 1:  # data the gate refuses before validating it (blank nodes)
        raise Rejected(message or "the data cannot be ingested; nothing changed")
    log.error("wpikg ingest exited %s: %s", code, err.decode("utf-8", "replace"))
    raise InternalFailure(message or f"the ingest failed (exit {code}); it is logged")


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
    serve = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[Any]:
        """The application's lifespan; then the validations' temporary folder is removed (on
        ``SIGTERM`` uvicorn ends the lifespan, but its process exits without ``atexit``)."""
        async with serve(app) as state:
            try:
                yield state
            finally:
                if (validations := getattr(app.state, "validations", None)) is not None:
                    validations.close()

    app.router.lifespan_context = lifespan
