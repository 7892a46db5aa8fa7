"""The layers under the converters: tables, dates, agreement terms, row repair by cell kind."""

from __future__ import annotations

from datetime import date

import pytest
from tests.conftest import ROOT

from wpikg.converters.riken_rows import PlaceReader, repair_agreement_row, repair_partner_row
from wpikg.corrections import Corrections
from wpikg.countries import CountryIndex
from wpikg.dates import parse_date
from wpikg.tables import Row, read_tables, split_cells
from wpikg.terms import Term, read_end, read_start


@pytest.mark.parametrize(
    ("cell", "literal", "earliest", "latest"),
    [
        ("2013. 6", "2013-06", date(2013, 6, 1), date(2013, 6, 30)),
        ("2013.12", "2013-12", date(2013, 12, 1), date(2013, 12, 31)),
        ("1991", "1991", date(1991, 1, 1), date(1991, 12, 31)),
        ("1993.", "1993", date(1993, 1, 1), date(1993, 12, 31)),
        ("２００８．２", "2008-02", date(2008, 2, 1), date(2008, 2, 29)),
        ("1979年度", "1979", date(1979, 4, 1), date(1980, 3, 31)),
    ],
)
def test_dates(cell: str, literal: str, earliest: date, latest: date) -> None:
    value = parse_date(cell)
    assert value is not None
    assert (str(value.literal), value.earliest, value.latest) == (literal, earliest, latest)


@pytest.mark.parametrize("cell", ["自動更新", "", "2013.13", "MIT 2007. 3"])
def test_not_dates(cell: str) -> None:
    assert parse_date(cell) is None


@pytest.mark.parametrize(
    ("cell", "status", "bounds"),
    [
        ("2018. 5", "fixed", (date(2018, 5, 1), date(2018, 5, 31))),
        ("自動更新", "auto-renewal", (None, None)),
        ("無制限", "indefinite", (None, None)),
        ("更新予定", "renewal-planned", (None, None)),
        ("2003.12以前", "ended-before", (None, date(2003, 12, 31))),
        ("2001.3 防災研へ移管", "transferred", (date(2001, 3, 1), date(2001, 3, 31))),
        ("2008~2011 IPA協定などへ移行", "migrated", (date(2008, 1, 1), date(2011, 12, 31))),
        ("FANTOMに 引継ぎ", "succeeded", (None, None)),
        ("付属協定の終了まで", "until-condition", (None, None)),
        (
            "MIT 2007. 3 NASA 2005.12 NUS 2009. 3",
            "per-party",
            (date(2009, 3, 1), date(2009, 3, 31)),
        ),
        ("", "not-stated", (None, None)),
    ],
)
def test_end_cells(cell: str, status: str, bounds: tuple[object, object]) -> None:
    term = Term()
    read_end(cell, term)
    assert (term.end_status, term.end_bounds, term.problems) == (status, bounds, [])


def test_an_unknown_end_is_a_problem_not_a_guess() -> None:
    term = Term()
    read_end("そのうち", term)
    assert term.problems and term.end_status == "not-stated"


def test_two_dates_in_a_start_cell() -> None:
    term = Term()
    read_start("2001. 8 / 2002. 2", term)
    assert str(term.start.literal) == "2001-08"  # type: ignore[union-attr]
    assert [str(d.literal) for d in term.amended] == ["2002-02"]
    assert term.issues == ["two-dates-in-cell"]


def test_pages_of_one_table_are_joined_with_their_line_numbers() -> None:
    text = "| A | B |\n|---|---|\n| 1 | 2 |\n\n| A | B |\n|--|--|\n| 3 | 4 |\n\n| C |\n|-|\n| x |\n"
    tables = read_tables(text)
    assert [(t.header, [r.line for r in t.rows]) for t in tables] == [
        (("A", "B"), [3, 7]),
        (("C",), [11]),
    ]
    assert split_cells("| a |  | b |") == ("a", "", "b")


@pytest.fixture(scope="module")
def places() -> PlaceReader:
    return PlaceReader(CountryIndex(ROOT / "data" / "registry" / "country-aliases.tsv"))


def _row(text: str) -> Row:
    return Row(1, text, split_cells(text))


@pytest.mark.parametrize(
    ("line", "institution", "units", "repairs", "lost"),
    [
        ("| 英国 | サリー大学 | 核物理学 | 2015.8 | 2017.8 | RNC |", "サリー大学", "RNC", [], []),
        (
            "| インテル社 | 計算機 | 2017. 1 | 研究協力終了迄 | AICS | |",
            "インテル社",
            "AICS",
            ["shifted-cells-by-type"],
            [],
        ),
        (
            "| | 大韓民国 | 韓国科学技術研究院 | 姉妹協力協定 | 1989.11 | 2019.11 |",
            "韓国科学技術研究院",
            "",
            ["shifted-cells-by-type"],
            ["units"],
        ),
        (
            "| 韓国化学研究所 | | 包括的協力覚書 | 1994.5 | 2019.9 | |",
            "韓国化学研究所",
            "",
            ["institution-from-country-column"],
            [],
        ),
    ],
)
def test_agreement_rows_are_repaired_by_cell_kind(
    places: PlaceReader,
    line: str,
    institution: str,
    units: str,
    repairs: list[str],
    lost: list[str],
) -> None:
    carried = places.place("大韓民国")
    repaired = repair_agreement_row(_row(line), 1, carried, places, Corrections([]), "t")
    assert repaired.fields["institution"] == institution
    assert repaired.fields["units"] == units
    assert (repaired.repairs, repaired.lost, repaired.problems) == (repairs, lost, [])


def test_a_row_without_a_start_date_is_flagged(places: PlaceReader) -> None:
    row = _row("| 英国 | サリー大学 | 核物理学 | そのうち | 未定 | RNC |")
    repaired = repair_agreement_row(row, 1, None, places, Corrections([]), "t")
    assert repaired.problems == ["no date-shaped start cell"]


def test_cells_that_fit_no_field_are_flagged_not_dropped(places: PlaceReader) -> None:
    # The end date is the first date-shaped cell, so the row reads as shifted right; the
    # country and institution cells then do not both fit, and the row is flagged.
    row = _row("| 英国 | サリー大学 | 核物理学 | そのうち | 2017.8 | RNC |")
    repaired = repair_agreement_row(row, 1, None, places, Corrections([]), "t")
    assert any(p.startswith("cells left over") for p in repaired.problems)


@pytest.mark.parametrize(
    ("line", "country", "since", "lost"),
    [
        ("| 欧州 | 英国 | サリー大学 | University of Surrey | 2015. 8 |", "GB", "2015. 8", []),
        ("| 大韓民国 | 延世大学校 | Yonsei University | 2013. 5 | |", "KR", "2013. 5", []),
        ("| 湖南大学 | | Hunan University | 2008. 8 | |", "CN", "2008. 8", []),
        ("| | | スペイン王国 | アルカラ大学 | University of Alcala |", "ES", "", ["since"]),
    ],
)
def test_partner_rows_are_repaired_by_cell_kind(
    places: PlaceReader, line: str, country: str, since: str, lost: list[str]
) -> None:
    carried = ("アジア・中東", places.place("中華人民共和国"))
    repaired = repair_partner_row(_row(line), 3, carried, places, Corrections([]), "t")
    assert repaired.place is not None and repaired.place.country is not None
    assert repaired.place.country.alpha2 == country
    assert (repaired.fields["since"], repaired.lost, repaired.problems) == (since, lost, [])
