"""Saved queries (issue #6): the files, each query's result on the real build, typed and safe
parameters, the HTTP API (real uvicorn) and ``wpikg query``."""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph
import pytest
from openapi_spec_validator import validate
from rdflib import Literal, Variable
from rdflib.plugins.sparql import prepareQuery
from tests.conftest import ROOT, Built, running_server, wpikg_command

from wpikg.namespaces import PREFIXES
from wpikg.queries import (
    ParameterError,
    QueryFileError,
    SavedQuery,
    load_queries,
    parse_query,
)
from wpikg.web.query_ui import TAGS_JA
from wpikg.workers import QueryRequest, execute

QUERIES = load_queries(ROOT / "queries")


def iri(curie: str) -> str:
    """A full IRI from a prefixed name of the project (test tables stay short)."""
    prefix, _, local = curie.partition(":")
    return PREFIXES[prefix] + local


def run(built: Built, query: str) -> tuple[list[str], list[dict[str, str]]]:
    """The columns and rows of a query on the build, through the query workers' code."""
    reply = execute(built.store, QueryRequest(query, "json", 100_000))
    assert reply.error is None, reply.error
    result = json.loads(reply.body)
    rows = [{k: v["value"] for k, v in b.items()} for b in result["results"]["bindings"]]
    return result["head"]["vars"], rows


def _as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else [value]


def has_row(rows: list[dict[str, str]], expected: dict[str, str]) -> bool:
    return any(all(row.get(k) == v for k, v in expected.items()) for row in rows)


# -- the files ----------------------------------------------------------------------------------
def test_at_least_twenty_saved_queries_load() -> None:
    assert len(QUERIES) >= 20
    assert set(QUERIES) == {p.stem for p in (ROOT / "queries").glob("*.rq")}


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_each_file_describes_itself_in_both_languages(name: str) -> None:
    saved = QUERIES[name]
    for lang in ("en", "ja"):
        assert saved.title_in(lang).strip() and saved.description(lang).strip()
    assert saved.titles["en"] != saved.titles["ja"]
    assert saved.tags and saved.view in ("table", "bar", "timeline")
    for parameter in saved.parameters:
        assert parameter.description("en") and parameter.description("ja")
    text = (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    assert text.startswith("#+ title:")


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_declared_prefixes_agree_with_the_project(name: str) -> None:
    """A prefix the project defines means the same in every file (others are local helpers
    such as ``ind:``, named as in the design)."""
    for line in QUERIES[name].bind().splitlines():
        if line.startswith("PREFIX "):
            prefix, namespace = line.split()[1].rstrip(":"), line.split()[2].strip("<>")
            assert PREFIXES.get(prefix, namespace) == namespace, line


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_each_query_parses_with_another_engine(name: str) -> None:
    """rdflib's parser reads every query as bound (portable SPARQL, no engine quirks)."""
    prepareQuery(QUERIES[name].bind())


def test_every_tag_has_a_japanese_label() -> None:
    tags = {tag for q in QUERIES.values() for tag in q.tags}
    assert tags <= set(TAGS_JA), tags - set(TAGS_JA)


def test_the_queries_cover_every_part_of_the_graph() -> None:
    tags = {tag for q in QUERIES.values() for tag in q.tags}
    assert {"riken", "issp", "wpi", "provenance", "quality", "overview"} <= tags
    views = {q.view for q in QUERIES.values()}
    assert views == {"table", "bar", "timeline"}
    types = {p.type for q in QUERIES.values() for p in q.parameters}
    assert types == {"iri", "date", "integer", "string", "language"}


# -- each saved query on the real build ---------------------------------------------------------
#: name → (columns, rows that must be there). Values are read off the source documents, e.g.
#: riken2017 line 397 "中国科学院 近代物理研究所 | 1988. 6 | 2020.11", issp2022 line 77
#: "QMEC 396 (318)", wpi-logic2021 line 54 "令和2年度 59億円 8拠点支援"; 1982 has two
#: starts (riken2017 lines 197 and 394).
EXPECTED: dict[str, tuple[list[str], list[dict[str, str]]]] = {
    "riken-agreements-active-by-country": (
        ["country", "code", "countryName", "agreements", "openEnded"],
        [
            {"code": "KR", "countryName": "South Korea", "agreements": "30"},
            {"code": "CN", "agreements": "46"},
        ],
    ),
    "riken-agreements-with-country": (
        ["agreement", "partner", "partnerName", "unitCode", "start", "end", "endStatus", "line"],
        [
            {
                "partnerName": "高麗大学校 物理学科",
                "unitCode": "RNC",
                "start": "2013-08-01",
                "end": "2018-08-31",
                "line": "353",
            }
        ],
    ),
    "agreements-started-per-year": (
        ["year", "agreements"],
        [{"year": "1977", "agreements": "1"}, {"year": "1982", "agreements": "2"}],
    ),
    "agreements-per-riken-center": (
        ["center", "code", "name", "agreements", "firstYear", "latestYear", "countries"],
        [{"code": "RNC", "name": "仁科加速器研究センター", "agreements": "59"}],
    ),
    "longest-running-agreements": (
        ["agreement", "partnerName", "start", "end", "years", "openEnded", "endStatus"],
        [
            {
                "agreement": iri("ag:riken2017-l0397"),
                "partnerName": "Institute of Modern Physics, CAS",
                "start": "1988-06-01",
                "end": "2020-11-30",
                "years": "32.5",
                "openEnded": "false",
            },
            {"agreement": iri("ag:riken2017-l0394"), "end": "2017-03-31", "openEnded": "true"},
        ],
    ),
    "open-ended-agreements": (
        ["agreement", "status", "start", "partners", "endCondition"],
        [
            {
                "agreement": iri("ag:riken2017-l0394"),
                "status": "Automatic renewal",
                "start": "1982-05-01",
                "partners": "Chinese Academy of Sciences",
            }
        ],
    ),
    "multilateral-consortia": (
        [
            "agreement",
            "name",
            "start",
            "parties",
            "declaredParties",
            "consortium",
            "declaredInstitutions",
            "declaredCountries",
        ],
        [
            {"name": "FANTOM5", "declaredInstitutions": "100", "declaredCountries": "20"},
            {"agreement": iri("ag:riken2017-l0022"), "parties": "7"},
        ],
    ),
    "partners-of-riken-center": (
        ["partner", "name", "nameJa", "countryCode", "agreements", "firstStart", "latestStart"],
        [
            {
                "partner": iri("o:conseil-europeen-pour-la-recherche-nucleaire"),
                "countryCode": "CH",
                "agreements": "3",
            }
        ],
    ),
    "organizations-with-riken-and-issp": (
        ["shared", "name", "nameJa", "rikenPartner", "isspPartner"],
        [
            {
                "shared": iri("o:institute-for-basic-science"),
                "isspPartner": iri("o:center-for-correlated-electron-systems-institute-for-basic"),
            },
            {"shared": iri("o:johns-hopkins-university")},
            {
                "shared": iri("o:max-planck-gesellschaft"),
                "isspPartner": iri("o:max-planck-institute-for-the-physics-of-complex-systems"),
            },
        ],
    ),
    "organization-units-and-agreements": (
        ["unit", "name", "parent", "agreement", "start", "summary"],
        [
            {
                "unit": iri("o:institute-of-chemistry-cas"),
                "agreement": iri("ag:riken2017-l0404"),
                "parent": iri("o:chinese-academy-of-sciences"),
                "summary": "化学及び関連分野での協力に関する覚書",
            }
        ],
    ),
    "wpi-centers": (
        [
            "center",
            "acronym",
            "name",
            "host",
            "hostName",
            "director",
            "directorName",
            "selectionYear",
            "status",
            "statusAsOf",
        ],
        [
            {
                "acronym": "NanoLSI",
                "hostName": "Kanazawa University",
                "directorName": "Takeshi Fukuma",
                "selectionYear": "2017",
            },
            {"acronym": "ASHBi", "directorName": "Mitinori Saitou", "selectionYear": "2018"},
            {"acronym": "Kavli IPMU", "selectionYear": "2007", "status": "WPI Academy centre"},
        ],
    ),
    "wpi-budget-per-year": (
        ["fiscalYear", "budgetJPY", "centers", "perCenterJPY", "observation"],
        [
            {
                "fiscalYear": "2020",
                "budgetJPY": "5900000000",
                "centers": "8",
                "perCenterJPY": "737500000",
            }
        ],
    ),
    "wpi-foreign-researcher-share": (
        [
            "period",
            "periodStart",
            "population",
            "percent",
            "comparator",
            "requiredPercent",
            "meetsRequirement",
            "observation",
        ],
        [
            {
                "period": "2018",
                "percent": "41",
                "requiredPercent": "30",
                "meetsRequirement": "true",
            },
            {"population": "Japanese national universities", "percent": "7.8"},
        ],
    ),
    "wpi-program-committee": (
        [
            "person",
            "name",
            "nameJa",
            "roles",
            "nationality",
            "fields",
            "prizes",
            "currentOrganizations",
        ],
        [
            {
                "name": "Hiroshi Amano",
                "nameJa": "天野 浩",
                "nationality": "JP",
                "prizes": "Nobel Prize in Physics (2014)",
            },
            {"name": "Klaus von Klitzing", "nationality": "DE"},
        ],
    ),
    "issp-symposia-international-share": (
        [
            "symposium",
            "event",
            "start",
            "end",
            "participants",
            "international",
            "internationalPercent",
        ],
        [
            {
                "event": "QMEC",
                "start": "2021-03-22",
                "participants": "396",
                "international": "318",
                "internationalPercent": "80.3",
            }
        ],
    ),
    "issp-publication-statistics": (
        [
            "indicator",
            "country",
            "qualifier",
            "count",
            "percent",
            "period",
            "statedEn",
            "statedJa",
            "observation",
        ],
        [
            {"indicator": "Number of papers", "count": "400", "qualifier": "Nearly"},
            {"country": "United States", "percent": "40"},
        ],
    ),
    "source-discrepancies": (
        [
            "discrepancy",
            "about",
            "property",
            "claim",
            "claimed",
            "document",
            "lines",
            "preferred",
            "status",
            "rationale",
        ],
        [
            {
                "claim": iri("id:selection/wpi-logic2021--ashbi"),
                "claimed": "2013",
                "preferred": "false",
                "status": "Resolved",
            },
            {"claim": iri("id:selection/wpi2019--ashbi"), "claimed": "2018", "preferred": "true"},
        ],
    ),
    "provenance-of-resource": (
        ["graph", "record", "document", "title", "file", "line", "text", "corrections"],
        [
            {
                "graph": iri("graph:source/riken2017"),
                "line": "404",
                "file": "002_4c2677ed0123ac0c.txt",
            }
        ],
    ),
    "conversion-corrections": (
        ["correction", "ruleName", "document", "line", "field", "original", "corrected", "reason"],
        [
            {
                "correction": iri("id:correction/riken2017-l0099-1"),
                "ruleName": "Curated",
                "original": "国立衛生研究所・薬理遺伝学研究ネットワーク",
            }
        ],
    ),
    "dataset-overview": (
        ["type", "class", "resources"],
        [
            {"type": iri("kg:Agreement"), "resources": "554"},
            {"type": iri("kg:ScientificEvent"), "resources": "6"},
        ],
    ),
    "organizations-by-name": (
        ["organization", "matchedAs", "nameJa", "nameEn", "country", "parent", "type"],
        [{"organization": iri("o:riken"), "nameEn": "RIKEN", "country": "JP"}],
    ),
    "agreements-by-partner-country": (
        [
            "country",
            "code",
            "countryName",
            "agreements",
            "institutions",
            "firstStart",
            "latestStart",
        ],
        [{"code": "KR", "countryName": "South Korea"}],
    ),
    "wpi-practices-adopted": (
        ["practiceConcept", "practice", "practiceJa", "centers", "centerAcronyms"],
        [{"practice": "Bilingual administrative staff", "centers": "13"}],
    ),
    "riken-partner-list-vs-agreements": (
        ["partner", "name", "cooperatingSince", "firstAgreement", "comparison"],
        [
            {
                "partner": iri("o:conseil-europeen-pour-la-recherche-nucleaire"),
                "cooperatingSince": "1993-12-01",
                "firstAgreement": "1998-12-01",
                "comparison": "agreement later",
            }
        ],
    ),
}


def test_every_saved_query_has_an_expectation() -> None:
    assert set(EXPECTED) == set(QUERIES)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_saved_query_result_on_the_build(built: Built, name: str) -> None:
    columns, rows_expected = EXPECTED[name]
    found_columns, rows = run(built, QUERIES[name].bind())
    assert found_columns == columns
    charted = [c for value in QUERIES[name].chart.values() for c in _as_list(value)]
    assert set(charted) <= set(columns)  # the chart draws columns the query has
    for expected in rows_expected:
        assert has_row(rows, expected), (expected, rows[:5])


def test_counts_that_the_sources_state(built: Built) -> None:
    """Whole results against totals: 15 committee members (wpi-logic2021 declares 15), 13 WPI
    centres, 182 corrections, 554 agreements over the years, 6 ISSP symposia."""
    sizes = {name: len(run(built, QUERIES[name].bind())[1]) for name in EXPECTED}
    assert sizes["wpi-program-committee"] == 15
    assert sizes["wpi-centers"] == 13
    assert sizes["conversion-corrections"] == 182
    assert sizes["issp-symposia-international-share"] == 6
    per_year = run(built, QUERIES["agreements-started-per-year"].bind())[1]
    assert sum(int(r["agreements"]) for r in per_year) == 552  # RIKEN's, not ISSP's two


# -- parameters ---------------------------------------------------------------------------------
def test_a_date_parameter_changes_the_answer(built: Built) -> None:
    query = QUERIES["riken-agreements-active-by-country"]
    rows_2010 = run(built, query.bind({"date": "2010-01-01"}))[1]
    assert has_row(rows_2010, {"code": "KR", "agreements": "20"})
    # riken2017 line 158: 原子力庁 (Indonesia) 1977.1 to FY1983, the only one in force then
    rows_1980 = run(built, query.bind({"date": "1980-01-01"}))[1]
    assert [(r["code"], r["agreements"]) for r in rows_1980] == [("ID", "1")]
    assert run(built, query.bind({"date": "1970-01-01"}))[1] == []


def test_an_iri_parameter_as_prefixed_name_or_full_iri(built: Built) -> None:
    query = QUERIES["riken-agreements-with-country"]
    short = run(built, query.bind({"country": "country:DE"}))[1]
    full = run(built, query.bind({"country": iri("country:DE")}))[1]
    assert short == full and short
    assert not has_row(short, {"partnerName": "高麗大学校 物理学科"})


def test_an_optional_parameter_is_left_unbound_when_absent(built: Built) -> None:
    query = QUERIES["agreements-started-per-year"]
    everything = run(built, query.bind())[1]
    nishina = run(built, query.bind({"center": "o:riken-rnc"}))[1]
    assert "UNDEF" in query.bind() and "UNDEF" not in query.bind({"center": "o:riken-rnc"})
    assert sum(int(r["agreements"]) for r in nishina) == 59
    assert sum(int(r["agreements"]) for r in everything) > 59


def test_a_language_tagged_string_parameter(built: Built) -> None:
    query = QUERIES["organizations-by-name"]
    english = run(built, query.bind({"name": "Institute for Basic Science@en"}))[1]
    assert [r["organization"] for r in english] == [iri("o:institute-for-basic-science")]
    variant = run(built, query.bind({"name": "カーン大学"}))[1]  # a variant spelling (@ja)
    assert has_row(variant, {"matchedAs": "variant spelling"})
    assert run(built, query.bind({"name": "RIKEN@ja"}))[1] == []  # the tag counts


def test_a_language_and_an_integer_parameter(built: Built) -> None:
    japanese = run(built, QUERIES["source-discrepancies"].bind({"lang": "ja"}))[1]
    assert all("拠点" in r["rationale"] or "年度" in r["rationale"] for r in japanese)
    longest = QUERIES["longest-running-agreements"]
    assert all(float(r["years"]) >= 30 for r in run(built, longest.bind({"minYears": "30"}))[1])
    rule = {"rule": "kgv:correction-rule/curated"}
    curated = run(built, QUERIES["conversion-corrections"].bind(rule))[1]
    assert curated and {r["ruleName"] for r in curated} == {"Curated"}


@pytest.mark.parametrize(
    ("name", "values", "message"),
    [
        ("riken-agreements-with-country", {"date": "2015-02-30"}, "is not a date"),
        ("riken-agreements-with-country", {"date": "1 April 2015"}, "is not a date"),
        ("riken-agreements-with-country", {"country": "KR"}, "not an http(s) or urn IRI"),
        ("riken-agreements-with-country", {"country": "nope:KR"}, "not an http(s) or urn IRI"),
        ("riken-agreements-with-country", {"colour": "red"}, "unknown"),
        ("longest-running-agreements", {"minYears": "ten"}, "is not an integer"),
        ("longest-running-agreements", {"minYears": "-1"}, "below the minimum 0"),
        ("longest-running-agreements", {"minYears": "1e3"}, "is not an integer"),
        ("source-discrepancies", {"lang": "english please"}, "not a language tag"),
        ("organizations-by-name", {"name": "   "}, "is empty"),
        ("organizations-by-name", {"name": "x" * 3000}, "longer than"),
    ],
)
def test_bad_values_are_refused_saying_which_and_why(
    name: str, values: dict[str, str], message: str
) -> None:
    with pytest.raises(ParameterError) as error:
        QUERIES[name].bind(values)
    assert error.value.parameter == next(iter(values))
    assert message in str(error.value)
    assert error.value.status == 400


HOSTILE_IRIS = [
    "http://example.org/> } DROP ALL ; SELECT * { <x",
    'http://example.org/"quote',
    "http://example.org/a b",
    "http://example.org/{brace}",
    "http://example.org/\n} #",
    "o:riken> } UNION { ?s ?p ?o",
    "javascript:alert(1)",
]


@pytest.mark.parametrize("value", HOSTILE_IRIS)
def test_hostile_iris_are_refused(value: str) -> None:
    with pytest.raises(ParameterError, match="organization"):
        QUERIES["organization-units-and-agreements"].bind({"organization": value})


@pytest.mark.parametrize(
    "value",
    ['2015-04-01"^^xsd:date) } UNION { ?s ?p ?o } #', "2015-04-01 } DROP ALL", "2015-04-01\n}"],
)
def test_hostile_dates_are_refused(value: str) -> None:
    with pytest.raises(ParameterError, match="not a date"):
        QUERIES["riken-agreements-active-by-country"].bind({"date": value})


def test_white_space_around_a_value_is_dropped() -> None:
    query = QUERIES["riken-agreements-active-by-country"]
    assert query.bind({"date": " 2015-04-01\n"}) == query.bind({"date": "2015-04-01"})


HOSTILE_TEXTS = [
    'x" } UNION { ?organization ?p ?o } #',
    "x'''\"\"\" ) } ; DROP ALL ; SELECT * WHERE {",
    "line\n} # comment\n{",
    "<script>alert(1)</script>",
    '\\" \\u0022 } FILTER(true) {',
    "\\\\u0022) } #  \\U00000022",
    "x@ja",
]


@pytest.mark.parametrize("value", HOSTILE_TEXTS)
def test_a_string_value_arrives_as_given(value: str) -> None:
    """The value the engine sees is exactly the value sent, in pyoxigraph and in rdflib, even
    with ``\\u0022`` in it (SPARQL reads codepoint escapes before parsing, §19.2)."""
    saved = parse_query(
        "echo",
        HEADER + "#+ parameters: {v: {type: string, langs: [ja], description: {en: v, ja: v}}}"
        "\nSELECT ?v WHERE { }",
    )
    text = value[:-3] if value.endswith("@ja") else value
    bound = saved.bind({"v": value})
    [row] = list(pyoxigraph.Store().query(bound))
    assert row["v"] == pyoxigraph.Literal(text, language="ja")
    assert _values_rows(bound) == [{Variable("v"): Literal(text, lang="ja")}]


def _values_rows(query: str) -> list[dict[Variable, object]]:
    """The rows of the query's VALUES block, as rdflib parses the query."""
    found: list[list[dict[Variable, object]]] = []

    def walk(node: object) -> None:
        if getattr(node, "name", None) == "values":
            found.append(node["res"])
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list | tuple):
            for value in node:
                walk(value)

    walk(prepareQuery(query).algebra)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("value", HOSTILE_TEXTS)
def test_hostile_strings_stay_one_literal_and_change_nothing(built: Built, value: str) -> None:
    """A string value is written as one N-Triples literal: the parsed query has the same shape
    as with a harmless value, its VALUES block holds exactly that literal, and the query runs
    and finds no organization by that name."""
    query = QUERIES["organizations-by-name"]
    hostile, harmless = query.bind({"name": value}), query.bind({"name": "harmless"})
    text = value[:-3] if value.endswith("@ja") else value
    assert _values_rows(hostile) == [{Variable("name"): Literal(text, lang="ja")}]
    shape = repr(prepareQuery(hostile).algebra).replace(repr(Literal(text, lang="ja")), "X")
    assert shape == repr(prepareQuery(harmless).algebra).replace(
        repr(Literal("harmless", lang="ja")), "X"
    )
    assert run(built, hostile)[1] == []


def test_the_bound_query_is_unchanged_outside_the_values_block() -> None:
    query = QUERIES["organizations-by-name"]
    bound = query.bind({"name": "} DROP ALL {"})
    assert bound.count("VALUES (?name)") == 1
    block = bound.split("VALUES (?name) ", 1)[1].split("\n", 1)[0]
    assert block == '{ ("} DROP ALL {"@ja) }'
    assert bound.replace(block, "") == query.bind({"name": "x"}).replace('{ ("x"@ja) }', "")


# -- the loader's own checks --------------------------------------------------------------------
HEADER = """#+ title: {en: T, ja: タ}
#+ description: {en: D, ja: デ}
#+ tags: [test]
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("#+ title: [\nSELECT * WHERE { ?s ?p ?o }", "not valid YAML"),
        (
            "#+ title: {en: T}\n#+ description: {en: D, ja: デ}\n#+ tags: [t]\nSELECT * {}",
            "title needs a text for each of: en, ja",
        ),
        (HEADER + "#+ colour: red\nSELECT * WHERE { ?s ?p ?o }", "unknown header keys: colour"),
        (HEADER + "#+ view: pie\nSELECT * WHERE { ?s ?p ?o }", "view 'pie'"),
        (HEADER + "#+ chart: {colour: s}\nSELECT * WHERE { ?s ?p ?o }", "chart must be"),
        (HEADER + "#+ chart: {value: [1]}\nSELECT * WHERE { ?s ?p ?o }", "chart value must"),
        (HEADER + "#+ title: {en: T, ja: タ}\nSELECT * WHERE { ?s ?p ?o }", "key given twice"),
        (
            HEADER + "#+ parameters: {d: {type: date, description: {en: d, ja: d}}}\n"
            "SELECT * WHERE { ?s ?p ?o }",
            "never uses ?d",
        ),
        (
            HEADER + "#+ parameters: {d: {type: when, description: {en: d, ja: d}}}\n"
            "SELECT * WHERE { ?s ?p ?d }",
            "type must be one of",
        ),
        (
            HEADER
            + "#+ parameters: {d: {type: date, default: soon, description: {en: d, ja: d}}}\n"
            "SELECT * WHERE { ?s ?p ?d }",
            "the default is invalid",
        ),
        (
            HEADER + "#+ parameters: {d: {type: date, description: {en: d, ja: d}}}\n"
            "SELECT * { ?s ?p ?d }",
            "needs a top-level 'WHERE {'",
        ),
        (
            HEADER + "#+ parameters: {format: {type: date, description: {en: d, ja: d}}}\n"
            "SELECT * WHERE { ?s ?p ?format }",
            "not a usable variable name",
        ),
        (
            HEADER + "#+ parameters: {s: {type: string, description: {en: d, ja: d}}}\n"
            "SELECT * WHERE { ?s ?p ?o }",
            "needs 'langs'",
        ),
        (HEADER + "DELETE WHERE { ?s ?p ?o }", "not a query"),
    ],
)
def test_malformed_files_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(QueryFileError, match=message.replace("(", r"\(").replace("?", r"\?")):
        parse_query("broken", text)


def test_a_file_error_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "bad.rq").write_text("#+ title: [\nSELECT * {}", encoding="utf-8")
    with pytest.raises(QueryFileError, match=r"bad\.rq: the '#\+' header is not valid YAML"):
        load_queries(tmp_path)


def test_a_required_parameter_without_default_must_be_given() -> None:
    saved = parse_query(
        "needs-one",
        HEADER + "#+ parameters: {d: {type: date, description: {en: d, ja: d}}}\n"
        "SELECT * # WHERE { in a comment\nWHERE { ?s ?p ?d FILTER (?d != 'WHERE {') }",
    )
    with pytest.raises(ParameterError, match="'d': is required"):
        saved.bind()
    bound = saved.bind({"d": "2020-01-02"})
    assert bound.startswith("SELECT * # WHERE { in a comment\nWHERE {\n  VALUES (?d) {")
    store = pyoxigraph.Store()
    assert list(store.query(bound)) == []  # it parses


def test_home_page_interface() -> None:
    """What the home page uses: .name, .title and .description(lang)."""
    saved: SavedQuery = QUERIES["wpi-centers"]
    assert saved.name == "wpi-centers"
    assert saved.title.startswith("WPI centres")
    assert "拠点" in saved.description("ja") and "centres" in saved.description("en")
    assert saved.description("fr") == saved.description("en")


# -- over HTTP (real uvicorn) -------------------------------------------------------------------
def test_listing_as_json(live_server: str) -> None:
    response = httpx.get(f"{live_server}/queries", timeout=30)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    listed = {q["name"]: q for q in response.json()["queries"]}
    assert set(listed) == set(QUERIES)
    wpi = listed["riken-agreements-active-by-country"]
    assert wpi["title"]["ja"] and wpi["view"] == "bar" and wpi["url"].endswith(wpi["name"])
    assert wpi["parameters"][0] | {"description": None} == {
        "name": "date",
        "type": "date",
        "default": "2015-04-01",
        "required": True,
        "description": None,
    }
    assert "VALUES (?date)" in wpi["query"]


def test_listing_as_a_page(live_server: str) -> None:
    response = httpx.get(f"{live_server}/queries", headers={"Accept": "text/html"}, timeout=30)
    assert response.status_code == 200 and "text/html" in response.headers["content-type"]
    for saved in QUERIES.values():
        assert f'id="{saved.name}"' in response.text
    assert "指定日に有効な理研の国際協定" in response.text  # both languages are shown
    ja = httpx.get(f"{live_server}/queries?format=html&lang=ja", timeout=30)
    assert "<h1>保存されたクエリ</h1>" in ja.text
    head = httpx.head(f"{live_server}/queries", timeout=30)
    assert head.status_code == 200 and head.content == b""


def test_the_language_chosen_on_the_query_ui_is_kept(live_server: str) -> None:
    """``/query?lang=ja`` keeps the choice in the cookie the other pages read."""
    with httpx.Client(base_url=live_server, timeout=30) as session:
        ui = session.get("/query", params={"lang": "ja"})
        assert ui.status_code == 200 and "wpikg_lang=ja" in ui.headers["set-cookie"]
        assert ui.cookies["wpikg_lang"] == "ja"
        listing = session.get("/queries", headers={"Accept": "text/html"})
        assert listing.request.headers["cookie"] == "wpikg_lang=ja"
        assert "<h1>保存されたクエリ</h1>" in listing.text
        assert '<html lang="ja">' in session.get("/query").text
        for response in (ui, listing, session.get("/queries")):
            vary = {name.strip() for name in response.headers["vary"].split(",")}
            assert {"Accept", "Accept-Language", "Cookie"} <= vary
        english = session.get("/queries", params={"lang": "en"}, headers={"Accept": "text/html"})
        assert "<h1>Saved queries</h1>" in english.text
        assert session.cookies["wpikg_lang"] == "en"


def test_running_a_saved_query_with_parameters(live_server: str) -> None:
    url = f"{live_server}/queries/riken-agreements-active-by-country"
    response = httpx.get(url, params={"date": "2010-01-01", "format": "csv"}, timeout=60)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    lines = response.text.splitlines()
    assert lines[0] == "country,code,countryName,agreements,openEnded"
    assert f"{iri('country:KR')},KR,South Korea,20,1" in lines
    xml = httpx.get(url, headers={"Accept": "application/sparql-results+xml"}, timeout=60)
    assert xml.headers["content-type"].startswith("application/sparql-results+xml")
    assert "Accept" in xml.headers["vary"]
    default = httpx.get(url, timeout=60).json()
    assert default["head"]["vars"][0] == "country"


def test_a_browser_is_sent_to_the_query_ui(live_server: str) -> None:
    browser_accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    url = f"{live_server}/queries/riken-agreements-active-by-country?date=2010-01-01"
    response = httpx.get(url, headers={"Accept": browser_accept}, timeout=30)
    assert response.status_code == 303
    target = httpx.URL(response.headers["location"])
    assert target.path == "/query"
    query = target.params["query"]
    assert query.startswith("# RIKEN agreements in force") and '"2010-01-01"' in query
    forced = httpx.get(url + "&format=csv", headers={"Accept": browser_accept}, timeout=30)
    assert forced.status_code == 200 and forced.text.startswith("country,code")
    bad = httpx.get(url.replace("2010-01-01", "soon"), headers={"Accept": browser_accept})
    assert bad.status_code == 400


def test_http_errors(live_server: str) -> None:
    missing = httpx.get(f"{live_server}/queries/no-such-query", timeout=30)
    assert missing.status_code == 404 and missing.json()["error"]["kind"] == "not-found"
    url = f"{live_server}/queries/riken-agreements-with-country"
    bad = httpx.get(url, params={"country": "http://x/> } DROP ALL"}, timeout=30)
    assert bad.status_code == 400
    assert bad.json()["error"]["parameter"] == "country"
    assert "not an IRI" in bad.json()["error"]["message"]
    twice = httpx.get(f"{url}?date=2015-01-01&date=2016-01-01", timeout=30)
    assert twice.status_code == 400 and "more than once" in twice.json()["error"]["message"]
    refused = httpx.get(url, headers={"Accept": "image/png"}, timeout=30)
    assert refused.status_code == 406
    assert httpx.get(url, params={"timeout": "soon"}, timeout=30).status_code == 400


def test_the_api_docs_load_nothing_from_elsewhere(live_server: str) -> None:
    """``/docs`` is Swagger UI from the npm install: every script, style and icon it names is
    served by this server (FastAPI's default would load them from a CDN)."""
    page = httpx.get(f"{live_server}/docs", timeout=30)
    assert page.status_code == 200 and "/openapi.json" in page.text
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert len(assets) >= 3 and all(a.startswith("/ui/swagger/") for a in assets), assets
    for asset in assets:
        assert httpx.get(live_server + asset, timeout=30).status_code == 200, asset
    assert httpx.get(f"{live_server}/redoc", timeout=30).status_code == 404


def test_the_openapi_document_is_valid(live_server: str) -> None:
    """OpenAPI 3 (checked by openapi-spec-validator), one operationId per operation: a route
    that answers GET and HEAD is one documented operation, not two with one id."""
    response = httpx.get(f"{live_server}/openapi.json", timeout=30)
    assert response.status_code == 200
    document = response.json()
    validate(document)
    ids = [op["operationId"] for path in document["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids))
    for path in ("/doc/{path}", "/", "/search", "/dumps/", "/queries"):
        assert list(document["paths"][path]) == ["get"], path


def test_openapi_has_one_operation_per_saved_query(live_server: str) -> None:
    document = httpx.get(f"{live_server}/openapi.json", timeout=30).json()
    for saved in QUERIES.values():
        operation = document["paths"][f"/queries/{saved.name}"]["get"]
        assert operation["operationId"] == f"query-{saved.name}"
        assert operation["summary"] == saved.title
        names = [p["name"] for p in operation["parameters"]]
        assert names == [p.name for p in saved.parameters] + ["format", "timeout"]
    date = document["paths"]["/queries/riken-agreements-active-by-country"]["get"]["parameters"][0]
    assert date["schema"] == {"type": "string", "format": "date", "default": "2015-04-01"}
    assert "/queries/{name}" not in document["paths"]


def test_sparql_shows_the_ui_to_a_browser_only(live_server: str) -> None:
    browser_accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    page = httpx.get(f"{live_server}/sparql", headers={"Accept": browser_accept}, timeout=30)
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert 'id="yasgui"' in page.text and "/ui/yasgui/yasgui.min.js" in page.text
    for accept in ("text/turtle", "*/*", ""):
        description = httpx.get(f"{live_server}/sparql", headers={"Accept": accept}, timeout=30)
        assert description.headers["content-type"].startswith("text/turtle"), accept
    forced = httpx.get(f"{live_server}/sparql?format=turtle", headers={"Accept": browser_accept})
    assert forced.headers["content-type"].startswith("text/turtle")
    assert httpx.get(f"{live_server}/query", timeout=30).status_code == 200


def test_the_ui_files_are_served_locally(live_server: str) -> None:
    for path in (
        "/ui/yasgui/yasgui.min.js",
        "/ui/yasgui/yasgui.min.css",
        "/ui/chartjs/chart.umd.js",
        "/ui/app/wpikg-query.js",
    ):
        assert httpx.get(live_server + path, timeout=30).status_code == 200, path
    outside = f"{live_server}/ui/app/%2e%2e/package.json"  # ui/package.json: not served
    assert httpx.get(outside, timeout=30).status_code == 404


# -- another project: hostile text in a header, and a remote store behind the server ------------
@pytest.fixture(scope="module")
def remote_fronted(
    built: Built, live_server: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """``wpikg serve`` over a project whose one saved query has markup in its title, with the
    session's server as its remote SPARQL endpoint (``sparql_endpoint``)."""
    project = tmp_path_factory.mktemp("hostile-project")
    budget = ROOT / "queries" / "wpi-budget-per-year.rq"
    (project / "queries").mkdir()
    (project / "queries" / "markup.rq").write_text(
        "#+ title: {en: '<script>alert(1)</script> & co', ja: '<b>太字</b>'}\n"
        "#+ description: {en: 'x </script><img src=x onerror=alert(1)>', ja: 'デ'}\n"
        "#+ tags: ['<i>tag</i>']\n"
        + "".join(
            line
            for line in budget.read_text(encoding="utf-8").splitlines(keepends=True)
            if not line.startswith("#+")
        ),
        encoding="utf-8",
    )
    env = {"WPIKG_SPARQL_ENDPOINT": f"{live_server}/sparql"}
    with running_server(project, env=env, ready="/queries") as base:
        yield base


def test_saved_queries_run_against_a_remote_endpoint(remote_fronted: str) -> None:
    response = httpx.get(f"{remote_fronted}/queries/markup?format=csv", timeout=60)
    assert response.status_code == 200
    assert "2020,5900000000,8,737500000" in response.text


def test_everything_rendered_is_escaped(remote_fronted: str) -> None:
    for url in (f"{remote_fronted}/queries?format=html", f"{remote_fronted}/query"):
        page = httpx.get(url, timeout=30).text
        assert "<script>alert(1)</script>" not in page
        assert "<img src=x" not in page and "<b>太字</b>" not in page and "<i>tag</i>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page
    page = httpx.get(f"{remote_fronted}/query", timeout=30).text
    data = page.split('id="wpikg-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data  # the JSON for the page cannot end its script element
    assert json.loads(data)["queries"][0]["title"]["en"].startswith("<script>")


# -- the command line ---------------------------------------------------------------------------
def test_cli_runs_a_saved_query(built: Built) -> None:
    done = subprocess.run(
        wpikg_command(
            built.settings.project_dir,
            "query",
            "riken-agreements-active-by-country",
            "--param",
            "date=2010-01-01",
            "--format",
            "csv",
        ),
        capture_output=True,
        check=True,
        timeout=120,
    )
    lines = done.stdout.decode().splitlines()
    assert lines[0] == "country,code,countryName,agreements,openEnded"
    assert f"{iri('country:KR')},KR,South Korea,20,1" in lines


def test_cli_runs_on_the_remote_endpoint_when_one_is_set(built: Built, live_server: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WPIKG_")}
    env["WPIKG_SPARQL_ENDPOINT"] = f"{live_server}/sparql"
    env["WPIKG_STORE_DIR"] = str(built.settings.project_dir / "no-store-here")
    done = subprocess.run(
        wpikg_command(built.settings.project_dir, "query", "wpi-budget-per-year"),
        capture_output=True,
        check=True,
        timeout=120,
        env=env,
    )
    assert "2020,5900000000,8,737500000" in done.stdout.decode()


def test_cli_runs_a_query_file_and_lists_queries(built: Built, tmp_path: Path) -> None:
    plain = tmp_path / "q.rq"
    plain.write_text(
        "CONSTRUCT { ?c ?p ?o } WHERE { ?c a <https://w3id.org/wpikg/ontology#"
        "WPICenter> ; ?p ?o } LIMIT 3",
        encoding="utf-8",
    )
    command = wpikg_command(built.settings.project_dir, "query", "--file", str(plain))
    turtle = subprocess.run(command, capture_output=True, check=True, timeout=120)
    assert len(list(pyoxigraph.parse(turtle.stdout, format=pyoxigraph.RdfFormat.TURTLE))) == 3
    with_header = tmp_path / "with-header.rq"
    with_header.write_text(
        (ROOT / "queries" / "organizations-by-name.rq").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    found = subprocess.run(
        wpikg_command(
            built.settings.project_dir,
            "query",
            "--file",
            str(with_header),
            "--param",
            "name=RIKEN@en",
            "--format",
            "json",
        ),
        capture_output=True,
        check=True,
        timeout=120,
    )
    rows = json.loads(found.stdout)["results"]["bindings"]
    assert [r["organization"]["value"] for r in rows] == [iri("o:riken")]
    listing = subprocess.run(
        wpikg_command(built.settings.project_dir, "query"), capture_output=True, check=True
    )
    assert len(listing.stdout.decode().splitlines()) == len(QUERIES)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["riken-agreements-with-country", "--param", "date=tomorrow"], "'date'"),
        (["riken-agreements-with-country", "--param", "date"], "KEY=VALUE"),
        (["no-such-query"], "no saved query named 'no-such-query'"),
        (["wpi-centers", "--format", "turtle"], "does not fit a SELECT query"),
        (["--file", str(ROOT / "ui" / "package.json"), "--param", "a=b"], "takes no --param"),
        (["--file", str(ROOT / "no-such-file.rq")], "No such file"),
    ],
)
def test_cli_errors_exit_2_with_a_message(built: Built, args: list[str], message: str) -> None:
    done = subprocess.run(
        wpikg_command(built.settings.project_dir, "query", *args),
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert message in done.stderr.decode()
