"""Rule selectors: one meaning in ``Context``, the integrations, the command line and config.

A selector that names no rule is an error where it is written in code (``Context``,
``ignore=`` of a client, httpx's extension, the command line, ``[tool.clearance]``) and a
warning where it arrives in a request header; ``"*"`` switches every rule off everywhere.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

import httpx
import pytest
import requests

import clearance
from clearance import selectors
from clearance.cli import main
from clearance.integrations.httpx import ClearanceTransport
from clearance.integrations.httpx import RequestRejectedError as HttpxRejectedError
from clearance.integrations.requests import ClearanceAdapter, install
from clearance.integrations.requests import RequestRejectedError as RequestsRejectedError

if TYPE_CHECKING:
    from pathlib import Path

BAD_ARTICLE = {
    "line_item_name": "Tee",
    "gross_amount_per_item": 3.5,
    "sales_tax_percentage": 7,
    "default_quantity": 1,
}
URL = "https://meinefirma.kassa.at/api/v1/articles"
TOKEN = {"Authorization": "224ac7a5-d4cc8055a2fe479b"}
IX_BODY = {
    "invoice": {
        "date": "03/12/2017",
        "due_date": "01/12/2017",
        "client": {"name": "Client Name", "code": "A1"},
        "items": [{"name": "Item", "unit_price": "100", "quantity": "0"}],
    }
}


# -- written in code: an error, with the closest selectors -------------------------------


@pytest.mark.parametrize(
    ("typo", "meant"),
    [("kasa:1030", "kassa:1030"), ("kassa:1O30", "kassa:1030"), ("Inferred", "inferred")],
)
def test_context_refuses_a_selector_that_names_nothing(typo: str, meant: str) -> None:
    with pytest.raises(clearance.UnknownSelectorError) as caught:
        clearance.Context(ignore=frozenset({typo}))
    error = caught.value
    assert isinstance(error, ValueError)
    assert isinstance(error, clearance.ClearanceError)
    assert error.selector == typo
    assert meant in error.suggestions
    assert f"unknown selector {typo!r}" in str(error)
    assert repr(meant) in str(error)


def test_context_refuses_nonsense_and_says_what_a_selector_is() -> None:
    with pytest.raises(clearance.UnknownSelectorError, match="a rule id") as caught:
        clearance.Context(ignore=frozenset({"nonsense"}))
    assert caught.value.selector == "nonsense"


def test_clients_refuse_a_selector_that_names_nothing() -> None:
    with pytest.raises(clearance.UnknownSelectorError, match="'kassa:1030'"):
        ClearanceTransport(ignore=["kasa:1030"])
    with pytest.raises(clearance.UnknownSelectorError, match="'kassa:1030'"):
        ClearanceAdapter(ignore="kasa:1030")
    with pytest.raises(clearance.UnknownSelectorError):
        install(requests.Session(), ignore=["kassa", "nope"])


def test_the_httpx_extension_is_code_and_refuses_too() -> None:
    sent: list[httpx.Request] = []
    stand_in = httpx.MockTransport(lambda r: sent.append(r) or httpx.Response(201))
    with (
        httpx.Client(transport=ClearanceTransport(stand_in)) as client,
        pytest.raises(clearance.UnknownSelectorError, match="kasa:1030"),
    ):
        client.post(URL, json=BAD_ARTICLE, headers=TOKEN, extensions={"clearance": ["kasa:1030"]})
    assert sent == []


# -- arriving in a header: a warning, and the rejection says so --------------------------


def test_httpx_header_typo_warns_and_the_rule_stays_on() -> None:
    stand_in = httpx.MockTransport(lambda _: httpx.Response(201))
    with httpx.Client(transport=ClearanceTransport(stand_in)) as client:
        headers = {**TOKEN, "Clearance-Ignore": "kassa:1O30"}
        with (
            pytest.warns(clearance.UnknownSelectorWarning, match=r"'kassa:1O30'.*'kassa:1030'"),
            pytest.raises(HttpxRejectedError) as caught,
        ):
            client.post(URL, json=BAD_ARTICLE, headers=headers)
    assert "Clearance-Ignore" in str(caught.value)
    assert "'kassa:1O30' names no rule" in str(caught.value)


def test_requests_header_typo_warns_and_the_rule_stays_on() -> None:
    class Unreachable(requests.adapters.HTTPAdapter):
        def send(self, *_: object, **__: object) -> requests.Response:
            raise AssertionError("sent")

    session = requests.Session()
    session.mount("https://", ClearanceAdapter(Unreachable()))
    headers = {**TOKEN, "Clearance-Ignore": "kassa:1O30, 1064"}
    with (
        pytest.warns(clearance.UnknownSelectorWarning, match="kassa:1O30"),
        pytest.raises(RequestsRejectedError) as caught,
    ):
        session.post(URL, json=BAD_ARTICLE, headers=headers)
    assert "'kassa:1O30' names no rule" in str(caught.value)


def test_a_known_header_selector_does_not_warn() -> None:
    stand_in = httpx.MockTransport(lambda _: httpx.Response(201))
    with (
        httpx.Client(transport=ClearanceTransport(stand_in)) as client,
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("error")
        headers = {**TOKEN, "Clearance-Ignore": "kassa:1030"}
        assert client.post(URL, json=BAD_ARTICLE, headers=headers).status_code == 201


# -- "*" means every rule, everywhere ------------------------------------------------------


def test_star_switches_every_rule_off_in_context() -> None:
    assert not clearance.check("kassa", "POST /articles", BAD_ARTICLE).ok
    everything = clearance.Context(ignore=frozenset({"*"}))
    assert clearance.check("kassa", "POST /articles", BAD_ARTICLE, context=everything).ok
    report = clearance.check_request("kassa", "POST", URL, body=b"{", context=everything)
    assert report.ok


def test_star_switches_every_rule_off_in_the_integrations() -> None:
    stand_in = httpx.MockTransport(lambda _: httpx.Response(201))
    for transport in (
        ClearanceTransport(stand_in, ignore="*"),
        ClearanceTransport(stand_in, context=clearance.Context(ignore=frozenset({"*"}))),
    ):
        with httpx.Client(transport=transport) as client:
            assert client.post(URL, json=BAD_ARTICLE).status_code == 201


def test_star_switches_every_rule_off_on_the_command_line(tmp_path: Path) -> None:
    fixture = tmp_path / "article.json"
    fixture.write_text('{"sales_tax_percentage": 7}', "utf-8")
    args = ["check", "--isolated", "--api", "kassa", "--endpoint", "POST /articles", str(fixture)]
    assert main(args) == 1
    assert main([*args, "--ignore", "*"]) == 0
    assert main([*args, "--select", "*"]) == 1


# -- one parser, one matcher ---------------------------------------------------------------


def test_every_form_that_validates_also_matches() -> None:
    """``invoicexpress:422`` was accepted and matched nothing: each form now selects rules."""
    report = clearance.check("invoicexpress", "POST /invoices.json", IX_BODY)
    assert report.findings
    for selector in ("422", "invoicexpress:422", "invoicexpress", "*"):
        context = clearance.Context(ignore=frozenset({selector}))
        assert clearance.check("invoicexpress", "POST /invoices.json", IX_BODY, context=context).ok
    rule = report.findings[0].rule
    for selector in (rule.id, rule.key, rule.code, rule.api, rule.basis, f"{rule.api}:{rule.code}"):
        assert selectors.matches(rule, frozenset({selector}))


def test_the_same_typo_gets_the_same_answer_everywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(clearance.UnknownSelectorError) as in_code:
        clearance.Context(ignore=frozenset({"kasa:1030"}))
    fixture = tmp_path / "a.json"
    fixture.write_text("{}", "utf-8")
    assert main(["check", "--isolated", "--ignore", "kasa:1030", str(fixture)]) == 2
    err = capsys.readouterr().err
    assert str(in_code.value) in err


def test_parse_takes_strings_lists_and_false() -> None:
    assert selectors.parse(["kassa:1030, 1064", "inferred"]) == {"kassa:1030", "1064", "inferred"}
    assert selectors.parse(value=False) == {"*"}
    assert selectors.parse(None) == frozenset()
    assert clearance.Context(ignore="kassa:1030, 1064").ignore == {"kassa:1030", "1064"}  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="selector"):
        selectors.parse([1030])
