"""The centre profiles at the end of ``wpi2019``: IRCN, NanoLSI, ICReDD and ASHBi.

A profile starts with its director (``機構長`` / ``拠点長``), not with the centre's name; it is
matched to the centre whose listed director shares the family or the given name (spelling
variants of kanji ignored). That tolerance is what lets a profile whose director is printed
differently from the list (福間剛士 / 福留 剛士) be found at all: both directors are kept as
membership claims, and :mod:`wpikg.curation` reports and resolves the disagreement.

Sections: 目標 (goal), 研究内容 (description and numbered research themes), 将来ビジョン
(vision), 特徴 (features, partner institutions, practices), 連携 (partners and satellites),
サテライト (a satellite).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from wpikg import iris
from wpikg.converters.wpi_common import (
    Ledger,
    People,
    PersonName,
    Post,
    add_membership,
    latin_name,
    node,
    same_name,
)
from wpikg.errors import ConversionError
from wpikg.namespaces import KG
from wpikg.organizations import Organization
from wpikg.text import has_japanese

SECTIONS = ("目標", "研究内容", "将来ビジョン", "特徴", "連携", "サテライト")
#: New fields a profile says the centre creates → ``kgv:field`` codes.
FIELDS = {
    "Neurointelligence": "neurointelligence",
    "ナノプローブ生命科学": "nanoprobe-life-science",
    "化学反応創成学": "chemical-reaction-design",
    "ヒト生物学を創": "human-biology",
}
#: Practices a profile names → ``kgv:practice`` codes.
PRACTICES = {"リサーチプロフェッサー制度": "research-professor-system"}
#: Cooperation activities a profile describes → ``kgv:activity`` codes.
ACTIVITIES = {
    "国際シンポジウム": "symposium",
    "連携研究": "joint-research",
    "3か月程度滞在": "visiting-stay",
    "共同研究": "joint-research",
}
#: Words of ASHBi's diagram (genome layers, a hospital icon) printed among its features.
FIGURE_LABELS = {
    "ゲノム配列",
    "トランスクリプトーム",
    "エピゲノム",
    "核構造",
    "新規数理解析による",
    "種差表出原理の解明",
    "京大病院",
}
REGIONS = {"欧州": "europe", "北米": "north-america"}
_PARTNER_LIST = re.compile(r"、(?P<list>[^、]+(?:、[^、]+)*)を始めとする国際研究拠点")


@dataclass(frozen=True)
class Director:
    """A centre of the list and the director printed for it."""

    center: Organization
    name: PersonName
    person: URIRef


@dataclass
class _Section:
    name: str
    lines: list[tuple[int, str]] = field(default_factory=list)


def read_profiles(
    ledger: Ledger, start: int, directors: dict[str, Director], people: People, as_of: Literal
) -> None:
    """Every profile from ``start`` to the end of the document."""
    heads = [
        n for n in ledger.lines(start) if re.fullmatch(r"(機構長|拠点長)(:.+)?", ledger.text(n))
    ]
    for i, head in enumerate(heads):
        end = heads[i + 1] if i + 1 < len(heads) else len(ledger.doc.lines) + 1
        _Profile(ledger, people, head, end, as_of).read(directors)
        ledger.count("center_profiles")


class _Profile:
    def __init__(self, ledger: Ledger, people: People, head: int, end: int, as_of: Literal):
        self.ledger, self.g, self.people = ledger, ledger.g, people
        self.head, self.end, self.as_of = head, end, as_of
        inline = ledger.text(head).partition(":")[2]
        self.name_line = head if inline else ledger.lines(head + 1)[0]
        self.printed = inline or ledger.text(self.name_line)
        self.center: Organization | None = None

    def read(self, directors: dict[str, Director]) -> None:
        ledger = self.ledger
        name = self.people.kanji(self.printed) if has_japanese(self.printed) else None
        name = name or latin_name(self.printed)
        self.center = _match(ledger, self.head, name, directors)
        achievements, sections = self._sections()
        person = self.people.add(name, [self.name_line])
        post = Post(
            self.center.slug,
            "center-director",
            "current",
            self.as_of,
            (self.head, self.name_line, *([achievements[0]] if achievements else [])),
            self.printed,
            description=achievements[1] if achievements else None,
        )
        add_membership(ledger, person, post)
        ledger.heading(self.head)
        for section in sections:
            getattr(self, f"_{_SECTION_METHODS[section.name]}")(section)

    def _sections(self) -> tuple[tuple[int, str] | None, list[_Section]]:
        """The director's achievements (the paragraph before any section) and the sections."""
        achievements = None
        sections: list[_Section] = []
        for n in self.ledger.lines(self.name_line + 1, self.end):
            text = self.ledger.text(n)
            word = next((s for s in SECTIONS if text == s or text.startswith(s + " ")), None)
            if word is not None:
                self.ledger.heading(n)
                sections.append(_Section(word))
                if rest := text[len(word) :].strip():
                    sections[-1].lines.append((n, rest))
            elif not sections and achievements is None:
                achievements = (n, text)
            elif not sections:
                raise ConversionError(f"{self.ledger.alias} line {n}: text before any section")
            else:
                sections[-1].lines.append((n, text))
        return achievements, sections

    @property
    def node(self) -> URIRef:
        if self.center is None:
            raise ConversionError("profile without a centre")
        return iris.organization(self.center.slug)

    def _fact(self, prop: URIRef, value: Literal | URIRef, n: int) -> None:
        """A fact about the centre, stated by line ``n`` (the record joins the centre's
        sources in graph/registry)."""
        self.g.add((self.node, prop, value))
        if self.center is not None:
            self.center.records.add(self.ledger.record(n))
        for word, code in FIELDS.items():
            if isinstance(value, Literal) and word in value:
                self.g.add((self.node, KG.createsField, iris.concept("field", code)))
        for word, code in ACTIVITIES.items():
            if isinstance(value, Literal) and word in value:
                self.g.add((self.node, KG.cooperationActivity, iris.concept("activity", code)))

    # -- sections ---------------------------------------------------------------------------------
    def _goal(self, section: _Section) -> None:
        text = " ".join(t for _, t in section.lines)
        self._fact(KG.goal, Literal(text, lang="ja"), section.lines[0][0])
        for n, _ in section.lines[1:]:
            self.ledger.record(n)

    def _content(self, section: _Section) -> None:
        """The first unnumbered paragraph describes the research; the rest are themes."""
        order = 0
        for i, (n, text) in enumerate(section.lines):
            numbered = re.match(r"^(\d+)\.\s*(.+)$", text)
            if i == 0 and not numbered:
                self._fact(DCTERMS.description, Literal(text, lang="ja"), n)
                continue
            order = int(numbered[1]) if numbered else order + 1
            self._theme(n, order, numbered[2] if numbered else text)

    def _theme(self, n: int, order: int, text: str) -> None:
        g, center = self.g, self.center.slug if self.center else ""
        theme = node("research-theme", f"{center}-{order}")
        g.add((theme, RDF.type, KG.ResearchTheme))
        g.add((theme, KG.center, self.node))
        g.add((theme, KG.order, Literal(order, datatype=XSD.positiveInteger)))
        g.add((theme, DCTERMS.description, Literal(text, lang="ja")))
        g.add((theme, RDFS.label, Literal(f"{center} {order}: {text[:40]}", lang="ja")))
        g.add((theme, PROV.wasDerivedFrom, self.ledger.record(n)))
        self.ledger.count("research_themes")

    def _vision(self, section: _Section) -> None:
        for n, text in section.lines:
            self._fact(KG.vision, Literal(text, lang="ja"), n)

    def _features(self, section: _Section) -> None:
        """Features, one per line; ``label:`` takes the line after it as its text."""
        lines = section.lines
        i = 0
        while i < len(lines):
            n, text = lines[i]
            if text in FIGURE_LABELS:
                self.ledger.leave_out([n], "labels of a diagram", _DIAGRAM)
            elif text.endswith(":") and i + 1 < len(lines):
                i += 1
                self._feature(n, f"{text} {lines[i][1]}", more=lines[i][0])
            else:
                self._feature(n, text)
            i += 1

    def _feature(self, n: int, text: str, more: int | None = None) -> None:
        self._fact(KG.feature, Literal(text, lang="ja"), n)
        if more is not None:
            self.ledger.record(more)
        for word, code in PRACTICES.items():
            if word in text:
                self._adoption(n, code)
        if m := _PARTNER_LIST.search(text):
            for name in m["list"].split("、"):
                self._partner(more or n, name)
        if "京大病院との連携" in text:
            self._partner(n, "京大病院")
        self.ledger.count("features")

    def _partners(self, section: _Section) -> None:
        """連携: satellites at partner institutions (``欧州拠点:Imperial College London, …``)
        or a description of the cooperation."""
        for n, text in section.lines:
            if m := re.match(r"^(?P<region>欧州|北米)拠点:(?P<org>[^,]+),", text):
                partner = self._partner(n, m["org"].strip())
                self._satellite(n, partner, m["region"])
            elif text.startswith("Photos from"):
                self.ledger.leave_out([n], "a photo credit", "the photos are not in the text")
            elif text.startswith("10年後には"):
                self._fact(KG.vision, Literal(text, lang="ja"), n)
            else:
                self._feature(n, text)

    def _satellite_section(self, section: _Section) -> None:
        """サテライト: the satellite's name, then what it does."""
        (n, name), *rest = section.lines
        satellite = self.ledger.ctx.organizations.find(name, by_unit_ending=False)
        if satellite is None or satellite.parent is None:
            raise ConversionError(f"{self.ledger.alias} line {n}: unknown satellite {name!r}")
        satellite.kind = "satellite"  # the profile says it is the centre's satellite
        satellite.records.add(self.ledger.record(n))
        self.g.add((iris.organization(satellite.slug), KG.satelliteOf, self.node))
        for m, text in rest:
            self.g.add(
                (iris.organization(satellite.slug), DCTERMS.description, Literal(text, lang="ja"))
            )
            satellite.records.add(self.ledger.record(m))
        self.ledger.count("satellites")

    # -- partners, satellites, practices ----------------------------------------------------------
    def _partner(self, n: int, name: str) -> Organization:
        """A partner institution; an English name printed for a known one completes it."""
        orgs = self.ledger.ctx.organizations
        partner = orgs.find(name, by_unit_ending=False)
        if partner is None:
            partner = orgs.resolve(name, name_en=name if name.isascii() else None)
        elif name.isascii() and not partner.name_en:
            partner = orgs.register_listed(partner.name_ja, name, country=None)
        if not partner.records and partner.slug_basis != "curated":
            partner.records.add(self.ledger.record(n))
        self._fact(KG.partnerInstitution, iris.organization(partner.slug), n)
        return partner

    def _satellite(self, n: int, partner: Organization, region: str) -> None:
        """A satellite the centre set up at a partner institution (これらの機関にサテライト研究
        拠点を設置), named after the centre and the region it serves."""
        center = self.center
        if center is None:
            return
        orgs = self.ledger.ctx.organizations
        slug = f"{center.slug}-{REGIONS[region]}-satellite"
        satellite = orgs.by_slug.get(slug) or orgs.add(
            Organization(
                slug=slug,
                name_ja=f"{center.name_ja} {region}拠点",
                parent=partner.slug,
                kind="satellite",
                slug_basis="registry-en",
            )
        )
        satellite.records.add(self.ledger.record(n))
        self.g.add((iris.organization(slug), KG.satelliteOf, self.node))
        self.ledger.count("satellites")

    def _adoption(self, n: int, code: str) -> None:
        g, center = self.g, self.center.slug if self.center else ""
        adoption = node("practice-adoption", f"{self.ledger.alias}--{center}--{code}")
        g.add((adoption, RDF.type, KG.PracticeAdoption))
        g.add((adoption, KG.center, self.node))
        g.add((adoption, KG.practice, iris.concept("practice", code)))
        g.add((adoption, RDFS.label, Literal(f"{center}: {code}", lang="ja")))
        g.add((adoption, PROV.wasDerivedFrom, self.ledger.record(n)))
        self.ledger.count("practice_adoptions")


_SECTION_METHODS = {
    "目標": "goal",
    "研究内容": "content",
    "将来ビジョン": "vision",
    "特徴": "features",
    "連携": "partners",
    "サテライト": "satellite_section",
}
_DIAGRAM = "the diagram did not survive text extraction; its words are not sentences"


def _match(
    ledger: Ledger, head: int, name: PersonName, directors: dict[str, Director]
) -> Organization:
    """The centre whose listed director shares the profile director's family or given name."""

    def shares(d: PersonName) -> bool:
        pairs = [(name.family_ja, d.family_ja), (name.given_ja, d.given_ja)]
        if not name.family_ja:
            pairs = [(name.family_en, d.family_en)]
        return any(a and b and same_name(a, b) for a, b in pairs)

    found = [d.center for d in directors.values() if shares(d.name)]
    if len(found) != 1:
        raise ConversionError(f"{ledger.alias} line {head}: profile matches {len(found)} centres")
    return found[0]
