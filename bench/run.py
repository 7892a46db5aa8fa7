"""wpikg vs Oxigraph: the same query mix against ``wpikg serve`` and ``oxigraph
serve-read-only`` on the same store, interleaved, sequentially and at higher concurrency.

Prints per query the median and p95 latency of each server and their ratio (wpikg / Oxigraph),
the throughput ratio per concurrency, and PASS/FAIL against the targets of issue #4:

- sequential: geometric mean of the per-query median-latency ratios <= 1.3;
- sequential: no query's median-latency ratio above 2.0;
- concurrency 4: geometric mean of the per-query throughput ratios >= 0.7.

Usage (see bench/README.md)::

    python bench/run.py                         # the live build (data/store), 1, 4 and 16 clients
    python bench/run.py --generated             # a generated ~1M-triple dataset (bench/generate.py)
    python bench/run.py --both                  # both, one after the other
    python bench/run.py --requests 20 --concurrency 1   # a quick look (< 2 minutes)

Both servers run with their default settings on free loopback ports and are stopped at the end
(also on an error or Ctrl-C). Nothing but 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import httpx
import pyoxigraph

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))

import generate  # noqa: E402  (bench/generate.py, beside this file)

TARGET_GEOMEAN = 1.3
TARGET_MAX = 2.0
TARGET_THROUGHPUT_C4 = 0.7
SERVERS = ("wpikg", "oxigraph")
JSON_RESULTS = "application/sparql-results+json"
TURTLE = "text/turtle"
CLK_TCK = os.sysconf("SC_CLK_TCK")


# -- the query mix --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Query:
    name: str
    text: str
    form: str  # SELECT, ASK, CONSTRUCT, DESCRIBE
    comment: str

    @property
    def accept(self) -> str:
        return TURTLE if self.form in ("CONSTRUCT", "DESCRIBE") else JSON_RESULTS


def load_queries(folder: Path, only: str | None) -> list[Query]:
    queries = []
    for path in sorted(folder.glob("*.rq")):
        if only and not re.search(only, path.stem):
            continue
        text = path.read_text(encoding="utf-8")
        body = "\n".join(
            line for line in text.splitlines() if not line.lstrip().upper().startswith("PREFIX")
        )
        body = re.sub(r"#[^\n]*", "", body)
        form = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", body, re.IGNORECASE)
        if form is None:
            raise SystemExit(f"{path}: no query form found")
        first = text.splitlines()[0]
        comment = first.lstrip("# ").strip() if first.startswith("#") else ""
        queries.append(Query(path.stem, text, form[1].upper(), comment))
    if not queries:
        raise SystemExit(f"no queries in {folder}")
    return queries


# -- servers ---------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    name: str
    command: list[str]
    endpoint: str
    ready_url: str
    log_path: Path
    env: dict[str, str] | None = None
    process: subprocess.Popen[bytes] | None = None

    @property
    def port(self) -> int:
        return int(urlsplit(self.endpoint).port or 80)

    @property
    def path(self) -> str:
        return urlsplit(self.endpoint).path

    def start(self) -> None:
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                self.command,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=self.env,
                start_new_session=True,  # its own process group: workers are stopped with it
            )

    def wait_ready(self, timeout_s: float = 90) -> None:
        deadline = time.monotonic() + timeout_s
        assert self.process is not None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"{self.name} exited at start:\n{self.log_tail()}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(self.ready_url, timeout=5).status_code == 200:
                    return
            time.sleep(0.2)
        raise SystemExit(f"{self.name} was not ready after {timeout_s:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 20) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        return ""

    def cpu_seconds(self) -> float:
        """User + system CPU time of every live process in the server's process group."""
        if self.process is None:
            return 0.0
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, ValueError, IndexError):
                fields = stat.read_text().rpartition(")")[2].split()
                if int(fields[2]) == self.process.pid:  # pgrp
                    total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / CLK_TCK

    def stop(self) -> None:
        """SIGTERM to the server's own process group, SIGKILL if it lingers."""
        if self.process is None or self.process.poll() is not None:
            return
        pgid = self.process.pid
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pgid, signal.SIGKILL)
            self.process.wait(timeout=5)
        # workers of the group that outlived their parent
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)


def oxigraph_binary(explicit: str | None) -> str:
    if explicit:
        return explicit
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.exists():
        return str(beside)
    found = shutil.which("oxigraph")
    if not found:
        raise SystemExit("no `oxigraph` command: pip install oxigraph==0.5.13 (bench/README.md)")
    return found


def make_servers(
    store: Path, workdir: Path, oxigraph: str, wpikg_env: dict[str, str] | None = None
) -> dict[str, Server]:
    wpikg_port, ox_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("WPIKG_")}  # defaults only
    # Oxigraph keeps no results: with wpikg's result cache on, every timed request after the
    # warm-up would be a cache hit, which measures memory, not query serving (--cache allows it).
    env["WPIKG_RESULT_CACHE_MB"] = "0"
    wpikg = Server(
        "wpikg",
        [
            sys.executable,
            "-m",
            "wpikg",
            "--project-dir",
            str(PROJECT_DIR),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(wpikg_port),
            "--store-dir",
            str(store),
        ],
        f"http://127.0.0.1:{wpikg_port}/sparql",
        f"http://127.0.0.1:{wpikg_port}/health",
        workdir / "wpikg.log",
        {**env, **(wpikg_env or {})},
    )
    ox_query = f"http://127.0.0.1:{ox_port}/query"
    ox = Server(
        "oxigraph",
        [
            oxigraph,
            "serve-read-only",
            "--location",
            str(store),
            "--bind",
            f"127.0.0.1:{ox_port}",
            "--union-default-graph",  # as wpikg: the default graph is the union of all graphs
        ],
        ox_query,
        ox_query + "?" + urlencode({"query": "ASK {}"}),
        workdir / "oxigraph.log",
        env,
    )
    return {"wpikg": wpikg, "oxigraph": ox}


# -- HTTP clients ---------------------------------------------------------------------------------
# Two clients, chosen with --client. "raw" (default): one keep-alive HTTP/1.1 connection per
# client, a request written in one send and the response read by Content-Length or chunks — about
# 0.1 ms of client CPU per request. "httpx": httpx.Client / httpx.AsyncClient, about 1–1.5 ms
# of client CPU per request on this machine, which is more than Oxigraph's own time for a lookup
# and so hides most of a server's overhead (bench/README.md, "The client").
@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes


def _request_bytes(server: Server, target: str, accept: str) -> bytes:
    return (
        f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nAccept: {accept}\r\n"
        "User-Agent: wpikg-bench\r\n\r\n"
    ).encode("ascii")


def _head(lines: list[bytes]) -> tuple[int, dict[str, str]]:
    status = int(lines[0].split(b" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers


class _Closed(Exception):
    """The server closed the connection before answering."""


class RawConnection:
    """A blocking keep-alive HTTP/1.1 connection for GETs."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self._sock: socket.socket | None = None

    def _open(self) -> None:
        self._sock = socket.create_connection(("127.0.0.1", self.server.port), timeout=300)
        self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._file = self._sock.makefile("rb")

    def get(self, target: str, accept: str) -> Reply:
        """One GET; a kept-alive connection that the server has closed meanwhile (uvicorn
        closes idle ones after 5 s) is opened again and the request sent once more."""
        reused = self._sock is not None
        try:
            return self._get(target, accept)
        except (ConnectionError, _Closed):
            self.close()
            if not reused:
                raise
            return self._get(target, accept)

    def _get(self, target: str, accept: str) -> Reply:
        if self._sock is None:
            self._open()
        assert self._sock is not None
        self._sock.sendall(_request_bytes(self.server, target, accept))
        lines = []
        while (line := self._file.readline()) not in (b"\r\n", b""):
            lines.append(line.rstrip(b"\r\n"))
        if not lines:
            raise _Closed
        status, headers = _head(lines)
        if "content-length" in headers:
            body = self._file.read(int(headers["content-length"]))
        else:  # chunked
            parts = []
            while size := int(self._file.readline().split(b";")[0], 16):
                parts.append(self._file.read(size))
                self._file.readline()
            while self._file.readline() not in (b"\r\n", b""):  # trailers
                pass
            body = b"".join(parts)
        if headers.get("connection", "").lower() == "close":
            self.close()
        return Reply(status, headers, body)

    def close(self) -> None:
        if self._sock is not None:
            self._file.close()
            self._sock.close()
            self._sock = None


class AsyncRawConnection:
    """The same over asyncio streams."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def get(self, target: str, accept: str) -> Reply:
        reused = self._streams is not None
        try:
            return await self._get(target, accept)
        except (ConnectionError, asyncio.IncompleteReadError):
            await self.close()
            if not reused:
                raise
            return await self._get(target, accept)

    async def _get(self, target: str, accept: str) -> Reply:
        if self._streams is None:
            reader, writer = await asyncio.open_connection("127.0.0.1", self.server.port)
            writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._streams = reader, writer
        reader, writer = self._streams
        writer.write(_request_bytes(self.server, target, accept))
        head = await reader.readuntil(b"\r\n\r\n")
        status, headers = _head(head[:-4].split(b"\r\n"))
        if "content-length" in headers:
            body = await reader.readexactly(int(headers["content-length"]))
        else:
            parts = []
            while size := int((await reader.readline()).split(b";")[0], 16):
                parts.append(await reader.readexactly(size))
                await reader.readline()
            while (await reader.readline()) not in (b"\r\n", b""):
                pass
            body = b"".join(parts)
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return Reply(status, headers, body)

    async def close(self) -> None:
        if self._streams is not None:
            self._streams[1].close()
            with contextlib.suppress(OSError):
                await self._streams[1].wait_closed()
            self._streams = None


class HttpxConnection:
    def __init__(self, server: Server) -> None:
        self.server = server
        self._client = httpx.Client(timeout=httpx.Timeout(300.0))

    def get(self, target: str, accept: str) -> Reply:
        url = f"http://127.0.0.1:{self.server.port}{target}"
        response = self._client.get(url, headers={"Accept": accept})
        return Reply(response.status_code, dict(response.headers), response.content)

    def close(self) -> None:
        self._client.close()


class AsyncHttpxConnection:
    """One of ``concurrency`` users of a shared ``httpx.AsyncClient``."""

    def __init__(self, server: Server, client: httpx.AsyncClient) -> None:
        self.server = server
        self._client = client

    async def get(self, target: str, accept: str) -> Reply:
        url = f"http://127.0.0.1:{self.server.port}{target}"
        response = await self._client.get(url, headers={"Accept": accept})
        return Reply(response.status_code, dict(response.headers), response.content)

    async def close(self) -> None:
        pass


def connect(kind: str, server: Server) -> RawConnection | HttpxConnection:
    return RawConnection(server) if kind == "raw" else HttpxConnection(server)


# -- measuring ------------------------------------------------------------------------------------
@dataclass
class Sample:
    latencies_ms: list[float] = field(default_factory=list)
    server_ms: list[float] = field(default_factory=list)  # wpikg's Server-Timing query;dur
    wall_s: float = 0.0  # summed burst time (concurrent modes)
    cpu_s: float = 0.0  # the server's CPU time during its bursts (concurrent modes)


def target_of(server: Server, query: Query) -> str:
    return server.path + "?" + urlencode({"query": query.text})


_SERVER_TIMING = re.compile(r"query;dur=([\d.]+)")


def _server_ms(reply: Reply) -> float | None:
    found = _SERVER_TIMING.search(reply.headers.get("server-timing", ""))
    return float(found[1]) if found else None


def _check(reply: Reply, server: str, query: Query) -> None:
    if reply.status != 200:
        text = reply.body[:500].decode(errors="replace")
        raise SystemExit(f"{server} answered {reply.status} to {query.name}: {text}")


def result_set(query: Query, body: bytes) -> tuple[int, frozenset[str] | list[str]]:
    """(number of results, a canonical form of them) of a response body."""
    if query.form in ("CONSTRUCT", "DESCRIBE"):
        triples = [str(t) for t in pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.TURTLE)]
        return len(triples), frozenset(triples)
    document = json.loads(body)
    if "boolean" in document:
        return 1, [str(document["boolean"])]
    rows = document["results"]["bindings"]
    canonical = [json.dumps(r, sort_keys=True, ensure_ascii=False) for r in rows]
    return len(rows), sorted(canonical)


Connections = dict[str, RawConnection | HttpxConnection]


def verify(
    conns: Connections, servers: dict[str, Server], queries: list[Query]
) -> dict[str, dict[str, object]]:
    """Each query returns as many results on both servers (else stop), and whether they are
    the same results."""
    report = {}
    for query in queries:
        got = {}
        for name in SERVERS:
            reply = conns[name].get(target_of(servers[name], query), query.accept)
            _check(reply, name, query)
            got[name] = result_set(query, reply.body)
        counts = {name: got[name][0] for name in SERVERS}
        if len(set(counts.values())) != 1:
            raise SystemExit(f"{query.name}: result counts differ: {counts}")
        same = got["wpikg"][1] == got["oxigraph"][1]
        report[query.name] = {"results": counts["wpikg"], "identical": same}
        note = "identical" if same else "same count, different bindings"
        print(f"  {query.name:<28} {counts['wpikg']:>6} results on both ({note})")
    return report


def warm_up(
    conns: Connections,
    servers: dict[str, Server],
    queries: list[Query],
    rounds: int,
    budget_s: float,
) -> dict[str, float]:
    """Run each query up to ``rounds`` times on each server (at least twice, so that both of
    wpikg's workers have run it; fewer rounds once a query has taken half of ``budget_s``);
    return the slower server's median (ms)."""
    cost = {}
    for query in queries:
        times: dict[str, list[float]] = {name: [] for name in SERVERS}
        started = time.monotonic()
        for i in range(rounds):
            if i >= 2 and time.monotonic() - started > budget_s / 2:
                break
            for name in SERVERS:
                t0 = time.perf_counter()
                reply = conns[name].get(target_of(servers[name], query), query.accept)
                times[name].append((time.perf_counter() - t0) * 1000)
                _check(reply, name, query)
        cost[query.name] = max(statistics.median(t) for t in times.values())
    return cost


def planned_requests(cost_ms: float, limit: int, budget_s: float, concurrency: int) -> int:
    """Requests per server for one query in one mode: ``limit``, fewer when the query is slow
    (both servers together should take about ``budget_s``), never fewer than one full wave of
    ``concurrency`` clients nor fewer than 3."""
    parallel = min(concurrency, os.cpu_count() or 1)
    affordable = int(budget_s * 1000 * parallel / (2 * max(cost_ms, 0.01)))
    return max(min(limit, affordable), concurrency, 3)


def run_sequential(
    conns: Connections,
    servers: dict[str, Server],
    queries: list[Query],
    plan: dict[str, int],
    deadline: float,
) -> tuple[dict[str, dict[str, Sample]], dict[str, float]]:
    """One client; servers alternate request by request (A B, then B A), queries round-robin."""
    samples = {q.name: {name: Sample() for name in SERVERS} for q in queries}
    targets = {(q.name, name): target_of(servers[name], q) for q in queries for name in SERVERS}
    cpu_before = {name: servers[name].cpu_seconds() for name in SERVERS}
    for i in range(max(plan.values())):
        if time.monotonic() > deadline:
            print("  (deadline reached: fewer requests than planned)")
            break
        for query in queries:
            if i >= plan[query.name]:
                continue
            for name in SERVERS if i % 2 == 0 else SERVERS[::-1]:
                started = time.perf_counter()
                reply = conns[name].get(targets[query.name, name], query.accept)
                elapsed = (time.perf_counter() - started) * 1000
                _check(reply, name, query)
                sample = samples[query.name][name]
                sample.latencies_ms.append(elapsed)
                if (server_ms := _server_ms(reply)) is not None:
                    sample.server_ms.append(server_ms)
    cpu = {name: servers[name].cpu_seconds() - cpu_before[name] for name in SERVERS}
    return samples, cpu


AsyncConnection = AsyncRawConnection | AsyncHttpxConnection


async def _burst(
    conns: list[AsyncConnection], target: str, query: Query, n: int
) -> tuple[list[float], float]:
    """``n`` requests over ``len(conns)`` concurrent clients; latencies (ms), wall time (s)."""
    remaining = n
    latencies: list[float] = []

    async def one_client(conn: AsyncConnection) -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            started = time.perf_counter()
            reply = await conn.get(target, query.accept)
            latencies.append((time.perf_counter() - started) * 1000)
            _check(reply, conn.server.name, query)

    started = time.perf_counter()
    await asyncio.gather(*(one_client(conn) for conn in conns[:n]))
    return latencies, time.perf_counter() - started


async def run_concurrent(
    kind: str,
    servers: dict[str, Server],
    queries: list[Query],
    plan: dict[str, int],
    concurrency: int,
    deadline: float,
) -> tuple[dict[str, dict[str, Sample]], dict[str, float]]:
    """``concurrency`` clients on one server at a time, in bursts of one query; per query the
    servers alternate burst by burst (A B, then B A), so both see the same drift without
    competing for the two cores at the same moment."""
    samples = {q.name: {name: Sample() for name in SERVERS} for q in queries}
    cpu = dict.fromkeys(SERVERS, 0.0)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    shared = {
        name: httpx.AsyncClient(limits=limits, timeout=httpx.Timeout(300.0)) for name in SERVERS
    }
    conns: dict[str, list[AsyncConnection]] = {
        name: [
            AsyncRawConnection(servers[name])
            if kind == "raw"
            else AsyncHttpxConnection(servers[name], shared[name])
            for _ in range(concurrency)
        ]
        for name in SERVERS
    }
    try:
        ask = next((q for q in queries if q.form == "ASK"), queries[0])
        for name in SERVERS:  # open the connections before timing
            await _burst(conns[name], target_of(servers[name], ask), ask, 2 * concurrency)
        for query in queries:
            if time.monotonic() > deadline:
                print("  (deadline reached: queries left out)")
                break
            n = plan[query.name]
            bursts = 2 if n >= 2 * concurrency else 1
            sizes = [n // bursts + (1 if b < n % bursts else 0) for b in range(bursts)]
            for b, size in enumerate(sizes):
                for name in SERVERS if b % 2 == 0 else SERVERS[::-1]:
                    before = servers[name].cpu_seconds()
                    latencies, wall = await _burst(
                        conns[name], target_of(servers[name], query), query, size
                    )
                    used = servers[name].cpu_seconds() - before
                    cpu[name] += used
                    sample = samples[query.name][name]
                    sample.latencies_ms += latencies
                    sample.wall_s += wall
                    sample.cpu_s += used
    finally:
        for name in SERVERS:
            for conn in conns[name]:
                await conn.close()
            await shared[name].aclose()
    return samples, cpu


# -- reporting ------------------------------------------------------------------------------------
def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def geomean(values: list[float]) -> float:
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


def summarize(
    mode: str, concurrency: int, samples: dict[str, dict[str, Sample]], cpu: dict[str, float]
) -> dict[str, object]:
    rows = {}
    for query, by_server in samples.items():
        if not all(by_server[name].latencies_ms for name in SERVERS):
            continue
        row: dict[str, object] = {"n": len(by_server["wpikg"].latencies_ms)}
        for name in SERVERS:
            s = by_server[name]
            row[name] = {
                "median_ms": statistics.median(s.latencies_ms),
                "p95_ms": p95(s.latencies_ms),
                "mean_ms": statistics.fmean(s.latencies_ms),
            }
            if s.server_ms:
                row[name]["server_timing_median_ms"] = statistics.median(s.server_ms)  # type: ignore[index]
            if s.wall_s:
                row[name]["throughput_rps"] = len(s.latencies_ms) / s.wall_s  # type: ignore[index]
                row[name]["cpu_ms_per_request"] = 1000 * s.cpu_s / len(s.latencies_ms)  # type: ignore[index]
        w, o = row["wpikg"], row["oxigraph"]
        row["median_ratio"] = w["median_ms"] / o["median_ms"]  # type: ignore[index]
        row["p95_ratio"] = w["p95_ms"] / o["p95_ms"]  # type: ignore[index]
        if "throughput_rps" in w:  # type: ignore[operator]
            row["throughput_ratio"] = w["throughput_rps"] / o["throughput_rps"]  # type: ignore[index]
        rows[query] = row
    median_ratios = [r["median_ratio"] for r in rows.values()]
    result: dict[str, object] = {
        "mode": mode,
        "concurrency": concurrency,
        "queries": rows,
        "geomean_median_ratio": geomean(median_ratios),  # type: ignore[arg-type]
        "max_median_ratio": max(median_ratios) if median_ratios else float("nan"),
        "geomean_p95_ratio": geomean([r["p95_ratio"] for r in rows.values()]),  # type: ignore[misc]
        "server_cpu_s": cpu,
    }
    requests = {name: sum(len(samples[q][name].latencies_ms) for q in rows) for name in SERVERS}
    result["server_cpu_ms_per_request"] = {
        name: 1000 * cpu[name] / requests[name] if requests[name] else None for name in SERVERS
    }
    if concurrency > 1:
        result["geomean_throughput_ratio"] = geomean(
            [r["throughput_ratio"] for r in rows.values()]  # type: ignore[misc]
        )
        walls = {name: sum(samples[q][name].wall_s for q in rows) for name in SERVERS}
        mix = {name: requests[name] / walls[name] for name in SERVERS if walls[name]}
        result["mix_throughput_rps"] = mix
        if len(mix) == 2:
            result["mix_throughput_ratio"] = mix["wpikg"] / mix["oxigraph"]
    return result


def print_mode(result: dict[str, object]) -> None:
    """The table of one mode. ``pool``: wpikg's own ``Server-Timing`` (the time from handing the
    query to a worker to having its serialized result back); ``cpu``: server CPU time per
    request (all its processes), measured per burst."""
    c = result["concurrency"]
    title = "sequential (1 client)" if c == 1 else f"concurrency {c}"
    print(f"\n== {title}: latency in ms, ratio = wpikg / oxigraph")
    header = (
        f"{'query':<26}{'n':>4} | {'wpikg med':>9} {'p95':>8} | {'oxi med':>8} {'p95':>8} | "
        f"{'med x':>6} {'p95 x':>6}"
    )
    header += f" | {'pool':>7}" if c == 1 else f" | {'wpikg/s':>7} {'oxi/s':>7} {'thr x':>5}"
    if c > 1:
        header += f" | {'cpu ms':>6} {'cpu ms':>6}"
    print(header)
    print("-" * len(header))
    for name, row in result["queries"].items():  # type: ignore[attr-defined]
        w, o = row["wpikg"], row["oxigraph"]
        line = (
            f"{name[:26]:<26}{row['n']:>4} | {w['median_ms']:>9.2f} {w['p95_ms']:>8.2f} | "
            f"{o['median_ms']:>8.2f} {o['p95_ms']:>8.2f} | "
            f"{row['median_ratio']:>6.2f} {row['p95_ratio']:>6.2f}"
        )
        if c == 1:
            line += f" | {w.get('server_timing_median_ms', float('nan')):>7.2f}"
        else:
            line += (
                f" | {w['throughput_rps']:>7.1f} {o['throughput_rps']:>7.1f} "
                f"{row['throughput_ratio']:>5.2f} | {w['cpu_ms_per_request']:>6.2f} "
                f"{o['cpu_ms_per_request']:>6.2f}"
            )
        print(line)
    print(
        f"geometric mean of median ratios {result['geomean_median_ratio']:.2f}, "
        f"max {result['max_median_ratio']:.2f}; "
        f"geometric mean of p95 ratios {result['geomean_p95_ratio']:.2f}"
    )
    cpu = result["server_cpu_ms_per_request"]
    print(
        "server CPU per request, whole mix: "
        + ", ".join(f"{k} {v:.2f} ms" for k, v in cpu.items() if v is not None)  # type: ignore[attr-defined]
    )
    if c > 1:
        print(
            f"throughput: geometric mean of per-query ratios "
            f"{result['geomean_throughput_ratio']:.2f}; whole mix "
            f"{result.get('mix_throughput_ratio', float('nan')):.2f}"
        )


def verdicts(modes: dict[int, dict[str, object]]) -> list[dict[str, object]]:
    out = []
    seq = modes.get(1)
    c4 = modes.get(4)

    def verdict(name: str, value: float | None, op: str, target: float) -> dict[str, object]:
        if value is None:
            return {"target": name, "value": None, "verdict": "NOT RUN"}
        ok = value <= target if op == "<=" else value >= target
        return {
            "target": f"{name} {op} {target}",
            "value": round(value, 3),
            "verdict": "PASS" if ok else "FAIL",
        }

    out.append(
        verdict(
            "sequential geomean of median ratios",
            seq["geomean_median_ratio"] if seq else None,  # type: ignore[arg-type]
            "<=",
            TARGET_GEOMEAN,
        )
    )
    out.append(
        verdict(
            "sequential max median ratio",
            seq["max_median_ratio"] if seq else None,  # type: ignore[arg-type]
            "<=",
            TARGET_MAX,
        )
    )
    out.append(
        verdict(
            "concurrency 4 geomean throughput ratio",
            c4["geomean_throughput_ratio"] if c4 else None,  # type: ignore[arg-type]
            ">=",
            TARGET_THROUGHPUT_C4,
        )
    )
    return out


# -- the run --------------------------------------------------------------------------------------
def environment(servers: dict[str, Server]) -> dict[str, object]:
    info: dict[str, object] = {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "pyoxigraph": pyoxigraph.__version__,
        "httpx": httpx.__version__,
    }
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        info["oxigraph"] = subprocess.run(
            [servers["oxigraph"].command[0], "--version"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
    with contextlib.suppress(Exception):
        from wpikg.config import Settings

        s = Settings(_env_file=None)  # type: ignore[call-arg]
        info["wpikg_settings"] = {
            "query_workers": s.query_workers,
            "query_time_limit_ms": s.query_time_limit_ms,
            "query_memory_limit_mb": s.query_memory_limit_mb,
            "max_result_rows": s.max_result_rows,
        }
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        git = ["git", "-C", str(PROJECT_DIR)]
        info["wpikg_commit"] = subprocess.run(
            [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        changed = subprocess.run(
            [*git, "status", "--porcelain", "--", "src"], capture_output=True, text=True, check=True
        ).stdout.split("\n")
        info["wpikg_src_uncommitted"] = sorted(line[3:] for line in changed if line.strip())
    info["started_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    with contextlib.suppress(OSError):
        info["loadavg_at_start"] = Path("/proc/loadavg").read_text().split()[:3]
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu_model"] = line.split(":", 1)[1].strip()
                break
    return info


def store_quads(store: Path) -> int:
    s = pyoxigraph.Store.read_only(str(store))
    return len(s)


def bench_dataset(
    label: str, store: Path, args: argparse.Namespace, queries: list[Query]
) -> dict[str, object]:
    workdir = Path(tempfile.mkdtemp(prefix="wpikg-bench-"))
    try:
        if not args.no_copy:  # a snapshot: a concurrent `wpikg build` may remove old builds
            snapshot = workdir / "store"
            shutil.copytree(store, snapshot)
            store = snapshot
        quads = store_quads(store)
        servers = make_servers(store, workdir, oxigraph_binary(args.oxigraph), args.wpikg_env)
        try:
            return _bench_servers(label, store, quads, servers, args, queries)
        finally:
            for server in servers.values():
                server.stop()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _bench_servers(
    label: str,
    store: Path,
    quads: int,
    servers: dict[str, Server],
    args: argparse.Namespace,
    queries: list[Query],
) -> dict[str, object]:
    started = time.monotonic()
    deadline = started + args.max_minutes * 60
    print(f"\n#### dataset: {label} ({quads} quads, store {store})")
    for server in servers.values():
        server.start()
    for server in servers.values():
        server.wait_ready()
    print(f"servers ready in {time.monotonic() - started:.1f} s: " + ", ".join(
        f"{s.name} {s.endpoint} (pid {s.process.pid})" for s in servers.values()  # type: ignore[union-attr]
    ))  # fmt: skip
    info = environment(servers)
    print(f"cpus {info['cpus']}; wpikg settings {info.get('wpikg_settings')}")
    clients = {name: connect(args.client, servers[name]) for name in SERVERS}
    try:
        checked = _verify_and_warm(clients, servers, queries, args)
        results: dict[str, object] = {
            "dataset": label,
            "store": str(store),
            "quads": quads,
            "environment": info,
            "requests_limit": args.requests,
            "budget_s": args.budget,
            "wpikg_env": args.wpikg_env,
            "client": args.client,
            "verification": checked["verification"],
            "warmup_cost_ms": checked["cost"],
            "modes": {},
        }
        modes: dict[int, dict[str, object]] = {}
        for c in args.concurrency:
            plan = {
                q.name: planned_requests(checked["cost"][q.name], args.requests, args.budget, c)
                for q in queries
            }
            mode_started = time.monotonic()
            if c == 1:
                samples, cpu = run_sequential(clients, servers, queries, plan, deadline)
            else:
                samples, cpu = asyncio.run(
                    run_concurrent(args.client, servers, queries, plan, c, deadline)
                )
            summary = summarize("sequential" if c == 1 else "concurrent", c, samples, cpu)
            summary["seconds"] = time.monotonic() - mode_started
            print_mode(summary)
            modes[c] = summary
        results["modes"] = {str(c): m for c, m in modes.items()}
        results["targets"] = verdicts(modes)
        results["seconds"] = time.monotonic() - started
        print(f"\ntargets ({label}):")
        for v in results["targets"]:  # type: ignore[attr-defined]
            print(f"  {v['verdict']:<8} {v['target']}: {v['value']}")
        return results
    finally:
        for client in clients.values():
            client.close()


def _verify_and_warm(
    clients: Connections,
    servers: dict[str, Server],
    queries: list[Query],
    args: argparse.Namespace,
) -> dict[str, object]:
    print("verifying that both servers return the same results:")
    verification = verify(clients, servers, queries)
    warm_started = time.monotonic()
    cost = warm_up(clients, servers, queries, args.warmup, args.budget)
    print(f"warmed up in {time.monotonic() - warm_started:.1f} s; cost per query (ms, slower): "
          + ", ".join(f"{k.split('_', 1)[0]} {v:.1f}" for k, v in cost.items()))  # fmt: skip
    return {"verification": verification, "cost": cost}


def resolve_store(path: Path) -> Path:
    store = (path if path.is_absolute() else PROJECT_DIR / path).resolve()
    if not store.is_dir():
        raise SystemExit(f"no store at {store}: run `wpikg build` first (or pass --store DIR)")
    return store


def datasets(args: argparse.Namespace) -> Iterator[tuple[str, Path]]:
    if not args.generated or args.both:
        yield "real", resolve_store(args.store)
    if args.generated or args.both:
        out = generate.default_dir(args.triples, args.seed)
        print(f"generated dataset: {out} (made once, then reused)")
        yield f"generated-{args.triples}", generate.generate(out, args.triples, args.seed)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="wpikg serve vs oxigraph serve-read-only on the same store and query mix"
    )
    parser.add_argument("--store", type=Path, default=Path("data/store"), help="store folder")
    parser.add_argument("--generated", action="store_true", help="use the generated dataset")
    parser.add_argument("--both", action="store_true", help="the real and the generated dataset")
    parser.add_argument("--triples", type=int, default=1_000_000, help="generated dataset size")
    parser.add_argument("--seed", type=int, default=4, help="generated dataset seed")
    parser.add_argument(
        "--requests", type=int, default=60, help="timed requests per query, server and mode (max)"
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=6.0,
        help="seconds per query and mode (both servers); slow queries get fewer requests",
    )
    parser.add_argument(
        "--concurrency",
        default="1,4,16",
        type=lambda s: [int(x) for x in s.split(",") if x],
        help="comma-separated client counts; 1 is the sequential mode",
    )
    parser.add_argument(
        "--client",
        choices=("raw", "httpx"),
        default="raw",
        help="raw: a lean keep-alive HTTP/1.1 client (default); httpx: httpx.(Async)Client",
    )
    parser.add_argument("--warmup", type=int, default=4, help="warm-up rounds per query/server")
    parser.add_argument("--queries", default=str(BENCH_DIR / "queries"), help="folder of *.rq")
    parser.add_argument("--only", help="regular expression over query names")
    parser.add_argument("--oxigraph", help="the oxigraph command (default: beside python, PATH)")
    parser.add_argument(
        "--wpikg-env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="environment of wpikg serve, for what-if runs (default: none; WPIKG_* are cleared)",
    )
    parser.add_argument(
        "--cache",
        action="store_true",
        help="keep wpikg's result cache on (default: off, since Oxigraph has none)",
    )
    parser.add_argument("--no-copy", action="store_true", help="serve the store in place")
    parser.add_argument("--max-minutes", type=float, default=12, help="per dataset, at most")
    parser.add_argument(
        "--out", type=Path, help="JSON results (default bench/results-<dataset>.json)"
    )
    args = parser.parse_args(argv)
    args.wpikg_env = dict(item.split("=", 1) for item in args.wpikg_env)
    if args.cache:
        args.wpikg_env.setdefault("WPIKG_RESULT_CACHE_MB", "64")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    queries = load_queries(Path(args.queries), args.only)

    def terminate(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminate)
    all_results = []
    try:
        for label, store in datasets(args):
            result = bench_dataset(label, store, args, queries)
            all_results.append(result)
            out = args.out or BENCH_DIR / f"results-{label.split('-')[0]}.json"
            if args.out and (args.both):
                out = out.with_name(f"{out.stem}-{label.split('-')[0]}{out.suffix}")
            out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
            print(f"results written to {out}")
    except KeyboardInterrupt:
        print("interrupted; servers stopped", file=sys.stderr)
        return 130
    print_headline(all_results)
    return 0


def print_headline(all_results: list[dict[str, object]]) -> None:
    """One line per dataset and mode, then the targets."""
    print("\n==== headline (ratio = wpikg / oxigraph)")
    for result in all_results:
        for c, mode in result["modes"].items():  # type: ignore[attr-defined]
            line = (
                f"{result['dataset']:<18} c={c:<3} median ratio geomean "
                f"{mode['geomean_median_ratio']:.2f} (max {mode['max_median_ratio']:.2f}), "
                f"p95 ratio geomean {mode['geomean_p95_ratio']:.2f}"
            )
            if "geomean_throughput_ratio" in mode:
                line += (
                    f"; throughput ratio geomean {mode['geomean_throughput_ratio']:.2f}"
                    f" (whole mix {mode.get('mix_throughput_ratio', float('nan')):.2f})"
                )
            print(line)
        verdict = ", ".join(f"{v['verdict']}" for v in result["targets"])  # type: ignore[attr-defined]
        print(f"{result['dataset']:<18} targets (geomean <= 1.3, max <= 2.0, c4 thr >= 0.7): "
              f"{verdict}")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
