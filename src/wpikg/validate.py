"""SHACL validation of the merged graph (https://www.w3.org/TR/shacl/).

pySHACL validates each named graph of a Dataset on its own (RDFLib/pySHACL#152), which would
break every cross-graph link, so callers pass the *union* as one graph. Severity policy: a
``sh:Violation`` fails the build or the ingest; ``sh:Warning`` and ``sh:Info`` are reported.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from wpikg.rdf_files import read_graph


@dataclass(frozen=True)
class ValidationResult:
    """One ``sh:ValidationResult``, flattened for reports."""

    severity: str
    focus: str
    path: str | None
    value: str | None
    shape: str
    messages: dict[str, str]

    def message(self, lang: str = "en") -> str:
        return self.messages.get(lang) or next(iter(self.messages.values()), "")


@dataclass(frozen=True)
class ValidationReport:
    """The outcome: conforms (no Violation), the report graph and its results."""

    conforms: bool
    graph: Graph
    results: tuple[ValidationResult, ...]

    def counts(self) -> dict[str, int]:
        return dict(sorted(Counter(r.severity for r in self.results).items()))

    def violations(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "Violation"]


def load_shapes(shapes_dir: Path) -> Graph:
    """Every ``*.ttl`` of the shapes folder as one shapes graph, with blank property shapes
    named (see :func:`name_property_shapes`)."""
    shapes = Graph()
    for path in sorted(shapes_dir.glob("*.ttl")):
        shapes += read_graph(path)
    return name_property_shapes(shapes)


def name_property_shapes(shapes: Graph) -> Graph:
    """Give each blank property shape of a named node shape the IRI ``{node shape}-{path}``,
    so that a report names the constraint that fired instead of a fresh blank-node id.

    >>> g = Graph().parse(data='''@prefix sh: <http://www.w3.org/ns/shacl#> .
    ... <urn:x:S> sh:property [ sh:path <urn:x:name> ; sh:minCount 1 ] .''', format="turtle")
    >>> sorted(str(o) for o in name_property_shapes(g).objects(None, SH.property))
    ['urn:x:S-name']
    """
    renames: dict[BNode, URIRef] = {}
    for owner, shape in sorted(shapes.subject_objects(SH.property)):
        if isinstance(owner, URIRef) and isinstance(shape, BNode):
            path = shapes.value(shape, SH.path)
            local = re.split(r"[#/:]", str(path))[-1] if isinstance(path, URIRef) else "path"
            name, n = URIRef(f"{owner}-{local}"), 2
            while (name, None, None) in shapes or name in renames.values():
                name, n = URIRef(f"{owner}-{local}-{n}"), n + 1
            renames[shape] = name
    if not renames:
        return shapes
    named = Graph(namespace_manager=shapes.namespace_manager)
    for s, p, o in shapes:
        named.add((renames.get(s, s), p, renames.get(o, o)))  # type: ignore[arg-type]
    return named


def validate(data: Graph, shapes: Graph) -> ValidationReport:
    """Validate ``data`` (already the union of every graph) against ``shapes``.

    ``data`` is not copied (pySHACL's ``inplace``): with no inference it is left unchanged."""
    _, report_graph, _ = shacl_validate(
        data,
        shacl_graph=shapes,
        inference="none",
        allow_warnings=True,
        allow_infos=True,
        advanced=True,
        abort_on_first=False,
        inplace=True,
    )
    results = tuple(sorted(_results(report_graph), key=lambda r: (r.severity, r.focus, r.shape)))
    conforms = not any(r.severity == "Violation" for r in results)
    return ValidationReport(conforms, report_graph, results)


def _results(report: Graph) -> list[ValidationResult]:
    # Only the report's own results: nested sh:detail results are explanations of these.
    return [_result(report, node) for node in report.objects(predicate=SH.result)]


def _result(report: Graph, result: Node) -> ValidationResult:
    severity = str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
    messages = {
        (m.language or "en"): str(m)
        for m in report.objects(result, SH.resultMessage)
        if isinstance(m, Literal)
    }
    return ValidationResult(
        severity=severity,
        focus=str(report.value(result, SH.focusNode)),
        path=_text(report.value(result, SH.resultPath)),
        value=_text(report.value(result, SH.value)),
        shape=str(report.value(result, SH.sourceShape)),
        messages=messages,
    )


ResultKey = tuple[str, str, str | None, str | None, str]


def result_key(
    severity: str, focus: str, path: str | None, value: str | None, shape: str
) -> ResultKey:
    """What identifies a result across two validations: blank nodes (a path or shape written
    inline) get fresh ids on every run, so they do not count.

    >>> result_key("Warning", "urn:a", "urn:p", None, "n1b2")
    ('Warning', 'urn:a', 'urn:p', None, '')
    """

    def stable(text: str | None) -> str | None:
        return text if text is None or ":" in text else ""

    return severity, focus, stable(path), value, stable(shape) or ""


def _key(r: ValidationResult) -> ResultKey:
    return result_key(r.severity, r.focus, r.path, r.value, r.shape)


def subtract(report: ValidationReport, known: set[ResultKey]) -> ValidationReport:
    """The results of ``report`` that are not ``known`` (the current graph's own results), as
    a report whose graph holds only them: what new data adds to what is already there."""
    graph = Graph(namespace_manager=report.graph.namespace_manager)
    node = BNode()
    graph.add((node, RDF.type, SH.ValidationReport))
    kept = []
    for result in report.graph.objects(predicate=SH.result):
        flat = _result(report.graph, result)
        if _key(flat) in known:
            continue
        kept.append(flat)
        graph.add((node, SH.result, result))
        for triple in report.graph.cbd(result):
            graph.add(triple)
    conforms = not any(r.severity == "Violation" for r in kept)
    graph.add((node, SH.conforms, Literal(conforms)))
    results = tuple(sorted(kept, key=lambda r: (r.severity, r.focus, r.shape)))
    return ValidationReport(conforms, graph, results)


def _text(node: Node | None) -> str | None:
    return None if node is None else str(node)
