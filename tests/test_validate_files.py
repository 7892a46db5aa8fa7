"""``wpikg validate FILE...``: new data validated together with the live graph (issue #7).

Per shape, a bad file and a good one, generated from the compact table of
``tests/test_shapes.py`` (its valid document ``GOOD`` and its 160 damage cases): each case is
written as a Turtle file of its own with every ``id/`` IRI moved under ``id/{case}/``, so that
it collides with nothing in the real graph while it uses the real graph's vocabularies,
countries and ontology. Each case file goes through what ``wpikg validate FILE`` runs (read
with the parser and line finder, added to the live graph, validated, the live graph's own
results taken away, reported) with the shapes of its node shape only, as in test_shapes: a
full validation costs 10 s or more per file, and pySHACL's SPARQL targets slow down sharply
when many case files are validated at once (10 files: 70 s). The good file, the project's own
example and a few bad files are then run through the real command with every shape.
"""

from __future__ import annotations

import json
import logging
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH, XSD
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.wait import WebDriverWait
from tests.conftest import Built, running_server, screenshot, wpikg_command
from tests.test_shapes import CASES, GOOD, KGSH, PREFIXES, Case, _records, shape_closure

from wpikg.build import current_build
from wpikg.cli import main
from wpikg.ingest import live_build, live_graph, read_file, rebased, report_text, validate_with
from wpikg.namespaces import DEFAULT_BASE
from wpikg.rdf_files import parse_triples
from wpikg.validate import ResultKey, load_shapes

DATA = Path(__file__).parent / "data" / "ingest"
ID = DEFAULT_BASE + "id/"


def _turtle(text: str) -> Graph:
    return Graph().parse(data=PREFIXES + text, format="turtle")


def _case_graph(case: Case | None) -> Graph:
    """GOOD, damaged as the case says (None: undamaged), with its ``id/`` IRIs moved apart."""
    graph = _turtle(_records() + GOOD)
    if case is not None:
        graph -= _turtle(case.drop)
        graph += _turtle(case.add)
    return rebased(graph, ID, f"{ID}{case.name if case else 'good'}/")


def _write(folder: Path, name: str, graph: Graph) -> Path:
    path = folder / f"{name}.ttl"
    graph.serialize(path, format="turtle")
    return path


def _run(built: Built, *args: str) -> tuple[int, str]:
    done = subprocess.run(
        wpikg_command(built.settings.project_dir, "-q", "validate", *args),
        capture_output=True,
        text=True,
        timeout=600,
    )
    return done.returncode, done.stdout + done.stderr


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(Path(__file__).parents[1] / "shapes")


@pytest.fixture(scope="module")
def live(built: Built) -> tuple[Graph, set[ResultKey]]:
    """The live graph, parsed once, and its own results."""
    found = live_build(built.settings)
    assert found is not None
    return live_graph(built.settings, found), found.baseline


def _shape_messages(shapes: Graph, shape: str) -> dict[str, str]:
    node = KGSH[shape]
    messages = shapes.objects(node, SH.message)
    return {m.language: str(m) for m in messages if isinstance(m, Literal) and m.language}


def test_the_good_files_pass(built: Built) -> None:
    code, out = _run(built, str(DATA / "new-agreement.ttl"))
    assert code == 0, out
    assert "new results: none" in out and "conforms: True" in out


def test_the_good_document_of_the_shapes_table_passes(built: Built, tmp_path: Path) -> None:
    path = _write(tmp_path, "good", _case_graph(None))
    code, out = _run(built, "--report", "json", str(path))
    assert code == 0, out
    report = json.loads(out)
    assert report["conforms"] is True and report["results"] == [], report["results"]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_bad_file_is_reported_by_its_shape(
    case: Case,
    live: tuple[Graph, set[ResultKey]],
    shapes: Graph,
    tmp_path: Path,
) -> None:
    path = _write(tmp_path, case.name, _case_graph(case))
    new = read_file(path)
    current, known = live
    node_shape = shape_closure(shapes, KGSH[case.shape.split("-", 1)[0]])
    report = validate_with(current, new.graph, node_shape, known)
    hits = [
        r
        for r in report.results
        if r.shape == str(KGSH[case.shape]) and r.severity == case.severity
    ]
    assert hits, f"no {case.severity} from {case.shape}; got {report.results}"
    assert report.conforms == (case.severity != "Violation")
    expected = _shape_messages(shapes, case.shape)
    text = "\n".join(report_text(report, new, "ja"))
    for hit in hits:
        assert hit.messages.keys() >= {"ja", "en"}, hit
        if expected:  # a property shape of its own (inline ones carry the node shape's)
            assert hit.messages == expected, hit
        assert hit.focus in new.lines, hit
        where = ":".join(map(str, new.lines[hit.focus]))
        assert f"<{hit.focus}>  ({where})" in text and hit.message("ja") in text


def test_every_shape_has_a_bad_file(shapes: Graph) -> None:
    """Every node shape of the shapes files is exercised by at least one case file."""
    kinds = (SH.targetClass, SH.target, SH.targetObjectsOf, SH.targetSubjectsOf)
    targeted = {s for kind in kinds for s in shapes.subjects(kind, None)}
    names = {str(s)[len(KGSH) :] for s in targeted if isinstance(s, URIRef)}
    assert names - {c.shape.split("-", 1)[0] for c in CASES} == set()


def test_a_bad_file_alone_is_rejected_with_the_message_and_its_line(
    built: Built, tmp_path: Path
) -> None:
    case = next(c for c in CASES if c.name == "agreement-with-one-party")
    path = tmp_path / "one-party.nt"  # N-Triples: a subject's line is plain to see
    lines = sorted(_case_graph(case).serialize(format="nt").splitlines())
    path.write_text("\n".join(line for line in lines if line.strip()) + "\n")
    focus = f"{ID}agreement-with-one-party/agreement/riken2017-l0365"
    line = next(n for n, text in enumerate(lines, start=1) if text.startswith(f"<{focus}> "))
    code, out = _run(built, "--lang", "ja", str(path))
    assert code == 1, out
    assert "協定には2つ以上の当事者(組織)が必要です" in out
    assert f"<{focus}>  ({path}:{line})" in out and "kgsh:AgreementShape-parties" in out


def _case_file(folder: Path, name: str) -> Path:
    return _write(folder, name, _case_graph(next(c for c in CASES if c.name == name)))


def test_a_warning_alone_does_not_reject(built: Built, tmp_path: Path) -> None:
    code, out = _run(built, str(_case_file(tmp_path, "related-unit-text-not-a-code")))
    assert code == 0, out
    assert "Warning" in out and "AgreementShape-relatedUnitText" in out


def test_the_report_as_turtle_is_a_shacl_validation_report(built: Built, tmp_path: Path) -> None:
    code, out = _run(built, "--report", "ttl", str(_case_file(tmp_path, "agreement-without-type")))
    assert code == 1
    report = Graph().parse(data=out, format="turtle")
    assert list(report.objects(None, SH.conforms)) == [Literal(False)]
    shapes = {str(o) for o in report.objects(None, SH.sourceShape)}
    assert str(KGSH["AgreementShape-type"]) in shapes


def test_unparseable_input_says_file_line_and_column_and_nothing_else(
    built: Built, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <http://x/> .\nex:a ex:b ex:c ;\n  ex:d [ ex:e .\n")
    good = str(DATA / "new-agreement.ttl")
    done = subprocess.run(
        wpikg_command(built.settings.project_dir, "validate", good, str(broken)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert f"{broken}:3:" in done.stderr


def test_usage_errors_exit_2(built: Built, tmp_path: Path) -> None:
    unknown = tmp_path / "data.txt"
    unknown.write_text("<urn:a> <urn:b> <urn:c> .")
    assert main(["--project-dir", str(built.settings.project_dir), "validate", str(unknown)]) == 2
    assert main(["validate", "--format", "n3", str(unknown)]) == 2
    project = ["--project-dir", str(built.settings.project_dir)]
    good = str(DATA / "new-agreement.ttl")
    assert main([*project, "validate", "--known", str(unknown), good]) == 2  # needs --against


def test_ill_typed_literals_are_read_without_a_logged_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """rdflib logs a warning with a stack trace for each literal not of its datatype; data a
    client sends is read without that (the shapes report the literal), and only then."""
    data = b'<urn:x:a> <urn:x:p> "many"^^<http://www.w3.org/2001/XMLSchema#integer> .'
    with caplog.at_level(logging.DEBUG):
        graph = parse_triples(data, ".nt", "request body")
        assert len(graph) == 1 and caplog.records == []
        Literal("many", datatype=XSD.integer)  # outside parsing, rdflib logs as it does
    assert [r.name for r in caplog.records] == ["rdflib.term"]


SYNTAXES = {
    "nt": ("ntriples", pyoxigraph.RdfFormat.N_TRIPLES),
    "nq": ("nquads", pyoxigraph.RdfFormat.N_QUADS),
    "trig": ("trig", pyoxigraph.RdfFormat.TRIG),
    "jsonld": ("jsonld", pyoxigraph.RdfFormat.JSON_LD),
    "rdf": ("rdfxml", pyoxigraph.RdfFormat.RDF_XML),
}


@pytest.mark.parametrize("extension", sorted(SYNTAXES))
def test_every_syntax_reads_the_same_triples(extension: str, tmp_path: Path) -> None:
    """By extension or, under any name, by --format; quads lose their graph name."""
    name, syntax = SYNTAXES[extension]
    source = DATA / "new-agreement.ttl"
    graph = pyoxigraph.NamedNode("urn:example:graph") if syntax.supports_datasets else None
    quads = [
        pyoxigraph.Quad(q.subject, q.predicate, q.object, graph or pyoxigraph.DefaultGraph())
        for q in pyoxigraph.parse(path=str(source))
    ]
    path = tmp_path / f"new.{extension}"
    pyoxigraph.serialize(quads if graph else [q.triple for q in quads], str(path), syntax)
    expected = set(read_file(source).graph)
    assert set(read_file(path).graph) == expected
    assert set(read_file(path.rename(tmp_path / "new.txt"), name).graph) == expected


def test_line_based_syntaxes_place_each_subject_exactly(tmp_path: Path) -> None:
    path = tmp_path / "new.nt"
    read_file(DATA / "new-agreement.ttl").graph.serialize(path, format="nt", encoding="utf-8")
    new = read_file(path)
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        subject = text.split(" ", 1)[0].strip("<>")
        assert new.lines[subject][1] <= number


def test_a_json_ld_file_is_validated_through_the_command(built: Built, tmp_path: Path) -> None:
    path = tmp_path / "new.json"
    read_file(DATA / "new-agreement.ttl").graph.serialize(path, format="json-ld")
    code, out = _run(built, "--format", "jsonld", "--report", "json", str(path))
    assert code == 0, out
    report = json.loads(out)
    assert report["conforms"] is True and report["triples"] == 41


# -- POST /validate on the running server --------------------------------------------------------
def test_post_validate_answers_json_for_a_turtle_body(built: Built, live_server: str) -> None:
    live = current_build(built.settings)
    response = httpx.post(
        f"{live_server}/validate",
        content=(DATA / "new-agreement.ttl").read_bytes(),
        headers={"Content-Type": "text/turtle", "Accept": "application/json"},
        timeout=300,
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {
        "conforms": True,
        "source": "request body",
        "triples": 41,
        "counts": {},
        "results": [],
    }
    assert current_build(built.settings) == live  # nothing written


def test_post_validate_takes_an_upload_and_answers_turtle(live_server: str, tmp_path: Path) -> None:
    path = _case_file(tmp_path, "agreement-with-one-party")
    response = httpx.post(
        f"{live_server}/validate",
        files={"file": (path.name, path.read_bytes(), "application/octet-stream")},
        headers={"Accept": "text/turtle"},
        timeout=300,
    )
    assert response.status_code == 200, response.text
    report = Graph().parse(data=response.text, format="turtle")
    assert list(report.objects(None, SH.conforms)) == [Literal(False)]
    assert (None, SH.sourceShape, KGSH["AgreementShape-parties"]) in report


def test_post_validate_refuses_what_it_cannot_read(live_server: str) -> None:
    """Each refusal comes before any validation: a syntax error with its line and column, an
    unknown type, an unacceptable report format, a body over the limit."""
    broken = httpx.post(
        f"{live_server}/validate",
        content=b"@prefix ex: <http://x/> .\nex:a ex:b .\n",
        headers={"Content-Type": "text/turtle"},
    )
    assert broken.status_code == 400
    error = broken.json()["error"]
    assert error["kind"] == "syntax" and error["line"] == 2 and error["column"] >= 1, error
    plain = httpx.post(
        f"{live_server}/validate", content=b"x", headers={"Content-Type": "text/plain"}
    )
    assert plain.status_code == 415
    image = httpx.post(
        f"{live_server}/validate",
        content=b"<urn:a> <urn:b> <urn:c> .",
        headers={"Content-Type": "application/n-triples", "Accept": "image/png"},
    )
    assert image.status_code == 406
    huge = httpx.post(
        f"{live_server}/validate",
        content=b"#" * (1_048_576 + 1),
        headers={"Content-Type": "text/turtle"},
    )
    assert huge.status_code == 413 and huge.json()["error"]["kind"] == "limit"


def _validation_children(project_dir: Path) -> list[int]:
    """The ``wpikg validate`` child processes a server runs for this project (by their
    command line: the server passes ``--project-dir=DIR``)."""
    marker = f"--project-dir={project_dir}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        try:
            arguments = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:  # not a process, or it has just ended
            continue
        if marker in arguments and b"validate" in arguments:
            found.append(int(entry.name))
    return found


def _post_turtle(base: str, body: bytes) -> httpx.Response:
    return httpx.post(
        f"{base}/validate",
        content=body,
        headers={"Content-Type": "text/turtle", "Accept": "application/json"},
        timeout=300,
    )


def test_post_validate_runs_one_validation_at_a_time(built: Built, live_server: str) -> None:
    """While a validation runs (in its child process), another is answered at once: ``503``
    ``busy`` with ``Retry-After``, and the first one's answer is not disturbed."""
    body = (DATA / "one-party.ttl").read_bytes()
    first: list[httpx.Response] = []
    thread = threading.Thread(target=lambda: first.append(_post_turtle(live_server, body)))
    thread.start()
    try:
        deadline = time.monotonic() + 60
        while not _validation_children(built.settings.project_dir):
            assert time.monotonic() < deadline and thread.is_alive(), "no validation started"
            time.sleep(0.05)
        second = _post_turtle(live_server, body)
    finally:
        thread.join(timeout=300)
    assert second.status_code == 503, second.text
    assert second.json()["error"]["kind"] == "busy"
    assert 1 <= int(second.headers["retry-after"]) <= 60  # validation_time_limit_ms: 60 s
    assert first and first[0].status_code == 200, first
    report = first[0].json()
    assert report["conforms"] is False and report["source"] == "request body"
    assert any(r["shape"].endswith("AgreementShape-parties") for r in report["results"])


def test_post_validate_is_stopped_at_its_time_limit_and_bounded_in_size(built: Built) -> None:
    """Past ``validation_time_limit_ms`` the child process is killed and the client gets a
    ``503`` ``timeout`` (here: while the server validates the current graph, which takes longer
    than the limit); more than ``max_validation_triples`` triples is a ``413``."""
    env = {"WPIKG_VALIDATION_TIME_LIMIT_MS": "6000", "WPIKG_MAX_VALIDATION_TRIPLES": "40"}
    project = built.settings.project_dir
    with running_server(project, env=env) as base:
        large = _post_turtle(base, (DATA / "new-agreement.ttl").read_bytes())  # 41 triples
        assert large.status_code == 413, large.text
        error = large.json()["error"]
        assert error["kind"] == "limit" and "max_validation_triples" in error["message"]
        small = b"<https://w3id.org/wpikg/id/x> <http://www.w3.org/2000/01/rdf-schema#label> 'x' ."
        for _ in range(2):  # the slot is free again after a timeout
            started = time.monotonic()
            answer, seen = _watching(project, lambda: _post_turtle(base, small))
            elapsed = time.monotonic() - started
            assert answer.status_code == 503, answer.text
            error = answer.json()["error"]
            assert error["kind"] == "timeout" and "6000 ms" in error["message"], error
            assert elapsed < 15, elapsed  # validating the graph and the data takes longer
            assert seen, "the validation never reached its child process"
            assert not set(_validation_children(project)) & seen, "the child was not killed"


def _watching(
    project_dir: Path, send: Callable[[], httpx.Response]
) -> tuple[httpx.Response, set[int]]:
    """``send()`` in a thread; its response and the validation children seen meanwhile."""
    seen: set[int] = set()
    answer: list[httpx.Response] = []
    thread = threading.Thread(target=lambda: answer.append(send()))
    thread.start()
    while thread.is_alive():
        seen.update(_validation_children(project_dir))
        time.sleep(0.05)
    assert answer, "the request failed"
    return answer[0], seen


def test_the_validation_page_shows_the_report(
    live_server: str, browser: WebDriver, tmp_path: Path
) -> None:
    path = _case_file(tmp_path, "agreement-with-one-party")
    browser.get(f"{live_server}/validate?lang=en")
    browser.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(path))
    browser.find_element(By.CSS_SELECTOR, "form.validate button").click()
    WebDriverWait(browser, 300).until(lambda d: d.find_elements(By.ID, "report"))
    text = browser.find_element(By.ID, "report").text
    screenshot(browser, "validation-report")
    assert "Violations: the data would be rejected." in text
    assert "An agreement needs at least two parties, each an organization" in text
    assert f"{path}" not in text and f"{path.name}:" in text  # the file's name and line
