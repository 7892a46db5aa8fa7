"""Converter for MEXT's report on the WPI programme (``wpi2019``, 平成31年2月5日).

Background and policy reference, requirements and support scheme (:mod:`.wpi_programme`), the
centre list with each centre's director, the globalization and reform results, the WPI Forum
portal, and the profiles of the four newest centres (:mod:`.wpi_profiles`). Everything is as
of the document's date; a director is a membership claim as of that date.
"""

from __future__ import annotations

import re
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from wpikg import iris
from wpikg.amounts import comparator, percent
from wpikg.converters import BuildContext, Conversion
from wpikg.converters.wpi_common import (
    CENTER_ENTRY,
    PROGRAM,
    Figure,
    Ledger,
    People,
    PersonName,
    Post,
    add_dataset,
    add_membership,
    add_observation,
    add_programme,
    add_selection,
    add_statement,
    latin_name,
    node,
    resolve_center,
)
from wpikg.converters.wpi_profiles import Director, read_profiles
from wpikg.converters.wpi_programme import add_extension, read_requirements, read_scheme
from wpikg.dates import parse_era
from wpikg.errors import ConversionError
from wpikg.namespaces import KG, SCHEMA
from wpikg.provenance import add_document
from wpikg.sources import SourceDocument
from wpikg.text import has_japanese

INDICATORS = "wpi-indicators"
#: Section headings → ``kgv:logic-stage`` of the statements under them.
SECTIONS = {
    "背景・課題": "issue",
    "【未来投資戦略2018における記載】": "issue",
    "【事業目的・実施内容】": "purpose",
    "2019年度予算のポイント": "plan",
    "【これまでの成果】": "achievement",
    "1 国際頭脳循環の深化・加速": "plan",
    "2 WPI拠点間・他機関との連携強化": "plan",
    "~国際的な研究環境の実現(Globalization)~": "achievement",
    "~組織の改革(Reform)~": "achievement",
    "~WPI拠点の研究力は産業界等からも高く評価~": "achievement",
}
#: Practices the globalization and reform bullets state for WPI centres in general.
PRACTICES = {
    "拠点内の公用語は英語": "english-official-language",
    "ポストクは全て国際公募": "all-postdocs-recruited-internationally",
    "異分野の研究者同士が気軽に集まって議論できる場": "interaction-space",
    "クロスアポイントメント制度": "cross-appointment-system",
    "トップダウン型のマネジメント": "top-down-management",
    "外国人の生活環境の整備": "foreign-researcher-housing",
}
_BLOCK = re.compile(r"^【(?P<fy>\d{4})年度採択\s*(?P<n>\d+)拠点】$")
_STATUS = {"WPIアカデミー拠点": "wpi-academy", "補助金支援中の拠点": "subsidized"}


def convert(doc: SourceDocument, ctx: BuildContext) -> Conversion:
    """Convert the whole document into ``graph/source/wpi2019``."""
    g = Graph()
    add_document(g, doc)
    ledger = Ledger(doc, ctx, g)
    _Status(ledger).run()
    return Conversion(doc, g, ledger.report())


class _Status:
    """Walks the document section by section."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger, self.g = ledger, ledger.g
        self.people = People(ledger)
        self.directors: dict[str, Director] = {}
        #: WPI centres by acronym (``IFReC``), to link the statements that name them
        self.acronyms = {
            acronym: org.slug
            for org in ledger.ctx.organizations
            if org.kind == "wpi-center"
            for acronym in org.acronyms
        }
        self.policy: URIRef | None = None
        self.as_of: Literal = Literal("")

    def run(self) -> None:
        ledger = self.ledger
        title = ledger.find(r"実施状況について")
        dated = ledger.find(r"^平成\d+年\d+月\d+日$", title)
        era = parse_era(ledger.text(dated))
        if era is None or era.day is None:
            raise ConversionError(f"{ledger.alias} line {dated}: no date")
        self.as_of = era.literal
        add_programme(ledger, [title])
        ledger.heading(title, dated, ledger.find(r"基礎研究振興課$", dated))
        add_dataset(ledger, INDICATORS, "WPIの指標", "WPI indicators")
        forum = ledger.find(r"^外国人研究者受け入れ制度の整備へ向けて$")
        self.sections(dated + 1, forum)
        profiles = ledger.find(r"^(機構長|拠点長)")
        self.forum(forum, profiles)
        read_profiles(ledger, profiles, self.directors, self.people, self.as_of)

    # -- sections before the WPI Forum --------------------------------------------------------
    def sections(self, start: int, end: int) -> None:
        ledger = self.ledger
        stage = "issue"
        for n in ledger.pending(start, end):
            text = ledger.text(n)
            if text in SECTIONS:
                stage = SECTIONS[text]
                ledger.heading(n)
                if text.startswith("【未来投資戦略"):
                    self.policy = self.future_investment_strategy(n, text)
            elif text == "事業概要":
                ledger.heading(n)
            elif text == "【拠点が満たすべき要件】":
                read_requirements(ledger, n)
            elif text == "【事業スキーム】":
                read_scheme(ledger, n)
            elif text == "【WPI拠点一覧】":
                self.center_list(n)
                stage = "issue"  # the next slide restates the background, then its measures
            elif stage == "issue" and text.endswith("取組を推進。"):
                stage = "plan"
                self.statement(n, stage, text)
            elif text.startswith("(参考)") or text.startswith("※WPI拠点から輩出された論文"):
                ledger.leave_out([n], "a figure and its notes", _FIGURE)
            elif text.startswith("(「Web of Science」のデータ"):
                self.implementation(n)
            else:
                self.statement(n, stage, text)

    def statement(self, n: int, stage: str, text: str) -> None:
        ledger = self.ledger
        more = tuple(m for m in ledger.lines(n + 1, n + 2) if _continues(ledger, m))
        statement = add_statement(ledger, n, stage, more=more)
        if self.policy is not None and text.startswith("世界を先導する経済的・社会的価値"):
            self.g.add((statement, DCTERMS.references, self.policy))
        for line in (n, *more):
            self._about(statement, line, ledger.text(line))

    def _about(self, statement: URIRef, n: int, text: str) -> None:
        """What a statement's line names: practices, centres, a share, host reforms."""
        for phrase, code in PRACTICES.items():
            if phrase in text:
                self.g.add((statement, DCTERMS.subject, iris.concept("practice", code)))
        for acronym, slug in self.acronyms.items():
            if acronym in text:
                self.g.add((statement, DCTERMS.references, iris.organization(slug)))
        if "外国人" in text and re.search(r"\d+%(以上|超)", text):
            self.foreign_share(n, text)
        if text.startswith("(例) 東北大学"):
            self.host_reforms(n, text)

    def future_investment_strategy(self, n: int, text: str) -> URIRef:
        """``【未来投資戦略2018における記載】``: a Cabinet strategy of 2018 the text quotes."""
        m = re.search(r"【(?P<title>未来投資戦略(?P<year>\d{4}))", text)
        if m is None:
            raise ConversionError(f"{self.ledger.alias} line {n}: policy not understood")
        policy = node("policy-document", f"future-investment-strategy-{m['year']}")
        g = self.g
        g.add((policy, RDF.type, KG.PolicyDocument))
        g.add((policy, DCTERMS.title, Literal(m["title"], lang="ja")))
        g.add((policy, RDFS.label, Literal(m["title"], lang="ja")))
        g.add((policy, DCTERMS.issued, Literal(m["year"], datatype=XSD.gYear)))
        g.add((policy, PROV.wasDerivedFrom, self.ledger.record(n)))
        self.ledger.count("policy_documents")
        return policy

    def implementation(self, n: int) -> None:
        """``（「Web of Science」のデータ(2007年~2015年)を基にJSPSにおいて算出）``: JSPS runs the
        programme's analyses for MEXT (the figure it belongs to is not in the text)."""
        prog = iris.program(PROGRAM)
        self.g.add((prog, KG.implementedBy, iris.organization("jsps")))
        self.g.add((prog, PROV.wasDerivedFrom, self.ledger.record(n)))

    def foreign_share(self, n: int, text: str) -> None:
        """``平均で研究者の40%以上が外国人`` / ``外国人研究者の割合が平均40%超``: as of the date."""
        m = re.search(r"\d+%(以上|超)", text)
        value = percent(m.group(0)) if m else None
        if m is None or value is None:
            raise ConversionError(f"{self.ledger.alias} line {n}: share not understood")
        month = str(self.as_of)[:7]
        figure = Figure(
            INDICATORS,
            f"foreign-researcher-ratio-{month}-{self.ledger.alias}-l{n:04d}",
            month,
            KG.percent,
            Decimal(value),
            "percent",
            comparator(m.group(0)),
            (n,),
            "foreign-researcher-ratio",
            (iris.program(PROGRAM),),
            m.group(0),
        )
        add_observation(self.ledger, figure)

    def host_reforms(self, n: int, text: str) -> None:
        """``(例) 東北大学: 高等研究機構(OAS)、…``: host-wide organizations created under the
        WPI's influence (data-model.md fact 9)."""
        orgs = self.ledger.ctx.organizations
        for m in re.finditer(r"(?P<host>\S+): (?P<name>[^、(]+)\((?P<acronym>[A-Z]+)\)", text):
            unit = orgs.find(f"{m['host']} {m['name']}") or orgs.find(f"({m['acronym']})")
            if unit is None or unit.parent is None:
                raise ConversionError(f"{self.ledger.alias} line {n}: unknown unit {m.group(0)}")
            orgs.alias(f"{m['host']} {m['name']}", unit.slug)
            node_ = iris.organization(unit.slug)
            self.g.add((node_, PROV.wasInfluencedBy, iris.program(PROGRAM)))
            unit.records.add(self.ledger.record(n))
            self.ledger.count("host_reforms")

    # -- the centre list ------------------------------------------------------------------------
    def center_list(self, heading: int) -> None:
        """Status headings (WPI Academy | subsidized), cohort blocks, entries with directors."""
        ledger = self.ledger
        ledger.heading(heading)
        status, block, listed = ("", 0), None, 0
        for n in ledger.lines(heading + 1):
            text = ledger.text(n)
            if text in _STATUS:
                status = (_STATUS[text], n)
                ledger.record(n, "heading")
            elif m := _BLOCK.match(text):
                self._count(block, listed)
                block, listed = (n, m), 0
                ledger.record(n, "heading")
            elif m := CENTER_ENTRY.match(text):
                if block is None:
                    raise ConversionError(f"{ledger.alias} line {n}: entry before any cohort")
                self.entry(n, m, text[m.end() :].strip(), status, block)
                listed += 1
            else:
                self._count(block, listed)
                add_extension(ledger, n)  # ※10年間の支援期間終了後、更に5年間…
                return

    def _count(self, block: tuple[int, re.Match[str]] | None, listed: int) -> None:
        if block is not None and int(block[1]["n"]) != listed:
            n, m = block
            why = f"{m.group(0)} declares {m['n']} centres, {listed} are listed under it"
            self.ledger.issue(n, "column-shift", why)

    def entry(
        self,
        n: int,
        m: re.Match[str],
        director: str,
        status: tuple[str, int],
        block: tuple[int, re.Match[str]],
    ) -> None:
        ledger = self.ledger
        host, name, acronym = m["host"], m["name"].strip(), m["acronym"]
        center = resolve_center(ledger, n, host, name, acronym)
        stated = f"{host} {name} ({acronym})"
        fiscal = int(block[1]["fy"])
        lines = (n, block[0], status[1])
        add_selection(ledger, center, fiscal, status[0], self.as_of, lines, stated)
        name_ = self._director_name(director)
        person = self.people.add(name_, [n])
        add_membership(
            ledger,
            person,
            Post(center.slug, "center-director", "current", self.as_of, (n,), director),
        )
        self.directors[center.slug] = Director(center, name_, person)
        ledger.count("centers")

    def _director_name(self, printed: str) -> PersonName:
        if has_japanese(printed):
            return self.people.kanji(printed)
        return latin_name(printed)

    # -- the WPI Forum portal --------------------------------------------------------------------
    def forum(self, start: int, end: int) -> None:
        """The portal ``WPI Forum``: URL, purpose, the programme's launch year, its sections."""
        ledger, g = self.ledger, self.g
        site = node("website", "wpi-forum")
        url_line = ledger.find(r"^<https?://", start, end)
        url = ledger.text(url_line).strip("<>")
        about = ledger.find(r"^「研究分野や国のボーダー", start, end)
        g.add((site, RDF.type, SCHEMA.WebSite))
        g.add((site, SCHEMA.name, Literal("WPI Forum")))
        g.add((site, SCHEMA.url, URIRef(url)))
        g.add((site, SCHEMA.about, iris.program(PROGRAM)))
        # the portal is served from jsps.go.jp: JSPS provides it
        if "jsps.go.jp" in url:
            g.add((site, SCHEMA.provider, iris.organization("jsps")))
        self._launch(about)
        descriptions, sections = [], []
        for n in ledger.lines(start, end):
            text = ledger.text(n)
            if n in (url_line, about):
                continue
            if text in (
                "外国人研究者受け入れ制度の整備へ向けて",
                "WPI Forumとは",
                "環境整備について",
            ):
                ledger.heading(n)
                sections.append(text)
            elif text.endswith("。") or text.startswith("ポータルサイト"):
                descriptions.append(text)
            else:
                sections.append(text)  # the portal's section titles
            g.add((site, PROV.wasDerivedFrom, ledger.record(n, ledger.used.get(n, "fact"))))
        g.add((site, DCTERMS.description, Literal(" ".join(descriptions), lang="ja")))
        g.add((site, DCTERMS.tableOfContents, Literal(" / ".join(sections), lang="ja")))
        g.add((site, PROV.wasDerivedFrom, ledger.record(url_line)))
        ledger.count("websites")

    def _launch(self, n: int) -> None:
        """``…をミッションに2007年から始まった文部科学省WPIプログラム``."""
        text = self.ledger.text(n)
        m = re.search(r"(?P<year>\d{4})年から始まった文部科学省WPIプログラム", text)
        if m is None:
            raise ConversionError(f"{self.ledger.alias} line {n}: launch year not found")
        prog = iris.program(PROGRAM)
        self.g.add((prog, KG.launchedIn, Literal(m["year"], datatype=XSD.gYear)))
        self.g.add((prog, KG.administeredBy, iris.organization("mext")))
        self.g.add((prog, PROV.wasDerivedFrom, self.ledger.record(n)))
        add_statement(self.ledger, n, "purpose")


def _continues(ledger: Ledger, n: int) -> bool:
    """Whether line ``n`` continues the paragraph above (no bullet, no heading)."""
    raw = ledger.raw(n)
    return bool(raw.strip()) and not raw.lstrip().startswith(("-", "#", "【", "※", "**"))


_FIGURE = "the figure (papers in the top 1 %) did not survive text extraction; its notes did"
