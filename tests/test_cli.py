"""The command line: help for every command, exit codes 0 / 1 / 2, clear errors."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from tests.conftest import Built

from wpikg.cli import main


@pytest.mark.parametrize("command", [[], ["build"], ["validate"], ["serve"]])
def test_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*command, "--help"]) == 0
    assert "usage: wpikg" in capsys.readouterr().out


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["no-such-command"]) == 2
    assert "invalid choice" in capsys.readouterr().err


def test_python_dash_m_runs_the_same_command_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "wpikg", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert done.stdout.startswith("wpikg ")


def test_validate_exits_0_on_the_real_data(
    built: Built, capsys: pytest.CaptureFixture[str]
) -> None:
    code = _validate(built)
    out = capsys.readouterr().out
    assert code == 0, out
    assert "conforms: True" in out


@contextmanager
def extra_shapes(built: Built, name: str, text: str) -> Iterator[None]:
    """A shapes file added to the built project for the duration of a test."""
    path = built.settings.shapes_dir / name
    path.write_text(text)
    try:
        yield
    finally:
        path.unlink()


def _validate(built: Built) -> int:
    return main(["-q", "--project-dir", str(built.settings.project_dir), "validate"])


IMPOSSIBLE = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix kg: <https://w3id.org/wpikg/ontology#> .
<urn:test:s> a sh:NodeShape ; sh:targetClass kg:Agreement ;
  sh:property [ sh:path kg:party ; sh:minCount 99 ; sh:message "99 parties"@en ] .
"""


def test_validate_exits_1_on_invalid_data(built: Built, capsys: pytest.CaptureFixture[str]) -> None:
    with extra_shapes(built, "zz-failing.ttl", IMPOSSIBLE):
        code = _validate(built)
    assert code == 1
    assert "conforms: False" in capsys.readouterr().out


def test_an_rdf_syntax_error_says_file_line_and_column_and_exits_2(
    built: Built, capsys: pytest.CaptureFixture[str]
) -> None:
    with extra_shapes(
        built, "zz-broken.ttl", "@prefix a: <http://x/> .\na:b a:c [ a:d a:e/f ] .\n"
    ):
        code = _validate(built)
    assert code == 2
    assert "zz-broken.ttl:2:18:" in capsys.readouterr().err
