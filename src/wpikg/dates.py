"""Dates as printed in the sources, with comparable bounds.

SPARQL cannot portably compare ``xsd:gYearMonth`` with ``xsd:date``, so every date keeps its
printed precision (``value``) *and* two ``xsd:date`` bounds (``earliest``, ``latest``) that all
filters and shapes use. See ``../shared/design/data-model.md`` §3.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from rdflib import Literal
from rdflib.namespace import XSD

# "2013. 6", "2013.6", "2013.12", "1991", "1993." — a year, optionally a month.
_YEAR_MONTH = r"(?P<year>(?:19|20)\d\d)\s*(?:\.\s*(?P<month>1[0-2]|0?[1-9])(?!\d))?\.?"
_DATE = re.compile(rf"^{_YEAR_MONTH}$")
_FISCAL_YEAR = re.compile(r"^(?P<year>(?:19|20)\d\d)\s*年度$")
_ON_OR_BEFORE = re.compile(r"^(?P<date>.+?)\s*以前$")
_DATE_PREFIX = re.compile(rf"^(?:{_YEAR_MONTH}|(?:19|20)\d\d\s*年度)")


@dataclass(frozen=True)
class DateValue:
    """One printed date: its literal at the printed precision and its bounds."""

    text: str
    earliest: date
    latest: date
    year: int
    month: int | None = None
    fiscal: bool = False

    @property
    def literal(self) -> Literal:
        """``xsd:gYearMonth`` or ``xsd:gYear`` (for a fiscal year: the FY's number as gYear)."""
        if self.month is not None:
            return Literal(f"{self.year:04d}-{self.month:02d}", datatype=XSD.gYearMonth)
        return Literal(f"{self.year:04d}", datatype=XSD.gYear)


def normalize(text: str) -> str:
    """NFKC (full-width digits and spaces to ASCII) and collapsed white space.

    >>> normalize("２０１３．　６")
    '2013. 6'
    """
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def fiscal_year_bounds(year: int) -> tuple[date, date]:
    """Japanese fiscal year N runs from N-04-01 to (N+1)-03-31.

    >>> fiscal_year_bounds(1979)
    (datetime.date(1979, 4, 1), datetime.date(1980, 3, 31))
    """
    return date(year, 4, 1), date(year + 1, 3, 31)


def parse_date(text: str) -> DateValue | None:
    """A single date cell (``2013. 6``, ``1991``, ``1979年度``), or None if it is not one.

    >>> parse_date("2013. 6").literal
    rdflib.term.Literal('2013-06', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#gYearMonth'))
    >>> parse_date("1979年度").latest
    datetime.date(1980, 3, 31)
    >>> parse_date("自動更新") is None
    True
    """
    cell = normalize(text)
    if m := _FISCAL_YEAR.match(cell):
        year = int(m["year"])
        first, last = fiscal_year_bounds(year)
        return DateValue(cell, first, last, year, fiscal=True)
    if m := _DATE.match(cell):
        year = int(m["year"])
        if m["month"] is None:
            return DateValue(cell, date(year, 1, 1), date(year, 12, 31), year)
        month = int(m["month"])
        last_day = calendar.monthrange(year, month)[1]
        return DateValue(cell, date(year, month, 1), date(year, month, last_day), year, month)
    return None


def parse_on_or_before(text: str) -> DateValue | None:
    """The date of an ``…以前`` ("on or before") cell, or None.

    >>> parse_on_or_before("2003.12以前").latest
    datetime.date(2003, 12, 31)
    """
    m = _ON_OR_BEFORE.match(normalize(text))
    return parse_date(m["date"]) if m else None


def is_date_shaped(text: str) -> bool:
    """Whether a cell starts like a date (the anchor used to find shifted columns).

    >>> [is_date_shaped(c) for c in ("2001. 8 / 2002. 2", "1979年度", "1997.6以前", "IMS")]
    [True, True, True, False]
    """
    return bool(_DATE_PREFIX.match(normalize(text)))


def find_dates(text: str) -> list[DateValue]:
    """Every year-month or year mentioned in a free-text cell, in order.

    >>> [str(d.literal) for d in find_dates("MIT 2007. 3 NASA 2005.12")]
    ['2007-03', '2005-12']
    """
    found = []
    for m in re.finditer(_YEAR_MONTH, normalize(text)):
        value = parse_date(m.group(0))
        if value is not None:
            found.append(value)
    return found


# -- Japanese eras (data-model.md §3) ----------------------------------------------------------
@dataclass(frozen=True)
class Era:
    """One Japanese era: its names and the Gregorian span it covers."""

    name: str
    initial: str
    first_day: date
    last_day: date | None = None  # None: the current era


#: The eras the sources can mention, oldest first; year N of an era is ``first_day.year + N - 1``.
ERAS: tuple[Era, ...] = (
    Era("明治", "M", date(1868, 10, 23), date(1912, 7, 29)),
    Era("大正", "T", date(1912, 7, 30), date(1926, 12, 24)),
    Era("昭和", "S", date(1926, 12, 25), date(1989, 1, 7)),
    Era("平成", "H", date(1989, 1, 8), date(2019, 4, 30)),
    Era("令和", "R", date(2019, 5, 1)),
)

_ERA_NAMES = "|".join([e.name for e in ERAS] + [e.initial for e in ERAS])
# 平成30年度, 令和元年, 令和2年7月17日, 平成31年2月5日, H19, H30年度, R1年, R3.4, 令和2年4月
_ERA_DATE = re.compile(
    rf"^(?P<era>{_ERA_NAMES})\s*(?P<year>元|\d{{1,2}})\s*"
    r"(?:(?P<fy>年度)|年\s*(?:(?P<month>\d{1,2})\s*月\s*(?:(?P<day>\d{1,2})\s*日)?)?"
    r"|\.\s*(?P<dot_month>\d{1,2})|(?P<bare>))$"
)


class EraError(ValueError):
    """An era date that the era does not cover (平成32年, 令和元年4月1日)."""


@dataclass(frozen=True)
class EraDate:
    """A date printed in a Japanese era, at its printed precision.

    ``fiscal`` marks a fiscal-year label (年度): ``year`` is then the fiscal year's number.
    """

    text: str
    era: str
    era_year: int
    year: int
    month: int | None = None
    day: int | None = None
    fiscal: bool = False

    @property
    def earliest(self) -> date:
        if self.fiscal:
            return fiscal_year_bounds(self.year)[0]
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> date:
        if self.fiscal:
            return fiscal_year_bounds(self.year)[1]
        if self.month is None:
            return date(self.year, 12, 31)
        last_day = calendar.monthrange(self.year, self.month)[1]
        return date(self.year, self.month, self.day or last_day)

    @property
    def literal(self) -> Literal:
        """``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear`` (a fiscal year: its number)."""
        if self.day is not None and self.month is not None:
            return Literal(date(self.year, self.month, self.day))
        if self.month is not None:
            return Literal(f"{self.year:04d}-{self.month:02d}", datatype=XSD.gYearMonth)
        return Literal(f"{self.year:04d}", datatype=XSD.gYear)


def era_named(name: str) -> Era:
    """The era with this name or initial.

    >>> era_named("H").name, era_named("令和").first_day.year
    ('平成', 2019)
    """
    for era in ERAS:
        if name in (era.name, era.initial):
            return era
    raise KeyError(name)


def parse_era(text: str) -> EraDate | None:
    """A date printed in a Japanese era, or None if the text is not one.

    Kanji names, initials and full-width digits are accepted; 元年 is year 1. A date must lie
    within its era, a month or a year must overlap it; a fiscal year (年度) must overlap it too,
    so 令和元年度 (FY2019, from 2019-04-01, before 令和 began) is valid, as officially used.

    >>> [str(parse_era(t).literal) for t in ("平成30年", "令和元年", "令和2年", "H19", "R1")]
    ['2018', '2019', '2020', '2007', '2019']
    >>> parse_era("令和3年度").year, parse_era("令和3年度").fiscal, parse_era("令和元年度").earliest
    (2021, True, datetime.date(2019, 4, 1))
    >>> parse_era("R3.4").literal
    rdflib.term.Literal('2021-04', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#gYearMonth'))
    >>> str(parse_era("平成31年2月5日").literal), str(parse_era("令和２年７月１７日").literal)
    ('2019-02-05', '2020-07-17')
    >>> parse_era("H30年度").latest, parse_era("2019年度") is None
    (datetime.date(2019, 3, 31), True)
    >>> parse_era("平成32年")
    Traceback (most recent call last):
    ...
    wpikg.dates.EraError: 平成32年: 2020 is outside 平成 (1989-01-08 to 2019-04-30)
    >>> parse_era("令和元年4月1日")
    Traceback (most recent call last):
    ...
    wpikg.dates.EraError: 令和元年4月1日: 2019-04-01 is outside 令和 (2019-05-01 to today)
    """
    cell = normalize(text)
    m = _ERA_DATE.match(cell)
    if m is None:
        return None
    era = era_named(m["era"])
    era_year = 1 if m["year"] == "元" else int(m["year"])
    month = m["month"] or m["dot_month"]
    value = EraDate(
        cell,
        era.name,
        era_year,
        era.first_day.year + era_year - 1,
        int(month) if month else None,
        int(m["day"]) if m["day"] else None,
        fiscal=bool(m["fy"]),
    )
    _check_span(value, era)
    return value


def _check_span(value: EraDate, era: Era) -> None:
    """Reject a value that its era does not cover (it must overlap the era's span)."""
    if value.era_year < 1:
        raise EraError(f"{value.text}: an era has no year 0")
    if value.month is not None and not 1 <= value.month <= 12:
        raise EraError(f"{value.text}: month {value.month}")
    try:
        earliest, latest = value.earliest, value.latest
    except ValueError as error:  # 2月30日
        raise EraError(f"{value.text}: {error}") from None
    last = era.last_day or date.max
    if latest < era.first_day or earliest > last:
        shown = value.earliest.isoformat() if value.day else str(value.literal)
        until = era.last_day.isoformat() if era.last_day else "today"
        raise EraError(
            f"{value.text}: {shown} is outside {era.name} ({era.first_day.isoformat()} to {until})"
        )
