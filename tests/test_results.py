"""The capped result serializers write what pyoxigraph's own serializers write, and say when
they cut."""

from __future__ import annotations

import json

import pyoxigraph
import pytest

from wpikg import formats, results

DATA = """
@prefix ex: <http://example.org/> .
ex:a ex:name "Tōkyō"@ja-Latn , "a, \\"quoted\\" name\\nwith a newline" ; ex:n 3 ; ex:d 2.50 .
ex:b ex:name "<b> & more" ; ex:knows [ ex:name "anon" ] .
"""
QUERY = """PREFIX ex: <http://example.org/>
SELECT ?s ?name ?n WHERE { ?s ex:name ?name OPTIONAL { ?s ex:n ?n } } ORDER BY ?name"""


@pytest.fixture(scope="module")
def store() -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.load(DATA.encode(), format=pyoxigraph.RdfFormat.TURTLE)
    return store


def _parsed(body: bytes, fmt: formats.Format) -> list[dict[str, str]]:
    ox = pyoxigraph.QueryResultsFormat.from_media_type(fmt.media_type)
    parsed = pyoxigraph.parse_query_results(body, format=ox)
    names = [v.value for v in parsed.variables]
    return [{n: str(row[n]) for n in names if row[n] is not None} for row in parsed]


@pytest.mark.parametrize("fmt", [formats.JSON, formats.XML, formats.TSV], ids=lambda f: f.name)
def test_same_results_as_pyoxigraph(store: pyoxigraph.Store, fmt: formats.Format) -> None:
    ours = results.solutions(store.query(QUERY), fmt, cap=100)
    ox = pyoxigraph.QueryResultsFormat.from_media_type(fmt.media_type)
    theirs = store.query(QUERY).serialize(format=ox)
    assert not ours.truncated and ours.count == 4
    mine, reference = _parsed(ours.body, fmt), _parsed(theirs, fmt)
    if fmt == formats.JSON or fmt == formats.XML:  # blank node labels may differ between runs
        assert len(mine) == len(reference)
        assert [r for r in mine if "_:" not in r["s"]] == [
            r for r in reference if "_:" not in r["s"]
        ]
    else:
        assert [set(r) for r in mine] == [set(r) for r in reference]


def test_csv_quotes_and_crlf(store: pyoxigraph.Store) -> None:
    body = results.solutions(store.query(QUERY), formats.CSV, cap=100).body.decode()
    assert body.startswith("s,name,n\r\n")
    assert '"a, ""quoted"" name\nwith a newline"' in body


def test_the_cap_cuts_and_says_so(store: pyoxigraph.Store) -> None:
    cut = results.solutions(store.query(QUERY), formats.JSON, cap=2)
    document = json.loads(cut.body)
    assert (cut.count, cut.truncated) == (2, True)
    assert len(document["results"]["bindings"]) == 2
    assert document["wpikg"] == {"truncated": True, "rowLimit": 2}
    exact = results.solutions(store.query(QUERY), formats.JSON, cap=4)
    assert not exact.truncated and "wpikg" not in json.loads(exact.body)
    xml = results.solutions(store.query(QUERY), formats.XML, cap=1)
    assert b"urn:wpikg:truncated:rowLimit=1" in xml.body


def test_graph_results(store: pyoxigraph.Store) -> None:
    query = "CONSTRUCT WHERE { ?s ?p ?o }"
    turtle = results.graph(store.query(query), formats.TURTLE, cap=100)
    assert turtle.count == 7 and not turtle.truncated
    assert len(list(pyoxigraph.parse(turtle.body, format=pyoxigraph.RdfFormat.TURTLE))) == 7
    cut = results.graph(store.query(query), formats.NTRIPLES, cap=3)
    assert cut.truncated and cut.body.count(b"\n") == 3
    empty = results.graph(store.query("CONSTRUCT WHERE { ?s <urn:none> ?o }"), formats.JSONLD, 5)
    assert json.loads(empty.body) == []


def test_boolean(store: pyoxigraph.Store) -> None:
    answer = results.boolean(store.query("ASK { ?s ?p ?o }"), formats.JSON)
    assert json.loads(answer.body) == {"head": {}, "boolean": True}


@pytest.mark.parametrize("fmt", formats.OFFERED[formats.Kind.SOLUTIONS], ids=lambda f: f.name)
def test_a_query_limit_within_the_cap_is_written_by_pyoxigraph(
    store: pyoxigraph.Store, fmt: formats.Format
) -> None:
    limited = QUERY + " LIMIT 3"
    native = results.solutions(store.query(limited), fmt, cap=3, query_limit=3)
    ox = pyoxigraph.QueryResultsFormat.from_media_type(fmt.media_type)
    assert native == results.Serialized(store.query(limited).serialize(format=ox), None, False)
    # A LIMIT above the cap keeps the row-by-row writer, which can cut and say so.
    over = results.solutions(store.query(limited), fmt, cap=2, query_limit=3)
    assert (over.count, over.truncated) == (2, True)
