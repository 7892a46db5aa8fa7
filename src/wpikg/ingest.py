"""New data: validated together with the current graph, then kept in its own named graph.

**Validation** (``wpikg validate FILE``, ``POST /validate``) adds the new triples to the current
graph, validates the union against the shapes (so a new agreement may name existing
organizations and is checked against them), and reports only what the current graph does not
already report: results are compared with the current graph's own results (the live build's
report, or a validation of the current graph alone), so a result on an existing node that the
new data causes is reported too. The current graph is the live build's, or a file of it
(``--against``: what the server reads through its query backend, which may be a remote store).

**Ingest** (``wpikg ingest FILE --graph NAME``) runs the same gate inside a full rebuild: the
sources plus every ingested graph plus the new one are validated as one graph, and only with no
``sh:Violation`` is the new build swapped in (:mod:`wpikg.build`, atomic). Ingested graphs
live in ``data/ingested/``: ``{name}.nt`` (sorted N-Triples under the default base) and
``{name}.json`` (who: ``--by``, else the ``ingest_agent`` setting, never a login name or an
address; when; from which file; its SHA-256). Both are written just before the swap, the
``.json`` last (it marks a complete graph) and removed first; every build reads them back, so
a rebuild from the sources keeps them. Blank nodes are refused: the graph mints none, which
keeps dumps byte-identical.
"""

from __future__ import annotations

import fcntl
import gzip
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD
from rdflib.term import Node

from wpikg import iris
from wpikg.config import Settings
from wpikg.errors import DataInvalid, StoreError, WpikgError
from wpikg.namespaces import DEFAULT_BASE, PREFIXES
from wpikg.rdf_files import FORMAT_NAMES, MEDIA_TYPES, parse_triples, subject_lines
from wpikg.validate import ResultKey, ValidationReport, result_key, subtract, validate

Progress = Callable[[str], None]
GRAPH_PREFIX = "ingested/"
#: Syntaxes whose subjects :func:`~wpikg.rdf_files.subject_lines` can place on a line.
LINE_FORMATS = {".ttl", ".nt", ".nq", ".trig"}
#: A graph name, matched whole (``fullmatch``: ``$`` would let a final newline through).
GRAPH_NAME = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")


class IngestError(WpikgError):
    """An ingest that cannot be carried out as asked (a bad name, a graph that exists)."""


def check_name(name: str) -> str:
    """A graph name: lowercase letters, digits and inner hyphens, at most 64 characters.

    >>> check_name("agreements-2024")
    'agreements-2024'
    """
    if not GRAPH_NAME.fullmatch(name):
        raise IngestError(
            f"graph name {name!r}: use lowercase letters, digits and inner hyphens (at most 64)"
        )
    return name


# -- new data ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class NewData:
    """RDF to validate or ingest: its triples, its source, checksum and subjects' lines."""

    source: str
    media_type: str
    graph: Graph
    sha256: str
    #: subject IRI → (file, 1-based line) where it is first stated
    lines: dict[str, tuple[str, int]]


def _syntax(extension: str) -> str:
    return ".rdf" if extension.lower() == ".owl" else extension.lower()


def read_new_data(
    data: bytes, extension: str, source: str, max_triples: int | None = None
) -> NewData:
    """Parse ``data`` (a syntax error says ``source:line:column``; more than ``max_triples``:
    :class:`~wpikg.errors.TooManyTriples`) and place its subjects."""
    graph = parse_triples(data, extension, source, max_triples)
    text = data.decode("utf-8", errors="replace")
    found = subject_lines(text) if _syntax(extension) in LINE_FORMATS else {}
    lines = {iri: (source, line) for iri, line in found.items()}
    media_type = next(m for m, ext in MEDIA_TYPES.items() if ext == _syntax(extension))
    return NewData(source, media_type, graph, hashlib.sha256(data).hexdigest(), lines)


def combine(items: list[NewData]) -> NewData:
    """Several files validated as one body of new data (a node's line: the first file's)."""
    if len(items) == 1:
        return items[0]
    graph, lines = Graph(), {}
    for item in items:
        graph += item.graph
        lines = {**item.lines, **lines}
    digest = hashlib.sha256("".join(i.sha256 for i in items).encode()).hexdigest()
    return NewData(", ".join(i.source for i in items), items[0].media_type, graph, digest, lines)


def read_file(path: Path, format_name: str | None = None) -> NewData:
    """A file of new data; its syntax by ``format_name`` (``turtle``, ``nquads``…) or extension."""
    extension = FORMAT_NAMES[format_name] if format_name else path.suffix
    return read_new_data(path.read_bytes(), extension, str(path))


def rebased(graph: Graph, source: str, target: str) -> Graph:
    """``graph`` with every IRI (and datatype) under ``source`` moved under ``target``."""
    if source == target:
        return graph

    def move(node: Node) -> Node:
        if isinstance(node, URIRef) and node.startswith(source):
            return URIRef(target + node[len(source) :])
        if isinstance(node, Literal) and node.datatype and node.datatype.startswith(source):
            return Literal(node, datatype=URIRef(target + node.datatype[len(source) :]))
        return node

    out = Graph()
    for s, p, o in graph:
        out.add((move(s), move(p), move(o)))
    return out


# -- the live build: the current graph and its own results --------------------------------------
@dataclass(frozen=True)
class LiveBuild:
    """The build ``data/current`` points at, and its report."""

    path: Path
    report: dict[str, Any]

    @property
    def baseline(self) -> set[ResultKey]:
        """The keys of the results the current graph has on its own."""
        return {
            result_key(r["severity"], r["focus"], r["path"], r["value"], r["shape"])
            for r in self.report["validation"]["results"]
        }

    @property
    def ingested(self) -> dict[str, str]:
        """Ingested graph name → SHA-256 of the file it came from."""
        return {n: g["sha256"] for n, g in self.report.get("ingested", {}).items()}


def live_build(settings: Settings) -> LiveBuild | None:
    from wpikg.build import REPORT_NAME, current_build

    path = current_build(settings)
    if path is None or not (path / "dist" / REPORT_NAME).is_file():
        return None
    report = json.loads((path / "dist" / REPORT_NAME).read_text(encoding="utf-8"))
    return LiveBuild(path, report)


def live_graph(settings: Settings, live: LiveBuild, without: str | None = None) -> Graph:
    """The live build's triples (all graphs, ``graph/ingested/{without}`` left out), under the
    default base, as the shapes expect."""
    from wpikg.build import DUMP_NAME

    nquads = gzip.decompress((live.path / "dist" / DUMP_NAME).read_bytes())
    if without is not None:
        left_out = f" <{settings.base_iri}graph/{GRAPH_PREFIX}{without}> .".encode()
        nquads = b"\n".join(q for q in nquads.splitlines() if not q.endswith(left_out))
    graph = parse_triples(nquads, ".nq", str(live.path / "dist" / DUMP_NAME))
    return rebased(graph, settings.base_iri, DEFAULT_BASE)


def validate_with(
    current: Graph, new: Graph, shapes: Graph, known: set[ResultKey]
) -> ValidationReport:
    """Validate ``current`` plus ``new`` and keep the results that are not ``known``.

    The new triples are added to ``current`` in place and removed again afterwards (copying
    the whole graph would cost more than the validation's set-up), so callers serialize."""
    added = [t for t in new if t not in current]
    for triple in added:
        current.add(triple)
    try:
        return subtract(validate(current, shapes), known)
    finally:
        for triple in added:
            current.remove(triple)


def check(
    settings: Settings,
    new: NewData,
    shapes: Graph,
    graph: str | None = None,
    *,
    against: Path | None = None,
    known: Path | None = None,
) -> ValidationReport:
    """``wpikg validate FILE``: the new data against the live build (as the replacement of
    ingested graph ``graph`` if named), reporting only what it adds. With ``against``: against
    the graph of that file instead, whose own results are read from ``known`` (see
    :func:`known_results`), else found by validating it alone first."""
    if against is None:
        if known is not None:
            raise IngestError("--known lists the results of an --against graph; name that graph")
        live = live_build(settings)
        if live is None:
            raise StoreError(
                f"no build at {settings.data_dir / 'current'}: run `wpikg build` first"
            )
        current, baseline = live_graph(settings, live, without=graph), live.baseline
    else:
        if graph is not None:
            raise IngestError("--graph names a graph of the live build; it cannot be --against")
        current = graph_file(settings, against)
        baseline = known_results(known) if known else keys(validate(current, shapes))
    data = rebased(new.graph, settings.base_iri, DEFAULT_BASE)
    return validate_with(current, data, shapes, baseline)


def graph_file(settings: Settings, path: Path) -> Graph:
    """The triples of an RDF file holding a whole graph (IRIs under ``base_iri``, as a server
    serves them), under the default base, as the shapes expect."""
    graph = parse_triples(path.read_bytes(), _syntax(path.suffix), str(path))
    return rebased(graph, settings.base_iri, DEFAULT_BASE)


def keys(report: ValidationReport) -> set[ResultKey]:
    """What identifies each result of ``report`` (see :func:`~wpikg.validate.result_key`)."""
    return {result_key(r.severity, r.focus, r.path, r.value, r.shape) for r in report.results}


def known_results(path: Path) -> set[ResultKey]:
    """The results listed in ``path``: the JSON that ``wpikg validate --report json`` writes
    for a whole graph (``{"conforms": …, "results": [{"severity", "focus", …}]}``)."""
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))["results"]
        return {
            result_key(r["severity"], r["focus"], r["path"], r["value"], r["shape"]) for r in rows
        }
    except (KeyError, TypeError, ValueError) as error:
        raise IngestError(f"{path}: not the JSON report of a validation: {error}") from None


# -- ingested graphs ---------------------------------------------------------------------------
@dataclass(frozen=True)
class IngestRecord:
    """The provenance of an ingested graph (``{name}.json``)."""

    name: str
    source: str
    sha256: str
    media_type: str
    by: str
    at: str
    triples: int
    data_sha256: str

    @property
    def graph(self) -> URIRef:
        return iris.graph(GRAPH_PREFIX + self.name)

    def provenance(self) -> Graph:
        """Who, when, from which file: statements about the graph, kept in the graph."""
        g, node = Graph(), self.graph
        g.add((node, RDF.type, PROV.Entity))
        g.add((node, RDFS.label, Literal(f"ingested graph {self.name}", lang="en")))
        g.add((node, DCTERMS.creator, Literal(self.by)))
        g.add((node, PROV.generatedAtTime, Literal(self.at, datatype=XSD.dateTime)))
        g.add((node, DCTERMS.source, Literal(self.source)))
        g.add((node, DCTERMS.identifier, Literal(f"sha256:{self.sha256}")))
        g.add((node, DCTERMS["format"], Literal(self.media_type)))
        return g


@dataclass(frozen=True)
class IngestedGraph:
    """An ingested graph: its record and its triples."""

    record: IngestRecord
    data: Graph

    def graph(self) -> Graph:
        return self.data + self.record.provenance()


def ingested_dir(settings: Settings) -> Path:
    return settings.data_dir / "ingested"


def load_records(settings: Settings) -> dict[str, IngestRecord]:
    """Every ingested graph's record, by name."""
    records = {}
    for path in sorted(ingested_dir(settings).glob("*.json")):
        try:
            records[path.stem] = IngestRecord(**json.loads(path.read_text(encoding="utf-8")))
        except (TypeError, ValueError) as error:
            raise IngestError(f"{path}: not an ingest record: {error}") from None
    return records


def load_ingested(settings: Settings) -> dict[str, IngestedGraph]:
    """Every ingested graph, its triples checked against the checksum its record pins."""
    out = {}
    for name, record in load_records(settings).items():
        path = ingested_dir(settings) / f"{name}.nt"
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != record.data_sha256:
            raise IngestError(f"{path}: its SHA-256 differs from the one {name}.json pins")
        out[name] = IngestedGraph(record, parse_triples(data, ".nt", str(path)))
    return out


def _write(settings: Settings, item: IngestedGraph, data: bytes) -> None:
    folder = ingested_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    name = item.record.name
    _write_atomically(folder / f"{name}.nt", data)
    record = json.dumps(asdict(item.record), ensure_ascii=False, indent=2) + "\n"
    _write_atomically(folder / f"{name}.json", record.encode())


def _write_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _delete(settings: Settings, name: str) -> None:
    (ingested_dir(settings) / f"{name}.json").unlink()
    (ingested_dir(settings) / f"{name}.nt").unlink(missing_ok=True)


def canonical_ntriples(graph: Graph) -> bytes:
    """Sorted N-Triples lines: equal graphs give equal files."""
    lines = graph.serialize(format="nt", encoding="utf-8").splitlines()
    return b"".join(line + b"\n" for line in sorted(set(lines)) if line.strip())


@contextmanager
def _locked(settings: Settings) -> Iterator[None]:
    """One ingest or removal at a time (the command line and the server may both ingest)."""
    lock = settings.data_dir / "builds" / ".ingest.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


@dataclass(frozen=True)
class IngestOutcome:
    """``added``, ``replaced``, ``unchanged`` (the same file again: nothing done) or
    ``rejected`` (a Violation: nothing changed); the report of what the new data adds."""

    status: str
    record: IngestRecord
    report: ValidationReport | None


def unchanged(settings: Settings, name: str, sha256: str) -> IngestRecord | None:
    """The record of graph ``name`` if it holds the file with this checksum and the live
    store serves that version (ingesting that file again is then a no-op)."""
    live, old = live_build(settings), load_records(settings).get(name)
    if old and old.sha256 == sha256 and live and live.ingested.get(name) == sha256:
        return old
    return None


class _Rejected(Exception):
    def __init__(self, report: ValidationReport) -> None:
        self.report = report


def ingest(
    settings: Settings,
    new: NewData,
    name: str,
    *,
    by: str | None = None,
    replace: bool = False,
    progress: Progress = lambda _: None,
) -> IngestOutcome:
    """Validate ``new`` with the sources and the other ingested graphs and, with no Violation,
    rebuild the store with it as ``graph/ingested/{name}``."""
    from wpikg.build import build

    check_name(name)
    with _locked(settings):
        live, old = live_build(settings), load_records(settings).get(name)
        if (same := unchanged(settings, name, new.sha256)) is not None:
            return IngestOutcome("unchanged", same, None)
        if old and old.sha256 != new.sha256 and not replace:
            raise IngestError(
                f"graph {name!r} already holds {old.source} (ingested {old.at} by {old.by}); "
                "use --replace to replace it"
            )
        data = _without_blank_nodes(new, rebased(new.graph, settings.base_iri, DEFAULT_BASE))
        nt = canonical_ntriples(data)
        record = IngestRecord(
            name=name,
            source=Path(new.source).name,
            sha256=new.sha256,
            media_type=new.media_type,
            by=by or settings.ingest_agent,
            at=datetime.now(UTC).isoformat(timespec="seconds"),
            triples=len(data),
            data_sha256=hashlib.sha256(nt).hexdigest(),
        )
        graphs = load_ingested(settings)
        graphs[name] = IngestedGraph(record, data)
        known = live.baseline if live else set()

        def gate(validation: ValidationReport) -> None:
            if not validation.conforms:
                added = subtract(validation, known)
                raise _Rejected(validation if added.conforms else added)

        try:
            outcome = build(
                settings,
                progress,
                ingested=graphs,
                gate=gate,
                before_swap=lambda: _write(settings, graphs[name], nt),
            )
        except _Rejected as rejected:
            return IngestOutcome("rejected", record, rejected.report)
        assert outcome.validation is not None  # noqa: S101 - a published build was validated
        status = "replaced" if old else "added"
        return IngestOutcome(status, record, subtract(outcome.validation, known))


def _without_blank_nodes(new: NewData, graph: Graph) -> Graph:
    for triple in graph:
        if any(isinstance(node, BNode) for node in triple):
            raise DataInvalid(
                f"{new.source}: blank nodes cannot be ingested (every node of the graph has an "
                "IRI, which keeps dumps reproducible); give each node an IRI "
                f"(JSON-LD: an @id). First one in: {' '.join(n.n3() for n in triple)}"
            )
    return graph


def remove(settings: Settings, name: str, progress: Progress = lambda _: None) -> IngestRecord:
    """Rebuild without ``graph/ingested/{name}`` (validated like any build), then forget it."""
    from wpikg.build import build

    with _locked(settings):
        graphs = load_ingested(settings)
        if name not in graphs:
            raise IngestError(f"no ingested graph named {name!r} (`wpikg graphs` lists them)")
        record = graphs.pop(name).record
        build(settings, progress, ingested=graphs, before_swap=lambda: _delete(settings, name))
        return record


def list_graphs(settings: Settings) -> list[tuple[IngestRecord, bool]]:
    """Every ingested graph's record, and whether the live store holds that version."""
    live = live_build(settings)
    served = live.ingested if live else {}
    return [(r, served.get(n) == r.sha256) for n, r in load_records(settings).items()]


# -- reports -----------------------------------------------------------------------------------
def compact(iri: str | None) -> str:
    """An IRI with the project's prefixes (``kgsh:AgreementShape``), else as ``<iri>``.

    >>> compact("https://w3id.org/wpikg/shapes#AgreementShape")
    'kgsh:AgreementShape'
    """
    if iri is None:
        return "-"
    matches = [p for p, ns in PREFIXES.items() if iri.startswith(ns)]
    best = max(matches, default=None, key=lambda p: len(PREFIXES[p]))
    return f"{best}:{iri[len(PREFIXES[best]) :]}" if best else f"<{iri}>" if ":" in iri else iri


def report_text(report: ValidationReport, new: NewData, lang: str = "en") -> list[str]:
    """A readable report grouped by focus node: each node with the line it starts on in the
    file (if the syntax allows), then severity, shape, path, value and message."""
    out = [f"{new.source}: {len(new.graph)} triples; new results: {report.counts() or 'none'}"]
    by_focus: dict[str, list[Any]] = {}
    for result in report.results:
        by_focus.setdefault(result.focus, []).append(result)
    for focus, results in by_focus.items():
        where = ":".join(map(str, new.lines[focus])) if focus in new.lines else "not in the file"
        out.append(f"<{focus}>  ({where})")
        for r in results:
            value = f"  value {r.value}" if r.value is not None else ""
            out.append(f"  {r.severity}  {compact(r.shape)}  path {compact(r.path)}{value}")
            out.append(f"    {r.message(lang)}")
    out.append(f"conforms: {report.conforms} {report.counts()}")
    return out


def report_json(report: ValidationReport, new: NewData) -> dict[str, Any]:
    """The report as JSON: conformance, counts and each result with its focus node's line."""
    return {
        "conforms": report.conforms,
        "source": new.source,
        "triples": len(new.graph),
        "counts": report.counts(),
        "results": [{**r.__dict__, **_where(new, r.focus)} for r in report.results],
    }


def outcome_json(outcome: IngestOutcome, new: NewData) -> dict[str, Any]:
    """An ingest's outcome as JSON: what happened, the graph's record, the report."""
    return {
        "status": outcome.status,
        "graph": str(outcome.record.graph),
        "record": asdict(outcome.record),
        "report": report_json(outcome.report, new) if outcome.report is not None else None,
    }


def _where(new: NewData, focus: str) -> dict[str, Any]:
    file, line = new.lines.get(focus, (None, None))
    return {"file": file, "line": line}
