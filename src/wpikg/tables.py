"""Reading the pipe tables that PDF extraction left in the source documents.

A printed table spans several pages; each page became its own pipe table with a repeated
header row and a ``|---|`` separator. :func:`read_tables` joins the pages of one logical
table (same header) and keeps every data row with its 1-based source line number, which is
what provenance records point at.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

_SEPARATOR = re.compile(r"^:?-+:?$")


@dataclass(frozen=True)
class Row:
    """One data row: its line number in the source, the verbatim line and its cells."""

    line: int
    text: str
    cells: tuple[str, ...]


@dataclass
class Table:
    """A logical table: the header of its first page and the data rows of all its pages."""

    number: int
    header: tuple[str, ...]
    first_line: int
    rows: list[Row] = field(default_factory=list)
    page_header_lines: list[int] = field(default_factory=list)


def split_cells(line: str) -> tuple[str, ...]:
    """The stripped cells of a pipe-table line, without the outer empty cells.

    >>> split_cells("| a | b |  |")
    ('a', 'b', '')
    """
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return tuple(cell.strip() for cell in inner.split("|"))


def _is_separator(cells: tuple[str, ...]) -> bool:
    return all(_SEPARATOR.match(c) for c in cells if c) and any(cells)


def _pipe_blocks(lines: Iterable[str]) -> Iterator[list[tuple[int, str]]]:
    """Runs of consecutive pipe-table lines, as (line number, text) pairs."""
    block: list[tuple[int, str]] = []
    for number, text in enumerate(lines, start=1):
        if text.lstrip().startswith("|"):
            block.append((number, text.rstrip("\n")))
        elif block:
            yield block
            block = []
    if block:
        yield block


def _header_key(header: tuple[str, ...]) -> str:
    return header[0] if header else ""


def read_tables(text: str) -> list[Table]:
    """All logical tables of a document, pages with the same header joined in order.

    >>> doc = "| A | B |\\n|---|---|\\n| 1 | 2 |\\n\\n| A | B |\\n|--|--|\\n| 3 | 4 |\\n"
    >>> [(t.header, [r.line for r in t.rows]) for t in read_tables(doc)]
    [(('A', 'B'), [3, 7])]
    """
    tables: list[Table] = []
    for block in _pipe_blocks(text.splitlines()):
        header_line, header_text = block[0]
        header = split_cells(header_text)
        body = [(n, t) for n, t in block[1:] if not _is_separator(split_cells(t))]
        current = tables[-1] if tables else None
        if current is not None and _header_key(current.header) == _header_key(header):
            current.page_header_lines.append(header_line)
        else:
            current = Table(len(tables) + 1, header, header_line)
            tables.append(current)
        current.rows.extend(Row(n, t, split_cells(t)) for n, t in body)
    return tables
