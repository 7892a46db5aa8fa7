"""Linked data: every IRI minted under the base dereferences on this server.

Request paths map onto ``settings.base_iri`` (``/id/organization/riken`` is
``{base}id/organization/riken``), so the data's IRIs resolve here without rewriting.

Following "Cool URIs for the Semantic Web" (https://www.w3.org/TR/cooluris/, §4.3, "303 URIs
forwarding to one generic document"), a slash IRI names a thing (an organization, a person, a
concept, a named graph), not a document about it, so it answers ``303 See Other`` with the
document ``/doc/{path}``. The document negotiates: HTML for people, Turtle, JSON-LD, N-Triples
and RDF/XML for programs (``Accept``, ``?format=``, or an extension ``.html .ttl .jsonld .nt
.rdf``), with ``Vary``, ``Content-Location`` (the representation chosen) and ``Link
rel="alternate"`` for the others. The ontology and the shapes are documents already (their
terms are hash IRIs, whose fragment the browser resolves), so ``/ontology`` and ``/shapes``
negotiate directly.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles
from rdflib import URIRef

from wpikg import formats, page_data
from wpikg.config import Settings
from wpikg.describe import (
    Budget,
    Description,
    document_statements,
    labels,
    parse_page,
    prologue,
    serialize,
)
from wpikg.describe import describe as describe_resource
from wpikg.describe import exists as resource_exists
from wpikg.dumps import graph_file_name
from wpikg.errors import NotAcceptable, RequestError
from wpikg.ontology_docs import documentation
from wpikg.web import dumps_listing, errors, examples, panels
from wpikg.web.deps import query_backend, settings_of
from wpikg.web.pages import (
    VARY,
    Group,
    View,
    grouped,
    html_response,
    incoming_groups,
    owner,
    render,
    request_path,
    script_json,
    view_for,
)
from wpikg.workers import QueryRequest

router = APIRouter()
#: Pages answer HEAD as GET. A route with both methods would be two operations with one
#: operationId in the OpenAPI document, so a documented page is declared twice: a ``GET``
#: route for the document, registered after the undocumented ``GET``/``HEAD`` one that
#: answers (and whose ``Allow`` a ``405`` shows): decorators apply bottom-up.
GET_HEAD = ["GET", "HEAD"]
PAGE = formats.Kind.PAGE
OFFERED = formats.OFFERED[PAGE]
BY_EXTENSION = {f.extension: f for f in OFFERED}
NAMES = {
    "html": "HTML",
    "turtle": "Turtle",
    "jsonld": "JSON-LD",
    "ntriples": "N-Triples",
    "rdfxml": "RDF/XML",
}
RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml"}
#: Path characters an IRI of the graph may hold (the path is already percent-decoded; whole
#: path, ``fullmatch``: ``%0A`` decodes to a newline, which ``$`` would let through).
_SAFE_PATH = re.compile(r"[A-Za-z0-9._~!$&'()*+,;=:@/-]*")


# -- helpers ------------------------------------------------------------------------------------
def _budget(settings: Settings) -> Budget:
    return Budget(settings.query_time_limit_ms / 1000, settings.max_result_rows)


def split_extension(path: str) -> tuple[str, formats.Format | None]:
    """A path and the representation its extension names, if any.

    >>> split_extension("id/organization/riken.ttl")
    ('id/organization/riken', Format(media_type='text/turtle', name='turtle', extension='ttl'))
    >>> split_extension("id/organization/riken")
    ('id/organization/riken', None)
    """
    stem, dot, extension = path.rpartition(".")
    if dot and "/" not in extension and extension in BY_EXTENSION:
        return stem, BY_EXTENSION[extension]
    return path, None


def negotiate(request: Request, fixed: formats.Format | None = None) -> formats.Format:
    """The extension's representation, else ``?format=``, else ``Accept`` (406 if none fits)."""
    if fixed is not None:
        return fixed
    fmt = formats.negotiate(request.headers.get("accept"), request.query_params.get("format"), PAGE)
    if fmt is None:
        raise NotAcceptable([f.media_type for f in OFFERED])
    return fmt


def _media_type(fmt: formats.Format) -> str:
    text = fmt.media_type.startswith("text/") or fmt.media_type.endswith(("json", "xml"))
    return fmt.media_type + ("; charset=utf-8" if text else "")


def _query(**params: object) -> str:
    kept = {k: str(v) for k, v in params.items() if v is not None}
    return "?" + urlencode(kept) if kept else ""


def representation_headers(path: str, fmt: formats.Format, query: str = "") -> dict[str, str]:
    """``Vary``, ``Content-Location`` and ``Link rel="alternate"`` for the other formats.

    >>> h = representation_headers("/doc/id/x", formats.TURTLE)
    >>> h["Content-Location"]
    '/doc/id/x.ttl'
    >>> '</doc/id/x.html>; rel="alternate"; type="text/html"' in h["Link"]
    True
    """
    alternates = [
        f'<{path}.{f.extension}{query}>; rel="alternate"; type="{f.media_type}"'
        for f in OFFERED
        if f != fmt
    ]
    return {
        "Vary": VARY,
        "Content-Location": f"{path}.{fmt.extension}{query}",
        "Link": ", ".join(alternates),
    }


def _alternates(path: str, query: str = "") -> list[dict[str, str]]:
    """Links to every representation, for pages (``<link rel="alternate">``, downloads)."""
    return [
        {"name": NAMES[f.name], "href": f"{path}.{f.extension}{query}", "media_type": f.media_type}
        for f in OFFERED
    ]


def _iri(settings: Settings, path: str) -> str | None:
    """The IRI a request path names, or None when no IRI of the graph could look like it."""
    if not _SAFE_PATH.fullmatch(path) or "//" in path or path.endswith("/"):
        return None
    return settings.base_iri + path


def not_found(request: Request, fmt: formats.Format, message: str) -> Response:
    """A 404 in the negotiated representation: the error page, the JSON error envelope
    (JSON-LD readers see an empty graph), or an empty graph whose comment says what is
    missing."""
    if fmt in (formats.HTML, formats.JSONLD):
        page = fmt == formats.HTML
        response = errors.error_response(request, 404, "not-found", message, page=page)
        if not page:
            response.headers["content-type"] = _media_type(fmt)
        return response
    if fmt == formats.RDFXML:
        comment = message.replace("--", "- -")
        body = (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<!-- 404: {comment} -->\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n'
        )
    else:
        body = f"# 404: {message}\n"
    return Response(body.encode(), 404, {"Vary": VARY}, media_type=_media_type(fmt))


def _respond(
    request: Request, body: bytes, fmt: formats.Format, headers: dict[str, str]
) -> Response:
    if fmt == formats.HTML:
        return html_response(request, body.decode(), headers=headers)
    response = Response(body, media_type=_media_type(fmt), headers=headers)
    if request.method == "HEAD":
        response.body = b""
    return response


# -- things: 303 to their document ----------------------------------------------------------------
async def thing(request: Request) -> Response:
    """A slash IRI of the graph: ``303 See Other`` to the document that describes it."""
    settings = settings_of(request)
    path, fixed = split_extension(request_path(request))
    fmt = negotiate(request, fixed)
    iri = _iri(settings, path)
    budget = _budget(settings)
    if iri is None or not await resource_exists(
        query_backend(request), prologue(settings.base_iri), iri, budget
    ):
        return not_found(request, fmt, f"no resource <{settings.base_iri}{path}> in this dataset")
    query = request.url.query
    location = (
        f"/doc/{path}" + (f".{fixed.extension}" if fixed else "") + (f"?{query}" if query else "")
    )
    # Each representation too, for clients that read the answer instead of following it.
    links = [f'<{location}>; rel="describedby"']
    links += [
        f'<{a["href"]}>; rel="alternate"; type="{a["media_type"]}"'
        for a in _alternates(f"/doc/{path}")
    ]
    headers = {"Location": location, "Vary": VARY, "Link": ", ".join(links)}
    return Response(status_code=303, headers=headers)


for _prefix in (
    "/id/{path:path}",
    "/vocab/{path:path}",
    "/graph/{path:path}",
    "/dataset",
    "/dataset.{extension}",
    "/dataset/{path:path}",
):
    router.add_api_route(_prefix, thing, methods=GET_HEAD, include_in_schema=False)


# -- documents ----------------------------------------------------------------------------------
@router.get("/doc/{path:path}")
@router.api_route("/doc/{path:path}", methods=GET_HEAD, include_in_schema=False)
async def document(request: Request, path: str) -> Response:
    """The description of ``{base}{path}``: a page or RDF, with one page of backlinks."""
    settings = settings_of(request)
    # ``path`` documents the parameter; the path as sent is the one to look up.
    path, fixed = split_extension(request_path(request).removeprefix("doc/"))
    fmt = negotiate(request, fixed)
    try:
        page = parse_page(request.query_params.get("page"))
    except ValueError as error:
        raise RequestError(str(error)) from None
    iri = _iri(settings, path)
    found = None
    if iri is not None:
        found = await describe_resource(
            query_backend(request), iri, settings.base_iri, _budget(settings), page
        )
    if found is None:
        return not_found(request, fmt, f"no resource <{settings.base_iri}{path}> in this dataset")
    if page > found.last_page:
        return not_found(request, fmt, f"page {page} is past the last page ({found.last_page})")
    doc = f"/doc/{path}"
    query = _query(page=page if page > 1 else None)
    headers = representation_headers(doc, fmt, query)
    headers["Link"] += f', <{found.iri}>; rel="describes"'
    next_url = None
    if found.has_next:
        own_path = request.url.path
        next_url = own_path + _query(page=page + 1)
        headers["Link"] += f', <{next_url}>; rel="next"'
    if fmt == formats.HTML:
        body = (await _resource_page(request, settings, found, doc, query)).encode()
    else:
        # The generic document (every syntax says the same), and its next page.
        doc_iri = settings.base_iri + f"doc/{path}{query}"
        next_iri = settings.base_iri + f"doc/{path}?page={page + 1}" if next_url else None
        extra = document_statements(doc_iri, found.iri, next_iri)
        body = serialize([*found.statements(), *extra], fmt, settings.base_iri)
    return _respond(request, body, fmt, headers)


@dataclass
class PageExtras:
    """What a resource page shows besides the description itself."""

    org_data: page_data.Organization | None
    summaries: dict[str, list[Group]]
    owners: dict[str, str]
    domains: dict[str, list[str]]


async def page_extras(
    request: Request, settings: Settings, found: Description, view: View
) -> PageExtras:
    """An organization's units and agreements, what unlabeled backlinks say (a membership's
    role, organization and date), the owners of nested backlinks, the domains of backlink
    properties; and the labels of all of them (added to ``view``)."""
    base, pool, budget = settings.base_iri, query_backend(request), _budget(settings)
    head = prologue(base)
    unlabeled = sorted({s.s.value for s in found.incoming if not view.has_label(s.s.value)})
    is_org = panels.organization(found, base) is not None
    org_data, said = await asyncio.gather(
        page_data.organization(pool, head, found.iri, budget, found.page) if is_org else _none(),
        page_data.summaries(pool, head, unlabeled, budget),
    )
    said = [st for st in said if st.o.value != found.iri]  # the link back: the page's topic
    owners = {s: o for s in unlabeled if (o := owner(s, base))}
    ontology, _ = documentation(settings)
    domains = {p: t.domain for p in found.incoming_counts if (t := ontology.term(p))}
    more = {*owners.values(), *(i for d in domains.values() for i in d)}
    more |= {t.value for st in said for t in st if t.is_iri}
    if org_data is not None:
        more |= set(org_data.units)
        more |= {r[k].value for r in org_data.agreements for k in ("a", "status") if k in r}
    view.add_labels(await labels(pool, head, more - set(view.labels), budget))
    summaries = {s: grouped(said, s) for s in {st.s.value for st in said}}
    return PageExtras(org_data, summaries, owners, domains)


async def _none() -> None:
    return None


async def _resource_page(
    request: Request, settings: Settings, found: Description, doc: str, query: str
) -> str:
    """The HTML page of a description."""
    base = settings.base_iri
    view = view_for(request, base)
    view.add_labels(found.label_statements)
    extras = await page_extras(request, settings, found, view)
    return render(
        "resource.html",
        view,
        d=found,
        other_label=view.label_in(found.iri, view.other_lang),
        types=list({view.label(t): t for t in found.types()}.values()),
        groups=grouped(found.own, found.iri),
        nested={node: grouped(found.own, node) for node in found.nodes()},
        agreement=panels.agreement(found, base),
        organization=panels.organization(found, base),
        org_data=extras.org_data,
        provenance=panels.provenance(found, base),
        incoming=incoming_groups(found),
        summaries=extras.summaries,
        owners=extras.owners,
        domains=extras.domains,
        alternates=_alternates(doc, query),
        jsonld=script_json(serialize(found.core_statements(), formats.JSONLD, base)),
        **_graph_downloads(settings, found.iri),
    )


def _graph_downloads(settings: Settings, iri: str) -> dict[str, str | None]:
    """For a named graph: its dump file (when the build has it) and its Graph Store URL."""
    if not iri.startswith(settings.base_iri + "graph/"):
        return {"graph_dump": None, "graph_store": None}
    name = graph_file_name(URIRef(iri), settings.base_iri)
    dump = settings.dist_path / "graphs" / name
    return {
        "graph_dump": f"/dumps/graphs/{name}" if dump.is_file() else None,
        "graph_store": "/store" + _query(graph=iri),
    }


# -- home and search ----------------------------------------------------------------------------
@router.get("/")
@router.api_route("/", methods=GET_HEAD, include_in_schema=False)
async def home(request: Request) -> Response:
    """What the dataset is (HTML), or its VoID/DCAT description as RDF."""
    settings = settings_of(request)
    fmt = negotiate(request)
    # The home page has no extension form: its representations are ``/?format=…``.
    alternates = [
        {"name": NAMES[f.name], "href": f"/?format={f.extension}", "media_type": f.media_type}
        for f in OFFERED
    ]
    headers = {
        "Vary": VARY,
        "Content-Location": f"/?format={fmt.extension}",
        "Link": ", ".join(
            f'<{a["href"]}>; rel="alternate"; type="{a["media_type"]}"'
            for a in alternates
            if a["media_type"] != fmt.media_type
        ),
    }
    pool, budget, head = query_backend(request), _budget(settings), prologue(settings.base_iri)
    if fmt != formats.HTML:
        meta = settings.base_iri + "graph/meta"
        query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{meta}> {{ ?s ?p ?o }} }}"
        reply = await pool.run(
            QueryRequest(query, fmt.name, settings.max_result_rows), budget.timeout_s
        )
        return _respond(request, reply.body, fmt, headers)
    overview = await page_data.overview(pool, head, settings.base_iri, budget)
    view = view_for(request, settings.base_iri)
    view.add_labels(overview.label_statements)
    body = render(
        "home.html",
        view,
        overview=overview,
        sources=_sources(overview, settings.base_iri),
        saved_queries=list(examples.saved_queries(request).values()),
        alternates=alternates,
    )
    return html_response(request, body, headers=headers)


def _sources(overview: page_data.Overview, base: str) -> list[dict[str, str | None]]:
    kg = base + "ontology#"
    docs: dict[str, dict[str, str | None]] = {}
    for s, p, o in overview.sources:
        entry = docs.setdefault(s.value, {"iri": s.value, "publisher": None, "as_of": None})
        if p.value == "http://purl.org/dc/terms/publisher":
            entry["publisher"] = o.value
        elif p.value == kg + "asOfDate":
            entry["as_of"] = o.value
    return sorted(docs.values(), key=lambda d: d["iri"] or "")


@router.get("/search")
@router.api_route("/search", methods=GET_HEAD, include_in_schema=False)
async def search(request: Request) -> Response:
    """Resources by label, in either language, variant and hidden spellings included."""
    settings = settings_of(request)
    view = view_for(request, settings.base_iri)
    text = (request.query_params.get("q") or "").strip()
    if len(text) > page_data.MAX_SEARCH_CHARS:
        raise RequestError(
            f"the search text is longer than {page_data.MAX_SEARCH_CHARS} characters"
        )
    result = None
    if text:
        head = prologue(settings.base_iri)
        result = await page_data.search(query_backend(request), head, text, _budget(settings))
        view.add_labels(result.label_statements)
    body = render("search.html", view, q=text, result=result)
    return html_response(request, body, headers={"Vary": "Accept-Language, Cookie"})


# -- the ontology and the shapes ----------------------------------------------------------------
async def ontology_document(request: Request) -> Response:
    """``/ontology`` (and ``.ttl`` …): the ontology's documentation, or the ontology."""
    return _vocabulary_document(request, "ontology")


async def shapes_document(request: Request) -> Response:
    """``/shapes`` (and ``.ttl`` …): the shapes' documentation, or the shapes."""
    return _vocabulary_document(request, "shapes")


def _vocabulary_document(request: Request, which: str) -> Response:
    settings = settings_of(request)
    path, fixed = split_extension(request_path(request))
    fmt = negotiate(request, fixed)
    if path != which:  # ``/ontology.xyz``: no such representation
        return not_found(request, fmt, f"no document /{path}")
    ontology, shapes = documentation(settings)
    doc = ontology if which == "ontology" else shapes
    headers = representation_headers(f"/{path}", fmt)
    if fmt != formats.HTML:
        return _respond(request, doc.rdf(RDFLIB_FORMATS[fmt.name]), fmt, headers)
    view = view_for(request, settings.base_iri)
    for term in ontology.terms:
        view.labels.setdefault(
            term.iri, {"http://www.w3.org/2000/01/rdf-schema#label": term.labels}
        )
    sections = [
        ("class", "ontology-classes"),
        ("object-property", "ontology-object-properties"),
        ("datatype-property", "ontology-datatype-properties"),
        ("annotation-property", "ontology-annotation-properties"),
        ("datatype", "ontology-datatypes"),
    ]
    body = render(
        f"{which}.html", view, doc=doc, sections=sections, alternates=_alternates(f"/{path}")
    )
    return html_response(request, body, headers=headers)


for _path in ("/ontology", "/ontology.{ext}"):
    router.add_api_route(_path, ontology_document, methods=GET_HEAD, include_in_schema=False)
for _path in ("/shapes", "/shapes.{ext}"):
    router.add_api_route(_path, shapes_document, methods=GET_HEAD, include_in_schema=False)


@router.api_route("/ontology/{version}", methods=GET_HEAD, include_in_schema=False)
async def ontology_version(request: Request, version: str) -> Response:
    """A version IRI of the ontology (``owl:versionIRI``): 303 to the ontology document."""
    settings = settings_of(request)
    ontology, _ = documentation(settings)
    wanted = URIRef(settings.base_iri + f"ontology/{version}")
    if wanted not in set(ontology.graph.objects(URIRef(ontology.iri), _OWL_VERSION_IRI)):
        return not_found(request, negotiate(request), f"no ontology version <{wanted}>")
    return Response(status_code=303, headers={"Location": "/ontology", "Vary": VARY})


_OWL_VERSION_IRI = URIRef("http://www.w3.org/2002/07/owl#versionIRI")


def install(app: FastAPI) -> None:
    """Linked-data routes, the dump listing and the stylesheet."""
    app.include_router(router)
    app.include_router(dumps_listing.router)
    static = Path(__file__).with_name("static")
    app.mount("/static", StaticFiles(directory=static), name="static")
