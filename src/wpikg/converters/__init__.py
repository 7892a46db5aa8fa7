"""Converters: one per source document, each turning the document into its source graph.

A converter is a function ``(document, context) -> Conversion``. It may register
organizations in the shared :class:`~wpikg.organizations.OrganizationRegistry` (which becomes
``graph/registry``) but writes facts only to its own graph. ``CONVERTERS`` maps document
aliases to converters; documents without one are reported as not converted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph

from wpikg.corrections import Corrections
from wpikg.countries import CountryIndex
from wpikg.organizations import OrganizationRegistry
from wpikg.sources import SourceDocument


@dataclass
class BuildContext:
    """What converters share: lookups, the organization registry and the corrections."""

    countries: CountryIndex
    organizations: OrganizationRegistry
    corrections: Corrections
    #: RIKEN centre code → organization slug, filled by the RIKEN converter's legend.
    #: Curated extraction tables for documents whose structure is prose (data/curated/).
    curated_dir: Path = Path("data/curated")
    riken_units: dict[str, str] = field(default_factory=dict)
    #: Country code → RIKEN's region code (``kgv:region``), from the partner list.
    country_regions: dict[str, str] = field(default_factory=dict)


@dataclass
class Conversion:
    """A converted document: its source graph and its section of the build report
    (``tables``: the reconciliation per table; ``facts``: facts extracted by kind;
    ``left_out``: statements deliberately not modelled, with the reason)."""

    document: SourceDocument
    graph: Graph
    report: dict[str, Any]


Converter = Callable[[SourceDocument, BuildContext], Conversion]


def converters() -> dict[str, Converter]:
    """Document alias → converter. (Imported lazily so each converter module stays optional.)"""
    from wpikg.converters import issp, riken, wpi_logic, wpi_status

    return {
        "issp2022": issp.convert,
        "riken2017": riken.convert,
        "wpi-logic2021": wpi_logic.convert,
        "wpi2019": wpi_status.convert,
    }
