"""Checks on ontology/wpikg.ttl (OWL) and ontology/vocab.ttl (SKOS).

Every ``kg:`` term used by code (``wpikg.namespaces.KG``) must be declared and documented in
both languages, and every concept code the converters emit must exist in the vocabularies.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, XSD

from wpikg.namespaces import KG

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "wpikg.ttl"
VOCAB = ROOT / "ontology" / "vocab.ttl"

ONTOLOGY_IRI = URIRef("https://w3id.org/wpikg/ontology")
KG_NS = "https://w3id.org/wpikg/ontology#"
VOCAB_NS = "https://w3id.org/wpikg/vocab/"
VANN_PREFIX = URIRef("http://purl.org/vocab/vann/preferredNamespacePrefix")
VANN_URI = URIRef("http://purl.org/vocab/vann/preferredNamespaceUri")

PROPERTY_KINDS = {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
TERM_KINDS = PROPERTY_KINDS | {OWL.Class, RDFS.Datatype}
KG_TERMS = [getattr(KG, name) for name in KG.__annotations__]

#: Codes the converters emit, scheme by scheme; each must be a concept of its scheme.
EMITTED_CODES: dict[str, list[str]] = {
    scheme: codes.split()
    for scheme, codes in {
        "party-role": "principal partner third-party coordinator",
        "end-status": """fixed auto-renewal indefinite ongoing continuation-planned
            renewal-in-progress renewal-planned undetermined unknown not-stated until-condition
            ended-before succeeded migrated transferred per-party""",
        "start-status": "stated on-or-before",
        "agreement-type": """mou comprehensive-agreement framework-agreement sister-agreement
            ipa-student-program joint-graduate-school letter-of-intent operating-arrangement
            research-cooperation-arrangement supplementary-agreement consortium-agreement
            partner-agreement grant-agreement cooperation-agreement research-cooperation
            intergovernmental-umbrella industry-partnership unspecified""",
        "type-basis": "stated keyword-rule",
        "extraction-issue": """column-shift-left column-shift-right institution-in-country-column
            cell-lost ocr-suspect duplicate-row two-dates-in-cell date-with-words wrong-country
            country-carried-over page-header-repeated""",
        "correction-rule": """shifted-cells-by-type institution-from-country-column
            country-carried-over curated name-normalization unit-code-case""",
        "partner-scope": "international-organization multilateral",
        "region": """asia-middle-east africa oceania europe latin-america north-america
            international-organization""",
        "participation-status": "participating not-participating-now",
        "comparator": "eq approx approx-below gte gt lte lt",
        "org-type": """education facility government company nonprofit healthcare funder
            archive other consortium""",
        "slug-basis": "registry-en romaji-auto curated",
        "tenure": "current former previous",
        "support-status": "wpi-academy subsidized",
        "discrepancy-status": "open resolved",
        "indicator": "foreign-researcher-ratio",
        "role": "center-director committee-chair committee-member president professor-emeritus",
    }.items()
}

#: Schemes data-model.md lists besides the converter ones above (country is generated).
OTHER_SCHEMES = [
    "activity",
    "field",
    "award",
    "logic-stage",
    "wpi-mission-2007",
    "wpi-mission-2020",
    "practice",
    "cost-category",
]


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def vocab() -> Graph:
    return Graph().parse(VOCAB, format="turtle")


def concept(scheme: str, code: str) -> URIRef:
    return URIRef(f"{VOCAB_NS}{scheme}/{code}")


def langs(graph: Graph, subject: URIRef, predicate: URIRef) -> set[str | None]:
    return {o.language for o in graph.objects(subject, predicate) if isinstance(o, Literal)}


def kg_terms_in(graph: Graph) -> set[URIRef]:
    return {s for s in graph.subjects() if isinstance(s, URIRef) and s.startswith(KG_NS)}


# --- both files ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [ONTOLOGY, VOCAB], ids=["wpikg.ttl", "vocab.ttl"])
def test_no_blank_nodes(path: Path) -> None:
    graph = Graph().parse(path, format="turtle")
    assert len(graph) > 0
    bnodes = [t for t in graph if any(isinstance(x, BNode) for x in t)]
    assert not bnodes, bnodes[:5]


# --- ontology --------------------------------------------------------------------------------


def test_ontology_header(onto: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert onto.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef("https://w3id.org/wpikg/ontology/1.0")
    assert str(onto.value(ONTOLOGY_IRI, OWL.versionInfo)) == "1.0"
    assert {"en", "ja"} <= langs(onto, ONTOLOGY_IRI, DCTERMS.title)
    assert onto.value(ONTOLOGY_IRI, DCTERMS.description) is not None
    assert onto.value(ONTOLOGY_IRI, DCTERMS.creator) is not None
    assert onto.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert str(onto.value(ONTOLOGY_IRI, VANN_PREFIX)) == "kg"
    assert str(onto.value(ONTOLOGY_IRI, VANN_URI)) == KG_NS


@pytest.mark.parametrize("term", KG_TERMS, ids=[t.removeprefix(KG_NS) for t in KG_TERMS])
def test_kg_term_is_declared_and_documented(onto: Graph, term: URIRef) -> None:
    kinds = set(onto.objects(term, RDF.type)) & TERM_KINDS
    assert len(kinds) == 1, f"{term} must have exactly one kind, has {kinds}"
    assert {"en", "ja"} <= langs(onto, term, RDFS.label)
    assert "en" in langs(onto, term, RDFS.comment)
    assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in onto


def test_every_declared_term_is_in_namespace_class(onto: Graph) -> None:
    assert kg_terms_in(onto) == set(KG_TERMS)


def test_every_property_has_domain_and_range(onto: Graph) -> None:
    problems = []
    for term in sorted(kg_terms_in(onto)):
        kinds = set(onto.objects(term, RDF.type))
        if not kinds & PROPERTY_KINDS:
            continue
        if len(list(onto.objects(term, RDFS.domain))) != 1:
            problems.append(f"{term}: domain")
        ranges = list(onto.objects(term, RDFS.range))
        if len(ranges) != 1:
            problems.append(f"{term}: range")
        elif OWL.DatatypeProperty in kinds and not (
            ranges[0].startswith(str(XSD)) or ranges[0] in (RDFS.Literal, RDF.langString)
        ):
            problems.append(f"{term}: datatype property with non-datatype range {ranges[0]}")
        elif OWL.ObjectProperty in kinds and ranges[0].startswith(str(XSD)):
            problems.append(f"{term}: object property with datatype range {ranges[0]}")
    assert not problems


def test_referenced_classes_and_properties_are_declared(onto: Graph) -> None:
    builtin = {RDFS.Literal, RDF.langString, RDF.Property, OWL.Thing}
    undeclared = set()
    for predicate in (RDFS.domain, RDFS.range, RDFS.subClassOf, RDFS.subPropertyOf):
        for obj in onto.objects(None, predicate):
            if obj in builtin or str(obj).startswith(str(XSD)):
                continue
            if (obj, RDF.type, None) not in onto:
                undeclared.add(obj)
    assert not undeclared


@pytest.mark.parametrize(
    ("term", "qb_kind"),
    [
        (KG.amountJPY, "MeasureProperty"),
        (KG["count"], "MeasureProperty"),
        (KG.centerCount, "MeasureProperty"),
        (KG.percent, "MeasureProperty"),
        (KG.average, "MeasureProperty"),
        (KG.indicator, "DimensionProperty"),
        (KG.comparator, "AttributeProperty"),
        (KG.valueText, "AttributeProperty"),
    ],
)
def test_data_cube_component_properties(onto: Graph, term: URIRef, qb_kind: str) -> None:
    assert (term, RDF.type, URIRef("http://purl.org/linked-data/cube#" + qb_kind)) in onto


@pytest.mark.parametrize(
    ("prop", "domain", "range_"),
    [
        (KG.hasParty, KG.Agreement, KG.AgreementParty),
        (KG.partyOrganization, KG.AgreementParty, URIRef("http://www.w3.org/ns/org#Organization")),
        (KG.partyRole, KG.AgreementParty, SKOS.Concept),
        (KG.party, KG.Agreement, URIRef("http://www.w3.org/ns/org#Organization")),
        (KG.relatedUnit, KG.Agreement, URIRef("http://www.w3.org/ns/org#OrganizationalUnit")),
        (KG.startEarliest, KG.Agreement, XSD.date),
        (KG.endLatest, KG.Agreement, XSD.date),
        (KG.declaredPartyCount, KG.Agreement, KG.Quantity),
        (KG.rowNumber, KG.SourceRecord, XSD.positiveInteger),
        (KG.reason, KG.Correction, RDF.langString),
        (KG.asOfDate, KG.SourceDocument, XSD.date),
        (KG.startDate, KG.Agreement, RDFS.Literal),
    ],
)
def test_converter_modelling(onto: Graph, prop: URIRef, domain: URIRef, range_: URIRef) -> None:
    assert onto.value(prop, RDFS.domain) == domain
    assert onto.value(prop, RDFS.range) == range_


def test_riken_unit_code_is_a_datatype(onto: Graph) -> None:
    assert (KG.RikenUnitCode, RDF.type, RDFS.Datatype) in onto


# --- vocabularies ----------------------------------------------------------------------------


def test_every_concept_is_labelled_and_in_one_declared_scheme(vocab: Graph) -> None:
    concepts = set(vocab.subjects(RDF.type, SKOS.Concept))
    assert concepts
    problems = []
    for c in sorted(concepts):
        if not {"en", "ja"} <= langs(vocab, c, SKOS.prefLabel):
            problems.append(f"{c}: prefLabel @en and @ja")
        schemes = list(vocab.objects(c, SKOS.inScheme))
        if len(schemes) != 1 or (schemes[0], RDF.type, SKOS.ConceptScheme) not in vocab:
            problems.append(f"{c}: exactly one declared skos:inScheme")
            continue
        if not str(c).startswith(str(schemes[0]) + "/"):
            problems.append(f"{c}: IRI not under its scheme {schemes[0]}")
        if str(vocab.value(c, SKOS.notation)) != str(c).rsplit("/", 1)[1]:
            problems.append(f"{c}: skos:notation must equal the code")
        top = (c, SKOS.topConceptOf, schemes[0]) in vocab
        broader = list(vocab.objects(c, SKOS.broader))
        if not top and not broader:
            problems.append(f"{c}: neither top concept nor narrower")
        if any(vocab.value(b, SKOS.inScheme) != schemes[0] for b in broader):
            problems.append(f"{c}: skos:broader outside its scheme")
    assert not problems


def test_every_scheme_is_labelled(vocab: Graph) -> None:
    schemes = list(vocab.subjects(RDF.type, SKOS.ConceptScheme))
    assert schemes
    for s in schemes:
        assert {"en", "ja"} <= langs(vocab, s, SKOS.prefLabel), s


def test_one_pref_label_per_language(vocab: Graph) -> None:
    for c in vocab.subjects(RDF.type, SKOS.Concept):
        tags = [o.language for o in vocab.objects(c, SKOS.prefLabel)]
        assert len(tags) == len(set(tags)), c


def test_country_scheme_is_left_to_the_build(vocab: Graph) -> None:
    country = VOCAB_NS + "country"
    assert not [s for s in vocab.subjects() if str(s) == country or s.startswith(country + "/")]


@pytest.mark.parametrize(
    ("scheme", "code"),
    [
        ("end-status", "auto-renewal"),
        ("party-role", "principal"),
        ("agreement-type", "ipa-student-program"),
        ("extraction-issue", "duplicate-row"),
        ("region", "north-america"),
    ],
)
def test_key_codes(vocab: Graph, scheme: str, code: str) -> None:
    c = concept(scheme, code)
    assert (c, RDF.type, SKOS.Concept) in vocab
    assert vocab.value(c, SKOS.inScheme) == URIRef(VOCAB_NS + scheme)


@pytest.mark.parametrize("scheme", sorted(EMITTED_CODES))
def test_emitted_codes_exist(vocab: Graph, scheme: str) -> None:
    missing = [
        code
        for code in EMITTED_CODES[scheme]
        if (concept(scheme, code), SKOS.inScheme, URIRef(VOCAB_NS + scheme)) not in vocab
    ]
    assert not missing


@pytest.mark.parametrize("scheme", OTHER_SCHEMES)
def test_other_schemes_exist(vocab: Graph, scheme: str) -> None:
    iri = URIRef(VOCAB_NS + scheme)
    assert (iri, RDF.type, SKOS.ConceptScheme) in vocab
    assert any(vocab.subjects(SKOS.inScheme, iri))


def test_role_concepts_are_org_roles(vocab: Graph) -> None:
    org_role = URIRef("http://www.w3.org/ns/org#Role")
    for c in vocab.subjects(SKOS.inScheme, URIRef(VOCAB_NS + "role")):
        assert (c, RDF.type, org_role) in vocab, c
