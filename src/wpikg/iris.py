"""Minting the IRIs of the graph. Pure functions; see data-model.md §1 for the scheme.

Everything is minted under :data:`~wpikg.namespaces.DEFAULT_BASE`; a deployment with another
base is produced by :func:`rebase_dataset` once, at the end of the build.
"""

from __future__ import annotations

import re

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from wpikg.namespaces import DEFAULT_BASE

B = DEFAULT_BASE


def organization(slug: str) -> URIRef:
    """An organization, unit or consortium.

    >>> organization("riken")
    rdflib.term.URIRef('https://w3id.org/wpikg/id/organization/riken')
    """
    return URIRef(f"{B}id/organization/{slug}")


def _row_key(alias: str, line: int) -> str:
    return f"{alias}-l{line:04d}"


def agreement(alias: str, line: int) -> URIRef:
    """An agreement, keyed by its source row.

    >>> agreement("riken2017", 91)
    rdflib.term.URIRef('https://w3id.org/wpikg/id/agreement/riken2017-l0091')
    """
    return URIRef(f"{B}id/agreement/{_row_key(alias, line)}")


def party(agreement_iri: URIRef, org_slug: str) -> URIRef:
    return URIRef(f"{agreement_iri}/party/{org_slug}")


def quantity(subject: URIRef, kind: str) -> URIRef:
    """A declared count of a subject (``…/count/parties``)."""
    return URIRef(f"{subject}/count/{kind}")


def cooperation(alias: str, line: int) -> URIRef:
    return URIRef(f"{B}id/cooperation/{_row_key(alias, line)}")


def person(family: str, given: str) -> URIRef:
    """A person, keyed ``{family}-{given}`` in lowercase romaji as printed.

    >>> person("Amano", "Hiroshi")
    rdflib.term.URIRef('https://w3id.org/wpikg/id/person/amano-hiroshi')
    """
    return URIRef(f"{B}id/person/{_key(family)}-{_key(given)}")


def membership(org_slug: str, person_key: str, role: str, as_of: str) -> URIRef:
    """A post or role held (``{org}--{person}--{role}--{asOf}``, data-model.md §1)."""
    return URIRef(f"{B}id/membership/{org_slug}--{person_key}--{role}--{as_of}")


def program(slug: str) -> URIRef:
    return URIRef(f"{B}id/program/{slug}")


def selection(alias: str, center_slug: str) -> URIRef:
    """One source's claim that a centre was selected (``{docAlias}--{center}``)."""
    return URIRef(f"{B}id/selection/{alias}--{center_slug}")


def event(key: str) -> URIRef:
    """A symposium or workshop, keyed by acronym or title slug (with its year)."""
    return URIRef(f"{B}id/event/{_key(key)}")


def statistical_dataset(name: str) -> URIRef:
    """A ``qb:DataSet``."""
    return URIRef(f"{B}id/dataset/{name}")


def observation(dataset_name: str, key: str) -> URIRef:
    """A ``qb:Observation`` of a dataset, keyed by its dimension values.

    >>> observation("wpi-budget", "fy2018")
    rdflib.term.URIRef('https://w3id.org/wpikg/id/obs/wpi-budget--fy2018')
    """
    return URIRef(f"{B}id/obs/{dataset_name}--{_key(key)}")


def time_interval(key: str) -> URIRef:
    """A named interval: ``fy2018`` (fiscal year), ``cy2018`` (calendar year), ``2013-06``."""
    return URIRef(f"{B}id/time/{key}")


def discrepancy(slug: str) -> URIRef:
    return URIRef(f"{B}id/discrepancy/{_key(slug)}")


def _key(text: str) -> str:
    """Lowercase ``[a-z0-9-]`` for IRI keys.

    >>> _key("Kavli IPMU FY2019")
    'kavli-ipmu-fy2019'
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def record(alias: str, line: int) -> URIRef:
    return URIRef(f"{B}id/record/{_row_key(alias, line)}")


def correction(alias: str, line: int, n: int) -> URIRef:
    return URIRef(f"{B}id/correction/{_row_key(alias, line)}-{n}")


def document(alias: str) -> URIRef:
    return URIRef(f"{B}id/document/{alias}")


def concept(scheme: str, code: str) -> URIRef:
    """A SKOS concept of one of the vocabularies.

    >>> concept("end-status", "auto-renewal")
    rdflib.term.URIRef('https://w3id.org/wpikg/vocab/end-status/auto-renewal')
    """
    return URIRef(f"{B}vocab/{scheme}/{code}")


def scheme(name: str) -> URIRef:
    return URIRef(f"{B}vocab/{name}")


def country(alpha2: str) -> URIRef:
    return concept("country", alpha2)


def graph(name: str) -> URIRef:
    """A named graph.

    >>> graph("source/riken2017")
    rdflib.term.URIRef('https://w3id.org/wpikg/graph/source/riken2017')
    """
    return URIRef(f"{B}graph/{name}")


def dataset() -> URIRef:
    return URIRef(f"{B}dataset")


def rebase(node: Node, base: str) -> Node:
    """The node with :data:`DEFAULT_BASE` replaced by ``base`` (other nodes unchanged).

    >>> rebase(organization("riken"), "http://localhost:8000/")
    rdflib.term.URIRef('http://localhost:8000/id/organization/riken')
    """
    if isinstance(node, URIRef) and node.startswith(B):
        return URIRef(base + node[len(B) :])
    if isinstance(node, Literal) and node.datatype and node.datatype.startswith(B):
        return Literal(node, datatype=URIRef(base + node.datatype[len(B) :]))
    return node


def rebase_dataset(data: Dataset, base: str) -> Dataset:
    """A copy of the dataset with every IRI under the default base moved under ``base``."""
    if base == B:
        return data
    out = Dataset()
    for s, p, o, g in data.quads():
        graph_name = g.identifier if isinstance(g, Graph) else g
        out.add((rebase(s, base), rebase(p, base), rebase(o, base), rebase(graph_name, base)))
    return out
