"""The follow-up cycle of the WPI logic model (``wpi-logic2021``): site visits (June-September),
PD/PO visits (December-March), progress reports, the programme committee's review and its
annual report, and the interim and final evaluations (years 5 and 10).

Each is a ``kg:RecurringActivity`` with a ``schema:Schedule`` (months, ``P1Y``), the roles of
those who attend (``kg:attendeeRole``) and, for the evaluations, the year of support.
"""

from __future__ import annotations

import re

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD

from wpikg import iris
from wpikg.converters.wpi_common import COMMITTEE, PROGRAM, Ledger, node
from wpikg.errors import ConversionError
from wpikg.namespaces import KG, SCHEMA

#: Who attends or receives the follow-up activities, by the words the slides use.
ATTENDEES = {
    "プログラムディレクター": "program-director",
    "プログラムオフィサー": "program-officer",
    "拠点長": "center-director",
    "事務部門長": "administrative-director",
    "ホスト機関の代表者": "host-institution-representative",
    "研究担当理事": "executive-vice-president-research",
}
_MONTHS = re.compile(r"(?P<first>\d{1,2})月\s*~\s*(?P<last>\d{1,2})月")


def read_follow_up(ledger: Ledger) -> None:
    """The follow-up schedule slide and the three activity boxes below it."""
    start = ledger.find(r"フォローアップスケジュール")
    end = ledger.find(r"WPIの成果事例1", start)
    ledger.heading(start, ledger.find(r"^4月 5月", start))
    site = ledger.find(r"^サイトビジット\s*\(現地視察\)", start)
    committee = ledger.find(r"^プログラム\s*委員会$", start)
    visit = ledger.find(r"^PD・PO\s*訪問$", start)
    schedules = {
        "site-visit": ledger.find(r"^サイトビジット\(\d+月", start),
        "pd-po-visit": ledger.find(r"^PD・PO訪問\(\d+月", start),
    }
    report = ledger.find(r"進捗状況報告書の提出", start)
    annual = ledger.find(r"毎年のフォローアップを報告書", start)
    evaluations = ledger.find(r"中間評価.*最終評価", start)
    sections = {"site-visit": (site, committee), "program-committee-review": (committee, visit)}
    sections["pd-po-visit"] = (visit, end)
    for code, (first, last) in sections.items():
        lines = [m for m in ledger.lines(first, last) if m not in (annual, evaluations)]
        _activity(ledger, code, lines, schedules.get(code), yearly=True)
    _activity(ledger, "progress-report", [report], None, yearly=True)
    _activity(ledger, "follow-up-report", [annual], None, yearly=True)
    text = ledger.text(evaluations)
    for code, word in (("interim-evaluation", "中間評価"), ("final-evaluation", "最終評価")):
        m = re.search(rf"(\d+)年目に{word}", text)
        if m is None:
            raise ConversionError(f"{ledger.alias} line {evaluations}: {word} not found")
        _activity(ledger, code, [evaluations], None, yearly=False, year=int(m[1]))


def _activity(
    ledger: Ledger,
    code: str,
    lines: list[int],
    schedule_line: int | None,
    *,
    yearly: bool,
    year: int = 0,
) -> None:
    """A ``kg:RecurringActivity`` of the follow-up cycle, with its schedule and attendees."""
    g = ledger.g
    activity = node("activity", f"wpi-{code}")
    texts = [ledger.text(n) for n in lines]
    g.add((activity, RDF.type, KG.RecurringActivity))
    g.add((activity, SCHEMA.name, Literal(texts[0], lang="ja")))
    g.add((activity, DCTERMS.type, iris.concept("activity", code)))
    g.add((activity, DCTERMS.subject, iris.program(PROGRAM)))
    if len(texts) > 1:
        g.add(
            (
                activity,
                DCTERMS.description,
                Literal(" / ".join(t for t in texts[1:] if t != "内容"), lang="ja"),
            )
        )
    if code == "program-committee-review":
        g.add((activity, SCHEMA.organizer, iris.organization(COMMITTEE)))
    for word, role in ATTENDEES.items():
        if any(word in t for t in texts):
            g.add((activity, KG.attendeeRole, iris.concept("role", role)))
    if year:
        g.add((activity, KG.supportYear, Literal(year, datatype=XSD.positiveInteger)))
    schedule = URIRef(f"{activity}/schedule")
    g.add((activity, SCHEMA.eventSchedule, schedule))
    g.add((schedule, RDF.type, SCHEMA.Schedule))
    if yearly:
        g.add((schedule, SCHEMA.repeatFrequency, Literal("P1Y", datatype=XSD.duration)))
    all_lines = [*lines, *([schedule_line] if schedule_line else [])]
    if schedule_line and (m := _MONTHS.search(ledger.text(schedule_line))):
        for month in _month_span(int(m["first"]), int(m["last"])):
            g.add((schedule, SCHEMA.byMonth, Literal(month, datatype=XSD.integer)))
    for record in ledger.records(all_lines):
        g.add((activity, PROV.wasDerivedFrom, record))
    ledger.count("follow_up_activities")


def _month_span(first: int, last: int) -> list[int]:
    """Months from ``first`` to ``last``, across the year end (12月～3月 → 12, 1, 2, 3).

    >>> _month_span(6, 9), _month_span(12, 3)
    ([6, 7, 8, 9], [12, 1, 2, 3])
    """
    months, month = [first], first
    while month != last:
        month = month % 12 + 1
        months.append(month)
    return months
