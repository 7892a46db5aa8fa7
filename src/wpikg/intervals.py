"""Named time intervals (OWL-Time), so that observations and claims can share periods.

``id/time/fy2018`` (Japanese fiscal year 2018: 2018-04-01 .. 2019-03-31), ``id/time/cy2018``
(calendar year) and spans such as ``id/time/fy2019-fy2021``; their beginnings and ends are
instants keyed by date (``id/time/2018-04-01``). Never blank nodes (data-model.md §3).
"""

from __future__ import annotations

from datetime import date

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from wpikg import iris
from wpikg.dates import fiscal_year_bounds
from wpikg.namespaces import KG, TIME


def fiscal_year(g: Graph, year: int) -> URIRef:
    """Japanese fiscal year ``year`` (``年度``).

    >>> g = Graph(); str(fiscal_year(g, 2021))
    'https://w3id.org/wpikg/id/time/fy2021'
    """
    node = _interval(g, f"fy{year}", *fiscal_year_bounds(year), f"{year}年度", f"FY{year}")
    g.add((node, KG.fiscalYear, Literal(f"{year:04d}", datatype=XSD.gYear)))
    return node


def calendar_year(g: Graph, year: int) -> URIRef:
    """Calendar year ``year`` (``年``)."""
    node = _interval(g, f"cy{year}", date(year, 1, 1), date(year, 12, 31), f"{year}年", str(year))
    g.add((node, KG.calendarYear, Literal(f"{year:04d}", datatype=XSD.gYear)))
    return node


def fiscal_years(g: Graph, first: int, last: int) -> URIRef:
    """The span of fiscal years ``first`` to ``last`` (``fy2019-fy2021``)."""
    begin, end = fiscal_year_bounds(first)[0], fiscal_year_bounds(last)[1]
    label_ja, label_en = f"{first}〜{last}年度", f"FY{first}–FY{last}"
    return _interval(g, f"fy{first}-fy{last}", begin, end, label_ja, label_en)


def _interval(g: Graph, key: str, begin: date, end: date, label_ja: str, label_en: str) -> URIRef:
    node = iris.time_interval(key)
    g.add((node, RDF.type, TIME.ProperInterval))
    g.add((node, RDFS.label, Literal(label_ja, lang="ja")))
    g.add((node, RDFS.label, Literal(label_en, lang="en")))
    g.add((node, TIME.hasBeginning, _instant(g, begin)))
    g.add((node, TIME.hasEnd, _instant(g, end)))
    return node


def _instant(g: Graph, day: date) -> URIRef:
    node = iris.time_interval(day.isoformat())
    g.add((node, RDF.type, TIME.Instant))
    g.add((node, TIME.inXSDDate, Literal(day)))
    return node
