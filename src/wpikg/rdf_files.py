"""Reading RDF files with errors that say where: ``file:line:column: message``.

pyoxigraph's parsers report the exact line and column for every syntax (Turtle, N-Triples,
N-Quads, TriG, JSON-LD, RDF/XML); rdflib's do not always. So a file is checked with pyoxigraph
first and then parsed with rdflib, which pySHACL needs. (This is the one use of pyoxigraph
outside :mod:`wpikg.store`: its parsers, not its store.)
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
from rdflib import Graph

from wpikg.errors import RdfSyntaxError

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
