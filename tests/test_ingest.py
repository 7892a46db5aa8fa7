"""``wpikg ingest``, ``graphs``, ``remove`` and ``POST /graphs/{name}`` (issue #7), on a project
built for this module and a real ``wpikg serve`` over it: a valid file appears in SPARQL
results on the running server (while queries in flight keep being answered), an invalid file
changes nothing, an ingest killed halfway leaves the previous store live and usable, the same
file again is a no-op, ``--replace`` replaces and ``remove`` removes."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph
import pytest
from pydantic import ValidationError
from tests.conftest import make_project, running_server, wpikg_command

from wpikg.build import build, current_build
from wpikg.cli import main
from wpikg.config import Settings
from wpikg.ingest import IngestError, check_name, load_records

DATA = Path(__file__).parent / "data" / "ingest"
TOKEN = "test-token-0123456789"  # noqa: S105 - a test server's token
SHORT = "short-secret"  # noqa: S105 - a token too short to be accepted
AGREEMENT = "https://w3id.org/wpikg/id/agreement/office-2024-l0002"
SECOND = "https://w3id.org/wpikg/id/agreement/office-2024-l0003"


@dataclass
class Project:
    settings: Settings
    base: str  # the running server


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    """A built project and ``wpikg serve`` over it, with an ingest token."""
    settings = Settings(project_dir=make_project(tmp_path_factory.mktemp("ingest")))
    build(settings)
    env = {"WPIKG_INGEST_TOKEN": TOKEN, "WPIKG_QUERY_WORKERS": "2"}
    with running_server(settings.project_dir, env=env) as base:
        yield Project(settings, base)


def _ingest(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    command = wpikg_command(project.settings.project_dir, "-q", "ingest", *args)
    return subprocess.run(command, capture_output=True, text=True, timeout=600)


def _ask(base: str, query: str) -> bool:
    response = httpx.get(
        f"{base}/sparql", params={"query": query}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 200, response.text
    return bool(response.json()["boolean"])


def _has(base: str, iri: str) -> bool:
    return _ask(base, f"ASK {{ <{iri}> a <https://w3id.org/wpikg/ontology#Agreement> }}")


def _eventually(condition: object, timeout_s: float = 30) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.2)
    return False


def _state(settings: Settings) -> tuple[Path | None, str, int, list[str]]:
    """What must not change: the live build, its dump's checksum, the store's quads, and the
    ingested graphs."""
    live = current_build(settings)
    dump = hashlib.sha256((settings.dist_path / "wpikg.nq.gz").read_bytes()).hexdigest()
    store = pyoxigraph.Store.read_only(str(settings.store_path.resolve()))
    quads = len(store)
    del store
    folder = settings.data_dir / "ingested"
    files = sorted(p.name for p in folder.iterdir()) if folder.exists() else []
    return live, dump, quads, files


class Poller:
    """Queries sent one after another while something else happens; every status kept."""

    def __init__(self, base: str) -> None:
        self.base, self.statuses, self.stop = base, [], threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with httpx.Client(timeout=30) as client:
            for _ in range(5000):  # bounded
                if self.stop.is_set():
                    return
                response = client.get(
                    f"{self.base}/sparql",
                    params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?c }"},
                    headers={"Accept": "text/csv"},
                )
                self.statuses.append(response.status_code)


def test_a_valid_file_appears_on_the_running_server(project: Project) -> None:
    assert not _has(project.base, AGREEMENT)
    poller = Poller(project.base)
    poller.thread.start()
    try:
        done = _ingest(project, str(DATA / "new-agreement.ttl"), "--graph", "office")
        assert done.returncode == 0, done.stderr
        assert "added: graph office" in done.stderr
        assert _eventually(lambda: _has(project.base, AGREEMENT)), "not served after ingest"
    finally:
        poller.stop.set()
        poller.thread.join(timeout=60)
    assert poller.statuses and set(poller.statuses) == {200}, poller.statuses
    graph = "https://w3id.org/wpikg/graph/ingested/office"
    assert _ask(project.base, f"ASK {{ GRAPH <{graph}> {{ <{AGREEMENT}> ?p ?o }} }}")
    # who: the ingest_agent setting, never the login name of whoever ran the command
    provenance = f"""ASK {{ GRAPH <{graph}> {{ <{graph}> <http://purl.org/dc/terms/source>
        "new-agreement.ttl" ; <http://purl.org/dc/terms/creator> "wpikg ingest" ;
        <http://www.w3.org/ns/prov#generatedAtTime> ?when ;
        <http://purl.org/dc/terms/identifier> ?checksum }} }}"""
    assert _ask(project.base, provenance)


def test_the_same_file_again_is_a_no_op(project: Project) -> None:
    before = _state(project.settings)
    done = _ingest(project, str(DATA / "new-agreement.ttl"), "--graph", "office")
    assert done.returncode == 0, done.stderr
    assert "unchanged" in done.stderr
    assert _state(project.settings) == before


def test_graphs_lists_the_ingested_graph(project: Project) -> None:
    command = wpikg_command(project.settings.project_dir, "graphs")
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    assert out.startswith("office\t41 triples\tfrom new-agreement.ttl")
    assert out.rstrip().endswith("live")


def test_an_invalid_file_changes_nothing(project: Project) -> None:
    before = _state(project.settings)
    done = _ingest(project, str(DATA / "one-party.ttl"), "--graph", "broken")
    assert done.returncode == 1, done.stderr
    assert "An agreement needs at least two parties" in done.stdout
    assert "kgsh:OrganizationShape-prefLabel" in done.stdout
    assert "rejected" in done.stderr and "nothing changed" in done.stderr
    assert _state(project.settings) == before


def test_a_killed_ingest_leaves_the_previous_store(project: Project) -> None:
    before = _state(project.settings)
    builds = project.settings.data_dir / "builds"
    existing = set(builds.iterdir())
    command = wpikg_command(
        project.settings.project_dir,
        "-q",
        "ingest",
        str(DATA / "second-agreement.ttl"),
        "--graph",
        "killed",
    )
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        while not set(builds.iterdir()) - existing and time.monotonic() < deadline:
            assert process.poll() is None, "the ingest ended before it could be killed"
            time.sleep(0.01)
        os.kill(process.pid, signal.SIGKILL)  # its build folder exists; the swap has not run
    finally:
        process.kill()
        process.wait()
    assert set(builds.iterdir()) - existing, "the ingest never started writing its build"
    assert _state(project.settings) == before
    assert "killed" not in load_records(project.settings)
    assert _has(project.base, AGREEMENT) and not _has(project.base, SECOND)


def test_replace_needs_the_option_and_replaces(project: Project) -> None:
    before = _state(project.settings)
    done = _ingest(project, str(DATA / "second-agreement.ttl"), "--graph", "office")
    assert done.returncode == 2 and "--replace" in done.stderr
    assert _state(project.settings) == before
    done = _ingest(project, str(DATA / "second-agreement.ttl"), "--graph", "office", "--replace")
    assert done.returncode == 0, done.stderr
    assert "replaced: graph office" in done.stderr
    assert _eventually(lambda: _has(project.base, SECOND) and not _has(project.base, AGREEMENT))


def test_remove_takes_the_graph_out(project: Project) -> None:
    command = wpikg_command(project.settings.project_dir, "-q", "remove", "--graph", "office")
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert _eventually(lambda: not _has(project.base, SECOND))
    assert load_records(project.settings) == {}
    again = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert again.returncode == 2 and "no ingested graph named 'office'" in again.stderr


# -- over HTTP ---------------------------------------------------------------------------------
def _post(
    base: str, name: str, path: Path, token: str | None = TOKEN, **params: str
) -> httpx.Response:
    headers = {"Content-Type": "text/turtle"}
    if token is not None:  # a value's final spaces are never sent (RFC 9110 §5.5)
        headers["Authorization"] = f"Bearer {token}".rstrip()
    return httpx.post(
        f"{base}/graphs/{name}",
        content=path.read_bytes(),
        headers=headers,
        params=params,
        timeout=600,
    )


def test_http_ingest_is_off_without_a_token(live_server: str) -> None:
    response = _post(live_server, "office", DATA / "new-agreement.ttl")
    assert response.status_code == 404
    assert response.json()["error"]["kind"] == "not-found"


def test_http_ingest_needs_the_token(project: Project) -> None:
    for token, wrong in ((None, False), ("", False), ("   ", False), (f"{TOKEN}x", True)):
        response = _post(project.base, "web", DATA / "new-agreement.ttl", token=token)
        assert response.status_code == 401, (token, response.text)
        challenge = response.headers["www-authenticate"]
        assert challenge.startswith('Bearer realm="wpikg ingest"')
        assert ('error="invalid_token"' in challenge) == wrong, challenge
        assert response.json()["error"]["kind"] == "unauthorized"
    assert "web" not in load_records(project.settings)


def test_an_empty_token_turns_http_ingest_off(project: Project) -> None:
    """``WPIKG_INGEST_TOKEN=`` is no token: the route does not exist, whatever is sent (an
    empty token once matched an empty ``Authorization: Bearer``)."""
    env = {"WPIKG_INGEST_TOKEN": ""}
    with running_server(project.settings.project_dir, env=env) as base:
        for token in ("", None):
            response = _post(base, "open", DATA / "new-agreement.ttl", token=token)
            assert response.status_code == 404, response.text
    assert "open" not in load_records(project.settings)


def test_tokens_must_be_empty_or_long_enough(
    project: Project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for blank in ("", " \t "):
        assert Settings(ingest_token=blank).ingest_token is None
    token = Settings(ingest_token=f" {TOKEN}\n").ingest_token
    assert token is not None and token.get_secret_value() == TOKEN
    with pytest.raises(ValidationError, match="at least 16 characters") as refused:
        Settings(ingest_token=SHORT)
    assert SHORT not in str(refused.value)
    monkeypatch.setenv("WPIKG_INGEST_TOKEN", SHORT)
    assert main(["--project-dir", str(project.settings.project_dir), "graphs"]) == 2
    error = capsys.readouterr().err
    assert "ingest_token (WPIKG_INGEST_TOKEN)" in error and "at least 16 characters" in error
    assert SHORT not in error


def test_graph_names_are_matched_whole(project: Project) -> None:
    """A final newline is not part of a valid name (``$`` would let it through)."""
    assert check_name("abc") == "abc"
    for name in ("abc\n", "abc\n\n", "\nabc", "-abc", "Abc", "a" * 65):
        with pytest.raises(IngestError):
            check_name(name)
    response = _post(project.base, "abc%0A", DATA / "new-agreement.ttl")
    assert response.status_code == 400, response.text
    assert "graph name 'abc\\n'" in response.json()["error"]["message"]
    done = _ingest(project, str(DATA / "new-agreement.ttl"), "--graph", "abc\n")
    assert done.returncode == 2 and "graph name" in done.stderr
    assert not [n for n in load_records(project.settings) if n.startswith("abc")]


def test_http_ingest_adds_rejects_and_conflicts(project: Project) -> None:
    response = _post(project.base, "web", DATA / "new-agreement.ttl")
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "added" and body["record"]["by"] == "wpikg ingest"  # not the IP
    assert _eventually(lambda: _has(project.base, AGREEMENT))
    before = _state(project.settings)
    conflict = _post(project.base, "web", DATA / "second-agreement.ttl")
    assert conflict.status_code == 409 and "replace" in conflict.json()["error"]["message"]
    rejected = _post(project.base, "bad", DATA / "one-party.ttl")
    assert rejected.status_code == 422
    assert rejected.json()["error"]["kind"] == "invalid"
    report = rejected.json()["error"]["report"]
    assert report["conforms"] is False and report["source"] == "request body"
    assert any(r["shape"].endswith("AgreementShape-parties") for r in report["results"])
    assert {r["file"] for r in report["results"] if r["line"]} == {"request body"}
    broken = httpx.post(
        f"{project.base}/graphs/bad",
        content=b"<urn:a> <urn:b> .",
        headers={"Content-Type": "application/n-triples", "Authorization": f"Bearer {TOKEN}"},
    )
    assert broken.status_code == 400 and broken.json()["error"]["line"] == 1
    assert _state(project.settings) == before


def test_http_ingest_records_the_from_header_as_it_is(project: Project) -> None:
    """A ``From`` value that starts with ``-`` is a name, not an option of the child."""
    response = httpx.post(
        f"{project.base}/graphs/web",
        params={"replace": "true"},
        content=(DATA / "second-agreement.ttl").read_bytes(),
        headers={
            "Content-Type": "text/turtle",
            "Authorization": f"Bearer {TOKEN}",
            "From": "--replace-me@example.org",
        },
        timeout=600,
    )
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "replaced"
    assert response.json()["record"]["by"] == "--replace-me@example.org"
    assert load_records(project.settings)["web"].by == "--replace-me@example.org"


def test_data_the_gate_refuses_before_validating_is_a_422(project: Project) -> None:
    before = _state(project.settings)
    response = httpx.post(
        f"{project.base}/graphs/blank",
        content=b"<https://w3id.org/wpikg/id/x> <urn:x:seeAlso> _:b .",
        headers={"Content-Type": "application/n-triples", "Authorization": f"Bearer {TOKEN}"},
        timeout=600,
    )
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["kind"] == "invalid" and "blank nodes cannot be ingested" in error["message"]
    assert error["message"].startswith("request body: ")  # not the temporary copy's path
    assert _state(project.settings) == before


def test_a_failing_ingest_is_a_500_with_its_message(project: Project) -> None:
    """A child that fails for a reason of its own (here: an ingested graph altered on disk):
    ``500`` ``internal`` with the child's message, never a stack trace."""
    folder = project.settings.data_dir / "ingested"
    folder.mkdir(exist_ok=True)
    record = {
        "name": "altered",
        "source": "altered.ttl",
        "sha256": "0" * 64,
        "media_type": "text/turtle",
        "by": "wpikg ingest",
        "at": "2024-04-01T00:00:00+00:00",
        "triples": 1,
        "data_sha256": "0" * 64,
    }
    (folder / "altered.nt").write_text("<urn:x:a> <urn:x:b> <urn:x:c> .\n")
    (folder / "altered.json").write_text(json.dumps(record))
    try:
        response = _post(project.base, "other", DATA / "new-agreement.ttl")
    finally:
        (folder / "altered.json").unlink()
        (folder / "altered.nt").unlink()
    assert response.status_code == 500, response.text
    error = response.json()["error"]
    assert error["kind"] == "internal"
    assert "altered.nt: its SHA-256 differs" in error["message"]
    assert "Traceback" not in response.text
    assert "other" not in load_records(project.settings)


def test_an_ingest_past_its_time_limit_is_a_503_and_changes_nothing(project: Project) -> None:
    before = _state(project.settings)
    env = {"WPIKG_INGEST_TOKEN": TOKEN, "WPIKG_INGEST_TIME_LIMIT_MS": "1"}
    with running_server(project.settings.project_dir, env=env) as base:
        response = _post(base, "late", DATA / "new-agreement.ttl")
    assert response.status_code == 503, response.text
    error = response.json()["error"]
    assert error["kind"] == "timeout" and "1 ms" in error["message"], error
    assert _state(project.settings) == before


def test_http_ingest_refuses_a_server_that_serves_another_store(project: Project) -> None:
    """An ingest rebuilds ``data/store``: a server reading another folder would never see it."""
    live = current_build(project.settings)
    assert live is not None
    before = _state(project.settings)
    env = {"WPIKG_INGEST_TOKEN": TOKEN}
    args = ("--store-dir", str(live / "store"))
    with running_server(project.settings.project_dir, *args, env=env) as base:
        response = _post(base, "elsewhere", DATA / "new-agreement.ttl")
    assert response.status_code == 403, response.text
    error = response.json()["error"]
    assert error["kind"] == "forbidden" and "store_dir" in error["message"], error
    assert _state(project.settings) == before


def test_the_public_endpoints_stay_read_only(project: Project) -> None:
    update = httpx.post(
        f"{project.base}/sparql",
        content="INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"},
    )
    assert update.status_code == 403
    put = httpx.put(
        f"{project.base}/store",
        params={"graph": "https://w3id.org/wpikg/graph/ingested/web"},
        content=b"<urn:a> <urn:b> <urn:c> .",
        headers={"Content-Type": "application/n-triples", "Authorization": f"Bearer {TOKEN}"},
    )
    assert put.status_code in (403, 405)
