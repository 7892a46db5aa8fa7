"""The dataset's own description (``graph/meta``): VoID and DCAT.

It states triples per named graph, entities per class, the sources, the licence, the version
and when the data was generated. The generation time follows the reproducible-builds
convention (``SOURCE_DATE_EPOCH``, else the last commit's time) so two builds of the same
inputs describe themselves identically; the wall-clock time of a build is in its report.
"""

from __future__ import annotations

import os
import subprocess
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, XSD

from wpikg import __version__, iris
from wpikg.namespaces import DEFAULT_BASE, PREFIXES, VOID

LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")


def source_date(project_dir: Path) -> datetime:
    """``SOURCE_DATE_EPOCH``, else the time of the last git commit, else the epoch."""
    if epoch := os.environ.get("SOURCE_DATE_EPOCH"):
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    commit_time = _git(project_dir, "log", "-1", "--format=%ct")
    return datetime.fromtimestamp(int(commit_time or 0), tz=UTC)


def git_commit(project_dir: Path) -> str | None:
    return _git(project_dir, "rev-parse", "HEAD")


def _git(project_dir: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            ["git", *args],  # noqa: S607 - git from PATH, as any developer tool
            cwd=project_dir,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return done.stdout.strip() or None


def describe(
    data: Dataset, documents: list[URIRef], generated: datetime, commit: str | None
) -> Graph:
    """The VoID/DCAT description of every named graph in ``data``."""
    g = Graph()
    ds = iris.dataset()
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal("wpikg: 国際研究協力ナレッジグラフ", lang="ja")))
    g.add(
        (
            ds,
            DCTERMS.title,
            Literal(
                "wpikg: knowledge graph of international research cooperation (WPI, RIKEN, ISSP)",
                lang="en",
            ),
        )
    )
    g.add((ds, DCTERMS.license, LICENSE))
    g.add((ds, DCTERMS.modified, Literal(generated.replace(tzinfo=None), datatype=XSD.dateTime)))
    g.add((ds, PROV.generatedAtTime, Literal(generated.isoformat(), datatype=XSD.dateTime)))
    version = __version__ + (f"+{commit[:12]}" if commit else "")
    g.add((ds, OWL.versionInfo, Literal(version)))
    g.add((ds, VOID.uriSpace, Literal(DEFAULT_BASE + "id/")))
    g.add((ds, VOID.sparqlEndpoint, URIRef(DEFAULT_BASE + "sparql")))
    g.add((ds, VOID.dataDump, URIRef(DEFAULT_BASE + "dumps/wpikg.nq.gz")))
    for document in documents:
        g.add((ds, DCTERMS.source, document))
    _graphs(g, ds, data)
    _classes(g, ds, data)
    return g


def _graphs(g: Graph, ds: URIRef, data: Dataset) -> None:
    total = 0
    for context in sorted(data.graphs(), key=lambda c: str(c.identifier)):
        size = len(context)
        if not size:
            continue
        total += size
        graph_iri = URIRef(str(context.identifier))
        g.add((ds, VOID.subset, graph_iri))
        g.add((graph_iri, RDF.type, VOID.Dataset))
        g.add((graph_iri, VOID.triples, Literal(size)))
        g.add((graph_iri, DCTERMS.isPartOf, ds))
    g.add((ds, VOID.triples, Literal(total)))


def _classes(g: Graph, ds: URIRef, data: Dataset) -> None:
    counts = Counter(o for _, _, o, _ in data.quads((None, RDF.type, None, None)))
    for cls, n in sorted(counts.items()):
        partition = URIRef(f"{ds}/class/{_local(cls)}")
        g.add((ds, VOID.classPartition, partition))
        g.add((partition, VOID["class"], cls))
        g.add((partition, VOID.entities, Literal(n)))


def _local(cls: URIRef) -> str:
    """A partition key for a class IRI: its prefixed name with ``:`` as ``-``."""
    for prefix, iri in sorted(PREFIXES.items(), key=lambda p: -len(p[1])):
        if cls.startswith(iri):
            return f"{prefix}-{cls[len(iri) :]}"
    return cls.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
