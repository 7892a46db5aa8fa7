"""The web application. ``create_app(settings)`` builds everything; nothing at import time.

The lifespan starts the query worker pool over the configured store (or uses the pool a test
passes in) and stops it on shutdown.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from wpikg import __version__
from wpikg.config import Settings
from wpikg.errors import StoreError
from wpikg.remote import QueryBackend, RemoteEndpoint
from wpikg.result_cache import CachedBackend
from wpikg.store import open_read_only
from wpikg.web import errors, examples, query_ui, resources, sparql, validation
from wpikg.workers import WorkerPool

log = logging.getLogger("wpikg.web")
EXPOSED_HEADERS = [
    "Server-Timing",
    "Wpikg-Result-Truncated",
    "Wpikg-Result-Row-Limit",
    "Link",
    "Content-Location",
]


def create_app(settings: Settings, pool: QueryBackend | None = None) -> FastAPI:
    """The application over ``settings.store_path``, or the remote ``settings.sparql_endpoint``
    (or over ``pool``)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if pool is not None:
            app.state.pool = pool
            yield
            return
        if settings.sparql_endpoint:
            app.state.pool = RemoteEndpoint(settings.sparql_endpoint)
            await app.state.pool.start()
            yield
            await app.state.pool.close()
            return
        open_read_only(settings.store_path)  # fail fast with a clear error if not built
        app.state.pool = await _start_pool(settings)
        watcher = asyncio.create_task(_follow_new_builds(app, settings))
        yield
        watcher.cancel()
        await app.state.pool.close()

    # No CDN: /docs is served from the npm install (web/query_ui.py), ReDoc is not offered.
    app = FastAPI(
        title="wpikg", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None
    )
    app.state.settings = settings
    app.state.retiring = set()
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "POST", "HEAD", "OPTIONS"],
        allow_headers=["*"],
        expose_headers=EXPOSED_HEADERS,
        allow_credentials=False,
    )
    app.add_middleware(RequestLog)
    errors.install(app)
    app.router.routes.extend(sparql.SPARQL_ROUTES)
    app.include_router(sparql.router)
    examples.install(app, settings)  # saved queries (issue #6)
    query_ui.install(app)
    resources.install(app)  # linked data: /id/…, /doc/…, /ontology, /dumps/ (issue #5)
    validation.install(app)  # POST /validate, POST /graphs/{name} (issue #7)
    return app


async def _start_pool(settings: Settings) -> WorkerPool | CachedBackend:
    """Workers over the live store, behind a result cache unless ``result_cache_mb`` is 0."""
    pool = WorkerPool(settings.store_path, settings.query_workers, settings.query_memory_limit_mb)
    await pool.start()
    if settings.result_cache_mb == 0:
        return pool
    return CachedBackend(pool, settings.result_cache_mb * 1024 * 1024)


async def _follow_new_builds(app: FastAPI, settings: Settings, every_s: float = 1.0) -> None:
    """When ``wpikg build`` swaps in a new store (``data/store`` now resolves elsewhere), start
    workers on it, send new requests there, and retire the old pool once its queries are done."""
    current = settings.store_path.resolve()
    while True:
        await asyncio.sleep(every_s)
        latest = settings.store_path.resolve()
        if latest == current:
            continue
        try:
            fresh = await _start_pool(settings)
        except StoreError:
            log.exception("the new store at %s cannot be opened; keeping %s", latest, current)
            continue
        old, app.state.pool, current = app.state.pool, fresh, latest
        log.info("serving the new store at %s", latest)
        retiring = asyncio.create_task(old.drain_and_close(settings.query_time_limit_ms / 1000))
        app.state.retiring.add(retiring)  # keep a reference until it is done
        retiring.add_done_callback(app.state.retiring.discard)


class RequestLog:
    """One log line per request with its time (pure ASGI: no per-request task or body copy,
    which ``BaseHTTPMiddleware``-style middleware would add to every query)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            log.info("%s %s %d %.1f ms", scope["method"], scope["path"], status, elapsed)
