"""What the converters of the two WPI documents share (``wpi-logic2021``, ``wpi2019``).

Both documents are slides extracted to text, not tables. A converter walks its document by
the headings and the :class:`Ledger` accounts for every non-blank line: used for facts (it
then has a ``kg:SourceRecord``), used as a heading that structures the facts, or left out with
the reason. A line that is none of these fails the build, so nothing is dropped silently.

Contested facts are claim nodes (data-model.md §4): a centre's selection year and status are
``kg:ProgramSelection`` nodes, a director is an ``org:Membership`` with ``kg:asOf``; the
curated graph (:mod:`wpikg.curation`) resolves them.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, XSD

from wpikg import iris
from wpikg.converters import BuildContext
from wpikg.corrections import Correction
from wpikg.errors import ConversionError, RegistryError
from wpikg.intervals import calendar_year, fiscal_year
from wpikg.namespaces import (
    DEFAULT_BASE,
    KG,
    ORG,
    QB,
    SCHEMA,
    SDMX_ATTRIBUTE,
    SDMX_DIMENSION,
    TIME,
    UNIT,
)
from wpikg.organizations import Organization, romaji
from wpikg.provenance import Repair, add_issue, add_record, add_repairs
from wpikg.sources import SourceDocument
from wpikg.text import clean, has_japanese, lookup_key, read_tsv

PROGRAM = "wpi"
COMMITTEE = "wpi-program-committee"
JPY = URIRef("http://qudt.org/vocab/currency/JPY")
UNITS = {"percent": UNIT.PERCENT, "number": UNIT.NUM, "yen": JPY}

_MARKUP = re.compile(r"\*\*|</?sup>|^#+\s*|^(?:[-*]\s+)+|^[・☆✓➤●○]\s*")
_VARIANT_KANJI = str.maketrans({"齋": "斎", "齊": "斉", "邊": "辺", "邉": "辺", "髙": "高"})


def node(kind: str, key: str) -> URIRef:
    """An IRI for a kind of node that :mod:`wpikg.iris` does not mint (``id/{kind}/{key}``).

    >>> node("statement", "wpi2019-l0010")
    rdflib.term.URIRef('https://w3id.org/wpikg/id/statement/wpi2019-l0010')
    """
    return URIRef(f"{DEFAULT_BASE}id/{kind}/{key}")


def line_key(alias: str, line: int) -> str:
    """The source-anchored key of a line (data-model.md §1, rule 1)."""
    return f"{alias}-l{line:04d}"


def plain(text: str) -> str:
    """A line without its slide markup (bold, headings, bullets, ``<sup>``), cleaned.

    >>> plain("- ・ 輩出論文数に占める**Top 10%論文の割合**は")
    '輩出論文数に占めるTop 10%論文の割合は'
    >>> plain("I<sup>2</sup>CNER"), plain("  - ✓ **Science誌**")
    ('I2CNER', 'Science誌')
    """
    text = clean(text)
    previous = None
    while previous != text:
        previous, text = text, _MARKUP.sub("", text).strip()
    return text


def same_name(a: str, b: str) -> bool:
    """Whether two printed names are equal once spaces and kanji variants are ignored.

    >>> same_name("齋藤通紀", "斎藤 通紀"), same_name("福留 剛士", "福間剛士")
    (True, False)
    """
    return lookup_key(a).translate(_VARIANT_KANJI) == lookup_key(b).translate(_VARIANT_KANJI)


# -- the line ledger ---------------------------------------------------------------------------
@dataclass
class Ledger:
    """Every non-blank line of a document: used (with its record) or left out, with reasons."""

    doc: SourceDocument
    ctx: BuildContext
    g: Graph
    used: dict[int, str] = field(default_factory=dict)
    left_out: dict[int, tuple[str, str]] = field(default_factory=dict)
    facts: Counter[str] = field(default_factory=Counter)
    flagged: list[dict[str, Any]] = field(default_factory=list)
    _texts: dict[int, str] = field(default_factory=dict)
    _corrections: dict[int, list[Correction]] = field(default_factory=dict)
    _records: dict[int, URIRef] = field(default_factory=dict)

    @property
    def alias(self) -> str:
        return self.doc.alias

    def lines(self, start: int = 1, end: int | None = None) -> list[int]:
        """The non-blank line numbers from ``start`` up to (not including) ``end``."""
        last = len(self.doc.lines) + 1 if end is None else end
        return [n for n in range(start, last) if self.doc.lines[n - 1].strip()]

    def pending(self, start: int = 1, end: int | None = None) -> Iterator[int]:
        """The non-blank lines from ``start`` to ``end`` not yet used or left out, checked as
        the walk goes (a step may account for the lines after it)."""
        for n in self.lines(start, end):
            if n not in self.used and n not in self.left_out:
                yield n

    def raw(self, n: int) -> str:
        return self.doc.lines[n - 1]

    def text(self, n: int) -> str:
        """Line ``n`` cleaned, with the curated corrections of ``data/corrections.tsv`` (field
        ``text``) applied and the slide markup removed."""
        if n not in self._texts:
            fields = {"text": clean(self.raw(n))}
            self._corrections[n] = self.ctx.corrections.apply(self.alias, n, fields)
            self._texts[n] = plain(fields["text"])
        return self._texts[n]

    def find(self, pattern: str, start: int = 1, end: int | None = None) -> int:
        """The first non-blank line from ``start`` whose text matches ``pattern``."""
        for n in self.lines(start, end):
            if re.search(pattern, self.text(n)):
                return n
        raise ConversionError(f"{self.doc.path}: no line matches {pattern!r} after line {start}")

    def record(self, n: int, kind: str = "fact") -> URIRef:
        """The record of line ``n`` (written once, with its corrections); the line is used."""
        if n not in self._records:
            self.text(n)
            self._records[n] = add_record(self.g, self.doc, n)
            repairs = [
                Repair("curated", c.field, c.original, c.corrected, c.reason)
                for c in self._corrections[n]
            ]
            add_repairs(self.g, self.doc, n, repairs)
        self.used.setdefault(n, kind)
        return self._records[n]

    def records(self, lines: Iterable[int]) -> list[URIRef]:
        return [self.record(n) for n in lines]

    def issue(self, n: int, issue: str, why: str) -> None:
        """Flag line ``n`` with an extraction issue (on its record and in the report)."""
        add_issue(self.g, self.record(n), issue)
        self.flagged.append({"line": n, "issue": issue, "why": why})

    def heading(self, *lines: int) -> None:
        """Lines that structure the others (slide titles, section headings)."""
        for n in lines:
            self.used.setdefault(n, "heading")

    def leave_out(self, lines: Iterable[int], what: str, reason: str) -> None:
        for n in lines:
            if n not in self.used:
                self.left_out[n] = (what, reason)

    def count(self, kind: str, n: int = 1) -> None:
        self.facts[kind] += n

    def report(self) -> dict[str, Any]:
        """The document's section of the build report; every non-blank line accounted for."""
        missing = [n for n in self.lines() if n not in self.used and n not in self.left_out]
        if missing:
            raise ConversionError(f"{self.alias}: lines neither used nor left out: {missing}")
        if unused := self.ctx.corrections.unused(self.alias):
            raise RegistryError(f"corrections matched no line: {unused}")
        headings = sum(1 for kind in self.used.values() if kind == "heading")
        return {
            "lines": {
                "non_blank": len(self.lines()),
                "used_for_facts": len(self.used) - headings,
                "headings": headings,
                "left_out": len(self.left_out),
            },
            "facts": dict(sorted(self.facts.items())),
            "left_out": _grouped(self.left_out),
            "corrected_from_file": sum(1 for items in self._corrections.values() if items),
            "flagged": self.flagged,
        }


def _grouped(left_out: dict[int, tuple[str, str]]) -> list[dict[str, str]]:
    """Left-out lines grouped by what and why, with their line numbers as ranges."""
    groups: dict[tuple[str, str], list[int]] = {}
    for n in sorted(left_out):
        groups.setdefault(left_out[n], []).append(n)
    return [
        {"lines": _ranges(lines), "what": what, "reason": reason}
        for (what, reason), lines in groups.items()
    ]


def _ranges(numbers: Sequence[int]) -> str:
    """``[1, 2, 3, 7]`` → ``"1-3, 7"``.

    >>> _ranges([1, 2, 3, 7, 9, 10])
    '1-3, 7, 9-10'
    """
    out: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(f"{start}-{prev}" if prev != start else str(start))
        if n is not None:
            start = prev = n
    return ", ".join(out)


# -- programme, statements -----------------------------------------------------------------------
def add_programme(ledger: Ledger, lines: Iterable[int]) -> URIRef:
    """The WPI programme, with the lines of this document that name it."""
    g, prog = ledger.g, iris.program(PROGRAM)
    g.add((prog, RDF.type, KG.FundingProgramme))
    for label in (
        Literal("世界トップレベル研究拠点プログラム", lang="ja"),
        Literal("World Premier International Research Center Initiative", lang="en"),
    ):
        g.add((prog, SKOS.prefLabel, label))
        g.add((prog, RDFS.label, label))
    g.add((prog, KG.acronym, Literal("WPI")))
    for record in ledger.records(lines):
        g.add((prog, PROV.wasDerivedFrom, record))
    return prog


def add_statement(
    ledger: Ledger,
    n: int,
    stage: str,
    *,
    more: Sequence[int] = (),
    responds_to: URIRef | None = None,
    topic: str | None = None,
) -> URIRef:
    """A ``kg:LogicModelStatement`` of line ``n`` (and the lines ``more`` that continue it)."""
    g, node_ = ledger.g, node("statement", line_key(ledger.alias, n))
    text = " ".join(ledger.text(m) for m in (n, *more))
    g.add((node_, RDF.type, KG.LogicModelStatement))
    g.add((node_, KG.stage, iris.concept("logic-stage", stage)))
    g.add((node_, DCTERMS.description, Literal(text, lang="ja")))
    g.add((node_, RDFS.label, Literal(_shorten(text), lang="ja")))
    g.add((node_, DCTERMS.subject, iris.program(PROGRAM)))
    if topic:
        g.add((node_, DCTERMS.title, Literal(topic, lang="ja")))
    if responds_to is not None:
        g.add((node_, KG.respondsTo, responds_to))
    for record in ledger.records((n, *more)):
        g.add((node_, PROV.wasDerivedFrom, record))
    ledger.count("logic_model_statements")
    return node_


def _shorten(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# -- statistics ----------------------------------------------------------------------------------
def add_dataset(ledger: Ledger, name: str, label_ja: str, label_en: str) -> URIRef:
    g, ds = ledger.g, iris.statistical_dataset(name)
    g.add((ds, RDF.type, QB.DataSet))
    g.add((ds, RDFS.label, Literal(label_ja, lang="ja")))
    g.add((ds, RDFS.label, Literal(label_en, lang="en")))
    g.add((ds, DCTERMS.source, iris.document(ledger.alias)))
    return ds


def period(g: Graph, key: str) -> URIRef:
    """The named interval ``key``: ``fy2018``, ``cy2018``, ``cy2007-cy2018`` (calendar years),
    ``2019-02`` (a month) or ``to-2019-03`` (up to the end of a month, beginning unknown)."""
    if m := re.fullmatch(r"fy(\d{4})", key):
        return fiscal_year(g, int(m[1]))
    if m := re.fullmatch(r"cy(\d{4})", key):
        return calendar_year(g, int(m[1]))
    if m := re.fullmatch(r"cy(\d{4})-cy(\d{4})", key):
        first, last = int(m[1]), int(m[2])
        return _interval(
            g, key, date(first, 1, 1), date(last, 12, 31), f"{first}〜{last}年", f"{first}–{last}"
        )
    if m := re.fullmatch(r"(to-)?(\d{4})-(\d{2})", key):
        year, month = int(m[2]), int(m[3])
        end = _month_end(year, month)
        if m[1]:
            return _interval(
                g, key, None, end, f"{year}年{month}月まで", f"until {year}-{month:02d}"
            )
        return _interval(
            g, key, date(year, month, 1), end, f"{year}年{month}月", f"{year}-{month:02d}"
        )
    raise ValueError(f"not a period key: {key!r}")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _interval(
    g: Graph, key: str, begin: date | None, end: date, label_ja: str, label_en: str
) -> URIRef:
    """An interval :mod:`wpikg.intervals` has no function for, written the same way."""
    node_ = iris.time_interval(key)
    g.add((node_, RDF.type, TIME.ProperInterval))
    g.add((node_, RDFS.label, Literal(label_ja, lang="ja")))
    g.add((node_, RDFS.label, Literal(label_en, lang="en")))
    for prop, day in ((TIME.hasBeginning, begin), (TIME.hasEnd, end)):
        if day is not None:
            instant = iris.time_interval(day.isoformat())
            g.add((instant, RDF.type, TIME.Instant))
            g.add((instant, TIME.inXSDDate, Literal(day)))
            g.add((node_, prop, instant))
    return node_


@dataclass(frozen=True)
class Figure:
    """One printed number as a ``qb:Observation``."""

    dataset: str
    key: str
    period: str
    measure: URIRef
    value: Decimal | int
    unit: str
    comparator: str
    lines: tuple[int, ...]
    indicator: str | None = None
    about: tuple[URIRef, ...] = ()
    value_text: str | None = None
    baseline: str | None = None
    label_ja: str | None = None


def add_observation(ledger: Ledger, figure: Figure) -> URIRef:
    g = ledger.g
    obs = iris.observation(figure.dataset, figure.key)
    g.add((obs, RDF.type, QB.Observation))
    g.add((obs, QB.dataSet, iris.statistical_dataset(figure.dataset)))
    g.add((obs, SDMX_DIMENSION.refPeriod, period(g, figure.period)))
    if isinstance(figure.value, int):
        value = Literal(figure.value, datatype=XSD.nonNegativeInteger)
    else:
        value = Literal(figure.value, datatype=XSD.decimal)
    g.add((obs, figure.measure, value))
    g.add((obs, SDMX_ATTRIBUTE.unitMeasure, UNITS[figure.unit]))
    g.add((obs, KG.comparator, iris.concept("comparator", figure.comparator)))
    if figure.indicator:
        g.add((obs, KG.indicator, iris.concept("indicator", figure.indicator)))
    for about in figure.about:
        g.add((obs, SCHEMA.observationAbout, about))
    if figure.value_text:
        g.add((obs, KG.valueText, Literal(figure.value_text, lang="ja")))
    if figure.baseline:
        g.add((obs, KG.baselinePeriod, period(g, figure.baseline)))
    if figure.label_ja:
        g.add((obs, RDFS.label, Literal(figure.label_ja, lang="ja")))
    for record in ledger.records(figure.lines):
        g.add((obs, PROV.wasDerivedFrom, record))
    ledger.count("observations")
    return obs


# -- centres and selection claims ------------------------------------------------------------------
#: ``東北大学 材料科学高等研究所 (AIMR)``: host, centre name, acronym.
CENTER_ENTRY = re.compile(r"(?P<host>[^\s()]+)\s+(?P<name>[^()]+?)\s*\((?P<acronym>[^()]+)\)")


def resolve_center(ledger: Ledger, n: int, host: str, name: str, acronym: str) -> Organization:
    """The WPI centre a list entry names, by its (possibly OCR-damaged) name.

    The name must resolve through the registry (a damaged spelling needs its line in
    ``organization-aliases.tsv``), and the printed host and acronym must agree with it.
    """
    orgs = ledger.ctx.organizations
    host_org = orgs.find(host, by_unit_ending=False)
    center = orgs.find(name, by_unit_ending=False)
    if host_org is None or center is None or center.kind != "wpi-center":
        raise ConversionError(
            f"{ledger.alias} line {n}: {host} {name} is not a known WPI centre "
            "(add the spelling to data/registry/organization-aliases.tsv)"
        )
    if center.parent != host_org.slug:
        raise ConversionError(f"{ledger.alias} line {n}: {name} is not hosted by {host}")
    if lookup_key(acronym) not in {lookup_key(a) for a in center.acronyms}:
        raise ConversionError(f"{ledger.alias} line {n}: ({acronym}) is not {center.slug}")
    stated = f"{host} {name}"
    if lookup_key(stated) != lookup_key(center.name_ja):
        orgs.alias(stated, center.slug)  # the variant becomes a hidden label
        ledger.issue(n, "ocr-suspect", f"{stated} is printed for {center.name_ja}")
    center.records.add(ledger.record(n))
    return center


def add_selection(
    ledger: Ledger,
    center: Organization,
    fiscal: int,
    status: str | None,
    as_of: Literal,
    lines: Sequence[int],
    stated: str,
) -> URIRef:
    """This document's claim that ``center`` was selected in FY ``fiscal`` (its cohort)."""
    g, claim = ledger.g, iris.selection(ledger.alias, center.slug)
    g.add((claim, RDF.type, KG.ProgramSelection))
    g.add((claim, RDFS.label, Literal(f"{stated}の採択 ({ledger.alias})", lang="ja")))
    g.add((claim, KG.program, iris.program(PROGRAM)))
    g.add((claim, KG.selectedCenter, iris.organization(center.slug)))
    g.add((claim, KG.selectionFiscalYear, Literal(str(fiscal), datatype=XSD.gYear)))
    if status:
        g.add((claim, KG.supportStatus, iris.concept("support-status", status)))
    g.add((claim, KG.asOf, as_of))
    g.add((claim, KG.nameAsStated, Literal(stated, lang="ja")))
    for record in ledger.records(lines):
        g.add((claim, PROV.wasDerivedFrom, record))
    ledger.count("selection_claims")
    return claim


# -- people and posts ------------------------------------------------------------------------------
@dataclass(frozen=True)
class PersonName:
    """A person's name as printed, in Latin script and/or kanji."""

    family_en: str | None
    given_en: str | None
    family_ja: str | None = None
    given_ja: str | None = None
    honorific: str | None = None
    basis: str = "printed"  # printed | curated (people.tsv) | romaji-auto

    @property
    def key(self) -> tuple[str, str]:
        """(family, given) for :func:`wpikg.iris.person`: the romanized names without middle
        initials, so that ``Takao Hensch`` and ``Takao K Hensch`` are one person."""
        given = " ".join(w for w in (self.given_en or "").split() if not re.fullmatch(r"\w\.?", w))
        return self.family_en or "", given

    @property
    def en(self) -> str | None:
        return f"{self.given_en} {self.family_en}" if self.family_en else None

    @property
    def ja(self) -> str | None:
        return f"{self.family_ja} {self.given_ja}" if self.family_ja else None


def latin_name(printed: str) -> PersonName:
    """A romanized name as printed: honorific, given names, then the family name in capitals.

    >>> n = latin_name("Dr. Michinari HAMAGUCHI"); (n.honorific, n.given_en, n.family_en)
    ('Dr.', 'Michinari', 'Hamaguchi')
    >>> n = latin_name("Dr. Klaus von KLITZING"); (n.family_en, n.given_en, n.key)
    ('von Klitzing', 'Klaus', ('von Klitzing', 'Klaus'))
    >>> latin_name("Prof. Rita R. COLWELL").key, latin_name("Dr. Jean Zinn-JUSTIN").family_en
    (('Colwell', 'Rita'), 'Zinn-Justin')
    """
    words = clean(printed).rstrip("*").split()
    honorific = words.pop(0) if words and words[0] in {"Dr.", "Prof.", "Mr.", "Ms."} else None
    family = [words.pop()]
    while words and words[-1] in {"von", "van", "de", "der", "da"}:
        family.insert(0, words.pop())
    return PersonName(_capitalized(" ".join(family)), " ".join(words), honorific=honorific)


def _capitalized(name: str) -> str:
    """``HAMAGUCHI`` → ``Hamaguchi``, ``Zinn-JUSTIN`` → ``Zinn-Justin`` (particles kept)."""
    return " ".join(
        w
        if w in {"von", "van", "de", "der", "da"}
        else "-".join(p.capitalize() for p in w.split("-"))
        for w in name.split()
    )


class People:
    """The people of one document: names from the text, kanji splits and romanizations from
    ``data/registry/people.tsv`` where the text gives none."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.written: dict[URIRef, PersonName] = {}
        path = _registry_dir(ledger.doc) / "people.tsv"
        self.table = {lookup_key(row["name_ja"]): row for row in read_tsv(path)}

    def kanji(self, printed: str, latin: PersonName | None = None) -> PersonName:
        """A kanji name, split into family and given name; romanized from ``latin`` when the
        text prints it, else from the table, else by Hepburn romaji (marked for review)."""
        printed = clean(printed)
        row = self.table.get(lookup_key(printed))
        if row is not None:
            family_ja, given_ja = row["family_ja"], row["given_ja"]
        elif " " in printed:
            family_ja, given_ja = printed.split(" ", 1)
        else:
            raise ConversionError(f"cannot split {printed!r}: add it to people.tsv")
        if latin is not None:
            return PersonName(latin.family_en, latin.given_en, family_ja, given_ja, latin.honorific)
        if row is not None and row["family_en"]:
            return PersonName(
                row["family_en"], row["given_en"], family_ja, given_ja, None, "curated"
            )
        family_en, given_en = romaji(family_ja).title(), romaji(given_ja).title()
        return PersonName(family_en, given_en, family_ja, given_ja, None, "romaji-auto")

    def add(self, name: PersonName, lines: Sequence[int]) -> URIRef:
        """The person (written once: a later spelling becomes an alternative label). A
        romanization made by rule is no English name: it is only a ``ja-Latn-hepburn`` label."""
        g, person = self.ledger.g, iris.person(*name.key)
        first = self.written.setdefault(person, name)
        english = name.en if name.basis != "romaji-auto" else None
        labels = [(english, "en"), (name.ja, "ja")]
        for text, lang in labels:
            if text is None:
                continue
            literal = Literal(text, lang=lang)
            chosen = first.en if lang == "en" else first.ja
            if text == chosen or chosen is None:
                g.add((person, SKOS.prefLabel, literal))
                g.add((person, RDFS.label, literal))
            else:
                g.add((person, SKOS.altLabel, literal))
        if first is name:
            self._names(person, name)
        for record in self.ledger.records(lines):
            g.add((person, PROV.wasDerivedFrom, record))
        return person

    def _names(self, person: URIRef, name: PersonName) -> None:
        g = self.ledger.g
        g.add((person, RDF.type, FOAF.Person))
        g.add((person, RDF.type, SCHEMA.Person))
        latin = "ja-Latn-hepburn" if name.basis == "romaji-auto" else "en"
        for prop, en, ja in (
            (FOAF.familyName, name.family_en, name.family_ja),
            (FOAF.givenName, name.given_en, name.given_ja),
        ):
            if en:
                g.add((person, prop, Literal(en, lang=latin)))
            if ja:
                g.add((person, prop, Literal(ja, lang="ja")))
        if name.honorific:
            g.add((person, SCHEMA.honorificPrefix, Literal(name.honorific)))
        if name.basis == "romaji-auto":
            g.add((person, KG.slugBasis, iris.concept("slug-basis", "romaji-auto")))
            g.add((person, SKOS.altLabel, Literal(name.en, lang="ja-Latn-hepburn")))
        self.ledger.count("people")


def _registry_dir(doc: SourceDocument) -> Path:
    """``data/registry`` beside the document's ``data/sources`` folder."""
    return doc.path.parent.parent / "registry"


@dataclass(frozen=True)
class Post:
    """A post or role held by a person in an organization, attested at ``as_of``."""

    org: str
    role: str
    tenure: str
    as_of: Literal
    lines: tuple[int, ...]
    stated: str | None = None
    description: str | None = None
    marker: str | None = None


def add_membership(ledger: Ledger, person: URIRef, post: Post) -> URIRef:
    """An ``org:Membership`` (data-model.md §1: ``{org}--{person}--{role}--{asOf}``)."""
    g = ledger.g
    person_key = person.rsplit("/", 1)[1]
    node_ = iris.membership(post.org, person_key, post.role, str(post.as_of))
    g.add((node_, RDF.type, ORG.Membership))
    g.add((node_, ORG.member, person))
    g.add((node_, ORG.organization, iris.organization(post.org)))
    g.add((node_, ORG.role, iris.concept("role", post.role)))
    g.add((node_, KG.asOf, post.as_of))
    g.add((node_, KG.tenureStatus, iris.concept("tenure", post.tenure)))
    if post.stated:
        lang = "ja" if has_japanese(post.stated) else "en"
        g.add((node_, KG.nameAsStated, Literal(post.stated, lang=lang)))
    if post.description:
        g.add((node_, DCTERMS.description, Literal(post.description, lang="ja")))
    if post.marker:
        g.add((node_, KG.footnoteMarker, Literal(post.marker)))
    for record in ledger.records(post.lines):
        g.add((node_, PROV.wasDerivedFrom, record))
    ledger.count("memberships")
    return node_


def as_of_literal(value: date | str) -> Literal:
    """``2019-02-05`` as ``xsd:date``, ``2021-04`` as ``xsd:gYearMonth``."""
    if isinstance(value, date):
        return Literal(value)
    return Literal(value, datatype=XSD.gYearMonth)
