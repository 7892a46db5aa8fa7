"""The result cache in front of a real worker pool: repeated requests are answered from memory
with the same bytes, anything that differs (dataset, format, cap) is asked again, errors are not
kept, and the byte budget evicts the least recently used answer."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from tests.conftest import Built

from wpikg.errors import QuerySyntaxError
from wpikg.result_cache import CachedBackend
from wpikg.workers import QueryReply, QueryRequest, WorkerPool

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
REGISTRY = "https://w3id.org/wpikg/graph/registry"


class CountingPool(WorkerPool):
    """A real pool that counts the queries it runs."""

    ran: int = 0

    async def run(self, request: QueryRequest, timeout_s: float) -> QueryReply:
        self.ran += 1
        return await super().run(request, timeout_s)


Scenario = Callable[[CachedBackend, CountingPool], Awaitable[None]]


def _with_cache(built: Built, max_bytes: int, scenario: Scenario, max_entry: int = 0) -> None:
    async def main() -> None:
        pool = CountingPool(built.settings.store_path, 1, memory_limit_mb=0)
        cache = CachedBackend(pool, max_bytes, max_entry)
        await cache.start()
        try:
            await scenario(cache, pool)
        finally:
            await cache.close()

    asyncio.run(main())


def test_a_repeated_request_is_answered_from_memory(built: Built) -> None:
    async def scenario(cache: CachedBackend, pool: CountingPool) -> None:
        first = await cache.run(QueryRequest(COUNT, "json", 10), 20)
        again = await cache.run(QueryRequest(COUNT, "json", 10), 20)
        assert (pool.ran, first.cached, again.cached) == (1, False, True)
        assert again.body == first.body and again.media_type == first.media_type
        # Anything that changes the answer is a different request.
        await cache.run(QueryRequest(COUNT, "csv", 10), 20)
        await cache.run(QueryRequest(COUNT, "json", 10, default_graphs=(REGISTRY,)), 20)
        await cache.run(QueryRequest(COUNT, "json", 5), 20)
        assert pool.ran == 4 and len(cache) == 4

    _with_cache(built, 1 << 20, scenario)


def test_errors_are_not_kept(built: Built) -> None:
    async def scenario(cache: CachedBackend, pool: CountingPool) -> None:
        for _ in range(2):
            with pytest.raises(QuerySyntaxError):
                await cache.run(QueryRequest("SELECT * WHERE {", "json", 10), 20)
        assert (pool.ran, len(cache)) == (2, 0)

    _with_cache(built, 1 << 20, scenario)


def test_the_byte_budget_evicts_the_least_recently_used(built: Built) -> None:
    queries = [f"SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT {n}" for n in (40, 41, 42)]

    async def scenario(cache: CachedBackend, pool: CountingPool) -> None:
        for query in queries:
            await cache.run(QueryRequest(query, "json", 100), 20)
        assert (pool.ran, len(cache)) == (3, 2) and cache.used_bytes <= cache.max_bytes
        await cache.run(QueryRequest(queries[-1], "json", 100), 20)  # the newest is kept
        assert pool.ran == 3
        await cache.run(QueryRequest(queries[0], "json", 100), 20)  # the oldest went
        assert pool.ran == 4

    # Each answer is 40-42 rows of about 80 bytes: room for two of the three.
    _with_cache(built, 9000, scenario, max_entry=9000)

    async def too_big(cache: CachedBackend, pool: CountingPool) -> None:
        for _ in range(2):
            await cache.run(QueryRequest(queries[0], "json", 100), 20)
        assert (pool.ran, len(cache)) == (2, 0)

    _with_cache(built, 9000, too_big)  # over an eighth of the budget: never kept
