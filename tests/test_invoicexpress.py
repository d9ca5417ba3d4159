"""InvoiceXpress specifics the case files cannot express."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, get_args

import pytest
from casefiles import CASES, load
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from reference import reference_errors
from shortcuts import assert_promise_kept, shortcut

import clearance
from clearance.apis import get_api
from clearance.compiler import enforced
from clearance.fields import Check, Invalid, number, to_decimal
from clearance.fields.rails import number_above, number_between, numericality
from clearance.model import Body, iter_params
from clearance.report import rule_selected
from clearance.validators import invoicexpress

API = "invoicexpress"
HOST = "https://acme.app.invoicexpress.com"
SEED = Path(__file__).parent / "data" / "seed-invoicexpress.json"

#: The vendor's documented example bodies, verbatim, with the endpoint each belongs to.
VENDOR_EXAMPLES = {
    "POST /invoices.json": {
        "invoice": {
            "date": "03/12/2017",
            "due_date": "03/12/2017",
            "client": {"name": "Client Name", "code": "A1"},
            "items": [
                {
                    "name": "Item Name",
                    "description": "Item Description",
                    "unit_price": "100",
                    "quantity": "5",
                }
            ],
        }
    },
    "POST /shippings.json": {
        "shipping": {
            "date": "03/12/2017",
            "due_date": "03/12/2017",
            "loaded_at": "02/12/2017 19:00:00",
            "address_from": {
                "detail": "Rua 5",
                "city": "Lisboa",
                "postal_code": "1000-555",
                "country": "Portugal",
            },
            "address_to": {
                "detail": "Avenida 10",
                "city": "Porto",
                "postal_code": "2000-555",
                "country": "Portugal",
            },
            "client": {"name": "Client Name", "code": "A1"},
            "items": [
                {
                    "name": "Item Name",
                    "description": "Item Description",
                    "unit_price": "100",
                    "quantity": "5",
                }
            ],
        }
    },
    "PUT /invoices/{id}/change-state.json": {
        "invoice": {"state": "finalized", "message": "Wrong invoice totals."}
    },
    "PUT /invoices/{id}/email-document.json": {
        "message": {
            "client": {"email": "someone@example.com", "save": "0"},
            "subject": "Invoice from company",
            "body": "This is where the email body goes",
            "cc": "cc.client@company.com",
            "bcc": "bcc.client@company.com",
            "logo": "0",
        }
    },
    "POST /clients.json": {
        "client": {
            "name": "Client Name",
            "code": "12345",
            "email": "foo@bar.com",
            "language": "pt",
            "address": "Avenida da República, Lisboa",
            "city": "Lisboa",
            "postal_code": "1050-555",
            "country": "Portugal",
            "fiscal_id": "508025338",
            "website": "www.invoicexpress.com",
            "phone": "213456789",
            "fax": "213456788",
            "preferred_contact": {
                "name": "Bruce Norris",
                "email": "email@invoicexpress.com",
                "phone": "213456789",
            },
            "observations": "Observations",
            "send_options": "1",
        }
    },
    "POST /items.json": {
        "item": {
            "name": "Item name",
            "description": "Item description",
            "unit_price": "9.99",
            "unit": "service",
            "tax": {"name": "IVA23"},
        }
    },
    "POST /taxes.json": {
        "tax": {"name": "IVA23", "value": "23.0", "region": "PT", "default_tax": "1"}
    },
    "POST /sequences.json": {"sequence": {"serie": "2017", "default_sequence": "1"}},
}


@pytest.mark.parametrize("endpoint", sorted(VENDOR_EXAMPLES))
def test_vendor_examples_validate_clean(endpoint: str) -> None:
    body = VENDOR_EXAMPLES[endpoint]
    assert clearance.check(API, endpoint, body).ok
    assert clearance.check(API, endpoint, json.dumps(body).encode()).ok


def test_every_enforced_rule_has_a_failing_case_by_key() -> None:
    """The shared guard compares ``rule.code`` ("422" here) with case keys; this one uses keys."""
    covered = {
        item.split(" ", 1)[0]
        for path in CASES
        if path.parts[-3] == API and path.parts[-2] == "invalid"
        for item in load(path)["expect"]
    }
    spec = get_api(API)
    missing = sorted(rule.key for rule in spec.catalog if rule.key in enforced(spec))
    assert not [key for key in missing if key not in covered]


def test_seed_lists_every_message_of_the_error_page() -> None:
    seed = json.loads(SEED.read_text(encoding="utf-8"))
    assert len(seed) == 49
    assert seed.count("Name has already been taken") == 3
    assert "Country Germani was not found" in seed


def test_findings_carry_the_status_as_code() -> None:
    report = clearance.check(API, "POST /taxes.json", {"tax": {"name": "IVA", "value": "120"}})
    assert [(f.code, f.status, f.message) for f in report.findings] == [
        ("422", 422, "Value must be a number between 0 and 99.99"),
        ("422", 422, "Tax region is empty"),
    ]


def test_messages_carry_the_submitted_value() -> None:
    report = clearance.check(API, "PUT /items/{id}.json", {"item": {"unit": "kg"}})
    assert report.findings[0].message == "Unit kg is not included in the list of accepted units"


def test_an_unknown_country_is_refused_with_its_name() -> None:
    body = {"client": {"name": "Hans", "code": "H1", "country": "Germani"}}
    report = clearance.check(API, "POST /clients.json", body)
    assert [(f.pointer, f.message) for f in report.findings] == [
        ("/client/country", "Country Germani was not found")
    ]


@pytest.mark.parametrize(
    "country",
    [
        "Germany",
        "germany",
        "GERMANY",
        "DE",
        "de",
        "DEU",
        "276",
        "Alemanha",
        "Alemania",
        "Deutschland",
        "Allemagne",
        "Njemačka",
        "Німеччина",
        "ドイツ",
        "Korea, South",
        "Cote d'Ivoire",
        "C\u00f4te d\u2019Ivoire",
        "COTE DIVOIRE",
        "Bosnia & Herzegovina",
        "Bosnia-Herzegovina",
        "São Tomé and Príncipe",
        "Sao Tome & Principe",
        " Portugal ",
    ],
)
def test_a_country_in_any_locale_code_or_client_list_passes(country: str) -> None:
    body = {"client": {"name": "Hans", "code": "H1", "country": country}}
    assert clearance.check(API, "POST /clients.json", body).ok


def test_country_names_load_only_when_needed() -> None:
    """Importing loads no babel data; common names never scan every locale."""
    script = (
        "import sys, clearance\n"
        "from clearance.apis import get_api\n"
        "get_api('invoicexpress')\n"
        "assert 'babel' not in sys.modules, 'babel imported at start-up'\n"
        "from clearance.fields import countries\n"
        "for name in ('Portugal', 'Alemanha', 'DE', 'Korea, South', 'España'):\n"
        "    body = {'client': {'name': 'Hans', 'country': name}}\n"
        "    assert clearance.check('invoicexpress', 'POST /clients.json', body).ok\n"
        "assert countries._everywhere.cache_info().currsize == 0, 'every locale scanned'\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)


def _item_body(quantity: str) -> dict[str, object]:
    item = {"name": "A", "unit_price": "1", "quantity": quantity}
    return {"invoice": {"date": "03/12/2017", "client": {"name": "C"}, "items": [item]}}


def test_summary_follows_the_item_rule_when_it_is_switched_off() -> None:
    """Ignoring an item's rule drops the 'Invoice items is invalid' it would bring along."""
    body = _item_body("0")
    keys = [f.rule.key for f in clearance.check(API, "POST /invoices.json", body).findings]
    assert keys == ["document-items-invalid", "document-item-quantity-not-positive"]
    context = clearance.Context(ignore=frozenset({"document-item-quantity-not-positive"}))
    assert clearance.check(API, "POST /invoices.json", body, context=context).ok


def test_inferred_rules_can_be_switched_off() -> None:
    body = {"item": {"name": "Café", "unit_price": "1", "unit": "chávena"}}
    assert not clearance.check(API, "POST /items.json", body).ok
    context = clearance.Context(ignore=frozenset({"inferred"}))
    assert clearance.check(API, "POST /items.json", body, context=context).ok


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",
        "application/json; charset=utf-8",
        "Application/JSON",
        "application/vnd.api+json",
        "application/xml",
        "text/xml; charset=utf-8",
    ],
)
def test_email_document_takes_json_and_xml_content_types(content_type: str) -> None:
    report = clearance.check_request(
        API,
        "PUT",
        f"{HOST}/quotes/7/email-document.json?api_key=k",
        headers={"Content-Type": content_type},
        body=VENDOR_EXAMPLES["PUT /invoices/{id}/email-document.json"],
    )
    assert report.ok, report.findings


def test_content_type_is_only_checked_for_email_document() -> None:
    report = clearance.check_request(
        API,
        "POST",
        f"{HOST}/invoices.json?api_key=k",
        headers={"Content-Type": "text/plain"},
        body=VENDOR_EXAMPLES["POST /invoices.json"],
    )
    assert report.ok


def test_plain_http_is_refused_before_the_body() -> None:
    report = clearance.check_request(
        API, "POST", "http://acme.app.invoicexpress.com/taxes.json", body={"tax": {}}
    )
    assert [f.rule.key for f in report.findings] == ["clearance:https-required", "access-denied"]
    status, _, body = report.response()
    assert status == 403
    assert body == b'{"errors":[{"error":"HTTP access is denied."}]}'


@pytest.mark.parametrize(
    ("path", "endpoint"),
    [
        ("/invoices/12.json", "PUT /invoices/{id}.json"),
        ("/invoices/12/change-state.json", "PUT /invoices/{id}/change-state.json"),
        ("/fees_notes/12/email-document.json", "PUT /fees_notes/{id}/email-document.json"),
        ("/api/accounts/77/update.json", "PUT /api/accounts/{account_id}/update.json"),
    ],
)
def test_paths_find_their_endpoint(path: str, endpoint: str) -> None:
    assert get_api(API).match("PUT", path)[0].id == endpoint


def test_tax_regions() -> None:
    regions = invoicexpress.tax_regions()
    assert {"PT", "PT-AC", "PT-MA", "ES", "GB", "AN"} <= regions
    assert "PORTUGAL" not in regions


# -- speed rewrites answer as the code they replace (issue 10) -------------------------

#: The module's private helpers and checks, which these tests compare with what they replaced.
IX: dict[str, Any] = vars(invoicexpress)

_DIGITS = "0123456789\u0663\u0967\uff11"  # ASCII, Arabic-Indic three, Devanagari one, fullwidth one


def _strptime_date(value: object) -> date | None:
    """The former ``_date``: ``strptime`` in each documented format."""
    if isinstance(value, str) and len(value) <= 64:
        for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                return datetime.strptime(value.strip(), fmt).date()  # noqa: DTZ007
            except ValueError:
                continue
    return None


def _date_parts() -> st.SearchStrategy[str]:
    number = st.text(alphabet=_DIGITS, min_size=1, max_size=5) | st.integers(0, 40).map(str)
    padded = st.tuples(st.sampled_from(["", " ", "0", "00"]), number).map("".join)
    separator = st.sampled_from(["/", "-", " ", ".", "//"])
    space = st.sampled_from(["", " ", "\t", "\u00a0", "\n "])
    return st.tuples(space, padded, separator, padded, separator, padded, space).map("".join)


def _calendar_numbers() -> st.SearchStrategy[str]:
    """Day, month and year near and past their limits, in either order, padded or not."""
    days = st.integers(0, 32) | st.integers(28, 31)  # month ends, leap days
    years = st.integers(0, 10000) | st.sampled_from([1900, 2000, 2023, 2024])
    numbers = st.tuples(days, st.integers(0, 13) | st.integers(1, 12), years)
    return numbers.flatmap(
        lambda n: st.sampled_from(
            [
                f"{n[0]:02d}/{n[1]:02d}/{n[2]:04d}",
                f"{n[0]}/{n[1]}/{n[2]:04d}",
                f"{n[2]:04d}-{n[1]:02d}-{n[0]:02d}",
                f"{n[2]}-{n[1]}-{n[0]:2d}",
            ]
        )
    )


_date_texts = st.one_of(
    _date_parts(),
    _calendar_numbers(),
    st.text(alphabet=_DIGITS + "/- \t", max_size=14),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["29/02/2024", "29/02/2023", "31/04/2017", "00/01/2017", "1/1/0000",
                     "2017-12- 5", " 5/12/2017", "5 /12/2017", "03/12/2017 ", "x" * 70]),
)  # fmt: skip


class _Text(str):
    """A subclass of ``str``: read, but not kept among the recent verdicts."""

    __slots__ = ()


@settings(max_examples=2000, deadline=None, suppress_health_check=list(HealthCheck))
@given(_date_texts | _date_texts.map(_Text) | st.none() | st.integers() | st.just(["03/12/2017"]))
def test_dates_are_read_as_strptime_reads_them(value: object) -> None:
    assert IX["_date"](value) == _strptime_date(value)
    assert IX["_date"](value) == _strptime_date(value)  # again: now a recent verdict


def _to_decimal_between(value: object, low: str, high: str, comma: bool) -> object:
    """The former ``number_between`` check, on ``to_decimal`` alone."""
    number = to_decimal(value, comma=comma)
    if number is None:
        return "not a number"
    if not Decimal(low) <= number <= Decimal(high):
        return "out of range"
    return number


def _to_decimal_above(value: object, limit: str, comma: bool) -> object:
    """The former ``number_above`` check, on ``to_decimal`` alone."""
    number = to_decimal(value, comma=comma)
    if number is None:
        return "not a number"
    if number <= Decimal(limit):
        return "out of range"
    return number


def _outcome(check: Check, value: object) -> object:
    try:
        return check.fn(value)
    except Invalid as exc:
        return "not a number" if str(exc) == "not a number" else "out of range"


_numberish = st.one_of(
    st.text(alphabet="0123456789.,+-eE \u0663", max_size=8),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(places=2, min_value=-200, max_value=200).map(lambda d: str(d).replace(".", ",")),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=False, allow_infinity=True),
    st.sampled_from(["0", "-0", "+0", "0,0", ".5", "5.", "+.5", "-.0", "99.99", "99.991",
                     "1" * 101, "1" * 200 + ".5", "\u0663", "  2 ", True, False, None, "", [],
                     "1" * 400, "1" * 401, "0" * 400, "0" * 401, "\u00b2", "1\u00b2", "\uff15"]),
)  # fmt: skip


@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(_numberish, st.booleans())
def test_number_checks_read_numbers_as_to_decimal_does(value: object, comma: bool) -> None:
    between = number_between(0, "99.99", comma=comma)
    above = number_above(0, comma=comma)
    assert _outcome(between, value) == _to_decimal_between(value, "0", "99.99", comma)
    assert _outcome(above, value) == _to_decimal_above(value, "0", comma)
    result = _outcome(number_between(1, 3, comma=comma), value)
    assert result == _to_decimal_between(value, "1", "3", comma)
    assert _outcome(numericality(comma=comma), value) == _outcome(number(comma=comma), value)


def _shortcut_checks() -> list[Any]:
    checks: dict[int, Check] = {}
    for endpoint in get_api(API).endpoints.values():
        models = [endpoint.model]
        while models:
            model = models.pop()
            for _, param in iter_params(model):
                for _, check in param.steps:
                    if check.inline is not None:
                        checks.setdefault(id(check), check)
            for info in model.model_fields.values():
                for arg in (info.annotation, *get_args(info.annotation)):
                    models += [
                        a
                        for a in (arg, *get_args(arg))
                        if isinstance(a, type) and issubclass(a, Body)
                    ]
    return [pytest.param(c, id=f"{c.name}-{n}") for n, c in enumerate(checks.values())]


_inputs = st.one_of(
    _numberish,
    _date_texts,
    st.sampled_from(sorted(invoicexpress.UNITS | invoicexpress.STATES)).flatmap(
        lambda w: st.sampled_from([w, w.upper(), f" {w}", f"{w} ", w.title()])
    ),
    st.sampled_from(["PT", "pt", "PT-AC", " PT", "ES ", "Desconhecido", "XX", "EU"]),
    st.sampled_from(["1000-555", " 1000-555", "1000-555 ", "1000-5555", "\u0663000-555", "10005"]),
    st.sampled_from(["a@b.pt", " a@b.pt", "a@b.pt,", "a@b.pt; c@d.pt", "a@@b.pt", "a@b.pt ,",
                     "", " ", "\u00a0", ",", "a b@c.pt", "a@localhost"]),
    st.sampled_from([0, 1, 2, -1, 0.0, 1.0, True, False, "0", "1", "false", " FALSE ", "yes"]),
    st.emails().flatmap(lambda e: st.sampled_from([e, f" {e}", f"{e};", f"{e}, {e}", e.upper()])),
    st.text(max_size=6),
)  # fmt: skip


@pytest.mark.parametrize("check", _shortcut_checks())
def test_shortcuts_promise_only_what_the_check_does(check: Check) -> None:
    """Where a fast-path shortcut of this API holds, its check passes (and, with ``same``, as is)."""

    @settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
    @given(_inputs)
    def run(value: object) -> None:
        assert_promise_kept(check, value, identical=True)

    run()


def test_common_values_take_the_shortcuts() -> None:
    """The shortcuts cover what the vendor's examples send, or they would not speed anything up."""
    assert len(_shortcut_checks()) >= 10
    assert shortcut(number_above(0, comma=True))("5")
    assert shortcut(number_between(0, "99.99", comma=True))("23.0")
    assert shortcut(IX["_NUMBER"])("9.99")
    assert shortcut(IX["_UNIT"])("service")
    assert shortcut(IX["_EMAILS"])("cc.client@company.com")
    assert shortcut(IX["_TAX_REGION"])("PT")
    assert shortcut(IX["_POSTAL_CODE"])("1000-555")
    assert shortcut(IX["_TERMS"])(1)


def _plainly_fails(model: type[Body], value: object, context: clearance.Context) -> bool:
    """``_fails`` read plainly: the reference reading's errors, filtered by ``ignore``."""
    if not isinstance(value, dict):
        return False
    errors = reference_errors(get_api(API), model, value, context)
    return any(not rule_selected(rule, context.ignore) for _, rule, _ in errors)


_SUMMARIZED_MODELS = [
    invoicexpress.DocumentItem,
    invoicexpress.DocumentClient,
    invoicexpress.PreferredContact,
    invoicexpress.EmailClient,
    invoicexpress.Client,
]


def _field_values(model: type[Body]) -> st.SearchStrategy[object]:
    names = [*sorted(model.model_fields), "country", "fiscal_id", "name", "other"]
    value = st.one_of(
        _inputs,
        st.sampled_from(["Portugal", " portugal ", "PORTUGAL", "Spain"]),
        st.sampled_from(["508025338", "508025339", "", " ", "PT508025338"]),
    )
    return st.dictionaries(st.sampled_from(names), value | st.none(), max_size=6)


@pytest.mark.parametrize("model", _SUMMARIZED_MODELS, ids=lambda m: m.__name__)
def test_summaries_judge_as_pydantic_does(model: type[Body]) -> None:
    """The "client/items is invalid" summaries ask the fast path: pydantic's verdicts."""
    rules = sorted(
        {rule.key for _, param in iter_params(model) for rule, _ in param.steps}
        | {"clearance:document-client-fiscal-id-invalid", "inferred"}
    )

    @settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
    @given(_field_values(model), st.frozensets(st.sampled_from(rules), max_size=2))
    def run(value: dict[str, object], ignore: frozenset[str]) -> None:
        context = clearance.Context(ignore=ignore)
        assert IX["_fails"](model, value, context) == _plainly_fails(model, value, context)

    run()


# -- the schemas editors get: never stricter than the checks ------------------------------


def _check(model: type[Body], field: str) -> Check:
    """The (only) check of ``model``'s ``field``."""
    (check,) = (check for _, check in dict(iter_params(model))[field].steps)
    return check


def _schema_takes(check: Check, value: Any) -> bool:
    return bool(Draft202012Validator(check.schema).is_valid(value))


@pytest.mark.parametrize(
    ("model", "field", "words"),
    [
        (invoicexpress.DocumentItem, "unit", invoicexpress.UNITS),
        (invoicexpress.StateChange, "state", invoicexpress.STATES),
    ],
    ids=["unit", "state"],
)
def test_word_schemas_take_any_case_and_space(
    model: type[Body], field: str, words: frozenset[str]
) -> None:
    check = _check(model, field)
    for word in words:
        for spelling in (word, word.upper(), word.title(), f" {word} ", f"\x1c{word}\u3000"):
            assert check.fn(spelling) == spelling
            assert _schema_takes(check, spelling), repr(spelling)
    assert not _schema_takes(check, "hours")


def test_blank_and_padded_values_pass_the_schemas() -> None:
    unit = _check(invoicexpress.DocumentItem, "unit")
    for blank in ("", " ", "\x1c", "\x85\t"):
        assert unit.fn(blank) == blank
        assert _schema_takes(unit, blank), repr(blank)
    postal_code = _check(invoicexpress.Account, "postal_code")
    assert postal_code.fn("\x1f1000-001 ") == "\x1f1000-001 "
    assert _schema_takes(postal_code, "\x1f1000-001 ")
    assert not _schema_takes(postal_code, "1000001")
