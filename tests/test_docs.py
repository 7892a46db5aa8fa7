"""The README stays in line with the code (datasette's test_settings_are_documented)."""

from __future__ import annotations

import re

from tests.conftest import ROOT

from wpikg.cli import parser
from wpikg.config import Settings

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_setup_commands() -> None:
    block = README.split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["make serve", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_every_setting_is_documented_with_its_variable_and_default() -> None:
    rows = {m[1]: m[0] for m in re.findall(r"^(\| `(\w+)` \| `WPIKG_\w+` .*)$", README, re.M)}
    for name, field in Settings.model_fields.items():
        assert name in rows, f"setting {name} is not in the README's table"
        assert f"`WPIKG_{name.upper()}`" in rows[name]
        assert field.description, f"setting {name} has no description"


def test_every_command_is_documented() -> None:
    commands = parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name in commands:
        assert f"`wpikg {name}" in README, name
