"""The wpikg error hierarchy. Domain errors only; the web layer maps them to responses."""

from __future__ import annotations


class WpikgError(Exception):
    """Base of every error wpikg raises on purpose."""

    exit_code = 2


class SourceError(WpikgError):
    """A source document or its metadata is missing, unreadable or altered."""


class RegistryError(WpikgError):
    """A registry or corrections file is malformed or refers to something that is not there."""


class ConversionError(WpikgError):
    """A converter met input it cannot account for (a row neither converted nor flagged)."""


class RdfSyntaxError(WpikgError):
    """An RDF file does not parse; says where (line and column, 1-based)."""

    def __init__(self, source: str, line: int | None, column: int | None, message: str) -> None:
        where = f"{source}:{line}:{column}" if line is not None else source
        super().__init__(f"{where}: {message}")
        self.source, self.line, self.column = source, line, column


class DataInvalid(WpikgError):
    """The data violates the shapes; nothing was written."""

    exit_code = 1


class StoreError(WpikgError):
    """The store could not be opened, written or swapped."""
