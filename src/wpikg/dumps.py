"""Serializations of the built dataset: sorted N-Quads (gzip) and Turtle per named graph.

(Besides :mod:`wpikg.rdf_files`, the one other user of pyoxigraph outside :mod:`wpikg.store`:
its serializer, not its store.)

Dumps are byte-identical for identical inputs: N-Quads lines are sorted, the gzip header
carries no time or name, and no blank nodes are minted anywhere in the build.
"""

from __future__ import annotations

import gzip
import hashlib
import io
from pathlib import Path
from typing import Any

import pyoxigraph
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from wpikg.namespaces import PREFIXES


def canonical_nquads(data: Dataset) -> bytes:
    """Every quad as sorted N-Quads lines (serialized by pyoxigraph)."""
    quads = (_quad(s, p, o, g) for s, p, o, g in data.quads())
    text = pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS)
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return b"\n".join(lines) + b"\n"


def _quad(s: Node, p: Node, o: Node, g: Node) -> pyoxigraph.Quad:
    graph = g.identifier if isinstance(g, Graph) else g
    return pyoxigraph.Quad(_term(s), _term(p), _term(o), _term(graph))


def _term(node: Node) -> Any:
    if isinstance(node, URIRef):
        return pyoxigraph.NamedNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return pyoxigraph.Literal(str(node), language=node.language)
        datatype = node.datatype or XSD.string
        return pyoxigraph.Literal(str(node), datatype=pyoxigraph.NamedNode(str(datatype)))
    raise ValueError(f"blank nodes are not allowed in the dataset: {node!r}")


def write_gzip(path: Path, payload: bytes) -> None:
    """gzip with no file name or timestamp in the header, so equal payloads give equal files."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0) as handle:
        handle.write(payload)
    path.write_bytes(buffer.getvalue())


def turtle_by_graph(nquads: bytes) -> dict[str, bytes]:
    """Each named graph of sorted N-Quads as Turtle with the project's prefixes.

    pyoxigraph serializes in input order, so sorted input gives stable output (and does it
    far faster than rdflib's Turtle serializer).
    """
    by_graph: dict[str, list[pyoxigraph.Triple]] = {}
    for quad in pyoxigraph.parse(nquads, format=pyoxigraph.RdfFormat.N_QUADS):
        by_graph.setdefault(quad.graph_name.value, []).append(quad.triple)
    return {
        name: _sorted_prefixes(
            pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.TURTLE, prefixes=PREFIXES)
        )
        for name, triples in by_graph.items()
    }


def _sorted_prefixes(text: bytes) -> bytes:
    """The ``@prefix`` lines in sorted order (the serializer's order is a hash map's)."""
    lines = text.split(b"\n")
    head = [line for line in lines if line.startswith(b"@prefix ")]
    return b"\n".join(sorted(head) + lines[len(head) :])


def graph_file_name(graph_iri: URIRef, base: str) -> str:
    """``…/graph/source/riken2017`` → ``source-riken2017.ttl``.

    >>> graph_file_name(URIRef("https://w3id.org/wpikg/graph/source/riken2017"),
    ...                 "https://w3id.org/wpikg/")
    'source-riken2017.ttl'
    """
    local = str(graph_iri)[len(base + "graph/") :]
    return local.replace("/", "-") + ".ttl"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
