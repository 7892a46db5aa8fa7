"""The curated corrections file: repairs that rules cannot decide, one per line, with a reason.

``data/corrections.tsv`` columns: document alias, source line, field (a logical column of the
row, e.g. ``country`` or ``institution``), the original text (must occur in that field), the
corrected text, and the reason. A correction that no longer matches its row is an error, so
the file cannot silently go stale.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from wpikg.errors import RegistryError
from wpikg.text import read_tsv


@dataclass(frozen=True)
class Correction:
    """One curated correction."""

    document: str
    line: int
    field: str
    original: str
    corrected: str
    reason: str


class Corrections:
    """The corrections of all documents, applied row by row; remembers which were used."""

    def __init__(self, items: list[Correction]) -> None:
        self._by_row: dict[tuple[str, int], list[Correction]] = defaultdict(list)
        for item in items:
            self._by_row[(item.document, item.line)].append(item)
        self._used: set[Correction] = set()

    @classmethod
    def load(cls, path: Path) -> Corrections:
        items = []
        for n, row in enumerate(read_tsv(path), start=1):
            if not row["reason"].strip():
                raise RegistryError(f"{path}: correction {n} has no reason")
            items.append(
                Correction(
                    row["document"],
                    int(row["line"]),
                    row["field"],
                    row["original"],
                    row["corrected"],
                    row["reason"],
                )
            )
        return cls(items)

    def apply(self, document: str, line: int, fields: dict[str, str]) -> list[Correction]:
        """Apply this row's corrections to ``fields`` in place; return the ones applied."""
        applied = []
        for item in self._by_row.get((document, line), []):
            value = fields.get(item.field)
            if value is None or item.original not in value:
                raise RegistryError(
                    f"correction for {document} line {line} field {item.field!r}: "
                    f"{item.original!r} not found in {value!r}"
                )
            fields[item.field] = value.replace(item.original, item.corrected, 1)
            applied.append(item)
            self._used.add(item)
        return applied

    def unused(self, document: str) -> list[Correction]:
        """Corrections of a document that matched no row (each one is a build error)."""
        return [
            item
            for (doc, _), items in self._by_row.items()
            if doc == document
            for item in items
            if item not in self._used
        ]
