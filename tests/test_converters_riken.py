"""Facts of the RIKEN document (riken2017), checked through SPARQL on the built store.

Each case names the source line it comes from and the kind of damage it exercises; the ASK
query must be true on the store that ``wpikg build`` wrote.
"""

from __future__ import annotations

import pytest
from tests.conftest import Built


def _ag(line: int) -> str:
    return f"ag:riken2017-l{line:04d}"


def _rec(line: int) -> str:
    return f"rec:riken2017-l{line:04d}"


# (id, source line, ASK body)
FACTS: list[tuple[str, int, str]] = [
    # --- shifted columns -------------------------------------------------------------------
    (
        "shift-left: FANTOM2 is a consortium of about 50 institutions in 8 countries",
        25,
        f"""
        {_ag(25)} kg:party o:fantom2 ; kg:startDate "2001"^^xsd:gYear ;
            kg:relatedUnit o:riken-gsc ; kg:partnerScope kgv:partner-scope\\/multilateral .
        o:fantom2 a kg:Consortium ; kg:declaredCountryCount/schema:value 8 ;
            kg:declaredInstitutionCount [ schema:value 50 ;
                                          kg:comparator kgv:comparator\\/approx ] .
        {_rec(25)} kg:extractionIssue kgv:extraction-issue\\/column-shift-left .""",
    ),
    (
        "shift-left: Intel, until the end of the research cooperation",
        119,
        f"""
        {_ag(119)} kg:party o:intel-corporation ; kg:endStatus es:until-condition ;
            kg:endConditionText "研究協力終了迄"@ja ; kg:relatedUnit o:riken-aics ;
            dct:spatial country:US .""",
    ),
    (
        "shift-right: the Iranian row keeps its three partners; its centre cell was lost",
        141,
        f"""
        {_ag(141)} dct:spatial country:IR ; kg:startDate "2000-11"^^xsd:gYearMonth ;
            kg:endDate "2007-03"^^xsd:gYearMonth ;
            kg:party o:shahiidobehesuchi-ikadaigaku-igakubu-seirigaku-ka ,
                     o:iran-rironbutsuri-suugaku-kenkyuusho .
        FILTER NOT EXISTS {{ {_ag(141)} kg:relatedUnit ?unit }}
        {_rec(141)} kg:extractionIssue kgv:extraction-issue\\/column-shift-right ,
            kgv:extraction-issue\\/cell-lost .""",
    ),
    (
        "shift-right in a 7-column page: Spain starts mid-block, its centre cell survives",
        284,
        f"""
        {_ag(284)} dct:spatial country:ES ; kg:relatedUnit o:riken-ils ;
            kg:endStatus es:continuation-planned ;
            kg:party o:university-of-alcala-uchuukuukan-purazuma-oyobi-uchuu-soryuushi-guruupu .
        o:university-of-alcala-uchuukuukan-purazuma-oyobi-uchuu-soryuushi-guruupu
            org:subOrganizationOf o:university-of-alcala .""",
    ),
    (
        "the rows after the shifted Spanish row carry Spain down",
        286,
        f"""
        {_ag(286)} dct:spatial country:ES ; kg:relatedUnit o:riken-cdb .""",
    ),
    (
        "shift-right: a new country (Korea) in the institution column, sister agreement",
        310,
        f"""
        {_ag(310)} dct:spatial country:KR ; kg:party o:korea-institute-of-science-and-technology ;
            kg:agreementType kgv:agreement-type\\/sister-agreement .""",
    ),
    (
        "institution printed in the country column (Korean block)",
        311,
        f"""
        {_ag(311)} dct:spatial country:KR ;
            kg:party o:korea-research-institute-of-bioscience-and-biotechnology .
        {_rec(311)} kg:extractionIssue kgv:extraction-issue\\/institution-in-country-column .
        ?fix kg:about {_rec(311)} ;
            kg:correctionRule kgv:correction-rule\\/institution-from-country-column .""",
    ),
    (
        "old kanji in the country cell (中華人民共和國) is China",
        393,
        f"""
        {_ag(393)} dct:spatial country:CN ; kg:relatedUnit o:riken-dri .""",
    ),
    (
        "a wrong country: Vienna institutes under オーストラリア共和国 are Austrian",
        212,
        f"""
        {_ag(212)} dct:spatial country:AT .
        {_ag(213)} dct:spatial country:AT .
        ?fix kg:about {_rec(212)} ; kg:correctionRule kgv:correction-rule\\/curated ;
            kg:original "オーストラリア共和国" ; kg:corrected "オーストリア共和国" ;
            kg:reason ?why . FILTER (LANG(?why) = "en")""",
    ),
    # --- OCR errors --------------------------------------------------------------------------
    (
        "OCR パ/バ: バスツール研究所 is the Institut Pasteur of the partner list",
        517,
        f"""
        {_ag(517)} kg:party o:institut-pasteur ; kg:endStatus es:auto-renewal ;
            kg:agreementType kgv:agreement-type\\/comprehensive-agreement .
        ?rel a kg:CooperationRelationship ; kg:partner o:institut-pasteur ;
            kg:cooperatingSince "1984-01"^^xsd:gYearMonth .""",
    ),
    ("OCR C/G: GEMS is CEMS", 454, f"""{_ag(454)} kg:relatedUnit o:riken-cems ."""),
    (
        "letter case: QBIC is QBiC",
        41,
        f"""
        {_ag(41)} kg:relatedUnit o:riken-qbic , o:riken-ims .""",
    ),
    (
        "OCR in a party name resolves through the aliases (バジャジャラン → Padjadjaran)",
        159,
        f"""
        {_ag(159)} kg:party o:universitas-padjadjaran .
        o:universitas-padjadjaran skos:hiddenLabel "バジャジャラン大学"@ja .""",
    ),
    (
        "OCR: デュボン社 is DuPont",
        42,
        f"""
        {_ag(42)} kg:party o:deyupon-sha . o:deyupon-sha skos:prefLabel "デュポン社"@ja .""",
    ),
    # --- duplicates -----------------------------------------------------------------------
    (
        "the exact duplicate rows 404/407 are one agreement from two records",
        407,
        f"""
        {_ag(404)} prov:wasDerivedFrom {_rec(404)} , {_rec(407)} ;
            kg:party o:institute-of-chemistry-cas .
        {_rec(407)} kg:duplicateOf {_rec(404)} ;
            kg:extractionIssue kgv:extraction-issue\\/duplicate-row .
        FILTER NOT EXISTS {{ {_ag(407)} ?p ?o }}""",
    ),
    # --- dates -------------------------------------------------------------------------------
    (
        "per-party ends: MIT 2007.3, NASA 2005.12, NUS 2009.3",
        17,
        f"""
        {_ag(17)} kg:endStatus es:per-party ; kg:endLatest "2009-03-31"^^xsd:date ;
            kg:hasParty [ kg:partyOrganization o:massachusetts-institute-of-technology ;
                          kg:participationEnd "2007-03"^^xsd:gYearMonth ] ,
                        [ kg:partyOrganization o:nasa ;
                          kg:participationEnd "2005-12"^^xsd:gYearMonth ] ,
                        [ kg:partyOrganization o:national-university-of-singapore ;
                          kg:participationEnd "2009-03"^^xsd:gYearMonth ] .
        FILTER NOT EXISTS {{ {_ag(17)} kg:endDate ?end }}""",
    ),
    (
        "two dates in one cell: start 2001.8, amended 2002.2",
        65,
        f"""
        {_ag(65)} kg:startDate "2001-08"^^xsd:gYearMonth ;
            kg:amendedOn "2002-02"^^xsd:gYearMonth ; kg:dateText "2001. 8 / 2002. 2"@ja .
        {_rec(65)} kg:extractionIssue kgv:extraction-issue\\/two-dates-in-cell .""",
    ),
    (
        "fiscal years at both ends: 1979年度 to 1981年度",
        159,
        f"""
        {_ag(159)} kg:startFiscalYear "1979"^^xsd:gYear ; kg:endFiscalYear "1981"^^xsd:gYear ;
            kg:startEarliest "1979-04-01"^^xsd:date ; kg:endLatest "1982-03-31"^^xsd:date .
        FILTER NOT EXISTS {{ {_ag(159)} kg:startDate ?d }}""",
    ),
    (
        "a fiscal-year end after a month start: 1977.1 to 1983年度",
        158,
        f"""
        {_ag(158)} kg:startDate "1977-01"^^xsd:gYearMonth ; kg:endFiscalYear "1983"^^xsd:gYear ;
            kg:endStatus es:fixed ; kg:endEarliest "1983-04-01"^^xsd:date .""",
    ),
    (
        "start 'or earlier' (1997.6以前) has only an upper bound",
        215,
        f"""
        {_ag(215)} kg:startStatus kgv:start-status\\/on-or-before ;
            kg:startLatest "1997-06-30"^^xsd:date ; dct:spatial country:NL .
        FILTER NOT EXISTS {{ {_ag(215)} kg:startEarliest ?e }}""",
    ),
    (
        "end 'or earlier' (2003.12以前) has only an upper bound",
        177,
        f"""
        {_ag(177)} kg:endStatus es:ended-before ; kg:endLatest "2003-12-31"^^xsd:date .
        FILTER NOT EXISTS {{ {_ag(177)} kg:endEarliest ?e }}""",
    ),
    (
        "a date with words: transferred to NIED in 2001.3",
        19,
        f"""
        {_ag(19)} kg:endStatus es:transferred ; kg:endDate "2001-03"^^xsd:gYearMonth ;
            kg:transferredTo o:nied .
        {_rec(19)} kg:extractionIssue kgv:extraction-issue\\/date-with-words .""",
    ),
    (
        "a year range with words: migrated to IPA agreements 2008~2011",
        22,
        f"""
        {_ag(22)} kg:endStatus es:migrated ; kg:endEarliest "2008-01-01"^^xsd:date ;
            kg:endLatest "2011-12-31"^^xsd:date ; kg:party o:fuzan-daigakkou ;
            kg:agreementType kgv:agreement-type\\/joint-graduate-school .
        ?fix kg:about {_rec(22)} ; kg:original "アジア連携大学院協定 韓国 釜山大学校" .""",
    ),
    (
        "succeeded by FANTOM",
        24,
        f"""
        {_ag(24)} kg:endStatus es:succeeded ; kg:endConditionText ?text .""",
    ),
    (
        "year-only dates (FANTOM3)",
        29,
        f"""
        {_ag(29)} kg:startDate "2002"^^xsd:gYear ; kg:endDate "2005"^^xsd:gYear ;
            kg:endLatest "2005-12-31"^^xsd:date .""",
    ),
    # --- end statuses ---------------------------------------------------------------------
    ("無制限 is indefinite", 14, f"""{_ag(14)} kg:endStatus es:indefinite ."""),
    (
        "無期限 is indefinite",
        9,
        f"""
        {_ag(9)} kg:endStatus es:indefinite ; kg:party o:global-alliance-for-genomics-and-health ;
            kg:partnerScope kgv:partner-scope\\/international-organization .""",
    ),
    (
        "継続中 is ongoing, and RIKEN no longer takes part in ENCODE",
        30,
        f"""
        {_ag(30)} kg:endStatus es:ongoing ;
            kg:hasParty [
                kg:partyOrganization o:riken ;
                kg:participationStatus kgv:participation-status\\/not-participating-now ] .""",
    ),
    (
        "更新手続中 is renewal in progress",
        96,
        f"""{_ag(96)} kg:endStatus es:renewal-in-progress .""",
    ),
    ("期限未定 is undetermined", 99, f"""{_ag(99)} kg:endStatus es:undetermined ."""),
    (
        "不明 is unknown; a centre cell that is no code stays text",
        18,
        f"""
        {_ag(18)} kg:endStatus es:unknown ; kg:relatedUnitText "総務部"@ja .""",
    ),
    ("a blank end cell is not stated", 21, f"""{_ag(21)} kg:endStatus es:not-stated ."""),
    (
        "until the consortium ends",
        307,
        f"""
        {_ag(307)} kg:endStatus es:until-condition ;
            kg:endConditionText "コンソーシアム終了まで"@ja .""",
    ),
    (
        "自動更新 is auto-renewal",
        125,
        f"""
        {_ag(125)} kg:endStatus es:auto-renewal ; kg:party o:weizmann-institute-of-science .""",
    ),
    # --- parties -------------------------------------------------------------------------
    (
        "RIKEN is the one principal of every agreement",
        0,
        """
        FILTER NOT EXISTS {
            ?ag a kg:Agreement ; prov:wasDerivedFrom/dct:isPartOf doc:riken2017 .
            FILTER NOT EXISTS { ?ag kg:hasParty [ kg:partyRole role:principal ;
                                                  kg:partyOrganization o:riken ] }
        }""",
    ),
    (
        "JASRI named in the summary is a third party (3 parties declared, 3 modelled)",
        91,
        f"""
        {_ag(91)} kg:hasParty [ kg:partyOrganization o:jasri ; kg:partyRole role:third-party ] ;
            kg:declaredPartyCount/schema:value 3 ; kg:party o:advanced-photon-source-anl .
        {{ SELECT (COUNT(?p) AS ?n) WHERE {{ {_ag(91)} kg:party ?p }} }} FILTER (?n = 3)""",
    ),
    (
        "four parties across three countries (DESY, SLAC, JASRI)",
        32,
        f"""
        {_ag(32)} kg:party o:deutsches-elektronen-synchrotron , o:jasri ,
            o:sutanfoodo-daigaku-sutanfoodo-senkei-kasokuki-sentaa ;
            kg:declaredPartyCount/schema:value 4 .
        o:sutanfoodo-daigaku-sutanfoodo-senkei-kasokuki-sentaa kg:country country:US .""",
    ),
    (
        "Juntendo University's medical school is a named party of the Kazan agreement",
        38,
        f"""
        {_ag(38)} kg:party o:juntendo-university-igakubu .
        o:juntendo-university-igakubu org:subOrganizationOf o:juntendo-university .""",
    ),
    (
        "a summary naming KURRI adds it as third party",
        267,
        f"""
        {_ag(267)} kg:hasParty [
            kg:partyOrganization o:kyoto-university-research-reactor-institute ;
            kg:partyRole role:third-party ] .""",
    ),
    (
        "a sub-organization linked to its parent (Harvard Medical School)",
        78,
        f"""
        {_ag(78)} kg:party ?unit . ?unit org:subOrganizationOf o:harvard-university ;
            org:unitOf o:harvard-university ;
            skos:prefLabel "ハーバード大学 メディカルスクール"@ja .""",
    ),
    (
        "a partner-list unit gets its parent from the English name",
        893,
        """
        o:institute-for-quantum-sciences-michigan-state-university
            org:subOrganizationOf o:michigan-state-university ;
            skos:prefLabel "Institute for Quantum Sciences, Michigan State University"@en .""",
    ),
    (
        "one IRI per organization: CERN in six agreements and in the partner list",
        253,
        """
        { SELECT (COUNT(DISTINCT ?ag) AS ?n) WHERE {
            ?ag kg:party o:conseil-europeen-pour-la-recherche-nucleaire } }
        FILTER (?n = 6)
        ?rel kg:partner o:conseil-europeen-pour-la-recherche-nucleaire ;
            kg:cooperatingSince "1993-12"^^xsd:gYearMonth .""",
    ),
    (
        "several related centres in one cell (BSI, IMS, CLST)",
        246,
        f"""
        {_ag(246)} kg:relatedUnit o:riken-bsi , o:riken-ims , o:riken-clst ;
            kg:party o:nanyang-technological-university .""",
    ),
    (
        "two centre codes joined by a slash (DRI/ASI)",
        17,
        f"""
        {_ag(17)} kg:relatedUnit o:riken-dri , o:riken-asi .""",
    ),
    (
        "an open party list (イリノイ大学、ジョージア大学他) keeps the named parties",
        43,
        f"""
        {_ag(43)} kg:party ?a , ?b . ?a skos:prefLabel "イリノイ大学"@ja .
        ?b skos:prefLabel "ジョージア大学"@ja .""",
    ),
    # --- types -------------------------------------------------------------------------
    (
        "IPA student programme by keyword",
        133,
        f"""
        {_ag(133)} kg:agreementType kgv:agreement-type\\/ipa-student-program ;
            kg:typeBasis kgv:type-basis\\/keyword-rule .""",
    ),
    ("覚書 is an MoU", 87, f"""{_ag(87)} kg:agreementType kgv:agreement-type\\/mou ."""),
    (
        "趣意書 is a letter of intent",
        220,
        f"""
        {_ag(220)} kg:agreementType kgv:agreement-type\\/letter-of-intent .""",
    ),
    # --- countries, units, partner list --------------------------------------------------
    (
        "Taiwan and Hong Kong are regions with their own codes",
        560,
        f"""
        {_ag(560)} dct:spatial country:HK . {_ag(371)} dct:spatial country:TW .
        country:TW skos:prefLabel "台湾"@ja , "Taiwan"@en ; skos:scopeNote ?note .""",
    ),
    (
        "countries are ISO concepts with both labels and RIKEN's region",
        0,
        """
        country:DE skos:notation "DE" ; skos:prefLabel "ドイツ連邦共和国"@ja , "Germany"@en ;
            skos:inScheme kgv:country ; skos:broader kgv:region\\/europe .""",
    ),
    (
        "the legend: 28 RIKEN units, one of them under CLST",
        0,
        """
        { SELECT (COUNT(?u) AS ?n) WHERE { ?u skos:notation ?code .
            FILTER (DATATYPE(?code) = kg:RikenUnitCode) } }
        FILTER (?n = 28)
        o:riken-clst-dgt org:subOrganizationOf o:riken-clst ; skos:notation ?dgt .
        o:riken-cdb skos:prefLabel "多細胞システム形成研究センター"@ja ;
            skos:hiddenLabel "発生・再生科学総合研究センター"@ja ;
            org:subOrganizationOf o:riken ; kg:defunctPossible true ;
            prov:wasDerivedFrom ?record .""",
    ),
    (
        "the partner list gives English names to the organizations the agreements name",
        667,
        """o:korea-institute-of-science-and-technology
            skos:prefLabel "Korea Institute of Science and Technology"@en ,
                "韓国科学技術研究院"@ja ;
            kg:country country:KR .""",
    ),
    (
        "a native name keeps its language",
        811,
        """
        o:universitat-konstanz skos:prefLabel "Universität Konstanz"@de .""",
    ),
    (
        "a lost start cell in the partner list leaves no date, and says so",
        644,
        """
        ?rel kg:partner o:universitas-indonesia ; prov:wasDerivedFrom rec:riken2017-l0644 .
        FILTER NOT EXISTS { ?rel kg:cooperatingSince ?since }
        rec:riken2017-l0644 kg:extractionIssue kgv:extraction-issue\\/cell-lost .""",
    ),
    (
        "a printed English typo is corrected, with the original kept",
        668,
        """
        o:korea-research-institute-of-chemical-technology
            skos:prefLabel "Korea Research Institute of Chemical Technology"@en .
        ?fix kg:about rec:riken2017-l0668 ; kg:original "Reserch" ; kg:corrected "Research" .""",
    ),
    # --- provenance ------------------------------------------------------------------------
    (
        "every agreement and relationship derives from a record with its verbatim line",
        0,
        """
        FILTER NOT EXISTS {
            { ?x a kg:Agreement } UNION { ?x a kg:CooperationRelationship }
            FILTER NOT EXISTS { ?x prov:wasDerivedFrom/kg:rawText ?line }
        }""",
    ),
    (
        "a record holds the verbatim line, its number and its document",
        91,
        f"""
        {_rec(91)} kg:lineNumber 91 ; kg:rawText ?text ;
            dct:isPartOf doc:riken2017 .
        doc:riken2017 kg:asOfDate "2017-03-31"^^xsd:date ;
            kg:originalFileName "002_4c2677ed0123ac0c.txt" .
        FILTER (STRSTARTS(?text, "| | アルゴンヌ国立研究所 先端光源 |"))""",
    ),
    # 28 rows of the Korean block run across 2015-04-01 (counted from the raw text), plus the
    # multilateral row of line 34 whose partners include the Korea National Research Resource
    # Center.
    (
        "the analyst's question: Korean partners active on 2015-04-01",
        0,
        """
        { SELECT (COUNT(DISTINCT ?ag) AS ?n) WHERE {
            ?ag a kg:Agreement ; kg:hasParty ?pp ; kg:startLatest ?s ; kg:endEarliest ?e .
            ?pp kg:partyRole role:partner ; kg:partyOrganization/kg:country country:KR .
            FILTER (?s <= "2015-04-01"^^xsd:date && ?e >= "2015-04-01"^^xsd:date) } }
        FILTER (?n = 29)""",
    ),
]


@pytest.mark.parametrize(("description", "line", "body"), FACTS, ids=[f[0] for f in FACTS])
def test_fact(built: Built, description: str, line: int, body: str) -> None:
    assert built.ask("ASK {" + body + "}"), f"line {line}: {description}"


def test_enough_facts_across_the_table() -> None:
    lines = {line for _, line, _ in FACTS if line}
    assert len(FACTS) >= 40
    assert min(lines) < 50 and max(lines) > 550  # rows chosen across the whole table
