"""Repairing the rows of the RIKEN tables by what each cell *is*, not where it sits.

PDF extraction shifted cells left (a lost empty country cell) and right (a new country
printed in the institution column), emptied the institution column in some blocks (the name
sits in the country column), and dropped trailing cells. Each rule here looks at a cell's
kind — a date-shaped cell is a date, a country name is a country, a region name is a region —
and records the rule it applied, so the build report can count repairs per rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wpikg.corrections import Correction, Corrections
from wpikg.countries import Country, CountryIndex
from wpikg.dates import is_date_shaped
from wpikg.tables import Row
from wpikg.text import clean

#: Partner scopes printed where a country would be (``kgv:partner-scope``).
SCOPES = {"国際組織": "international-organization", "多国間": "multilateral"}
#: RIKEN's regions in the partner list (``kgv:region``).
REGIONS = {
    "アジア・中東": "asia-middle-east",
    "アフリカ": "africa",
    "大洋州": "oceania",
    "欧州": "europe",
    "中南米": "latin-america",
    "北米": "north-america",
    "国際組織": "international-organization",
}
_START_COLUMN = 3  # country | institution | summary | start | end | units


@dataclass(frozen=True)
class Place:
    """Where a partner is: a country or region, or a partner scope (international, multilateral)."""

    text: str
    country: Country | None = None
    scope: str | None = None


@dataclass
class RepairedRow:
    """A table row with its cells assigned to logical fields, and what it took."""

    row: Row
    table: int
    fields: dict[str, str]
    place: Place | None = None
    repairs: list[str] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)

    @property
    def line(self) -> int:
        return self.row.line

    def note(self, repair: str, issue: str | None = None) -> None:
        self.repairs.append(repair)
        if issue and issue not in self.issues:
            self.issues.append(issue)


class PlaceReader:
    """Reads country, region and scope cells, carrying the last one down the table."""

    def __init__(self, countries: CountryIndex) -> None:
        self.countries = countries

    def place(self, text: str) -> Place | None:
        cleaned = clean(text)
        if cleaned in SCOPES:
            return Place(cleaned, scope=SCOPES[cleaned])
        country = self.countries.lookup(cleaned)
        return Place(cleaned, country=country) if country else None


def repair_agreement_row(
    row: Row,
    table: int,
    carried: Place | None,
    places: PlaceReader,
    corrections: Corrections,
    document: str,
) -> RepairedRow:
    """Assign the cells of one agreement row to fields, anchored on its start-date cell."""
    cells = [clean(c) for c in row.cells]
    anchor = next((i for i, c in enumerate(cells) if i >= 2 and is_date_shaped(c)), None)
    if anchor is None:
        return RepairedRow(row, table, {}, problems=["no date-shaped start cell"])
    before, after = cells[:anchor], cells[anchor + 1 :]
    lead = [c for c in before[:-2] if c]
    fields = {
        "country": lead[0] if lead else "",
        "institution": before[-2] if len(before) >= 2 else "",
        "summary": before[-1],
        "start": cells[anchor],
        "end": after[0] if after else "",
        "units": after[1] if len(after) >= 2 else "",
    }
    repaired = RepairedRow(row, table, fields)
    _note_shift(repaired, anchor - _START_COLUMN)
    if len(after) < 2:
        repaired.lost.append("units")
        repaired.issues.append("cell-lost")
    if len(lead) > 1 or any(after[2:]):
        repaired.problems.append(f"cells left over after assigning fields: {cells}")
    repaired.corrections = corrections.apply(document, row.line, fields)
    _resolve_place(repaired, carried, places)
    return repaired


def _note_shift(repaired: RepairedRow, shift: int) -> None:
    if shift < 0:
        repaired.note("shifted-cells-by-type", "column-shift-left")
    elif shift > 0:
        repaired.note("shifted-cells-by-type", "column-shift-right")


def _resolve_place(repaired: RepairedRow, carried: Place | None, places: PlaceReader) -> None:
    fields = repaired.fields
    stated = fields["country"]
    if stated and (place := places.place(stated)) is not None:
        repaired.place = place
        return
    if stated and not fields["institution"]:
        fields["institution"], fields["country"] = stated, ""
        repaired.note("institution-from-country-column", "institution-in-country-column")
    elif stated:
        repaired.problems.append(f"country cell is not a country: {stated!r}")
        return
    if carried is None:
        repaired.problems.append("no country stated and none to carry over")
    repaired.place = carried


PARTNER_FIELDS = ("region", "country", "name_ja", "name_en", "since")


def repair_partner_row(
    row: Row,
    table: int,
    carried: tuple[str, Place | None],
    places: PlaceReader,
    corrections: Corrections,
    document: str,
) -> RepairedRow:
    """Assign the cells of one partner-list row to fields by kind: region, country, date, names."""
    cells = [clean(c) for c in row.cells]
    kinds: dict[str, tuple[int, str]] = {}
    names: list[tuple[int, str]] = []
    for i, cell in enumerate(cells):
        if not cell:
            continue
        kind = _partner_cell_kind(cell, places, kinds, bool(names))
        if kind == "name":
            names.append((i, cell))
        else:
            kinds[kind] = (i, cell)
    if len(names) >= 1:
        kinds["name_ja"] = names[0]
    if len(names) >= 2:
        kinds["name_en"] = names[1]
    fields = {f: kinds[f][1] if f in kinds else "" for f in PARTNER_FIELDS}
    repaired = RepairedRow(row, table, fields)
    positions = {f: kinds[f][0] for f in kinds}
    _note_partner_shift(repaired, positions, len(names))
    repaired.corrections = corrections.apply(document, row.line, fields)
    _resolve_partner_place(repaired, carried, places)
    return repaired


def _partner_cell_kind(
    cell: str, places: PlaceReader, seen: dict[str, tuple[int, str]], after_name: bool
) -> str:
    if cell in REGIONS and "region" not in seen and not after_name:
        return "region"
    if "country" not in seen and not after_name and places.place(cell) is not None:
        return "country"
    if is_date_shaped(cell) and "since" not in seen:
        return "since"
    return "name"


def _note_partner_shift(repaired: RepairedRow, positions: dict[str, int], names: int) -> None:
    expected = {f: i for i, f in enumerate(PARTNER_FIELDS)}
    if "name_ja" not in positions:
        repaired.problems.append("no institution name")
        return
    shift = positions["name_ja"] - expected["name_ja"]
    _note_shift(repaired, shift)
    if names < 2:
        repaired.lost.append("name_en")
    if "since" not in positions:
        repaired.lost.append("since")
    if repaired.lost:
        repaired.issues.append("cell-lost")
    if names > 2:
        repaired.problems.append(f"more than two name cells: {repaired.row.cells}")


def _resolve_partner_place(
    repaired: RepairedRow, carried: tuple[str, Place | None], places: PlaceReader
) -> None:
    fields = repaired.fields
    fields["region"] = fields["region"] or carried[0]
    if fields["country"]:
        repaired.place = places.place(fields["country"])
    elif fields["region"] == "国際組織":
        repaired.place = Place("国際組織", scope="international-organization")
    else:
        repaired.place = carried[1]
    if repaired.place is None:
        repaired.problems.append("no country stated and none to carry over")
