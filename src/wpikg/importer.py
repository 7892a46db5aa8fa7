"""``wpikg import``: a spreadsheet of new agreements (CSV, or XLSX through openpyxl) with the
columns of RIKEN's agreement table, turned into RDF by the RIKEN converter's own rules and
repairs (:func:`wpikg.converters.riken.convert_agreement_table`), then validated and ingested
like any file (:mod:`wpikg.ingest`).

The table is a document of its own (``id/document/import-{graph}``, its as-of date the day of
the import unless ``--as-of`` says otherwise) and each data row a source record holding the
row's verbatim text and its line (CSV) or row number (XLSX), so every agreement has provenance.
Partner names are resolved by the organization registry as the build leaves it once every
source is converted, plus the organizations of earlier ingested graphs: a name equal to an
organization's name is ``exact``; one that the registry's rules match (NFKC, old kanji forms,
spacing, the variant spellings of ``organization-aliases.tsv``, ``A B`` units) is
``normalized``; anything else becomes a ``new`` organization, which is only ingested once
confirmed (``--accept-new``). What the import adds to organizations (new ones, new variant
spellings) goes into the imported graph, not into ``graph/registry``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF, SKOS

from wpikg import iris
from wpikg.config import Settings
from wpikg.converters.riken import RIKEN, convert_agreement_table
from wpikg.errors import DataInvalid, SourceError
from wpikg.ingest import NewData, check_name, load_ingested
from wpikg.namespaces import KG, ORG
from wpikg.organizations import Organization, OrganizationRegistry
from wpikg.registry_graph import organizations_graph
from wpikg.sources import SourceDocument
from wpikg.tables import Row, Table

#: The logical columns, each with the RIKEN table's header and an ASCII name for it.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("country", "相手国・地域", "partner_country"),
    ("institution", "相手機関", "partner_institution"),
    ("summary", "協力概要", "summary"),
    ("start", "締結(発効)時期", "start"),
    ("end", "終了時期", "end"),
    ("units", "関連研究センター", "related_center"),
)
MEDIA_TYPES = {
    ".csv": "text/csv",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class TableRows:
    """The data rows of a spreadsheet: (line or row number, verbatim text, cells by column)."""

    path: Path
    sha256: str
    rows: list[tuple[int, str, dict[str, str]]]


def read_table(path: Path) -> TableRows:
    """The rows of a CSV (UTF-8, with or without BOM) or XLSX file, by column name."""
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(path, data)
    elif suffix == ".xlsx":
        rows = _xlsx_rows(path)
    else:
        raise SourceError(f"{path}: a table to import is a .csv or .xlsx file")
    return TableRows(path, hashlib.sha256(data).hexdigest(), rows)


def _columns(path: Path, header: list[str], line: int) -> list[str]:
    """The logical column of each header cell; every column must be there, once."""
    names = {}
    for key, ja, en in COLUMNS:
        names[_header_key(ja)] = names[_header_key(en)] = key
    found = [names.get(_header_key(cell), "") for cell in header]
    for cell, key in zip(header, found, strict=True):
        if not key and cell.strip():
            raise SourceError(f"{path}:{line}: unknown column {cell!r}")
    missing = [ja for key, ja, en in COLUMNS if found.count(key) != 1]
    if missing:
        expected = ", ".join(f"{ja} ({en})" for _, ja, en in COLUMNS)
        raise SourceError(f"{path}:{line}: columns missing or repeated: {missing}; {expected}")
    return found


def _header_key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower().replace(" ", "_")


def _csv_rows(path: Path, data: bytes) -> list[tuple[int, str, dict[str, str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceError(f"{path}: not UTF-8 text: {error}") from None
    physical = text.splitlines()
    reader = csv.reader(io.StringIO(text))
    columns: list[str] | None = None
    rows, first = [], 1
    for cells in reader:
        last = reader.line_num
        verbatim = "\n".join(physical[first - 1 : last])
        if columns is None:
            columns = _columns(path, cells, first)
        elif any(c.strip() for c in cells):
            rows.append((first, verbatim, _by_column(path, first, columns, cells)))
        first = last + 1
    if columns is None:
        raise SourceError(f"{path}: empty table (a header row is needed)")
    return rows


def _by_column(path: Path, line: int, columns: list[str], cells: list[str]) -> dict[str, str]:
    if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
        raise SourceError(f"{path}:{line}: {len(cells)} cells, the header has {len(columns)}")
    cells = cells + [""] * (len(columns) - len(cells))
    return {key: cell.strip() for key, cell in zip(columns, cells, strict=False) if key}


def _xlsx_rows(path: Path) -> list[tuple[int, str, dict[str, str]]]:
    from openpyxl import load_workbook  # only needed for .xlsx

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        columns: list[str] | None = None
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_xlsx_cell(path, number, v) for v in values]
            if columns is None:
                columns = _columns(path, cells, number)
            elif any(c.strip() for c in cells):
                rows.append((number, "\t".join(cells), _by_column(path, number, columns, cells)))
        if columns is None:
            raise SourceError(f"{path}: empty sheet (a header row is needed)")
        return rows
    finally:
        book.close()


def _xlsx_cell(path: Path, row: int, value: object) -> str:
    """A cell as the RIKEN table prints it: a date cell as ``YYYY. M`` (month precision, like
    the table); a number is refused, since 2024.10 and 2024.1 are the same number."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return f"{value.year}. {value.month}"
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise SourceError(
            f"{path}: row {row}: the number {value!r}: write dates and codes as text "
            "(2024.10 and 2024.1 are the same number) or as date cells"
        )
    return str(value).strip()


# -- the table as a source document ----------------------------------------------------------
@dataclass(frozen=True)
class TableDocument(SourceDocument):
    """A spreadsheet read as a source document: ``lines[n - 1]`` is row ``n``'s verbatim text."""

    row_texts: tuple[tuple[int, str], ...] = ()

    @cached_property
    def lines(self) -> list[str]:
        texts = dict(self.row_texts)
        last = max(texts, default=0)
        return [texts.get(n, "") for n in range(1, last + 1)]


def table_document(table: TableRows, graph_name: str, as_of: date) -> TableDocument:
    name = table.path.name
    return TableDocument(
        alias=f"import-{graph_name}",
        path=table.path,
        original_file_name=name,
        sha256=table.sha256,
        title_ja=f"取り込んだ協定の表 ({name})",
        title_en=f"Imported table of agreements ({name})",
        publisher_ja="国立研究開発法人理化学研究所",
        publisher_en="RIKEN",
        publisher_org=RIKEN,
        languages=("ja",),
        as_of_date=as_of,
        as_of_basis="the day of the import, unless wpikg import --as-of states another",
        description_en="New agreements of RIKEN, imported with `wpikg import` from a table "
        "with the columns of RIKEN's list of international cooperation agreements.",
        row_texts=tuple((line, text) for line, text, _ in table.rows),
    )


# -- converting ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Resolution:
    """How one partner name of one row was resolved."""

    line: int
    name: str
    organization: str
    how: str  # exact, normalized, new


@dataclass
class Imported:
    """A converted table: the RDF, the reconciliation, how names resolved, what is new."""

    data: NewData
    table_report: dict[str, Any]
    resolutions: list[Resolution] = field(default_factory=list)
    new_organizations: list[Organization] = field(default_factory=list)


def convert_table(
    settings: Settings, path: Path, graph_name: str, as_of: date | None = None
) -> Imported:
    """Read ``path`` and convert its rows with the registry of the current sources."""
    from wpikg.build import convert_sources

    check_name(graph_name)
    table = read_table(path)
    _, _, ctx = convert_sources(settings)
    _add_ingested_organizations(settings, ctx.organizations, skip=graph_name)
    before = organizations_graph(ctx.organizations)
    names = _names_by_slug(ctx.organizations)
    minted = len(ctx.organizations.minted)
    doc = table_document(table, graph_name, as_of or datetime.now(UTC).date())
    conversion = convert_agreement_table(doc, ctx, _riken_table(table))
    graph = conversion.graph + (organizations_graph(ctx.organizations) - before)
    new_orgs = [ctx.organizations[s] for s in ctx.organizations.minted[minted:]]
    media_type = MEDIA_TYPES[path.suffix.lower()]
    data = NewData(str(path), media_type, graph, table.sha256, _lines(graph, str(path)))
    report = conversion.report["tables"]["agreements"]
    resolutions = _resolutions(graph, names, {o.slug for o in new_orgs})
    return Imported(data, report, resolutions, new_orgs)


def _riken_table(table: TableRows) -> Table:
    rows = [
        Row(line, text, tuple(cells[key] for key, _, _ in COLUMNS))
        for line, text, cells in table.rows
    ]
    header = tuple(ja for _, ja, _ in COLUMNS)
    return Table(1, header, 1, rows)


def _add_ingested_organizations(
    settings: Settings, registry: OrganizationRegistry, skip: str
) -> None:
    """Organizations that earlier ingested graphs added (an import replacing graph ``skip``
    does not count its own old version)."""
    for name, item in sorted(load_ingested(settings).items()):
        if name == skip:
            continue
        g = item.data
        for node in sorted(set(g.subjects(RDF.type, ORG.Organization))):
            slug = str(node).removeprefix(str(iris.organization("")))
            labels = {lit.language: str(lit) for lit in g.objects(node, SKOS.prefLabel)}
            if slug == str(node) or slug in registry.by_slug or "ja" not in labels:
                continue
            registry.add(
                Organization(
                    slug=slug,
                    name_ja=labels["ja"],
                    name_en=labels.get("en"),
                    slug_basis="ingested",
                    records={URIRef(r) for r in g.objects(node, PROV.wasDerivedFrom)},
                )
            )


def _names_by_slug(registry: OrganizationRegistry) -> dict[str, set[str]]:
    return {
        org.slug: {org.name_ja, *([org.name_en] if org.name_en else []), *org.variants}
        | org.acronyms
        for org in registry
    }


def _resolutions(graph: Graph, names: dict[str, set[str]], new: set[str]) -> list[Resolution]:
    out = []
    for party in sorted(set(graph.subjects(RDF.type, KG.AgreementParty))):
        stated = graph.value(party, KG.nameAsStated)
        org = graph.value(party, KG.partyOrganization)
        if stated is None or org is None:
            continue  # RIKEN, the principal, is not named in the row
        slug = str(org).rsplit("/", 1)[-1]
        how = (
            "new"
            if slug in new
            else "exact"
            if str(stated) in names.get(slug, ())
            else "normalized"
        )
        line = _line_of(graph, party)
        out.append(Resolution(line, str(stated), str(org), how))
    return sorted(out, key=lambda r: (r.line, r.name))


def _line_of(graph: Graph, node: URIRef) -> int:
    agreement = URIRef(str(node).split("/party/")[0])
    record = graph.value(agreement, PROV.wasDerivedFrom)
    return int(graph.value(record, KG.lineNumber) or 0) if record is not None else 0


def _lines(graph: Graph, source: str) -> dict[str, tuple[str, int]]:
    """Each node of the imported graph → the row it comes from (agreements, their parties and
    counts, records, new organizations)."""
    records = {str(r): int(n) for r, n in graph.subject_objects(KG.lineNumber)}
    lines = {r: (source, n) for r, n in records.items()}
    for node, record in graph.subject_objects(PROV.wasDerivedFrom):
        if str(record) in records:
            lines.setdefault(str(node), (source, records[str(record)]))
    for node in set(graph.subjects()):
        base = str(node).split("/party/")[0].split("/count/")[0]
        if base in lines:
            lines.setdefault(str(node), lines[base])
    return lines


def check_rows(imported: Imported) -> None:
    """Every row converted or merged: a flagged row stops the import (nothing is guessed)."""
    flagged = imported.table_report["flagged_rows"]
    if flagged:
        reasons = "; ".join(f"line {f['line']}: {', '.join(f['reasons'])}" for f in flagged)
        raise DataInvalid(f"{imported.data.source}: rows the rules cannot convert: {reasons}")


def summary(imported: Imported) -> list[str]:
    """The reconciliation and each partner name's resolution, for the command line."""
    t = imported.table_report
    out = [
        f"{imported.data.source}: rows read {t['rows_read']}, converted {t['converted']}, "
        f"merged as duplicate {t['merged_as_duplicate']}, flagged {t['flagged']}; "
        f"repaired by rule: {t['rows_repaired_by_rule'] or 'none'}"
    ]
    for r in imported.resolutions:
        label = "new organization" if r.how == "new" else r.how
        out.append(f"  line {r.line}: {r.name} -> <{r.organization}> ({label})")
    for org in imported.new_organizations:
        parent = f", unit of {org.parent}" if org.parent else ""
        out.append(f"  new organization: {org.name_ja} <{iris.organization(org.slug)}>{parent}")
    return out
