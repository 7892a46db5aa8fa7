"""Reading RDF files with errors that say where: ``file:line:column: message``.

pyoxigraph's parsers report the exact line and column for every syntax (Turtle, N-Triples,
N-Quads, TriG, JSON-LD, RDF/XML); rdflib's do not always. So a file is checked with pyoxigraph
first and then parsed with rdflib, which pySHACL needs. (This is the one use of pyoxigraph
outside :mod:`wpikg.store`: its parsers, not its store.)
"""

from __future__ import annotations

import logging
import re
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urljoin

import pyoxigraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from wpikg.errors import RdfSyntaxError, TooManyTriples

#: File extension → (pyoxigraph format, rdflib format name).
FORMATS: dict[str, tuple[pyoxigraph.RdfFormat, str]] = {
    ".ttl": (pyoxigraph.RdfFormat.TURTLE, "turtle"),
    ".nt": (pyoxigraph.RdfFormat.N_TRIPLES, "nt"),
    ".nq": (pyoxigraph.RdfFormat.N_QUADS, "nquads"),
    ".trig": (pyoxigraph.RdfFormat.TRIG, "trig"),
    ".jsonld": (pyoxigraph.RdfFormat.JSON_LD, "json-ld"),
    ".rdf": (pyoxigraph.RdfFormat.RDF_XML, "xml"),
    ".owl": (pyoxigraph.RdfFormat.RDF_XML, "xml"),
}


def check_syntax(data: bytes, extension: str, name: str) -> None:
    """Raise :class:`RdfSyntaxError` with line and column if ``data`` does not parse."""
    ox_format = _formats(extension, name)[0]
    try:
        for _ in pyoxigraph.parse(data, format=ox_format):
            pass
    except SyntaxError as error:
        raise RdfSyntaxError(name, error.lineno, error.offset, str(error)) from None


def read_graph(path: Path) -> Graph:
    """The triples of an RDF file (all graphs merged for quad formats)."""
    data = path.read_bytes()
    check_syntax(data, path.suffix, str(path))
    graph = Graph()
    graph.parse(data=data, format=_formats(path.suffix, str(path))[1])
    return graph


def _formats(extension: str, name: str) -> tuple[pyoxigraph.RdfFormat, str]:
    try:
        return FORMATS[extension.lower()]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        message = f"unknown RDF file extension (known: {known})"
        raise RdfSyntaxError(name, None, None, message) from None


#: Media types of the RDF syntaxes (request bodies, uploads) → the extension naming the syntax.
MEDIA_TYPES: dict[str, str] = {
    "text/turtle": ".ttl",
    "application/n-triples": ".nt",
    "application/n-quads": ".nq",
    "application/trig": ".trig",
    "application/ld+json": ".jsonld",
    "application/rdf+xml": ".rdf",
}
#: ``--format`` names → extension.
FORMAT_NAMES: dict[str, str] = {
    "turtle": ".ttl",
    "ntriples": ".nt",
    "nquads": ".nq",
    "trig": ".trig",
    "jsonld": ".jsonld",
    "rdfxml": ".rdf",
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def parse_triples(data: bytes, extension: str, name: str, max_triples: int | None = None) -> Graph:
    """Every triple of ``data`` in one rdflib graph (the graph names of N-Quads and TriG are
    dropped), parsed by pyoxigraph so that an error says ``name:line:column``; past
    ``max_triples`` statements, :class:`TooManyTriples`.

    >>> len(parse_triples(b"<urn:a> <urn:p> 'x' .", ".ttl", "x.ttl"))
    1
    """
    graph = Graph()
    try:
        quads = pyoxigraph.parse(data, format=_formats(extension, name)[0])
        with _quiet_rdflib():  # ill-typed literals are the shapes' business (sh:datatype)
            for count, quad in enumerate(quads, start=1):
                if max_triples is not None and count > max_triples:
                    raise TooManyTriples(f"{name}: more than {max_triples} triples")
                graph.add((_node(quad.subject), _node(quad.predicate), _node(quad.object)))
    except SyntaxError as error:
        raise RdfSyntaxError(name, error.lineno, error.offset, str(error)) from None
    return graph


_PARSING = threading.local()


class _NotWhileParsing(logging.Filter):
    """Drops ``rdflib.term``'s records in a thread that is parsing: rdflib logs a warning with
    a full traceback for every literal that is not of its datatype, and such a literal is data
    a client sent, which validation reports."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(_PARSING, "active", False)


_TERM_LOG = logging.getLogger("rdflib.term")
_TERM_FILTER = _NotWhileParsing()


@contextmanager
def _quiet_rdflib() -> Iterator[None]:
    """``rdflib.term``'s log records dropped in this thread only (the server parses in several
    threads at once, and rdflib's own use of the logger elsewhere is left alone); rdflib's
    warnings ignored."""
    if _TERM_FILTER not in _TERM_LOG.filters:
        _TERM_LOG.addFilter(_TERM_FILTER)
    outer = getattr(_PARSING, "active", False)
    _PARSING.active = True
    try:
        with warnings.catch_warnings():  # rdflib warns on ill-typed literals, too
            warnings.simplefilter("ignore")
            yield
    finally:
        _PARSING.active = outer


def _node(term: object) -> Node:
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise SyntaxError(f"RDF-star triple terms are not supported: {term}")


_PREFIX = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([\w.-]*):\s*<([^>]*)>", re.IGNORECASE)
_BASE = re.compile(r"^\s*(?:@base|BASE)\s+<([^>]*)>", re.IGNORECASE)
_TERM = re.compile(r"<[^<>\s]*>|[A-Za-z_][\w.-]*:[\w.:%-]*[\w:%-]|[A-Za-z_][\w.-]*:|:[\w.:%-]*")


def subject_lines(text: str) -> dict[str, int]:
    """IRI → the 1-based line where it first appears as a subject (the first term of a line
    that starts a statement), else where it first appears at all. For the line-based syntaxes
    (N-Triples, N-Quads) this is exact; for Turtle and TriG it reads the layout every writer
    uses (one subject at the start of a line), not the grammar.

    >>> turtle = "@prefix ex: <http://x/> .\\nex:a ex:p ex:b ;\\n  ex:q ex:c .\\nex:b ex:p 1 ."
    >>> subject_lines(turtle)
    {'http://x/a': 2, 'http://x/b': 4, 'http://x/p': 2, 'http://x/q': 3, 'http://x/c': 3}
    """
    prefixes: dict[str, str] = {}
    base, subjects, seen, starts = "", {}, {}, True
    for number, line in enumerate(text.splitlines(), start=1):
        if m := _PREFIX.match(line):
            prefixes[m[1]] = m[2]
            continue
        if m := _BASE.match(line):
            base = m[1]
            continue
        iris = [i for t in _TERM.findall(line) if (i := _expand(t, prefixes, base))]
        if starts and iris and not line.lstrip().upper().startswith("GRAPH"):
            subjects.setdefault(iris[0], number)
        for iri in iris:
            seen.setdefault(iri, number)
        code = line.split(" #", 1)[0].rstrip()
        starts = code.endswith((".", "{", "}")) or (starts and not code)
    return _merge(subjects, seen)


def _merge(subjects: dict[str, int], seen: dict[str, int]) -> dict[str, int]:
    return {**subjects, **{k: v for k, v in seen.items() if k not in subjects}}


def _expand(token: str, prefixes: dict[str, str], base: str) -> str | None:
    if token.startswith("<"):
        return urljoin(base, token[1:-1]) if base else token[1:-1]
    prefix, _, local = token.partition(":")
    return prefixes[prefix] + local if prefix in prefixes else None
