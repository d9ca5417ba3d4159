"""Warnings show in every output format, never in the server's body, and pass the run.

No shipped rule warns yet everywhere a test can reach it, so the rule for a missing token
(KASSA.AT 2003, looked up when a request is checked) is made a warning here.
"""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING

import pytest

from clearance.apis import get_api
from clearance.cli import main

if TYPE_CHECKING:
    from pathlib import Path

BODY = {"line_item_name": "Tee", "gross_amount_per_item": 3.5, "sales_tax_percentage": 20,
        "default_quantity": 1}  # fmt: skip


@pytest.fixture
def request_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    catalog = get_api("kassa").catalog
    monkeypatch.setitem(
        catalog._rules,  # noqa: SLF001
        "2003",
        dataclasses.replace(catalog["2003"], severity="warning"),
    )
    path = tmp_path / "article.json"
    request = {"method": "POST", "url": "https://firma.kassa.at/api/v1/articles", "body": BODY}
    path.write_text(json.dumps(request), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return path


def _run(path: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(["check", "--isolated", "--format", fmt, str(path.name)])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_text(request_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(request_file, "text", capsys)
    assert status == 0
    assert "article.json:1:1: kassa 2003 warning: No token given!" in out
    assert "Found 1 warning in 1 file." in out


def test_json(request_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(request_file, "json", capsys)
    assert status == 0
    (item,) = json.loads(out)
    assert (item["code"], item["severity"], item["status"]) == ("2003", "warning", 401)


def test_github(request_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(request_file, "github", capsys)
    assert status == 0
    assert out.startswith("::warning file=article.json,line=1,col=1,title=kassa 2003::")


def test_sarif(request_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(request_file, "sarif", capsys)
    assert status == 0
    run = json.loads(out)["runs"][0]
    assert [r["level"] for r in run["results"]] == ["warning"]
    assert run["tool"]["driver"]["rules"][0]["defaultConfiguration"] == {"level": "warning"}


def test_server_body_never_carries_a_warning(
    request_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _run(request_file, "server", capsys)
    assert status == 0
    assert out == ""  # the server would accept the request: there is no error body
    assert "kassa 2003 warning: No token given!" in err


def test_a_finding_beside_a_warning_fails_the_run(
    request_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    request = json.loads(request_file.read_text(encoding="utf-8"))
    request["body"]["sales_tax_percentage"] = 7
    request_file.write_text(json.dumps(request), encoding="utf-8")
    status, out, _ = _run(request_file, "text", capsys)
    assert status == 1
    assert "Found 1 finding and 1 warning in 1 file." in out


def test_ignoring_a_warning(request_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["check", "--isolated", "--ignore", "kassa:2003", str(request_file.name)])
    out = capsys.readouterr().out
    assert status == 0
    assert "All checks passed" in out
