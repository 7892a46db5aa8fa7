"""Serializing query results with a row cap that is never silent.

pyoxigraph serializes a whole result set or nothing, so a SELECT result that could pass the cap
is written here, row by row, in the four SPARQL 1.1 result formats, stopping at the cap and
saying so (https://www.w3.org/TR/sparql11-results-json/, …-XMLres/, …-results-csv-tsv/). A
SELECT whose own ``LIMIT`` is within the cap, ASK results and graphs are serialized by
pyoxigraph (several times faster than Python).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph

from wpikg import formats

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RESULTS_NS = "http://www.w3.org/2005/sparql-results#"


@dataclass(frozen=True)
class Serialized:
    """A serialized result: its bytes, rows (or triples) written (``None``: not counted, when
    pyoxigraph wrote a result that could not reach the cap), and whether the cap cut it."""

    body: bytes
    count: int | None
    truncated: bool


def capped(rows: Iterable[pyoxigraph.QuerySolution], cap: int) -> tuple[list, bool]:
    """At most ``cap`` rows, and whether there were more."""
    taken = []
    for row in rows:
        if len(taken) == cap:
            return taken, True
        taken.append(row)
    return taken, False


def solutions(
    result: pyoxigraph.QuerySolutions,
    fmt: formats.Format,
    cap: int,
    query_limit: int | None = None,
) -> Serialized:
    """SELECT results in ``fmt``, at most ``cap`` rows. ``query_limit`` is the query's own
    ``LIMIT``: when it is within the cap, the cap cannot cut and pyoxigraph writes the result."""
    if query_limit is not None and query_limit <= cap:
        ox_format = pyoxigraph.QueryResultsFormat.from_media_type(fmt.media_type)
        return Serialized(result.serialize(format=ox_format), None, False)
    names = [v.value for v in result.variables]
    rows, truncated = capped(result, cap)
    writer = {
        formats.JSON: _json,
        formats.XML: _xml,
        formats.CSV: _csv,
        formats.TSV: _tsv,
    }[fmt]
    return Serialized(writer(names, rows, truncated, cap), len(rows), truncated)


def _bindings(names: list[str], row: pyoxigraph.QuerySolution) -> Iterator[tuple[str, object]]:
    for name in names:
        term = row[name]
        if term is not None:
            yield name, term


def _json_term(term: object) -> dict[str, object]:
    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, pyoxigraph.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, pyoxigraph.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    raise TypeError(f"unexpected term {term!r}")


def _json(names: list[str], rows: list, truncated: bool, cap: int) -> bytes:
    document: dict[str, object] = {
        "head": {"vars": names},
        "results": {
            "bindings": [
                {name: _json_term(term) for name, term in _bindings(names, row)} for row in rows
            ]
        },
    }
    if truncated:  # an extension member; clients that do not know it ignore it
        document["wpikg"] = {"truncated": True, "rowLimit": cap}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def _xml_term(term: object) -> str:
    if isinstance(term, pyoxigraph.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, pyoxigraph.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            datatype = quoteattr(term.datatype.value)
            return f"<literal datatype={datatype}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, pyoxigraph.Triple):
        return (
            f"<triple><subject>{_xml_term(term.subject)}</subject>"
            f"<predicate>{_xml_term(term.predicate)}</predicate>"
            f"<object>{_xml_term(term.object)}</object></triple>"
        )
    raise TypeError(f"unexpected term {term!r}")


def _xml(names: list[str], rows: list, truncated: bool, cap: int) -> bytes:
    out = [f'<?xml version="1.0"?>\n<sparql xmlns="{RESULTS_NS}"><head>']
    out += [f"<variable name={quoteattr(n)}/>" for n in names]
    if truncated:  # a <link> is the format's own place for metadata
        out.append(f'<link href="urn:wpikg:truncated:rowLimit={cap}"/>')
    out.append("</head><results>")
    for row in rows:
        out.append("<result>")
        out += [
            f"<binding name={quoteattr(n)}>{_xml_term(t)}</binding>"
            for n, t in _bindings(names, row)
        ]
        out.append("</result>")
    out.append("</results></sparql>\n")
    return "".join(out).encode()


def _csv_value(term: object) -> str:
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, pyoxigraph.Triple):
        return str(term)
    return str(getattr(term, "value", term))


def _csv(names: list[str], rows: list, truncated: bool, cap: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([_csv_value(row[n]) if row[n] is not None else "" for n in names])
    return buffer.getvalue().encode()


def _tsv(names: list[str], rows: list, truncated: bool, cap: int) -> bytes:
    lines = ["\t".join(f"?{n}" for n in names)]
    for row in rows:
        lines.append("\t".join(str(row[n]) if row[n] is not None else "" for n in names))
    return ("\n".join(lines) + "\n").encode()


def boolean(result: pyoxigraph.QueryBoolean, fmt: formats.Format) -> Serialized:
    """An ASK result (pyoxigraph writes every format)."""
    ox_format = pyoxigraph.QueryResultsFormat.from_media_type(fmt.media_type)
    return Serialized(result.serialize(format=ox_format), 1, False)


def graph(triples: Iterable[pyoxigraph.Triple], fmt: formats.Format, cap: int) -> Serialized:
    """A CONSTRUCT or DESCRIBE result, at most ``cap`` triples."""
    kept, truncated = capped(triples, cap)
    ox_format = pyoxigraph.RdfFormat.from_media_type(fmt.media_type)
    body = pyoxigraph.serialize(kept, format=ox_format) if kept else b""
    if ox_format == pyoxigraph.RdfFormat.JSON_LD and not kept:
        body = b"[]"
    return Serialized(body or b"", len(kept), truncated)
