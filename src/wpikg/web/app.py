"""The web application (a minimal SPARQL endpoint for now; issue #4 makes it complete).

``create_app(settings)`` builds everything; nothing is created at import time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pyoxigraph
from fastapi import FastAPI, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from wpikg import __version__
from wpikg.config import Settings
from wpikg.errors import QuerySyntaxError
from wpikg.store import open_read_only
from wpikg.store import query as run_query

_RESULT_FORMATS = {
    "application/sparql-results+json": pyoxigraph.QueryResultsFormat.JSON,
    "application/sparql-results+xml": pyoxigraph.QueryResultsFormat.XML,
    "text/csv": pyoxigraph.QueryResultsFormat.CSV,
    "text/tab-separated-values": pyoxigraph.QueryResultsFormat.TSV,
}


def create_app(settings: Settings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.store = open_read_only(settings.store_path)
        yield

    app = FastAPI(title="wpikg", version=__version__, lifespan=lifespan)

    @app.get("/health")
    def health(request: Request) -> dict[str, object]:
        return {"status": "ok", "quads": len(request.app.state.store)}

    @app.api_route("/sparql", methods=["GET", "POST"])
    async def sparql(request: Request) -> Response:
        query = request.query_params.get("query")
        if query is None and request.method == "POST":
            form = await request.form()
            query = str(form.get("query")) if "query" in form else None
        if not query:
            return JSONResponse({"error": "missing query"}, status_code=400)
        media_type = _result_media_type(request.headers.get("accept", ""))
        return await run_in_threadpool(_run, request.app.state.store, query, media_type)

    return app


def _result_media_type(accept: str) -> str:
    return next((m for m in _RESULT_FORMATS if m in accept), "application/sparql-results+json")


def _run(store: pyoxigraph.Store, query: str, media_type: str) -> Response:
    try:
        results = run_query(store, query)
    except QuerySyntaxError as error:
        body = {"error": str(error), "line": error.line, "column": error.column}
        return JSONResponse(body, status_code=400)
    if isinstance(results, pyoxigraph.QueryBoolean | pyoxigraph.QuerySolutions):
        body = results.serialize(format=_RESULT_FORMATS[media_type])
        return Response(body, media_type=media_type)
    body = results.serialize(format=pyoxigraph.RdfFormat.TURTLE)
    return Response(body, media_type="text/turtle")
