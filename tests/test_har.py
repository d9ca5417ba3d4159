"""``clearance check traffic.har``: recorded traffic as input.

Two HAR files shaped like real exports: ``browser-export.har`` as Chrome's devtools write
it (HTTP/2 pseudo-headers, ``queryString``, ``postData`` text, a page, a CORS preflight,
requests to other hosts, UTF-8 written as is) and ``mitmproxy-export.har`` as mitmproxy's
``save.har`` writes it (four-space indent, non-ASCII as ``\\uXXXX``, a co3 XML body over
several lines, a Latin-1 JSON body as base64). Each finding's expected line and column are
found here by searching the file's text for the offending value as the file writes it.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import clearance
from clearance import har, linter
from clearance.cli import main

DATA = Path(__file__).parent / "data" / "har"
BROWSER = DATA / "browser-export.har"
MITMPROXY = DATA / "mitmproxy-export.har"


def position(path: Path, needle: str) -> tuple[int, int]:
    """1-based line and column of the one occurrence of ``needle`` in the file."""
    text = path.read_text(encoding="utf-8")
    assert text.count(needle) == 1, needle
    offset = text.index(needle)
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["check", "--isolated", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def findings(
    capsys: pytest.CaptureFixture[str], path: Path, *argv: str
) -> list[tuple[str, int, int]]:
    status, out, _ = run(capsys, "--format", "json", *argv, str(path))
    assert status == 1
    return [(item["code"], item["line"], item["column"]) for item in json.loads(out)]


def test_a_browser_export_is_checked_request_by_request(capsys: pytest.CaptureFixture[str]) -> None:
    expected = [
        # POST /articles: postData text, at the values inside the escaped JSON string
        ("1030", *position(BROWSER, '7,\\"default_quantity')),
        ("1068", *position(BROWSER, '\\"Portionsbeutel\\"')),
        # GET /articles: the queryString value
        ("1052", *position(BROWSER, '"zwanzig"')),
        # SnelStart OData: the queryString value
        ("clearance:odata-top-invalid", *position(BROWSER, '"abc"')),
        # InvoiceXpress without api_key: the url
        ("401", *position(BROWSER, '"https://acme.app.invoicexpress.com/clients.json"')),
        # Fortnox Accept: the header's value
        ("1000030", *position(BROWSER, '"application/pdf"')),
    ]
    assert findings(capsys, BROWSER) == expected


def test_a_mitmproxy_export_with_xml_base64_and_escapes(capsys: pytest.CaptureFixture[str]) -> None:
    latin1 = base64.b64encode('{"Customer":{"Name":"Åke Öberg"}}'.encode("latin-1")).decode()
    expected = [
        # co3: the element's start tag, on the fifth line of the body, through its \n escapes
        ("12", *position(MITMPROXY, "<date_from>")),
        # Fortnox: a body that is not UTF-8 is not JSON (2002115), at the base64 text
        ("2002115", *position(MITMPROXY, f'"{latin1}"')),
        # KASSA: a text value after \u escapes (1041: over 100 characters)
        ("1041", *position(MITMPROXY, '\\"Lagerstandspr')),
    ]
    assert findings(capsys, MITMPROXY) == expected


def test_the_findings_are_those_of_check_request(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--format", "json", str(MITMPROXY))
    assert status == 1
    request = json.loads(MITMPROXY.read_text(encoding="utf-8"))["log"]["entries"][0]["request"]
    report = clearance.check_request(
        "co3", request["method"], request["url"],
        headers=[(h["name"], h["value"]) for h in request["headers"]],
        body=request["postData"]["text"].encode(),
    )  # fmt: skip
    first = json.loads(out)[0]
    assert (first["code"], first["message"], first["pointer"]) == (
        report.findings[0].code, report.findings[0].message, report.findings[0].pointer,
    )  # fmt: skip


def test_the_summary_counts_what_was_skipped(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, str(BROWSER))
    assert status == 1
    assert out.splitlines()[-1] == (
        "Found 6 findings in 1 file; skipped 2 requests to hosts clearance does not know, "
        "1 request to undocumented endpoints."
    )


def test_api_restricts_the_check_to_one_api(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--api", "kassa", str(BROWSER))
    assert status == 1
    lines = out.splitlines()
    assert {line.split(": ", 2)[1].split()[0] for line in lines[:-1]} == {"kassa"}
    assert "3 requests to other APIs than --api" in lines[-1]


def test_the_server_format_names_each_entry(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--format", "server", str(MITMPROXY))
    assert status == 1
    heads = [line for line in out.splitlines() if line.startswith("==> ")]
    assert heads == [
        f"==> {MITMPROXY} entry 0 (HTTP 400) <==",
        f"==> {MITMPROXY} entry 1 (HTTP 400) <==",
        f"==> {MITMPROXY} entry 2 (HTTP 400) <==",
    ]


def test_a_suppression_names_a_value_inside_a_recorded_body(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(BROWSER, tmp_path / "traffic.har")
    (tmp_path / "pyproject.toml").write_text(
        "[tool.clearance.suppress]\n"
        '"traffic.har#/log/entries/1/request/postData/text/sales_tax_percentage" = ["1030"]\n'
        '"traffic.har#/log/entries/7/request/headers/8/value" = ["1000030"]\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    status = main(["check", "--format", "json", "traffic.har"])
    codes = [item["code"] for item in json.loads(capsys.readouterr().out)]
    assert status == 1
    assert "1030" not in codes
    assert "1000030" not in codes
    assert "1068" in codes


def test_a_har_with_only_other_hosts_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = json.loads(BROWSER.read_text(encoding="utf-8"))
    document["log"]["entries"] = document["log"]["entries"][:1]
    (tmp_path / "pages.har").write_text(json.dumps(document), encoding="utf-8")
    status, out, _ = run(capsys, str(tmp_path / "pages.har"))
    assert status == 0
    assert (
        out == "All checks passed (1 file; skipped 1 request to hosts clearance does not know).\n"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"GET / HTTP/1.1", "not a HAR file: not JSON"),
        (b'{"log": {}}', "not a HAR file: no log.entries list"),
        (b'{"log": {"entries": [{"request": {"url": "https://x"}}]}}',
         "/log/entries/0/request: needs a method and a url"),
        ((b'{"log": {"entries": [{"request": {"method": "POST", "url": "https://co3app.com/api/crm",'
         b' "postData": {"text": "%%%", "encoding": "base64"}}}]}}'),
         "/log/entries/0/request/postData/text: not valid base64"),
    ],
)  # fmt: skip
def test_a_file_that_is_not_a_readable_har_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    path = tmp_path / "broken.har"
    path.write_bytes(content)
    status, _, err = run(capsys, str(path))
    assert status == 2
    assert message in err


def test_endpoint_cannot_be_given_for_a_har(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "--api", "kassa", "--endpoint", "POST /articles", str(BROWSER))
    assert status == 2
    assert "a HAR file names each request's endpoint" in err


def test_a_folder_walk_takes_har_files(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, str(DATA))
    assert status == 1
    assert "Found 9 findings in 2 files;" in out.splitlines()[-1]


def test_the_linter_knows_har_files_without_loading_the_module() -> None:
    """A run without HAR files does not import clearance.har; its suffix is the same."""
    assert har.SUFFIX in linter.SUFFIXES
    assert har.is_har("Traffic.HAR")
    code = (
        "import sys\n"
        "from clearance.linter import Linter\n"
        "Linter(api='kassa', endpoint='POST /articles').run([])\n"
        "print('clearance.har' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
