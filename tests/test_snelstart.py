"""SnelStart: what the case files cannot say on their own."""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING

import pytest
from casefiles import CASES, load

import clearance
from clearance.catalog import load_catalog
from clearance.engine import get_api
from clearance.fields import Invalid
from clearance.fields.dotnet import parse_datetime
from clearance.fields.odata import filter_syntax
from clearance.validators.snelstart import LIST_RESOURCES
from clearance.validators.snelstart.boekingen import boekjaar_limit

if TYPE_CHECKING:
    from pathlib import Path

SNELSTART = [p for p in CASES if p.parts[-3] == "snelstart"]
RELATIE = {"relatiesoort": ["Klant"], "naam": "Voorbeeld BV", "iban": "NL91ABNA0417164300"}
KEY = {"Ocp-Apim-Subscription-Key": "0123456789abcdef", "Authorization": "Bearer abc.def.ghi"}


def _summary(report: clearance.Report) -> list[tuple[str, str | None]]:
    return [(f.code, f.pointer) for f in report.findings]


@pytest.mark.parametrize("path", SNELSTART, ids=lambda p: p.stem)
def test_raw_json_gives_the_same_findings(path: Path) -> None:
    """A payload and its JSON text are one request: same codes, same pointers."""
    case = load(path)
    if "endpoint" not in case or not isinstance(case["payload"], dict):
        pytest.skip("a raw body or a whole request")
    if len(json.dumps(case["payload"])) > 1_000_000:
        pytest.skip("the 10 MB attachment: covered by its case")
    ctx = clearance.Context(
        today=date(2026, 11, 21), path_params=(case.get("context") or {}).get("path_params")
    )
    parsed = clearance.check("snelstart", case["endpoint"], case["payload"], context=ctx)
    raw = json.dumps(case["payload"], ensure_ascii=False).encode()
    assert _summary(clearance.check("snelstart", case["endpoint"], raw, context=ctx)) == _summary(
        parsed
    )


def test_pointers_spell_keys_as_the_payload_does() -> None:
    """Json.NET binds ``IBAN`` to ``iban``: the finding points at the key as written."""
    payload = {"Relatiesoort": ["Klant"], "NAAM": "Voorbeeld BV", "IBAN": "NL91ABNA0417164301"}
    report = clearance.check("snelstart", "POST /relaties", payload)
    assert _summary(report) == [("REL-0011", "/IBAN")]


def test_the_last_of_two_keys_in_different_case_wins() -> None:
    payload = {"relatiesoort": ["Klant"], "naam": "", "Naam": "Voorbeeld BV"}
    assert clearance.check("snelstart", "POST /relaties", payload).ok


def test_findings_follow_document_order() -> None:
    payload = {"telefoon": "0" * 26, "relatiesoort": ["Klant", "Eigen"], "naam": "X"}
    report = clearance.check("snelstart", "POST /relaties", payload)
    assert [f.code for f in report.findings] == ["REL-0013", "REL-0048"]


def test_boekjaar_limit_is_lenient_about_the_fiscal_year() -> None:
    # Calendar boekjaar 2026: the server refuses dates before 2021-01-01 at the latest.
    assert boekjaar_limit(date(2026, 1, 1)) == date(2020, 1, 2)
    assert boekjaar_limit(date(2024, 2, 29)) == date(2018, 3, 1)


def test_boe_0033_follows_context_today() -> None:
    payload = {
        "factuurnummer": "1",
        "factuurdatum": "2021-06-30T00:00:00",
        "klant": {"id": "75b4fe7b-062b-4ae1-bad1-5c5e3866a2ae"},
        "boekingsregels": [
            {"grootboek": {"id": "5f0c7e1a-9b2d-4e8f-a6c3-1d7b9e2f4a60"}, "bedrag": 10}
        ],
    }
    early = clearance.Context(today=date(2026, 11, 21))
    late = clearance.Context(today=date(2027, 8, 1))
    assert clearance.check("snelstart", "POST /verkoopboekingen", payload, context=early).ok
    report = clearance.check("snelstart", "POST /verkoopboekingen", payload, context=late)
    assert _summary(report) == [("BOE-0033", "/factuurdatum")]


def test_inferred_rules_can_be_switched_off() -> None:
    payload = RELATIE | {"kvkNummer": "HRB 12345"}
    assert _summary(clearance.check("snelstart", "POST /relaties", payload)) == [
        ("REL-0006", "/kvkNummer")
    ]
    quiet = clearance.Context(ignore=frozenset({"inferred"}))
    assert clearance.check("snelstart", "POST /relaties", payload, context=quiet).ok


def test_vat_check_digits_are_not_judged() -> None:
    """The notes' own example number has a wrong check digit: the server's rule is unknown."""
    for number in ("NL123456789B01", "NL000099998B57", "BE0403170701", "CHE123456789MWST"):
        assert clearance.check("snelstart", "POST /relaties", RELATIE | {"btwNummer": number}).ok


def test_catalog_keeps_the_first_text_of_the_doubled_code() -> None:
    rule = load_catalog("snelstart")["BOE-0096"]
    assert rule.message == "Het dagboek is niet gevonden"
    assert rule.note is not None
    assert "Het opgegeven bedrag aan VAT is niet correct" in rule.note


def test_every_documented_code_answers_400() -> None:
    for rule in load_catalog("snelstart"):
        if not rule.own:
            assert rule.status == 400, rule.key


def test_request_paths_match_in_any_letter_case() -> None:
    report = clearance.check_request(
        "snelstart", "GET", "https://b2bapi.snelstart.nl/v2/RELATIES?$top=501", headers=KEY
    )
    assert report.endpoint == "GET /relaties"
    assert _summary(report) == [("clearance:odata-top-too-large", "/$top")]


def test_a_refused_key_stops_before_the_body() -> None:
    report = clearance.check_request(
        "snelstart", "POST", "https://b2bapi.snelstart.nl/v2/relaties", headers={}, body="{"
    )
    assert [f.code for f in report.findings] == [
        "clearance:subscription-key-missing",
        "clearance:bearer-token-missing",
    ]
    status, _, body = report.response()
    assert status == 401
    assert json.loads(body)["statusCode"] == 401


@pytest.mark.parametrize("resource", LIST_RESOURCES)
def test_list_endpoints_take_odata(resource: str) -> None:
    report = clearance.check("snelstart", f"GET /{resource}", {"$top": "600", "$skip": "-5"})
    assert [f.code for f in report.findings] == [
        "clearance:odata-top-too-large",
        "clearance:odata-skip-invalid",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Naam eq 'O''Brien'",
        "not (Saldo lt -5.5)",
        "Relatiesoort/any()",
        "Regels/any(r: r/Artikel/Id eq guid'b3e1e950-d3aa-4005-ac58-fe057c9dc624')",
        "Bedrag add 5 gt 10m or tolower(Naam) eq 'x'",
        "",
    ],
)
def test_filters_the_grammar_allows(text: str) -> None:
    assert filter_syntax()(text) == text


@pytest.mark.parametrize(
    "text", ["Naam eq", "eq 'x'", "(Naam eq 'x'", "Naam eq 'x'))", "Naam  'x'", "Naam Ne null"]
)
def test_filters_no_parser_reads(text: str) -> None:
    with pytest.raises(Invalid):
        filter_syntax()(text)


@pytest.mark.parametrize(
    "text",
    [
        "1986-05-07",
        "1986-05-07T15:32",
        "1986-05-07T15:32:11.1234567+02:00",
        "1986-05-07 15:32:11Z",
        "5/7/1986 3:32 PM",
        "7 May 1986",
    ],
)
def test_date_times_json_net_reads(text: str) -> None:
    assert parse_datetime(text) is not None


def test_every_endpoint_a_rule_names_is_registered() -> None:
    known = set(get_api("snelstart").endpoints)
    for rule in load_catalog("snelstart"):
        assert set(rule.endpoints) <= known, rule.key
