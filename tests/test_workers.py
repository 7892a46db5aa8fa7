"""The worker pool on its own: the memory bound stops a runaway query and the pool recovers; a
limit too low to open the store is a clear error."""

from __future__ import annotations

import asyncio

import pytest
from tests.conftest import Built

from wpikg.errors import QueryResourceLimit, StoreError
from wpikg.workers import QueryRequest, WorkerPool

# Sorting a cross join materializes it: gigabytes within seconds.
RUNAWAY = "SELECT * WHERE { ?s ?p ?o . ?a ?b ?c } ORDER BY ?o ?c"


def test_a_query_past_the_memory_bound_stops_its_worker_and_the_pool_recovers(
    built: Built,
) -> None:
    async def scenario() -> bytes:
        # 2 GiB: ample to start a worker (a tight limit makes thread creation fail)
        pool = WorkerPool(built.settings.store_path, 1, memory_limit_mb=2048)
        await pool.start()
        try:
            with pytest.raises(QueryResourceLimit, match="2048 MiB"):
                await pool.run(QueryRequest(RUNAWAY, "json", 10), timeout_s=120)
            reply = await pool.run(QueryRequest("ASK { ?s ?p ?o }", "json", 1), timeout_s=20)
            return reply.body
        finally:
            await pool.close()

    assert asyncio.run(scenario()) == b'{"head":{},"boolean":true}'


def test_a_memory_bound_too_low_to_open_the_store_is_a_clear_error(built: Built) -> None:
    async def scenario() -> None:
        pool = WorkerPool(built.settings.store_path, 1, memory_limit_mb=64)
        try:
            await pool.start()
        finally:
            await pool.close()

    with pytest.raises(StoreError, match="query_memory_limit_mb=64"):
        asyncio.run(scenario())
