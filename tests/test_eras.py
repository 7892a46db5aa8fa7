"""Japanese era dates (data-model.md §3): kanji names, initials, 元年, full-width digits, fiscal
years, and the rejection of dates outside their era."""

from __future__ import annotations

from datetime import date

import pytest

from wpikg.dates import ERAS, EraError, parse_era


@pytest.mark.parametrize(
    ("text", "literal", "earliest", "latest", "fiscal"),
    [
        ("平成30年度", "2018", date(2018, 4, 1), date(2019, 3, 31), True),
        ("令和元年度", "2019", date(2019, 4, 1), date(2020, 3, 31), True),  # starts in 平成
        ("令和2年度", "2020", date(2020, 4, 1), date(2021, 3, 31), True),
        ("令和3年度", "2021", date(2021, 4, 1), date(2022, 3, 31), True),
        ("平成31年度", "2019", date(2019, 4, 1), date(2020, 3, 31), True),
        ("H30年度", "2018", date(2018, 4, 1), date(2019, 3, 31), True),
        ("平成30年", "2018", date(2018, 1, 1), date(2018, 12, 31), False),
        ("令和元年", "2019", date(2019, 1, 1), date(2019, 12, 31), False),
        ("H19", "2007", date(2007, 1, 1), date(2007, 12, 31), False),
        ("H22", "2010", date(2010, 1, 1), date(2010, 12, 31), False),
        ("H28年", "2016", date(2016, 1, 1), date(2016, 12, 31), False),
        ("R1", "2019", date(2019, 1, 1), date(2019, 12, 31), False),
        ("R1年", "2019", date(2019, 1, 1), date(2019, 12, 31), False),
        ("R3.4", "2021-04", date(2021, 4, 1), date(2021, 4, 30), False),
        ("令和2年4月", "2020-04", date(2020, 4, 1), date(2020, 4, 30), False),
        ("平成31年2月5日", "2019-02-05", date(2019, 2, 5), date(2019, 2, 5), False),
        ("令和2年7月17日", "2020-07-17", date(2020, 7, 17), date(2020, 7, 17), False),
        ("令和２年７月１７日", "2020-07-17", date(2020, 7, 17), date(2020, 7, 17), False),
        ("昭和64年1月7日", "1989-01-07", date(1989, 1, 7), date(1989, 1, 7), False),
        ("平成元年1月8日", "1989-01-08", date(1989, 1, 8), date(1989, 1, 8), False),
        ("S55", "1980", date(1980, 1, 1), date(1980, 12, 31), False),
    ],
)
def test_era_dates(text: str, literal: str, earliest: date, latest: date, fiscal: bool) -> None:
    value = parse_era(text)
    assert value is not None
    assert (str(value.literal), value.earliest, value.latest, value.fiscal) == (
        literal,
        earliest,
        latest,
        fiscal,
    )
    assert value.text  # the printed form is kept


@pytest.mark.parametrize(
    "text",
    [
        "平成32年",  # 平成 ended 2019-04-30
        "平成32年度",  # FY2020 does not overlap 平成 either
        "平成31年5月1日",  # the first day of 令和
        "令和元年4月30日",  # the last day of 平成
        "令和元年4月",  # a month entirely before 令和
        "昭和64年1月8日",
        "平成0年",
        "令和2年2月30日",
        "令和2年13月",
    ],
)
def test_dates_outside_their_era_are_rejected(text: str) -> None:
    with pytest.raises(EraError):
        parse_era(text)


@pytest.mark.parametrize("text", ["2019年度", "2013.6", "元年", "令和", "H", "平成三十年"])
def test_text_that_is_not_an_era_date(text: str) -> None:
    assert parse_era(text) is None


def test_era_table_is_contiguous() -> None:
    for earlier, later in zip(ERAS, ERAS[1:], strict=False):
        assert earlier.last_day is not None
        assert (later.first_day - earlier.last_day).days == 1
    assert ERAS[-1].name == "令和" and ERAS[-1].last_day is None
