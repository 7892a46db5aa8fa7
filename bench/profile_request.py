"""Where the time of one wpikg request goes: each stage of the request path timed alone.

    python bench/profile_request.py [--query bench/queries/01_agreement_parties.rq] [-n 2000]
                                    [--py-spy SECONDS]

Stages (medians, microseconds):

- in the parent, per request: reading the protocol request, the query guard (tokenizing the
  query), content negotiation, pickling the request and the reply, building the response;
- in the worker: the query alone, the query plus wpikg's own JSON writer (``execute``), and
  pyoxigraph's native JSON writer for comparison;
- the worker round trip without HTTP (``WorkerPool.run`` with one worker, minus the query);
- over HTTP on loopback (keep-alive, one client): ``wpikg serve``, a bare FastAPI app on the same
  uvicorn, the same app with wpikg's middleware (CORS + the request log), and
  ``oxigraph serve-read-only`` — the HTTP/framework floor each server stands on.

With ``--py-spy S`` (needs ``pip install py-spy``) the ``wpikg serve`` parent is sampled for S
seconds under a sequential load of the same query, and the functions taking most of its time are
listed (inclusive and own time). Every server started here runs on 127.0.0.1 and is stopped at
the end.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import logging
import os
import pickle
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlencode

import pyoxigraph
from fastapi import FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import run  # noqa: E402  (bench/run.py: servers, ports)


def timed(fn: Callable[[], object], n: int) -> float:
    """Median of ``n`` calls, in microseconds."""
    times = []
    for _ in range(n):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1e6


def parent_stages(query: str, accept: str, reply_body: bytes, n: int) -> dict[str, float]:
    from wpikg import formats
    from wpikg.config import Settings
    from wpikg.query_guard import query_form
    from wpikg.web import protocol, sparql
    from wpikg.workers import QueryReply, QueryRequest

    settings = Settings()
    params = [("query", query)]
    tokenize = getattr(query_form, "__wrapped__", query_form)  # without its cache, if any
    request = QueryRequest(query, "json", settings.max_result_rows)
    reply = QueryReply(reply_body, formats.JSON.media_type, 4, False, 0.3)
    return {
        "protocol.parse (GET params)": timed(
            lambda: protocol.parse("GET", params, None, b"", settings.max_query_chars), n
        ),
        "query_guard.query_form, tokenizing": timed(lambda: tokenize(query, ()), n),
        **(
            {"query_guard.query_form, cached": timed(lambda: query_form(query, ()), n)}
            if tokenize is not query_form
            else {}
        ),
        "formats.negotiate (Accept)": timed(
            lambda: formats.negotiate(accept, None, formats.Kind.SOLUTIONS), n
        ),
        "pickle QueryRequest (dumps+loads)": timed(
            lambda: pickle.loads(pickle.dumps(request)),  # noqa: S301
            n,
        ),
        "pickle QueryReply (dumps+loads)": timed(
            lambda: pickle.loads(pickle.dumps(reply)),  # noqa: S301
            n,
        ),
        "sparql._response (Response object)": timed(lambda: sparql._response(reply, settings), n),
    }


def worker_stages(store_path: Path, query: str, n: int) -> tuple[dict[str, float], bytes]:
    from wpikg.workers import QueryRequest, execute

    store = pyoxigraph.Store.read_only(str(store_path))
    request = QueryRequest(query, "json", 100_000)

    def query_only() -> None:
        for _ in store.query(query, use_default_graph_as_union=True):  # type: ignore[union-attr]
            pass

    def native_json() -> None:
        result = store.query(query, use_default_graph_as_union=True)
        result.serialize(format=pyoxigraph.QueryResultsFormat.JSON)  # type: ignore[union-attr]

    body = execute(store, request).body
    return {
        "store.query, rows iterated": timed(query_only, n),
        "workers.execute (query + wpikg JSON writer)": timed(lambda: execute(store, request), n),
        "query + pyoxigraph native JSON writer": timed(native_json, n),
    }, body


def pool_round_trip(store_path: Path, query: str, n: int) -> dict[str, float]:
    from wpikg.workers import QueryRequest, WorkerPool

    async def measure() -> dict[str, float]:
        pool = WorkerPool(store_path, 1, 0)
        await pool.start()
        try:
            request = QueryRequest(query, "json", 100_000)
            totals, inside = [], []
            for _ in range(n):
                started = time.perf_counter()
                reply = await pool.run(request, 30.0)
                totals.append(time.perf_counter() - started)
                inside.append(reply.elapsed_ms / 1000)
            return {"WorkerPool.run, one worker (incl. query)": statistics.median(totals) * 1e6}
        finally:
            await pool.close()

    return asyncio.run(measure())


# -- HTTP floors ----------------------------------------------------------------------------------
def floor_app(middleware: bool) -> object:
    """A FastAPI app answering /sparql with a constant body, optionally with wpikg's
    middleware (CORS and the per-request log line), as in ``wpikg.web.app``."""
    body = b'{"head":{"vars":[]},"results":{"bindings":[]}}'
    app = FastAPI()
    if middleware:
        log = logging.getLogger("floor")
        app.add_middleware(
            CORSMiddleware,
            allow_origins=["*"],
            allow_methods=["GET", "POST", "HEAD", "OPTIONS"],
            allow_headers=["*"],
            allow_credentials=False,
        )

        @app.middleware("http")
        async def log_requests(request: Request, call_next):  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            response = await call_next(request)
            elapsed = (time.perf_counter() - started) * 1000
            log.info("%s %s %d %.1f", request.method, request.url.path, 200, elapsed)
            return response

    @app.get("/sparql")
    async def sparql(request: Request) -> Response:
        _ = request.query_params.get("query")
        return Response(body, media_type="application/sparql-results+json")

    return app


async def asgi_floor(scope: dict, receive: object, send) -> None:  # type: ignore[no-untyped-def]
    """The least an ASGI app can do: a constant body, no framework."""
    if scope["type"] != "http":
        return
    body = b'{"head":{"vars":[]},"results":{"bindings":[]}}'
    headers = [(b"content-type", b"application/sparql-results+json")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def asgi_query_app(store_path: str):  # type: ignore[no-untyped-def]
    """A bare ASGI app that runs the query in-process and lets pyoxigraph write the JSON: the
    lower bound for any Python server over this store (no isolation, no limits)."""
    store = pyoxigraph.Store.read_only(store_path)

    async def app(scope: dict, receive: object, send) -> None:  # type: ignore[no-untyped-def]
        if scope["type"] != "http":
            return
        query = parse_qs(scope["query_string"].decode()).get("query", ["ASK {}"])[0]
        result = store.query(query, use_default_graph_as_union=True)
        body = result.serialize(format=pyoxigraph.QueryResultsFormat.JSON)  # type: ignore[union-attr]
        headers = [(b"content-type", b"application/sparql-results+json")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return app


def serve_floor(port: int, kind: str, store: str) -> None:
    import uvicorn

    if kind == "asgi-query":
        app = asgi_query_app(store)
    else:
        app = asgi_floor if kind == "asgi" else floor_app(kind == "middleware")
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="info")  # type: ignore[arg-type]


def http_latencies(servers: dict[str, run.Server], query: str, n: int) -> dict[str, float]:
    """Median latency (µs) of the same GET on each server, one lean keep-alive client per
    server, the servers taken in turn request by request."""
    conns = {name: run.RawConnection(server) for name, server in servers.items()}
    target = {name: s.path + "?" + urlencode({"query": query}) for name, s in servers.items()}
    times: dict[str, list[float]] = {name: [] for name in servers}
    try:
        for i in range(n + 20):
            for name, conn in conns.items():
                started = time.perf_counter()
                reply = conn.get(target[name], run.JSON_RESULTS)
                elapsed = time.perf_counter() - started
                assert reply.status == 200, reply.body[:200]
                if i >= 20:
                    times[name].append(elapsed)
    finally:
        for conn in conns.values():
            conn.close()
    return {f"HTTP {name}": statistics.median(t) * 1e6 for name, t in times.items()}


def http_floors(store: Path, query: str, n: int, spy_s: float) -> dict[str, object]:
    workdir = Path(tempfile.mkdtemp(prefix="wpikg-profile-"))
    servers = run.make_servers(store, workdir, run.oxigraph_binary(None))
    for kind in ("asgi", "fastapi", "middleware", "asgi-query"):
        port = run.free_port()
        name = {
            "asgi": "uvicorn + bare ASGI app",
            "asgi-query": "uvicorn + bare ASGI + in-process query",
            "fastapi": "uvicorn + FastAPI route",
            "middleware": "uvicorn + FastAPI + CORS/log middleware",
        }[kind]
        servers[name] = run.Server(
            name,
            [sys.executable, __file__, "--serve-floor", str(port), "--floor-kind", kind]
            + ["--store", str(store)],
            f"http://127.0.0.1:{port}/sparql",
            f"http://127.0.0.1:{port}/sparql",
            workdir / f"floor-{kind}.log",
        )
    out: dict[str, object] = {}
    try:
        for server in servers.values():
            server.start()
        for server in servers.values():
            server.wait_ready()
        out.update(http_latencies(servers, query, n))
        if spy_s:
            out["py-spy"] = py_spy(servers["wpikg"], query, spy_s)
    finally:
        for server in servers.values():
            server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    return out


def py_spy(server: run.Server, query: str, seconds: float) -> dict[str, list[tuple[str, float]]]:
    """Sample the wpikg parent under load; the top functions by inclusive and own time."""
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    raw = Path(tempfile.mkdtemp(prefix="wpikg-spy-")) / "profile.txt"
    assert server.process is not None
    recorder = subprocess.Popen(
        [spy, "record", "--pid", str(server.process.pid), "--duration", str(int(seconds)),
         "--rate", "500", "--format", "raw", "--output", str(raw), "--nonblocking"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + seconds + 30
    conn = run.RawConnection(server)
    target = server.path + "?" + urlencode({"query": query})
    try:
        while recorder.poll() is None and time.monotonic() < deadline:
            conn.get(target, run.JSON_RESULTS)
    finally:
        conn.close()
    with contextlib.suppress(subprocess.TimeoutExpired):
        recorder.wait(timeout=30)
    if recorder.poll() is None:
        recorder.kill()
        recorder.wait()
    inclusive: collections.Counter[str] = collections.Counter()
    own: collections.Counter[str] = collections.Counter()
    total = 0
    for line in raw.read_text().splitlines() if raw.exists() else []:
        stack, _, count_text = line.rpartition(" ")
        if not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [_short(f) for f in stack.split(";")[1:]]  # the first is the process/thread
        if not frames:
            continue
        total += count
        own[frames[-1]] += count
        for frame in set(frames):
            inclusive[frame] += count
    shutil.rmtree(raw.parent, ignore_errors=True)
    if not total:
        return {}

    def top(counter: collections.Counter[str], k: int) -> list[tuple[str, float]]:
        return [(f, round(100 * c / total, 1)) for f, c in counter.most_common(k)]

    return {"inclusive_percent": top(inclusive, 40), "own_percent": top(own, 25)}


def _short(frame: str) -> str:
    """``fn (path/to/module.py:12)`` → ``fn (module.py)``."""
    name, _, where = frame.partition(" (")
    file = where.split(":")[0].rstrip(")")
    parts = Path(file).parts
    short = "/".join(parts[-2:]) if len(parts) > 1 else file
    return f"{name} ({short})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=Path("data/store"))
    parser.add_argument("--query", type=Path, default=BENCH_DIR / "queries/01_agreement_parties.rq")
    parser.add_argument("-n", type=int, default=2000, help="repetitions per stage")
    parser.add_argument("--py-spy", type=float, default=0, help="seconds to sample wpikg serve")
    parser.add_argument("--serve-floor", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--floor-kind", default="fastapi", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_floor:
        serve_floor(args.serve_floor, args.floor_kind, str(args.store))
        return 0
    store = run.resolve_store(args.store)
    snapshot_dir = Path(tempfile.mkdtemp(prefix="wpikg-profile-store-"))
    try:
        snapshot = snapshot_dir / "store"
        shutil.copytree(store, snapshot)
        query = args.query.read_text(encoding="utf-8")
        accept = run.JSON_RESULTS
        print(f"query {args.query.name}, store {store} (copied), {os.cpu_count()} cpus\n")
        worker, body = worker_stages(snapshot, query, args.n)
        stages = {
            **parent_stages(query, accept, body, args.n),
            **worker,
            **pool_round_trip(snapshot, query, min(args.n, 1000)),
        }
        http = http_floors(snapshot, query, min(args.n, 1000), args.py_spy)
        spy = http.pop("py-spy", None)
        stages.update(http)  # type: ignore[arg-type]
        print(f"{'stage':<52} {'median µs':>10}")
        for name, value in stages.items():
            print(f"{name:<52} {value:>10.1f}")
        if spy:
            for kind, rows in spy.items():  # type: ignore[attr-defined]
                print(f"\npy-spy, wpikg serve parent, {kind}:")
                for frame, percent in rows:
                    print(f"{percent:>6.1f}%  {frame}")
    finally:
        shutil.rmtree(snapshot_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
