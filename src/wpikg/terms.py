"""What a start or end cell of an agreement row says: a date, a status, or both.

End-status codes are the ``kgv:end-status`` scheme of ``ontology/vocab.ttl``; the table in
data-model.md §3 says how each one is read. Extraction issues found here (two dates in one
cell, a date with extra words) are reported so that the record can carry them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from wpikg.dates import DateValue, find_dates, normalize, parse_date, parse_on_or_before

# Status words of end cells, in the order they are tested.
_END_WORDS: tuple[tuple[str, str], ...] = (
    (r"無期限|無制限", "indefinite"),
    (r"自動更新", "auto-renewal"),
    (r"継続中", "ongoing"),
    (r"継続予定", "continuation-planned"),
    (r"更新手続中", "renewal-in-progress"),
    (r"更新予定", "renewal-planned"),
    (r"期限未定", "undetermined"),
    (r"不明", "unknown"),
    (r"(?:終了|完了)(?:まで|迄)", "until-condition"),
    (r"引継", "succeeded"),
    (r"移行", "migrated"),
    (r"移管", "transferred"),
)
_PER_PARTY = re.compile(r"(?P<who>[A-Za-z][\w.&-]*)\s+(?P<when>(?:19|20)\d\d\s*\.\s*\d{1,2})")


@dataclass(frozen=True)
class PartyEnd:
    """One party's own end date in a per-party end cell (``MIT 2007. 3``)."""

    label: str
    end: DateValue


@dataclass
class Term:
    """The start and end of an agreement as its cells state them."""

    start: DateValue | None = None
    start_on_or_before: bool = False
    amended: list[DateValue] = field(default_factory=list)
    end: DateValue | None = None
    end_status: str = "not-stated"
    end_range: tuple[DateValue, DateValue] | None = None
    end_condition_text: str | None = None
    party_ends: list[PartyEnd] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def start_bounds(self) -> tuple[object, object]:
        """(earliest, latest) start; earliest is None for an ``…以前`` start."""
        if self.start is None:
            return None, None
        return (None if self.start_on_or_before else self.start.earliest), self.start.latest

    @property
    def end_bounds(self) -> tuple[object, object]:
        """(earliest, latest) end; None where the end is open or unknown."""
        if self.end_range is not None:
            return self.end_range[0].earliest, self.end_range[1].latest
        if self.party_ends:
            last = max(self.party_ends, key=lambda p: p.end.latest).end
            return last.earliest, last.latest
        if self.end is None:
            return None, None
        if self.end_status == "ended-before":
            return None, self.end.latest
        return self.end.earliest, self.end.latest


def read_start(cell: str, term: Term) -> None:
    """Fill the start of ``term`` from a start cell (``2013. 6``, ``1997.6以前``,
    ``2001. 8 / 2002. 2``)."""
    text = normalize(cell)
    if before := parse_on_or_before(text):
        term.start, term.start_on_or_before = before, True
        return
    if "/" in text:
        first, *rest = (part.strip() for part in text.split("/"))
        dates = [parse_date(p) for p in (first, *rest)]
        if all(dates):
            term.start = dates[0]
            term.amended = [d for d in dates[1:] if d is not None]
            term.issues.append("two-dates-in-cell")
            return
    term.start = parse_date(text)
    if term.start is None:
        term.problems.append(f"start cell is not a date: {cell!r}")


def read_end(cell: str, term: Term) -> None:
    """Fill the end of ``term`` from an end cell (a date, a status word, or both)."""
    text = normalize(cell)
    if not text:
        term.end_status = "not-stated"
    elif date_value := parse_date(text):
        term.end, term.end_status = date_value, "fixed"
    elif before := parse_on_or_before(text):
        term.end, term.end_status = before, "ended-before"
    elif ends := _PER_PARTY.findall(text):
        term.party_ends = [PartyEnd(who, parse_date(when)) for who, when in ends]  # type: ignore[arg-type]
        term.end_status = "per-party"
    else:
        _read_end_words(text, term)


def _read_end_words(text: str, term: Term) -> None:
    status = next((code for pattern, code in _END_WORDS if re.search(pattern, text)), None)
    if status is None:
        term.problems.append(f"end cell is neither a date nor a known status: {text!r}")
        return
    term.end_status = status
    dates = find_dates(text)
    if status == "until-condition" or (status in {"succeeded", "migrated"} and not dates):
        term.end_condition_text = text
    if re.search(r"(?:19|20)\d\d\s*[~〜～-]\s*(?:19|20)\d\d", text) and len(dates) == 2:
        term.end_range = (dates[0], dates[1])
        term.issues.append("date-with-words")
    elif dates:
        term.end = dates[0]
        term.issues.append("date-with-words")
