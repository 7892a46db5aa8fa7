"""The public endpoint refuses updates and SERVICE before a query reaches the store."""

from __future__ import annotations

import pytest

from wpikg.errors import ServiceForbidden, UpdateForbidden
from wpikg.query_guard import query_form

ALLOWED = ("https://query.wikidata.org/sparql",)


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
        ("PREFIX ex: <http://ex/> ask { ex:a ex:b ex:c }", "ASK"),
        ("BASE <http://ex/> CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <http://ex/a>", "DESCRIBE"),
        ("SELECT * WHERE { ?s ?p 'SERVICE <http://x/> { }' }", "SELECT"),  # in a literal
        ('SELECT * WHERE { ?s ?p """INSERT\nSERVICE""" }', "SELECT"),
        ("SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x/> {}", "SELECT"),  # in a comment
        ("SELECT * WHERE { ?s <http://ex/SERVICE> ?o }", "SELECT"),  # inside an IRI
        ("SELECT ?service WHERE { ?service ?p ?o }", "SELECT"),  # a variable
        ("SELECT * WHERE { ?s ex:service ?o }", "SELECT"),  # a prefixed name
        ("SELECT * { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }", "SELECT"),
        ("SELECT * WHERE { FILTER (?a < 3 && ?b > 2) }", "SELECT"),  # < and > as operators
    ],
)
def test_allowed(query: str, form: str) -> None:
    assert query_form(query, ALLOWED) == form


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "select * where { service <http://evil.example/> { ?s ?p ?o } }",
        "SELECT * WHERE { SeRvIcE SILENT <http://evil.example/> { ?s ?p ?o } }",
        "PREFIX e: <http://evil.example/> SELECT * WHERE { SERVICE e:sparql { ?s ?p ?o } }",
        "SELECT * WHERE { BIND (<http://evil.example/> AS ?e) SERVICE ?e { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o . SERVICE\n<http://evil.example/> {} }",
        "SELECT * { SERVICE <https://query.wikidata.org.evil.example/> { } }",  # prefix trick
        "SELECT * { { SELECT * { SERVICE <http://evil.example/> { } } } }",  # in a subquery
    ],
)
def test_service_refused(query: str) -> None:
    with pytest.raises(ServiceForbidden):
        query_form(query, ("https://query.wikidata.org/sparql/",))


def test_service_refused_by_default() -> None:
    with pytest.raises(ServiceForbidden):
        query_form("SELECT * { SERVICE <https://query.wikidata.org/sparql> { } }")


@pytest.mark.parametrize(
    "query",
    [
        "INSERT DATA { <http://a> <http://b> <http://c> }",
        "PREFIX ex: <http://ex/> DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://evil.example/data.ttl>",
        "CLEAR ALL",
        "drop graph <http://ex/g>",
        "CREATE GRAPH <http://ex/g>",
        "WITH <http://ex/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "# comment first\nCOPY DEFAULT TO <http://ex/g>",
    ],
)
def test_update_refused(query: str) -> None:
    with pytest.raises(UpdateForbidden):
        query_form(query)
