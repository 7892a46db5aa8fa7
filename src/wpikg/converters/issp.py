"""Converter for ISSP's international cooperation page (``issp2022``).

The document is bilingual prose with one table. It yields:

- ISSP's partners (curated in ``data/curated/issp2022-organizations.tsv``, each row checked
  against its source line) as organizations shared with the other documents, and one
  cooperation relationship per partner with the activities the text describes;
- the 1980 Japan–US umbrella agreement and the Japan–US cooperative research programme under it
  (neutron scattering at ORNL since 1983);
- ISSP's visiting-researcher programmes;
- the international symposia FY2019–FY2021 (title, acronym, dates, participants);
- every figure the text states (totals of agreements and MoUs, visitors, papers, shares) as a
  Data Cube observation with its comparator (``nearly``, ``more than``, ``one in four or more``).

The totals "10 agreements and 4 MoUs" are not split into invented per-partner agreements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from wpikg import intervals, iris
from wpikg.converters import BuildContext, Conversion
from wpikg.errors import ConversionError
from wpikg.namespaces import KG, QB, SCHEMA, SDMX_ATTRIBUTE, SDMX_DIMENSION, UNIT
from wpikg.organizations import Organization, latin_name
from wpikg.provenance import add_document, add_record
from wpikg.sources import SourceDocument
from wpikg.text import read_tsv

ISSP = "issp"
DATASET = "issp-stats"
UNITS = {"count": UNIT.NUM, "percent": UNIT.PERCENT}

#: Activities by keyword in a partner's Japanese description (``kgv:activity``).
ACTIVITIES: tuple[tuple[str, str], ...] = (
    (r"リサーチ・プロフェッサーに就任", "cross-appointment"),
    (r"招へい", "invitation"),
    (r"人材交流", "researcher-exchange"),
    (r"シンポジウム", "symposium"),
    (r"ワークショップ", "workshop"),
    (r"長期派遣", "faculty-dispatch"),
    (r"装置開発|マグネット開発", "instrument-development"),
    (r"共同研究", "joint-research"),
)


Found = dict[str, tuple[Organization, dict[str, str]]]  # curated key → (organization, row)


@dataclass(frozen=True)
class Figure:
    """One number the text states, as an observation."""

    key: str
    indicator: str
    measure: str  # "count" or "percent"
    value: str
    comparator: str
    lines: tuple[int, ...]
    text_ja: str
    text_en: str | None  # None where the document prints no English (it ends at line 119)
    area: str | None = None
    period: str = "fy2019-fy2021"


#: The figures of lines 14-119: what each says, its comparator read from the Japanese (which
#: governs: 20以上 is "20 or more" although the English says "more than 20"), its lines.
FIGURES: tuple[Figure, ...] = (
    Figure(
        "agreements",
        "agreement-count",
        "count",
        "10",
        "eq",
        (14, 15),
        "10機関との研究・交流協定",
        "ten agreements",
        period="fy2021",
    ),
    Figure(
        "mous",
        "mou-count",
        "count",
        "4",
        "eq",
        (14, 15),
        "4機関の覚書",
        "four MoUs",
        period="fy2021",
    ),
    Figure(
        "visitors",
        "visitor-count",
        "count",
        "200",
        "approx-below",
        (58, 64),
        "200 名近く",
        "Nearly 200",
    ),
    Figure(
        "visitor-countries",
        "visitor-country-count",
        "count",
        "20",
        "gte",
        (58, 64),
        "20 以上の国と地域",
        "more than 20 countries and regions",
    ),
    Figure(
        "accepted-fy2021",
        "accepted-visitor-count",
        "count",
        "2",
        "eq",
        (60, 64),
        "2021 年度の受け入れ数は 2 (米国・中国) のみ",
        "only 2 (from U.S. and China)",
        period="fy2021",
    ),
    Figure(
        "papers",
        "paper-count",
        "count",
        "400",
        "approx-below",
        (87, 88),
        "年間約 400 編近く",
        "Nearly 400 papers are published annually",
    ),
    Figure(
        "coauthored",
        "international-coauthorship-ratio",
        "percent",
        "33.33",
        "gte",
        (95, 96),
        "3 分の 1 以上",
        "More than one third",
    ),
    Figure(
        "coauthor-countries",
        "coauthor-country-count",
        "count",
        "30",
        "gte",
        (95, 96),
        "30 以上の国・地域",
        "more than 30 countries and regions",
    ),
    Figure(
        "coauthored-us",
        "coauthorship-share-by-country",
        "percent",
        "40",
        "eq",
        (103, 104),
        "米国 (40%)",
        "the U.S. (40%)",
        area="US",
    ),
    Figure(
        "coauthored-cn",
        "coauthorship-share-by-country",
        "percent",
        "30",
        "eq",
        (103, 104),
        "中国 (30%)",
        "China (30%)",
        area="CN",
    ),
    Figure(
        "coauthored-de",
        "coauthorship-share-by-country",
        "percent",
        "20",
        "eq",
        (103, 104),
        "ドイツ (20%)",
        "Germany (20%)",
        area="DE",
    ),
    Figure(
        "students",
        "international-student-ratio",
        "percent",
        "25",
        "gte",
        (111, 112),
        "4 人に 1 人以上",
        "More than one in four",
    ),
    Figure(
        "staff",
        "international-staff-ratio",
        "percent",
        "14.29",
        "approx",
        (119,),
        "およそ 7 人に 1 人",
        None,
    ),
)

_EVENT_ROW = re.compile(
    r"^(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})~(?:(?P<m2>\d{1,2})/)?(?P<d2>\d{1,2})\t"
    r"(?P<title>[^\t]+)\t(?P<total>\d+) \((?P<intl>\d+)\)$"
)


def convert(doc: SourceDocument, ctx: BuildContext) -> Conversion:
    """Convert the whole document into ``graph/source/issp2022``."""
    g = Graph()
    add_document(g, doc)
    writer = _Writer(doc, ctx, g)
    orgs = writer.organizations()
    facts: dict[str, Any] = {
        "cooperation_relationships": writer.partners(orgs),
        "agreements": writer.japan_us_programme(orgs),
        "programmes": writer.visiting_programmes(),
        "events": writer.symposia(),
        "observations": writer.figures(),
    }
    return Conversion(doc, g, {"facts": facts, "left_out": LEFT_OUT})


#: Statements deliberately not modelled, with the reason (the build report lists them).
LEFT_OUT = [
    {
        "lines": "8, 10",
        "what": "the mission statement (building a community network)",
        "reason": "a statement of aims, not a fact about an organization or agreement",
    },
    {
        "lines": "81-119",
        "what": "the charts the headings introduce (papers per year, shares)",
        "reason": "the charts did not survive text extraction; only the stated figures did",
    },
]


class _Writer:
    """Writes the document's facts into its graph."""

    def __init__(self, doc: SourceDocument, ctx: BuildContext, g: Graph) -> None:
        self.doc, self.ctx, self.g = doc, ctx, g

    def record(self, *lines: int) -> list[URIRef]:
        return [add_record(self.g, self.doc, line) for line in lines]

    # -- organizations ---------------------------------------------------------------------
    def organizations(self) -> Found:
        """The curated organizations of the document, resolved in the shared registry."""
        path = self.ctx.curated_dir / "issp2022-organizations.tsv"
        found: Found = {}
        for row in read_tsv(path):
            line = int(row["line"])
            if row["evidence"] not in self.doc.lines[line - 1]:
                raise ConversionError(f"{path}: {row['evidence']!r} is not on line {line}")
            found[row["key"]] = (self._organization(row, found), row)
        found["jaeri"][0].successor = found["jaea"][0].slug
        return found

    def _organization(self, row: dict[str, str], found: Found) -> Organization:
        registry = self.ctx.organizations
        org = registry.register_listed(row["name_ja"], row["name_en"], country=row["country"])
        if row["parent_key"] and org.parent is None:
            org.parent, org.kind = found[row["parent_key"]][0].slug, "unit"
        org.org_type = org.org_type or row["type"]
        if row["acronym"]:
            org.acronyms.add(row["acronym"])
        if not org.records:
            org.records.update(self.record(int(row["line"])))
        return org

    # -- partners and activities -------------------------------------------------------------
    def partners(self, orgs: Found) -> int:
        """One cooperation relationship per partner heading, with its activities."""
        blocks = _partner_blocks(self.doc)
        count = 0
        for key, (org, row) in orgs.items():
            if row["partner"] != "yes" or int(row["line"]) not in blocks:
                continue
            self._relationship(key, org, blocks[int(row["line"])])
            count += 1
        return count

    def _relationship(self, key: str, org: Organization, block: tuple[int, int, int]) -> None:
        heading, ja_line, en_line = block
        g, node = self.g, URIRef(f"{iris.cooperation(self.doc.alias, heading)}-{key}")
        g.add((node, RDF.type, KG.CooperationRelationship))
        g.add((node, RDFS.label, Literal(f"物性研究所と{org.name_ja}の協力", lang="ja")))
        g.add((node, RDFS.label, Literal(f"ISSP cooperation with {latin_name(org)}", lang="en")))
        g.add((node, KG.principal, iris.organization(ISSP)))
        g.add((node, KG.partner, iris.organization(org.slug)))
        if org.country:
            g.add((node, DCTERMS.spatial, iris.country(org.country)))
        ja, en = self.doc.lines[ja_line - 1].strip(), self.doc.lines[en_line - 1].strip()
        g.add((node, DCTERMS.description, Literal(ja, lang="ja")))
        g.add((node, DCTERMS.description, Literal(en, lang="en")))
        for pattern, activity in ACTIVITIES:
            if re.search(pattern, ja):
                g.add((node, KG.cooperationActivity, iris.concept("activity", activity)))
        for record in self.record(heading, ja_line, en_line):
            g.add((node, PROV.wasDerivedFrom, record))

    # -- the Japan-US programme ----------------------------------------------------------------
    def japan_us_programme(self, orgs: Found) -> int:
        """The 1980 umbrella agreement and the programme under it (lines 33-37)."""
        umbrella = URIRef(f"{iris.agreement(self.doc.alias, 35)}-umbrella")
        programme = URIRef(f"{iris.agreement(self.doc.alias, 35)}-programme")
        records = self.record(33, 35, 37)
        self._agreement(
            umbrella,
            records,
            "intergovernmental-umbrella",
            1980,
            (
                "科学技術協力に関する日米包括協定",
                "Japan–U.S. umbrella agreement on science and technology cooperation",
            ),
            # Between two governments, the Japanese side (whose documents record it) is the
            # principal, as RIKEN is in RIKEN's list.
            [("government-of-japan", "principal"), ("government-of-the-united-states", "partner")],
            orgs,
            status="not-stated",
        )
        self._agreement(
            programme,
            records,
            "cooperation-agreement",
            1983,
            (
                "日米協力事業(中性子散乱)",
                "Japan–U.S. Cooperative Research Program (neutron scattering)",
            ),
            [("issp", "principal"), ("doe", "partner"), ("jaeri", "partner")],
            orgs,
            status="ongoing",
        )
        g = self.g
        g.add((programme, KG.underFramework, umbrella))
        g.add((programme, KG.usesFacility, iris.organization(orgs["ornl"][0].slug)))
        g.add(
            (
                iris.organization(orgs["ornl"][0].slug),
                RDF.type,
                URIRef("http://purl.org/cerif/frapo/Facility"),
            )
        )
        g.add((programme, KG.cooperationActivity, iris.concept("activity", "joint-research")))
        g.add((programme, KG.cooperationActivity, iris.concept("activity", "facility-use")))
        return 2

    def _agreement(
        self,
        node: URIRef,
        records: list[URIRef],
        kind: str,
        year: int,
        labels: tuple[str, str],
        parties: list[tuple[str, str]],
        orgs: Found,
        status: str,
    ) -> None:
        g = self.g
        g.add((node, RDF.type, KG.Agreement))
        g.add((node, RDFS.label, Literal(labels[0], lang="ja")))
        g.add((node, RDFS.label, Literal(labels[1], lang="en")))
        g.add((node, KG.agreementType, iris.concept("agreement-type", kind)))
        g.add((node, KG.typeBasis, iris.concept("type-basis", "stated")))
        g.add((node, KG.startDate, Literal(str(year), datatype=XSD.gYear)))
        g.add((node, KG.startStatus, iris.concept("start-status", "stated")))
        g.add((node, KG.startEarliest, Literal(date(year, 1, 1))))
        g.add((node, KG.startLatest, Literal(date(year, 12, 31))))
        g.add((node, KG.endStatus, iris.concept("end-status", status)))
        for key, role in parties:
            slug = ISSP if key == "issp" else orgs[key][0].slug
            party = iris.party(node, slug)
            g.add((node, KG.hasParty, party))
            g.add((node, KG.party, iris.organization(slug)))
            g.add((party, RDF.type, KG.AgreementParty))
            g.add((party, KG.partyOrganization, iris.organization(slug)))
            g.add((party, KG.partyRole, iris.concept("party-role", role)))
        for record in records:
            g.add((node, PROV.wasDerivedFrom, record))

    # -- visiting programmes ----------------------------------------------------------------------
    def visiting_programmes(self) -> int:
        """The visiting-professor scheme and the 2017 international collaboration programme."""
        g = self.g
        for key, ja, en, launched in (
            ("issp-visiting-professor", "外国人客員所員", "ISSP Visiting Professor", None),
            (
                "issp-international-collaboration",
                "国際連携制度",
                "ISSP international collaboration program",
                2017,
            ),
        ):
            node = iris.program(key)
            g.add((node, RDF.type, KG.FundingProgramme))
            for label in (Literal(ja, lang="ja"), Literal(en, lang="en")):
                g.add((node, SKOS.prefLabel, label))
                g.add((node, RDFS.label, label))
            g.add((node, KG.administeredBy, iris.organization(ISSP)))
            if launched:
                g.add((node, KG.launchedIn, Literal(str(launched), datatype=XSD.gYear)))
            for record in self.record(56, 62):
                g.add((node, PROV.wasDerivedFrom, record))
        return 2

    # -- symposia ---------------------------------------------------------------------------
    def symposia(self) -> int:
        count = 0
        for number, text in enumerate(self.doc.lines, start=1):
            if m := _EVENT_ROW.match(text.strip()):
                self._event(m, number)
                count += 1
        if count == 0:
            raise ConversionError(f"{self.doc.path}: the symposium table was not found")
        return count

    def _event(self, m: re.Match[str], line: int) -> None:
        start = date(int(m["y"]), int(m["m"]), int(m["d"]))
        end = date(start.year, int(m["m2"] or m["m"]), int(m["d2"]))  # month carried over
        title = m["title"].strip()
        acronym = _acronym(title)
        key = acronym or title
        node = iris.event(key if re.search(r"\d{4}$", key) else f"{key} {start.year}")
        g = self.g
        g.add((node, RDF.type, KG.ScientificEvent))
        g.add((node, SCHEMA.name, Literal(title, lang="en")))
        g.add((node, RDFS.label, Literal(title, lang="en")))
        if acronym:
            g.add((node, KG.acronym, Literal(acronym)))
        g.add((node, SCHEMA.startDate, Literal(start)))
        g.add((node, SCHEMA.endDate, Literal(end)))
        g.add((node, SCHEMA.organizer, iris.organization(ISSP)))
        g.add(
            (node, KG.participantCount, Literal(int(m["total"]), datatype=XSD.nonNegativeInteger))
        )
        intl = Literal(int(m["intl"]), datatype=XSD.nonNegativeInteger)
        g.add((node, KG.internationalParticipantCount, intl))
        for record in self.record(line):
            g.add((node, PROV.wasDerivedFrom, record))

    # -- figures ----------------------------------------------------------------------------
    def figures(self) -> int:
        g = self.g
        dataset = iris.statistical_dataset(DATASET)
        g.add((dataset, RDF.type, QB.DataSet))
        g.add((dataset, RDFS.label, Literal("物性研究所の国際連携に関する統計", lang="ja")))
        g.add((dataset, RDFS.label, Literal("ISSP international cooperation figures", lang="en")))
        g.add((dataset, DCTERMS.source, iris.document(self.doc.alias)))
        periods = {
            "fy2019-fy2021": intervals.fiscal_years(g, 2019, 2021),
            "fy2021": intervals.fiscal_year(g, 2021),
        }
        for figure in FIGURES:
            self._observation(figure, dataset, periods[figure.period])
        return len(FIGURES)

    def _observation(self, figure: Figure, dataset: URIRef, period: URIRef) -> None:
        texts = " ".join(self.doc.lines[line - 1] for line in figure.lines)
        if figure.text_ja not in texts or (figure.text_en or "") not in texts:
            raise ConversionError(f"figure {figure.key!r} is not on lines {figure.lines}")
        g, node = self.g, iris.observation(DATASET, figure.key)
        g.add((node, RDF.type, QB.Observation))
        g.add((node, QB.dataSet, dataset))
        g.add((node, KG.indicator, iris.concept("indicator", figure.indicator)))
        g.add((node, SDMX_DIMENSION.refPeriod, period))
        g.add((node, SCHEMA.observationAbout, iris.organization(ISSP)))
        if figure.area:
            g.add((node, SDMX_DIMENSION.refArea, iris.country(figure.area)))
        value = (
            Literal(int(figure.value), datatype=XSD.nonNegativeInteger)
            if figure.measure == "count"
            else Literal(Decimal(figure.value), datatype=XSD.decimal)
        )
        g.add((node, KG.count if figure.measure == "count" else KG.percent, value))
        g.add((node, SDMX_ATTRIBUTE.unitMeasure, UNITS[figure.measure]))
        g.add((node, KG.comparator, iris.concept("comparator", figure.comparator)))
        g.add((node, KG.valueText, Literal(figure.text_ja, lang="ja")))
        g.add((node, RDFS.label, Literal(f"物性研究所: {figure.text_ja}", lang="ja")))
        if figure.text_en:
            g.add((node, KG.valueText, Literal(figure.text_en, lang="en")))
            g.add((node, RDFS.label, Literal(f"ISSP: {figure.text_en}", lang="en")))
        for record in self.record(*figure.lines):
            g.add((node, PROV.wasDerivedFrom, record))


def _partner_blocks(doc: SourceDocument) -> dict[int, tuple[int, int, int]]:
    """Heading line → (heading, Japanese description line, English description line)."""
    blocks = {}
    lines = doc.lines
    for number, text in enumerate(lines, start=1):
        if text.startswith("#### ") and number < 53:
            following = [n for n in range(number + 1, len(lines) + 1) if lines[n - 1].strip()]
            # the English name line, then the Japanese and English descriptions
            blocks[number] = (number, following[1], following[2])
    return blocks


def _acronym(title: str) -> str | None:
    """``… (SNS2019)`` → ``SNS2019``; ``…: ASOMEA-X`` → ``ASOMEA-X``."""
    if m := re.search(r"\(([A-Z][A-Z0-9-]+)\)$", title):
        return m[1]
    if m := re.search(r":\s*([A-Z][A-Z0-9-]+)$", title):
        return m[1]
    return None
