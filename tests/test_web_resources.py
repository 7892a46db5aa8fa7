"""Linked data over real HTTP (issue #5): every IRI dereferences (303 to its document), content
negotiation as a table, RDF that round-trips, bounded backlinks with a next page, bilingual
pages with provenance, the home page and search, the ontology and shapes, and the dumps."""

from __future__ import annotations

import hashlib
import http.client
import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pyoxigraph
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import FOAF, OWL, RDF, RDFS, SKOS, XSD
from tests.conftest import Built, running_server

from wpikg.describe import PAGE_SIZE
from wpikg.validate import load_shapes

B = "https://w3id.org/wpikg/"
KG = B + "ontology#"
RIKEN = "id/organization/riken"
AGREEMENT = "id/agreement/riken2017-l0091"  # RIKEN, APS (ANL) and JASRI: three parties
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
HYDRA_NEXT = URIRef("http://www.w3.org/ns/hydra/core#next")
RDFLIB = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}


@pytest.fixture
def client(live_server: str) -> Iterator[httpx.Client]:
    """A fresh client (no language cookie from another test)."""
    with httpx.Client(base_url=live_server, timeout=60) as session:
        yield session


def media_type(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0]


def parse(response: httpx.Response) -> Graph:
    """The response's graph (JSON-LD read by pyoxigraph: rdflib's JSON-LD parser warns)."""
    kind = media_type(response)
    if kind == "application/ld+json":
        return read_json_ld(response.content)
    return Graph().parse(data=response.content, format=RDFLIB[kind])


def read_json_ld(data: bytes | str) -> Graph:
    graph = Graph()
    raw = data.encode() if isinstance(data, str) else data
    for triple in pyoxigraph.parse(raw, format=pyoxigraph.RdfFormat.JSON_LD):
        graph.add(tuple(rdflib_term(t) for t in (triple.subject, triple.predicate, triple.object)))
    return graph


def rdflib_term(term: object) -> URIRef | Literal | BNode:
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    assert isinstance(term, pyoxigraph.Literal)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):  # rdflib writes plain strings without one
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


# -- content negotiation ------------------------------------------------------------------------
CONNEG = [
    # (Accept, ?format=, extension, status, media type)
    (BROWSER, None, "", 200, "text/html"),
    (None, None, "", 200, "text/html"),
    ("*/*", None, "", 200, "text/html"),
    ("text/turtle", None, "", 200, "text/turtle"),
    ("application/ld+json", None, "", 200, "application/ld+json"),
    ("application/n-triples", None, "", 200, "application/n-triples"),
    ("application/rdf+xml", None, "", 200, "application/rdf+xml"),
    ("text/plain", None, "", 200, "application/n-triples"),
    ("text/turtle;q=0.5, application/rdf+xml", None, "", 200, "application/rdf+xml"),
    ("text/html;q=0.1, text/turtle;q=0.9", None, "", 200, "text/turtle"),
    ("application/json", None, "", 406, "application/json"),
    ("image/png", None, "", 406, "application/json"),
    ("image/png, */*;q=0.1", None, "", 200, "text/html"),
    (BROWSER, "ttl", "", 200, "text/turtle"),
    (BROWSER, "jsonld", "", 200, "application/ld+json"),
    (None, "bogus", "", 406, "application/json"),
    ("text/turtle", None, ".html", 200, "text/html"),
    (BROWSER, None, ".ttl", 200, "text/turtle"),
    (BROWSER, None, ".jsonld", 200, "application/ld+json"),
    (BROWSER, None, ".nt", 200, "application/n-triples"),
    ("image/png", None, ".rdf", 200, "application/rdf+xml"),
]
EXTENSION = {
    "text/html": "html",
    "text/turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/n-triples": "nt",
    "application/rdf+xml": "rdf",
}


@pytest.mark.parametrize(("accept", "fmt", "extension", "status", "expected"), CONNEG)
def test_document_negotiates(
    client: httpx.Client,
    accept: str | None,
    fmt: str | None,
    extension: str,
    status: int,
    expected: str,
) -> None:
    headers = {"Accept": accept} if accept is not None else {}
    params = {"format": fmt} if fmt else {}
    response = client.get(f"/doc/{AGREEMENT}{extension}", headers=headers, params=params)
    assert (response.status_code, media_type(response)) == (status, expected), response.text
    if status == 406:
        assert response.json()["error"]["kind"] == "not-acceptable"
        return
    assert "Accept" in response.headers["vary"]
    chosen = EXTENSION[expected]
    assert response.headers["content-location"] == f"/doc/{AGREEMENT}.{chosen}"
    alternates = re.findall(r'<([^>]+)>; rel="alternate"; type="([^"]+)"', response.headers["link"])
    assert sorted(t for _, t in alternates) == sorted(set(EXTENSION) - {expected})
    for href, other in alternates:
        assert href == f"/doc/{AGREEMENT}.{EXTENSION[other]}"
    assert f'<{B}{AGREEMENT}>; rel="describes"' in response.headers["link"]


THINGS = [
    # (path, Accept, Location or None for 404, media type of the 404)
    (f"/{RIKEN}", BROWSER, f"/doc/{RIKEN}", None),
    (f"/{RIKEN}", "text/turtle", f"/doc/{RIKEN}", None),
    (f"/{RIKEN}.ttl", BROWSER, f"/doc/{RIKEN}.ttl", None),
    (f"/{RIKEN}?page=2", "text/turtle", f"/doc/{RIKEN}?page=2", None),
    ("/vocab/end-status/auto-renewal", "text/turtle", "/doc/vocab/end-status/auto-renewal", None),
    ("/graph/source/riken2017", BROWSER, "/doc/graph/source/riken2017", None),
    ("/dataset", BROWSER, "/doc/dataset", None),
    ("/id/organization/no-such-thing", BROWSER, None, "text/html"),
    ("/id/organization/no-such-thing", "text/turtle", None, "text/turtle"),
    ("/id/organization/no-such-thing.nt", BROWSER, None, "application/n-triples"),
    ("/id/organization/no-such-thing", "application/rdf+xml", None, "application/rdf+xml"),
    ("/id/organization/no-such-thing", "application/ld+json", None, "application/ld+json"),
    ("/id/organization/<script>", BROWSER, None, "text/html"),
]


@pytest.mark.parametrize(("path", "accept", "location", "missing"), THINGS)
def test_things_see_other_to_their_document(
    client: httpx.Client, path: str, accept: str, location: str | None, missing: str | None
) -> None:
    response = client.get(path, headers={"Accept": accept})
    if location is not None:
        assert response.status_code == 303
        assert response.headers["location"] == location
        assert "Accept" in response.headers["vary"]
        assert f'<{location}>; rel="describedby"' in response.headers["link"]
        assert response.headers["link"].count('rel="alternate"') == len(EXTENSION)
        followed = client.get(path, headers={"Accept": accept}, follow_redirects=True)
        assert followed.status_code == 200
        return
    assert (response.status_code, media_type(response)) == (404, missing)
    if missing in RDFLIB and missing != "application/ld+json":
        assert len(parse(response)) == 0  # an empty graph, with a comment saying why
        assert "no resource" in response.text
    elif missing == "application/ld+json":
        assert response.json()["error"]["kind"] == "not-found"
    else:
        assert "404" in response.text
        assert "<script>" not in response.text


def test_unknown_document_and_bad_pages(client: httpx.Client) -> None:
    missing = client.get("/doc/id/agreement/nope.ttl")
    assert missing.status_code == 404 and len(parse(missing)) == 0
    assert client.get(f"/doc/{RIKEN}", params={"page": "0"}).status_code == 400
    assert client.get(f"/doc/{RIKEN}", params={"page": "x"}).json()["error"]["kind"] == (
        "bad-request"
    )
    assert client.get(f"/doc/{RIKEN}", params={"page": "100000"}).status_code == 404


NEWLINE_PATHS = [f"/doc/{RIKEN}%0A", f"/{RIKEN}%0A", f"/doc/{RIKEN}%0A.ttl", "/ontology%0A"]


@pytest.mark.parametrize("path", [*NEWLINE_PATHS, "/dumps/wpikg.nq.gz%0A"])
def test_a_trailing_newline_names_nothing(client: httpx.Client, path: str) -> None:
    """``%0A`` decodes to a newline, which ``$`` (in our patterns and Starlette's routes)
    lets through: the path is not the resource's."""
    response = client.get(path, headers={"Accept": "text/turtle"})
    assert response.status_code == 404, path


def test_unknown_extensions_of_the_vocabularies_are_not_found(client: httpx.Client) -> None:
    for path in ("/ontology.xyz", "/shapes.xyz", "/ontology.ttl.ttl"):
        response = client.get(path, headers={"Accept": "text/turtle"})
        assert response.status_code == 404, path
        assert "content-location" not in response.headers
    assert client.get("/ontology.ttl").headers["content-location"] == "/ontology.ttl"


def test_head_answers_like_get_without_a_body(client: httpx.Client) -> None:
    paths = (f"/doc/{AGREEMENT}.ttl", f"/doc/{AGREEMENT}", "/ontology", "/", "/search?q=riken")
    for path in (*paths, "/dumps/", "/queries", "/query"):
        got, head = client.get(path), client.head(path)
        assert head.status_code == got.status_code == 200, path
        assert media_type(head) == media_type(got) and head.content == b"", path


# -- errors: a page for a browser, the JSON envelope for any other client ------------------------
@pytest.mark.parametrize(
    ("path", "status", "kind", "message"),
    [
        (f"/doc/{RIKEN}?page=abc", 400, "bad-request", "page must be a whole number"),
        ("/search?q=" + "x" * 201, 400, "bad-request", "longer than 200 characters"),
        ("/no/such/route", 404, "not-found", "Not Found"),
    ],
)
def test_errors_are_pages_for_a_browser_and_json_otherwise(
    client: httpx.Client, path: str, status: int, kind: str, message: str
) -> None:
    page = client.get(path, headers={"Accept": BROWSER, "Accept-Language": "ja"})
    assert (page.status_code, media_type(page)) == (status, "text/html")
    assert f"<h1>エラー {status}</h1>" in page.text and message in page.text
    assert "Accept" in page.headers["vary"]
    for accept in (None, "*/*", "application/ld+json", "text/turtle"):
        data = client.get(path, headers={"Accept": accept} if accept else {})
        assert (data.status_code, media_type(data)) == (status, "application/json"), accept
        assert data.json()["ok"] is False and data.json()["error"]["kind"] == kind
        assert message in data.json()["error"]["message"]


def test_a_malformed_multipart_body_is_a_bad_request(client: httpx.Client) -> None:
    headers = {"Content-Type": "multipart/form-data"}  # no boundary: Starlette's own 400
    response = client.post("/validate", content=b"--x\r\n", headers=headers)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["kind"] == "bad-request" and "boundary" in error["message"]
    page = client.post("/validate", content=b"--x\r\n", headers={**headers, "Accept": BROWSER})
    assert (page.status_code, media_type(page)) == (400, "text/html")


# -- every IRI dereferences ---------------------------------------------------------------------
def sample_iris(built: Built) -> list[str]:
    """One IRI per kind of thing the graph mints (by the path under the base), every named
    graph and concept scheme, and the dataset."""
    rows = built.select(
        f"""SELECT ?kind (MIN(STR(?s)) AS ?iri) WHERE {{
          ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{B}id/"))
          BIND(STRBEFORE(SUBSTR(STR(?s), {len(B) + 4}), "/") AS ?kind)
        }} GROUP BY ?kind"""
    )
    iris = [row["iri"] for row in rows]
    iris += [r["g"] for r in built.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")]
    iris += [r["s"] for r in built.select("SELECT ?s WHERE { ?s a skos:ConceptScheme }")]
    iris += [B + "dataset", B + "vocab/country/JP"]
    return sorted(set(iris))


def test_every_kind_of_iri_dereferences(client: httpx.Client, built: Built) -> None:
    iris = sample_iris(built)
    kinds = {iri[len(B) :].split("/")[1] for iri in iris if iri.startswith(B + "id/")}
    assert {"organization", "agreement", "person", "record", "discrepancy", "correction"} <= kinds
    assert {"event", "obs", "membership", "selection", "time", "document", "program"} <= kinds
    for iri in iris:
        path = "/" + iri[len(B) :]
        response = client.get(path, headers={"Accept": "text/turtle"}, follow_redirects=True)
        assert response.status_code == 200, path
        graph = parse(response)
        described = URIRef(iri)
        assert (described, None, None) in graph or (None, None, described) in graph, path
        page = client.get(path, headers={"Accept": BROWSER}, follow_redirects=True)
        assert page.status_code == 200 and "<h1" in page.text, path


# -- the description ----------------------------------------------------------------------------
def test_turtle_round_trips_own_incoming_and_labels(client: httpx.Client, built: Built) -> None:
    response = client.get(f"/{AGREEMENT}", headers={"Accept": "text/turtle"}, follow_redirects=True)
    graph = parse(response)
    me = URIRef(B + AGREEMENT)
    own = built.select(f"SELECT ?p ?o WHERE {{ <{me}> ?p ?o }}")
    assert own
    for row in own:
        objects = {str(o) for o in graph.objects(me, URIRef(row["p"]))}
        assert row["o"] in objects, row
    # the party nodes minted under the agreement come with it
    jasri_party = URIRef(f"{me}/party/jasri")
    assert (jasri_party, URIRef(KG + "partyRole"), URIRef(B + "vocab/party-role/third-party")) in (
        graph
    )
    # the labels of what it mentions, in both languages
    jasri = URIRef(B + "id/organization/jasri")
    assert {lit.language for lit in graph.objects(jasri, SKOS.prefLabel)} >= {"en", "ja"}
    riken_ja = Literal("理化学研究所", lang="ja")
    assert (URIRef(B + "id/organization/riken"), SKOS.prefLabel, riken_ja) in graph
    # its provenance: the source line, verbatim
    record = URIRef(B + "id/record/riken2017-l0091")
    raw = built.select(f"SELECT ?t WHERE {{ <{record}> kg:rawText ?t }}")[0]["t"]
    assert (record, URIRef(KG + "rawText"), Literal(raw)) in graph
    # what the document is about
    assert (None, FOAF.primaryTopic, me) in graph


def test_incoming_links_come_in_pages_with_a_next_link(client: httpx.Client, built: Built) -> None:
    riken = URIRef(B + RIKEN)
    expected = {
        (r["s"], r["p"])
        for r in built.select(
            f"""SELECT DISTINCT ?s ?p WHERE {{ ?s ?p <{riken}>
                FILTER(!STRSTARTS(STR(?s), "{riken}/")) }}"""
        )
    }
    assert len(expected) > 3 * PAGE_SIZE  # RIKEN is a party to hundreds of agreements
    seen: set[tuple[str, str]] = set()
    url: str | None = f"/doc/{RIKEN}.ttl"
    pages = 0
    while url:
        response = client.get(url)
        assert response.status_code == 200
        graph = parse(response)
        page = {(str(s), str(p)) for s, p in graph.subject_predicates(riken)}
        page = {pair for pair in page if pair in expected}
        assert len(page) == PAGE_SIZE or 'rel="next"' not in response.headers["link"]
        seen |= page
        pages += 1
        next_links = re.findall(r'<([^>]+)>; rel="next"', response.headers["link"])
        hydra = list(graph.objects(None, HYDRA_NEXT))
        assert len(next_links) == len(hydra) <= 1
        if next_links:
            assert next_links[0] == f"/doc/{RIKEN}.ttl?page={pages + 1}"
            assert str(hydra[0]) == f"{B}doc/{RIKEN}?page={pages + 1}"
        url = next_links[0] if next_links else None
    assert seen == expected
    assert pages == -(-len(expected) // PAGE_SIZE)


def test_every_representation_says_the_same(client: httpx.Client) -> None:
    graphs = []
    for extension in ("ttl", "nt", "jsonld", "rdf"):
        response = client.get(f"/doc/{AGREEMENT}.{extension}")
        assert response.status_code == 200
        graphs.append(parse(response))
    for other in graphs[1:]:
        assert isomorphic(graphs[0], other)


# -- pages for people ---------------------------------------------------------------------------
def h1(html: str) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert found, html[:500]
    return found[1].strip()


def test_the_label_follows_the_readers_language(client: httpx.Client) -> None:
    person = "/id/person/amano-hiroshi"
    english = client.get(
        person, headers={"Accept-Language": "en-GB,en;q=0.9"}, follow_redirects=True
    )
    japanese = client.get(person, headers={"Accept-Language": "ja,en;q=0.5"}, follow_redirects=True)
    assert h1(english.text) == "Hiroshi Amano" and 'lang="en"' in english.text
    assert h1(japanese.text) == "天野 浩" and 'lang="ja"' in japanese.text
    # a ja/en choice persists (a cookie set by ?lang=), over Accept-Language
    with httpx.Client(base_url=str(client.base_url), timeout=60) as reader:
        chosen = reader.get(
            f"/doc{person}", params={"lang": "ja"}, headers={"Accept-Language": "en"}
        )
        assert h1(chosen.text) == "天野 浩"
        assert "wpikg_lang=ja" in chosen.headers["set-cookie"]
        later = reader.get(f"/doc/{RIKEN}", headers={"Accept-Language": "en"})
        assert h1(later.text) == "理化学研究所"
        assert "English" in later.text  # the switch back
        reader.get("/", params={"lang": "en"})
        assert h1(reader.get(f"/doc/{RIKEN}").text) == "RIKEN"


def test_organization_page(client: httpx.Client, built: Built) -> None:
    page = client.get(f"/doc/{RIKEN}", headers={"Accept-Language": "en"}).text
    agreements = built.select(
        f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ {{ ?a kg:party <{B}{RIKEN}> }} "
        f"UNION {{ ?a kg:relatedUnit <{B}{RIKEN}> }} ?a a kg:Agreement }}"
    )[0]["n"]
    units = built.select(
        f"SELECT (COUNT(DISTINCT ?u) AS ?n) WHERE {{ ?u org:unitOf|org:subOrganizationOf "
        f"<{B}{RIKEN}> }}"
    )[0]["n"]
    assert f"Agreements over time ({agreements})" in page
    assert f"Units ({units})" in page
    assert "Japan" in page and "Country or region" in page
    parties = built.select(
        f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ ?a kg:party <{B}{RIKEN}> }}"
    )
    assert re.search(rf'class="count">{parties[0]["n"]}<', page)  # backlinks grouped, counted


def test_agreement_page(client: httpx.Client, built: Built) -> None:
    page = client.get(f"/doc/{AGREEMENT}", headers={"Accept-Language": "en"}).text
    panel = page.split('id="agreement"', 1)[1].split("</section>", 1)[0]
    for name in ("RIKEN", "Advanced Photon Source, ANL", "Japan Synchrotron Radiation Research"):
        assert name in panel
    assert "Principal" in panel and "Third party" in panel
    assert "2006-03" in panel and ">month<" in panel  # the date with its precision
    assert "Fixed end date" in panel and "2018-03-01 – 2018-03-31" in panel
    assert "Related centres" in panel
    assert 'href="/id/organization/riken-rsc"' in panel
    record = built.select(f"SELECT ?t WHERE {{ <{B}id/record/riken2017-l0091> kg:rawText ?t }}")
    raw = record[0]["t"].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert raw in page and "line 91" in page
    japanese = client.get(f"/doc/{AGREEMENT}", params={"lang": "ja"}).text
    assert "当事者" in japanese and "主体" in japanese


def test_provenance_shows_corrections_and_discrepancies(client: httpx.Client, built: Built) -> None:
    row = built.select(
        """SELECT ?a ?original ?corrected ?reason WHERE {
             ?c a kg:Correction ; kg:about ?r ; kg:original ?original ; kg:corrected ?corrected ;
                kg:reason ?reason FILTER(LANG(?reason) = "en")
             ?a a kg:Agreement ; prov:wasDerivedFrom ?r } ORDER BY ?a LIMIT 1"""
    )[0]
    page = client.get("/doc/" + row["a"][len(B) :], headers={"Accept-Language": "en"}).text
    provenance = page.split('id="provenance"', 1)[1]
    for text in (row["original"], row["corrected"], row["reason"]):
        assert escape(text.strip()) in provenance
    about = built.select(
        "SELECT ?d ?o ?why WHERE { ?d a kg:Discrepancy ; kg:about ?o ; kg:rationale ?why "
        'FILTER(LANG(?why) = "en") } ORDER BY ?d LIMIT 1'
    )[0]
    page = client.get("/doc/" + about["o"][len(B) :], headers={"Accept-Language": "en"}).text
    assert escape(about["why"]) in page.split('id="provenance"', 1)[1]


def escape(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&#34;")
        .replace("'", "&#39;")
    )


def test_pages_embed_their_json_ld(client: httpx.Client) -> None:
    page = client.get(f"/doc/{AGREEMENT}").text
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", page, re.S)
    assert len(scripts) == 1  # no JavaScript, only the data
    assert '<script type="application/ld+json">' in page
    embedded = read_json_ld(scripts[0])
    assert (URIRef(B + AGREEMENT), RDFS.label, None) in embedded
    assert "</" not in scripts[0]


def test_home_page(client: httpx.Client, built: Built) -> None:
    page = client.get("/", headers={"Accept-Language": "en"}).text
    for link in ('href="/query"', 'href="/queries"', 'href="/dumps/"', 'href="/.well-known/void"'):
        assert link in page
    assert 'action="/search"' in page
    counts = built.select(
        f"""SELECT ?c ?n WHERE {{ GRAPH <{B}graph/meta> {{
            ?part void:class ?c ; void:entities ?n }} }}"""
    )
    agreements = next(r["n"] for r in counts if r["c"] == KG + "Agreement")
    assert re.search(rf'href="/ontology#Agreement"[^>]*>Agreement</a>.*?{agreements}<', page, re.S)
    for document in built.select("SELECT ?d WHERE { ?d a kg:SourceDocument }"):
        assert f'href="/{document["d"][len(B) :]}"' in page
    void = client.get("/", headers={"Accept": "text/turtle"})
    assert void.status_code == 200
    assert (URIRef(B + "dataset"), None, None) in parse(void)


def test_search_finds_labels_in_both_languages_and_hidden_spellings(
    client: httpx.Client, built: Built
) -> None:
    for text in ("riken", "RIKEN", "理化学研究所"):
        page = client.get("/search", params={"q": text}).text
        first = re.search(r'<ol class="hits">\s*<li><a href="([^"]+)"', page)
        assert first and first[1] == f"/{RIKEN}", text
    # a hidden spelling that no name contains: only the hidden label can find it
    names = [r["l"].lower() for r in built.select("SELECT ?l { ?x skos:prefLabel|rdfs:label ?l }")]
    hidden = next(
        row
        for row in built.select("SELECT ?s ?l { ?s skos:hiddenLabel ?l } ORDER BY ?s ?l")
        if not any(row["l"].lower() in name for name in names)
    )
    page = client.get("/search", params={"q": hidden["l"]}).text
    assert f'href="/{hidden["s"][len(B) :]}"' in page
    assert "matched" in page
    none = client.get("/search", params={"q": "zzqqxx-nothing"}).text
    assert "Nothing matches" in none
    assert client.get("/search", params={"q": "x" * 201}).status_code == 400


# -- escaping -----------------------------------------------------------------------------------
SCRIPT = "<script>alert('x')</script>"


OTHER_BASE = "http://example.org/kg/"
#: IRIs no page may link to as they are: scripts and inline documents (shown as text), and an
#: IRI under the base whose local part starts with "/" (a link to "//evil.example/x" would
#: leave the site).
NOT_LINKS = [f"javascript:alert({n})" for n in range(1, 6)]
NOT_LINKS += ["data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "urn:x:not-a-place"]
OFF_SITE = OTHER_BASE + "/evil.example/x"


@pytest.fixture(scope="module")
def hostile_server(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server over a tiny store whose literals hold markup and whose IRIs hold scripts,
    minted under another base."""
    store_dir = tmp_path_factory.mktemp("hostile") / "store"
    store = pyoxigraph.Store(str(store_dir))
    me = pyoxigraph.NamedNode(OTHER_BASE + "id/organization/hostile")
    graph = pyoxigraph.NamedNode(OTHER_BASE + "graph/registry")
    label = pyoxigraph.NamedNode(str(SKOS.prefLabel))
    see_also = pyoxigraph.NamedNode(str(RDFS.seeAlso))
    comment = pyoxigraph.NamedNode(str(RDFS.comment))
    same_as = pyoxigraph.NamedNode(str(OWL.sameAs))
    script, scripted_type, scripted_property, licence, graph_name, data, urn = map(
        pyoxigraph.NamedNode, NOT_LINKS
    )
    meta = pyoxigraph.NamedNode(OTHER_BASE + "graph/meta")
    license_ = pyoxigraph.NamedNode("http://purl.org/dc/terms/license")
    store.extend(
        [
            pyoxigraph.Quad(me, see_also, script, graph),
            pyoxigraph.Quad(me, see_also, data, graph),
            pyoxigraph.Quad(me, see_also, urn, graph),
            pyoxigraph.Quad(me, same_as, pyoxigraph.NamedNode(OFF_SITE), graph),
            pyoxigraph.Quad(me, pyoxigraph.NamedNode(str(RDF.type)), scripted_type, graph),
            pyoxigraph.Quad(me, scripted_property, pyoxigraph.Literal("x"), graph),
            pyoxigraph.Quad(me, comment, pyoxigraph.Literal("in a scripted graph"), graph_name),
            pyoxigraph.Quad(pyoxigraph.NamedNode(OTHER_BASE + "dataset"), license_, licence, meta),
            pyoxigraph.Quad(me, label, pyoxigraph.Literal(SCRIPT, language="en"), graph),
            pyoxigraph.Quad(me, label, pyoxigraph.Literal(f"悪意{SCRIPT}", language="ja"), graph),
            pyoxigraph.Quad(
                me,
                comment,
                pyoxigraph.Literal('"></a><img src=x onerror=alert(1)> & </script>'),
                graph,
            ),
        ]
    )
    store.flush()
    del store
    env = {"WPIKG_QUERY_WORKERS": "1", "WPIKG_BASE_IRI": OTHER_BASE}
    args = ("--store-dir", str(store_dir))
    with running_server(built.settings.project_dir, *args, env=env) as base:
        yield base


def test_everything_rendered_is_escaped(hostile_server: str) -> None:
    with httpx.Client(base_url=hostile_server, timeout=60) as session:
        for lang in ("en", "ja"):
            page = session.get("/doc/id/organization/hostile", params={"lang": lang})
            assert page.status_code == 200
            assert "<script>alert" not in page.text and "<img" not in page.text
            assert "&lt;script&gt;alert(" in page.text
            scripts = re.findall(r"<script[^>]*>(.*?)</script>", page.text, re.S)
            assert len(scripts) == 1 and "<" not in scripts[0]
            embedded = read_json_ld(scripts[0])
            assert Literal(SCRIPT, lang="en") in set(embedded.objects())
        found = session.get("/search", params={"q": "<script>"})
        assert "<script>alert" not in found.text and "&lt;script&gt;" in found.text
        missing = session.get("/id/organization/<b>x</b>", headers={"Accept": BROWSER})
        assert missing.status_code == 404 and "<b>x</b>" not in missing.text


def test_only_web_addresses_are_links(hostile_server: str) -> None:
    """Any IRI can be in the data (pyoxigraph takes ``<javascript:alert(1)>``): a page links
    to http(s) IRIs and to paths on this server (one leading "/"), and shows the rest as
    text."""
    with httpx.Client(base_url=hostile_server, timeout=60) as session:
        path = "/doc/id/organization/hostile"
        pages = [session.get(path, params={"lang": lang}).text for lang in ("en", "ja")]
        pages.append(session.get("/dumps/").text)
    for page in pages:
        hrefs = re.findall(r"""\bhref\s*=\s*["']?([^"' >]*)""", page, re.I)
        assert hrefs
        for href in hrefs:
            assert re.match(r"(/(?![/\\])|#|\?|https?://)", href), href
    licence = NOT_LINKS[3]  # on the dumps page; the others on the resource's
    for iri in NOT_LINKS:
        assert iri in (pages[-1] if iri == licence else pages[0]), iri  # as text
    assert f'href="/evil.example/x" title="{OFF_SITE}"' in pages[0]


def test_paths_map_onto_the_configured_base(hostile_server: str) -> None:
    """The server's base is not the default: the same paths name IRIs under it."""
    with httpx.Client(base_url=hostile_server, timeout=60) as session:
        thing = session.get("/id/organization/hostile", headers={"Accept": "text/turtle"})
        assert thing.status_code == 303
        graph = parse(session.get(thing.headers["location"], headers={"Accept": "text/turtle"}))
        me = URIRef(OTHER_BASE + "id/organization/hostile")
        assert (me, SKOS.prefLabel, Literal(SCRIPT, lang="en")) in graph
        assert not any(str(t).startswith(B) for triple in graph for t in triple)
        page = session.get("/doc/id/organization/hostile").text
        assert f"<code>{me}</code>" in page
        ontology = session.get("/ontology.ttl")
        assert (URIRef(OTHER_BASE + "ontology#Agreement"), None, None) in parse(ontology)
        assert 'href="/ontology#Agreement"' in session.get("/ontology").text


# -- the ontology and the shapes ----------------------------------------------------------------
def test_ontology_documents_every_term(client: httpx.Client, built: Built) -> None:
    source = Graph().parse(built.settings.ontology_dir / "wpikg.ttl", format="turtle")
    terms = {str(s) for s in source.subjects() if str(s).startswith(KG)}
    page = client.get("/ontology", headers={"Accept-Language": "en"})
    assert page.status_code == 200 and page.headers["content-location"] == "/ontology.html"
    for term in terms:
        assert f'id="{term[len(KG) :]}"' in page.text, term
    party = page.text.split('id="party"', 1)[1].split("</article>", 1)[0]
    assert 'href="/ontology#Agreement"' in party  # domain
    assert 'href="/shapes#AgreementShape-parties"' in party  # a shape that applies
    turtle = client.get("/ontology", headers={"Accept": "text/turtle"})
    assert turtle.headers["content-location"] == "/ontology.ttl"
    assert isomorphic(parse(turtle), source)
    assert client.get("/ontology/1.0").headers["location"] == "/ontology"
    assert client.get("/ontology.jsonld").status_code == 200


def test_shapes_are_documented_with_anchors(client: httpx.Client, built: Built) -> None:
    page = client.get("/shapes").text
    shapes = Graph()
    for path in sorted(Path(built.settings.shapes_dir).glob("*.ttl")):
        shapes.parse(path, format="turtle")
    served = parse(client.get("/shapes.ttl"))  # blank nodes: equal sizes, not isomorphism (slow)
    assert len(served) == len(load_shapes(built.settings.shapes_dir))
    named = {
        str(s)
        for s in shapes.subjects()
        if str(s).startswith(B + "shapes#")
        and (s, None, None) in shapes
        and (
            (s, URIRef("http://www.w3.org/ns/shacl#property"), None) in shapes
            or (s, URIRef("http://www.w3.org/ns/shacl#path"), None) in shapes
        )
    }
    assert named
    for shape in named:
        assert f'id="{shape.split("#", 1)[1]}"' in page, shape


# -- named graphs and dumps ---------------------------------------------------------------------
def test_a_named_graph_has_a_description_and_a_download(client: httpx.Client, built: Built) -> None:
    page = client.get("/graph/source/riken2017", follow_redirects=True)
    assert page.status_code == 200
    triples = built.report["dumps"]["graphs/source-riken2017.ttl"]["triples"]
    assert f"{triples:,}" in page.text or str(triples) in page.text
    assert 'href="/dumps/graphs/source-riken2017.ttl"' in page.text
    download = client.get("/dumps/graphs/source-riken2017.ttl")
    assert (
        download.content == (built.settings.dist_path / "graphs/source-riken2017.ttl").read_bytes()
    )
    assert len(Graph().parse(data=download.content, format="turtle")) == triples


def test_dumps_are_listed_with_size_count_checksum_and_license(
    client: httpx.Client, built: Built
) -> None:
    page = client.get("/dumps/", headers={"Accept-Language": "en"}).text
    assert "https://creativecommons.org/licenses/by/4.0/" in page
    dist = built.settings.dist_path
    for name, facts in built.report["dumps"].items():
        path = dist / name
        row = page.split(f'href="/dumps/{name}"', 1)[1].split("</tr>", 1)[0]
        assert hashlib.sha256(path.read_bytes()).hexdigest() in row
        count = facts.get("quads", facts.get("triples"))
        assert f"{count:,}" in row
        served = client.get(f"/dumps/{name}")
        assert served.status_code == 200 and served.content == path.read_bytes()
    assert client.get("/dumps/wpikg.nq.gz").headers["content-type"] == "application/gzip"
    assert client.get("/dumps").headers["location"] == "/dumps/"


@pytest.mark.parametrize(
    "raw_path",
    [
        "/dumps/../../pyproject.toml",
        "/dumps/..%2f..%2fpyproject.toml",
        "/dumps/%2e%2e/%2e%2e/pyproject.toml",
        "/dumps/graphs/../../../data/corrections.tsv",
        "/dumps//etc/passwd",
        "/dumps/nothing.ttl",
    ],
)
def test_dumps_refuse_paths_outside_the_folder(live_server: str, raw_path: str) -> None:
    """Raw request targets (no client-side normalization of ``..``)."""
    where = urlsplit(live_server)
    connection = http.client.HTTPConnection(where.hostname or "", where.port, timeout=30)
    try:
        connection.request("GET", raw_path)
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    assert response.status == 404, raw_path
    assert b"[project]" not in body and b"root:" not in body
    assert json.loads(body)["error"]["kind"] == "not-found"


def test_stylesheet(client: httpx.Client) -> None:
    css = client.get("/static/wpikg.css")
    assert css.status_code == 200 and media_type(css) == "text/css"
    assert len(css.content) < 16_000  # one small stylesheet
    assert "@media" in css.text  # readable on a phone


def test_every_page_text_exists_in_both_languages() -> None:
    from wpikg.web.messages import MESSAGES

    assert MESSAGES["en"].keys() == MESSAGES["ja"].keys()
    web = Path(__file__).resolve().parents[1] / "src/wpikg/web"
    used = {"precision-day", "precision-month", "precision-year"}  # "precision-" + precision
    for template in (web / "templates").glob("*.html"):
        used |= set(re.findall(r"""v\.t\(["']([\w-]+)["']""", template.read_text()))
    code = "".join(path.read_text() for path in web.glob("*.py") if path.name != "messages.py")
    used |= {key for key in MESSAGES["en"] if f'"{key}"' in code}
    assert set(MESSAGES["en"]) == used
