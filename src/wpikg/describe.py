"""The bounded description of a resource, as the linked-data pages and RDF documents serve it.

A description holds what a client needs to render the resource without more requests:

- its own triples, and those of the nodes minted under its IRI (an agreement's
  ``…/party/{org}`` and ``…/count/parties`` nodes), the way a concise bounded description
  follows blank nodes (https://www.w3.org/Submission/CBD/);
- one page of the triples that point at it (:data:`PAGE_SIZE` per page), with the number of
  them per property, so a resource with hundreds of backlinks stays bounded;
- its provenance: the source records it derives from (with the verbatim line), the
  corrections made to those records, and the discrepancies about it;
- the labels of every resource it mentions.

Every query goes through the query backend (the embedded workers or a remote endpoint) as a
SELECT with SPARQL JSON results (https://www.w3.org/TR/sparql11-results-json/), read into
:class:`Term` values that pages and RDF serializers share.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import pyoxigraph

from wpikg import formats
from wpikg.namespaces import DEFAULT_BASE, PREFIXES
from wpikg.remote import QueryBackend
from wpikg.workers import QueryRequest

PAGE_SIZE = 100
XSD = PREFIXES["xsd"]
RDF_TYPE = PREFIXES["rdf"] + "type"
HYDRA = "http://www.w3.org/ns/hydra/core#"
#: Label properties, best first: what a page shows as a resource's name.
LABEL_PROPERTIES = (
    PREFIXES["skos"] + "prefLabel",
    PREFIXES["rdfs"] + "label",
    PREFIXES["dct"] + "title",
    PREFIXES["schema"] + "name",
    PREFIXES["skos"] + "altLabel",  # only the romanized ones (``@ja-Latn-…``) are fetched
)
#: What an IRI may hold to be written as ``<iri>`` in a query (whole string: ``fullmatch``).
_SAFE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^<>\"{}|^`\\\x00-\x20]*")


@dataclass(frozen=True, order=True)
class Term:
    """An RDF term: ``kind`` is ``uri``, ``literal`` or ``bnode``."""

    value: str
    kind: str = "uri"
    lang: str = ""
    datatype: str = ""

    @property
    def is_iri(self) -> bool:
        return self.kind == "uri"


class Statement(NamedTuple):
    s: Term
    p: Term
    o: Term


@dataclass(frozen=True)
class Budget:
    """The server's limits for one query: time and rows."""

    timeout_s: float
    max_rows: int


def term(binding: dict[str, str]) -> Term:
    """A :class:`Term` from a SPARQL JSON binding.

    >>> term({"type": "literal", "value": "理研", "xml:lang": "ja"})
    Term(value='理研', kind='literal', lang='ja', datatype='')
    >>> term({"type": "literal", "value": "x"}).datatype
    'http://www.w3.org/2001/XMLSchema#string'
    """
    kind = "literal" if binding["type"] == "typed-literal" else binding["type"]
    lang = binding.get("xml:lang", "")
    datatype = binding.get("datatype", "")
    if kind == "literal" and not lang and not datatype:
        datatype = XSD + "string"
    return Term(binding["value"], kind, lang, datatype)


def iri_ref(iri: str) -> str:
    """``<iri>`` for a query, refusing anything that could end the IRI early.

    >>> iri_ref("https://w3id.org/wpikg/id/organization/riken")
    '<https://w3id.org/wpikg/id/organization/riken>'
    >>> iri_ref("urn:x> } DROP ALL { <urn:y")
    Traceback (most recent call last):
    ValueError: not an IRI that can be queried: 'urn:x> } DROP ALL { <urn:y'
    >>> iri_ref("urn:x:a\\n")
    Traceback (most recent call last):
    ValueError: not an IRI that can be queried: 'urn:x:a\\n'
    """
    if not _SAFE_IRI.fullmatch(iri):
        raise ValueError(f"not an IRI that can be queried: {iri!r}")
    return f"<{iri}>"


def prologue(base: str) -> str:
    """``PREFIX`` lines with the project's prefixes moved under ``base`` (a rebased build).

    >>> "PREFIX kg: <http://localhost/ontology#>" in prologue("http://localhost/")
    True
    """
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in rebased_prefixes(base).items())


def rebased_prefixes(base: str) -> dict[str, str]:
    return {
        p: base + iri[len(DEFAULT_BASE) :] if iri.startswith(DEFAULT_BASE) else iri
        for p, iri in PREFIXES.items()
    }


async def select(
    pool: QueryBackend, query: str, budget: Budget
) -> tuple[list[dict[str, Term]], bool]:
    """The rows of a SELECT query, and whether the row cap cut them."""
    reply = await pool.run(QueryRequest(query, "json", budget.max_rows), budget.timeout_s)
    bindings = json.loads(reply.body)["results"]["bindings"]
    return [{k: term(v) for k, v in row.items()} for row in bindings], reply.truncated


# -- the queries --------------------------------------------------------------------------------
def own_query(iri: str) -> str:
    """The resource's triples and those of the nodes minted under its IRI."""
    ref = iri_ref(iri)
    return f"""SELECT DISTINCT ?s ?p ?o WHERE {{
  {{ {ref} ?p ?o BIND({ref} AS ?s) }}
  UNION
  {{ {ref} ?via ?s FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{iri}/")) ?s ?p ?o }}
}} ORDER BY ?s ?p ?o"""


def exists_query(iri: str) -> str:
    """Whether the IRI is used at all: as a subject, an object or the name of a graph."""
    ref = iri_ref(iri)
    return (
        f"ASK {{ {{ {ref} ?p ?o }} UNION {{ ?s ?p {ref} }} "
        f"UNION {{ GRAPH {ref} {{ ?s ?p ?o }} }} }}"
    )


def _incoming_pattern(iri: str) -> str:
    # The resource's own nodes pointing back are part of its own triples, not backlinks.
    return f'?s ?p {iri_ref(iri)} FILTER(!STRSTARTS(STR(?s), "{iri}/"))'


def incoming_counts_query(iri: str) -> str:
    return (
        f"SELECT ?p (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {_incoming_pattern(iri)} }} "
        "GROUP BY ?p ORDER BY ?p"
    )


def incoming_all_query(iri: str) -> str:
    return f"SELECT DISTINCT ?s ?p WHERE {{ {_incoming_pattern(iri)} }}"


def incoming_page_query(iri: str, page: int, size: int = PAGE_SIZE) -> str:
    """One page of backlinks, in a stable order (by property, then subject).

    >>> incoming_page_query("urn:x:a", 3, 10).endswith("LIMIT 10 OFFSET 20")
    True
    """
    return (
        f"SELECT DISTINCT ?s ?p WHERE {{ {_incoming_pattern(iri)} }} "
        f"ORDER BY ?p ?s LIMIT {size} OFFSET {(page - 1) * size}"
    )


def provenance_query(iri: str) -> str:
    """Records the resource (or one of its nodes) derives from, corrections of those records,
    and discrepancies about the resource or naming it as a claim: all their triples."""
    ref = iri_ref(iri)
    return f"""SELECT DISTINCT ?s ?p ?o WHERE {{
  {{
    {{ {ref} prov:wasDerivedFrom ?s }}
    UNION
    {{ {ref} ?via ?node FILTER(isIRI(?node) && STRSTARTS(STR(?node), "{iri}/"))
      ?node prov:wasDerivedFrom ?s }}
  }} UNION {{
    {{ {ref} prov:wasDerivedFrom ?record }} UNION {{ BIND({ref} AS ?record) }}
    ?s a kg:Correction ; kg:about ?record .
  }} UNION {{
    ?s a kg:Discrepancy . {{ ?s kg:about {ref} }} UNION {{ ?s kg:claim {ref} }}
  }}
  ?s ?p ?o .
}} ORDER BY ?s ?p ?o"""


def labels_query(iris: Iterable[str]) -> str:
    """The labels of many resources (romanized alternative labels included)."""
    values = " ".join(iri_ref(i) for i in sorted(set(iris)))
    props = ", ".join(f"<{p}>" for p in LABEL_PROPERTIES)
    # FILTER(?p IN …), not VALUES ?p: Oxigraph joins two VALUES blocks 15x slower.
    return f"""SELECT ?s ?p ?o WHERE {{
  VALUES ?s {{ {values} }} ?s ?p ?o
  FILTER(?p IN ({props}) && isLiteral(?o)
         && (?p != skos:altLabel || LANGMATCHES(LANG(?o), "ja-Latn")))
}}"""


def graphs_query(iri: str) -> str:
    return f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {iri_ref(iri)} ?p ?o }} }} ORDER BY ?g"


# -- the description ----------------------------------------------------------------------------
@dataclass
class Description:
    """What the server says about one resource (one page of its backlinks)."""

    iri: str
    own: list[Statement]
    incoming: list[Statement]
    incoming_counts: dict[str, int]
    provenance: list[Statement]
    graphs: list[str]
    page: int = 1
    page_size: int = PAGE_SIZE
    truncated: bool = False
    label_statements: list[Statement] = field(default_factory=list)

    @property
    def subject(self) -> Term:
        return Term(self.iri)

    @property
    def incoming_total(self) -> int:
        return sum(self.incoming_counts.values())

    @property
    def last_page(self) -> int:
        return max(1, -(-self.incoming_total // self.page_size))

    @property
    def has_next(self) -> bool:
        return self.page < self.last_page

    def values(self, prop: str, subject: str | None = None) -> list[Term]:
        """The objects of ``prop`` on the resource (or on one of its nodes)."""
        wanted = subject or self.iri
        return [st.o for st in self.own if st.s.value == wanted and st.p.value == prop]

    def types(self, subject: str | None = None) -> list[str]:
        return [t.value for t in self.values(RDF_TYPE, subject)]

    def nodes(self) -> list[str]:
        """The nodes minted under the resource's IRI, in order."""
        return sorted({st.s.value for st in self.own if st.s.value != self.iri})

    def statements(self) -> list[Statement]:
        """Everything, for an RDF document: own, backlinks, provenance, labels."""
        seen: dict[Statement, None] = {}
        for st in (*self.own, *self.incoming, *self.provenance, *self.label_statements):
            seen.setdefault(st)
        return list(seen)

    def core_statements(self) -> list[Statement]:
        """The resource itself with the labels of what it mentions (embedded in pages)."""
        mentioned = {t.value for st in self.own for t in st if t.is_iri}
        labels = [st for st in self.label_statements if st.s.value in mentioned]
        return [*self.own, *labels]

    def mentioned(self) -> set[str]:
        return {t.value for st in self.statements() for t in st if t.is_iri}


def parse_page(value: str | None) -> int:
    """The ``?page=`` number (1 when absent); ``ValueError`` for anything but a whole number
    from 1 to 1000000.

    >>> parse_page(None), parse_page("3")
    (1, 3)
    >>> parse_page("0")
    Traceback (most recent call last):
    ValueError: page must be a whole number from 1 to 1000000, not '0'
    """
    if value is None:
        return 1
    if not value.isdigit() or not 1 <= int(value) <= 1_000_000:
        raise ValueError(f"page must be a whole number from 1 to 1000000, not {value!r}")
    return int(value)


def statements(rows: Sequence[dict[str, Term]], **fixed: Term) -> list[Statement]:
    """Rows with ``s``, ``p``, ``o`` (some may be fixed) as statements."""
    return [Statement(*(fixed.get(k) or row[k] for k in ("s", "p", "o"))) for row in rows]


async def describe(
    pool: QueryBackend, iri: str, base: str, budget: Budget, page: int = 1
) -> Description | None:
    """The description of ``iri`` with page ``page`` of its backlinks; None when the store
    does not use the IRI at all."""
    head = prologue(base)
    (own, cut), (counts, _), (prov, prov_cut), (graphs, _) = await asyncio.gather(
        select(pool, head + own_query(iri), budget),
        select(pool, head + incoming_counts_query(iri), budget),
        select(pool, head + provenance_query(iri), budget),
        select(pool, head + graphs_query(iri), budget),
    )
    counted = {row["p"].value: int(row["n"].value) for row in counts}
    if not own and not counted and not graphs and not await exists(pool, head, iri, budget):
        return None
    links = await incoming_page(pool, head, iri, sum(counted.values()), page, budget)
    found = Description(
        iri=iri,
        own=statements(own),
        incoming=links,
        incoming_counts=counted,
        provenance=statements(prov),
        graphs=[row["g"].value for row in graphs],
        page=page,
        truncated=cut or prov_cut,
    )
    found.label_statements = await labels(pool, head, found.mentioned(), budget)
    return found


#: Up to this many backlinks, they are fetched unordered and sorted here: the store compares
#: IRIs slowly (an ``ORDER BY`` over RIKEN's 1,419 backlinks takes ten times the fetch).
SORT_HERE_MAX = 20_000


async def incoming_page(
    pool: QueryBackend, head: str, iri: str, total: int, page: int, budget: Budget
) -> list[Statement]:
    """Page ``page`` of the backlinks, ordered by property, then subject."""
    if total <= min(SORT_HERE_MAX, budget.max_rows):
        rows, _ = await select(pool, head + incoming_all_query(iri), budget)
        rows.sort(key=lambda row: (row["p"].value, row["s"].value))
        rows = rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    else:
        rows, _ = await select(pool, head + incoming_page_query(iri, page), budget)
    return statements(rows, o=Term(iri))


async def exists(pool: QueryBackend, head: str, iri: str, budget: Budget) -> bool:
    """Whether the store uses the IRI at all."""
    reply = await pool.run(QueryRequest(head + exists_query(iri), "json", 1), budget.timeout_s)
    return bool(json.loads(reply.body)["boolean"])


async def labels(
    pool: QueryBackend, head: str, iris: Iterable[str], budget: Budget, chunk: int = 400
) -> list[Statement]:
    """Label statements of every IRI (in chunks, so no query grows without bound)."""
    wanted = sorted(i for i in set(iris) if _SAFE_IRI.fullmatch(i))
    batches = [wanted[i : i + chunk] for i in range(0, len(wanted), chunk)]
    found = await asyncio.gather(
        *(select(pool, head + labels_query(batch), budget) for batch in batches)
    )
    return [st for rows, _ in found for st in statements(rows)]


# -- RDF ------------------------------------------------------------------------------------------
def document_statements(doc: str, iri: str, next_page: str | None) -> list[Statement]:
    """What the document says about itself: its topic, and the next page of backlinks
    (``hydra:next``, https://www.hydra-cg.com/spec/latest/core/#collections)."""
    out = [Statement(Term(doc), Term(PREFIXES["foaf"] + "primaryTopic"), Term(iri))]
    if next_page:
        out.append(Statement(Term(doc), Term(HYDRA + "next"), Term(next_page)))
    return out


def _ox(t: Term) -> pyoxigraph.NamedNode | pyoxigraph.Literal | pyoxigraph.BlankNode:
    if t.kind == "uri":
        return pyoxigraph.NamedNode(t.value)
    if t.kind == "bnode":
        return pyoxigraph.BlankNode(t.value)
    if t.lang:
        return pyoxigraph.Literal(t.value, language=t.lang)
    return pyoxigraph.Literal(t.value, datatype=pyoxigraph.NamedNode(t.datatype or XSD + "string"))


def serialize(sts: Iterable[Statement], fmt: formats.Format, base: str) -> bytes:
    """The statements in an RDF syntax, with the project's prefixes where the syntax has them.

    >>> st = Statement(Term("urn:x:a"), Term("http://www.w3.org/2000/01/rdf-schema#label"),
    ...                Term("<b>", "literal", "en"))
    >>> serialize([st], formats.TURTLE, DEFAULT_BASE).decode().splitlines()[-1]
    '<urn:x:a> rdfs:label "<b>"@en .'
    """
    listed = list(sts)
    triples = [pyoxigraph.Triple(_ox(s), _ox(p), _ox(o)) for s, p, o in listed]  # type: ignore[arg-type]
    ox_format = pyoxigraph.RdfFormat.from_media_type(fmt.media_type)
    if ox_format == pyoxigraph.RdfFormat.JSON_LD and not triples:
        return b"[]"
    if ox_format in (pyoxigraph.RdfFormat.TURTLE, pyoxigraph.RdfFormat.RDF_XML):
        iris = {t.value for st in listed for t in st if t.is_iri}
        prefixes = {**rebased_prefixes(base), "hydra": HYDRA}
        used = {p: ns for p, ns in prefixes.items() if _plain_use(ns, iris)}
        return pyoxigraph.serialize(triples, format=ox_format, prefixes=used) or b""
    return pyoxigraph.serialize(triples, format=ox_format) or b""


def _plain_use(namespace: str, iris: set[str]) -> bool:
    """Whether some IRI is ``namespace`` + a local name without ``/`` (a prefix whose every
    use would need ``\\/`` escapes reads worse than the full IRIs)."""
    return any(i.startswith(namespace) and "/" not in i[len(namespace) :] for i in iris)
