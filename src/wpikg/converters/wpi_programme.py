"""The WPI programme's rules, printed in both WPI documents in the same words: what a centre must
meet (【拠点が満たすべき要件】) and how it is supported (【事業スキーム】, the extension note).

Each printed rule becomes a ``kg:Requirement`` or ``kg:SupportCondition`` of the line it is
printed on, so the two documents' copies stay two derivations that can be compared.
Amounts are exact yen (``xsd:decimal``); cohort variants (``2007, 2010年度採択拠点は…``,
``H19・H22年度採択拠点は…``) are separate nodes with ``kg:appliesToCohort``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from wpikg import iris
from wpikg.amounts import comparator, yen
from wpikg.converters.wpi_common import PROGRAM, Ledger, add_statement, line_key, node
from wpikg.dates import parse_era
from wpikg.errors import ConversionError
from wpikg.namespaces import KG, SCHEMA

#: Cost categories as printed → ``kgv:cost-category`` codes.
COSTS = {
    "人件費": "personnel",
    "事業推進費": "project-promotion",
    "旅費": "travel",
    "設備備品費": "equipment",
    "設備備品等費": "equipment",
    "研究プロジェクト費": "research-project",
}
# 総勢70~100人程度以上 (2007, 2010年度採択拠点は100人~)
_RANGE_RULE = re.compile(
    r"(?P<low>\d+)\s*~\s*(?P<high>\d+)人程度以上\s*"
    r"\((?P<cohorts>[\d, ]+)年度採択拠点は(?P<cohort_min>\d+)人~\)"
)
_PERCENT_RULE = re.compile(r"(?P<n>\d+)%以上")
_CEILING = re.compile(r"最大(?P<amount>\d+億円)/年\s*[×x]\s*(?P<years>\d+)年")
_COHORT_CEILING = re.compile(r"\((?P<cohorts>[\d, ]+)年度採択拠点は(?P<text>~\d+億円/年程度)\)")


@dataclass
class Rule:
    """One requirement or support condition node."""

    kind: URIRef
    key: str
    lines: tuple[int, ...]
    text: str
    values: dict[URIRef, Literal] = field(default_factory=dict)
    comparator: str | None = None
    cohorts: tuple[int, ...] = ()
    metric: str | None = None
    costs: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()


def add_rule(ledger: Ledger, rule: Rule) -> URIRef:
    g = ledger.g
    kind = "requirement" if rule.kind == KG.Requirement else "support-condition"
    subject = node(kind, rule.key)
    g.add((subject, RDF.type, rule.kind))
    g.add((subject, DCTERMS.subject, iris.program(PROGRAM)))
    g.add((subject, DCTERMS.description, Literal(rule.text, lang="ja")))
    g.add((subject, RDFS.label, Literal(rule.text[:60], lang="ja")))
    if rule.metric:
        g.add((subject, KG.metric, iris.concept("indicator", rule.metric)))
    for prop, value in rule.values.items():
        g.add((subject, prop, value))
    if rule.comparator:
        g.add((subject, KG.comparator, iris.concept("comparator", rule.comparator)))
    for cohort in rule.cohorts:
        g.add((subject, KG.appliesToCohort, Literal(str(cohort), datatype=XSD.gYear)))
    for code in rule.costs:
        g.add((subject, KG.costCategory, iris.concept("cost-category", code)))
    for code in rule.excluded:
        g.add((subject, KG.excludedCostCategory, iris.concept("cost-category", code)))
    for record in ledger.records(rule.lines):
        g.add((subject, PROV.wasDerivedFrom, record))
    ledger.count("requirements" if rule.kind == KG.Requirement else "support_conditions")
    return subject


def _int(n: int | str) -> Literal:
    return Literal(int(n), datatype=XSD.integer)


def _yen(amount: Decimal) -> Literal:
    return Literal(amount, datatype=XSD.decimal)


def _duration(text: str) -> Literal:
    return Literal(text, datatype=XSD.duration)


def cohorts(text: str) -> tuple[int, ...]:
    """Cohort years printed as ``2007, 2010`` or in eras (``H19・H22``).

    >>> cohorts("2007, 2010"), cohorts("H19・H22")
    ((2007, 2010), (2007, 2010))
    """
    found = []
    for part in re.split(r"[,・、]\s*", text.strip()):
        era = parse_era(part)
        found.append(era.year if era else int(part))
    return tuple(found)


# -- 【拠点が満たすべき要件】 (requirements) ----------------------------------------------------
def read_requirements(ledger: Ledger, heading: int) -> None:
    """The four requirements after ``heading``, with their cohort variants."""
    ledger.heading(heading)
    for n in _bullets(ledger, heading):
        text = ledger.text(n)
        key = line_key(ledger.alias, n)
        if text.startswith("総勢") or "PIが" in text:
            metric = "total-staff" if text.startswith("総勢") else "top-level-pi-count"
            _range_requirement(ledger, n, key, text, metric)
        elif "外国からの研究者" in text and (m := _PERCENT_RULE.search(text)):
            values = {SCHEMA.minValue: Literal(Decimal(m["n"]), datatype=XSD.decimal)}
            add_rule(
                ledger,
                Rule(
                    KG.Requirement,
                    key,
                    (n,),
                    text,
                    values,
                    "gte",
                    metric="foreign-researcher-ratio",
                ),
            )
        elif "英語が標準" in text:
            add_rule(
                ledger, Rule(KG.Requirement, key, (n,), text, metric="english-working-language")
            )
        else:
            raise ConversionError(f"{ledger.alias} line {n}: unknown requirement {text!r}")


def _range_requirement(ledger: Ledger, n: int, key: str, text: str, metric: str) -> None:
    """``70~100人程度以上``: the threshold lies between 70 and 100 (``schema:minValue`` /
    ``maxValue`` of the threshold), and the centre must be at or above it (``gte``)."""
    m = _RANGE_RULE.search(text)
    if m is None:
        raise ConversionError(f"{ledger.alias} line {n}: requirement not understood: {text!r}")
    general = {SCHEMA.minValue: _int(m["low"]), SCHEMA.maxValue: _int(m["high"])}
    add_rule(ledger, Rule(KG.Requirement, key, (n,), text, general, "gte", metric=metric))
    variant = {SCHEMA.minValue: _int(m["cohort_min"])}
    add_rule(
        ledger,
        Rule(
            KG.Requirement,
            f"{key}-cohort",
            (n,),
            text,
            variant,
            "gte",
            cohorts(m["cohorts"]),
            metric,
        ),
    )


def _bullets(ledger: Ledger, heading: int) -> list[int]:
    """The bullet lines (and ``※`` notes) after a heading, up to the next heading."""
    out = []
    for n in ledger.lines(heading + 1):
        raw = ledger.raw(n).strip()
        if raw.startswith(("- ", "※")):
            out.append(n)
        elif out or raw.startswith(("#", "【")):
            break
    return out


# -- 【事業スキーム】 (support scheme) ---------------------------------------------------------
def read_scheme(ledger: Ledger, heading: int) -> None:
    """The support scheme after ``heading``: scope, ceilings, tapering, evaluation, costs."""
    ledger.heading(heading)
    lines = _bullets(ledger, heading)
    for i, n in enumerate(lines):
        text = ledger.text(n)
        key = line_key(ledger.alias, n)
        if text.startswith("支援対象:"):
            add_rule(ledger, Rule(KG.SupportCondition, key, (n,), text))
        elif text.startswith("支援規模:"):
            _ceilings(ledger, n, key, text)
        elif text.startswith("※拠点の自立化"):
            add_rule(ledger, Rule(KG.SupportCondition, key, (n,), text))  # tapering after
        elif text.startswith("事業評価:"):
            add_statement(ledger, n, "activity")
        elif text.startswith("支援対象経費:"):
            more = (
                (lines[i + 1],)
                if i + 1 < len(lines) and "除く" in ledger.text(lines[i + 1])
                else ()
            )
            _costs(ledger, (n, *more), key)
        elif "研究プロジェクト費は除く" in text:
            continue  # the note of the cost line before (wpi2019 prints it on its own line)
        else:
            raise ConversionError(f"{ledger.alias} line {n}: unknown scheme item {text!r}")


def _ceilings(ledger: Ledger, n: int, key: str, text: str) -> None:
    """``最大7億円/年×10年 (2007, 2010年度採択拠点は~14億円/年程度)``."""
    m = _CEILING.search(text)
    amount = yen(m["amount"]) if m else None
    if m is None or amount is None:
        raise ConversionError(f"{ledger.alias} line {n}: support ceiling not understood")
    values = {
        SCHEMA.maxValue: _yen(amount),
        KG.perPeriod: _duration("P1Y"),
        KG.supportDuration: _duration(f"P{m['years']}Y"),
    }
    add_rule(ledger, Rule(KG.SupportCondition, key, (n,), text, values, "lte"))
    if cohort := _COHORT_CEILING.search(text):
        larger = yen(cohort["text"])
        if larger is None:
            raise ConversionError(f"{ledger.alias} line {n}: cohort ceiling not understood")
        values = {SCHEMA.maxValue: _yen(larger), KG.perPeriod: _duration("P1Y")}
        add_rule(
            ledger,
            Rule(
                KG.SupportCondition,
                f"{key}-cohort",
                (n,),
                text,
                values,
                comparator(cohort["text"]),
                cohorts(cohort["cohorts"]),
            ),
        )


def _costs(ledger: Ledger, lines: tuple[int, ...], key: str) -> None:
    """Eligible cost categories and the excluded one (``※研究プロジェクト費は除く``)."""
    text = " ".join(ledger.text(n) for n in lines)
    eligible_part, _, excluded_part = text.partition("※")
    eligible = tuple(dict.fromkeys(c for w, c in COSTS.items() if w in eligible_part))
    excluded = tuple(dict.fromkeys(c for w, c in COSTS.items() if w in excluded_part))
    if not eligible or "research-project" not in excluded:
        raise ConversionError(f"{ledger.alias} line {lines[0]}: cost categories not understood")
    add_rule(ledger, Rule(KG.SupportCondition, key, lines, text, costs=eligible, excluded=excluded))


def add_extension(ledger: Ledger, n: int) -> None:
    """``※10年間の支援期間終了後、更に5年間の補助金支援期間延長が認められている``."""
    text = ledger.text(n)
    m = re.search(r"更に(\d+)年間", text)
    if m is None:
        raise ConversionError(f"{ledger.alias} line {n}: extension not understood: {text!r}")
    values = {KG.supportDuration: _duration(f"P{m[1]}Y")}
    add_rule(ledger, Rule(KG.SupportCondition, line_key(ledger.alias, n), (n,), text, values))
