"""Every row of every RIKEN table is accounted for: converted, merged as duplicate, or flagged.

The row counts are checked against an independent count of the raw text (pipe lines that are
neither a header nor a separator), so a row the table reader drops cannot hide.
"""

from __future__ import annotations

import re

import pytest
from tests.conftest import ROOT, Built

# The header cell that starts each of the document's three tables, in document order.
HEADERS = {
    "agreements": "| 相手国・地域 |",
    "legend": "| 関連研究センター略語一覧",
    "partners": "| 地域 |",
}


def raw_row_counts() -> dict[str, int]:
    """Data rows per table, counted from the raw file without the project's table reader."""
    counts = dict.fromkeys(HEADERS, 0)
    current = None
    for line in (ROOT / "data" / "sources" / "riken2017.txt").read_text().splitlines():
        if not line.startswith("|"):
            continue
        starts = [name for name, header in HEADERS.items() if line.startswith(header)]
        if starts:
            current = starts[0]
        elif current and not re.fullmatch(r"[|\-: ]+", line):
            counts[current] += 1
    return counts


@pytest.mark.parametrize("table", HEADERS)
def test_every_row_is_accounted_for(built: Built, table: str) -> None:
    section = built.report["documents"]["riken2017"]["tables"][table]
    accounted = section["converted"] + section["merged_as_duplicate"] + section["flagged"]
    assert accounted == section["rows_read"] == raw_row_counts()[table]


def test_counts_in_the_store_match_the_report(built: Built) -> None:
    tables = built.report["documents"]["riken2017"]["tables"]
    counts = built.select("""
        SELECT (COUNT(DISTINCT ?a) AS ?agreements) (COUNT(DISTINCT ?c) AS ?relationships)
        WHERE { GRAPH graph:source\\/riken2017 {
            { ?a a kg:Agreement } UNION { ?c a kg:CooperationRelationship } } }""")[0]
    assert int(counts["agreements"]) == tables["agreements"]["converted"]
    assert int(counts["relationships"]) == tables["partners"]["converted"]
    records = built.select("""SELECT (COUNT(?r) AS ?n) WHERE {
        ?r a kg:SourceRecord ; dct:isPartOf doc:riken2017 }""")[0]
    assert int(records["n"]) == sum(t["rows_read"] for t in tables.values())


def test_the_report_names_repairs_by_rule(built: Built) -> None:
    agreements = built.report["documents"]["riken2017"]["tables"]["agreements"]
    assert agreements["rows_repaired_by_rule"] == {
        "institution-from-country-column": 42,
        "shifted-cells-by-type": 16,
    }
    assert agreements["duplicate_rows"] == [{"line": 407, "duplicate_of": 404}]
    corrections = (ROOT / "data" / "corrections.tsv").read_text().splitlines()
    agreement_lines = {
        int(c.split("\t")[1])
        for c in corrections
        if c.startswith("riken2017\t") and c.split("\t")[2] in {"country", "institution", "units"}
    }
    assert agreements["rows_corrected_from_file"] == len(agreement_lines)


def test_the_report_is_written_to_dist(built: Built) -> None:
    report = (built.settings.dist_path / "build-report.json").read_text(encoding="utf-8")
    assert '"rows_read": 553' in report
    assert set(built.report["timings_s"]) >= {"convert:riken2017", "validate", "dump", "load"}
