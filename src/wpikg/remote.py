"""A remote SPARQL 1.1 endpoint behind the same server (:class:`RemoteEndpoint`), and pushing a
build to a remote Graph Store (:func:`push_graphs`).

A deployment that outgrows one machine puts a clustered store (Virtuoso, QLever, GraphDB,
Neptune, another Oxigraph) behind wpikg: the same protocol handling, safety checks and limits
apply, because :class:`RemoteEndpoint` answers the same interface as the embedded
:class:`~wpikg.workers.WorkerPool` (:class:`QueryBackend`). The row cap is applied by parsing
the remote result and writing it again with :mod:`wpikg.results`.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Protocol
from urllib.parse import urlencode

import httpx
import pyoxigraph

from wpikg import formats, results
from wpikg.errors import QuerySyntaxError, QueryTimeout, RequestError, StoreError
from wpikg.query_guard import top_level_limit
from wpikg.workers import QueryReply, QueryRequest


class QueryBackend(Protocol):
    """What the web layer needs from a store: run a query within a time limit."""

    async def start(self) -> None: ...

    async def run(self, request: QueryRequest, timeout_s: float) -> QueryReply: ...

    async def close(self) -> None: ...

    @property
    def location(self) -> str: ...


class RemoteEndpoint:
    """A SPARQL 1.1 Protocol endpoint queried over HTTP (POST, URL-encoded)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._client: httpx.AsyncClient | None = None

    @property
    def location(self) -> str:
        return self.url

    async def start(self) -> None:
        self._client = httpx.AsyncClient()

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()

    async def run(self, request: QueryRequest, timeout_s: float) -> QueryReply:
        if self._client is None:
            raise StoreError("the remote endpoint client is not started")
        fmt = _requested_format(request.format_name)
        # Ask for a lossless format (CSV cannot be read back) and write the client's here.
        lossless = formats.NTRIPLES if fmt in formats.OFFERED[formats.Kind.GRAPH] else formats.JSON
        form = [("query", request.query)]
        form += [("default-graph-uri", g) for g in request.default_graphs]
        form += [("named-graph-uri", g) for g in request.named_graphs]
        started = time.monotonic()
        try:
            response = await self._client.post(
                self.url,
                content=urlencode(form).encode(),
                timeout=timeout_s,
                headers={
                    "Accept": lossless.media_type,
                    "Content-Type": "application/x-www-form-urlencoded",
                },
            )
        except httpx.TimeoutException:
            raise QueryTimeout(
                f"the remote store did not answer within {timeout_s * 1000:.0f} ms"
            ) from None
        except httpx.TransportError as error:
            raise StoreError(f"the remote store at {self.url} cannot be reached: {error}") from None
        elapsed = (time.monotonic() - started) * 1000
        if response.status_code == 400:
            raise QuerySyntaxError(response.text.strip()[:2000])
        if response.status_code >= 400:
            raise RequestError(
                f"the remote store answered {response.status_code}: {response.text.strip()[:500]}"
            )
        return _capped(response, request, elapsed)


def _requested_format(name: str) -> formats.Format:
    for kind in (formats.Kind.SOLUTIONS, formats.Kind.GRAPH):
        if fmt := formats.by_name(name, kind):
            return fmt
    return formats.JSON


def _capped(response: httpx.Response, request: QueryRequest, elapsed: float) -> QueryReply:
    """The remote result with the row cap applied (re-serialized only when it must be)."""
    media_type = response.headers.get("content-type", "").split(";")[0].strip()
    fmt = _requested_format(request.format_name)
    body = response.content
    try:
        results_format = pyoxigraph.QueryResultsFormat.from_media_type(media_type)
    except ValueError:
        results_format = None
    if results_format is not None:
        parsed = pyoxigraph.parse_query_results(body, format=results_format)
        if isinstance(parsed, pyoxigraph.QueryBoolean):
            serialized = results.boolean(parsed, fmt)
        else:
            limit = top_level_limit(request.query)
            serialized = results.solutions(parsed, fmt, request.max_rows, limit)
    else:
        rdf_format = pyoxigraph.RdfFormat.from_media_type(media_type)
        triples = (q.triple for q in pyoxigraph.parse(body, format=rdf_format))
        serialized = results.graph(triples, fmt, request.max_rows)
    return QueryReply(
        serialized.body, fmt.media_type, serialized.count, serialized.truncated, elapsed
    )


def push_graphs(
    dist_graphs: Path, graph_store_url: str, graph_iris: dict[str, str], timeout_s: float = 120
) -> dict[str, int]:
    """PUT each built graph (``dist/graphs/*.ttl``) to a Graph Store HTTP Protocol endpoint
    (https://www.w3.org/TR/sparql11-http-rdf-update/#http-put); returns status per graph."""
    statuses = {}
    with httpx.Client(timeout=timeout_s) as client:
        for file_name, graph_iri in sorted(graph_iris.items()):
            body = (dist_graphs / file_name).read_bytes()
            response = client.put(
                graph_store_url,
                params={"graph": graph_iri},
                content=body,
                headers={"Content-Type": "text/turtle"},
            )
            if response.status_code >= 300:
                raise StoreError(
                    f"pushing <{graph_iri}> to {graph_store_url} failed: "
                    f"{response.status_code} {response.text[:300]}"
                )
            statuses[graph_iri] = response.status_code
    return statuses
