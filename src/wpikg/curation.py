"""``graph/curated``: discrepancies between claims, found by comparing them, and the values they
resolve to (data-model.md §4).

Source graphs never state a contested value directly on a shared entity: a centre's selection
year is a ``kg:ProgramSelection`` claim per source, a director an ``org:Membership`` with
``kg:asOf``. After every converter has run, this module compares the claims:

* selection claims about one centre with different fiscal years;
* current-director memberships of one centre at one as-of date naming different people;
* support-status claims that go back from WPI Academy to subsidized at a later date.

Each disagreement becomes a ``kg:Discrepancy`` linking the claims. Its resolution (preferred
claim, status, rationale in Japanese and English) comes from ``data/curated/discrepancies.tsv``,
one line per decision; a disagreement without a line stays ``open`` (a Warning), and a line
whose disagreement is no longer found, or lists other claims, fails the build. The resolved
selection year of every centre is asserted on the centre in ``graph/curated`` only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from wpikg import iris
from wpikg.errors import RegistryError
from wpikg.namespaces import DEFAULT_BASE, KG, ORG
from wpikg.text import read_tsv

CURATED = iris.graph("curated")
_ID = f"{DEFAULT_BASE}id/"
_DIRECTOR = iris.concept("role", "center-director")
_CURRENT = iris.concept("tenure", "current")
_ACADEMY = iris.concept("support-status", "wpi-academy")
_SUBSIDIZED = iris.concept("support-status", "subsidized")


@dataclass(frozen=True)
class Claim:
    """One claim node as found in a source graph, with the value compared."""

    node: URIRef
    source: str  # document alias
    value: str
    stated: str | None = None
    records: tuple[URIRef, ...] = ()

    @property
    def key(self) -> str:
        """The claim's IRI under ``id/`` (``selection/wpi2019--kavli-ipmu``)."""
        return self.node.removeprefix(_ID)


@dataclass(frozen=True)
class Found:
    """Claims that disagree about one property of one entity."""

    what: str
    about: URIRef
    prop: URIRef
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class Resolution:
    """A curator's decision about one discrepancy (a line of ``discrepancies.tsv``)."""

    what: str
    claims: frozenset[str]
    preferred: str | None
    status: str
    rationale_ja: str
    rationale_en: str


def load_resolutions(path: Path) -> dict[str, Resolution]:
    """The curated decisions; a missing file means no decision yet."""
    if not path.exists():
        return {}
    out = {}
    for row in read_tsv(path):
        if row["status"] not in ("resolved", "undecidable"):
            raise RegistryError(f"{path}: {row['what']}: status must be resolved or undecidable")
        if not (row["rationale_ja"] and row["rationale_en"]):
            raise RegistryError(f"{path}: {row['what']}: a decision needs its rationale")
        out[row["what"]] = Resolution(
            row["what"],
            frozenset(c.strip() for c in row["claims"].split(";") if c.strip()),
            row["preferred"].strip() or None,
            row["status"],
            row["rationale_ja"],
            row["rationale_en"],
        )
    return out


# -- finding discrepancies by comparing claims --------------------------------------------------
def find_discrepancies(data: Dataset) -> list[Found]:
    """Every disagreement between claims of the source graphs, in a stable order."""
    found = [*_selection_years(data), *_directors(data), *_status_regressions(data)]
    return sorted(found, key=lambda f: f.what)


def _source_quads(data: Dataset, p: URIRef, o: URIRef | None = None) -> Iterator[tuple[Any, ...]]:
    prefix = str(iris.graph("source/"))
    for s, _, obj, g in data.quads((None, p, o, None)):
        name = g.identifier if isinstance(g, Graph) else g
        if str(name).startswith(prefix):
            yield s, obj, str(name).removeprefix(prefix)


def _value(data: Dataset, s: URIRef, p: URIRef) -> Any:
    return next((o for _, _, o, _ in data.quads((s, p, None, None))), None)


def _selection_years(data: Dataset) -> Iterator[Found]:
    by_center: dict[URIRef, list[Claim]] = defaultdict(list)
    for claim, _, source in _source_quads(data, RDF.type, KG.ProgramSelection):
        center = _value(data, claim, KG.selectedCenter)
        year = _value(data, claim, KG.selectionFiscalYear)
        stated = _value(data, claim, KG.nameAsStated)
        by_center[center].append(Claim(claim, source, str(year), stated and str(stated)))
    for center, claims in by_center.items():
        if len({c.value for c in claims}) > 1:
            what = f"{_slug(center)}-selection-fy"
            yield Found(what, center, KG.selectionFiscalYear, _ordered(claims))


def _directors(data: Dataset) -> Iterator[Found]:
    posts: dict[tuple[URIRef, str], list[Claim]] = defaultdict(list)
    for membership, _, source in _source_quads(data, ORG.role, _DIRECTOR):
        if _value(data, membership, KG.tenureStatus) != _CURRENT:
            continue
        org = _value(data, membership, ORG.organization)
        as_of = str(_value(data, membership, KG.asOf))
        person = _value(data, membership, ORG.member)
        stated = _value(data, membership, KG.nameAsStated)
        records = tuple(
            sorted(o for _, _, o, _ in data.quads((membership, PROV.wasDerivedFrom, None, None)))
        )
        claim = Claim(membership, source, str(person), stated and str(stated), records)
        posts[(org, as_of)].append(claim)
    for (org, as_of), claims in posts.items():
        if len({c.value for c in claims}) > 1:
            yield Found(f"{_slug(org)}-center-director-{as_of}", org, ORG.member, _ordered(claims))


def _status_regressions(data: Dataset) -> Iterator[Found]:
    """A WPI Academy centre does not go back under subsidy: a later ``subsidized`` claim after
    an earlier ``wpi-academy`` one contradicts it (a status change the other way does not)."""
    by_center: dict[URIRef, list[tuple[str, Claim]]] = defaultdict(list)
    for claim, status, source in _source_quads(data, KG.supportStatus):
        center = _value(data, claim, KG.selectedCenter)
        as_of = str(_value(data, claim, KG.asOf))
        by_center[center].append((as_of, Claim(claim, source, str(status))))
    for center, dated in by_center.items():
        dated.sort(key=lambda item: item[0])
        for (_, earlier), (_, later) in zip(dated, dated[1:], strict=False):
            if URIRef(earlier.value) == _ACADEMY and URIRef(later.value) == _SUBSIDIZED:
                what = f"{_slug(center)}-support-status"
                yield Found(what, center, KG.supportStatus, (earlier, later))


def _ordered(claims: list[Claim]) -> tuple[Claim, ...]:
    return tuple(sorted(claims, key=lambda c: (c.source, c.key)))


def _slug(node: URIRef) -> str:
    return str(node).rsplit("/", 1)[1]


# -- the curated graph ---------------------------------------------------------------------------
def curate(data: Dataset, resolutions_path: Path) -> list[dict[str, Any]]:
    """Write ``graph/curated`` into ``data``: the discrepancies found, their resolutions and the
    resolved selection years. Returns the discrepancies for the build report."""
    graph = data.graph(CURATED)
    resolutions = load_resolutions(resolutions_path)
    found = find_discrepancies(data)
    unused = set(resolutions) - {f.what for f in found}
    if unused:
        raise RegistryError(f"{resolutions_path}: no such discrepancy found: {sorted(unused)}")
    report = [_discrepancy(data, graph, f, resolutions.get(f.what)) for f in found]
    _selection_years_resolved(data, graph, found, resolutions)
    return report


def _discrepancy(
    data: Dataset, g: Graph, found: Found, resolution: Resolution | None
) -> dict[str, Any]:
    keys = {c.key for c in found.claims}
    if resolution is not None and resolution.claims != keys:
        raise RegistryError(
            f"discrepancy {found.what}: the curated decision names {sorted(resolution.claims)}, "
            f"the build found {sorted(keys)}"
        )
    if resolution is not None and resolution.preferred not in (None, *keys):
        raise RegistryError(f"discrepancy {found.what}: preferred claim is not one of its claims")
    node = iris.discrepancy(found.what)
    status = resolution.status if resolution else "open"
    g.add((node, RDF.type, KG.Discrepancy))
    g.add((node, RDFS.label, Literal(f"不一致: {found.what}", lang="ja")))
    g.add((node, RDFS.label, Literal(f"Discrepancy: {found.what}", lang="en")))
    g.add((node, KG.about, found.about))
    g.add((node, KG.aboutProperty, found.prop))
    g.add((node, KG.status, iris.concept("discrepancy-status", status)))
    for claim in found.claims:
        g.add((node, KG.claim, claim.node))
    preferred = None
    if resolution is not None:
        g.add((node, KG.rationale, Literal(resolution.rationale_ja, lang="ja")))
        g.add((node, KG.rationale, Literal(resolution.rationale_en, lang="en")))
        preferred = next((c for c in found.claims if c.key == resolution.preferred), None)
    if preferred is not None:
        g.add((node, KG.preferredClaim, preferred.node))
        if found.prop == ORG.member and resolution is not None:
            _name_corrections(data, g, found, preferred, resolution)
    claims = {
        c.key: {"source": c.source, "value": _short(c.value), "stated": c.stated}
        for c in found.claims
    }
    return {
        "id": found.what,
        "about": _slug(found.about),
        "property": _short(found.prop),
        "claims": claims,
        "status": status,
        "preferred": preferred.key if preferred else None,
        "rationale_en": resolution.rationale_en if resolution else None,
    }


def _name_corrections(
    data: Dataset, g: Graph, found: Found, preferred: Claim, resolution: Resolution
) -> None:
    """The name a rejected director claim prints, corrected to the preferred claim's: a
    ``kg:Correction`` on the record of the line that printed it (the claim itself is kept)."""
    for claim in found.claims:
        if claim is preferred or not claim.stated or not preferred.stated or not claim.records:
            continue
        record = claim.records[0]
        n = 1 + sum(1 for _ in data.quads((None, KG.about, record, None)))
        node = iris.correction(claim.source, _line(data, record), n)
        g.add((node, RDF.type, KG.Correction))
        g.add((node, KG.about, record))
        g.add((node, KG.correctionRule, iris.concept("correction-rule", "curated")))
        g.add((node, KG.correctedField, Literal("director")))
        g.add((node, KG.original, Literal(claim.stated)))
        g.add((node, KG.corrected, Literal(preferred.stated)))
        g.add((node, KG.reason, Literal(resolution.rationale_en, lang="en")))
        g.add((node, KG.reason, Literal(resolution.rationale_ja, lang="ja")))
        g.add((node, PROV.wasDerivedFrom, record))


def _line(data: Dataset, record: URIRef) -> int:
    return int(_value(data, record, KG.lineNumber))


def _short(value: str) -> str:
    """An IRI's last segment (or fragment), other values as they are."""
    if value.startswith("http"):
        return value.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return value


def _selection_years_resolved(
    data: Dataset, g: Graph, found: list[Found], resolutions: dict[str, Resolution]
) -> None:
    """The selection year of every centre some source lists: the one all claims agree on, or
    the preferred claim's; none while the discrepancy is open or undecidable."""
    contested = {f.about: f for f in found if f.prop == KG.selectionFiscalYear}
    years: dict[URIRef, set[str]] = defaultdict(set)
    for claim, _, _ in _source_quads(data, RDF.type, KG.ProgramSelection):
        year = _value(data, claim, KG.selectionFiscalYear)
        years[_value(data, claim, KG.selectedCenter)].add(str(year))
    for center, values in sorted(years.items()):
        year = next(iter(values)) if len(values) == 1 else None
        if center in contested:
            resolution = resolutions.get(contested[center].what)
            resolved = resolution is not None and resolution.status == "resolved"
            preferred = resolution.preferred if resolution and resolved else None
            year = next((c.value for c in contested[center].claims if c.key == preferred), None)
        if year is not None:
            g.add((center, KG.selectionFiscalYear, Literal(year, datatype=XSD.gYear)))
