"""What every view takes from the application: its settings and its query backend."""

from __future__ import annotations

from fastapi import Request

from wpikg.config import Settings
from wpikg.remote import QueryBackend


def settings_of(request: Request) -> Settings:
    """The settings the application was created with."""
    return request.app.state.settings  # type: ignore[no-any-return]


def query_backend(request: Request) -> QueryBackend:
    """The store's query backend: the embedded worker pool (maybe behind the result cache) or a
    remote endpoint. It changes when a new build is swapped in, so look it up per request."""
    return request.app.state.pool  # type: ignore[no-any-return]
