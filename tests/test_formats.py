"""Content negotiation as a table: Accept strings (and format=) → the representation chosen."""

from __future__ import annotations

import pytest

from wpikg.formats import Kind, negotiate

S, B, G = Kind.SOLUTIONS, Kind.BOOLEAN, Kind.GRAPH

CASES = [
    # (accept, format=, kind, expected short name or None for 406)
    (None, None, S, "json"),
    ("", None, G, "turtle"),
    ("application/sparql-results+json", None, S, "json"),
    ("application/sparql-results+xml", None, S, "xml"),
    ("text/csv", None, S, "csv"),
    ("text/tab-separated-values", None, S, "tsv"),
    ("Text/CSV", None, S, "csv"),
    ("application/sparql-results+json; charset=utf-8", None, S, "json"),
    ("application/sparql-results+xml, application/sparql-results+json;q=0.9", None, S, "xml"),
    ("text/csv;q=0.5, application/sparql-results+xml", None, S, "xml"),
    ("*/*", None, S, "json"),
    ("text/*", None, S, "csv"),
    ("text/*, text/tab-separated-values;q=1", None, S, "tsv"),  # more specific wins the tie
    ("application/json", None, S, "json"),
    ("application/xml", None, B, "xml"),
    ("image/png", None, S, None),
    ("image/png, */*;q=0.1", None, S, "json"),
    ("application/sparql-results+json;q=0", None, S, None),
    ("*/*, application/sparql-results+json;q=0", None, S, "xml"),
    # what real clients send
    (
        "application/sparql-results+json,application/json,text/javascript,application/javascript",
        None,
        S,
        "json",
    ),  # SPARQLWrapper, JSON
    ("application/sparql-results+json,*/*;q=0.9", None, S, "json"),  # YASGUI
    ("application/rdf+xml", None, G, "rdfxml"),
    ("application/ld+json", None, G, "jsonld"),
    ("application/n-triples", None, G, "ntriples"),
    ("text/turtle;q=0, */*", None, G, "ntriples"),
    ("text/turtle, application/rdf+xml;q=0.8", None, G, "turtle"),
    ("text/csv", None, G, None),
    # format= overrides Accept
    ("application/sparql-results+xml", "csv", S, "csv"),
    ("image/png", "json", S, "json"),
    (None, "ttl", G, "turtle"),
    (None, "application/ld+json", G, "jsonld"),
    (None, "bogus", S, None),
    (None, "turtle", S, None),  # a graph format for solutions fits nothing
]


@pytest.mark.parametrize(("accept", "param", "kind", "expected"), CASES)
def test_negotiate(accept: str | None, param: str | None, kind: Kind, expected: str | None) -> None:
    chosen = negotiate(accept, param, kind)
    assert (chosen.name if chosen else None) == expected
