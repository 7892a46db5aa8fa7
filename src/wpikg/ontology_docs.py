"""Documentation of the ontology and the shapes, generated from ``ontology/*.ttl`` and
``shapes/*.ttl``: what ``/ontology`` and ``/shapes`` show (with one anchor per term, since the
terms are hash IRIs whose fragment the browser resolves) and serve as RDF.

The files name everything under the default base; a deployment with another base sees them
rebased (as the build rebases the data). The model is read once per change of the files.
Structured values (SHACL paths, lists, nested shapes) become :data:`Expr`: text and IRIs, so
pages can link every IRI.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS
from rdflib.term import Node

from wpikg.config import Settings
from wpikg.iris import rebase
from wpikg.namespaces import DEFAULT_BASE
from wpikg.rdf_files import read_graph
from wpikg.validate import load_shapes


@dataclass(frozen=True)
class Iri:
    """An IRI inside an :data:`Expr`."""

    value: str


#: A readable rendering of an RDF value: text pieces and IRIs (which pages link).
Expr = list[str | Iri]
_LIST_SHOWN = 12
_KINDS = (
    (OWL.Class, "class"),
    (OWL.ObjectProperty, "object-property"),
    (OWL.DatatypeProperty, "datatype-property"),
    (OWL.AnnotationProperty, "annotation-property"),
    (RDFS.Datatype, "datatype"),
)


@dataclass
class TermDoc:
    """One class, property or datatype of the ontology."""

    iri: str
    anchor: str
    kind: str
    labels: dict[str, str]
    comments: dict[str, str]
    domain: list[str]
    range: list[str]
    supers: list[str]
    subs: list[str] = field(default_factory=list)
    characteristics: list[str] = field(default_factory=list)
    shapes: list[str] = field(default_factory=list)
    matches: list[str] = field(default_factory=list)


@dataclass
class SchemeDoc:
    iri: str
    labels: dict[str, str]
    concepts: int


@dataclass
class OntologyDoc:
    iri: str
    titles: dict[str, str]
    descriptions: dict[str, str]
    version: str
    license: str
    terms: list[TermDoc]
    schemes: list[SchemeDoc]
    graph: Graph
    _rdf: dict[str, bytes] = field(default_factory=dict, repr=False)

    def rdf(self, rdflib_format: str) -> bytes:
        """The ontology in an RDF syntax (rdflib's format name), serialized once."""
        return _serialized(self.graph, self._rdf, rdflib_format)

    def of_kind(self, kind: str) -> list[TermDoc]:
        return [t for t in self.terms if t.kind == kind]

    def term(self, iri: str) -> TermDoc | None:
        return next((t for t in self.terms if t.iri == iri), None)


@dataclass
class ConstraintDoc:
    """One SHACL parameter of a shape: its name (``sh:minCount``) and value."""

    name: str
    value: Expr


@dataclass
class PropertyShapeDoc:
    iri: str
    anchor: str
    path: Expr
    constraints: list[ConstraintDoc]
    severity: str
    messages: dict[str, str]


@dataclass
class ShapeDoc:
    """A named node shape with its targets, own constraints and property shapes."""

    iri: str
    anchor: str
    labels: dict[str, str]
    targets: list[ConstraintDoc]
    constraints: list[ConstraintDoc]
    properties: list[PropertyShapeDoc]
    severity: str
    messages: dict[str, str]


@dataclass
class ShapesDoc:
    iri: str
    labels: dict[str, str]
    shapes: list[ShapeDoc]
    graph: Graph
    _rdf: dict[str, bytes] = field(default_factory=dict, repr=False)

    def rdf(self, rdflib_format: str) -> bytes:
        """The shapes in an RDF syntax (rdflib's format name), serialized once."""
        return _serialized(self.graph, self._rdf, rdflib_format)

    def applying_to(self, term_iri: str) -> list[str]:
        """Shapes that target a class or constrain a property (IRIs with anchors)."""
        found = [s.iri for s in self.shapes if Iri(term_iri) in _flat_targets(s)]
        found += [p.iri for s in self.shapes for p in s.properties if p.path == [Iri(term_iri)]]
        return found


def _serialized(graph: Graph, cache: dict[str, bytes], rdflib_format: str) -> bytes:
    if rdflib_format not in cache:
        cache[rdflib_format] = graph.serialize(format=rdflib_format, encoding="utf-8")
    return cache[rdflib_format]


def _flat_targets(shape: ShapeDoc) -> list[str | Iri]:
    return [part for t in shape.targets if t.name == "sh:targetClass" for part in t.value]


# -- reading ------------------------------------------------------------------------------------
def documentation(settings: Settings) -> tuple[OntologyDoc, ShapesDoc]:
    """The ontology and shapes documentation for the settings' files and base."""
    files = sorted(settings.ontology_dir.glob("*.ttl")) + sorted(settings.shapes_dir.glob("*.ttl"))
    stamp = tuple((str(f), f.stat().st_mtime_ns) for f in files)
    return _documentation(settings.ontology_dir, settings.shapes_dir, settings.base_iri, stamp)


@lru_cache(maxsize=4)
def _documentation(
    ontology_dir: Path, shapes_dir: Path, base: str, stamp: tuple[tuple[str, int], ...]
) -> tuple[OntologyDoc, ShapesDoc]:
    ontology = rebased(read_graph(ontology_dir / "wpikg.ttl"), base)
    vocab = rebased(read_graph(ontology_dir / "vocab.ttl"), base)
    shapes = shapes_doc(rebased(load_shapes(shapes_dir), base), base)
    doc = ontology_doc(ontology, vocab, base)
    for term in doc.terms:
        term.shapes = shapes.applying_to(term.iri)
    return doc, shapes


def rebased(graph: Graph, base: str) -> Graph:
    """The graph with the default base replaced by ``base`` (prefixes kept)."""
    if base == DEFAULT_BASE:
        return graph
    out = Graph()
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, rebase(URIRef(namespace), base), override=True)
    for s, p, o in graph:
        out.add((rebase(s, base), rebase(p, base), rebase(o, base)))  # type: ignore[arg-type]
    return out


def _texts(graph: Graph, node: Node, prop: URIRef) -> dict[str, str]:
    return {
        (o.language or ""): str(o)
        for o in graph.objects(node, prop)  # type: ignore[arg-type]
        if isinstance(o, Literal)
    }


def _iris(graph: Graph, node: Node, prop: URIRef) -> list[str]:
    return sorted(str(o) for o in graph.objects(node, prop) if isinstance(o, URIRef))  # type: ignore[arg-type]


def ontology_doc(graph: Graph, vocab: Graph, base: str) -> OntologyDoc:
    """The ontology's own terms (those in its namespace), each with what defines it."""
    iri = URIRef(base + "ontology")
    namespace = base + "ontology#"
    terms = [_term(graph, s, kind) for s, kind in _own_terms(graph, namespace)]
    by_iri = {t.iri: t for t in terms}
    for t in terms:
        for parent in t.supers:
            if parent in by_iri:
                by_iri[parent].subs.append(t.iri)
    return OntologyDoc(
        iri=str(iri),
        titles=_texts(graph, iri, DCTERMS.title),
        descriptions=_texts(graph, iri, DCTERMS.description),
        version=str(graph.value(iri, OWL.versionInfo) or ""),
        license=str(graph.value(iri, DCTERMS.license) or ""),
        terms=sorted(terms, key=lambda t: t.anchor.lower()),
        schemes=_schemes(vocab),
        graph=graph,
    )


def _own_terms(graph: Graph, namespace: str) -> Iterator[tuple[URIRef, str]]:
    for cls, kind in _KINDS:
        for s in sorted(graph.subjects(RDF.type, cls)):
            if isinstance(s, URIRef) and s.startswith(namespace):
                yield s, kind


def _term(graph: Graph, s: URIRef, kind: str) -> TermDoc:
    supers = _iris(graph, s, RDFS.subClassOf) + _iris(graph, s, RDFS.subPropertyOf)
    characteristics = [
        str(t).rsplit("#", 1)[-1]
        for t in graph.objects(s, RDF.type)
        if t in (OWL.FunctionalProperty, OWL.InverseFunctionalProperty, OWL.TransitiveProperty)
    ]
    return TermDoc(
        iri=str(s),
        anchor=str(s).rsplit("#", 1)[-1],
        kind=kind,
        labels=_texts(graph, s, RDFS.label),
        comments=_texts(graph, s, RDFS.comment),
        domain=_iris(graph, s, RDFS.domain),
        range=_iris(graph, s, RDFS.range),
        supers=supers,
        characteristics=sorted(characteristics),
        matches=_iris(graph, s, SKOS.closeMatch) + _iris(graph, s, SKOS.exactMatch),
    )


def _schemes(vocab: Graph) -> list[SchemeDoc]:
    schemes = []
    for s in sorted(vocab.subjects(RDF.type, SKOS.ConceptScheme)):
        concepts = len(set(vocab.subjects(SKOS.inScheme, s)))
        labels = _texts(vocab, s, SKOS.prefLabel) or _texts(vocab, s, RDFS.label)
        schemes.append(SchemeDoc(str(s), labels, concepts))
    return schemes


# -- shapes -------------------------------------------------------------------------------------
_SHOWN_ELSEWHERE = {SH.property, SH.message, SH.severity, RDFS.label, RDF.type, SH.path}
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


def shapes_doc(graph: Graph, base: str) -> ShapesDoc:
    """Every named node shape, with its property shapes."""
    iri = URIRef(base + "shapes#")
    named = {
        s
        for s in set(graph.subjects(RDF.type, SH.NodeShape)) | set(graph.subjects(SH.property))
        if isinstance(s, URIRef)
    }
    shapes = [_shape(graph, s) for s in sorted(named, key=lambda n: str(n).lower())]
    labels = _texts(graph, iri, RDFS.label)
    return ShapesDoc(str(iri), labels, shapes, graph)


def _shape(graph: Graph, s: URIRef) -> ShapeDoc:
    props = [_property_shape(graph, p) for p in sorted(graph.objects(s, SH.property))]
    return ShapeDoc(
        iri=str(s),
        anchor=_anchor(s),
        labels=_texts(graph, s, RDFS.label),
        targets=[c for c in _constraints(graph, s) if URIRef(_sh_iri(c.name)) in _TARGETS],
        constraints=[c for c in _constraints(graph, s) if URIRef(_sh_iri(c.name)) not in _TARGETS],
        properties=props,
        severity=_severity(graph, s),
        messages=_texts(graph, s, SH.message),
    )


def _property_shape(graph: Graph, p: Node) -> PropertyShapeDoc:
    path = graph.value(p, SH.path)  # type: ignore[arg-type]
    return PropertyShapeDoc(
        iri=str(p) if isinstance(p, URIRef) else "",
        anchor=_anchor(p) if isinstance(p, URIRef) else "",
        path=expr(graph, path) if path is not None else [],
        constraints=_constraints(graph, p),
        severity=_severity(graph, p),
        messages=_texts(graph, p, SH.message),
    )


def _anchor(node: Node) -> str:
    return str(node).rsplit("#", 1)[-1]


def _sh_iri(name: str) -> str:
    return str(SH) + name.removeprefix("sh:")


def _severity(graph: Graph, node: Node) -> str:
    value = graph.value(node, SH.severity)  # type: ignore[arg-type]
    return str(value).rsplit("#", 1)[-1] if value is not None else "Violation"


def _constraints(graph: Graph, node: Node) -> list[ConstraintDoc]:
    out = []
    for p, o in sorted(graph.predicate_objects(node)):  # type: ignore[arg-type]
        if p in _SHOWN_ELSEWHERE or not str(p).startswith(str(SH)):
            continue
        out.append(ConstraintDoc("sh:" + str(p)[len(str(SH)) :], expr(graph, o)))
    return out


def expr(graph: Graph, node: Node, depth: int = 0) -> Expr:
    """A value as readable text: lists as ``( … )``, blank nodes as ``[ p o ; … ]``.

    >>> g = Graph().parse(data='''@prefix sh: <http://www.w3.org/ns/shacl#> .
    ... <urn:s> sh:or ( [ sh:datatype <urn:d> ] "x" ) .''', format="turtle")
    >>> "".join(p if isinstance(p, str) else f"<{p.value}>"
    ...         for p in expr(g, g.value(URIRef("urn:s"), SH["or"])))
    '( [ <http://www.w3.org/ns/shacl#datatype> <urn:d> ] "x" )'
    """
    if isinstance(node, URIRef):
        return [Iri(str(node))]
    if isinstance(node, Literal):
        return [_literal(node)]
    if depth > 6:
        return ["[ … ]"]
    if graph.value(node, RDF.first) is not None or node == RDF.nil:  # type: ignore[arg-type]
        return _list(graph, node, depth)
    parts: Expr = ["[ "]
    for n, (p, o) in enumerate(sorted(graph.predicate_objects(node))):  # type: ignore[arg-type]
        parts += ([" ; "] if n else []) + [Iri(str(p)), " "] + expr(graph, o, depth + 1)
    return [*parts, " ]"]


def _list(graph: Graph, node: Node, depth: int) -> Expr:
    items = list(Collection(graph, node))  # type: ignore[arg-type]
    parts: Expr = ["( "]
    for n, item in enumerate(items[:_LIST_SHOWN]):
        parts += ([" "] if n else []) + expr(graph, item, depth + 1)
    if len(items) > _LIST_SHOWN:
        parts.append(f" … {len(items) - _LIST_SHOWN} more")
    return [*parts, " )"]


def _literal(node: Literal) -> str:
    if node.language:
        return f'"{node}"@{node.language}'
    if node.datatype in (None, URIRef("http://www.w3.org/2001/XMLSchema#string")):
        text = str(node)
        return f'"""{text.strip()}"""' if "\n" in text else f'"{text}"'
    return str(node)
