"""The WPI programme committee of the logic model (``wpi-logic2021``, R3.4現在).

Each member is printed as a block: the romanized name (family name in capitals), the kanji
name for Japanese members, the nationality in parentheses for members from abroad, posts
(``元`` = former, ``前`` = the one before, ``同`` = the same organization as the line above),
a Nobel prize or a Nobel committee seat, and the fields (``専門分野``). ``委員長`` after a block
makes that member the chair.

Nationality: the document prints a country only for the members from abroad, exactly the seven
its heading counts (海外委員7名); the other eight, all printed with kanji names, are given
Japanese nationality. A Nobel committee seat is a membership, never an award.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from wpikg import iris
from wpikg.converters.wpi_common import (
    COMMITTEE,
    PROGRAM,
    Ledger,
    People,
    PersonName,
    Post,
    add_membership,
    as_of_literal,
    latin_name,
    node,
)
from wpikg.dates import parse_era
from wpikg.errors import ConversionError
from wpikg.namespaces import KG, SCHEMA, VIVO
from wpikg.organizations import Organization

#: Post titles at the end of a post line → ``kgv:role`` codes (longest first).
ROLES: tuple[tuple[str, str], ...] = (
    ("代表取締役社長", "president-and-ceo"),
    ("特別顧問", "special-advisor-to-cabinet"),
    ("名誉教授", "professor-emeritus"),
    ("特任教授", "project-professor"),
    ("学術顧問", "scientific-advisor"),
    ("部局長", "director"),
    ("理事長", "president"),
    ("病院長", "hospital-director"),
    ("教授", "professor"),
    ("所長", "director"),
    ("会長", "academy-president"),
    ("学長", "university-president"),
    ("総長", "university-president"),
    ("長官", "agency-head"),
)
#: Fields of expertise as printed → ``kgv:field`` codes.
FIELDS = {
    "細菌学": "bacteriology",
    "遺伝学": "genetics",
    "海洋学": "oceanography",
    "言語学": "linguistics",
    "医学": "medicine",
    "数学": "mathematics",
    "宇宙工学": "space-engineering",
    "宇宙電波工学": "space-radio-engineering",
    "表面科学": "surface-science",
    "物理学": "physics",
    "内科学": "internal-medicine",
    "腎臓学": "nephrology",
    "血管生物学": "vascular-biology",
    "臨床循環器病学": "clinical-cardiology",
    "半導体工学": "semiconductor-engineering",
    "行動生態学": "behavioral-ecology",
    "自然人類学": "physical-anthropology",
    "進化的生物学": "evolutionary-biology",
    "産業機械工学": "industrial-mechanical-engineering",
}
AWARDS = {
    "ノーベル物理学賞": "nobel-prize-physics",
    "ノーベル生理・医学賞": "nobel-prize-physiology-medicine",
}
#: Organizations printed without the organization they belong to: a Max Planck institute is an
#: institute of the Max Planck Society; the US-Asia Technology Management Center is Stanford's.
PARENTS = {
    "マックスプランク研究所": "マックスプランク協会",
    "アジア・米国技術経営研究センター": "スタンフォード大学",
}
NOBEL_COMMITTEE = "nobel-committee-physiology-medicine"
_NAME_LINE = re.compile(r"^(?:Dr|Prof|Mr|Ms)\.\s")
_AWARD = re.compile(r"^(?P<award>ノーベル\S+賞)受賞\((?P<year>\d{4})年?\)$")
_LEGAL_FORM = re.compile(r"^\((?:研|共)\)\s*")  # 国立研究開発法人 / 大学共同利用機関法人
_KANJI_NAME = re.compile(r"[\u4e00-\u9fff々]{1,4} ?[\u4e00-\u9fff々]{1,4}")


@dataclass
class Member:
    """One member block, parsed."""

    lines: list[int]
    name: PersonName
    name_line: int
    country: str | None = None
    marker: str | None = None
    posts: list[tuple[int, str]] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    chair_line: int | None = None


def read_committee(ledger: Ledger, heading: int, people: People) -> None:
    """The committee heading (members declared) and every member block after it."""
    text = ledger.text(heading)
    m = re.search(r"(\d+)名、うち海外委員(\d+)名", text)
    as_of_line = ledger.find(r"^R\d+\.\d+現在$", heading)
    era = parse_era(ledger.text(as_of_line).removesuffix("現在"))
    if m is None or era is None:
        raise ConversionError(f"{ledger.alias} line {heading}: committee heading not understood")
    ledger.heading(heading, as_of_line)
    committee = iris.organization(COMMITTEE)
    _declared(ledger, committee, "members", int(m[1]), heading)
    _declared(ledger, committee, "overseas-members", int(m[2]), heading)
    ledger.g.add((committee, KG.committeeOf, iris.program(PROGRAM)))
    end = ledger.find(r"フォローアップスケジュール", as_of_line)
    as_of = as_of_literal(f"{era.year:04d}-{era.month:02d}")
    members = _blocks(ledger, as_of_line + 1, end, people)
    for member in members:
        _write(ledger, member, as_of, people)
    ledger.count("committee_members", len(members))


def _declared(ledger: Ledger, committee: URIRef, kind: str, value: int, line: int) -> None:
    g, count = ledger.g, iris.quantity(committee, kind)
    prop = KG.declaredMemberCount if kind == "members" else KG.declaredOverseasMemberCount
    g.add((committee, prop, count))
    g.add((count, RDF.type, KG.Quantity))
    g.add((count, SCHEMA.value, Literal(value, datatype=XSD.nonNegativeInteger)))
    g.add((count, KG.comparator, iris.concept("comparator", "eq")))
    g.add((count, PROV.wasDerivedFrom, ledger.record(line)))


def _blocks(ledger: Ledger, start: int, end: int, people: People) -> list[Member]:
    """Member blocks between ``start`` and ``end``; ``委員長`` joins the block before."""
    members: list[Member] = []
    for n in ledger.lines(start, end):
        text = ledger.text(n)
        if _NAME_LINE.match(text):
            marker = "*" if text.endswith("*") else None
            members.append(Member([n], latin_name(text), n, marker=marker))
        elif not members:
            raise ConversionError(f"{ledger.alias} line {n}: committee text before any member")
        elif text == "委員長":
            members[-1].chair_line = n
        else:
            _line(ledger, members[-1], n, text, people)
    return members


def _line(ledger: Ledger, member: Member, n: int, text: str, people: People) -> None:
    member.lines.append(n)
    if m := re.fullmatch(r"\((?P<country>[^)]+)\)", text):
        country = ledger.ctx.countries.lookup(m["country"])
        if country is None:
            raise ConversionError(f"{ledger.alias} line {n}: unknown country {m['country']!r}")
        member.country = country.alpha2
    elif text.startswith("専門分野:") or member.fields:
        labels = re.split(r"[、,]", text.removeprefix("専門分野:"))
        member.fields += [label.strip() for label in labels if label.strip()]
    elif len(member.lines) == 2 and _KANJI_NAME.fullmatch(text) and not _title(text)[1]:
        member.name = people.kanji(text, member.name)
    else:
        member.posts.append((n, text))


def _write(ledger: Ledger, member: Member, as_of: Literal, people: People) -> None:
    g = ledger.g
    person = people.add(member.name, [member.name_line, member.lines[1]])
    nationality = member.country or ("JP" if member.name.family_ja else None)
    if nationality is None:
        raise ConversionError(f"{ledger.alias} line {member.name_line}: no nationality")
    g.add((person, SCHEMA.nationality, iris.country(nationality)))
    for label in member.fields:
        if label not in FIELDS:
            raise ConversionError(f"{ledger.alias}: unknown field {label!r} (add it to FIELDS)")
        g.add((person, SCHEMA.knowsAbout, iris.concept("field", FIELDS[label])))
    field_lines = [n for n in member.lines if n not in {p for p, _ in member.posts}]
    for record in ledger.records(field_lines):
        g.add((person, PROV.wasDerivedFrom, record))
    name = member.name.ja or member.name.en
    roles = [("committee-member", member.name_line)]
    if member.chair_line:
        roles.append(("committee-chair", member.chair_line))
    for role, line in roles:
        post = Post(COMMITTEE, role, "current", as_of, (line,), name, marker=member.marker)
        add_membership(ledger, person, post)
    _posts(ledger, member, person, as_of)


def _posts(ledger: Ledger, member: Member, person: URIRef, as_of: Literal) -> None:
    """Current and former posts, Nobel prizes and Nobel committee seats."""
    previous: Organization | None = None
    for n, text in member.posts:
        if m := _AWARD.match(text):
            _award(ledger, person, AWARDS[m["award"]], int(m["year"]), n)
            continue
        if text == "ノーベル生理・医学賞選考委員":
            post = Post(NOBEL_COMMITTEE, "nobel-committee-member", "current", as_of, (n,), text)
            add_membership(ledger, person, post)
            continue
        for part in re.split(r"、\s*", text):
            previous = _post(ledger, person, part, previous, as_of, n)


def _post(
    ledger: Ledger,
    person: URIRef,
    text: str,
    previous: Organization | None,
    as_of: Literal,
    n: int,
) -> Organization:
    """One post: ``[元|前][同 ]organization title``."""
    stated = text
    tenure = "current"
    if text.startswith("同"):
        if previous is None:
            raise ConversionError(f"{ledger.alias} line {n}: 同 without an organization above")
        org, text = previous, text[1:].strip()
    else:
        org = None
    if text[:1] in "元前":
        tenure, text = ("former" if text[0] == "元" else "previous"), text[1:].strip()
    title, role = _title(text)
    if not role:
        raise ConversionError(f"{ledger.alias} line {n}: no post title in {stated!r}")
    if org is None:
        org = _organization(ledger, text.removesuffix(title).strip(), n)
    add_membership(ledger, person, Post(org.slug, role, tenure, as_of, (n,), stated))
    return org


def _title(text: str) -> tuple[str, str]:
    """The post title a text ends with and its role code, or ``("", "")``."""
    return next(((t, r) for t, r in ROLES if text.endswith(t)), ("", ""))


def _organization(ledger: Ledger, printed: str, n: int) -> Organization:
    """The organization of a post, through the registry (with its parent where the post names
    only the unit)."""
    orgs = ledger.ctx.organizations
    name = _LEGAL_FORM.sub("", printed).strip()
    if name in PARENTS and orgs.find(name, by_unit_ending=False) is None:
        name = f"{PARENTS[name]} {name}"
    org = orgs.resolve(name, country=_country_prefix(ledger, name))
    if not org.records and org.slug_basis != "curated":
        org.records.add(ledger.record(n))  # minted here: this line is its source
    return org


def _country_prefix(ledger: Ledger, name: str) -> str | None:
    """The country a name starts with (``フランス宇宙基礎科学研究所`` → FR), if any."""
    for length in range(2, min(len(name), 7)):
        if country := ledger.ctx.countries.lookup(name[:length]):
            return country.alpha2
    return None


def _award(ledger: Ledger, person: URIRef, award: str, year: int, n: int) -> None:
    g = ledger.g
    receipt = node("award-receipt", f"{person.rsplit('/', 1)[1]}--{award}--{year}")
    g.add((receipt, RDF.type, VIVO.AwardReceipt))
    g.add((receipt, VIVO.relates, person))
    g.add((receipt, KG.award, iris.concept("award", award)))
    g.add((receipt, KG.awardYear, Literal(str(year), datatype=XSD.gYear)))
    g.add((receipt, RDFS.label, Literal(ledger.text(n), lang="ja")))
    g.add((receipt, PROV.wasDerivedFrom, ledger.record(n)))
    ledger.count("award_receipts")
