"""Every finding carries the 1-based line and column of its value in the file.

For a missing key the position is the enclosing object's. The check below is
independent of the scanner in :mod:`clearance._json`: it writes each case of every API
as a pretty-printed file and reads back, at the reported position, the text the value
is written as.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from casefiles import CASES, case_id, load

from clearance.apis import get_api
from clearance.linter import Linter, check_file

if TYPE_CHECKING:
    from clearance.api import Api

TODAY = date(2026, 11, 21)
ROOT = Path(__file__).resolve().parent.parent


def _resolve(document: Any, pointer: str) -> tuple[str, Any]:
    """The longest prefix of ``pointer`` that exists in ``document``, and its value."""
    found, value = "", document
    for token in pointer.split("/")[1:] if pointer else []:
        key = token.replace("~1", "/").replace("~0", "~")
        if isinstance(value, dict) and key in value:
            value = value[key]
        elif isinstance(value, list) and key.isdigit() and int(key) < len(value):
            value = value[int(key)]
        else:
            break
        found += "/" + token
    return found, value


def _at(text: str, line: int, column: int) -> str:
    return text.splitlines()[line - 1][column - 1 :]


def _written_as(value: Any) -> str:
    if isinstance(value, dict):
        return "{"
    if isinstance(value, list):
        return "["
    return json.dumps(value, ensure_ascii=False)[:30]


def _file(tmp_path: Path, path: Path, case: dict[str, Any]) -> tuple[Path, Linter, Any] | None:
    target = tmp_path / f"{path.parent.parent.name}-{path.stem}.json"
    if "request" in case:
        document = case["request"]
        linter = Linter(api=case["api"], today=TODAY, isolated=True)
    else:
        document = case["payload"]
        if isinstance(document, str):
            return None  # a raw body: malformed on purpose, or XML (see below)
        linter = Linter(api=case["api"], endpoint=case["endpoint"], today=TODAY, isolated=True)
    if isinstance(document, dict | list) and len(json.dumps(document)) > 100_000:
        return None  # a length-limit case: megabytes of one string
    target.write_text(json.dumps(document, ensure_ascii=False, indent=2), "utf-8")
    return target, linter, document


@pytest.mark.parametrize("path", [p for p in CASES if p.parts[-2] == "invalid"], ids=case_id)
def test_position_of_every_finding(path: Path, tmp_path: Path) -> None:
    case = load(path)
    prepared = _file(tmp_path, path, case)
    if prepared is None:
        return
    target, linter, document = prepared
    outcome = linter.run([str(target)])
    assert not outcome.problems, outcome.problems
    (result,) = outcome.results
    text = target.read_text("utf-8")
    for item in result.diagnostics:
        exists, value = _resolve(document, item.target)
        at = _at(text, item.line, item.column)
        assert at.startswith(_written_as(value)), (item, exists, at)
        if exists != item.target and not isinstance(value, str):
            assert at[0] in "{[", (item, at)  # a missing key: the enclosing object
        # (A form body is one string: its fields are found at the string.)


def test_missing_key_points_at_the_enclosing_object(tmp_path: Path) -> None:
    fixture = tmp_path / "article.json"
    fixture.write_text(
        '{\n  "line_item_name": "Tee",\n  "gross_amount_per_item": 3.5\n}\n', "utf-8"
    )
    result = check_file(fixture, api="kassa", endpoint="POST /articles")
    positions = {(d.code, d.pointer): (d.line, d.column) for d in result.diagnostics}
    assert positions[("1026", "/sales_tax_percentage")] == (1, 1)


def test_request_file_positions(tmp_path: Path) -> None:
    fixture = tmp_path / "request.json"
    fixture.write_text(
        "{\n"
        '  "method": "POST",\n'
        '  "url": "https://api.kassa.at/api/v1/articles",\n'
        '  "headers": {"Content-Type": "application/json"},\n'
        '  "body": {\n'
        '    "line_item_name": "Tee", "sales_tax_percentage": 7\n'
        "  }\n"
        "}\n",
        "utf-8",
    )
    result = check_file(fixture)
    found = [(d.code, d.target, d.line, d.column) for d in result.diagnostics]
    assert found[0] == ("2001", "/url", 3, 10)
    fixture.write_text(
        fixture.read_text("utf-8").replace("api.kassa.at", "meinefirma.kassa.at"), "utf-8"
    )
    found = [(d.code, d.target, d.line, d.column) for d in check_file(fixture).diagnostics]
    assert ("2003", "/headers", 4, 14) in found
    fixture.write_text(
        fixture.read_text("utf-8").replace(
            '"Content-Type": "application/json"',
            '"Content-Type": "application/json", "Authorization": "t"',
        ),
        "utf-8",
    )
    found = [(d.code, d.target, d.line, d.column) for d in check_file(fixture).diagnostics]
    assert ("1030", "/body/sales_tax_percentage", 6, 54) in found
    # missing keys of the body: the body object
    assert ("1066", "/body/default_quantity", 5, 11) in found


def test_payload_files_are_located_by_their_api(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A payload file's positions come from ``Api.locate`` (XML documents: co3)."""
    seen: list[tuple[str, list[str]]] = []

    def locate(_self: Api, text: str, pointers: Any) -> dict[str, tuple[int, int]]:
        pointers = list(pointers)
        seen.append((text, pointers))
        return dict.fromkeys(pointers, (7, 3))

    monkeypatch.setattr(type(get_api("kassa")), "locate", locate)
    fixture = tmp_path / "article.json"
    fixture.write_text('{"line_item_name": "Tee"}', "utf-8")
    result = check_file(fixture, api="kassa", endpoint="POST /articles")
    assert seen == [('{"line_item_name": "Tee"}', [d.target for d in result.diagnostics])]
    assert {(d.line, d.column) for d in result.diagnostics} == {(7, 3)}


def _xml_files() -> list[Path]:
    found = sorted((ROOT / "examples").glob("*/*.xml"))
    for path in CASES:
        case = load(path)
        payload = case.get("payload")
        if isinstance(payload, str) and payload.lstrip().startswith("<"):
            found.append(path)
    return found


def test_xml_positions_are_inside_the_document(tmp_path: Path) -> None:
    """Every XML example and XML case of any API: each position is a real place in it."""
    for path in _xml_files():
        if path.suffix == ".xml":
            fixture, linter = path, Linter(today=TODAY, isolated=True)
        else:
            case = load(path)
            fixture = tmp_path / f"{path.stem}.xml"
            fixture.write_text(case["payload"], "utf-8")
            linter = Linter(api=case["api"], endpoint=case["endpoint"], today=TODAY, isolated=True)
        outcome = linter.run([str(fixture)])
        assert not outcome.problems, outcome.problems
        lines = fixture.read_text("utf-8", errors="replace").splitlines() or [""]
        for item in outcome.diagnostics:
            assert 1 <= item.line <= len(lines), item
            assert 1 <= item.column <= len(lines[item.line - 1]) + 1, item
