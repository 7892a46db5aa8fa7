"""Serializations of the built dataset: sorted N-Quads (gzip) and Turtle per named graph.

Dumps are byte-identical for identical inputs: N-Quads lines are sorted, the gzip header
carries no time or name, and no blank nodes are minted anywhere in the build.
"""

from __future__ import annotations

import gzip
import hashlib
import io
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from wpikg.namespaces import PREFIXES


def canonical_nquads(data: Dataset) -> bytes:
    """Every quad as sorted N-Quads lines."""
    text = data.serialize(format="nquads", encoding="utf-8")
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return b"\n".join(lines) + b"\n"


def write_gzip(path: Path, payload: bytes) -> None:
    """gzip with no file name or timestamp in the header, so equal payloads give equal files."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0) as handle:
        handle.write(payload)
    path.write_bytes(buffer.getvalue())


def turtle(graph: Graph) -> bytes:
    """The graph as Turtle with the project's prefixes."""
    out = Graph()
    for prefix, iri in PREFIXES.items():
        out.bind(prefix, iri, override=True)
    for triple in graph:
        out.add(triple)
    return out.serialize(format="turtle", encoding="utf-8")


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
