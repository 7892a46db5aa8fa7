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
