"""Answers remembered per store: a built store never changes, so the same query over the same
dataset in the same format always gets the same bytes.

:class:`CachedBackend` wraps the embedded worker pool (one cache per pool, so a new build starts
with an empty cache). It keeps complete replies, least recently used first out, within a byte
budget (``result_cache_mb``). A remote endpoint is not wrapped: its data may change behind us.
"""

from __future__ import annotations

import dataclasses
from collections import OrderedDict

from wpikg.workers import QueryReply, QueryRequest, WorkerPool


class CachedBackend:
    """The worker pool's interface, answering repeated queries from memory."""

    def __init__(self, pool: WorkerPool, max_bytes: int, max_entry_bytes: int = 0) -> None:
        self.pool = pool
        self.max_bytes = max_bytes
        # By default one answer may take an eighth: a huge result must not empty the cache.
        self.max_entry_bytes = max_entry_bytes or max_bytes // 8
        self.used_bytes = 0
        self._replies: OrderedDict[QueryRequest, QueryReply] = OrderedDict()

    @property
    def location(self) -> str:
        return self.pool.location

    async def start(self) -> None:
        await self.pool.start()

    async def close(self) -> None:
        await self.pool.close()

    async def drain_and_close(self, timeout_s: float) -> None:
        await self.pool.drain_and_close(timeout_s)

    async def run(self, request: QueryRequest, timeout_s: float) -> QueryReply:
        """The remembered reply to ``request``, or the pool's (errors are raised, not kept)."""
        if not request.cacheable:
            return await self.pool.run(request, timeout_s)
        remembered = self._replies.get(request)
        if remembered is not None:
            self._replies.move_to_end(request)
            return dataclasses.replace(remembered, elapsed_ms=0.0, cached=True)
        reply = await self.pool.run(request, timeout_s)
        self._remember(request, reply)
        return reply

    def _remember(self, request: QueryRequest, reply: QueryReply) -> None:
        size = len(reply.body) + len(request.query)
        if size > self.max_entry_bytes or request in self._replies:
            return
        self._replies[request] = reply
        self.used_bytes += size
        while self.used_bytes > self.max_bytes:
            oldest, dropped = self._replies.popitem(last=False)
            self.used_bytes -= len(dropped.body) + len(oldest.query)

    def __len__(self) -> int:
        return len(self._replies)
