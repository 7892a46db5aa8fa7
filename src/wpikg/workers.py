"""Running queries where they can really be stopped: a pool of worker processes.

pyoxigraph cannot cancel a query (oxigraph#1926), and an ORDER BY or an aggregate does all its
work before the first solution, so a deadline checked between solutions is not enough. Each
query runs in a worker process that has the store open read-only; the parent waits for the
reply on a pipe (without a thread: the event loop watches the pipe) and, past the time limit,
kills the worker and starts a fresh one. The client gets a timeout error, never a half-sent
200, and the other workers keep answering meanwhile. Results are serialized in the worker, so
one ``bytes`` crosses the pipe. Each worker has an address-space limit (a memory bound).
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import resource
import signal
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph

from wpikg import formats, results
from wpikg.errors import (
    QueryResourceLimit,
    QuerySyntaxError,
    QueryTimeout,
    RequestError,
    StoreError,
)
from wpikg.query_guard import top_level_limit

_CONTEXT = multiprocessing.get_context("spawn")


@dataclass(frozen=True)
class QueryRequest:
    """What a worker needs to answer one query."""

    query: str
    format_name: str
    max_rows: int
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    cacheable: bool = True  # False: ask the store even if the answer is remembered (/health)


@dataclass(frozen=True)
class QueryReply:
    """A worker's answer: the serialized body, or an error (kind, message, line, column)."""

    body: bytes = b""
    media_type: str = ""
    count: int | None = 0
    truncated: bool = False
    elapsed_ms: float = 0.0
    error: tuple[str, str, int | None, int | None] | None = None
    cached: bool = False  # answered from the result cache (wpikg.result_cache)


# -- the worker side ----------------------------------------------------------------------------
def worker_main(conn: Connection, store_path: str, memory_limit_mb: int) -> None:
    """A worker: open the store, then answer queries until the pipe closes."""
    if memory_limit_mb > 0:
        limit = memory_limit_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    store = pyoxigraph.Store.read_only(store_path)
    conn.send("ready")
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(execute(store, request))


def execute(store: pyoxigraph.Store, request: QueryRequest) -> QueryReply:
    """Run one query and serialize its result (also used in-process by tests)."""
    started = time.perf_counter()
    try:
        result = store.query(request.query, **_dataset(request))
        serialized, fmt = _serialize(result, request)
    except SyntaxError as error:
        message, line, column = _position(str(error))
        return QueryReply(error=("syntax", message, line, column))
    except (OSError, RuntimeError, MemoryError, ValueError) as error:
        return QueryReply(error=("query", str(error), None, None))
    elapsed = (time.perf_counter() - started) * 1000
    return QueryReply(
        serialized.body, fmt.media_type, serialized.count, serialized.truncated, elapsed
    )


def _dataset(request: QueryRequest) -> dict[str, object]:
    """The dataset: the union of all graphs, unless the request names one (protocol §2.1.4)."""
    if not request.default_graphs and not request.named_graphs:
        return {"use_default_graph_as_union": True}
    return {
        "default_graph": [pyoxigraph.NamedNode(g) for g in request.default_graphs],
        "named_graphs": [pyoxigraph.NamedNode(g) for g in request.named_graphs],
    }


def _serialize(result: object, request: QueryRequest) -> tuple[results.Serialized, formats.Format]:
    if isinstance(result, pyoxigraph.QuerySolutions):
        fmt = _format(request, formats.Kind.SOLUTIONS)
        limit = top_level_limit(request.query)
        return results.solutions(result, fmt, request.max_rows, limit), fmt
    if isinstance(result, pyoxigraph.QueryBoolean):
        fmt = _format(request, formats.Kind.BOOLEAN)
        return results.boolean(result, fmt), fmt
    fmt = _format(request, formats.Kind.GRAPH)
    return results.graph(result, fmt, request.max_rows), fmt  # type: ignore[arg-type]


def _format(request: QueryRequest, kind: formats.Kind) -> formats.Format:
    fmt = formats.by_name(request.format_name, kind)
    return fmt or formats.OFFERED[kind][0]


def _position(message: str) -> tuple[str, int | None, int | None]:
    """``error at 1:25: expected …`` → (message, 1, 25)."""
    head, sep, rest = message.partition(": ")
    if sep and head.startswith("error at ") and ":" in head:
        line, _, column = head[len("error at ") :].partition(":")
        if line.isdigit() and column.isdigit():
            return rest, int(line), int(column)
    return message, None, None


# -- the parent side ----------------------------------------------------------------------------
@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    store_path: str

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)


@dataclass
class WorkerPool:
    """``size`` workers over the store at ``store_path``."""

    store_path: Path
    size: int
    memory_limit_mb: int
    _idle: asyncio.Queue[_Worker] = field(default_factory=asyncio.Queue)
    _workers: list[_Worker] = field(default_factory=list)

    @property
    def location(self) -> str:
        return str(self.store_path)

    def __post_init__(self) -> None:
        # Pin the store this pool serves: data/store is a link that a new build moves.
        self.store_path = self.store_path.resolve()

    async def start(self) -> None:
        spawned = await asyncio.gather(*(self._spawn() for _ in range(self.size)))
        for worker in spawned:
            self._idle.put_nowait(worker)

    async def _spawn(self) -> _Worker:
        parent, child = _CONTEXT.Pipe()
        path = str(self.store_path)
        process = _CONTEXT.Process(
            target=worker_main, args=(child, path, self.memory_limit_mb), daemon=True
        )
        process.start()
        child.close()
        worker = _Worker(process, parent, path)
        try:
            ready = await self._receive(worker, timeout_s=60)
        except (EOFError, OSError, TimeoutError):
            ready = None
        if ready != "ready":
            worker.kill()
            raise StoreError(
                f"a query worker could not open the store at {path} "
                f"(is it built? is query_memory_limit_mb={self.memory_limit_mb} too low?)"
            )
        self._workers.append(worker)
        return worker

    async def run(self, request: QueryRequest, timeout_s: float) -> QueryReply:
        """Run a query on an idle worker; past ``timeout_s`` the worker is killed and replaced."""
        worker = await self._idle.get()
        started = time.monotonic()
        try:
            worker.conn.send(request)
            reply = await self._receive(worker, timeout_s)
        except TimeoutError:
            await self._replace(worker)
            raise QueryTimeout(
                f"the query ran longer than its time limit of {timeout_s * 1000:.0f} ms and "
                "was stopped"
            ) from None
        except (EOFError, OSError):  # the worker died
            await asyncio.to_thread(worker.process.join, 2)  # its exit status says why
            cause = _death_cause(worker, self.memory_limit_mb)
            await self._replace(worker)
            raise cause from None
        self._idle.put_nowait(worker)
        if not isinstance(reply, QueryReply):
            raise StoreError(f"unexpected reply from a query worker: {reply!r}")
        _raise_error(reply)
        return QueryReply(
            reply.body,
            reply.media_type,
            reply.count,
            reply.truncated,
            (time.monotonic() - started) * 1000,
        )

    async def _receive(self, worker: _Worker, timeout_s: float) -> object:
        """Wait for the worker's next message without blocking the event loop."""
        loop = asyncio.get_running_loop()
        readable: asyncio.Future[None] = loop.create_future()
        fd = worker.conn.fileno()
        loop.add_reader(fd, lambda: readable.done() or readable.set_result(None))
        try:
            await asyncio.wait_for(readable, timeout_s)
        finally:
            loop.remove_reader(fd)
        # uvloop's add_reader leaves the pipe non-blocking; a reply larger than the pipe's
        # buffer must be read to its end, which the worker is writing now.
        os.set_blocking(fd, True)
        return worker.conn.recv()

    async def _replace(self, worker: _Worker) -> None:
        await asyncio.to_thread(worker.kill)
        self._workers.remove(worker)
        self._idle.put_nowait(await self._spawn())

    async def drain_and_close(self, timeout_s: float) -> None:
        """Close once every worker is back from its query (or after ``timeout_s``): requests in
        flight when a new store is swapped in still finish on this pool."""
        deadline = time.monotonic() + timeout_s
        while self._idle.qsize() < len(self._workers) and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        await self.close()

    async def close(self) -> None:
        for worker in list(self._workers):
            await asyncio.to_thread(worker.kill)
        self._workers.clear()


def _death_cause(worker: _Worker, memory_limit_mb: int) -> Exception:
    """Why a worker died: an allocation past its address-space limit aborts it (SIGABRT) or
    gets it killed (SIGKILL); anything else is a failure of the server, not of the query."""
    code = worker.process.exitcode
    if memory_limit_mb and code in (-signal.SIGABRT, -signal.SIGKILL, -signal.SIGSEGV):
        return QueryResourceLimit(
            f"the query used more than the {memory_limit_mb} MiB its worker may use"
        )
    return StoreError(f"a query worker stopped unexpectedly (exit code {code}); see the log")


def _raise_error(reply: QueryReply) -> None:
    if reply.error is None:
        return
    kind, message, line, column = reply.error
    if kind == "syntax":
        raise QuerySyntaxError(message, line, column)
    raise RequestError(message)
