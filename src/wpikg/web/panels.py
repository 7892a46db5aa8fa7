"""What a resource page shows beyond its property table, read from its description (pure
functions): an agreement's parties and dates, an organization's place among organizations,
and the provenance of any resource (source line, corrections, discrepancies)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from wpikg.describe import Description, Statement, Term, rebased_prefixes
from wpikg.namespaces import PREFIXES

ORG = PREFIXES["org"]
DCT = PREFIXES["dct"]


def _index(sts: Iterable[Statement]) -> dict[str, dict[str, list[Term]]]:
    """subject → property → values."""
    out: dict[str, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in sts:
        if o not in out[s.value][p.value]:
            out[s.value][p.value].append(o)
    return out


def _iris(terms: Iterable[Term]) -> list[str]:
    return [t.value for t in terms if t.is_iri]


def _texts(terms: Iterable[Term]) -> dict[str, str]:
    return {t.lang: t.value for t in terms if t.kind == "literal"}


def _first(terms: list[Term]) -> Term | None:
    return terms[0] if terms else None


# -- agreements ---------------------------------------------------------------------------------
@dataclass
class Party:
    node: str
    organization: str | None
    role: str | None
    stated: list[Term]
    participation_end: list[Term]
    participation_status: list[str]


@dataclass
class Dates:
    """One end of an agreement's term: the date as stated (with its precision), its status,
    the comparable bounds and any condition."""

    stated: list[Term]
    fiscal_year: list[Term]
    status: list[str]
    earliest: Term | None
    latest: Term | None
    condition: list[Term] = field(default_factory=list)


@dataclass
class Agreement:
    parties: list[Party]
    start: Dates
    end: Dates
    date_texts: list[Term]
    amended: list[Term]
    related_units: list[str]
    related_text: list[Term]


def is_a(description: Description, classes: Iterable[str]) -> bool:
    wanted = set(classes)
    return any(t in wanted for t in description.types())


def agreement(description: Description, base: str) -> Agreement | None:
    """The agreement panel, or None when the resource is not a ``kg:Agreement``."""
    kg = rebased_prefixes(base)["kg"]
    if not is_a(description, [kg + "Agreement"]):
        return None
    index = _index(description.own)
    mine = index[description.iri]
    parties = [_party(node, index[node], kg) for node in _iris(mine[kg + "hasParty"])]
    role_order = {"principal": 0, "partner": 1}
    parties.sort(key=lambda p: (role_order.get((p.role or "").rsplit("/", 1)[-1], 2), p.node))
    return Agreement(
        parties=parties,
        start=_dates(mine, kg, "start"),
        end=_dates(mine, kg, "end"),
        date_texts=mine[kg + "dateText"],
        amended=mine[kg + "amendedOn"],
        related_units=_iris(mine[kg + "relatedUnit"]),
        related_text=mine[kg + "relatedUnitText"],
    )


def _party(node: str, values: dict[str, list[Term]], kg: str) -> Party:
    return Party(
        node=node,
        organization=next(iter(_iris(values[kg + "partyOrganization"])), None),
        role=next(iter(_iris(values[kg + "partyRole"])), None),
        stated=values[kg + "nameAsStated"],
        participation_end=values[kg + "participationEnd"],
        participation_status=_iris(values[kg + "participationStatus"]),
    )


def _dates(values: dict[str, list[Term]], kg: str, which: str) -> Dates:
    return Dates(
        stated=values[kg + f"{which}Date"],
        fiscal_year=values[kg + f"{which}FiscalYear"],
        status=_iris(values[kg + f"{which}Status"]),
        earliest=_first(values[kg + f"{which}Earliest"]),
        latest=_first(values[kg + f"{which}Latest"]),
        condition=values[kg + f"{which}Condition"] + values[kg + f"{which}ConditionText"],
    )


# -- organizations ------------------------------------------------------------------------------
ORGANIZATION_CLASSES = (
    ORG + "Organization",
    ORG + "FormalOrganization",
    ORG + "OrganizationalUnit",
    ORG + "OrganizationalCollaboration",
    PREFIXES["schema"] + "Organization",
)


@dataclass
class Organization:
    parents: list[tuple[str, str]]  # (property, organization)
    countries: list[str]
    classification: list[str]
    acronyms: list[Term]


def organization(description: Description, base: str) -> Organization | None:
    """An organization's parents and country, or None when it is not an organization."""
    kg = rebased_prefixes(base)["kg"]
    if not is_a(description, ORGANIZATION_CLASSES):
        return None
    mine = _index(description.own)[description.iri]
    parent_props = (kg + "hostInstitution", ORG + "unitOf", ORG + "subOrganizationOf")
    parents: list[tuple[str, str]] = []
    for prop in (*parent_props, kg + "satelliteOf"):
        for iri in _iris(mine[prop]):
            if iri not in [p for _, p in parents]:
                parents.append((prop, iri))
    return Organization(
        parents=parents,
        countries=_iris(mine[kg + "country"]) + _iris(mine[kg + "partnerScope"]),
        classification=_iris(mine[ORG + "classification"]),
        acronyms=mine[kg + "acronym"],
    )


# -- provenance ---------------------------------------------------------------------------------
@dataclass
class Correction:
    iri: str
    field: str
    original: str
    corrected: str
    reasons: dict[str, str]
    rule: str | None


@dataclass
class Record:
    """A source line: the document, where in it, the verbatim text and its repairs."""

    iri: str
    document: str | None
    line: str
    table: str
    row: str
    raw: str
    issues: list[str]
    corrections: list[Correction]


@dataclass
class Discrepancy:
    iri: str
    about: list[str]
    properties: list[str]
    claims: list[str]
    preferred: list[str]
    status: list[str]
    rationale: dict[str, str]


@dataclass
class Provenance:
    records: list[Record]
    discrepancies: list[Discrepancy]

    def __bool__(self) -> bool:
        return bool(self.records or self.discrepancies)


def provenance(description: Description, base: str) -> Provenance:
    """Records with their corrections, and discrepancies, from the description (the record's
    own page included: its own triples count)."""
    kg = rebased_prefixes(base)["kg"]
    index = _index([*description.own, *description.provenance])
    corrections: dict[str, list[Correction]] = defaultdict(list)
    for iri, values in index.items():
        if kg + "original" in values or kg + "corrected" in values:
            for record in _iris(values[kg + "about"]):
                corrections[record].append(_correction(iri, values, kg))
    records = [
        _record(iri, values, kg, corrections[iri])
        for iri, values in sorted(index.items())
        if kg + "rawText" in values
    ]
    discrepancies = [
        _discrepancy(iri, values, kg)
        for iri, values in sorted(index.items())
        if kg + "preferredClaim" in values or kg + "claim" in values
    ]
    return Provenance(records, discrepancies)


def _text(values: dict[str, list[Term]], prop: str) -> str:
    return " / ".join(t.value for t in values.get(prop, []))


def _correction(iri: str, values: dict[str, list[Term]], kg: str) -> Correction:
    return Correction(
        iri=iri,
        field=_text(values, kg + "correctedField"),
        original=_text(values, kg + "original"),
        corrected=_text(values, kg + "corrected"),
        reasons=_texts(values[kg + "reason"]),
        rule=next(iter(_iris(values[kg + "correctionRule"])), None),
    )


def _record(
    iri: str, values: dict[str, list[Term]], kg: str, corrections: list[Correction]
) -> Record:
    return Record(
        iri=iri,
        document=next(iter(_iris(values[DCT + "isPartOf"])), None),
        line=_text(values, kg + "lineNumber"),
        table=_text(values, kg + "tableNumber"),
        row=_text(values, kg + "rowNumber"),
        raw=_text(values, kg + "rawText"),
        issues=_iris(values[kg + "extractionIssue"]),
        corrections=sorted(corrections, key=lambda c: c.iri),
    )


def _discrepancy(iri: str, values: dict[str, list[Term]], kg: str) -> Discrepancy:
    return Discrepancy(
        iri=iri,
        about=_iris(values[kg + "about"]),
        properties=_iris(values[kg + "aboutProperty"]),
        claims=_iris(values[kg + "claim"]),
        preferred=_iris(values[kg + "preferredClaim"]),
        status=_iris(values[kg + "status"]),
        rationale=_texts(values[kg + "rationale"]),
    )
