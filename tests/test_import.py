"""``wpikg import``: tables of new agreements with the RIKEN table's columns (issue #7).

The template CSV imports into a project of its own and is served; a row naming an existing
organization by a variant spelling resolves to that organization's IRI; a name nothing matches
is a new organization that needs ``--accept-new``; a row the rules cannot read stops the
import; XLSX reads like CSV. Conversions that do not ingest run on the session's build."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pyoxigraph
import pytest
from openpyxl import Workbook
from tests.conftest import ROOT, Built, make_project, wpikg_command

from wpikg.build import build
from wpikg.config import Settings
from wpikg.errors import SourceError
from wpikg.importer import convert_table
from wpikg.ingest import load_records

TEMPLATE = ROOT / "data" / "templates" / "agreements.csv"
HEADER = "相手国・地域,相手機関,協力概要,締結(発効)時期,終了時期,関連研究センター"
ORG = "https://w3id.org/wpikg/id/organization/"


def _run(project_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = wpikg_command(project_dir, "-q", "import", *args)
    return subprocess.run(command, capture_output=True, text=True, timeout=600)


def _csv(folder: Path, name: str, *rows: str) -> Path:
    path = folder / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A project of its own with the template imported by the real command."""
    settings = Settings(project_dir=make_project(tmp_path_factory.mktemp("import")))
    build(settings)
    done = _run(settings.project_dir, str(TEMPLATE), "--as-of", "2025-03-31")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "rows read 2, converted 2" in done.stdout
    return settings


def test_the_template_has_two_example_rows() -> None:
    lines = TEMPLATE.read_text(encoding="utf-8").splitlines()
    assert lines[0] == HEADER and len(lines) == 3


def test_the_template_imports_and_is_served(imported: Settings) -> None:
    assert list(load_records(imported)) == ["agreements"]
    store = pyoxigraph.Store.read_only(str(imported.store_path.resolve()))
    query = """
        PREFIX kg: <https://w3id.org/wpikg/ontology#>
        SELECT ?agreement ?partner WHERE {
          GRAPH <https://w3id.org/wpikg/graph/ingested/agreements> {
            ?agreement a kg:Agreement ; kg:hasParty ?p .
            ?p kg:partyOrganization ?partner ;
               kg:partyRole <https://w3id.org/wpikg/vocab/party-role/partner> } }
        ORDER BY ?agreement"""
    rows = [(r["agreement"].value, r["partner"].value) for r in store.query(query)]  # type: ignore[union-attr]
    del store
    base = "https://w3id.org/wpikg/id/agreement/import-agreements-l"
    assert rows == [
        (f"{base}0002", f"{ORG}institute-for-basic-science"),
        (f"{base}0003", f"{ORG}universitat-tubingen"),
    ]


def test_the_same_table_again_is_a_no_op(imported: Settings) -> None:
    done = _run(imported.project_dir, str(TEMPLATE))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("unchanged: graph agreements")


def test_a_variant_spelling_resolves_to_the_existing_organization(
    built: Built, tmp_path: Path
) -> None:
    path = _csv(
        tmp_path,
        "variants.csv",
        # a middle dot, an old kanji form, a spelling of organization-aliases.tsv
        "ドイツ,チュービンゲン・大学,共同研究,2023. 4,2028. 3,BSI",
        "ドイツ,チュービンゲン大學,研究者交流,2023. 5,2028. 3,BSI",
        "ドイツ,テュービンゲン大学,研究者交流,2023. 7,2028. 3,BSI",
        "韓国,基礎科学研究院,共同研究,2023. 6,2028. 3,CEMS",
    )
    result = convert_table(built.settings, path, "variants", date(2025, 3, 31))
    found = [(r.line, r.organization, r.how) for r in result.resolutions]
    tubingen = f"{ORG}universitat-tubingen"
    assert found[:2] == [(2, tubingen, "normalized"), (3, tubingen, "normalized")]
    assert found[2][:2] == (4, tubingen) and found[2][2] != "new"  # a known variant: exact
    assert found[3] == (5, f"{ORG}institute-for-basic-science", "exact")
    assert result.new_organizations == []
    assert (
        result.data.lines[f"{ORG.replace('organization', 'agreement')}import-variants-l0003"][1]
        == 3
    )


def test_a_new_organization_needs_confirmation(built: Built, tmp_path: Path) -> None:
    path = _csv(tmp_path, "new.csv", "ドイツ,架空工科大学,共同研究,2023. 4,2028. 3,BSI")
    done = _run(built.settings.project_dir, str(path), "--dry-run")
    assert done.returncode == 1
    assert "架空工科大学 -> <" in done.stdout and "(new organization)" in done.stdout
    assert "--accept-new" in done.stderr
    confirmed = _run(built.settings.project_dir, str(path), "--dry-run", "--accept-new")
    assert confirmed.returncode == 0, confirmed.stdout + confirmed.stderr
    assert "conforms: True" in confirmed.stdout


def test_a_row_the_rules_cannot_read_stops_the_import(built: Built, tmp_path: Path) -> None:
    path = _csv(tmp_path, "undated.csv", "韓国,基礎科学研究院,共同研究,来年,2028. 3,CEMS")
    done = _run(built.settings.project_dir, str(path), "--dry-run")
    assert done.returncode == 1
    assert "rows the rules cannot convert: line 2:" in done.stderr


def test_a_table_without_the_columns_is_refused(built: Built, tmp_path: Path) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("国,機関\n韓国,基礎科学研究院\n", encoding="utf-8")
    done = _run(built.settings.project_dir, str(path))
    assert done.returncode == 2
    assert f"{path}:1: unknown column '国'" in done.stderr


def test_xlsx_reads_like_csv(built: Built, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER.split(","))
    sheet.append(["韓国", "基礎科学研究院", "共同研究", date(2023, 6, 1), "2028. 3", "CEMS"])
    book.save(tmp_path / "table.xlsx")
    result = convert_table(built.settings, tmp_path / "table.xlsx", "sheet", date(2025, 3, 31))
    assert [(r.line, r.organization, r.how) for r in result.resolutions] == [
        (2, f"{ORG}institute-for-basic-science", "exact")
    ]
    sheet.append(["韓国", "基礎科学研究院", "共同研究", 2023.1, "2028. 3", "CEMS"])
    book.save(tmp_path / "number.xlsx")
    with pytest.raises(SourceError, match="row 3: the number 2023.1"):
        convert_table(built.settings, tmp_path / "number.xlsx", "sheet", date(2025, 3, 31))
