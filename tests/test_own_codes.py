"""clearance's own rules in the server's answer: its code where found, else said so (issue 16).

Each ``clearance:*`` rule is one of three: answered with a documented rule of the server
(``answer``) or with the code found for it (``code``); answered by the framework in front
of the API, whose body carries no code (``framework``); or undocumented, when the answer
carries clearance's own code and the ``Clearance-Undocumented`` header names the rule.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import pytest
from casefiles import CASES, case_id, load, run

from clearance.apis import APIS, get_api
from clearance.catalog import parse_catalog
from clearance.envelopes import UNDOCUMENTED_HEADER
from clearance.errors import CatalogError
from clearance.explain import to_json, to_text

if TYPE_CHECKING:
    from pathlib import Path

    from clearance.catalog import Rule
    from clearance.report import Finding

OWN = [rule for api in APIS for rule in get_api(api).catalog if rule.own and not rule.removed]


def _carries(body: bytes, finding: Finding) -> bool:
    """Whether the body carries the finding's code (InvoiceXpress: its message, no codes)."""
    text = body.decode("utf-8")
    if finding.api == "invoicexpress":
        return finding.message in [item.get("error") for item in json.loads(text)["errors"]]
    return finding.code in text


@pytest.mark.parametrize("rule", OWN, ids=lambda r: r.id)
def test_each_own_rule_answers_as_its_catalog_says(rule: Rule) -> None:
    api = get_api(rule.api)
    finding = api.finding(rule.key, pointer="")
    status, headers, body = api.render([finding])
    if rule.undocumented:
        assert headers.get(UNDOCUMENTED_HEADER) == rule.id
        assert _carries(body, finding)
        return
    assert UNDOCUMENTED_HEADER not in headers
    assert b"clearance:" not in body
    if rule.answer is not None:
        answered = api.catalog[rule.answer]
        assert status == answered.status
        assert answered.code in body.decode()
        assert answered.message in body.decode()


def test_the_framework_answers_are_the_codeless_ones() -> None:
    """A rule answered by a framework has no code in its body; every other own rule has one."""
    for rule in OWN:
        if rule.api == "invoicexpress":
            continue  # no answer of that API carries a code
        _, _, body = get_api(rule.api).render([get_api(rule.api).finding(rule.key, pointer="")])
        shows_code = bool(rule.answer) or rule.code in body.decode()
        assert shows_code == (rule.framework is None), rule.id


@pytest.mark.parametrize("path", [p for p in CASES if p.parts[-2] == "invalid"], ids=case_id)
def test_the_header_names_exactly_the_undocumented_rules_the_body_carries(path: Path) -> None:
    report = run(load(path))
    if report.ok:
        pytest.skip("warnings alone: the server takes the request, there is no error body")
    _, headers, body = report.response()
    named = headers.get(UNDOCUMENTED_HEADER, "")
    listed = [item for item in named.split(", ") if item]
    carried = [f.rule.id for f in report.findings if f.rule.undocumented and _carries(body, f)]
    assert listed == list(dict.fromkeys(carried))


@pytest.mark.parametrize("rule", OWN, ids=lambda r: r.id)
def test_explain_says_whose_code_the_answer_carries(rule: Rule) -> None:
    text = to_text(rule)
    (row,) = [line for line in text.splitlines() if line.startswith("server ")]
    info = to_json(rule)
    assert info["undocumented"] == rule.undocumented
    if rule.undocumented:
        assert "not documented" in row
        assert UNDOCUMENTED_HEADER in row
    else:
        assert "not documented" not in row
    if rule.framework:
        assert rule.framework in row
        assert "no code" in row


def test_explain_of_a_documented_code_has_no_server_row() -> None:
    rule = get_api("kassa").catalog["1030"]
    assert not any(line.startswith("server ") for line in to_text(rule).splitlines())
    assert to_json(rule)["server_code"] is None


def test_the_readme_lists_every_undocumented_rule() -> None:
    from pathlib import Path  # noqa: PLC0415

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    table = readme.split("<!-- own-codes-start -->", 1)[1].split("<!-- own-codes-end -->", 1)[0]
    rows = {row.split(" | ", 1)[0].strip("| `"): row for row in table.splitlines()[2:]}
    for rule in OWN:
        cells = rows[rule.api].split(" | ")
        column = 1 if rule.undocumented else 3 if rule.framework else 2
        assert f"`{rule.key}`" in cells[column], rule.id


def test_an_answer_must_name_a_rule_of_the_catalog() -> None:
    text = """
api = "co3"
title = "t"
source = "s"
[rules."clearance:x"]
name = "x"
status = 400
message = "m"
scope = "payload"
basis = "INF"
answer = "7"
"""
    with pytest.raises(CatalogError, match=re.escape("'clearance:x' answers as '7', no rule")):
        parse_catalog("co3", text)


def test_the_integrations_answer_with_the_header() -> None:
    import httpx  # noqa: PLC0415

    from clearance.integrations.httpx import ClearanceTransport  # noqa: PLC0415

    client = httpx.Client(transport=ClearanceTransport(mode="answer"))
    response = client.post(
        "https://api.fortnox.se/3/customers",
        json={"Customer": {"Email": "a@example.com"}},
        headers={"Authorization": "Bearer t", "Accept": "application/json"},
    )
    assert response.status_code == 400
    assert response.headers[UNDOCUMENTED_HEADER] == "fortnox:clearance:field-required"
    assert response.json()["ErrorInformation"]["code"] == "clearance:field-required"
