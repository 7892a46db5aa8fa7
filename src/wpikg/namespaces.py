"""Namespaces of the wpikg graph and the prefixes used in dumps, queries and pages.

Every ``kg:`` term used by code is listed in :class:`KG`; ``_fail = True`` makes a typo an
``AttributeError`` instead of a silently minted IRI, and ``tests/test_ontology.py`` checks that
each listed term is declared in ``ontology/wpikg.ttl``.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

#: The default base IRI. The build mints everything under it and rebases once at the end
#: when ``Settings.base_iri`` differs (see :func:`wpikg.iris.rebase_graph`).
DEFAULT_BASE = "https://w3id.org/wpikg/"


class KG(DefinedNamespace):
    """The wpikg ontology (``https://w3id.org/wpikg/ontology#``)."""

    _fail = True
    _NS = Namespace(DEFAULT_BASE + "ontology#")

    # organizations
    ResearchCenter: URIRef
    WPICenter: URIRef
    Satellite: URIRef
    Consortium: URIRef
    Committee: URIRef
    acronym: URIRef
    country: URIRef
    partnerScope: URIRef
    defunctPossible: URIRef
    hostInstitution: URIRef
    satelliteOf: URIRef
    partnerInstitution: URIRef
    committeeOf: URIRef
    declaredCountryCount: URIRef
    declaredInstitutionCount: URIRef
    declaredMemberCount: URIRef
    declaredOverseasMemberCount: URIRef
    usesFacility: URIRef
    slugBasis: URIRef
    # agreements
    Agreement: URIRef
    AgreementParty: URIRef
    hasParty: URIRef
    party: URIRef
    partyOrganization: URIRef
    partyRole: URIRef
    agreementType: URIRef
    typeBasis: URIRef
    startDate: URIRef
    startFiscalYear: URIRef
    endFiscalYear: URIRef
    endDate: URIRef
    startEarliest: URIRef
    startLatest: URIRef
    endEarliest: URIRef
    endLatest: URIRef
    startStatus: URIRef
    endStatus: URIRef
    endCondition: URIRef
    endConditionText: URIRef
    dateText: URIRef
    fiscalYear: URIRef
    calendarYear: URIRef
    validity: URIRef
    amendedOn: URIRef
    participationEnd: URIRef
    participationStatus: URIRef
    relatedUnit: URIRef
    relatedUnitText: URIRef
    supersedes: URIRef
    annexTo: URIRef
    underFramework: URIRef
    preparatoryTo: URIRef
    establishes: URIRef
    transferredTo: URIRef
    fundedVia: URIRef
    declaredPartyCount: URIRef
    cooperationActivity: URIRef
    duplicateOf: URIRef
    Quantity: URIRef
    comparator: URIRef
    CooperationRelationship: URIRef
    principal: URIRef
    partner: URIRef
    cooperatingSince: URIRef
    cooperatingSinceEarliest: URIRef
    # people and posts
    asOf: URIRef
    tenureStatus: URIRef
    award: URIRef
    awardYear: URIRef
    footnoteMarker: URIRef
    # programmes and selection
    FundingProgramme: URIRef
    administeredBy: URIRef
    implementedBy: URIRef
    launchedIn: URIRef
    ProgramSelection: URIRef
    selectedCenter: URIRef
    program: URIRef
    selectionFiscalYear: URIRef
    supportStatus: URIRef
    Requirement: URIRef
    SupportCondition: URIRef
    metric: URIRef
    appliesToCohort: URIRef
    perPeriod: URIRef
    supportDuration: URIRef
    costCategory: URIRef
    excludedCostCategory: URIRef
    hasMission: URIRef
    LogicModelStatement: URIRef
    stage: URIRef
    respondsTo: URIRef
    PracticeAdoption: URIRef
    center: URIRef
    practice: URIRef
    ResearchTheme: URIRef
    goal: URIRef
    vision: URIRef
    feature: URIRef
    order: URIRef
    createsField: URIRef
    PolicyDocument: URIRef
    RecurringActivity: URIRef
    attendeeRole: URIRef
    supportYear: URIRef
    # events and statistics
    ScientificEvent: URIRef
    participantCount: URIRef
    internationalParticipantCount: URIRef
    indicator: URIRef
    amountJPY: URIRef
    count: URIRef
    centerCount: URIRef
    percent: URIRef
    percentChange: URIRef
    baselinePeriod: URIRef
    average: URIRef
    valueText: URIRef
    # sources and provenance
    SourceDocument: URIRef
    SourceRecord: URIRef
    rawText: URIRef
    lineNumber: URIRef
    tableNumber: URIRef
    rowNumber: URIRef
    extractionIssue: URIRef
    asOfDate: URIRef
    asOfEarliest: URIRef
    convention: URIRef
    originalFileName: URIRef
    Correction: URIRef
    correctedField: URIRef
    original: URIRef
    corrected: URIRef
    reason: URIRef
    correctionRule: URIRef
    Discrepancy: URIRef
    claim: URIRef
    preferredClaim: URIRef
    about: URIRef
    aboutProperty: URIRef
    status: URIRef
    rationale: URIRef
    nameAsStated: URIRef
    # datatypes
    RikenUnitCode: URIRef


ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
VIVO = Namespace("http://vivoweb.org/ontology/core#")
FRAPO = Namespace("http://purl.org/cerif/frapo/")
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
TIME = Namespace("http://www.w3.org/2006/time#")
VOID = Namespace("http://rdfs.org/ns/void#")
UNIT = Namespace("http://qudt.org/vocab/unit/")

#: Prefixes bound in every serialization, saved query and page.
PREFIXES: dict[str, str] = {
    "kg": DEFAULT_BASE + "ontology#",
    "kgsh": DEFAULT_BASE + "shapes#",
    "kgv": DEFAULT_BASE + "vocab/",
    "id": DEFAULT_BASE + "id/",
    "o": DEFAULT_BASE + "id/organization/",
    "ag": DEFAULT_BASE + "id/agreement/",
    "rec": DEFAULT_BASE + "id/record/",
    "doc": DEFAULT_BASE + "id/document/",
    "role": DEFAULT_BASE + "vocab/party-role/",
    "es": DEFAULT_BASE + "vocab/end-status/",
    "country": DEFAULT_BASE + "vocab/country/",
    "graph": DEFAULT_BASE + "graph/",
    "org": str(ORG),
    "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": str(SCHEMA),
    "vivo": str(VIVO),
    "frapo": str(FRAPO),
    "prov": "http://www.w3.org/ns/prov#",
    "dct": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "void": str(VOID),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "time": str(TIME),
    "qb": str(QB),
    "sdmx-dimension": str(SDMX_DIMENSION),
    "sdmx-attribute": str(SDMX_ATTRIBUTE),
    "unit": str(UNIT),
    "sh": "http://www.w3.org/ns/shacl#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def sparql_prologue() -> str:
    """The ``PREFIX`` lines for every prefix in :data:`PREFIXES`.

    >>> "PREFIX kg: <https://w3id.org/wpikg/ontology#>" in sparql_prologue()
    True
    """
    return "\n".join(f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items()) + "\n"
