"""What pages for people show besides a resource's description: an organization's units and
agreements over time, one-line summaries of unlabeled nodes (memberships, party nodes), the
dataset overview of the home page, and the label search.

Like :mod:`wpikg.describe`, every query runs through the query backend; the functions here
only build queries and read their rows.
"""

from __future__ import annotations

import asyncio
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph

from wpikg.describe import (
    PAGE_SIZE,
    Budget,
    Statement,
    Term,
    iri_ref,
    labels,
    select,
    statements,
)
from wpikg.namespaces import PREFIXES
from wpikg.queries import sparql_term
from wpikg.remote import QueryBackend

SKOS, RDFS, DCT = PREFIXES["skos"], PREFIXES["rdfs"], PREFIXES["dct"]
#: Labels the search looks at, best match first: names, then variants, then hidden spellings.
SEARCHED = (
    "skos:prefLabel",
    "rdfs:label",
    "dct:title",
    "schema:name",
    "kg:acronym",
    "skos:notation",
    "skos:altLabel",
    "skos:hiddenLabel",
)
_SEARCHED_LOCAL = [p.split(":")[1] for p in SEARCHED]
MAX_SEARCH_CHARS = 200


# -- organizations ----------------------------------------------------------------------------
@dataclass
class Organization:
    """An organization's units and its agreements over time (one page of them)."""

    units: list[str]
    per_year: list[tuple[str, int]]  # ("" for agreements without a start)
    agreements: list[dict[str, Term]]
    page: int

    @property
    def agreement_total(self) -> int:
        return sum(n for _, n in self.per_year)

    @property
    def busiest(self) -> int:
        return max((n for _, n in self.per_year), default=0)


def units_query(iri: str) -> str:
    ref = iri_ref(iri)
    return f"""SELECT DISTINCT ?u WHERE {{
  {{ ?u org:unitOf {ref} }} UNION {{ ?u org:subOrganizationOf {ref} }}
  UNION {{ ?u kg:hostInstitution {ref} }} UNION {{ ?u kg:satelliteOf {ref} }}
}} ORDER BY ?u"""


def _agreements_of(iri: str) -> str:
    ref = iri_ref(iri)
    return f"""{{ ?a kg:party {ref} }} UNION {{ ?a kg:relatedUnit {ref} }}
  ?a a kg:Agreement .
  OPTIONAL {{ ?a kg:startEarliest ?early }} OPTIONAL {{ ?a kg:startLatest ?late }}
  BIND(COALESCE(?early, ?late) AS ?when)"""


def per_year_query(iri: str) -> str:
    """Agreements of an organization (as a party or as the related RIKEN centre) per year."""
    return f"""SELECT ?year (COUNT(DISTINCT ?a) AS ?n) WHERE {{
  {_agreements_of(iri)}
  BIND(IF(BOUND(?when), STR(YEAR(?when)), "") AS ?year)
}} GROUP BY ?year ORDER BY ?year"""


def timeline_query(iri: str, page: int) -> str:
    """One page of an organization's agreements, oldest first, with dates and end status."""
    return f"""SELECT DISTINCT ?a ?when ?start ?startFY ?end ?endFY ?status WHERE {{
  {_agreements_of(iri)}
  OPTIONAL {{ ?a kg:startDate ?start }} OPTIONAL {{ ?a kg:startFiscalYear ?startFY }}
  OPTIONAL {{ ?a kg:endDate ?end }} OPTIONAL {{ ?a kg:endFiscalYear ?endFY }}
  OPTIONAL {{ ?a kg:endStatus ?status }}
}} ORDER BY ?when ?a LIMIT {PAGE_SIZE} OFFSET {(page - 1) * PAGE_SIZE}"""


async def organization(
    pool: QueryBackend, head: str, iri: str, budget: Budget, page: int
) -> Organization:
    (units, _), (years, _), (rows, _) = await asyncio.gather(
        select(pool, head + units_query(iri), budget),
        select(pool, head + per_year_query(iri), budget),
        select(pool, head + timeline_query(iri, page), budget),
    )
    per_year = [(r["year"].value, int(r["n"].value)) for r in years]
    per_year.sort(key=lambda item: (item[0] == "", item[0]))  # undated last
    return Organization([r["u"].value for r in units], per_year, rows, page)


# -- summaries of unlabeled nodes ---------------------------------------------------------------
def summary_query(iris: Iterable[str]) -> str:
    values = " ".join(iri_ref(i) for i in sorted(set(iris)))
    return f"""SELECT ?s ?p ?o WHERE {{
  VALUES ?s {{ {values} }} ?s ?p ?o FILTER(?p NOT IN (rdf:type, prov:wasDerivedFrom))
}} ORDER BY ?s ?p ?o"""


async def summaries(
    pool: QueryBackend, head: str, iris: Iterable[str], budget: Budget
) -> list[Statement]:
    """The triples of nodes that have no label, so a page can say what they are."""
    wanted = sorted(set(iris))
    if not wanted:
        return []
    rows, _ = await select(pool, head + summary_query(wanted), budget)
    return statements(rows)


# -- the home page ------------------------------------------------------------------------------
@dataclass
class Overview:
    """The dataset as its VoID/DCAT description (``graph/meta``) states it."""

    dataset: list[Statement]
    classes: list[tuple[str, int]]
    graphs: list[tuple[str, int]]
    sources: list[Statement]
    label_statements: list[Statement] = field(default_factory=list)

    def value(self, prop: str) -> list[Term]:
        return [st.o for st in self.dataset if st.p.value == prop]


def overview_queries(base: str) -> tuple[str, str, str, str]:
    meta, dataset = iri_ref(base + "graph/meta"), iri_ref(base + "dataset")
    return (
        f"SELECT ?p ?o WHERE {{ GRAPH {meta} {{ {dataset} ?p ?o }} }} ORDER BY ?p ?o",
        f"""SELECT ?c ?n WHERE {{ GRAPH {meta} {{
  {dataset} void:classPartition ?part . ?part void:class ?c ; void:entities ?n }} }}
ORDER BY DESC(?n) ?c""",
        f"""SELECT ?g ?n WHERE {{ GRAPH {meta} {{
  {dataset} void:subset ?g . ?g void:triples ?n }} }} ORDER BY ?g""",
        f"SELECT ?s ?p ?o WHERE {{ {dataset} dct:source ?s . ?s ?p ?o }} ORDER BY ?s ?p ?o",
    )


async def overview(pool: QueryBackend, head: str, base: str, budget: Budget) -> Overview:
    found = await asyncio.gather(*(select(pool, head + q, budget) for q in overview_queries(base)))
    (ds, _), (classes, _), (graphs, _), (sources, _) = found
    view = Overview(
        dataset=statements(ds, s=Term(base + "dataset")),
        classes=[(r["c"].value, int(r["n"].value)) for r in classes],
        graphs=[(r["g"].value, int(r["n"].value)) for r in graphs],
        sources=statements(sources),
    )
    mentioned = {c for c, _ in view.classes} | {t.value for st in view.sources for t in st}
    view.label_statements = await labels(pool, head, (i for i in mentioned), budget)
    return view


# -- search -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Hit:
    """A resource whose label matched, with the label that matched and how well."""

    iri: str
    matched: Term
    prop: str
    rank: tuple[int, int, int]


def normalize(text: str) -> str:
    """What the search compares: NFKC (full-width Latin, half-width kana) and lower case.

    >>> normalize("ＲＩＫＥＮ  ﾊﾟｽﾂｰﾙ")
    'riken  パスツール'
    """
    return unicodedata.normalize("NFKC", text).lower().strip()


def sparql_string(text: str) -> str:
    """A SPARQL string literal holding ``text`` (control characters dropped), written as the
    saved queries write their values (:func:`wpikg.queries.sparql_term`).

    >>> print(sparql_string('a "b" \\\\ c'))
    "a \\"b\\" \\\\ c"
    >>> print(sparql_string("\\\\u0022"))
    "\\\\\\U000000750022"
    """
    kept = "".join(c for c in text if c == " " or unicodedata.category(c)[0] != "C")
    return sparql_term(pyoxigraph.Literal(kept))


#: Most label matches a search reads (then ranks here); a single letter matches ~3,000.
SEARCH_ROWS_MAX = 20_000


def search_query(needle: str, limit: int = SEARCH_ROWS_MAX) -> str:
    return f"""SELECT DISTINCT ?s ?p ?l WHERE {{
  VALUES ?p {{ {" ".join(SEARCHED)} }} ?s ?p ?l
  FILTER(isIRI(?s) && CONTAINS(LCASE(STR(?l)), {sparql_string(needle)}))
}} LIMIT {limit}"""


def rank(needle: str, rows: Iterable[dict[str, Term]]) -> list[Hit]:
    """The best match per resource, best first: exact, then prefix, then contains; names
    before variant and hidden spellings; shorter labels first.

    >>> def row(s, p, label):
    ...     return {"s": Term(s), "p": Term(SKOS + p), "l": Term(label, "literal")}
    >>> rows = [row("urn:a", "hiddenLabel", "バスツール研究所"),
    ...         row("urn:b", "prefLabel", "バスツール")]
    >>> [h.iri for h in rank("バスツール", rows)]
    ['urn:b', 'urn:a']
    """
    best: dict[str, Hit] = {}
    for row in rows:
        text, prop = normalize(row["l"].value), row["p"].value
        local = prop.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        where = 0 if text == needle else 1 if text.startswith(needle) else 2
        order = _SEARCHED_LOCAL.index(local) if local in _SEARCHED_LOCAL else len(SEARCHED)
        hit = Hit(row["s"].value, row["l"], prop, (where, order, len(text)))
        if hit.iri not in best or hit.rank < best[hit.iri].rank:
            best[hit.iri] = hit
    return sorted(best.values(), key=lambda h: (h.rank, h.iri))


@dataclass
class SearchResult:
    text: str
    hits: list[Hit]
    total: int  # resources matched (among the first SEARCH_ROWS_MAX matching labels)
    types: dict[str, list[str]]
    label_statements: list[Statement]


def types_query(iris: Iterable[str]) -> str:
    values = " ".join(iri_ref(i) for i in sorted(set(iris)))
    return f"SELECT ?s ?t WHERE {{ VALUES ?s {{ {values} }} ?s a ?t }} ORDER BY ?s ?t"


async def search(
    pool: QueryBackend, head: str, text: str, budget: Budget, shown: int = 50
) -> SearchResult:
    """Resources whose labels (in any language, hidden spellings included) contain ``text``."""
    needle = normalize(text)
    limit = min(SEARCH_ROWS_MAX, budget.max_rows)
    rows, _ = await select(pool, head + search_query(needle, limit), budget)
    hits = rank(needle, rows)
    top = hits[:shown]
    types: dict[str, list[str]] = defaultdict(list)
    if top:
        found, _ = await select(pool, head + types_query(h.iri for h in top), budget)
        for row in found:
            types[row["s"].value].append(row["t"].value)
    mentioned = {h.iri for h in top} | {t for ts in types.values() for t in ts}
    names = await labels(pool, head, mentioned, budget)
    return SearchResult(text, top, len(hits), dict(types), names)
