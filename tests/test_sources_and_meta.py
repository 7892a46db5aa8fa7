"""The sources are verbatim copies of the seeds, and the dataset describes itself (VoID/DCAT)."""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

import pytest
from tests.conftest import ROOT, Built

SEEDS = ROOT.parent / "shared" / "seeds"
METADATA = sorted((ROOT / "data" / "sources").glob("*.toml"))


@pytest.mark.parametrize("meta_path", METADATA, ids=[p.stem for p in METADATA])
def test_source_is_the_seed_unchanged(meta_path: Path) -> None:
    meta = tomllib.loads(meta_path.read_text(encoding="utf-8"))
    copy = meta_path.with_suffix(".txt").read_bytes()
    assert hashlib.sha256(copy).hexdigest() == meta["sha256"]
    seed = SEEDS / meta["original_file_name"]
    assert seed.read_bytes() == copy, f"{seed} and its copy differ"
    for field in ("title_ja", "title_en", "publisher_ja", "as_of_date", "languages"):
        assert meta[field], field


def test_four_documents() -> None:
    assert len(METADATA) == 4


def test_void_describes_graphs_classes_sources_licence_and_version(built: Built) -> None:
    assert built.ask("""ASK {
        GRAPH graph:meta {
            <https://w3id.org/wpikg/dataset> a void:Dataset , dcat:Dataset ;
                void:triples ?total ; dct:license <https://creativecommons.org/licenses/by/4.0/> ;
                prov:generatedAtTime ?when ; owl:versionInfo ?version ;
                void:subset graph:source\\/riken2017 ;
                void:classPartition [ void:class kg:Agreement ; void:entities ?agreements ] .
            graph:source\\/riken2017 void:triples ?n .
        }
        { SELECT (COUNT(?a) AS ?counted) WHERE { ?a a kg:Agreement } }
        FILTER (?n > 20000 && ?total > ?n && ?agreements = ?counted && ?counted >= 552)
    }""")
    sources = built.select("""SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {
        GRAPH graph:meta { <https://w3id.org/wpikg/dataset> dct:source ?d } }""")
    assert sources == [{"n": "4"}]


def test_each_source_has_its_named_graph(built: Built) -> None:
    rows = built.select("""SELECT DISTINCT ?g WHERE { GRAPH ?g { ?d a kg:SourceDocument } }""")
    assert {r["g"].rsplit("/", 1)[-1] for r in rows} == {
        "riken2017",
        "issp2022",
        "wpi-logic2021",
        "wpi2019",
    }


def test_partner_rows_carry_region_and_country(built: Built) -> None:
    assert built.ask("""ASK {
        ?rel kg:partner o:universitat-konstanz ; dct:spatial country:DE ;
            dct:coverage kgv:region\\/europe .
        ?intl kg:partner o:global-alliance-for-genomics-and-health ;
            kg:partnerScope kgv:partner-scope\\/international-organization ;
            dct:coverage kgv:region\\/international-organization .
    }""")
