"""The public surface: what ``import clearance`` offers, and what it costs."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from scripts_path import generate

import clearance
from clearance import Finding, Report
from clearance.report import Location


def test_all_is_sorted_and_complete() -> None:
    assert clearance.__all__ == sorted(clearance.__all__)
    for name in clearance.__all__:
        assert getattr(clearance, name) is not None


def test_contract_example() -> None:
    report = clearance.check(
        "kassa",
        "POST /articles",
        {
            "line_item_name": "Tee",
            "gross_amount_per_item": 3.5,
            "sales_tax_percentage": 7,
            "default_quantity": 1,
        },
        context=clearance.Context(today=date(2026, 11, 21)),
    )
    assert not report.ok
    finding = report.findings[0]
    assert (finding.code, finding.status, finding.pointer) == ("1030", 400, "/sales_tax_percentage")
    assert (
        finding.message == "Parameter 'sales_tax_percentage' must be '0', '10', '13', '20' or '5'!"
    )
    status, headers, body = report.response()
    assert status == 400
    assert headers["Content-Type"].startswith("application/json")
    assert body.startswith(b'{"status":400,"error_code":1000,')


def test_unknown_api_and_endpoint_name_the_known_ones() -> None:
    with pytest.raises(clearance.UnknownApiError, match="kassa"):
        clearance.check("kasa", "POST /articles", {})
    with pytest.raises(clearance.UnknownEndpointError, match="POST /articles"):
        clearance.check("kassa", "POST /article", {})
    with pytest.raises(ValueError, match="unknown"):
        clearance.check("kassa", None, {})  # type: ignore[arg-type]


def test_import_is_light() -> None:
    """``import clearance`` must not pay for pydantic or any API's models."""
    code = "import sys, clearance; print(sorted(m for m in sys.modules if m.startswith(('pydantic', 'clearance.'))))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "['clearance._version', 'clearance.errors']"


def test_readme_table_is_current() -> None:
    assert generate.main(["--check"]) == 0


def test_ignoring_a_request_rule_still_checks_the_payload() -> None:
    """A switched-off 401 rule must not hide the payload's findings."""
    url = "https://meinefirma.kassa.at/api/v1/warehouses/1/inventories/15/movements"
    body = b'{"quantity": 0}'
    report = clearance.check_request("kassa", "POST", url, headers={}, body=body)
    assert [f.code for f in report.findings] == ["2003"]
    ignoring = clearance.Context(ignore=frozenset({"kassa:2003"}))
    report = clearance.check_request("kassa", "POST", url, headers={}, body=body, context=ignoring)
    assert [f.code for f in report.findings] == ["1046"]


def test_path_parameters_are_percent_decoded() -> None:
    url = "https://meinefirma.kassa.at/api/v1/customers/%37/contacts"
    report = clearance.check_request("kassa", "GET", url, headers={"Authorization": "t"})
    assert report.ok
    url = "https://meinefirma.kassa.at/api/v1/customers/K%2D1/contacts"
    report = clearance.check_request("kassa", "GET", url, headers={"Authorization": "t"})
    assert [(f.code, f.location) for f in report.findings] == [("1111", "path:id")]


def test_a_warning_never_fails_a_report(monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule whose severity is ``warning`` is reported apart, and the request passes."""
    import dataclasses  # noqa: PLC0415

    from clearance.apis import get_api  # noqa: PLC0415

    catalog = get_api("kassa").catalog
    warned = dataclasses.replace(catalog["2003"], severity="warning")
    assert warned.warning
    monkeypatch.setitem(catalog._rules, "2003", warned)  # noqa: SLF001
    url = "https://meinefirma.kassa.at/api/v1/articles"
    report = clearance.check_request("kassa", "POST", url, body=b'{"sales_tax_percentage": 7}')
    assert [f.code for f in report.warnings] == ["2003"]
    assert [f.severity for f in report.warnings] == ["warning"]
    assert [f.code for f in report.findings] == ["1030", "1013", "1015", "1066"]
    assert not report.ok
    ignored = clearance.check_request(
        "kassa", "POST", url, body=b"{}", context=clearance.Context(ignore=frozenset({"2003"}))
    )
    assert ignored.warnings == ()
    quiet = clearance.check_request(
        "kassa",
        "GET",
        "https://meinefirma.kassa.at/api/v1/warehouses",
    )
    assert quiet.ok
    assert [f.code for f in quiet.warnings] == ["2003"]


def test_a_catalog_severity_is_error_or_warning() -> None:
    from clearance.catalog import parse_catalog  # noqa: PLC0415

    text = """api = "x"\ntitle = "X"\nsource = "s"\n[rules.1]\nname = "a"\nstatus = 400
message = "m"\nscope = "payload"\nbasis = "DOC"\nseverity = "%s"\n"""
    assert parse_catalog("x", text % "warning")["1"].warning
    assert not parse_catalog("x", text % "error")["1"].warning
    with pytest.raises(clearance.CatalogError, match="severity"):
        parse_catalog("x", text % "loud")


def test_response_of_a_passing_report_is_a_typed_error() -> None:
    report = clearance.check("kassa", "POST /articles", VALID_ARTICLE)
    assert report.ok
    with pytest.raises(clearance.NoFindingsError, match=r"report\.ok") as caught:
        report.response()
    assert isinstance(caught.value, clearance.ClearanceError)
    assert isinstance(caught.value, ValueError)  # what it raised before, still caught
    assert caught.value.report is report


README_LIBRARY = "## As a library"
VALID_ARTICLE = {
    "line_item_name": "Tee",
    "gross_amount_per_item": 3.5,
    "sales_tax_percentage": 20,
    "default_quantity": 1,
}


def _readme_library_blocks() -> list[str]:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    section = readme.split(README_LIBRARY + "\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)


def test_readme_library_examples_run_and_are_safe_to_copy() -> None:
    """The README's library examples run as written, and still run once the payload passes.

    A reader copies ``report.response()`` into code whose requests mostly pass: the
    example must not raise for those.
    """
    blocks = _readme_library_blocks()
    assert len(blocks) == 2
    namespace: dict[str, object] = {"__name__": "readme"}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102
    first = blocks[0]
    assert '"sales_tax_percentage": 7,' in first
    passing = first.replace('"sales_tax_percentage": 7,', '"sales_tax_percentage": 20,')
    namespace = {"__name__": "readme"}
    exec(compile(passing, "README.md", "exec"), namespace)  # noqa: S102
    assert getattr(namespace["report"], "ok", None) is True


def test_a_form_body_is_read_as_named_parameters_where_the_server_reads_forms() -> None:
    """KASSA.AT (Rails) and SnelStart (ASP.NET) read form bodies; Fortnox refuses them."""
    url = "https://meinefirma.kassa.at/api/v1/warehouses/1/inventories/15/movements"
    form = {"Authorization": "t", "Content-Type": "application/x-www-form-urlencoded"}
    report = clearance.check_request("kassa", "POST", url, headers=form, body=b"quantity=2")
    assert report.ok
    as_json = {"Authorization": "t", "Content-Type": "application/json"}
    report = clearance.check_request("kassa", "POST", url, headers=as_json, body=b"quantity=2")
    assert [f.code for f in report.findings] == ["clearance:malformed-json"]
    fortnox = clearance.check_request(
        "fortnox",
        "POST",
        "https://api.fortnox.se/3/customers",
        headers={"Authorization": "Bearer t", "Content-Type": "application/x-www-form-urlencoded"},
        body=b"Name=A",
    )
    assert fortnox.findings[0].code == "1000031"  # the answer; the body is no JSON either


def test_findings_and_reports_are_frozen_dataclasses() -> None:
    """Built at a plain class's speed, they still behave as the frozen dataclasses they are."""
    report = clearance.check("kassa", "POST /articles", {})
    finding = report.findings[0]
    assert type(finding) is Finding
    assert type(report) is Report
    for value, field in ((finding, "code"), (report, "api")):
        assert copy.copy(value) == value
        assert copy.deepcopy(value) == value
        assert pickle.loads(pickle.dumps(value)) == value  # noqa: S301 - our own object
        assert hash(copy.copy(value)) == hash(value)
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(value, field, "x")
    same = Finding(
        code=finding.code,
        message=finding.message,
        status=finding.status,
        pointer=finding.pointer,
        rule=finding.rule,
    )
    assert same == finding
    assert same.location == Location.PAYLOAD
    assert dataclasses.replace(finding, message="other").message == "other"
    assert dataclasses.replace(report, findings=()).ok
    assert Report("kassa", "POST /articles").findings == ()
    assert Report("kassa", "POST /articles").form == "json"
    assert [f.name for f in dataclasses.fields(Finding)] == [
        "code",
        "message",
        "status",
        "pointer",
        "rule",
        "location",
    ]
    assert "rule=" not in repr(finding)
    with pytest.raises(TypeError):
        Finding("1013", "message")  # type: ignore[call-arg]
