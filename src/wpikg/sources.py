"""The source documents: verbatim text files in ``data/sources/`` with a TOML metadata file each.

The sources are immutable: the metadata pins each file's SHA-256, and loading a file whose
checksum differs is an error, so a hand edit cannot slip into a build.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

from wpikg.errors import SourceError


@dataclass(frozen=True)
class SourceDocument:
    """One source document and its metadata."""

    alias: str
    path: Path
    original_file_name: str
    sha256: str
    title_ja: str
    title_en: str
    publisher_ja: str
    publisher_en: str
    publisher_org: str
    languages: tuple[str, ...]
    as_of_date: date
    as_of_basis: str
    description_en: str

    @cached_property
    def text(self) -> str:
        data = self.path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest != self.sha256:
            raise SourceError(
                f"{self.path}: SHA-256 {digest} differs from the pinned {self.sha256}"
            )
        return data.decode("utf-8")

    @cached_property
    def lines(self) -> list[str]:
        """The document's lines; ``lines[n - 1]`` is line ``n``."""
        return self.text.splitlines()


def load_document(meta_path: Path) -> SourceDocument:
    """Read one ``<alias>.toml`` and the ``<alias>.txt`` beside it."""
    meta = tomllib.loads(meta_path.read_text(encoding="utf-8"))
    try:
        return SourceDocument(
            alias=meta["alias"],
            path=meta_path.with_suffix(".txt"),
            original_file_name=meta["original_file_name"],
            sha256=meta["sha256"],
            title_ja=meta["title_ja"],
            title_en=meta["title_en"],
            publisher_ja=meta["publisher_ja"],
            publisher_en=meta["publisher_en"],
            publisher_org=meta["publisher_org"],
            languages=tuple(meta["languages"]),
            as_of_date=date.fromisoformat(meta["as_of_date"]),
            as_of_basis=meta["as_of_basis"],
            description_en=meta["description_en"],
        )
    except KeyError as missing:
        raise SourceError(f"{meta_path}: missing field {missing}") from None


def load_documents(sources_dir: Path) -> dict[str, SourceDocument]:
    """All documents in the folder, by alias."""
    documents = [load_document(p) for p in sorted(sources_dir.glob("*.toml"))]
    return {d.alias: d for d in documents}
