"""The shared graphs: organizations (``graph/registry``) and vocabularies (``graph/vocab``).

Canonical names, hierarchy and countries of organizations live only here (data-model.md §4):
source graphs refer to organizations by IRI and keep their own spellings as
``kg:nameAsStated`` on the claim, so the union never shows two preferred labels per language.
"""

from __future__ import annotations

from pathlib import Path

import pycountry
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from wpikg import iris
from wpikg.countries import CountryIndex
from wpikg.namespaces import KG, ORG, SCHEMA
from wpikg.organizations import Organization, OrganizationRegistry, romaji
from wpikg.rdf_files import read_graph
from wpikg.text import has_japanese

_KIND_TYPES: dict[str, tuple[URIRef, ...]] = {
    "organization": (ORG.Organization, ORG.FormalOrganization),
    "unit": (ORG.Organization, ORG.OrganizationalUnit),
    "consortium": (ORG.Organization, ORG.OrganizationalCollaboration, KG.Consortium),
    # WPI centres and their satellites are units of their host; a committee is an organization
    "wpi-center": (ORG.Organization, ORG.OrganizationalUnit, KG.ResearchCenter, KG.WPICenter),
    "satellite": (ORG.Organization, ORG.OrganizationalUnit, KG.Satellite),
    "committee": (ORG.Organization, KG.Committee),
}
_UNIT_KINDS = {"unit", "wpi-center", "satellite"}


def organizations_graph(registry: OrganizationRegistry) -> Graph:
    """Every organization of the registry with its labels, hierarchy, country and sources."""
    g = Graph()
    for org in registry:
        _organization(g, org, registry)
    return g


def _organization(g: Graph, org: Organization, registry: OrganizationRegistry) -> None:
    node = iris.organization(org.slug)
    for cls in _KIND_TYPES[org.kind]:
        g.add((node, RDF.type, cls))
    g.add((node, RDF.type, SCHEMA.Organization))
    _labels(g, node, org)
    if org.parent:
        g.add((node, ORG.subOrganizationOf, iris.organization(org.parent)))
        if org.kind in _UNIT_KINDS:
            g.add((node, ORG.unitOf, iris.organization(org.parent)))
        if org.kind == "wpi-center":  # the parent of a WPI centre is its host institution
            g.add((node, KG.hostInstitution, iris.organization(org.parent)))
    if country := _country_of(org, registry):
        g.add((node, KG.country, iris.country(country)))
    if org.scope:
        g.add((node, KG.partnerScope, iris.concept("partner-scope", org.scope)))
    if org.org_type:
        g.add((node, ORG.classification, iris.concept("org-type", org.org_type)))
    if org.successor:
        g.add((node, DCTERMS.isReplacedBy, iris.organization(org.successor)))
    if org.notation:
        g.add((node, SKOS.notation, Literal(org.notation, datatype=KG.RikenUnitCode)))
    if org.defunct_possible:
        g.add((node, KG.defunctPossible, Literal(True)))
    for acronym in sorted(org.acronyms):
        g.add((node, KG.acronym, Literal(acronym)))
    g.add((node, KG.slugBasis, iris.concept("slug-basis", org.slug_basis)))
    for kind, (value, comparator) in sorted(org.declared_counts.items()):
        _declared_count(g, node, kind, value, comparator)
    for record in sorted(org.records):
        g.add((node, PROV.wasDerivedFrom, record))


def _labels(g: Graph, node: URIRef, org: Organization) -> None:
    labels = [Literal(org.name_ja, lang="ja")]
    if org.name_en:
        labels.append(Literal(org.name_en, lang="en"))
    if org.name_native:
        labels.append(Literal(org.name_native[0], lang=org.name_native[1]))
    for label in labels:
        g.add((node, SKOS.prefLabel, label))
        g.add((node, RDFS.label, label))
    if not org.name_en and not org.name_native and has_japanese(org.name_ja):
        g.add((node, SKOS.altLabel, Literal(romaji(org.name_ja), lang="ja-Latn-hepburn")))
    for variant in sorted(org.variants):
        g.add((node, SKOS.hiddenLabel, Literal(variant, lang="ja")))


def _country_of(org: Organization, registry: OrganizationRegistry) -> str | None:
    """The stated country, else the parent's (a unit is where its organization is)."""
    while org.country is None and org.parent:
        org = registry[org.parent]
    return org.country


def _declared_count(g: Graph, node: URIRef, kind: str, value: int, comparator: str) -> None:
    prop = {"countries": KG.declaredCountryCount, "institutions": KG.declaredInstitutionCount}
    count = iris.quantity(node, kind)
    g.add((node, prop[kind], count))
    g.add((count, RDF.type, KG.Quantity))
    g.add((count, SCHEMA.value, Literal(value, datatype=XSD.nonNegativeInteger)))
    g.add((count, KG.comparator, iris.concept("comparator", comparator)))


def vocabulary_graph(vocab_path: Path, countries: CountryIndex, regions: dict[str, str]) -> Graph:
    """The SKOS schemes of ``ontology/vocab.ttl`` plus every ISO 3166-1 country."""
    g = read_graph(vocab_path)
    scheme = iris.scheme("country")
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, SKOS.prefLabel, Literal("国・地域", lang="ja")))
    g.add((scheme, SKOS.prefLabel, Literal("Countries and regions (ISO 3166-1)", lang="en")))
    for record in pycountry.countries:
        _country(g, countries, record.alpha_2, regions.get(record.alpha_2))
    return g


def _country(g: Graph, countries: CountryIndex, alpha2: str, region: str | None) -> None:
    country = countries.get(alpha2)
    node = iris.country(alpha2)
    g.add((node, RDF.type, SKOS.Concept))
    g.add((node, SKOS.inScheme, iris.scheme("country")))
    g.add((node, SKOS.topConceptOf, iris.scheme("country")))
    g.add((node, SKOS.notation, Literal(alpha2)))
    for label in (Literal(country.label_ja, lang="ja"), Literal(country.label_en, lang="en")):
        g.add((node, SKOS.prefLabel, label))
        g.add((node, RDFS.label, label))
    for name in countries.names_ja(alpha2) - {country.label_ja}:
        g.add((node, SKOS.altLabel, Literal(name, lang="ja")))
    eu_authority = "http://publications.europa.eu/resource/authority/country/"
    g.add((node, SKOS.exactMatch, URIRef(eu_authority + _alpha3(alpha2))))
    if region:
        g.add((node, SKOS.broader, iris.concept("region", region)))
    if country.is_region:
        g.add((node, SKOS.scopeNote, Literal("国・地域として掲載", lang="ja")))
        g.add((node, SKOS.scopeNote, Literal("listed by the sources as a region", lang="en")))


def _alpha3(alpha2: str) -> str:
    record = pycountry.countries.get(alpha_2=alpha2)
    if record is None:
        raise KeyError(alpha2)
    return str(record.alpha_3)
