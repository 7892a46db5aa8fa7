"""Validation and ingest timings (issue #7).

Measures, in a temporary project built from the repository's sources (the checkout's ``data/``
is not touched):

1. the build, for reference;
2. validating the whole graph with pySHACL (what ``wpikg build`` and ``wpikg validate`` do);
3. the same graph and shapes with pyrudof (Rust), for comparison, with its result count;
4. ``wpikg validate FILE`` on a file of N new agreements (the gate without the rebuild);
5. ``wpikg ingest`` of that file (gate + rebuild + swap).

Usage: ``.venv/bin/python bench/validation.py [--agreements 1000] [--out FILE]``
(pyrudof: ``.venv/bin/pip install pyrudof``; without it step 3 is skipped).
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from wpikg.build import build
from wpikg.config import Settings
from wpikg.ingest import check, ingest, live_build, live_graph, read_file
from wpikg.validate import load_shapes, validate

ROOT = Path(__file__).resolve().parents[1]
PREFIXES = """@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct:  <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix org:  <http://www.w3.org/ns/org#> .
@prefix kg:   <https://w3id.org/wpikg/ontology#> .
@prefix o:    <https://w3id.org/wpikg/id/organization/> .
@prefix ag:   <https://w3id.org/wpikg/id/agreement/> .
@prefix rec:  <https://w3id.org/wpikg/id/record/> .
@prefix doc:  <https://w3id.org/wpikg/id/document/> .
@prefix role: <https://w3id.org/wpikg/vocab/party-role/> .
@prefix es:   <https://w3id.org/wpikg/vocab/end-status/> .
@prefix at:   <https://w3id.org/wpikg/vocab/agreement-type/> .
@prefix country: <https://w3id.org/wpikg/vocab/country/> .

doc:bench a kg:SourceDocument ; dct:title "ベンチマーク"@ja , "Benchmark"@en ;
    kg:asOfDate "2024-12-31"^^xsd:date ; kg:originalFileName "bench.ttl" .
"""
#: One new agreement between RIKEN and an existing partner, with its source record.
AGREEMENT = """
rec:bench-l{n:05d} a kg:SourceRecord ; dct:isPartOf doc:bench ;
    kg:lineNumber "{n}"^^xsd:positiveInteger ; kg:rawText "row {n}" .
ag:bench-l{n:05d} a kg:Agreement ;
    rdfs:label "理化学研究所と基礎科学研究院の協定 {n}"@ja , "RIKEN agreement {n}"@en ;
    kg:hasParty ag:bench-l{n:05d}-riken , ag:bench-l{n:05d}-ibs ;
    kg:party o:riken , o:institute-for-basic-science ;
    kg:agreementType at:mou ; kg:startDate "2024-{m:02d}"^^xsd:gYearMonth ;
    kg:startEarliest "2024-{m:02d}-01"^^xsd:date ; kg:startLatest "2024-{m:02d}-28"^^xsd:date ;
    kg:endStatus es:auto-renewal ; kg:relatedUnit o:riken-rsc ; dct:spatial country:KR ;
    prov:wasDerivedFrom rec:bench-l{n:05d} .
ag:bench-l{n:05d}-riken a kg:AgreementParty ;
    kg:partyOrganization o:riken ; kg:partyRole role:principal .
ag:bench-l{n:05d}-ibs a kg:AgreementParty ;
    kg:partyOrganization o:institute-for-basic-science ; kg:partyRole role:partner .
"""


def project(folder: Path) -> Settings:
    """A project whose inputs are the repository's and whose outputs are its own."""
    (folder / "data").mkdir(parents=True)
    for name in ("sources", "registry", "curated"):
        (folder / "data" / name).symlink_to(ROOT / "data" / name)
    shutil.copy(ROOT / "data" / "corrections.tsv", folder / "data" / "corrections.tsv")
    for name in ("ontology", "shapes"):
        shutil.copytree(ROOT / name, folder / name)
    return Settings(project_dir=folder)


def timed(label: str, run: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = run()
    elapsed = time.perf_counter() - started
    print(f"{label}: {elapsed:.2f} s", flush=True)
    return round(elapsed, 2), result


def agreements_file(folder: Path, count: int) -> Path:
    path = folder / f"agreements-{count}.ttl"
    body = "".join(AGREEMENT.format(n=n, m=n % 12 + 1) for n in range(1, count + 1))
    path.write_text(PREFIXES + body, encoding="utf-8")
    return path


def pyrudof_run(graph_nt: str, shapes_ttl: str) -> dict[str, Any]:
    """pyrudof on the same data and shapes: load and validation times, result count."""
    try:
        import pyrudof
    except ImportError:
        return {"skipped": "pyrudof is not installed"}
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    load_s, _ = timed(
        "pyrudof: load data", lambda: rudof.read_data(graph_nt, pyrudof.RDFFormat.NTriples)
    )
    rudof.read_shacl(shapes_ttl)
    try:
        validate_s, report = timed("pyrudof: validate", rudof.validate_shacl)
    except pyrudof.RudofError as error:
        return {"load_s": load_s, "error": str(error)[:500]}
    return {
        "load_s": load_s,
        "validate_s": validate_s,
        "results": len(report),
        "conforms": report.conforms,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agreements", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results-validation.json")
    args = parser.parse_args()
    results: dict[str, Any] = {"agreements": args.agreements}
    with tempfile.TemporaryDirectory(prefix="wpikg-bench-") as tmp:
        settings = project(Path(tmp) / "project")
        results["build_s"], _ = timed("build", lambda: build(settings))
        live = live_build(settings)
        assert live is not None
        shapes = load_shapes(settings.shapes_dir)
        results["load_live_graph_s"], graph = timed(
            "parse the live dump", lambda: live_graph(settings, live)
        )
        results["triples"] = len(graph)
        results["pyshacl_whole_graph_s"], report = timed(
            "pySHACL: whole graph", lambda: validate(graph, shapes)
        )
        results["pyshacl_results"] = len(report.results)
        results["pyrudof"] = pyrudof_run(
            graph.serialize(format="nt"), shapes.serialize(format="turtle")
        )
        path = agreements_file(Path(tmp), args.agreements)
        new = read_file(path)
        results["new_triples"] = len(new.graph)
        results["validate_file_s"], checked = timed(
            f"validate FILE ({args.agreements} agreements)", lambda: check(settings, new, shapes)
        )
        results["validate_file_new_results"] = checked.counts()
        results["ingest_s"], outcome = timed(
            f"ingest ({args.agreements} agreements)", lambda: ingest(settings, new, "bench")
        )
        results["ingest_status"] = outcome.status
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
