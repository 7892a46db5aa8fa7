"""Media-type negotiation (RFC 9110 §12.5.1) over the formats the server offers.

One pure function, :func:`negotiate`: an explicit ``format=`` parameter wins over ``Accept``;
otherwise the offered type with the highest q-value wins, ties going to the more specific media
range and then to the server's order of preference. ``None`` means nothing fits (a 406).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache


class Kind(Enum):
    """What a response carries; each kind has its own offered formats."""

    SOLUTIONS = "solutions"  # SELECT
    BOOLEAN = "boolean"  # ASK
    GRAPH = "graph"  # CONSTRUCT, DESCRIBE, a graph of the store, a service description
    DATASET = "dataset"  # a whole dataset (quads)
    PAGE = "page"  # a resource's description: a page for people, RDF for machines


@dataclass(frozen=True)
class Format:
    """An offered representation: its media type, short name (``format=``) and extension."""

    media_type: str
    name: str
    extension: str


JSON = Format("application/sparql-results+json", "json", "srj")
XML = Format("application/sparql-results+xml", "xml", "srx")
CSV = Format("text/csv", "csv", "csv")
TSV = Format("text/tab-separated-values", "tsv", "tsv")
TURTLE = Format("text/turtle", "turtle", "ttl")
NTRIPLES = Format("application/n-triples", "ntriples", "nt")
NQUADS = Format("application/n-quads", "nquads", "nq")
JSONLD = Format("application/ld+json", "jsonld", "jsonld")
RDFXML = Format("application/rdf+xml", "rdfxml", "rdf")
TRIG = Format("application/trig", "trig", "trig")
HTML = Format("text/html", "html", "html")

#: Offered formats per kind, in the server's order of preference.
OFFERED: dict[Kind, tuple[Format, ...]] = {
    Kind.SOLUTIONS: (JSON, XML, CSV, TSV),
    Kind.BOOLEAN: (JSON, XML, CSV, TSV),
    Kind.GRAPH: (TURTLE, NTRIPLES, JSONLD, RDFXML, NQUADS),
    Kind.DATASET: (NQUADS, TRIG),
    # HTML first: browsers and plain ``*/*`` get the page, RDF clients name their syntax.
    Kind.PAGE: (HTML, TURTLE, JSONLD, NTRIPLES, RDFXML),
}
#: Other names clients use for the same types (``format=ttl``, ``application/json``).
ALIASES: dict[str, Format] = {
    "application/json": JSON,
    "srj": JSON,
    "sparql-results+json": JSON,
    "application/xml": XML,
    "srx": XML,
    "text/xml": XML,
    "ttl": TURTLE,
    "application/x-turtle": TURTLE,
    "nt": NTRIPLES,
    "text/plain": NTRIPLES,
    "json-ld": JSONLD,
    "rdf": RDFXML,
    "xml-rdf": RDFXML,
    "nq": NQUADS,
    "application/xhtml+xml": HTML,
}

_RANGE = re.compile(r"^\s*([\w.+*-]+)/([\w.+*-]+)\s*((?:;[^,]*)?)$")


@dataclass(frozen=True)
class MediaRange:
    """One element of an ``Accept`` header."""

    type: str
    subtype: str
    q: float
    order: int

    def matches(self, media_type: str) -> tuple[bool, int]:
        """Whether it covers ``media_type``, and how specifically (2 exact, 1 type/*, 0 */*)."""
        type_, subtype = media_type.split("/", 1)
        if self.type == "*" and self.subtype == "*":
            return True, 0
        if self.type == type_ and self.subtype == "*":
            return True, 1
        return (self.type == type_ and self.subtype == subtype), 2


def parse_accept(header: str) -> list[MediaRange]:
    """The media ranges of an ``Accept`` header; malformed elements are ignored.

    >>> [(r.type, r.subtype, r.q) for r in parse_accept("text/*;q=0.5, application/json")]
    [('text', '*', 0.5), ('application', 'json', 1.0)]
    """
    ranges = []
    for order, element in enumerate(_split_elements(header)):
        m = _RANGE.match(element)
        if not m:
            continue
        q = 1.0
        for param in m[3].split(";")[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value.strip())))
                except ValueError:
                    q = 0.0
        ranges.append(MediaRange(m[1].lower(), m[2].lower(), q, order))
    return ranges


def _split_elements(header: str) -> list[str]:
    """Split on commas outside quoted parameter values."""
    parts, current, quoted = [], "", False
    for char in header:
        if char == '"':
            quoted = not quoted
        if char == "," and not quoted:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return [p for p in parts if p.strip()]


def by_name(name: str, kind: Kind) -> Format | None:
    """The offered format a ``format=`` value names (short name, extension or media type)."""
    wanted = name.strip().lower()
    for fmt in OFFERED[kind]:
        if wanted in (fmt.name, fmt.extension, fmt.media_type):
            return fmt
    alias = ALIASES.get(wanted)
    return alias if alias in OFFERED[kind] else None


@lru_cache(maxsize=1024)  # pure, and clients send few distinct Accept headers
def negotiate(accept: str | None, format_param: str | None, kind: Kind) -> Format | None:
    """The format to answer with, or None when nothing offered is acceptable.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", None, Kind.SOLUTIONS).name
    'xml'
    >>> negotiate("*/*", None, Kind.GRAPH).name
    'turtle'
    >>> negotiate("image/png", None, Kind.SOLUTIONS) is None
    True
    >>> negotiate("image/png", "csv", Kind.SOLUTIONS).name
    'csv'
    """
    if format_param:
        return by_name(format_param, kind)
    offered = OFFERED[kind]
    if not accept or not accept.strip():
        return offered[0]
    ranges = parse_accept(accept)
    best: tuple[float, int, int] | None = None
    chosen = None
    for preference, fmt in enumerate(offered):
        score = _format_score(ranges, fmt)
        if score is None or score[0] <= 0:
            continue
        key = (score[0], score[1], -preference)
        if best is None or key > best:
            best, chosen = key, fmt
    return chosen


def _format_score(ranges: list[MediaRange], fmt: Format) -> tuple[float, int] | None:
    """A format's score: by its media type, or by an alias the client names exactly
    (``application/json``), never by an alias that only a wildcard covers."""
    scores = [_score(ranges, fmt.media_type)]
    for alias, target in ALIASES.items():
        if target is fmt and "/" in alias and (exact := _score(ranges, alias)) and exact[1] == 2:
            scores.append(exact)
    found = [s for s in scores if s is not None]
    return max(found) if found else None


def _score(ranges: list[MediaRange], media_type: str) -> tuple[float, int] | None:
    """The q-value the most specific matching range gives ``media_type``, and its specificity."""
    best: tuple[int, float] | None = None
    for media_range in ranges:
        matched, specificity = media_range.matches(media_type)
        if matched and (best is None or specificity > best[0]):
            best = (specificity, media_range.q)
    return None if best is None else (best[1], best[0])
