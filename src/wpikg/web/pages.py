"""Pages for people: the Jinja environment (autoescaped), the reader's language, labels, and
what a template needs to show a term. Views (:mod:`wpikg.web.resources`) fetch the data;
templates (``web/templates/``) lay it out; this module sits between them.

The reader's language is ``?lang=`` (which the view then keeps in a cookie), else that cookie,
else ``Accept-Language``; Japanese and English are offered, English by default.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from rdflib import Graph, Literal
from rdflib.namespace import RDFS
from starlette.requests import Request
from starlette.responses import HTMLResponse

from wpikg.describe import (
    HYDRA,
    LABEL_PROPERTIES,
    RDF_TYPE,
    XSD,
    Description,
    Statement,
    Term,
    rebased_prefixes,
)
from wpikg.web.messages import MESSAGES

LANGS = ("en", "ja")
COOKIE = "wpikg_lang"
COOKIE_MAX_AGE_S = 365 * 24 * 3600
_PRECISION = {XSD + "date": "day", XSD + "gYearMonth": "month", XSD + "gYear": "year"}
_NUMERIC = {XSD + t for t in ("integer", "nonNegativeInteger", "positiveInteger", "int", "long")}
#: IRIs a page links to as they are: web addresses with a host (no ``javascript:`` or ``data:``).
_LINKABLE = re.compile(r"https?://[^/\\?#\s]", re.IGNORECASE)
#: Negotiated pages vary with these request headers (the language of pages too).
VARY = "Accept, Accept-Language, Cookie"


# -- the reader's language ----------------------------------------------------------------------
def accept_language(header: str | None) -> list[str]:
    """Primary language subtags of ``Accept-Language``, most wanted first (q=0 dropped).

    >>> accept_language("en-US;q=0.5, ja-JP, fr;q=0")
    ['ja', 'en']
    """
    ranked = []
    for n, element in enumerate((header or "").split(",")):
        tag, _, params = element.strip().partition(";")
        q = 1.0
        if (m := re.search(r"q\s*=\s*([0-9.]+)", params)) is not None:
            try:
                q = float(m[1])
            except ValueError:
                q = 0.0
        if tag and q > 0:
            ranked.append((-q, n, tag.split("-")[0].lower()))
    return [tag for _, _, tag in sorted(ranked)]


def choose_language(asked: str | None, cookie: str | None, header: str | None) -> str:
    """``?lang=``, else the cookie, else the first offered language in ``Accept-Language``.

    >>> choose_language(None, None, "ja,en;q=0.8"), choose_language("en", "ja", "ja")
    ('ja', 'en')
    """
    for choice in (asked, cookie):
        if choice in LANGS:
            return choice  # type: ignore[return-value]
    return next((tag for tag in accept_language(header) if tag in LANGS), "en")


# -- labels -------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def reused_labels() -> dict[str, dict[str, str]]:
    """Labels of reused terms (``web/labels.ttl``), by IRI and language."""
    graph = Graph().parse(Path(__file__).with_name("labels.ttl"), format="turtle")
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for s, label in graph.subject_objects(RDFS.label):
        if isinstance(label, Literal) and label.language:
            out[str(s)][label.language] = str(label)
    return dict(out)


def label_table(sts: Iterable[Statement]) -> dict[str, dict[str, dict[str, str]]]:
    """IRI → label property → language → text."""
    table: dict[str, dict[str, dict[str, str]]] = defaultdict(lambda: defaultdict(dict))
    for s, p, o in sts:
        if p.value in LABEL_PROPERTIES and o.kind == "literal":
            table[s.value][p.value].setdefault(o.lang, o.value)
    return table


def pick(by_prop: Mapping[str, Mapping[str, str]], lang: str) -> str | None:
    """The best label in ``lang``: preferred label first, then the other label properties; then
    the Japanese name (the source's own spelling: the romanized forms are machine-made, so they
    come only after it), then any language.

    >>> pick({LABEL_PROPERTIES[1]: {"ja": "理研", "en": "RIKEN"}}, "ja")
    '理研'
    >>> pick({LABEL_PROPERTIES[0]: {"ja": "東北大学"},
    ...       LABEL_PROPERTIES[4]: {"ja-Latn-hepburn": "Touhoku daigaku"}}, "en")
    '東北大学'
    >>> pick({LABEL_PROPERTIES[4]: {"ja-Latn-hepburn": "Touhoku daigaku"}}, "en")
    'Touhoku daigaku'
    """
    ordered = [by_prop[p] for p in LABEL_PROPERTIES if p in by_prop]
    for wanted in (lang, "", "ja"):
        for texts in ordered:
            if wanted in texts:
                return texts[wanted]
    for texts in ordered:
        if texts:
            return next(iter(texts.values()))
    return None


# -- what templates use -------------------------------------------------------------------------
@dataclass
class View:
    """Per-request rendering helpers: language, labels, links and UI text."""

    lang: str
    base: str
    path: str  # the request path, for links to itself
    query: dict[str, str] = field(default_factory=dict)
    labels: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)

    def add_labels(self, sts: Iterable[Statement]) -> None:
        for iri, by_prop in label_table(sts).items():
            for prop, texts in by_prop.items():
                for tag, text in texts.items():
                    self.labels.setdefault(iri, {}).setdefault(prop, {}).setdefault(tag, text)

    @property
    def other_lang(self) -> str:
        return "ja" if self.lang == "en" else "en"

    def t(self, key: str, **values: object) -> str:
        """UI text in the reader's language."""
        text = MESSAGES[self.lang].get(key) or MESSAGES["en"][key]
        return text.format(**values) if values else text

    def label_in(self, iri: str, lang: str) -> str | None:
        """The label in exactly ``lang``, if the resource has one."""
        by_prop = self.labels.get(iri, {})
        return next(
            (by_prop[p][lang] for p in LABEL_PROPERTIES if lang in by_prop.get(p, {})), None
        )

    def has_label(self, iri: str) -> bool:
        return pick(self.labels.get(iri, {}), self.lang) is not None

    def label(self, iri: str) -> str:
        """The resource's name in the reader's language, else a readable form of its IRI."""
        found = pick(self.labels.get(iri, {}), self.lang)
        if found is None and iri in reused_labels():
            texts = reused_labels()[iri]
            found = texts.get(self.lang) or texts.get("en")
        return found or self.short(iri)

    def short(self, iri: str) -> str:
        """``prefix:local`` with the longest namespace that covers the IRI with a legal local
        part, else the path under the base, else the IRI."""
        best, covered = "", 0
        for prefix, namespace in rebased_prefixes(self.base).items():
            local = iri[len(namespace) :]
            legal = iri.startswith(namespace) and re.fullmatch(r"[\w.-]+", local) is not None
            if legal and len(namespace) > covered:
                best, covered = f"{prefix}:{local}", len(namespace)
        if not best and iri.startswith(self.base):
            return iri[len(self.base) :]
        return best or iri

    def href(self, iri: str) -> str | None:
        """Where a link to ``iri`` goes: its path on this server when it is under the base
        (the ontology's and shapes' hash IRIs to their documents; one leading ``/``, never a
        ``//host`` one), the IRI itself when it is ``http`` or ``https``, else nowhere: the
        data may hold any IRI (``javascript:``, ``data:``, ``urn:``), and those show as text.

        >>> v = View("en", "https://w3id.org/wpikg/", "/")
        >>> v.href("https://w3id.org/wpikg/id/x"), v.href("https://w3id.org/wpikg//evil.example")
        ('/id/x', '/evil.example')
        >>> v.href("https://ror.org/01sjwvz98"), v.href("javascript:alert(1)"), v.href("urn:x:y")
        ('https://ror.org/01sjwvz98', None, None)
        """
        if iri.startswith(self.base):
            return "/" + iri[len(self.base) :].lstrip("/\\")
        return iri if _LINKABLE.match(iri) else None

    def url(self, **changes: object) -> str:
        """This page's URL with query parameters changed (``None`` removes one)."""
        params = {**self.query, **{k: str(v) for k, v in changes.items() if v is not None}}
        for key, value in changes.items():
            if value is None:
                params.pop(key, None)
        return self.path + ("?" + urlencode(params) if params else "")

    def switch_url(self) -> str:
        return self.url(lang=self.other_lang)

    def precision(self, term: Term) -> str:
        """``day``, ``month`` or ``year`` for a date at that precision, else empty."""
        found = _PRECISION.get(term.datatype, "")
        return self.t("precision-" + found) if found else ""

    def number(self, term: Term) -> str:
        if term.datatype in _NUMERIC and re.fullmatch(r"-?\d+", term.value):
            return f"{int(term.value):,}"
        return term.value

    def datatype(self, term: Term) -> str:
        """The datatype worth showing next to a literal (not strings, numbers or dates)."""
        shown = (XSD + "string", *_PRECISION, *_NUMERIC, XSD + "decimal", XSD + "boolean")
        if term.kind != "literal" or term.lang or term.datatype in shown:
            return ""
        return self.short(term.datatype)


# -- resource pages -----------------------------------------------------------------------------
@dataclass
class Group:
    """Values of one property, for a properties table."""

    prop: str
    values: list[Term]


def grouped(sts: Iterable[Statement], subject: str) -> list[Group]:
    """The subject's values per property: type first, then labels, then the rest by IRI."""
    found: dict[str, list[Term]] = defaultdict(list)
    for s, p, o in sts:
        if s.value == subject and o not in found[p.value]:
            found[p.value].append(o)
    first = [RDF_TYPE, *LABEL_PROPERTIES]
    order = sorted(found, key=lambda p: (first.index(p) if p in first else len(first), p))
    return [Group(p, sorted(found[p], key=_value_order)) for p in order]


def _value_order(term: Term) -> tuple[str, str, str]:
    return (term.kind, term.lang, term.value)


@dataclass
class Incoming:
    """One property's backlinks on this page, with its total over all pages."""

    prop: str
    total: int
    subjects: list[str]


def incoming_groups(description: Description) -> list[Incoming]:
    by_prop: dict[str, list[str]] = defaultdict(list)
    for s, p, _ in description.incoming:
        by_prop[p.value].append(s.value)
    return [
        Incoming(p, n, by_prop.get(p, []))
        for p, n in sorted(description.incoming_counts.items(), key=lambda item: -item[1])
    ]


def owner(iri: str, base: str) -> str | None:
    """The resource a node is minted under (``id/{type}/{key}/…`` → ``id/{type}/{key}``).

    >>> owner("https://w3id.org/wpikg/id/agreement/riken2017-l0091/party/jasri",
    ...       "https://w3id.org/wpikg/")
    'https://w3id.org/wpikg/id/agreement/riken2017-l0091'
    """
    parts = iri[len(base) :].split("/") if iri.startswith(base) else []
    if len(parts) > 3 and parts[0] == "id":
        return base + "/".join(parts[:3])
    return None


def script_json(data: bytes) -> str:
    """JSON for a ``<script>`` element: ``<``, ``>``, ``&`` escaped (only strings hold them in
    JSON, where ``\\u003c`` means the same), so no ``</script>`` can end the element.

    >>> script_json(b'{"a": "</script><b>&"}')
    '{"a": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = data.decode()
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja environment: package templates, autoescape on, undefined names fail."""
    env = Environment(
        loader=PackageLoader("wpikg.web", "templates"),
        autoescape=select_autoescape(["html"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["HYDRA_NEXT"] = HYDRA + "next"
    return env


def render(template: str, view: View, **context: object) -> str:
    return environment().get_template(template).render(v=view, **context)


def request_path(request: Request) -> str:
    """The request's path as sent (percent-decoded), without its leading ``/``. Not
    ``request.url.path``, which drops tabs and newlines (``urlsplit``), nor a ``{path:path}``
    parameter, which ends before a final newline: ``/doc/x%0A`` would name ``x``."""
    return str(request.scope["path"]).removeprefix("/")


def view_for(request: Request, base: str) -> View:
    """The rendering helpers for this request (language from ``?lang=``, cookie, header)."""
    lang = choose_language(
        request.query_params.get("lang"),
        request.cookies.get(COOKIE),
        request.headers.get("accept-language"),
    )
    query = {k: v for k, v in request.query_params.items() if k != "lang"}
    return View(lang, base, request.url.path, query)


def html_response(
    request: Request, body: str, status: int = 200, headers: Mapping[str, str] | None = None
) -> HTMLResponse:
    """A page; a ``?lang=`` choice is kept in a cookie, so the switch works without scripts."""
    response = HTMLResponse(body, status, dict(headers or {}))
    asked = request.query_params.get("lang")
    if asked in LANGS:
        response.set_cookie(COOKIE, asked, max_age=COOKIE_MAX_AGE_S, samesite="lax", httponly=True)
    if request.method == "HEAD":
        response.body = b""
    return response
