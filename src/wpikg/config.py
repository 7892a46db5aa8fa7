"""All settings, declared once. Environment variables use the ``WPIKG_`` prefix
(``WPIKG_QUERY_TIME_LIMIT_MS=5000``); CLI flags override them. ``tests/test_docs.py`` keeps the
README's settings table in line with this class.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from wpikg.namespaces import DEFAULT_BASE

MIN_TOKEN_CHARS = 16


def default_pool_size() -> int:
    """Query workers by default: one per core, at least two (one slow query never blocks all)."""
    return max(2, os.cpu_count() or 2)


def _default_project_dir() -> Path:
    """The checkout this package runs from (src layout), else the working directory."""
    checkout = Path(__file__).resolve().parents[2]
    return checkout if (checkout / "pyproject.toml").is_file() else Path.cwd()


class Settings(BaseSettings):
    """wpikg settings. Paths default to folders of the project directory."""

    # No value in error messages: one of them is a secret (ingest_token).
    model_config = SettingsConfigDict(env_prefix="WPIKG_", frozen=True, hide_input_in_errors=True)

    base_iri: str = Field(
        DEFAULT_BASE, description="Base IRI every resource is minted under (ends with '/')."
    )
    project_dir: Path = Field(
        default_factory=_default_project_dir,
        description="Project folder holding data/, ontology/ and shapes/.",
    )
    store_dir: Path | None = Field(
        None, description="Oxigraph store folder (default: data/store, a link to the live build)."
    )
    dist_dir: Path | None = Field(None, description="Dumps and build report (default: data/dist).")
    query_time_limit_ms: int = Field(
        30000, gt=0, description="Longest a query may run; a client may ask for less, never more."
    )
    max_result_rows: int = Field(
        100000, gt=0, description="Most rows (or triples) a result holds; a cut result says so."
    )
    query_workers: int = Field(
        default_factory=default_pool_size,
        gt=0,
        description="Query worker processes (default: one per core, at least two).",
    )
    query_memory_limit_mb: int = Field(
        4096, ge=0, description="Address-space limit of each query worker (0: none)."
    )
    result_cache_mb: int = Field(
        64, ge=0, description="Memory for remembered query results of the local store (0: none)."
    )
    max_body_bytes: int = Field(
        1_048_576, gt=0, description="Largest request body the server reads."
    )
    max_query_chars: int = Field(100_000, gt=0, description="Longest query text accepted.")
    service_allow: list[str] = Field(
        default_factory=list,
        description="IRI prefixes that SPARQL SERVICE may call (empty: SERVICE is refused).",
    )
    sparql_endpoint: str | None = Field(
        None, description="A remote SPARQL 1.1 endpoint to serve from instead of the store."
    )
    ingest_token: SecretStr | None = Field(
        None,
        description="Bearer token for POST /graphs/{name} (HTTP ingest), at least "
        f"{MIN_TOKEN_CHARS} characters; unset or empty: the route is off (404).",
    )
    ingest_agent: str = Field(
        "wpikg ingest",
        min_length=1,
        description="Who an ingest is recorded as (dct:creator of the graph) unless --by or "
        "the request's From header names someone.",
    )
    ingest_time_limit_ms: int = Field(
        900_000, gt=0, description="Longest an HTTP ingest (a full rebuild) may run."
    )
    validation_time_limit_ms: int = Field(
        60_000, gt=0, description="Longest a POST /validate may take; then its process is killed."
    )
    max_validations: int = Field(
        1, gt=0, description="Validations (child processes) POST /validate runs at once."
    )
    max_validation_triples: int = Field(
        50_000, gt=0, description="Most triples a POST /validate or /graphs/{name} body holds."
    )
    host: str = Field("127.0.0.1", description="Address `wpikg serve` listens on.")
    port: int = Field(8000, description="TCP port `wpikg serve` listens on.")

    @field_validator("ingest_token", mode="before")
    @classmethod
    def _usable_token(cls, value: object) -> object:
        """An empty token is no token (the route is off); a short one is refused."""
        text = value.get_secret_value() if isinstance(value, SecretStr) else value
        if not isinstance(text, str):
            return value
        if not text.strip():
            return None
        if len(text.strip()) < MIN_TOKEN_CHARS:
            raise ValueError(
                f"the ingest token needs at least {MIN_TOKEN_CHARS} characters "
                "(empty: HTTP ingest is off)"
            )
        return text.strip()

    @property
    def data_dir(self) -> Path:
        return self.project_dir / "data"

    @property
    def sources_dir(self) -> Path:
        return self.data_dir / "sources"

    @property
    def registry_dir(self) -> Path:
        return self.data_dir / "registry"

    @property
    def corrections_path(self) -> Path:
        return self.data_dir / "corrections.tsv"

    @property
    def ontology_dir(self) -> Path:
        return self.project_dir / "ontology"

    @property
    def shapes_dir(self) -> Path:
        return self.project_dir / "shapes"

    @property
    def store_path(self) -> Path:
        return self.store_dir or self.data_dir / "store"

    @property
    def dist_path(self) -> Path:
        return self.dist_dir or self.data_dir / "dist"
