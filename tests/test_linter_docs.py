"""``docs/linter.md`` runs: its files are written, its commands run, their output compared.

Fenced blocks:

- ```` ```toml file=NAME ```` / ```` ```json file=NAME ````: written to NAME in a fresh folder;
- ```` ```console ````: each ``$ clearance ...`` line runs there (in process) and must print
  the lines below it (standard error, then standard output); a ``...`` line stands for
  any number of lines;
- other ``toml``, ``json`` and ``yaml`` blocks must parse; the hooks they name must exist.

``CLEARANCE_UPDATE_GOLDEN=1`` fills console blocks that show no output yet.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from clearance.cli import main
from clearance.config import from_table

if TYPE_CHECKING:
    import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "linter.md"
FENCE = re.compile(r"^```(?P<info>[^\n]*)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)
UPDATE = os.environ.get("CLEARANCE_UPDATE_GOLDEN") == "1"


def _matches(expected: list[str], actual: list[str]) -> bool:
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(_matches(expected[1:], actual[n:]) for n in range(len(actual) + 1))
    return bool(actual) and expected[0] == actual[0] and _matches(expected[1:], actual[1:])


def _commands(body: str) -> list[tuple[str, list[str]]]:
    found: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            found.append((line[2:], []))
        else:
            assert found, f"output before any command: {line!r}"
            found[-1][1].append(line)
    return found


def _run(command: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    argv = shlex.split(command)
    assert argv[0] == "clearance", command
    with contextlib.suppress(SystemExit):  # argparse: --help, --version, usage errors
        main(argv[1:])
    captured = capsys.readouterr()
    return (captured.err + captured.out).splitlines()


def _check_block(lang: str, body: str, root: Path) -> None:
    if lang == "toml":
        table = tomllib.loads(body).get("tool", {}).get("clearance")
        if table is not None:
            from_table(table, root)
    elif lang == "json":
        json.loads(body)
    elif lang == "yaml":
        _check_hooks(yaml.safe_load(body))


def _console(body: str, capsys: pytest.CaptureFixture[str], failures: list[str]) -> list[str]:
    """Run a console block; returns it with the actual output where it shows none."""
    lines: list[str] = []
    for command, expected in _commands(body):
        actual = _run(command, capsys)
        lines += [f"$ {command}", *(expected or actual)]
        if expected and not _matches(expected, actual):
            failures.append(f"$ {command}\n" + "\n".join(actual))
    return lines


def test_the_linter_page_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = DOC.read_text("utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    failures: list[str] = []
    filled: list[tuple[str, str]] = []
    for block in FENCE.finditer(text):
        info, body = block["info"].split(), block["body"]
        lang = info[0] if info else ""
        attrs = dict(part.split("=", 1) for part in info[1:] if "=" in part)
        if "file" in attrs:
            target = tmp_path / attrs["file"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(body, "utf-8")
        if lang == "console":
            filled.append((body, "\n".join(_console(body, capsys, failures)) + "\n"))
        else:
            _check_block(lang, body, tmp_path)
    if UPDATE:
        for old, new in filled:
            text = text.replace(old, new, 1)
        DOC.write_text(text, "utf-8")
    assert not failures, "\n\n".join(failures)


def _check_hooks(config: dict[str, object]) -> None:
    manifest = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    ids = {hook["id"] for hook in manifest}
    repos = config["repos"]
    assert isinstance(repos, list)
    for repo in repos:
        for hook in repo["hooks"]:
            if repo["repo"] == "local":
                assert hook["entry"].startswith("clearance check")
            else:
                assert hook["id"] in ids, hook["id"]


def test_every_hook_is_documented() -> None:
    text = DOC.read_text("utf-8")
    manifest = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    for hook in manifest:
        assert f"`{hook['id']}`" in text, hook["id"]


def test_every_command_and_format_is_documented() -> None:
    text = DOC.read_text("utf-8")
    for command in ("check", "rules", "explain", "schema"):
        assert f"## `clearance {command}`" in text
    for name in ("text", "json", "github", "sarif", "server"):
        assert f"`--format {name}`" in text
    for option in ("-o FILE", "--exit-zero", "--select", "--ignore", "--all DIR"):
        assert option in text


README_SECTION = "## As a linter and pre-commit hook"


def test_readme_linter_examples_are_the_tested_ones() -> None:
    """The README's linter section (merged from this page) shows only examples run above."""
    readme = (ROOT / "README.md").read_text("utf-8")
    _, found, rest = readme.partition(README_SECTION + "\n")
    section = rest.split("\n## ", 1)[0] if found else ""
    page = DOC.read_text("utf-8")
    for block in FENCE.finditer(section):
        assert block.group(0) in page, block.group(0)
