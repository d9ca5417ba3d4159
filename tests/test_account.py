"""Account facts: ``clearance.Account``, ``Context.account``, ``[tool.clearance.account]``.

Each rule that depends on a fact of the caller's account takes the lenient reading while
the fact is unknown, and the strict one once it is set (issue 16). The per-rule failing
cases and passing twins are case files; this module holds the ways in: the Python value,
the configuration, the HTTP integrations, and what a finding and ``explain`` say.
"""

from __future__ import annotations

import dataclasses
import json
import textwrap
from datetime import date
from typing import TYPE_CHECKING, Any

import httpx
import pytest
import requests

import clearance
from clearance.cli import main
from clearance.config import ConfigError, from_table
from clearance.explain import to_json, to_text
from clearance.integrations.httpx import ClearanceTransport
from clearance.integrations.requests import install
from clearance.report import FACTS, Account, fact_for

if TYPE_CHECKING:
    from pathlib import Path

KNOWN = "co3.currencies, fortnox.warehouse, snelstart.fiscal-year-start, snelstart.kvk-dutch-only"

INVOICE = {"command": {"setInvoice": {"api_key": "k", "session_key": "s", "currency": "CHF"}}}
INVOICE_XML = (
    "<command><setInvoice><api_key>k</api_key><session_key>s</session_key>"
    "<currency>CHF</currency></setInvoice></command>"
)
DOCUMENTED = {"co3": {"currencies": ["USD", "GBP", "EUR", "HUF"]}}


def _codes(report: clearance.Report) -> list[str]:
    return [f"{f.code} {f.pointer}" for f in report.findings]


# -- the value ------------------------------------------------------------------------------


def test_every_fact_is_unknown_by_default() -> None:
    account = clearance.Account()
    assert all(getattr(account, fact.attribute) is None for fact in FACTS)
    assert account.facts() == {}
    assert clearance.Context().account == account


def test_the_mapping_form_and_the_attributes_are_one_value() -> None:
    mapping = {
        "co3": {"currencies": ["usd", " eur ", "USD"]},
        "fortnox": {"warehouse": True},
        "snelstart": {"fiscal-year-start": "2026-01-01", "kvk_dutch_only": False},
    }
    account = clearance.Account.of(mapping)
    assert account == clearance.Account(
        co3_currencies=("USD", "EUR"),
        fortnox_warehouse=True,
        snelstart_fiscal_year_start=date(2026, 1, 1),
        snelstart_kvk_dutch_only=False,
    )
    assert clearance.Account.of(account.facts()) == account
    assert clearance.Context(account=mapping).account == account


def test_account_and_context_are_frozen_and_hashable() -> None:
    account = clearance.Account(co3_currencies=["USD"], fortnox_warehouse=False)
    assert isinstance(account.co3_currencies, tuple)
    assert hash(account) == hash(
        clearance.Account(co3_currencies=("USD",), fortnox_warehouse=False)
    )
    assert len({clearance.Context(account=account), clearance.Context(account=account)}) == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        account.fortnox_warehouse = True  # type: ignore[misc]


@pytest.mark.parametrize(
    ("facts", "says"),
    [
        ({"co3": {"currency": ["USD"]}}, f"unknown fact 'co3.currency'; known facts: {KNOWN}"),
        ({"kassa": {"warehouse": True}}, f"unknown fact 'kassa.warehouse'; known facts: {KNOWN}"),
        ({"co3": ["USD"]}, "'co3': expected a table of facts"),
        ({"co3": {"currencies": "USD"}}, "co3.currencies: expected a list of ISO 4217"),
        ({"co3": {"currencies": ["EURO"]}}, "co3.currencies: 'EURO' is not an ISO 4217"),
        ({"co3": {"currencies": [978]}}, "co3.currencies: 978 is not an ISO 4217"),
        ({"fortnox": {"warehouse": "yes"}}, "fortnox.warehouse: expected true or false"),
        ({"fortnox": {"warehouse": 1}}, "fortnox.warehouse: expected true or false"),
        ({"snelstart": {"fiscal-year-start": "01-01-2026"}}, "expected a date (2026-01-01)"),
        ({"snelstart": {"fiscal-year-start": 2026}}, "expected a date (2026-01-01)"),
        (["co3"], "expected facts keyed per api"),
    ],
)
def test_a_fact_that_cannot_be_used_is_a_clear_error(facts: Any, says: str) -> None:
    with pytest.raises(clearance.AccountError, match=r"^account: ") as raised:
        clearance.Account.of(facts)
    assert says in str(raised.value)
    with pytest.raises(clearance.AccountError):
        clearance.Context(account=facts)


def test_the_attributes_are_checked_too() -> None:
    with pytest.raises(clearance.AccountError, match=r"co3\.currencies: expected a list"):
        clearance.Account(co3_currencies="USD")  # type: ignore[arg-type]
    with pytest.raises(clearance.AccountError, match=r"fortnox\.warehouse: expected true or false"):
        clearance.Account(fortnox_warehouse="true")  # type: ignore[arg-type]
    with pytest.raises(clearance.AccountError, match=r"expected a date \(2026-01-01\)"):
        clearance.Account(snelstart_fiscal_year_start="2026-13-01")  # type: ignore[arg-type]


def test_account_error_is_a_clearance_error() -> None:
    assert issubclass(clearance.AccountError, clearance.ClearanceError)
    assert issubclass(clearance.AccountError, ValueError)


# -- what the facts change --------------------------------------------------------------------


def test_each_fact_names_rules_that_exist_and_read_it() -> None:
    from clearance.explain import enforced, find  # noqa: PLC0415

    for fact in FACTS:
        for rule_id in fact.rules:
            rule = find(rule_id)
            assert rule is not None
            assert enforced(rule), rule_id
            assert rule.scope == "context", rule_id
            assert fact_for(rule_id) is fact
            assert fact.setting in (rule.note or ""), rule_id


def test_co3_currencies_lenient_then_strict() -> None:
    assert clearance.check("co3", "setInvoice", INVOICE).ok
    strict = clearance.Context(account=DOCUMENTED)
    for payload in (INVOICE, INVOICE_XML):
        report = clearance.check("co3", "setInvoice", payload, context=strict)
        assert _codes(report) == ["21 /command/setInvoice/currency"]
        assert report.findings[0].message == (
            "Invalid currency! The valid currencies are: USD, GBP, EUR, HUF"
        )
    enabled = clearance.Context(account={"co3": {"currencies": ["eur", "chf"]}})
    assert clearance.check("co3", "setInvoice", INVOICE, context=enabled).ok
    sek = {"command": {"setInvoice": {**INVOICE["command"]["setInvoice"], "currency": "sek"}}}
    report = clearance.check("co3", "setInvoice", sek, context=enabled)
    assert [f.message for f in report.findings] == [
        "Invalid currency! The valid currencies are: EUR, CHF"
    ]


def test_a_code_that_is_no_currency_is_refused_whatever_the_account() -> None:
    bad = {"command": {"setInvoice": {**INVOICE["command"]["setInvoice"], "currency": "SFR"}}}
    for context in (clearance.Context(), clearance.Context(account=DOCUMENTED)):
        report = clearance.check("co3", "setInvoice", bad, context=context)
        assert _codes(report) == ["21 /command/setInvoice/currency"]
        assert report.findings[0].message.endswith("are: USD, GBP, EUR, HUF")


def test_a_finding_of_such_a_rule_says_which_setting_turns_the_strict_reading_on() -> None:
    report = clearance.check(
        "co3", "setInvoice", INVOICE, context=clearance.Context(account=DOCUMENTED)
    )
    help_text = report.findings[0].help
    assert help_text is not None
    assert "[tool.clearance.account.co3] currencies" in help_text
    assert "clearance.Account(co3_currencies=...)" in help_text
    assert "While that is unknown, any ISO 4217 currency passes" in help_text
    other = clearance.check("kassa", "POST /articles", {"sales_tax_percentage": 7})
    assert all(f.help is None for f in other.findings)


@pytest.mark.parametrize("fact", FACTS, ids=lambda f: f"{f.api}.{f.name}")
def test_explain_tells_the_reading_and_the_setting(fact: Any) -> None:
    from clearance.explain import find  # noqa: PLC0415

    for rule_id in fact.rules:
        rule = find(rule_id)
        assert rule is not None
        text = to_text(rule)
        account_row = next(line for line in text.splitlines() if line.startswith("account "))
        assert fact.setting in account_row
        assert fact.lenient in account_row
        assert fact.strict in account_row
        info = to_json(rule)
        assert info["account"] == f"{fact.api}.{fact.name}"
        assert info["account_help"] == fact.help


# -- pyproject.toml ---------------------------------------------------------------------------


def test_config_reads_the_account_per_api(tmp_path: Path) -> None:
    table = {
        "account": {
            "co3": {"currencies": ["USD", "EUR"]},
            "snelstart": {"fiscal-year-start": date(2026, 1, 1)},  # a TOML date
        }
    }
    config = from_table(table, tmp_path)
    assert config.account == Account(
        co3_currencies=("USD", "EUR"), snelstart_fiscal_year_start=date(2026, 1, 1)
    )
    assert from_table({}, tmp_path).account == Account()


@pytest.mark.parametrize(
    ("table", "says"),
    [
        ({"account": {"co3": {"currency": ["USD"]}}}, f"known facts: {KNOWN}"),
        ({"account": ["co3"]}, "[tool.clearance].account: expected a table"),
        ({"account": {"fortnox": {"warehouse": "yes"}}}, "fortnox.warehouse: expected true"),
    ],
)
def test_config_with_an_unusable_fact_is_an_error(
    tmp_path: Path, table: dict[str, Any], says: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        from_table(table, tmp_path)
    assert says in str(raised.value)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "fixtures").mkdir()
    (tmp_path / "fixtures" / "invoice.xml").write_text(INVOICE_XML, "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_linter_reads_the_account_from_the_configuration(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "fixtures"]) == 0  # the account's currencies unknown: lenient
    capsys.readouterr()
    (project / "pyproject.toml").write_text(
        textwrap.dedent("""\
            [tool.clearance.account.co3]
            currencies = ["USD", "GBP", "EUR", "HUF"]
        """),
        "utf-8",
    )
    assert main(["check", "--format", "json", "fixtures"]) == 1
    (item,) = json.loads(capsys.readouterr().out)
    assert (item["code"], item["pointer"]) == ("21", "/command/setInvoice/currency")


def test_the_linter_says_which_fact_is_unknown(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.clearance.account.co3]\ncurrency = ["USD"]\n', "utf-8"
    )
    assert main(["check", "fixtures"]) == 2
    assert f"unknown fact 'co3.currency'; known facts: {KNOWN}" in capsys.readouterr().err


# -- the HTTP integrations --------------------------------------------------------------------

URL = "https://co3app.com/api/finance"


def _sent() -> tuple[list[httpx.Request], httpx.MockTransport]:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, text="<response/>")

    return sent, httpx.MockTransport(handler)


def test_httpx_transport_takes_the_account() -> None:
    sent, stand_in = _sent()
    lenient = httpx.Client(transport=ClearanceTransport(stand_in, mode="answer"))
    assert lenient.post(URL, content=INVOICE_XML).status_code == 200
    strict = httpx.Client(transport=ClearanceTransport(stand_in, mode="answer", account=DOCUMENTED))
    response = strict.post(URL, content=INVOICE_XML)
    assert response.status_code == 400
    assert b"<code>21</code>" in response.content
    assert len(sent) == 1  # the refused request never left


def test_the_account_argument_replaces_the_contexts() -> None:
    context = clearance.Context(today=date(2026, 11, 21), account=DOCUMENTED)
    transport = ClearanceTransport(
        httpx.MockTransport(lambda _: httpx.Response(200)),
        context=context,
        account=clearance.Account(co3_currencies=["CHF"]),
    )
    assert transport.checkpoint.context.account == clearance.Account(co3_currencies=("CHF",))
    assert transport.checkpoint.context.today == date(2026, 11, 21)
    with pytest.raises(clearance.AccountError, match="known facts"):
        ClearanceTransport(account={"co3": {"currency": ["USD"]}})


def test_requests_install_takes_the_account() -> None:
    session = install(requests.Session(), mode="answer", account=DOCUMENTED)
    response = session.post(URL, data=INVOICE_XML.encode())
    assert response.status_code == 400
    assert b"<code>21</code>" in response.content


# -- the README -------------------------------------------------------------------------------


def test_readme_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    """The README's account example runs as written and prints what its comments say."""
    import re  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    section = readme.split("## Account facts", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)
    exec(compile(block, "README.md", "exec"), {"__name__": "readme"})  # noqa: S102
    printed = capsys.readouterr().out.splitlines()
    said = [line.split("# ", 1)[1] for line in block.splitlines() if line.startswith("print(")]
    assert len(printed) == len(said)
    for out, comment in zip(printed, said, strict=True):
        expected = comment.split(":", 1)[0] if comment.startswith("True:") else comment
        if expected.endswith(" ..."):
            assert out.startswith(expected.removesuffix(" ...")), (out, comment)
        else:
            assert out == expected, (out, comment)


def test_readme_lists_every_fact() -> None:
    from pathlib import Path  # noqa: PLC0415

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    section = readme.split("## Account facts", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    for fact in FACTS:
        row = next(line for line in rows if f"`{fact.attribute}`" in line)
        assert row.startswith(f"| {fact.api} | `{fact.name} = {fact.example}`"), row
        for rule_id in fact.rules:
            assert f"| {rule_id.split(':', 1)[1]} |" in row


def test_sarif_carries_the_help_of_a_rule_that_reads_a_fact(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.clearance.account.co3]\ncurrencies = ["EUR"]\n', "utf-8"
    )
    assert main(["check", "--format", "sarif", "fixtures"]) == 1
    log = json.loads(capsys.readouterr().out)
    (descriptor,) = log["runs"][0]["tool"]["driver"]["rules"]
    assert descriptor["id"] == "co3:21"
    assert descriptor["help"]["text"] == fact_for("co3:21").help  # type: ignore[union-attr]
