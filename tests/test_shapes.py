"""The SHACL shapes (``shapes/*.ttl``), checked on small graphs, never on the built store.

One valid document (``GOOD``: a RIKEN agreement with its parties, sources and organizations, and
one node of each programme class) must pass every shape without a single result. Each case of
``CASES`` then damages it the way real extraction or curation errors do and must be reported by
exactly the named shape (``sh:sourceShape``: the property shape's IRI, blank ones being named
``{node shape}-{path}`` on loading, or the node shape's IRI for node-level constraints) with its
severity and with a message in Japanese and in English. The data graph holds the ontology and
the vocabularies too, as in the build, so that ``rdfs:subClassOf`` reaches SHACL
(``kg:WPICenter`` is a ``kg:ResearchCenter``; ``kg:Committee`` an ``org:Organization``).

Speed: pySHACL's cost is mostly per shape (and it parses every SPARQL target on every call), so
a case validates with its node shape only, on the good document damaged in place and restored.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import pycountry
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH

from wpikg.shapes_gen import iso3166_shapes
from wpikg.validate import ValidationReport, ValidationResult, load_shapes, validate

ROOT = Path(__file__).resolve().parents[1]
SHAPES_DIR = ROOT / "shapes"
ONTOLOGY = ROOT / "ontology" / "wpikg.ttl"
VOCAB = ROOT / "ontology" / "vocab.ttl"

KGSH = Namespace("https://w3id.org/wpikg/shapes#")
KG_NS = "https://w3id.org/wpikg/ontology#"
VOCAB_NS = "https://w3id.org/wpikg/vocab/"
COUNTRY_NS = VOCAB_NS + "country/"
COUNTRY_SCHEME = URIRef(VOCAB_NS + "country")

PREFIXES = """\
@prefix rdf:    <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs:   <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:    <http://www.w3.org/2001/XMLSchema#> .
@prefix skos:   <http://www.w3.org/2004/02/skos/core#> .
@prefix dct:    <http://purl.org/dc/terms/> .
@prefix prov:   <http://www.w3.org/ns/prov#> .
@prefix org:    <http://www.w3.org/ns/org#> .
@prefix schema: <https://schema.org/> .
@prefix foaf:   <http://xmlns.com/foaf/0.1/> .
@prefix vivo:   <http://vivoweb.org/ontology/core#> .
@prefix time:   <http://www.w3.org/2006/time#> .
@prefix qb:     <http://purl.org/linked-data/cube#> .
@prefix sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#> .
@prefix sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#> .
@prefix currency: <http://qudt.org/vocab/currency/> .
@prefix unit:   <http://qudt.org/vocab/unit/> .
@prefix kg:     <https://w3id.org/wpikg/ontology#> .
@prefix kgv:    <https://w3id.org/wpikg/vocab/> .
@prefix country: <https://w3id.org/wpikg/vocab/country/> .
@prefix role:   <https://w3id.org/wpikg/vocab/party-role/> .
@prefix es:     <https://w3id.org/wpikg/vocab/end-status/> .
@prefix at:     <https://w3id.org/wpikg/vocab/agreement-type/> .
@prefix cmp:    <https://w3id.org/wpikg/vocab/comparator/> .
@prefix sb:     <https://w3id.org/wpikg/vocab/slug-basis/> .
@prefix cr:     <https://w3id.org/wpikg/vocab/correction-rule/> .
@prefix orgrole: <https://w3id.org/wpikg/vocab/role/> .
@prefix ten:    <https://w3id.org/wpikg/vocab/tenure/> .
@prefix sup:    <https://w3id.org/wpikg/vocab/support-status/> .
@prefix dst:    <https://w3id.org/wpikg/vocab/discrepancy-status/> .
@prefix ind:    <https://w3id.org/wpikg/vocab/indicator/> .
@prefix stage:  <https://w3id.org/wpikg/vocab/logic-stage/> .
@prefix practice: <https://w3id.org/wpikg/vocab/practice/> .
@prefix cost:   <https://w3id.org/wpikg/vocab/cost-category/> .
@prefix prize:  <https://w3id.org/wpikg/vocab/award/> .
@prefix field:  <https://w3id.org/wpikg/vocab/field/> .
@prefix m2020:  <https://w3id.org/wpikg/vocab/wpi-mission-2020/> .
@prefix o:      <https://w3id.org/wpikg/id/organization/> .
@prefix p:      <https://w3id.org/wpikg/id/person/> .
@prefix ag:     <https://w3id.org/wpikg/id/agreement/> .
@prefix pty:    <https://w3id.org/wpikg/id/agreement/riken2017-l0365/party/> .
@prefix cnt:    <https://w3id.org/wpikg/id/agreement/riken2017-l0365/count/> .
@prefix ccnt:   <https://w3id.org/wpikg/id/organization/wpi-program-committee/count/> .
@prefix fcnt:   <https://w3id.org/wpikg/id/organization/fantom/count/> .
@prefix coop:   <https://w3id.org/wpikg/id/cooperation/> .
@prefix corr:   <https://w3id.org/wpikg/id/correction/> .
@prefix doc:    <https://w3id.org/wpikg/id/document/> .
@prefix rec:    <https://w3id.org/wpikg/id/record/> .
@prefix prog:   <https://w3id.org/wpikg/id/program/> .
@prefix sel:    <https://w3id.org/wpikg/id/selection/> .
@prefix mem:    <https://w3id.org/wpikg/id/membership/> .
@prefix awd:    <https://w3id.org/wpikg/id/award-receipt/> .
@prefix req:    <https://w3id.org/wpikg/id/requirement/> .
@prefix cond:   <https://w3id.org/wpikg/id/support-condition/> .
@prefix stmt:   <https://w3id.org/wpikg/id/statement/> .
@prefix adopt:  <https://w3id.org/wpikg/id/practice-adoption/> .
@prefix theme:  <https://w3id.org/wpikg/id/research-theme/> .
@prefix policy: <https://w3id.org/wpikg/id/policy-document/> .
@prefix act:    <https://w3id.org/wpikg/id/activity/> .
@prefix ev:     <https://w3id.org/wpikg/id/event/> .
@prefix ds:     <https://w3id.org/wpikg/id/dataset/> .
@prefix obs:    <https://w3id.org/wpikg/id/obs/> .
@prefix tm:     <https://w3id.org/wpikg/id/time/> .
@prefix disc:   <https://w3id.org/wpikg/id/discrepancy/> .
"""

#: A few concepts of the country scheme the build generates (registry_graph.vocabulary_graph).
COUNTRIES = {
    "JP": ("日本", "Japan"),
    "US": ("アメリカ合衆国", "United States"),
    "KR": ("大韓民国", "Republic of Korea"),
    "DE": ("ドイツ", "Germany"),
    "GB": ("英国", "United Kingdom"),
    "CN": ("中国", "China"),
}

#: The source lines the GOOD document derives facts from, per document alias.
RECORDS = {
    "riken2017": [365, 800],
    "wpi-logic2021": [10, 50, 60, 104, 120, 121, 186, 300, 301, 302, 400, 410, 420, 421],
    "wpi2019": [89, 90, 95, 100],
    "issp2022": [40],
}

GOOD = """
# --- sources ---------------------------------------------------------------------------------
doc:riken2017 a kg:SourceDocument ; dct:title "理化学研究所の国際協定等一覧"@ja ;
    kg:asOfDate "2017-03-31"^^xsd:date ; kg:originalFileName "002.txt" .
doc:wpi-logic2021 a kg:SourceDocument ; dct:title "WPIのロジックモデル"@ja ;
    kg:asOfDate "2021-04-01"^^xsd:date ; kg:originalFileName "001.txt" .
doc:wpi2019 a kg:SourceDocument ; dct:title "世界トップレベル研究拠点プログラムの現状"@ja ;
    kg:asOfDate "2019-02-05"^^xsd:date ; kg:originalFileName "003.txt" .
doc:issp2022 a kg:SourceDocument ; dct:title "国際連携"@ja , "International Cooperation"@en ;
    kg:asOfDate "2021-10-28"^^xsd:date ; kg:originalFileName "000.txt" .

# --- organizations ---------------------------------------------------------------------------
o:riken a org:Organization , org:FormalOrganization ;
    skos:prefLabel "理化学研究所"@ja , "RIKEN"@en ; kg:country country:JP ;
    kg:slugBasis sb:curated .
o:riken-bsi a org:Organization , org:OrganizationalUnit ;
    skos:prefLabel "脳科学総合研究センター"@ja , "RIKEN Brain Science Institute"@en ;
    skos:notation "BSI"^^kg:RikenUnitCode ; org:subOrganizationOf o:riken ;
    kg:country country:JP ; kg:slugBasis sb:curated .
o:institute-for-basic-science a org:Organization , org:FormalOrganization ;
    skos:prefLabel "基礎科学研究院"@ja , "Institute for Basic Science"@en ;
    kg:country country:KR ; prov:wasDerivedFrom rec:riken2017-l0365 .
o:mext a org:Organization , org:FormalOrganization ;
    skos:prefLabel "文部科学省"@ja ,
        "Ministry of Education, Culture, Sports, Science and Technology"@en ;
    kg:country country:JP ; kg:slugBasis sb:curated .
o:jsps a org:Organization , org:FormalOrganization ;
    skos:prefLabel "日本学術振興会"@ja , "Japan Society for the Promotion of Science"@en ;
    kg:country country:JP ; kg:slugBasis sb:curated .
o:utokyo a org:Organization , org:FormalOrganization ;
    skos:prefLabel "東京大学"@ja , "The University of Tokyo"@en ;
    kg:country country:JP ; kg:slugBasis sb:curated .
o:issp a org:Organization , org:OrganizationalUnit , kg:ResearchCenter ;
    skos:prefLabel "東京大学物性研究所"@ja , "Institute for Solid State Physics"@en ;
    org:subOrganizationOf o:utokyo ; kg:hostInstitution o:utokyo ;
    kg:country country:JP ; kg:slugBasis sb:curated .
o:kavli-ipmu a org:Organization , org:OrganizationalUnit , kg:WPICenter ;
    skos:prefLabel "カブリ数物連携宇宙研究機構"@ja ,
        "Kavli Institute for the Physics and Mathematics of the Universe"@en ;
    org:subOrganizationOf o:utokyo ; kg:hostInstitution o:utokyo ;
    kg:selectionFiscalYear "2007"^^xsd:gYear ;
    kg:goal "宇宙の根源的な謎の解明"@ja ; kg:feature "数学と物理学の連携"@ja ;
    kg:createsField field:astrophysics ; kg:partnerInstitution o:riken ;
    kg:country country:JP ; prov:wasDerivedFrom rec:wpi2019-l0089 .
o:kavli-ipmu-berkeley a org:Organization , org:OrganizationalUnit , kg:Satellite ;
    skos:prefLabel "カブリIPMU バークレー・サテライト"@ja , "Kavli IPMU Berkeley satellite"@en ;
    kg:satelliteOf o:kavli-ipmu ; kg:country country:US ;
    prov:wasDerivedFrom rec:wpi2019-l0090 .
o:fantom a org:Organization , org:OrganizationalCollaboration , kg:Consortium ;
    skos:prefLabel "FANTOMコンソーシアム"@ja , "FANTOM Consortium"@en ;
    kg:declaredInstitutionCount fcnt:institutions ; prov:wasDerivedFrom rec:riken2017-l0800 .
fcnt:institutions a kg:Quantity ; schema:value "20"^^xsd:nonNegativeInteger ;
    kg:comparator cmp:gte .

# --- an agreement of the RIKEN list ----------------------------------------------------------
ag:riken2017-l0365 a kg:Agreement ;
    rdfs:label "理化学研究所と基礎科学研究院の協定 (2013. 6)"@ja ,
        "RIKEN agreement with Institute for Basic Science (2013. 6)"@en ;
    kg:hasParty pty:riken , pty:institute-for-basic-science ;
    kg:party o:riken , o:institute-for-basic-science ;
    kg:agreementType at:mou ;
    kg:startDate "2013-06"^^xsd:gYearMonth ;
    kg:startEarliest "2013-06-01"^^xsd:date ; kg:startLatest "2013-06-30"^^xsd:date ;
    kg:endDate "2018-06"^^xsd:gYearMonth ;
    kg:endEarliest "2018-06-01"^^xsd:date ; kg:endLatest "2018-06-30"^^xsd:date ;
    kg:endStatus es:fixed ;
    kg:relatedUnit o:riken-bsi ;
    kg:declaredPartyCount cnt:parties ;
    dct:spatial country:KR ;
    prov:wasDerivedFrom rec:riken2017-l0365 .
pty:riken a kg:AgreementParty ; kg:partyOrganization o:riken ; kg:partyRole role:principal .
pty:institute-for-basic-science a kg:AgreementParty ;
    kg:partyOrganization o:institute-for-basic-science ; kg:partyRole role:partner .
cnt:parties a kg:Quantity ; schema:value "2"^^xsd:nonNegativeInteger ; kg:comparator cmp:eq .

coop:riken2017-l0800 a kg:CooperationRelationship ;
    kg:principal o:riken ; kg:partner o:institute-for-basic-science ;
    kg:cooperatingSince "2013-06"^^xsd:gYearMonth ; prov:wasDerivedFrom rec:riken2017-l0800 .

corr:riken2017-l0365-1 a kg:Correction ;
    kg:about rec:riken2017-l0365 ; kg:correctionRule cr:curated ;
    kg:original "基礎科学研究員" ; kg:corrected "基礎科学研究院" ;
    kg:reason "OCRの誤り"@ja , "OCR error"@en .

# --- the WPI programme -----------------------------------------------------------------------
prog:wpi a kg:FundingProgramme ;
    skos:prefLabel "世界トップレベル研究拠点プログラム"@ja ,
        "World Premier International Research Center Initiative"@en ;
    kg:administeredBy o:mext ; kg:implementedBy o:jsps ; kg:launchedIn "2007"^^xsd:gYear ;
    kg:hasMission m2020:world-leading-research ; prov:wasDerivedFrom rec:wpi-logic2021-l0010 .

o:wpi-program-committee a org:Organization , kg:Committee ;
    skos:prefLabel "WPIプログラム委員会"@ja , "WPI Program Committee"@en ;
    kg:committeeOf prog:wpi ;
    kg:declaredMemberCount ccnt:members ; kg:declaredOverseasMemberCount ccnt:overseas-members ;
    prov:wasDerivedFrom rec:wpi-logic2021-l0300 .
ccnt:members a kg:Quantity ; schema:value "2"^^xsd:nonNegativeInteger ; kg:comparator cmp:eq .
ccnt:overseas-members a kg:Quantity ; schema:value "1"^^xsd:nonNegativeInteger ;
    kg:comparator cmp:eq .

p:amano-hiroshi a foaf:Person ; skos:prefLabel "天野 浩"@ja , "Hiroshi Amano"@en ;
    schema:nationality country:JP .
p:smith-jane a foaf:Person ; skos:prefLabel "Jane Smith"@en ; schema:nationality country:US .
p:murayama-hitoshi a foaf:Person ; skos:prefLabel "村山 斉"@ja , "Hitoshi Murayama"@en ;
    schema:nationality country:JP .

mem:wpi-program-committee--amano-hiroshi--committee-chair--2021-04 a org:Membership ;
    org:member p:amano-hiroshi ; org:organization o:wpi-program-committee ;
    org:role orgrole:committee-chair ; kg:asOf "2021-04"^^xsd:gYearMonth ;
    kg:tenureStatus ten:current ; prov:wasDerivedFrom rec:wpi-logic2021-l0301 .
mem:wpi-program-committee--smith-jane--committee-member--2021-04 a org:Membership ;
    org:member p:smith-jane ; org:organization o:wpi-program-committee ;
    org:role orgrole:committee-member ; kg:asOf "2021-04"^^xsd:gYearMonth ;
    kg:tenureStatus ten:current ; prov:wasDerivedFrom rec:wpi-logic2021-l0302 .
mem:kavli-ipmu--murayama-hitoshi--center-director--2019-02-05 a org:Membership ;
    org:member p:murayama-hitoshi ; org:organization o:kavli-ipmu ;
    org:role orgrole:center-director ; kg:asOf "2019-02-05"^^xsd:date ;
    kg:tenureStatus ten:current ; prov:wasDerivedFrom rec:wpi2019-l0089 .

awd:amano-hiroshi--nobel-prize-physics--2014 a vivo:AwardReceipt ;
    vivo:relates p:amano-hiroshi ; kg:award prize:nobel-prize-physics ;
    kg:awardYear "2014"^^xsd:gYear ; prov:wasDerivedFrom rec:wpi-logic2021-l0301 .

sel:wpi-logic2021--kavli-ipmu a kg:ProgramSelection ;
    kg:program prog:wpi ; kg:selectedCenter o:kavli-ipmu ;
    kg:selectionFiscalYear "2007"^^xsd:gYear ; kg:supportStatus sup:wpi-academy ;
    kg:asOf "2020-04"^^xsd:gYearMonth ; prov:wasDerivedFrom rec:wpi-logic2021-l0186 .
sel:wpi2019--kavli-ipmu a kg:ProgramSelection ;
    kg:program prog:wpi ; kg:selectedCenter o:kavli-ipmu ;
    kg:selectionFiscalYear "2018"^^xsd:gYear ;
    kg:asOf "2019-02-05"^^xsd:date ; prov:wasDerivedFrom rec:wpi2019-l0089 .

disc:kavli-ipmu-selection-fy a kg:Discrepancy ;
    kg:about o:kavli-ipmu ; kg:aboutProperty kg:selectionFiscalYear ;
    kg:claim sel:wpi-logic2021--kavli-ipmu , sel:wpi2019--kavli-ipmu ;
    kg:preferredClaim sel:wpi-logic2021--kavli-ipmu ; kg:status dst:resolved ;
    kg:rationale "003の表は列ずれ"@ja , "003's table is column-shifted"@en .

req:total-staff-2007 a kg:Requirement ;
    kg:metric ind:total-staff ; schema:minValue 100 ; kg:comparator cmp:gte ;
    kg:appliesToCohort "2007"^^xsd:gYear ; prov:wasDerivedFrom rec:wpi-logic2021-l0050 .

cond:annual-ceiling a kg:SupportCondition ;
    schema:maxValue 700000000.0 ; kg:comparator cmp:lte ;
    kg:perPeriod "P1Y"^^xsd:duration ; kg:supportDuration "P10Y"^^xsd:duration ;
    kg:costCategory cost:personnel , cost:travel ; kg:excludedCostCategory cost:research-project ;
    prov:wasDerivedFrom rec:wpi-logic2021-l0060 .

stmt:wpi-logic2021-l0120 a kg:LogicModelStatement ;
    kg:stage stage:current-situation ; dct:description "海外からの研究者が少ない"@ja ;
    prov:wasDerivedFrom rec:wpi-logic2021-l0120 .
stmt:wpi-logic2021-l0121 a kg:LogicModelStatement ;
    kg:stage stage:response ; dct:description "国際公募を行う"@ja ;
    kg:respondsTo stmt:wpi-logic2021-l0120 ; prov:wasDerivedFrom rec:wpi-logic2021-l0121 .

adopt:kavli-ipmu--english-official-language a kg:PracticeAdoption ;
    kg:center o:kavli-ipmu ; kg:practice practice:english-official-language ;
    prov:wasDerivedFrom rec:wpi2019-l0095 .

theme:kavli-ipmu-1 a kg:ResearchTheme ;
    kg:center o:kavli-ipmu ; kg:order "1"^^xsd:positiveInteger ;
    dct:description "宇宙はどのように始まったのか"@ja ; prov:wasDerivedFrom rec:wpi2019-l0100 .

policy:growth-strategy-follow-up-2020 a kg:PolicyDocument ;
    dct:title "成長戦略フォローアップ"@ja ; dct:issued "2020-07-17"^^xsd:date ;
    dct:publisher o:mext ; prov:wasDerivedFrom rec:wpi-logic2021-l0400 .

act:site-visit a kg:RecurringActivity ;
    schema:name "現地視察"@ja , "Site visit"@en ;
    schema:eventSchedule <https://w3id.org/wpikg/id/activity/site-visit/schedule> ;
    kg:attendeeRole orgrole:center-director ; prov:wasDerivedFrom rec:wpi-logic2021-l0410 .
<https://w3id.org/wpikg/id/activity/site-visit/schedule> a schema:Schedule ;
    schema:byMonth 6 , 7 , 8 , 9 ; schema:repeatFrequency "P1Y"^^xsd:duration .

ev:sns2019 a kg:ScientificEvent ;
    schema:name "International Workshop SNS2019"@en ;
    schema:startDate "2019-07-16"^^xsd:date ; schema:endDate "2019-07-19"^^xsd:date ;
    schema:organizer o:issp ;
    kg:participantCount "208"^^xsd:nonNegativeInteger ;
    kg:internationalParticipantCount "87"^^xsd:nonNegativeInteger ;
    prov:wasDerivedFrom rec:issp2022-l0040 .

# --- statistics ------------------------------------------------------------------------------
ds:wpi-budget a qb:DataSet .
ds:wpi-indicators a qb:DataSet .
tm:fy2018 a time:ProperInterval ; kg:fiscalYear "2018"^^xsd:gYear .
tm:cy2018 a time:ProperInterval ; kg:calendarYear "2018"^^xsd:gYear .
obs:wpi-budget--fy2018 a qb:Observation ;
    qb:dataSet ds:wpi-budget ; sdmx-dimension:refPeriod tm:fy2018 ;
    kg:amountJPY 7000000000.0 ; kg:centerCount "9"^^xsd:nonNegativeInteger ;
    sdmx-attribute:unitMeasure currency:JPY ; kg:valueText "70億円"@ja ;
    prov:wasDerivedFrom rec:wpi-logic2021-l0420 .
obs:wpi-indicators--foreign-researcher-ratio--cy2018 a qb:Observation ;
    qb:dataSet ds:wpi-indicators ; sdmx-dimension:refPeriod tm:cy2018 ;
    kg:indicator ind:foreign-researcher-ratio ; kg:percent 41.0 ;
    sdmx-attribute:unitMeasure unit:PERCENT ; kg:comparator cmp:eq ;
    prov:wasDerivedFrom rec:wpi-logic2021-l0421 .
obs:wpi-indicators--pis-per-center--cy2018 a qb:Observation ;
    qb:dataSet ds:wpi-indicators ; sdmx-dimension:refPeriod tm:cy2018 ;
    kg:indicator ind:pis-per-center ; kg:average 18.7 ;
    prov:wasDerivedFrom rec:wpi-logic2021-l0421 .
# a decrease is a (negative) change against a baseline, not a share (wpi-logic2021 line 104)
tm:cy2016 a time:ProperInterval ; kg:calendarYear "2016"^^xsd:gYear .
tm:cy2019 a time:ProperInterval ; kg:calendarYear "2019"^^xsd:gYear .
obs:wpi-indicators--researcher-count-change--cy2019 a qb:Observation ;
    qb:dataSet ds:wpi-indicators ; sdmx-dimension:refPeriod tm:cy2019 ;
    kg:baselinePeriod tm:cy2016 ; kg:indicator ind:researcher-count-change ;
    kg:percentChange -17.0 ; sdmx-attribute:unitMeasure unit:PERCENT ; kg:comparator cmp:approx ;
    prov:wasDerivedFrom rec:wpi-logic2021-l0104 .
"""


def _records() -> str:
    lines = []
    for alias, numbers in RECORDS.items():
        for n in numbers:
            lines.append(
                f"rec:{alias}-l{n:04d} a kg:SourceRecord ; dct:isPartOf doc:{alias} ;"
                f' kg:lineNumber "{n}"^^xsd:positiveInteger ; kg:rawText "line {n} of {alias}" .'
            )
    return "\n".join(lines)


def _countries() -> str:
    lines = ['kgv:country a skos:ConceptScheme ; skos:prefLabel "国・地域"@ja , "Countries"@en .']
    for code, (ja, en) in COUNTRIES.items():
        lines.append(
            f"country:{code} a skos:Concept ; skos:inScheme kgv:country ;"
            f' skos:topConceptOf kgv:country ; skos:notation "{code}" ;'
            f' skos:prefLabel "{ja}"@ja , "{en}"@en .'
        )
    return "\n".join(lines)


def turtle(text: str) -> Graph:
    return Graph().parse(data=PREFIXES + text, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(SHAPES_DIR)


@pytest.fixture(scope="module")
def good() -> Graph:
    """Ontology, vocabularies, a few countries and the valid document, as one graph."""
    data = Graph().parse(ONTOLOGY).parse(VOCAB)
    data += turtle(_countries() + "\n" + _records() + "\n" + GOOD)
    return data


@pytest.fixture(scope="module")
def good_report(good: Graph, shapes: Graph) -> ValidationReport:
    return validate(good, shapes)


def shape_name(shapes: Graph, result: ValidationResult) -> str:
    """The local name of the shape that reported ``result`` (``load_shapes`` has named every
    blank property shape of a named node shape; anything else still blank is named by its
    owner)."""
    if result.shape.startswith(str(KGSH)):
        return result.shape[len(KGSH) :]
    owner = shapes.value(predicate=SH.property, object=BNode(result.shape))
    if isinstance(owner, URIRef) and owner.startswith(str(KGSH)):
        return owner[len(KGSH) :]
    return result.shape


def describe(shapes: Graph, report: ValidationReport) -> str:
    return "\n".join(
        f"{r.severity} {shape_name(shapes, r)} focus={r.focus} path={r.path} value={r.value}"
        for r in report.results
    )


def test_good_document_conforms(good_report: ValidationReport, shapes: Graph) -> None:
    assert good_report.conforms, describe(shapes, good_report)
    assert not [r for r in good_report.results if r.severity == "Violation"]
    # nothing at all, so that each case below is reported because of its damage only
    assert good_report.results == (), describe(shapes, good_report)


class Case(NamedTuple):
    """Damage to GOOD: Turtle removed from it and Turtle added to it (with ``PREFIXES``), and
    the shape (local name in kgsh:) that must report it, with that severity."""

    name: str
    shape: str
    add: str = ""
    drop: str = ""
    severity: str = "Violation"


CASES: list[Case] = [
    # --- core.ttl: agreements ----------------------------------------------------------------
    Case(
        "agreement-with-one-party",
        "AgreementShape-parties",
        drop="ag:riken2017-l0365 kg:party o:institute-for-basic-science .",
    ),
    Case(
        "agreement-party-is-a-country",
        "AgreementShape-parties",
        add="ag:riken2017-l0365 kg:party country:KR .",
    ),
    Case(
        "agreement-with-two-principals",
        "AgreementShape-principal",
        drop="pty:institute-for-basic-science kg:partyRole role:partner .",
        add="pty:institute-for-basic-science kg:partyRole role:principal .",
    ),
    Case(
        "agreement-without-principal",
        "AgreementShape-principal",
        drop="pty:riken kg:partyRole role:principal .",
        add="pty:riken kg:partyRole role:partner .",
    ),
    Case(
        "start-as-date-and-fiscal-year",
        "AgreementShape",
        add='ag:riken2017-l0365 kg:startFiscalYear "2013"^^xsd:gYear .',
    ),
    Case(
        "start-missing",
        "AgreementShape",
        drop='ag:riken2017-l0365 kg:startDate "2013-06"^^xsd:gYearMonth .',
    ),
    Case(
        "start-date-unparsed-cell",
        "AgreementShape-startDate",
        drop='ag:riken2017-l0365 kg:startDate "2013-06"^^xsd:gYearMonth .',
        add='ag:riken2017-l0365 kg:startDate "2013. 6" .',
    ),
    Case(
        "start-latest-missing",
        "AgreementShape-startLatest",
        drop='ag:riken2017-l0365 kg:startLatest "2013-06-30"^^xsd:date .',
    ),
    Case(
        "end-bound-not-a-date",
        "AgreementShape-bounds",
        drop='ag:riken2017-l0365 kg:endLatest "2018-06-30"^^xsd:date .',
        add='ag:riken2017-l0365 kg:endLatest "2018-06"^^xsd:gYearMonth .',
    ),
    Case(
        "end-status-outside-scheme",
        "AgreementShape-endStatus",
        drop="ag:riken2017-l0365 kg:endStatus es:fixed .",
        add="ag:riken2017-l0365 kg:endStatus es:autorenewal .",
    ),
    Case(
        "start-after-end",
        "AgreementShape-order",
        drop='ag:riken2017-l0365 kg:startEarliest "2013-06-01"^^xsd:date .',
        add='ag:riken2017-l0365 kg:startEarliest "2019-06-01"^^xsd:date .',
    ),
    Case(
        "agreement-without-provenance",
        "AgreementShape-provenance",
        drop="ag:riken2017-l0365 prov:wasDerivedFrom rec:riken2017-l0365 .",
    ),
    Case(
        "agreement-without-type",
        "AgreementShape-type",
        drop="ag:riken2017-l0365 kg:agreementType at:mou .",
    ),
    Case(
        "related-unit-without-legend-code",
        "AgreementShape-relatedUnit",
        add="ag:riken2017-l0365 kg:relatedUnit o:institute-for-basic-science .",
    ),
    Case(
        "related-unit-text-not-a-code",
        "AgreementShape-relatedUnitText",
        add='ag:riken2017-l0365 kg:relatedUnitText "総務部"@ja .',
        severity="Warning",
    ),
    Case(
        "agreement-two-english-labels",
        "AgreementShape-label",
        add='ag:riken2017-l0365 rdfs:label "RIKEN agreement with IBS"@en .',
    ),
    Case(
        "fixed-end-without-end-date",
        "FixedEndShape",
        drop='ag:riken2017-l0365 kg:endDate "2018-06"^^xsd:gYearMonth .',
    ),
    Case(
        "start-after-source-as-of-date",
        "StartAfterAsOfShape-startLatest",
        drop="""ag:riken2017-l0365 kg:startDate "2013-06"^^xsd:gYearMonth ;
            kg:startEarliest "2013-06-01"^^xsd:date ; kg:startLatest "2013-06-30"^^xsd:date .""",
        add="""ag:riken2017-l0365 kg:startDate "2017-06"^^xsd:gYearMonth ;
            kg:startEarliest "2017-06-01"^^xsd:date ; kg:startLatest "2017-06-30"^^xsd:date .""",
    ),
    Case(
        "declared-three-parties-two-modelled",
        "DeclaredPartyCountShape-party",
        drop='cnt:parties schema:value "2"^^xsd:nonNegativeInteger .',
        add='cnt:parties schema:value "3"^^xsd:nonNegativeInteger .',
        severity="Warning",
    ),
    Case(
        "party-without-organization",
        "AgreementPartyShape-organization",
        drop="pty:institute-for-basic-science kg:partyOrganization o:institute-for-basic-science .",
    ),
    Case(
        "party-role-outside-scheme",
        "AgreementPartyShape-role",
        drop="pty:institute-for-basic-science kg:partyRole role:partner .",
        add="pty:institute-for-basic-science kg:partyRole role:partners .",
    ),
    Case(
        "quantity-without-comparator",
        "QuantityShape-comparator",
        drop="cnt:parties kg:comparator cmp:eq .",
    ),
    # --- core.ttl: cooperation relationships -------------------------------------------------
    Case(
        "cooperation-since-lost",
        "CooperationRelationshipShape-since",
        drop='coop:riken2017-l0800 kg:cooperatingSince "2013-06"^^xsd:gYearMonth .',
        severity="Info",
    ),
    Case(
        "cooperation-two-partners",
        "CooperationRelationshipShape-partner",
        add="coop:riken2017-l0800 kg:partner o:utokyo .",
    ),
    Case(
        "cooperation-without-principal",
        "CooperationRelationshipShape-principal",
        drop="coop:riken2017-l0800 kg:principal o:riken .",
    ),
    Case(
        "cooperation-without-provenance",
        "CooperationRelationshipShape-provenance",
        drop="coop:riken2017-l0800 prov:wasDerivedFrom rec:riken2017-l0800 .",
    ),
    # --- core.ttl: organizations -------------------------------------------------------------
    Case(
        "organization-two-japanese-names",
        "OrganizationShape-prefLabel",
        add='o:institute-for-basic-science skos:prefLabel "韓国基礎科学研究院"@ja .',
    ),
    Case(
        "organization-name-without-language",
        "OrganizationShape-prefLabel",
        add='o:institute-for-basic-science skos:prefLabel "IBS" .',
    ),
    Case(
        "english-name-with-kana",
        "OrganizationShape-scriptEn",
        drop='o:institute-for-basic-science skos:prefLabel "Institute for Basic Science"@en .',
        add='o:institute-for-basic-science skos:prefLabel "インスティチュート基礎科学"@en .',
    ),
    Case(
        "organization-two-countries",
        "OrganizationShape-country",
        add="o:institute-for-basic-science kg:country country:US .",
    ),
    Case(
        "organization-two-parents",
        "OrganizationShape-parent",
        add="o:riken-bsi org:subOrganizationOf o:utokyo .",
    ),
    Case(
        "organization-without-provenance",
        "OrganizationShape",
        drop="o:institute-for-basic-science prov:wasDerivedFrom rec:riken2017-l0365 .",
    ),
    Case(
        "country-in-partner-column",
        "OrganizationNamedLikeCountryShape-prefLabel",
        add="""o:daikanminkoku a org:Organization ;
            skos:prefLabel "大韓民国"@ja , "Republic of Korea"@en ;
            prov:wasDerivedFrom rec:riken2017-l0365 .""",
    ),
    Case(
        "organization-without-latin-name",
        "OrganizationWithoutLatinNameShape-type",
        drop='o:institute-for-basic-science skos:prefLabel "Institute for Basic Science"@en .',
        severity="Info",
    ),
    Case(
        "japanese-name-in-latin-script",
        "JapaneseNameInLatinShape-prefLabel",
        drop='o:fantom skos:prefLabel "FANTOMコンソーシアム"@ja .',
        add='o:fantom skos:prefLabel "FANTOM"@ja .',
        severity="Info",
    ),
    # --- core.ttl: countries, concepts, provenance -------------------------------------------
    Case(
        "country-code-not-iso",
        "CountryConceptShape-notation",
        drop="o:institute-for-basic-science kg:country country:KR .",
        add="""o:institute-for-basic-science kg:country country:XX .
            country:XX a skos:Concept ; skos:inScheme kgv:country ; skos:notation "XX" ;
                skos:prefLabel "韓国"@ja .""",
    ),
    Case(
        "country-is-a-region",
        "CountryConceptShape-scheme",
        drop="o:institute-for-basic-science kg:country country:KR .",
        add="""o:institute-for-basic-science kg:country
            <https://w3id.org/wpikg/vocab/region/asia-middle-east> .""",
    ),
    Case(
        "concept-two-japanese-labels",
        "ConceptShape-prefLabel",
        add='country:DE skos:prefLabel "独逸"@ja .',
    ),
    Case(
        "concept-outside-any-scheme",
        "ConceptShape-inScheme",
        add="""<https://w3id.org/wpikg/vocab/activity/joint-seminar> a skos:Concept ;
            skos:prefLabel "合同セミナー"@ja .""",
    ),
    Case(
        "source-document-without-as-of-date",
        "SourceDocumentShape-asOfDate",
        drop='doc:wpi2019 kg:asOfDate "2019-02-05"^^xsd:date .',
    ),
    Case(
        "source-record-without-document",
        "SourceRecordShape-isPartOf",
        drop="rec:riken2017-l0365 dct:isPartOf doc:riken2017 .",
    ),
    Case(
        "correction-without-reason",
        "CorrectionShape-reason",
        drop='corr:riken2017-l0365-1 kg:reason "OCRの誤り"@ja , "OCR error"@en .',
    ),
    # --- programme.ttl: centres, satellites, consortia, committees ---------------------------
    Case(
        "centre-not-typed-organization",
        "ResearchCenterShape",
        drop="o:issp a org:Organization .",
    ),
    Case(
        "centre-hosted-by-a-unit",
        "ResearchCenterShape-host",
        drop="o:issp kg:hostInstitution o:utokyo .",
        add="o:issp kg:hostInstitution o:riken-bsi .",
    ),
    Case(
        "centre-goal-without-language",
        "ResearchCenterShape-goal",
        add='o:issp kg:goal "物性科学の国際拠点" .',
    ),
    Case(
        "centre-vision-two-japanese",
        "ResearchCenterShape-vision",
        add='o:issp kg:vision "物性科学の拠点"@ja , "物性科学の国際拠点"@ja .',
    ),
    Case(
        "centre-feature-without-language",
        "ResearchCenterShape-feature",
        add='o:issp kg:feature "国際共同利用" .',
    ),
    Case(
        "centre-field-not-in-vocabulary",
        "ResearchCenterShape-field",
        add="o:kavli-ipmu kg:createsField <https://w3id.org/wpikg/vocab/field/astro-physics> .",
    ),
    Case(
        "centre-partner-not-organization",
        "ResearchCenterShape-partner",
        add="o:kavli-ipmu kg:partnerInstitution country:US .",
    ),
    Case(
        "wpi-centre-with-two-hosts",
        "WPICenterShape-host",
        add="o:kavli-ipmu kg:hostInstitution o:riken .",
    ),
    Case(
        "wpi-centre-without-host",
        "WPICenterShape-host",
        drop="o:kavli-ipmu kg:hostInstitution o:utokyo .",
    ),
    Case(
        "wpi-centre-both-claimed-years",
        "WPICenterShape-selectionYear",
        add='o:kavli-ipmu kg:selectionFiscalYear "2018"^^xsd:gYear .',
    ),
    # An unresolved year is an open discrepancy: a Warning, like the kg:Discrepancy itself (the
    # build must not refuse new sources that disagree before a curator has decided).
    Case(
        "wpi-centre-unresolved-year",
        "WPICenterShape-selectionYearResolved",
        drop='o:kavli-ipmu kg:selectionFiscalYear "2007"^^xsd:gYear .',
        severity="Warning",
    ),
    Case(
        "wpi-centre-year-not-a-cohort",
        "WPICenterShape-cohort",
        drop='o:kavli-ipmu kg:selectionFiscalYear "2007"^^xsd:gYear .',
        add='o:kavli-ipmu kg:selectionFiscalYear "2013"^^xsd:gYear .',
        severity="Warning",
    ),
    Case(
        "satellite-without-centre",
        "SatelliteShape-of",
        drop="o:kavli-ipmu-berkeley kg:satelliteOf o:kavli-ipmu .",
    ),
    Case(
        "satellite-not-typed-organization",
        "SatelliteShape",
        drop="o:kavli-ipmu-berkeley a org:Organization .",
    ),
    Case(
        "consortium-not-typed-organization",
        "ConsortiumShape",
        drop="o:fantom a org:Organization .",
    ),
    Case(
        "consortium-size-not-a-quantity",
        "ConsortiumShape-countries",
        add='o:fantom kg:declaredCountryCount "8カ国" .',
    ),
    Case(
        "consortium-two-institution-counts",
        "ConsortiumShape-institutions",
        add="""o:fantom kg:declaredInstitutionCount fcnt:institutions-2 .
            fcnt:institutions-2 a kg:Quantity ; schema:value "50"^^xsd:nonNegativeInteger ;
                kg:comparator cmp:approx .""",
    ),
    Case(
        "committee-without-programme",
        "CommitteeShape-of",
        drop="o:wpi-program-committee kg:committeeOf prog:wpi .",
    ),
    Case(
        "committee-count-not-a-quantity",
        "CommitteeShape-memberCount",
        add='o:wpi-program-committee kg:declaredMemberCount "15名"@ja .',
    ),
    Case(
        "committee-overseas-count-twice",
        "CommitteeShape-overseasCount",
        add="""o:wpi-program-committee kg:declaredOverseasMemberCount ccnt:overseas-2 .
            ccnt:overseas-2 a kg:Quantity ; schema:value "1"^^xsd:nonNegativeInteger ;
                kg:comparator cmp:eq .""",
    ),
    Case(
        "committee-member-lost-in-extraction",
        "CommitteeCountShape-members",
        drop='ccnt:members schema:value "2"^^xsd:nonNegativeInteger .',
        add='ccnt:members schema:value "3"^^xsd:nonNegativeInteger .',
        severity="Warning",
    ),
    Case(
        "committee-overseas-count-differs",
        "CommitteeOverseasCountShape-members",
        drop='ccnt:overseas-members schema:value "1"^^xsd:nonNegativeInteger .',
        add='ccnt:overseas-members schema:value "2"^^xsd:nonNegativeInteger .',
        severity="Warning",
    ),
    # --- programme.ttl: memberships and awards -----------------------------------------------
    Case(
        "membership-without-time-anchor",
        "MembershipShape-timeAnchor",
        drop="""mem:wpi-program-committee--smith-jane--committee-member--2021-04
            kg:asOf "2021-04"^^xsd:gYearMonth .""",
    ),
    Case(
        "membership-member-is-organization",
        "MembershipShape-member",
        drop="""mem:wpi-program-committee--smith-jane--committee-member--2021-04
            org:member p:smith-jane .""",
        add="""mem:wpi-program-committee--smith-jane--committee-member--2021-04
            org:member o:jsps .""",
    ),
    Case(
        "membership-without-organization",
        "MembershipShape-organization",
        drop="""mem:kavli-ipmu--murayama-hitoshi--center-director--2019-02-05
            org:organization o:kavli-ipmu .""",
    ),
    Case(
        "membership-chair-and-member-in-one",
        "MembershipShape-role",
        add="""mem:wpi-program-committee--amano-hiroshi--committee-chair--2021-04
            org:role orgrole:committee-member .""",
    ),
    Case(
        "membership-as-of-in-era-notation",
        "MembershipShape-asOf",
        drop="""mem:wpi-program-committee--smith-jane--committee-member--2021-04
            kg:asOf "2021-04"^^xsd:gYearMonth .""",
        add="""mem:wpi-program-committee--smith-jane--committee-member--2021-04
            kg:asOf "R3.4現在"@ja .""",
    ),
    Case(
        "membership-interval-blank-node",
        "MembershipShape-during",
        add="""mem:wpi-program-committee--smith-jane--committee-member--2021-04
            org:memberDuring [ a time:ProperInterval ] .""",
    ),
    Case(
        "membership-without-tenure",
        "MembershipShape-tenure",
        drop="""mem:kavli-ipmu--murayama-hitoshi--center-director--2019-02-05
            kg:tenureStatus ten:current .""",
    ),
    Case(
        "membership-without-provenance",
        "MembershipShape-provenance",
        drop="""mem:kavli-ipmu--murayama-hitoshi--center-director--2019-02-05
            prov:wasDerivedFrom rec:wpi2019-l0089 .""",
    ),
    Case(
        "two-directors-one-person-two-spellings",
        "OnePostHolderShape-directors",
        add="""p:murayama-hitoshi-2 a foaf:Person ; skos:prefLabel "村山 齊"@ja .
            mem:kavli-ipmu--murayama-hitoshi-2--center-director--2019-02-05 a org:Membership ;
                org:member p:murayama-hitoshi-2 ; org:organization o:kavli-ipmu ;
                org:role orgrole:center-director ; kg:asOf "2019-02-05"^^xsd:date ;
                kg:tenureStatus ten:current ; prov:wasDerivedFrom rec:wpi2019-l0090 .""",
        severity="Warning",
    ),
    Case(
        "award-recipient-is-organization",
        "AwardReceiptShape-recipient",
        add="awd:amano-hiroshi--nobel-prize-physics--2014 vivo:relates o:utokyo .",
    ),
    Case(
        "award-not-in-vocabulary",
        "AwardReceiptShape-award",
        drop="awd:amano-hiroshi--nobel-prize-physics--2014 kg:award prize:nobel-prize-physics .",
        add="awd:amano-hiroshi--nobel-prize-physics--2014 kg:award prize:nobel-physics .",
    ),
    Case(
        "award-year-as-date",
        "AwardReceiptShape-year",
        drop='awd:amano-hiroshi--nobel-prize-physics--2014 kg:awardYear "2014"^^xsd:gYear .',
        add='awd:amano-hiroshi--nobel-prize-physics--2014 kg:awardYear "2014-10-07"^^xsd:date .',
    ),
    Case(
        "award-without-provenance",
        "AwardReceiptShape-provenance",
        drop="""awd:amano-hiroshi--nobel-prize-physics--2014
            prov:wasDerivedFrom rec:wpi-logic2021-l0301 .""",
    ),
    # --- programme.ttl: programmes, selections, rules ----------------------------------------
    Case(
        "programme-without-provenance",
        "FundingProgrammeShape",
        drop="prog:wpi prov:wasDerivedFrom rec:wpi-logic2021-l0010 .",
    ),
    Case(
        "programme-name-without-language",
        "FundingProgrammeShape-prefLabel",
        add='prog:wpi skos:prefLabel "WPI" .',
    ),
    Case(
        "programme-without-administering-body",
        "FundingProgrammeShape-administeredBy",
        drop="prog:wpi kg:administeredBy o:mext .",
    ),
    Case(
        "programme-implemented-by-a-person",
        "FundingProgrammeShape-implementedBy",
        add="prog:wpi kg:implementedBy p:amano-hiroshi .",
    ),
    Case(
        "programme-launch-as-fiscal-year-text",
        "FundingProgrammeShape-launchedIn",
        drop='prog:wpi kg:launchedIn "2007"^^xsd:gYear .',
        add='prog:wpi kg:launchedIn "平成19年度"@ja .',
    ),
    Case(
        "programme-mission-not-a-concept",
        "FundingProgrammeShape-mission",
        add='prog:wpi kg:hasMission "世界最高水準の研究"@ja .',
    ),
    Case(
        "selection-of-a-non-wpi-centre",
        "ProgramSelectionShape-center",
        drop="sel:wpi2019--kavli-ipmu kg:selectedCenter o:kavli-ipmu .",
        add="sel:wpi2019--kavli-ipmu kg:selectedCenter o:issp .",
    ),
    Case(
        "selection-without-programme",
        "ProgramSelectionShape-program",
        drop="sel:wpi2019--kavli-ipmu kg:program prog:wpi .",
    ),
    Case(
        "selection-two-years-in-one-claim",
        "ProgramSelectionShape-fiscalYear",
        add='sel:wpi2019--kavli-ipmu kg:selectionFiscalYear "2007"^^xsd:gYear .',
    ),
    Case(
        "selection-year-not-a-cohort",
        "ProgramSelectionShape-cohort",
        drop='sel:wpi2019--kavli-ipmu kg:selectionFiscalYear "2018"^^xsd:gYear .',
        add='sel:wpi2019--kavli-ipmu kg:selectionFiscalYear "2013"^^xsd:gYear .',
        severity="Warning",
    ),
    Case(
        "selection-support-status-outside-scheme",
        "ProgramSelectionShape-supportStatus",
        add="sel:wpi2019--kavli-ipmu kg:supportStatus ten:current .",
    ),
    Case(
        "selection-without-as-of",
        "ProgramSelectionShape-asOf",
        drop='sel:wpi2019--kavli-ipmu kg:asOf "2019-02-05"^^xsd:date .',
    ),
    Case(
        "selection-without-provenance",
        "ProgramSelectionShape-provenance",
        drop="sel:wpi2019--kavli-ipmu prov:wasDerivedFrom rec:wpi2019-l0089 .",
    ),
    Case(
        "requirement-without-metric",
        "RequirementShape-metric",
        drop="req:total-staff-2007 kg:metric ind:total-staff .",
    ),
    Case(
        "requirement-minimum-as-text",
        "RequirementShape-bounds",
        drop="req:total-staff-2007 schema:minValue 100 .",
        add='req:total-staff-2007 schema:minValue "100人程度" .',
    ),
    Case(
        "requirement-minimum-above-maximum",
        "RequirementShape-order",
        add="req:total-staff-2007 schema:maxValue 70 .",
    ),
    Case(
        "requirement-two-comparators",
        "RequirementShape-comparator",
        add="req:total-staff-2007 kg:comparator cmp:approx .",
    ),
    Case(
        "requirement-cohort-as-integer",
        "RequirementShape-cohort",
        drop='req:total-staff-2007 kg:appliesToCohort "2007"^^xsd:gYear .',
        add="req:total-staff-2007 kg:appliesToCohort 2007 .",
    ),
    Case(
        "requirement-without-provenance",
        "RequirementShape-provenance",
        drop="req:total-staff-2007 prov:wasDerivedFrom rec:wpi-logic2021-l0050 .",
    ),
    Case(
        "support-amount-negative",
        "SupportConditionShape-amounts",
        add="cond:annual-ceiling schema:minValue -700000000.0 .",
    ),
    Case(
        "support-minimum-above-maximum",
        "SupportConditionShape-order",
        add="cond:annual-ceiling schema:minValue 1400000000.0 .",
    ),
    Case(
        "support-period-as-text",
        "SupportConditionShape-perPeriod",
        drop='cond:annual-ceiling kg:perPeriod "P1Y"^^xsd:duration .',
        add='cond:annual-ceiling kg:perPeriod "年" .',
    ),
    Case(
        "support-duration-twice",
        "SupportConditionShape-duration",
        add='cond:annual-ceiling kg:supportDuration "P5Y"^^xsd:duration .',
    ),
    Case(
        "support-cost-category-outside-scheme",
        "SupportConditionShape-costCategory",
        add="cond:annual-ceiling kg:excludedCostCategory ind:paper-count .",
    ),
    Case(
        "support-comparator-outside-scheme",
        "SupportConditionShape-comparator",
        drop="cond:annual-ceiling kg:comparator cmp:lte .",
        add="cond:annual-ceiling kg:comparator cmp:le .",
    ),
    Case(
        "support-cohort-as-text",
        "SupportConditionShape-cohort",
        add='cond:annual-ceiling kg:appliesToCohort "平成19年度"@ja .',
    ),
    Case(
        "support-without-provenance",
        "SupportConditionShape-provenance",
        drop="cond:annual-ceiling prov:wasDerivedFrom rec:wpi-logic2021-l0060 .",
    ),
    # --- programme.ttl: logic model, practices, themes, policy documents ---------------------
    Case(
        "statement-without-stage",
        "LogicModelStatementShape-stage",
        drop="stmt:wpi-logic2021-l0121 kg:stage stage:response .",
    ),
    Case(
        "statement-without-text",
        "LogicModelStatementShape-description",
        drop='stmt:wpi-logic2021-l0121 dct:description "国際公募を行う"@ja .',
    ),
    Case(
        "statement-responds-to-a-record",
        "LogicModelStatementShape-respondsTo",
        add="stmt:wpi-logic2021-l0121 kg:respondsTo rec:wpi-logic2021-l0120 .",
    ),
    Case(
        "statement-without-provenance",
        "LogicModelStatementShape-provenance",
        drop="stmt:wpi-logic2021-l0121 prov:wasDerivedFrom rec:wpi-logic2021-l0121 .",
    ),
    Case(
        "practice-of-all-centres-on-the-programme",
        "PracticeAdoptionShape-center",
        drop="adopt:kavli-ipmu--english-official-language kg:center o:kavli-ipmu .",
        add="adopt:kavli-ipmu--english-official-language kg:center prog:wpi .",
    ),
    Case(
        "practice-not-in-vocabulary",
        "PracticeAdoptionShape-practice",
        drop="""adopt:kavli-ipmu--english-official-language
            kg:practice practice:english-official-language .""",
        add="""adopt:kavli-ipmu--english-official-language
            kg:practice practice:english-as-official-language .""",
    ),
    Case(
        "practice-without-provenance",
        "PracticeAdoptionShape-provenance",
        drop="adopt:kavli-ipmu--english-official-language prov:wasDerivedFrom rec:wpi2019-l0095 .",
    ),
    Case(
        "theme-without-centre",
        "ResearchThemeShape-center",
        drop="theme:kavli-ipmu-1 kg:center o:kavli-ipmu .",
    ),
    Case(
        "theme-number-as-text",
        "ResearchThemeShape-order",
        drop='theme:kavli-ipmu-1 kg:order "1"^^xsd:positiveInteger .',
        add='theme:kavli-ipmu-1 kg:order "①" .',
    ),
    Case(
        "theme-without-text",
        "ResearchThemeShape-description",
        drop='theme:kavli-ipmu-1 dct:description "宇宙はどのように始まったのか"@ja .',
    ),
    Case(
        "theme-without-provenance",
        "ResearchThemeShape-provenance",
        drop="theme:kavli-ipmu-1 prov:wasDerivedFrom rec:wpi2019-l0100 .",
    ),
    Case(
        "policy-document-without-title",
        "PolicyDocumentShape-title",
        drop='policy:growth-strategy-follow-up-2020 dct:title "成長戦略フォローアップ"@ja .',
    ),
    Case(
        "policy-date-in-era-notation",
        "PolicyDocumentShape-issued",
        drop='policy:growth-strategy-follow-up-2020 dct:issued "2020-07-17"^^xsd:date .',
        add='policy:growth-strategy-follow-up-2020 dct:issued "令和2年7月17日"@ja .',
    ),
    Case(
        "policy-published-by-a-person",
        "PolicyDocumentShape-publisher",
        add="policy:growth-strategy-follow-up-2020 dct:publisher p:amano-hiroshi .",
    ),
    Case(
        "policy-without-provenance",
        "PolicyDocumentShape-provenance",
        drop="""policy:growth-strategy-follow-up-2020
            prov:wasDerivedFrom rec:wpi-logic2021-l0400 .""",
    ),
    # --- programme.ttl: events ---------------------------------------------------------------
    Case(
        "activity-without-name",
        "RecurringActivityShape-name",
        drop='act:site-visit schema:name "現地視察"@ja , "Site visit"@en .',
    ),
    Case(
        "activity-without-schedule",
        "RecurringActivityShape-schedule",
        drop="""act:site-visit
            schema:eventSchedule <https://w3id.org/wpikg/id/activity/site-visit/schedule> .""",
    ),
    Case(
        "activity-schedule-month-13",
        "RecurringActivityShape-schedule",
        add="<https://w3id.org/wpikg/id/activity/site-visit/schedule> schema:byMonth 13 .",
    ),
    Case(
        "activity-attendee-role-outside-scheme",
        "RecurringActivityShape-attendeeRole",
        add="act:site-visit kg:attendeeRole role:principal .",
    ),
    Case(
        "activity-support-year-zero",
        "RecurringActivityShape-supportYear",
        add="act:site-visit kg:supportYear 0 .",
    ),
    Case(
        "activity-without-provenance",
        "RecurringActivityShape-provenance",
        drop="act:site-visit prov:wasDerivedFrom rec:wpi-logic2021-l0410 .",
    ),
    Case(
        "event-without-name",
        "ScientificEventShape-name",
        drop='ev:sns2019 schema:name "International Workshop SNS2019"@en .',
    ),
    Case(
        "event-start-month-only",
        "ScientificEventShape-startDate",
        drop='ev:sns2019 schema:startDate "2019-07-16"^^xsd:date .',
        add='ev:sns2019 schema:startDate "2019-07"^^xsd:gYearMonth .',
    ),
    Case(
        "event-without-end",
        "ScientificEventShape-endDate",
        drop='ev:sns2019 schema:endDate "2019-07-19"^^xsd:date .',
    ),
    Case(
        "event-starts-after-it-ends",
        "ScientificEventShape-order",
        drop='ev:sns2019 schema:endDate "2019-07-19"^^xsd:date .',
        add='ev:sns2019 schema:endDate "2019-06-19"^^xsd:date .',
    ),
    Case(
        "event-without-organizer",
        "ScientificEventShape-organizer",
        drop="ev:sns2019 schema:organizer o:issp .",
    ),
    Case(
        "event-participants-negative",
        "ScientificEventShape-participants",
        drop='ev:sns2019 kg:participantCount "208"^^xsd:nonNegativeInteger .',
        add="ev:sns2019 kg:participantCount -208 .",
    ),
    Case(
        "event-international-participants-twice",
        "ScientificEventShape-internationalParticipants",
        add='ev:sns2019 kg:internationalParticipantCount "86"^^xsd:nonNegativeInteger .',
    ),
    Case(
        "event-participant-columns-swapped",
        "ScientificEventShape-participantOrder",
        drop="""ev:sns2019 kg:participantCount "208"^^xsd:nonNegativeInteger ;
            kg:internationalParticipantCount "87"^^xsd:nonNegativeInteger .""",
        add="""ev:sns2019 kg:participantCount "87"^^xsd:nonNegativeInteger ;
            kg:internationalParticipantCount "208"^^xsd:nonNegativeInteger .""",
    ),
    Case(
        "event-without-provenance",
        "ScientificEventShape-provenance",
        drop="ev:sns2019 prov:wasDerivedFrom rec:issp2022-l0040 .",
    ),
    # --- programme.ttl: statistics -----------------------------------------------------------
    Case(
        "observation-without-data-set",
        "ObservationShape-dataSet",
        drop="obs:wpi-budget--fy2018 qb:dataSet ds:wpi-budget .",
    ),
    Case(
        "observation-without-period",
        "ObservationShape-refPeriod",
        drop="obs:wpi-budget--fy2018 sdmx-dimension:refPeriod tm:fy2018 .",
    ),
    Case(
        "observation-period-as-text",
        "ObservationShape-refPeriod",
        drop="obs:wpi-budget--fy2018 sdmx-dimension:refPeriod tm:fy2018 .",
        add='obs:wpi-budget--fy2018 sdmx-dimension:refPeriod "平成30年度"@ja .',
    ),
    Case(
        "observation-number-lost",
        "ObservationShape-measure",
        drop="obs:wpi-indicators--pis-per-center--cy2018 kg:average 18.7 .",
    ),
    Case(
        "observation-amount-as-float",
        "ObservationShape-amount",
        drop="obs:wpi-budget--fy2018 kg:amountJPY 7000000000.0 .",
        add="obs:wpi-budget--fy2018 kg:amountJPY 7.0E9 .",
    ),
    Case(
        "observation-negative-count",
        "ObservationShape-count",
        drop='obs:wpi-budget--fy2018 kg:centerCount "9"^^xsd:nonNegativeInteger .',
        add="obs:wpi-budget--fy2018 kg:centerCount -9 .",
    ),
    Case(
        "observation-percent-140",
        "ObservationShape-percent",
        drop="obs:wpi-indicators--foreign-researcher-ratio--cy2018 kg:percent 41.0 .",
        add="obs:wpi-indicators--foreign-researcher-ratio--cy2018 kg:percent 140.0 .",
    ),
    Case(
        "percent-change-as-text",
        "ObservationShape-percentChange",
        drop="obs:wpi-indicators--researcher-count-change--cy2019 kg:percentChange -17.0 .",
        add='obs:wpi-indicators--researcher-count-change--cy2019 kg:percentChange "約17%減少"@ja .',
    ),
    Case(
        "percent-change-baseline-as-text",
        "ObservationShape-baseline",
        drop="obs:wpi-indicators--researcher-count-change--cy2019 kg:baselinePeriod tm:cy2016 .",
        add='obs:wpi-indicators--researcher-count-change--cy2019 kg:baselinePeriod "H28年"@ja .',
    ),
    Case(
        "percent-change-in-yen",
        "ObservationPercentShape-unit",
        drop="""obs:wpi-indicators--researcher-count-change--cy2019
            sdmx-attribute:unitMeasure unit:PERCENT .""",
        add="""obs:wpi-indicators--researcher-count-change--cy2019
            sdmx-attribute:unitMeasure currency:JPY .""",
    ),
    Case(
        "observation-average-negative",
        "ObservationShape-average",
        drop="obs:wpi-indicators--pis-per-center--cy2018 kg:average 18.7 .",
        add="obs:wpi-indicators--pis-per-center--cy2018 kg:average -18.7 .",
    ),
    Case(
        "observation-indicator-outside-scheme",
        "ObservationShape-indicator",
        drop="obs:wpi-indicators--pis-per-center--cy2018 kg:indicator ind:pis-per-center .",
        add="obs:wpi-indicators--pis-per-center--cy2018 kg:indicator ind:pi-per-center .",
    ),
    Case(
        "observation-two-comparators",
        "ObservationShape-comparator",
        add="obs:wpi-indicators--foreign-researcher-ratio--cy2018 kg:comparator cmp:approx .",
    ),
    Case(
        "observation-value-text-untagged",
        "ObservationShape-valueText",
        add='obs:wpi-indicators--pis-per-center--cy2018 kg:valueText "18.7人" .',
    ),
    Case(
        "observation-without-provenance",
        "ObservationShape-provenance",
        drop="obs:wpi-budget--fy2018 prov:wasDerivedFrom rec:wpi-logic2021-l0420 .",
    ),
    Case(
        "amount-without-unit",
        "ObservationAmountShape-unit",
        drop="obs:wpi-budget--fy2018 sdmx-attribute:unitMeasure currency:JPY .",
    ),
    Case(
        "percent-in-yen",
        "ObservationPercentShape-unit",
        drop="""obs:wpi-indicators--foreign-researcher-ratio--cy2018
            sdmx-attribute:unitMeasure unit:PERCENT .""",
        add="""obs:wpi-indicators--foreign-researcher-ratio--cy2018
            sdmx-attribute:unitMeasure currency:JPY .""",
    ),
    # --- programme.ttl: discrepancies --------------------------------------------------------
    Case(
        "discrepancy-with-one-claim",
        "DiscrepancyShape-claims",
        drop="disc:kavli-ipmu-selection-fy kg:claim sel:wpi2019--kavli-ipmu .",
    ),
    Case(
        "discrepancy-without-status",
        "DiscrepancyShape-status",
        drop="disc:kavli-ipmu-selection-fy kg:status dst:resolved .",
    ),
    Case(
        "discrepancy-status-outside-scheme",
        "DiscrepancyShape-status",
        drop="disc:kavli-ipmu-selection-fy kg:status dst:resolved .",
        add="disc:kavli-ipmu-selection-fy kg:status sup:subsidized .",
    ),
    Case(
        "discrepancy-open",
        "DiscrepancyShape-open",
        drop="""disc:kavli-ipmu-selection-fy kg:status dst:resolved ;
            kg:preferredClaim sel:wpi-logic2021--kavli-ipmu .""",
        add="disc:kavli-ipmu-selection-fy kg:status dst:open .",
        severity="Warning",
    ),
    Case(
        "discrepancy-undecidable",
        "DiscrepancyShape-undecidable",
        drop="""disc:kavli-ipmu-selection-fy kg:status dst:resolved ;
            kg:preferredClaim sel:wpi-logic2021--kavli-ipmu .""",
        add="disc:kavli-ipmu-selection-fy kg:status dst:undecidable .",
        severity="Info",
    ),
    Case(
        "discrepancy-two-preferred-claims",
        "DiscrepancyShape-preferred",
        add="disc:kavli-ipmu-selection-fy kg:preferredClaim sel:wpi2019--kavli-ipmu .",
    ),
    Case(
        "discrepancy-without-subject",
        "DiscrepancyShape-about",
        drop="disc:kavli-ipmu-selection-fy kg:about o:kavli-ipmu .",
    ),
    Case(
        "discrepancy-rationale-untagged",
        "DiscrepancyShape-rationale",
        add='disc:kavli-ipmu-selection-fy kg:rationale "column shift" .',
    ),
    Case(
        "resolved-without-preferred-claim",
        "ResolvedDiscrepancyShape",
        drop="disc:kavli-ipmu-selection-fy kg:preferredClaim sel:wpi-logic2021--kavli-ipmu .",
    ),
]


def shape_closure(shapes: Graph, node_shape: URIRef) -> Graph:
    """A node shape with everything it uses: its property shapes, lists, helper shapes, and the
    prefix declarations of its SPARQL target (objects in kgsh: or blank)."""
    closure = Graph()
    todo, seen = [node_shape], set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for p, o in shapes.predicate_objects(node):
            closure.add((node, p, o))
            if isinstance(o, BNode) or (isinstance(o, URIRef) and o.startswith(str(KGSH))):
                todo.append(o)
    return closure


@pytest.mark.parametrize(
    ("add", "drop", "shape", "severity"),
    [pytest.param(c.add, c.drop, c.shape, c.severity, id=c.name) for c in CASES],
)
def test_damage_is_reported(
    good: Graph, shapes: Graph, add: str, drop: str, shape: str, severity: str
) -> None:
    """The damage is reported by the shape, validating with its node shape only."""
    removed = list(turtle(drop))
    added = [triple for triple in turtle(add) if triple not in good]
    for triple in removed:
        assert triple in good, f"the good document has no {triple}"
    try:
        for triple in removed:
            good.remove(triple)
        for triple in added:
            good.add(triple)
        report = validate(good, shape_closure(shapes, KGSH[shape.split("-", 1)[0]]))
    finally:
        for triple in added:
            good.remove(triple)
        for triple in removed:
            good.add(triple)
    hits = [r for r in report.results if shape_name(shapes, r) == shape and r.severity == severity]
    assert hits, f"no {severity} from {shape}; got:\n{describe(shapes, report)}"
    for hit in hits:
        assert hit.messages.keys() >= {"ja", "en"}, hit
    # a Warning or an Info alone never blocks a build
    assert report.conforms == (severity != "Violation"), describe(shapes, report)


def test_resolved_director_pair_is_not_reported_again(good: Graph, shapes: Graph) -> None:
    """Two directors at one date whose claims a curator resolved (a kg:Discrepancy with status
    resolved) are reported by the discrepancy, not again by kgsh:OnePostHolderShape."""
    damage = turtle("""
        p:murayama-hitoshi-2 a foaf:Person ; skos:prefLabel "村山 齊"@ja .
        mem:kavli-ipmu--murayama-hitoshi-2--center-director--2019-02-05 a org:Membership ;
            org:member p:murayama-hitoshi-2 ; org:organization o:kavli-ipmu ;
            org:role orgrole:center-director ; kg:asOf "2019-02-05"^^xsd:date ;
            kg:tenureStatus ten:current ; prov:wasDerivedFrom rec:wpi2019-l0090 .
        disc:kavli-ipmu-center-director a kg:Discrepancy ; kg:about o:kavli-ipmu ;
            kg:claim mem:kavli-ipmu--murayama-hitoshi-2--center-director--2019-02-05 ,
                mem:kavli-ipmu--murayama-hitoshi--center-director--2019-02-05 ;
            kg:preferredClaim mem:kavli-ipmu--murayama-hitoshi--center-director--2019-02-05 ;
            kg:status dst:resolved ; kg:rationale "表記揺れ"@ja , "spelling variant"@en .""")
    added = [t for t in damage if t not in good]
    try:
        for triple in added:
            good.add(triple)
        report = validate(good, shape_closure(shapes, KGSH["OnePostHolderShape"]))
    finally:
        for triple in added:
            good.remove(triple)
    assert report.results == (), describe(shapes, report)


# ---------------------------------------------------------------------------------------------
# The shapes files themselves
# ---------------------------------------------------------------------------------------------
TARGETS = (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf, SH.target)
NOT_CONSTRAINTS = {*TARGETS, SH.property, SH.message, SH.severity, SH.deactivated, RDF.type}


def node_shapes(shapes: Graph) -> list[URIRef]:
    """The node shapes that select focus nodes themselves (helper shapes have no target)."""
    found = {s for t in TARGETS for s in shapes.subjects(t, None)}
    named = sorted(s for s in found if isinstance(s, URIRef))
    assert len(named) == len(found), "every targeted shape has an IRI"
    return named


def languages(shapes: Graph, node: URIRef | BNode, predicate: URIRef) -> list[str]:
    return sorted(
        str(o.language) for o in shapes.objects(node, predicate) if isinstance(o, Literal)
    )


def test_every_node_shape_and_constraint_speaks_japanese_and_english(shapes: Graph) -> None:
    for node in set(shapes.subjects(SH.message, None)):
        assert languages(shapes, node, SH.message) == ["en", "ja"], node
    for shape in node_shapes(shapes):
        assert languages(shapes, shape, RDFS.label) == ["en", "ja"], shape
        own = {p for p in shapes.predicates(shape, None) if p.startswith(str(SH))}
        if own - NOT_CONSTRAINTS:  # node-level constraints report with the node's message
            assert languages(shapes, shape, SH.message) == ["en", "ja"], shape
        for prop in shapes.objects(shape, SH.property):
            assert languages(shapes, prop, SH.message) == ["en", "ja"], (shape, prop)


def test_every_node_shape_has_a_case(shapes: Graph) -> None:
    tested = {c.shape.split("-", 1)[0] for c in CASES}
    names = {str(shape)[len(KGSH) :] for shape in node_shapes(shapes)}
    assert sorted(names - tested) == []


def test_programme_property_shapes_are_named_after_their_node_shape() -> None:
    programme = Graph().parse(SHAPES_DIR / "programme.ttl")
    for shape in node_shapes(programme):
        for prop in programme.objects(shape, SH.property):
            assert isinstance(prop, URIRef) and prop.startswith(f"{shape}-"), (shape, prop)
            assert (prop, RDF.type, SH.PropertyShape) in programme, prop


def test_every_class_of_the_ontology_has_a_shape(shapes: Graph) -> None:
    ontology = Graph().parse(ONTOLOGY)
    classes = {c for c in ontology.subjects(RDF.type, OWL.Class) if c.startswith(KG_NS)}
    targeted = set(shapes.objects(None, SH.targetClass))
    assert sorted(classes - targeted) == []


def test_shapes_use_only_declared_terms_and_concepts(shapes: Graph) -> None:
    """Every kg: term is declared in the ontology and every vocabulary IRI exists in
    vocab.ttl (country concepts are generated by the build), also inside SPARQL targets."""
    ontology = Graph().parse(ONTOLOGY)
    vocab = Graph().parse(VOCAB)
    iris = {n for triple in shapes for n in triple if isinstance(n, URIRef)}
    for select in shapes.objects(None, SH.select):
        iris |= {URIRef(KG_NS + name) for name in re.findall(r"\bkg:(\w+)", str(select))}
        iris |= {URIRef(iri) for iri in re.findall(r"<(https://w3id\.org/wpikg/[^>]+)>", select)}
    for iri in sorted(iris):
        if iri.startswith(KG_NS):
            assert (iri, RDF.type, None) in ontology, f"{iri} is not declared in the ontology"
        elif iri.startswith(COUNTRY_NS) or iri == COUNTRY_SCHEME:
            continue
        elif iri.startswith(VOCAB_NS):
            assert (iri, RDF.type, None) in vocab, f"{iri} is not in ontology/vocab.ttl"


def test_iso3166_codes_are_pycountry() -> None:
    iso = Graph().parse(SHAPES_DIR / "iso3166.ttl")
    head = iso.value(KGSH["CountryConceptShape-notation"], SH["in"])
    assert head is not None
    codes = [str(code) for code in Collection(iso, head)]
    assert codes == sorted(c.alpha_2 for c in pycountry.countries)


def test_iso3166_file_is_generated() -> None:
    """``python -m wpikg.shapes_gen > shapes/iso3166.ttl`` updates it."""
    assert (SHAPES_DIR / "iso3166.ttl").read_text(encoding="utf-8") == iso3166_shapes()
