"""``wpikg build``: convert, validate, describe, load and dump — atomically.

A build writes into a fresh ``data/builds/<id>/`` (``store/`` and ``dist/``) and, only when
validation found no Violation and everything was written, points the ``data/current`` link at
it with one atomic rename. ``data/store`` and ``data/dist`` are fixed links through
``current``. A failed or interrupted build therefore never touches the live store; its
leftovers are removed by the next build.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF

from wpikg import __version__, iris
from wpikg.config import Settings
from wpikg.converters import BuildContext, converters
from wpikg.corrections import Corrections
from wpikg.countries import CountryIndex
from wpikg.curation import curate
from wpikg.description import describe, git_commit, source_date
from wpikg.dumps import canonical_nquads, graph_file_name, sha256, turtle_by_graph, write_gzip
from wpikg.errors import DataInvalid, StoreError
from wpikg.ingest import IngestedGraph, load_ingested
from wpikg.namespaces import KG
from wpikg.organizations import OrganizationRegistry
from wpikg.provenance import add_document
from wpikg.rdf_files import read_graph
from wpikg.registry_graph import organizations_graph, vocabulary_graph
from wpikg.sources import load_documents
from wpikg.store import write_store
from wpikg.validate import ValidationReport, load_shapes, validate

Progress = Callable[[str], None]
REPORT_NAME = "build-report.json"
DUMP_NAME = "wpikg.nq.gz"


@dataclass
class BuildOutcome:
    """What a build produced (also the content of ``build-report.json``)."""

    report: dict[str, Any]
    build_dir: Path | None = None
    validation: ValidationReport | None = None


@dataclass
class _Timer:
    progress: Progress
    timings: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str, label: str) -> Iterator[None]:
        self.progress(f"{label} ...")
        started = time.perf_counter()
        yield
        self.timings[name] = round(time.perf_counter() - started, 3)
        self.progress(f"{label} done in {self.timings[name]:.2f} s")


def assemble(
    settings: Settings,
    progress: Progress = lambda _: None,
    timer: _Timer | None = None,
    ingested: dict[str, IngestedGraph] | None = None,
) -> tuple[Dataset, dict[str, Any]]:
    """Convert every source, add the shared graphs and the ingested graphs (those of
    ``data/ingested/`` unless given); no validation, no I/O besides reading."""
    timer = timer or _Timer(progress)
    data, reports, ctx = convert_sources(settings, timer)
    with timer.stage("curate", "comparing claims (graph/curated)"):
        discrepancies = curate(data, ctx.curated_dir / "discrepancies.tsv")
    with timer.stage("shared-graphs", "building registry, vocabulary and ontology graphs"):
        _add(data, iris.graph("registry"), organizations_graph(ctx.organizations))
        vocab = vocabulary_graph(
            settings.ontology_dir / "vocab.ttl", ctx.countries, ctx.country_regions
        )
        _add(data, iris.graph("vocab"), vocab)
        ontology = read_graph(settings.ontology_dir / "wpikg.ttl")
        _add(data, iris.graph("ontology"), ontology)
    ingested = load_ingested(settings) if ingested is None else ingested
    for _, item in sorted(ingested.items()):
        _add(data, item.record.graph, item.graph())
    return data, {
        "documents": reports,
        "discrepancies": discrepancies,
        "organizations": _organization_counts(ctx),
        "ingested": {
            name: {"graph": str(item.record.graph), "sha256": item.record.sha256}
            for name, item in sorted(ingested.items())
        },
    }


def convert_sources(
    settings: Settings, timer: _Timer | None = None
) -> tuple[Dataset, dict[str, Any], BuildContext]:
    """Every source document through its converter, in order, into its own graph; the
    context (organization registry, RIKEN's centre legend) as the converters left it."""
    timer = timer or _Timer(lambda _: None)
    documents = load_documents(settings.sources_dir)
    ctx = BuildContext(
        countries=CountryIndex(settings.registry_dir / "country-aliases.tsv"),
        organizations=OrganizationRegistry.load(
            settings.registry_dir / "organizations.tsv",
            settings.registry_dir / "organization-aliases.tsv",
        ),
        corrections=Corrections.load(settings.corrections_path),
        curated_dir=settings.data_dir / "curated",
    )
    data = Dataset()
    reports: dict[str, Any] = {}
    available = converters()
    for alias, document in documents.items():
        if alias not in available:
            graph = data.graph(iris.graph(f"source/{alias}"))
            add_document(graph, document)
            reports[alias] = {"converted": False, "reason": "no converter yet (see the issues)"}
            continue
        with timer.stage(f"convert:{alias}", f"converting {alias}"):
            conversion = available[alias](document, ctx)
        _add(data, iris.graph(f"source/{alias}"), conversion.graph)
        reports[alias] = {"converted": True, **conversion.report}
    return data, reports, ctx


def _add(data: Dataset, name: URIRef, graph: Graph) -> None:
    target = data.graph(name)
    for triple in graph:
        target.add(triple)


def _organization_counts(ctx: BuildContext) -> dict[str, Any]:
    orgs = list(ctx.organizations)
    by_kind: dict[str, int] = {}
    by_basis: dict[str, int] = {}
    for org in orgs:
        by_kind[org.kind] = by_kind.get(org.kind, 0) + 1
        by_basis[org.slug_basis] = by_basis.get(org.slug_basis, 0) + 1
    return {
        "total": len(orgs),
        "by_kind": dict(sorted(by_kind.items())),
        "by_slug_basis": dict(sorted(by_basis.items())),
        "romaji_auto_slugs_for_review": sorted(
            o.slug for o in orgs if o.slug_basis == "romaji-auto"
        ),
    }


def union(data: Dataset) -> Graph:
    """Every quad's triple in one graph, as validation needs it."""
    merged = Graph()
    for s, p, o, _ in data.quads():
        merged.add((s, p, o))
    return merged


def build(
    settings: Settings,
    progress: Progress = lambda _: None,
    *,
    ingested: dict[str, IngestedGraph] | None = None,
    gate: Callable[[ValidationReport], None] | None = None,
    before_swap: Callable[[], None] | None = None,
) -> BuildOutcome:
    """The whole build. Raises :class:`DataInvalid` (nothing swapped) on a Violation.

    An ingest (:mod:`wpikg.ingest`) passes the ingested graphs to build with, a ``gate`` that
    sees the validation first (to report what the new data adds), and ``before_swap``, which
    records the ingest once everything else is written."""
    started_at = datetime.now(UTC)
    timer = _Timer(progress)
    data, report = assemble(settings, progress, timer, ingested)
    with timer.stage("validate", "validating against the shapes"):
        validation = validate(union(data), load_shapes(settings.shapes_dir))
    if gate is not None:
        gate(validation)
    report["validation"] = _validation_summary(validation)
    report.update(version=__version__, started_at=started_at.isoformat(), timings_s=timer.timings)
    if not validation.conforms:
        _write_report(settings.data_dir / "last-failed-build-report.json", report)
        raise DataInvalid(
            f"{len(validation.violations())} SHACL violations; store unchanged. "
            f"Report: {settings.data_dir / 'last-failed-build-report.json'}"
        )
    with timer.stage("describe", "describing the dataset (VoID/DCAT)"):
        meta = describe(
            data,
            _documents(data),
            source_date(settings.project_dir),
            git_commit(settings.project_dir),
        )
        _add(data, iris.graph("meta"), meta)
    data = iris.rebase_dataset(data, settings.base_iri)
    build_dir = _new_build_dir(settings)
    with timer.stage("dump", "writing dumps"):
        nquads = canonical_nquads(data)
        report["dumps"] = _write_dumps(build_dir / "dist", data, nquads, settings.base_iri)
    with timer.stage("load", "loading the Oxigraph store"):
        report["store"] = {"quads": write_store(build_dir / "store", nquads)}
    report["timings_s"]["total"] = round(sum(timer.timings.values()), 3)
    _write_report(build_dir / "dist" / REPORT_NAME, report)
    if before_swap is not None:
        before_swap()
    _swap(settings, build_dir)
    progress(f"build {build_dir.name} is live")
    return BuildOutcome(report, build_dir, validation)


def _documents(data: Dataset) -> list[URIRef]:
    found = data.quads((None, RDF.type, KG.SourceDocument, None))
    return sorted({URIRef(str(s)) for s, _, _, _ in found})


def _validation_summary(validation: ValidationReport) -> dict[str, Any]:
    return {
        "conforms": validation.conforms,
        "results_by_severity": validation.counts(),
        "results": [
            {
                "severity": r.severity,
                "focus": r.focus,
                "path": r.path,
                "value": r.value,
                "shape": r.shape,
                "message_en": r.message("en"),
                "message_ja": r.message("ja"),
            }
            for r in validation.results
        ],
    }


def _write_dumps(dist: Path, data: Dataset, nquads: bytes, base: str) -> dict[str, Any]:
    dist.mkdir(parents=True)
    write_gzip(dist / DUMP_NAME, nquads)
    files = {DUMP_NAME: {"quads": nquads.count(b"\n")}}
    (dist / "graphs").mkdir()
    for graph_iri, text in sorted(turtle_by_graph(nquads).items()):
        name = graph_file_name(URIRef(graph_iri), base)
        (dist / "graphs" / name).write_bytes(text)
        files[f"graphs/{name}"] = {
            "graph": graph_iri,
            "triples": len(data.graph(URIRef(graph_iri))),
        }
    for name, info in files.items():
        info["sha256"] = sha256(dist / name)
        info["bytes"] = (dist / name).stat().st_size
    return files


def _write_report(path: Path, report: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


# -- the build folders and the atomic swap ------------------------------------------------
def _builds_root(settings: Settings) -> Path:
    return settings.data_dir / "builds"


def _new_build_dir(settings: Settings) -> Path:
    root = _builds_root(settings)
    root.mkdir(parents=True, exist_ok=True)
    _remove_stale_builds(settings)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    build_dir = root / f"{stamp}-{os.getpid()}"
    build_dir.mkdir()
    return build_dir


def current_build(settings: Settings) -> Path | None:
    link = settings.data_dir / "current"
    return link.resolve() if link.is_symlink() else None


def _remove_stale_builds(settings: Settings) -> None:
    """Remove builds that are neither live nor the one before it (kept for open readers)."""
    live = current_build(settings)
    builds = sorted(p for p in _builds_root(settings).iterdir() if p.is_dir())
    keep = {live} if live else set()
    if live in builds and builds.index(live) > 0:
        keep.add(builds[builds.index(live) - 1])
    for path in builds:
        if path not in keep:
            shutil.rmtree(path, ignore_errors=True)


def _swap(settings: Settings, build_dir: Path) -> None:
    data_dir = settings.data_dir
    temporary = data_dir / f"current.tmp-{os.getpid()}"
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(build_dir.relative_to(data_dir))
    os.replace(temporary, data_dir / "current")
    for name in ("store", "dist"):
        link = data_dir / name
        if link.is_symlink() or not link.exists():
            link.unlink(missing_ok=True)
            link.symlink_to(Path("current") / name)
        else:
            raise StoreError(f"{link} exists and is not a link; move it away and build again")
