"""Facts of ISSP's international cooperation page (issp2022), through SPARQL on the built store."""

from __future__ import annotations

import pytest
from tests.conftest import Built


def _rec(line: int) -> str:
    return f"rec:issp2022-l{line:04d}"


def _obs(key: str) -> str:
    return f"<https://w3id.org/wpikg/id/obs/issp-stats--{key}>"


PROGRAMME = "<https://w3id.org/wpikg/id/agreement/issp2022-l0035-programme>"
UMBRELLA = "<https://w3id.org/wpikg/id/agreement/issp2022-l0035-umbrella>"

FACTS: list[tuple[str, int, str]] = [
    (
        "ISSP is a unit of the University of Tokyo",
        0,
        """
        o:issp org:subOrganizationOf o:university-of-tokyo ;
            skos:prefLabel "Institute for Solid State Physics, The University of Tokyo"@en .""",
    ),
    (
        "JHU's Institute for Quantum Matter, a unit of the JHU that RIKEN also names",
        19,
        """
        ?rel kg:principal o:issp ;
            kg:partner o:institute-for-quantum-matter-johns-hopkins-university .
        o:institute-for-quantum-matter-johns-hopkins-university
            org:subOrganizationOf o:johns-hopkins-university .
        ?riken kg:party o:johns-hopkins-university ;
            prov:wasDerivedFrom/dct:isPartOf doc:riken2017 .""",
    ),
    (
        "JHU: faculty appointed research professors, exchange, co-hosted symposia",
        23,
        """
        ?rel kg:partner o:institute-for-quantum-matter-johns-hopkins-university ;
            kg:cooperationActivity kgv:activity\\/cross-appointment ,
                kgv:activity\\/invitation , kgv:activity\\/symposium ;
            prov:wasDerivedFrom rec:issp2022-l0023 , rec:issp2022-l0024 .""",
    ),
    (
        "IBS (韓国基礎科学院) is RIKEN's 基礎科学研究院, not the older 韓国基礎科学研究所",
        26,
        """
        o:center-for-correlated-electron-systems-institute-for-basic
            org:subOrganizationOf o:institute-for-basic-science .
        o:institute-for-basic-science skos:hiddenLabel "韓国基礎科学院"@ja ;
            skos:prefLabel "基礎科学研究院"@ja ; kg:country country:KR .
        ?riken kg:party o:institute-for-basic-science .
        ?kbsi skos:prefLabel "韓国基礎科学研究所"@ja .
        FILTER (?kbsi != o:institute-for-basic-science)""",
    ),
    (
        "IBS: long-term dispatch, instrument development, joint research",
        30,
        """
        ?rel kg:partner o:center-for-correlated-electron-systems-institute-for-basic ;
            kg:cooperationActivity kgv:activity\\/faculty-dispatch ,
                kgv:activity\\/instrument-development , kgv:activity\\/joint-research .""",
    ),
    (
        "the 1980 umbrella agreement between the two governments",
        35,
        f"""
        {UMBRELLA} kg:agreementType kgv:agreement-type\\/intergovernmental-umbrella ;
            kg:startDate "1980"^^xsd:gYear ;
            kg:party o:government-of-japan , o:government-of-the-united-states .""",
    ),
    (
        "the Japan-US programme under it: DOE, ISSP and JAERI since 1983, at ORNL",
        35,
        f"""
        {PROGRAMME} kg:underFramework {UMBRELLA} ; kg:startDate "1983"^^xsd:gYear ;
            kg:endStatus es:ongoing ; kg:usesFacility o:oak-ridge-national-laboratory ;
            kg:hasParty [ kg:partyOrganization o:issp ; kg:partyRole role:principal ] ;
            kg:party o:u-s-department-of-energy , o:japan-atomic-energy-research-institute ;
            kg:cooperationActivity kgv:activity\\/facility-use .""",
    ),
    (
        "JAERI is now JAEA",
        35,
        """
        o:japan-atomic-energy-research-institute
            dct:isReplacedBy o:japan-atomic-energy-agency ; kg:acronym "JAERI" .""",
    ),
    (
        "MPI-PKS belongs to the Max Planck Society, a RIKEN partner since 1984",
        39,
        """
        ?rel kg:partner o:max-planck-institute-for-the-physics-of-complex-systems ;
            kg:cooperationActivity kgv:activity\\/workshop .
        o:max-planck-institute-for-the-physics-of-complex-systems
            org:subOrganizationOf o:max-planck-gesellschaft .
        ?c kg:partner o:max-planck-gesellschaft ;
            kg:cooperatingSince "1984-06"^^xsd:gYearMonth .""",
    ),
    (
        "the high-field partners: two NSYSU colleges, Dankook's college, WHMFC",
        46,
        """
        ?a kg:partner o:college-of-science-national-sun-yat-sen-university .
        ?b kg:partner o:college-of-engineering-national-sun-yat-sen-university .
        ?c kg:partner o:college-of-natural-science-dankook-university ; dct:spatial country:KR .
        ?d kg:partner o:wuhan-national-high-magnetic-field-center ; dct:spatial country:CN ;
            kg:cooperationActivity kgv:activity\\/instrument-development .
        o:college-of-engineering-national-sun-yat-sen-university
            org:subOrganizationOf o:national-sun-yat-sen-university .
        o:national-sun-yat-sen-university kg:country country:TW .""",
    ),
    (
        "10 agreements and 4 MoUs are statistics, not invented agreements",
        14,
        f"""
        {_obs("agreements")} kg:count 10 ; kg:indicator kgv:indicator\\/agreement-count ;
            kg:comparator kgv:comparator\\/eq ; sdmx-dimension:refPeriod id:time\\/fy2021 .
        {_obs("mous")} kg:count 4 ; kg:indicator kgv:indicator\\/mou-count .
        FILTER NOT EXISTS {{ ?ag kg:party o:issp ; kg:agreementType ?t .
                             FILTER (?ag != {PROGRAMME}) }}""",
    ),
    (
        "nearly 200 visitors (approx-below) from 20 or more countries (gte)",
        58,
        f"""
        {_obs("visitors")} kg:count 200 ; kg:comparator kgv:comparator\\/approx-below ;
            kg:valueText "200 名近く"@ja , "Nearly 200"@en .
        {_obs("visitor-countries")} kg:count 20 ; kg:comparator kgv:comparator\\/gte .""",
    ),
    (
        "FY2021: only 2 accepted (COVID-19)",
        60,
        f"""
        {_obs("accepted-fy2021")} kg:count 2 ; sdmx-dimension:refPeriod id:time\\/fy2021 .
        id:time\\/fy2021 time:hasBeginning/time:inXSDDate "2021-04-01"^^xsd:date ;
            time:hasEnd/time:inXSDDate "2022-03-31"^^xsd:date .""",
    ),
    (
        "nearly 400 papers a year",
        87,
        f"""
        {_obs("papers")} kg:count 400 ; kg:comparator kgv:comparator\\/approx-below ;
            kg:indicator kgv:indicator\\/paper-count .""",
    ),
    (
        "more than a third co-authored internationally, with 30 or more countries",
        95,
        f"""
        {_obs("coauthored")} kg:percent ?third ; kg:comparator kgv:comparator\\/gte ;
            sdmx-attribute:unitMeasure unit:PERCENT ; kg:valueText "3 分の 1 以上"@ja .
        FILTER (?third = 33.33 && DATATYPE(?third) = xsd:decimal)
        {_obs("coauthor-countries")} kg:count 30 ; kg:comparator kgv:comparator\\/gte .""",
    ),
    (
        "co-authorship by country: US 40 %, China 30 %, Germany 20 %",
        103,
        f"""
        {_obs("coauthored-us")} kg:percent ?us ; sdmx-dimension:refArea country:US .
        {_obs("coauthored-cn")} kg:percent ?cn ; sdmx-dimension:refArea country:CN .
        {_obs("coauthored-de")} kg:percent ?de ; sdmx-dimension:refArea country:DE .
        FILTER (?us = 40 && ?cn = 30 && ?de = 20)""",
    ),
    (
        "one in four students or more is international",
        111,
        f"""
        {_obs("students")} kg:percent ?p ; kg:comparator kgv:comparator\\/gte ;
            kg:indicator kgv:indicator\\/international-student-ratio .
        FILTER (?p = 25)""",
    ),
    (
        "about one in seven of the staff is foreign (no English line printed)",
        119,
        f"""
        {_obs("staff")} kg:percent ?p ; kg:comparator kgv:comparator\\/approx ;
            kg:valueText "およそ 7 人に 1 人"@ja .
        FILTER (?p = 14.29)
        FILTER NOT EXISTS {{ {_obs("staff")} kg:valueText ?en FILTER (LANG(?en) = "en") }}""",
    ),
    (
        "SNS2019: 16-21 June 2019, 208 participants of whom 87 international",
        74,
        """
        <https://w3id.org/wpikg/id/event/sns2019> a kg:ScientificEvent ; kg:acronym "SNS2019" ;
            schema:startDate "2019-06-16"^^xsd:date ; schema:endDate "2019-06-21"^^xsd:date ;
            kg:participantCount 208 ; kg:internationalParticipantCount 87 ;
            schema:organizer o:issp ; prov:wasDerivedFrom rec:issp2022-l0074 .""",
    ),
    (
        "CAQMP2019 runs into the next month (7/16~8/8)",
        75,
        """
        <https://w3id.org/wpikg/id/event/caqmp2019> schema:endDate "2019-08-08"^^xsd:date ;
            schema:name
                "Computational Approaches to Quantum Many-body Problems (CAQMP2019)"@en .""",
    ),
    (
        "QMEC (no year in its acronym) is keyed with its year; 318 of 396 international",
        77,
        """
        <https://w3id.org/wpikg/id/event/qmec-2021> kg:participantCount 396 ;
            kg:internationalParticipantCount 318 .""",
    ),
    (
        "an event without an acronym; ASOMEA-X from after the colon",
        78,
        """
        <https://w3id.org/wpikg/id/event/new-trends-in-quantum-condensed-matter-theory-2021>
            kg:participantCount 325 .
        <https://w3id.org/wpikg/id/event/asomea-x-2021> kg:acronym "ASOMEA-X" ;
            schema:endDate "2021-10-28"^^xsd:date .""",
    ),
    (
        "six symposia",
        0,
        """
        { SELECT (COUNT(?e) AS ?n) WHERE { ?e a kg:ScientificEvent ; schema:organizer o:issp } }
        FILTER (?n = 6)""",
    ),
    (
        "the international collaboration programme, begun in 2017",
        56,
        """
        ?p a kg:FundingProgramme ; kg:administeredBy o:issp ; kg:launchedIn "2017"^^xsd:gYear ;
            skos:prefLabel "国際連携制度"@ja .""",
    ),
    (
        "shared partners of RIKEN and ISSP (design query Q2): IBS, JHU, Max Planck",
        0,
        """
        { SELECT (GROUP_CONCAT(DISTINCT STR(?shared); separator=" ") AS ?all) WHERE {
            ?a1 kg:hasParty [ kg:partyRole role:principal ; kg:partyOrganization o:riken ] ,
                            [ kg:partyRole role:partner ; kg:partyOrganization ?rp ] .
            ?rel kg:principal o:issp ; kg:partner ?ip .
            ?rp org:subOrganizationOf* ?shared . ?ip org:subOrganizationOf* ?shared .
            FILTER NOT EXISTS { ?shared org:subOrganizationOf ?up .
                                ?rp org:subOrganizationOf* ?up . ?ip org:subOrganizationOf* ?up }
        } }
        FILTER (CONTAINS(?all, "institute-for-basic-science")
                && CONTAINS(?all, "johns-hopkins-university")
                && CONTAINS(?all, "max-planck-gesellschaft"))""",
    ),
]


@pytest.mark.parametrize(("description", "line", "body"), FACTS, ids=[f[0] for f in FACTS])
def test_fact(built: Built, description: str, line: int, body: str) -> None:
    assert built.ask("ASK {" + body + "}"), f"line {line}: {description}"


def test_report_lists_facts_by_kind_and_what_was_left_out(built: Built) -> None:
    section = built.report["documents"]["issp2022"]
    assert section["facts"] == {
        "cooperation_relationships": 7,
        "agreements": 2,
        "programmes": 2,
        "events": 6,
        "observations": 13,
    }
    assert all(item["reason"] for item in section["left_out"])
