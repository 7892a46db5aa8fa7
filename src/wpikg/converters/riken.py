"""Converter for RIKEN's list of international cooperation agreements (``riken2017``).

The document holds three tables: the agreements (one agreement per row), the legend of RIKEN
centre codes (RIKEN's units), and the partner institutions with English names (one
cooperation relationship per row). Rows are first repaired by kind (:mod:`.riken_rows`), then
turned into RDF here. Every row is accounted for in the reconciliation report: converted,
merged as an exact duplicate, or flagged with the reason.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD
from slugify import slugify

from wpikg import iris
from wpikg.converters import BuildContext, Conversion
from wpikg.converters.riken_rows import (
    REGIONS,
    PlaceReader,
    RepairedRow,
    repair_agreement_row,
    repair_partner_row,
)
from wpikg.dates import DateValue, parse_date
from wpikg.errors import ConversionError, RegistryError
from wpikg.namespaces import KG, SCHEMA
from wpikg.organizations import Organization, latin_name, romaji
from wpikg.provenance import RULE_REASONS, Repair, add_document, add_issue, add_record, add_repairs
from wpikg.sources import SourceDocument
from wpikg.tables import Table, read_tables
from wpikg.terms import Term, read_end, read_start
from wpikg.text import clean

RIKEN = "riken"

#: Instrument types by keyword in the summary, first match wins (``kgv:agreement-type``).
AGREEMENT_TYPES: tuple[tuple[str, str], ...] = (
    (r"IPA", "ipa-student-program"),
    (r"付属|補足協定", "supplementary-agreement"),
    (r"連携大学院", "joint-graduate-school"),
    (r"趣意書", "letter-of-intent"),
    (r"運営取極", "operating-arrangement"),
    (r"姉妹", "sister-agreement"),
    (r"包括", "comprehensive-agreement"),
    (r"枠組み", "framework-agreement"),
    (r"コンソーシアム協定|参加の協定", "consortium-agreement"),
    (r"パートナー協定", "partner-agreement"),
    (r"グラントに関する協定", "grant-agreement"),
    (r"取極", "research-cooperation-arrangement"),
    (r"覚書|3者覚\)", "mou"),
    (r"協定|合意書|契約", "cooperation-agreement"),
)
#: Third parties that a summary names (``JASRIとの3者覚書``), by registry slug.
THIRD_PARTIES: tuple[tuple[str, str], ...] = (
    (r"JASRI", "jasri"),
    (r"順天堂大学", "juntendo-university"),
    (r"京大・原子炉実験所", "kyoto-university-research-reactor-institute"),
    (r"東工大・理学院", "tokyo-tech-school-of-science"),
)
_PARTY_COUNT = re.compile(r"(\d)\s*(?:者|極)")
_CONSORTIUM = re.compile(
    r"^(?P<name>.*?)\s*(?P<cq>約)?(?P<c>\d+)カ国(?P<cm>以上)?\s*(?P<iq>約)?(?P<i>\d+)機関(?P<im>以上)?$"
)
_OPEN_LIST = re.compile(r"(他|等)$")
_NOT_PARTICIPATING = "理研は現在参画していない"


@dataclass
class TableReport:
    """The reconciliation of one table: every row read is converted, merged or flagged."""

    table: int
    title: str
    rows_read: int = 0
    converted: int = 0
    merged_as_duplicate: int = 0
    flagged: list[dict[str, Any]] = field(default_factory=list)
    repaired: Counter[str] = field(default_factory=Counter)
    issues: Counter[str] = field(default_factory=Counter)
    corrected_by_file: int = 0
    duplicates: list[dict[str, int]] = field(default_factory=list)
    notes: Counter[str] = field(default_factory=Counter)

    def account(self, repaired: RepairedRow) -> None:
        self.rows_read += 1
        self.repaired.update(set(repaired.repairs))
        self.issues.update(repaired.issues)
        self.corrected_by_file += bool(repaired.corrections)

    def as_dict(self) -> dict[str, Any]:
        accounted = self.converted + self.merged_as_duplicate + len(self.flagged)
        if accounted != self.rows_read:
            raise ConversionError(
                f"table {self.table}: {self.rows_read} rows read but {accounted} accounted for"
            )
        return {
            "table": self.table,
            "title": self.title,
            "rows_read": self.rows_read,
            "converted": self.converted,
            "merged_as_duplicate": self.merged_as_duplicate,
            "flagged": len(self.flagged),
            "rows_repaired_by_rule": dict(sorted(self.repaired.items())),
            "rows_corrected_from_file": self.corrected_by_file,
            "extraction_issues": dict(sorted(self.issues.items())),
            "flagged_rows": self.flagged,
            "duplicate_rows": self.duplicates,
            "notes": dict(sorted(self.notes.items())),
        }


def convert(doc: SourceDocument, ctx: BuildContext) -> Conversion:
    """Convert the whole document into ``graph/source/riken2017``."""
    agreements, legend, partners = _tables(doc)
    g = Graph()
    add_document(g, doc)
    reader = _Reader(doc, ctx, g)
    report = {
        "tables": {
            "legend": reader.legend(legend).as_dict(),
            "partners": reader.partners(partners).as_dict(),
            "agreements": reader.agreements(agreements).as_dict(),
        }
    }
    if unused := ctx.corrections.unused(doc.alias):
        raise RegistryError(f"corrections matched no row: {unused}")
    return Conversion(doc, g, report)


def convert_agreement_table(doc: SourceDocument, ctx: BuildContext, table: Table) -> Conversion:
    """A table of agreements laid out like RIKEN's (``wpikg import``), by the same rules and
    repairs. ``ctx`` must be the one the whole conversion left (centre legend, organizations)."""
    g = Graph()
    add_document(g, doc)
    report = {"tables": {"agreements": _Reader(doc, ctx, g).agreements(table).as_dict()}}
    return Conversion(doc, g, report)


def _tables(doc: SourceDocument) -> tuple[Table, Table, Table]:
    by_kind = {t.header[0]: t for t in read_tables(doc.text)}
    try:
        legend = next(t for h, t in by_kind.items() if h.startswith("関連研究センター略語一覧"))
        return by_kind["相手国・地域"], legend, by_kind["地域"]
    except (KeyError, StopIteration):
        raise ConversionError(f"{doc.path}: the three RIKEN tables were not found") from None


class _Reader:
    """Turns the repaired rows of the three tables into RDF."""

    def __init__(self, doc: SourceDocument, ctx: BuildContext, g: Graph) -> None:
        self.doc, self.ctx, self.g = doc, ctx, g
        self.places = PlaceReader(ctx.countries)
        self.orgs = ctx.organizations

    # -- shared ------------------------------------------------------------------------
    def record(self, repaired: RepairedRow, row_number: int) -> URIRef:
        record = add_record(self.g, self.doc, repaired.line, table=repaired.table, row=row_number)
        for issue in repaired.issues:
            add_issue(self.g, record, issue)
        add_repairs(self.g, self.doc, repaired.line, _repairs(repaired))
        return record

    # -- legend: RIKEN's units -----------------------------------------------------------
    def legend(self, table: Table) -> TableReport:
        report = TableReport(table.number, "関連研究センター略語一覧 (RIKEN centre codes)")
        riken = self.orgs[RIKEN]
        for n, row in enumerate(table.rows, start=1):
            repaired = RepairedRow(row, table.number, {})
            record = self.record(repaired, n)
            report.account(repaired)
            cells = [clean(c) for c in row.cells] + ["", "", "", ""]
            pairs = [(cells[i], cells[i + 1]) for i in (0, 2) if cells[i]]
            for code, name in pairs:
                self._unit(code, name, riken, record)
            report.converted += 1
            report.notes["units"] += len(pairs)
        return report

    def _unit(self, code: str, name: str, riken: Organization, record: URIRef) -> None:
        parent, former = riken.slug, None  # (clean() has made the full-width ／ a /)
        if "/" in code and "/" in name:  # CLST/DGT: 同上／機能性ゲノム解析部門
            parent = self.ctx.riken_units[code.split("/")[0]]
            name = name.split("/")[-1].strip()
        elif "/" in name:  # CDB: former name／current name
            former, name = (part.strip() for part in name.split("/", 1))
        code_slug = slugify(code if code.isascii() else romaji(code))
        org = self.orgs.add(
            Organization(
                slug=f"riken-{code_slug}",
                name_ja=name,
                parent=parent,
                country="JP",
                kind="unit",
                notation=code,
                defunct_possible=True,
                org_type="facility",
            )
        )
        if former:
            org.variants.add(former)
        org.records.add(record)
        self.ctx.riken_units[code] = org.slug

    # -- partner list: cooperation relationships -----------------------------------------
    def partners(self, table: Table) -> TableReport:
        report = TableReport(
            table.number, "理化学研究所と協力関係にある研究機関 (partner institutions)"
        )
        carried: tuple[str, Any] = ("", None)
        for n, row in enumerate(table.rows, start=1):
            repaired = repair_partner_row(
                row, table.number, carried, self.places, self.ctx.corrections, self.doc.alias
            )
            carried = (repaired.fields["region"], repaired.place)
            record = self.record(repaired, n)
            report.account(repaired)
            if repaired.problems:
                report.flagged.append({"line": row.line, "reasons": repaired.problems})
                continue
            self._relationship(repaired, record)
            report.converted += 1
        return report

    def _relationship(self, repaired: RepairedRow, record: URIRef) -> None:
        fields, place = repaired.fields, repaired.place
        country = place.country.alpha2 if place and place.country else None
        prefix, name_ja = self.places.countries.split_prefix(fields["name_ja"])
        org = self.orgs.register_listed(
            name_ja,
            fields["name_en"] or None,
            country=country,
            scope=place.scope if place else None,
        )
        self._named_in(org, record)
        if country and (region_code := REGIONS.get(fields["region"])):
            self.ctx.country_regions.setdefault(country, region_code)
        node = iris.cooperation(self.doc.alias, repaired.line)
        g = self.g
        g.add((node, RDF.type, KG.CooperationRelationship))
        g.add(
            (node, RDFS.label, Literal(f"理化学研究所と{fields['name_ja']}の協力関係", lang="ja"))
        )
        label_en = latin_name(org)
        g.add((node, RDFS.label, Literal(f"RIKEN cooperation with {label_en}", lang="en")))
        g.add((node, KG.principal, iris.organization(RIKEN)))
        g.add((node, KG.partner, iris.organization(org.slug)))
        g.add((node, KG.nameAsStated, Literal(fields["name_ja"], lang="ja")))
        if country:
            g.add((node, DCTERMS.spatial, iris.country(country)))
        elif place and place.scope:
            g.add((node, KG.partnerScope, iris.concept("partner-scope", place.scope)))
        if region := REGIONS.get(fields["region"]):  # RIKEN's grouping of the row
            g.add((node, DCTERMS.coverage, iris.concept("region", region)))
        if since := parse_date(fields["since"]):
            g.add((node, KG.cooperatingSince, since.literal))
            g.add((node, KG.cooperatingSinceEarliest, Literal(since.earliest)))
        if fields["since"]:
            g.add((node, KG.dateText, Literal(fields["since"], lang="ja")))
        g.add((node, PROV.wasDerivedFrom, record))

    # -- agreements ----------------------------------------------------------------------
    def agreements(self, table: Table) -> TableReport:
        report = TableReport(table.number, "国際協力協定 (international cooperation agreements)")
        carried = None
        first_of: dict[tuple[str, ...], tuple[int, URIRef]] = {}
        for n, row in enumerate(table.rows, start=1):
            repaired = repair_agreement_row(
                row, table.number, carried, self.places, self.ctx.corrections, self.doc.alias
            )
            if repaired.fields.get("country") and repaired.place is not None:
                carried = repaired.place
            signature = tuple(repaired.fields.values())
            if signature in first_of and not repaired.problems:
                repaired.issues.append("duplicate-row")
            record = self.record(repaired, n)
            report.account(repaired)
            if repaired.problems:
                report.flagged.append({"line": row.line, "reasons": repaired.problems})
            elif signature in first_of:
                self._duplicate(first_of[signature], record, repaired, report)
            elif self._agreement(repaired, record, report):
                first_of[signature] = (repaired.line, record)
                report.converted += 1
        return report

    def _duplicate(
        self, first: tuple[int, URIRef], record: URIRef, repaired: RepairedRow, report: TableReport
    ) -> None:
        line, first_record = first
        self.g.add((record, KG.duplicateOf, first_record))
        self.g.add((iris.agreement(self.doc.alias, line), PROV.wasDerivedFrom, record))
        report.merged_as_duplicate += 1
        report.duplicates.append({"line": repaired.line, "duplicate_of": line})

    def _agreement(self, repaired: RepairedRow, record: URIRef, report: TableReport) -> bool:
        fields = repaired.fields
        term = Term()
        read_start(fields["start"], term)
        read_end(fields["end"], term)
        parties = self._parties(repaired, term, report, record)
        problems = term.problems + parties.problems
        if problems or not parties.partners:
            report.flagged.append({"line": repaired.line, "reasons": problems or ["no partner"]})
            return False
        for issue in term.issues:
            add_issue(self.g, record, issue)
            report.issues[issue] += 1
        node = iris.agreement(self.doc.alias, repaired.line)
        _Agreement(self, node, repaired, term, parties, record).write()
        return True

    def _named_in(self, org: Organization, record: URIRef) -> None:
        """The row names ``org`` (and, in ``A B``, its parent ``A``): record that, unless the
        organization already has a source (the partner list, an earlier row)."""
        while not org.records and org.slug_basis != "curated":
            org.records.add(record)
            if org.parent is None:
                break
            org = self.orgs[org.parent]

    def _parties(
        self, repaired: RepairedRow, term: Term, report: TableReport, record: URIRef
    ) -> _Parties:
        parties = _Parties()
        place = repaired.place
        row_country = place.country.alpha2 if place and place.country else None
        names, open_list = split_party_names(repaired.fields["institution"], self)
        if open_list:
            parties.open_list = True
            report.notes["party list ends in 他/等 (open)"] += 1
        for name, prefix_country in names:
            org = parties.add_partner(self.orgs, name, prefix_country or row_country)
            self._named_in(org, record)
        summary = repaired.fields["summary"]
        for pattern, slug in THIRD_PARTIES:
            if re.search(pattern, summary) and slug not in parties.slugs:
                parties.add(self.orgs[slug], "third-party", self.orgs[slug].name_ja)
        for end in term.party_ends:
            org = self.orgs.find(end.label)
            if org is None or org.slug not in parties.slugs:
                parties.problems.append(f"per-party end names no party: {end.label!r}")
            else:
                parties.ends[org.slug] = end.end
        return parties


@dataclass
class _Parties:
    """The parties of one agreement row, RIKEN first."""

    partners: list[tuple[Organization, str, str]] = field(default_factory=list)
    slugs: set[str] = field(default_factory=set)
    ends: dict[str, DateValue] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    open_list: bool = False

    def add(self, org: Organization, role: str, stated: str) -> None:
        if org.slug not in self.slugs:
            self.partners.append((org, role, stated))
            self.slugs.add(org.slug)

    def add_partner(self, orgs: Any, name: str, country: str | None) -> Organization:
        if consortium := _CONSORTIUM.match(name):
            org = orgs.resolve_consortium(
                consortium["name"] or name, name, counts=_consortium_counts(consortium)
            )
        else:
            org = orgs.resolve(name, country=country)
        self.add(org, "partner", name)
        return org


def _consortium_counts(m: re.Match[str]) -> dict[str, tuple[int, str]]:
    def comparator(about: str | None, more: str | None) -> str:
        return "gte" if more else "approx" if about else "eq"

    return {
        "countries": (int(m["c"]), comparator(m["cq"], m["cm"])),
        "institutions": (int(m["i"]), comparator(m["iq"], m["im"])),
    }


def split_party_names(cell: str, reader: _Reader) -> tuple[list[tuple[str, str | None]], bool]:
    """The party names of an institution cell, each with the country its prefix names.

    ``/`` separates countries' groups, ``、`` parties within a group; a name the registry
    knows as a whole (``ウメア大学、スウェーデン農業科学大学 ウメア植物センター``) is not split.
    """
    cell = clean(cell)
    if not cell or cell == "—":
        return [], False
    if reader.orgs.find(cell.replace("、", "")) or _CONSORTIUM.match(cell):
        return [(cell, None)], False
    open_list = bool(_OPEN_LIST.search(cell)) and "、" in cell
    if open_list:
        cell = _OPEN_LIST.sub("", cell)
    names: list[tuple[str, str | None]] = []
    for group in _split_outside_parentheses(cell, "/"):
        country, rest = reader.places.countries.split_prefix(group)
        for name in _split_outside_parentheses(rest, "、,"):
            names.append((name, country.alpha2 if country else None))
    return names, open_list


def _split_outside_parentheses(text: str, separators: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for char in text:
        depth += char == "("
        depth -= char == ")"
        if char in separators and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]


def agreement_type(summary: str) -> tuple[str, str]:
    """(type code, basis) by the first keyword rule that matches the summary.

    >>> agreement_type("国際プログラム・アソシエイト (IPA) 制度による学生の受入れ")
    ('ipa-student-program', 'keyword-rule')
    >>> agreement_type("生物科学分野における協力")
    ('unspecified', 'keyword-rule')
    """
    code = next((c for pattern, c in AGREEMENT_TYPES if re.search(pattern, summary)), None)
    return code or "unspecified", "keyword-rule"


def _repairs(repaired: RepairedRow) -> list[Repair]:
    """The repairs a row went through, rule repairs first, for its correction resources."""
    raw = " | ".join(repaired.row.cells)
    assigned = "; ".join(f"{k}={v}" for k, v in repaired.fields.items() if v)
    out = [
        Repair(rule, "columns", raw, assigned, *RULE_REASONS[rule])
        for rule in dict.fromkeys(repaired.repairs)
    ]
    out += [
        Repair("curated", c.field, c.original, c.corrected, c.reason) for c in repaired.corrections
    ]
    return out


class _Agreement:
    """Writes one agreement: parties, term, type, units, counts, provenance."""

    def __init__(
        self,
        reader: _Reader,
        node: URIRef,
        repaired: RepairedRow,
        term: Term,
        parties: _Parties,
        record: URIRef,
    ) -> None:
        self.reader, self.g, self.node = reader, reader.g, node
        self.fields, self.place, self.term = repaired.fields, repaired.place, term
        self.parties, self.record = parties, record

    def write(self) -> None:
        g, node = self.g, self.node
        g.add((node, RDF.type, KG.Agreement))
        g.add((node, PROV.wasDerivedFrom, self.record))
        self._labels()
        self._parties()
        self._term()
        self._type_and_units()
        self._place()

    def _labels(self) -> None:
        names = "、".join(stated for _, role, stated in self.parties.partners if role == "partner")
        start = self.fields["start"]
        self.g.add(
            (self.node, RDFS.label, Literal(f"理化学研究所と{names}の協定 ({start})", lang="ja"))
        )
        english = ", ".join(
            latin_name(org) for org, role, _ in self.parties.partners if role == "partner"
        )
        self.g.add(
            (self.node, RDFS.label, Literal(f"RIKEN agreement with {english} ({start})", lang="en"))
        )
        summary = self.fields["summary"]
        if summary and summary != "—":
            self.g.add((self.node, DCTERMS.description, Literal(summary, lang="ja")))

    def _parties(self) -> None:
        riken = self.reader.orgs[RIKEN]
        self._party(riken, "principal", None)
        if _NOT_PARTICIPATING in self.fields["summary"]:
            self.g.add(
                (
                    iris.party(self.node, RIKEN),
                    KG.participationStatus,
                    iris.concept("participation-status", "not-participating-now"),
                )
            )
        for org, role, stated in self.parties.partners:
            self._party(org, role, stated)
        if m := _PARTY_COUNT.search(self.fields["summary"]):
            count = iris.quantity(self.node, "parties")
            self.g.add((self.node, KG.declaredPartyCount, count))
            self.g.add((count, RDF.type, KG.Quantity))
            self.g.add((count, SCHEMA.value, Literal(int(m[1]), datatype=XSD.nonNegativeInteger)))
            self.g.add((count, KG.comparator, iris.concept("comparator", "eq")))

    def _party(self, org: Organization, role: str, stated: str | None) -> None:
        g, party = self.g, iris.party(self.node, org.slug)
        org_iri = iris.organization(org.slug)
        g.add((self.node, KG.hasParty, party))
        g.add((self.node, KG.party, org_iri))
        g.add((party, RDF.type, KG.AgreementParty))
        g.add((party, KG.partyOrganization, org_iri))
        g.add((party, KG.partyRole, iris.concept("party-role", role)))
        if stated:
            g.add((party, KG.nameAsStated, Literal(stated, lang="ja")))
        if end := self.parties.ends.get(org.slug):
            g.add((party, KG.participationEnd, end.literal))

    def _term(self) -> None:
        g, node, term = self.g, self.node, self.term
        start = term.start
        if start is None:  # read_start flagged such a row, so it never gets here
            raise ConversionError(f"{node}: agreement without a start")
        g.add((node, KG.startFiscalYear if start.fiscal else KG.startDate, start.literal))
        status = "on-or-before" if term.start_on_or_before else "stated"
        g.add((node, KG.startStatus, iris.concept("start-status", status)))
        for amended in term.amended:
            g.add((node, KG.amendedOn, amended.literal))
        if term.end is not None and term.end_status in {
            "fixed",
            "ended-before",
            "transferred",
            "migrated",
            "succeeded",
        }:
            g.add((node, KG.endFiscalYear if term.end.fiscal else KG.endDate, term.end.literal))
        g.add((node, KG.endStatus, iris.concept("end-status", term.end_status)))
        if term.end_condition_text:
            g.add((node, KG.endConditionText, Literal(term.end_condition_text, lang="ja")))
        for prop, value in zip(
            (KG.startEarliest, KG.startLatest, KG.endEarliest, KG.endLatest),
            (*term.start_bounds, *term.end_bounds),
            strict=True,
        ):
            if value is not None:
                g.add((node, prop, Literal(value, datatype=XSD.date)))
        for cell in (self.fields["start"], self.fields["end"]):
            if cell:
                g.add((node, KG.dateText, Literal(cell, lang="ja")))
        if re.search(r"防災研(?:へ|に)移管", self.fields["end"] + self.fields["summary"]):
            g.add((node, KG.transferredTo, iris.organization("nied")))

    def _type_and_units(self) -> None:
        code, basis = agreement_type(self.fields["summary"])
        self.g.add((self.node, KG.agreementType, iris.concept("agreement-type", code)))
        self.g.add((self.node, KG.typeBasis, iris.concept("type-basis", basis)))
        units = self.reader.ctx.riken_units
        for token in _unit_tokens(self.fields["units"], units):
            if token in units:
                self.g.add((self.node, KG.relatedUnit, iris.organization(units[token])))
            else:
                self.g.add((self.node, KG.relatedUnitText, Literal(token, lang="ja")))

    def _place(self) -> None:
        if self.place is None:
            return
        if self.place.scope:
            self.g.add(
                (self.node, KG.partnerScope, iris.concept("partner-scope", self.place.scope))
            )
        elif self.place.country:
            self.g.add((self.node, DCTERMS.spatial, iris.country(self.place.country.alpha2)))


def _unit_tokens(cell: str, units: dict[str, str]) -> list[str]:
    """Centre codes of a related-centre cell (``BSI, IMS, CLST``, ``DRI/ASI``, ``CLST/DGT``);
    a token that is not a legend code (``総務部``) is kept as it is."""
    tokens = []
    for part in re.split(r"\s*[、,]\s*", clean(cell)):
        if not part:
            continue
        codes = [part] if part in units else part.split("/")
        tokens += codes if all(c in units for c in codes) else [part]
    return tokens
