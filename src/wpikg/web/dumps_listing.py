"""``/dumps/``: the files of the live build (``settings.dist_path``: ``wpikg.nq.gz``,
``graphs/*.ttl``, ``build-report.json``), listed with size, triple count, SHA-256 and the
dataset's licence, and served.

Only files the listing names are served, so no request path can reach outside the folder. The
triple counts are the build report's; the checksums are computed from the files as served (and
remembered per file version); the licence is the one the dataset's VoID description states.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse, RedirectResponse

from wpikg.config import Settings
from wpikg.describe import Budget, iri_ref, prologue, select
from wpikg.errors import NotFound
from wpikg.web.deps import query_backend, settings_of
from wpikg.web.pages import html_response, render, request_path, view_for

router = APIRouter()
MEDIA_TYPES = {
    ".gz": "application/gzip",
    ".ttl": "text/turtle; charset=utf-8",
    ".nq": "application/n-quads",
    ".json": "application/json",
}


@dataclass(frozen=True)
class DumpFile:
    """A file of the build, as the listing shows it."""

    name: str  # relative to the dumps folder, with ``/``
    size: int
    sha256: str
    triples: int | None
    graph: str | None

    @property
    def size_text(self) -> str:
        """The size for people.

        >>> DumpFile("x", 519863, "", None, None).size_text
        '507.7 KiB'
        """
        size, unit = float(self.size), "B"
        for unit in ("B", "KiB", "MiB", "GiB"):
            if size < 1024 or unit == "GiB":
                break
            size /= 1024
        return f"{size:.0f} B" if unit == "B" else f"{size:.1f} {unit}"


def listing(dist: Path) -> list[DumpFile]:
    """Every regular file under ``dist`` (hidden ones excepted), largest dump first."""
    if not dist.is_dir():
        return []
    report = _report(dist)
    files = [
        _describe_file(dist, path, report.get(path.relative_to(dist).as_posix(), {}))
        for path in sorted(dist.rglob("*"))
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(dist).parts)
    ]
    return sorted(files, key=lambda f: (f.name.count("/"), not f.name.endswith(".gz"), f.name))


def _report(dist: Path) -> dict[str, dict[str, object]]:
    path = dist / "build-report.json"
    if not path.is_file():
        return {}
    dumps = json.loads(path.read_text(encoding="utf-8")).get("dumps", {})
    return dumps if isinstance(dumps, dict) else {}


def _describe_file(dist: Path, path: Path, reported: dict[str, object]) -> DumpFile:
    stat = path.stat()
    count = reported.get("quads", reported.get("triples"))
    graph = reported.get("graph")
    return DumpFile(
        name=path.relative_to(dist).as_posix(),
        size=stat.st_size,
        sha256=_sha256(str(path), stat.st_mtime_ns, stat.st_size),
        triples=count if isinstance(count, int) else None,
        graph=graph if isinstance(graph, str) else None,
    )


@lru_cache(maxsize=256)
def _sha256(path: str, mtime_ns: int, size: int) -> str:
    """The file's SHA-256 (keyed by its version: a new build makes new files)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


async def _licenses(request: Request, settings: Settings) -> list[str]:
    """The licence(s) the dataset's description (``graph/meta``) states."""
    meta = iri_ref(settings.base_iri + "graph/meta")
    query = prologue(settings.base_iri) + (
        f"SELECT DISTINCT ?l WHERE {{ GRAPH {meta} {{ ?d dct:license ?l }} }} ORDER BY ?l"
    )
    budget = Budget(settings.query_time_limit_ms / 1000, 100)
    rows, _ = await select(query_backend(request), query, budget)
    return [row["l"].value for row in rows]


@router.get("/dumps", include_in_schema=False)
async def dumps_folder() -> Response:
    return RedirectResponse("/dumps/", status_code=301)


@router.get("/dumps/")  # documented; the GET/HEAD route under it answers (resources.GET_HEAD)
@router.api_route("/dumps/", methods=["GET", "HEAD"], include_in_schema=False)
async def dumps_index(request: Request) -> Response:
    """The list of dump files (HTML)."""
    settings = settings_of(request)
    files = listing(settings.dist_path.resolve())
    view = view_for(request, settings.base_iri)
    licenses = await _licenses(request, settings)
    body = render("dumps.html", view, files=files, licenses=licenses)
    return html_response(request, body, headers={"Vary": "Accept-Language, Cookie"})


@router.get("/dumps/{name:path}")
@router.api_route("/dumps/{name:path}", methods=["GET", "HEAD"], include_in_schema=False)
async def dump_file(request: Request, name: str) -> Response:
    """One file of the listing; any other name is a 404."""
    dist = settings_of(request).dist_path.resolve()
    name = request_path(request).removeprefix("dumps/")  # as sent: ``name`` ends before a "\n"
    if name not in {f.name for f in listing(dist)}:
        raise NotFound(f"no dump file named {name!r}; see /dumps/")
    path = dist / name
    media_type = MEDIA_TYPES.get(path.suffix, "application/octet-stream")
    return FileResponse(path, media_type=media_type, filename=path.name)
