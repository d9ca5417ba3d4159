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
from clearance import explain, specs
from clearance.apis import get_api
from clearance.compiler import enforced
from clearance.fields import Check, Invalid, number, to_decimal
from clearance.fields.rails import number_above, number_between, numericality
from clearance.model import Body, iter_params
from clearance.report import rule_selected
from clearance.validators.invoicexpress import checks, documents, resources

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
        if path.parts[-3] == API
        for item in [
            *(load(path)["expect"] if path.parts[-2] == "invalid" else ()),
            *load(path).get("warn", ()),
        ]
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
    regions = checks.tax_regions()
    assert {"PT", "PT-AC", "PT-MA", "ES", "GB", "AN"} <= regions
    assert "PORTUGAL" not in regions


# -- speed rewrites answer as the code they replace (issue 10) -------------------------


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
    assert checks.read_date(value) == _strptime_date(value)
    assert checks.read_date(value) == _strptime_date(value)  # again: now a recent verdict


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
    st.sampled_from(sorted(checks.UNITS | checks.STATES)).flatmap(
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
    assert shortcut(checks.NUMBER)("9.99")
    assert shortcut(checks.UNIT)("service")
    assert shortcut(checks.EMAILS)("cc.client@company.com")
    assert shortcut(checks.TAX_REGION)("PT")
    assert shortcut(checks.POSTAL_CODE)("1000-555")
    assert shortcut(checks.TERMS)(1)


def _plainly_fails(model: type[Body], value: object, context: clearance.Context) -> bool:
    """Whether the reference reading of ``model`` refuses ``value`` with a rule the caller keeps."""
    if not isinstance(value, dict):
        return False
    errors = reference_errors(get_api(API), model, value, context)
    return any(
        not rule.warning and not rule_selected(rule, context.ignore) for _, rule, _ in errors
    )


#: The parts the server sums up before their own messages: the endpoint, a payload with
#: the part's value in it, the part's hand-written model, the summary, and where it is.
_SUMMARIZED_PARTS = [
    (
        "POST /invoices.json",
        lambda part: {"invoice": {"date": "03/12/2017", "client": part}},
        documents.DocumentClient,
        "document-client-invalid",
        "/invoice/client",
    ),
    (
        "PUT /quotes/{id}.json",
        lambda part: {"quote": {"items": [{"name": "Item", "unit_price": "1"}, part, part]}},
        documents.DocumentItem,
        "document-items-invalid",
        "/quote/items",
    ),
    (
        "POST /clients.json",
        lambda part: {"client": {"name": "Client", "preferred_contact": part}},
        resources.PreferredContact,
        "client-contact-invalid",
        "/client/preferred_contact",
    ),
]


def _field_values(model: type[Body]) -> st.SearchStrategy[object]:
    names = [*sorted(model.model_fields), "country", "fiscal_id", "name", "other"]
    value = st.one_of(
        _inputs,
        st.sampled_from(["Portugal", " portugal ", "PORTUGAL", "Spain"]),
        st.sampled_from(["508025338", "508025339", "", " ", "PT508025338"]),
    )
    return st.dictionaries(st.sampled_from(names), value | st.none(), max_size=6)


@pytest.mark.parametrize(
    ("endpoint", "payload", "model", "summary", "part"),
    _SUMMARIZED_PARTS,
    ids=[summary for *_, summary, _ in _SUMMARIZED_PARTS],
)
def test_a_summary_heads_the_refusals_the_caller_keeps(
    endpoint: str,
    payload: Any,
    model: type[Body],
    summary: str,
    part: str,
) -> None:
    """A part's summary comes once, first, exactly when the caller keeps one of its refusals.

    Whether the part has a refusal is asked of the plain reading of its hand-written model
    (the specification's models built on it only declare more fields); the summary is
    selected like any rule, ``inferred`` included (it rests on an [INF] reading).
    """
    rules = sorted(
        {rule.key for _, param in iter_params(model) for rule, _ in param.steps}
        | {"clearance:document-client-fiscal-id-invalid", "inferred", summary}
    )

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(_field_values(model), st.frozensets(st.sampled_from(rules), max_size=2))
    def run(value: dict[str, object], ignore: frozenset[str]) -> None:
        context = clearance.Context(ignore=ignore)
        findings = clearance.check(API, endpoint, payload(value), context=context).findings
        said = [n for n, f in enumerate(findings) if f.rule.key == summary]
        inside = [n for n, f in enumerate(findings) if (f.pointer or "").startswith(part + "/")]
        keeps = not rule_selected(get_api(API).catalog[summary], ignore)
        assert bool(said) == (keeps and _plainly_fails(model, value, context))
        if said:
            assert len(said) == 1
            assert findings[said[0]].pointer == part
            assert said[0] < min(inside)

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
        (documents.DocumentItem, "unit", checks.UNITS),
        (documents.StateChange, "state", checks.STATES),
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
    unit = _check(documents.DocumentItem, "unit")
    for blank in ("", " ", "\x1c", "\x85\t"):
        assert unit.fn(blank) == blank
        assert _schema_takes(unit, blank), repr(blank)
    postal_code = _check(resources.Account, "postal_code")
    assert postal_code.fn("\x1f1000-001 ") == "\x1f1000-001 "
    assert _schema_takes(postal_code, "\x1f1000-001 ")
    assert not _schema_takes(postal_code, "1000001")


# -- every operation of the specification, and the common flow (issue 19) ----------------

KEY = "api_key=6f1c9a2e7b4d8f30"
JSON = {"Content-Type": "application/json"}


def _request(method: str, path: str, body: Any = None, query: str = "") -> clearance.Report:
    url = f"{HOST}{path}?{query + '&' if query else ''}{KEY}"
    return clearance.check_request(API, method, url, headers=JSON, body=body)


def test_every_operation_of_the_specification_is_known() -> None:
    """The 81 operations (guides and estimates expanded), and the vendor's 23 beside them."""
    operations = set(specs.load(API)["operations"])
    known = set(get_api(API).endpoints)
    assert len(operations) == 81
    assert operations <= known
    assert len(known - operations) == 23


def test_the_common_flow_is_checkable_step_by_step() -> None:
    """Upsert the client, make sure the tax exists, draft, finalize, e-mail, get paid."""
    client = {
        "name": "Padaria Lusitana, Lda",
        "code": "PL-001",
        "email": "geral@padarialusitana.pt",
        "country": "Portugal",
        "fiscal_id": "508025338",
    }
    steps = [
        ("POST", "/clients.json", {"client": client}, "", "POST /clients.json"),
        # answered 422 "Name has already been taken": find it, then update it
        ("GET", "/clients/find-by-code.json", None, "client_code=PL-001",
         "GET /clients/find-by-code.json"),
        ("PUT", "/clients/42.json", {"client": client}, "", "PUT /clients/{id}.json"),
        ("GET", "/taxes.json", None, "", "GET /taxes.json"),
        ("POST", "/taxes.json", {"tax": {"name": "IVA23", "value": "23.0", "region": "PT"}}, "",
         "POST /taxes.json"),
        ("POST", "/invoices.json",
         {"invoice": {"date": "10/03/2026", "due_date": "09/04/2026",
                      "client": {"name": "Padaria Lusitana, Lda", "code": "PL-001"},
                      "items": [{"name": "Pão de forma", "unit_price": 1.85, "quantity": 120,
                                 "tax": {"name": "IVA23"}}]}},
         "", "POST /invoices.json"),
        ("PUT", "/invoices/123456/change-state.json", {"invoice": {"state": "finalized"}}, "",
         "PUT /invoices/{id}/change-state.json"),
        ("PUT", "/invoices/123456/email-document.json",
         {"message": {"client": {"email": "geral@padarialusitana.pt", "save": "1"},
                      "subject": "Fatura FT 2026/12", "body": "Segue a fatura em anexo."}},
         "", "PUT /invoices/{id}/email-document.json"),
        ("POST", "/documents/123456/partial_payments.json",
         {"partial_payment": {"amount": 100.0, "payment_date": "20/03/2026",
                              "payment_mechanism": "MB", "note": "Primeira prestação"}},
         "", "POST /documents/{id}/partial_payments.json"),
        ("GET", "/api/pdf/123456.json", None, "", "GET /api/pdf/{id}.json"),
    ]  # fmt: skip
    for method, path, body, query, endpoint in steps:
        report = _request(method, path, body, query)
        assert report.endpoint == endpoint
        assert report.ok, (endpoint, report.findings)
        assert not report.warnings, (endpoint, report.warnings)


def test_a_body_sent_to_an_action_without_one_is_not_read() -> None:
    """``register`` and ``set_current`` take no body: their payload is the query string."""
    for path in ("/sequences/17/register.json", "/sequences/17/set_current.json"):
        assert _request("PUT", path).ok
        assert _request("PUT", path, b"not even JSON").ok
        assert clearance.check(API, f"PUT {path.replace('17', '{id}')}", {}).ok


def test_the_specification_sends_one_email_body_for_every_type() -> None:
    """Why every e-mail endpoint shares one model: the eleven bodies are the same node."""
    operations = specs.load(API)["operations"]
    bodies = [
        operation["body"]["media"]["application/json"]
        for endpoint, operation in operations.items()
        if endpoint.endswith("/email-document.json")
    ]
    assert len(bodies) == 7
    assert all(body == bodies[0] for body in bodies)


def _declared(model: type[Body]) -> set[str]:
    return set(model.__clearance_names__ or model.model_fields)


@pytest.mark.parametrize("endpoint", sorted(specs.load(API)["operations"]))
def test_each_model_declares_what_its_operation_specifies(endpoint: str) -> None:
    """Its query parameters, or its body's fields (below the root key, for wrapped bodies).

    Left out on purpose: the keys of the credentials the vendor names otherwise
    (at_communication's login and password), and the invoice receipt's ``status``, which
    the specification alone requires (invoice receipts read the invoices' body).
    """
    operation = specs.load(API)["operations"][endpoint]
    model = get_api(API).endpoint(endpoint).model
    if get_api(API).endpoint(endpoint).takes_query:
        names = {p["name"].removesuffix("[]") for p in operation.get("query", ())}
        assert names <= _declared(model)
        return
    node = operation["body"]["media"]["application/json"]
    node = specs.load(API)["schemas"][node["ref"]] if "ref" in node else node
    if "oneOf" in node:  # the branch whose root key is the expanded type's singular
        (kind,) = operation["expanded"].values()
        (node,) = [b for b in node["oneOf"] if b["required"] == [kind.removesuffix("s")]]
    roots = getattr(model, "ROOTS", ())
    for name, inner in node["properties"].items():
        if name not in roots:
            assert name in _declared(model), name
            continue
        inner_node = specs.load(API)["schemas"][inner["ref"]] if "ref" in inner else inner
        (inner_model,) = [
            a for a in get_args(model.model_fields[name].annotation) if a is not type(None)
        ]
        left_out = {"login", "password"} | ({"status"} if name == "invoice_receipt" else set())
        assert set(inner_node["properties"]) - left_out <= _declared(inner_model), name


def test_nothing_is_built_at_import_and_one_check_builds_one_endpoint() -> None:
    script = (
        "import sys\n"
        "from clearance.apis import get_api\n"
        "api = get_api('invoicexpress')\n"
        "assert 'clearance.validators.invoicexpress.models' not in sys.modules\n"
        "assert 'clearance.specs' not in sys.modules or not __import__('clearance.specs')"
        ".specs.load.cache_info().currsize\n"
        "assert not any('_body' in e.__dict__ for e in api.endpoints.values())\n"
        "import clearance\n"
        "assert clearance.check('invoicexpress', 'POST /taxes.json',"
        " {'tax': {'name': 'IVA23', 'value': '23', 'region': 'PT'}}).ok\n"
        "built = [e.id for e in api.endpoints.values() if '_body' in e.__dict__]\n"
        "assert built == ['POST /taxes.json'], built\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)


_ITEM = [{"name": "Svc", "unit_price": 100, "quantity": 1, "tax": {"name": "IVA23"}}]
_DOC = {"date": "01/01/2030", "due_date": "31/01/2030", "client": {"name": "lc 1"}, "items": _ITEM}

#: Requests the live-checked client sends (diogopms/invoice-express-js@17624a8
#: scripts/live-check.cjs), by endpoint: the query string, or the body.
LIVE_CHECK: list[tuple[str, str, Any]] = [
    ("GET", "/clients.json?page=1&per_page=5", None),
    ("GET", "/estimates.json?page=1&per_page=5", None),
    ("GET", "/guides.json?page=1&per_page=5", None),
    ("GET", ("/invoices.json?page=1&per_page=5&non_archived=true&type[]=Invoice"
             "&type[]=InvoiceReceipt&type[]=CreditNote&type[]=DebitNote&status[]=draft"
             "&status[]=sent&status[]=settled&status[]=canceled&status[]=second_copy"), None),
    ("GET", "/api/export_saft.json?month=1&years=2030", None),
    ("GET", "/clients/find-by-name.json?client_name=lc%201", None),
    ("POST", "/clients/7/invoices.json", {"filter": {"status": ["draft", "sent"]}}),
    ("POST", "/taxes.json", {"tax": {"name": "LC1700000000000", "value": "7", "region": "PT"}}),
    ("PUT", "/taxes/5.json", {"tax": {"name": "LC1700000000000", "value": "9", "region": "PT"}}),
    ("POST", "/items.json", {"item": {"name": "lc item", "unit_price": "50.0",
                                      "tax": {"name": "IVA23"}}}),
    ("PUT", "/items/5.json", {"item": {"name": "lc upd", "unit_price": "60.0"}}),
    ("POST", "/clients.json", {"client": {"name": "lc client", "email": "lc@example.com"}}),
    ("PUT", "/clients/7.json", {"client": {"name": "lc upd"}}),
    ("POST", "/quotes.json", {"quote": _DOC}),
    ("PUT", "/quotes/5/change-state.json", {"quote": {"state": "deleted"}}),
    ("PUT", "/quotes/5/change-state.json", {"quote": {"state": "finalized"}}),
    ("PUT", "/quotes/5/email-document.json", {"message": {"subject": "lc", "body": "lc"}}),
    ("POST", "/transports.json", {"transport": {
        "date": "01/01/2030", "loaded_at": "01/01/2030 19:00:00", "tax_exemption": "M10",
        "address_from": {"detail": "A", "city": "Lisboa", "postal_code": "1000-001",
                         "country": "Portugal"},
        "address_to": {"detail": "B", "city": "Porto", "postal_code": "4000-002",
                       "country": "Portugal"},
        "client": {"name": "lc 1"}, "items": [{"name": "Box", "unit_price": 0, "quantity": 1}]}}),
    ("PUT", "/transports/5/change-state.json", {"transport": {"state": "deleted"}}),
    ("POST", "/invoices.json", {"invoice": _DOC}),
    ("PUT", "/invoices/5.json", {"invoice": _DOC}),
    ("PUT", "/invoices/5/change-state.json", {"invoice": {"state": "finalized"}}),
    ("POST", "/invoice_receipts.json", {"invoice_receipt": {**_DOC, "status": "draft"}}),
    ("PUT", "/invoice_receipts/5/change-state.json", {"invoice_receipt": {"state": "deleted"}}),
    ("PUT", "/invoice_receipts/5/email-document.json", {"message": {"subject": "lc",
                                                                    "body": "lc"}}),
    ("GET", "/api/pdf/5.json", None),
    ("PUT", "/api/v3/clients/7/initial_balance.json",
     {"initial_balance": {"value": 0, "date": "2030-01-01"}}),
    ("POST", "/api/v3/clients/7/regularization.json",
     {"regularization": {"value": 1, "date": "2030-01-01"}}),
    ("DELETE", "/api/v3/clients/7/regularization/3.json", None),
    ("POST", "/api/v3/clients/7/treasury_movements.json",
     {"treasury_movement": {"value": 1, "movement_type": "Payment", "date": "2030-01-01"}}),
    ("DELETE", "/api/v3/clients/7/treasury_movements/3.json", None),
    ("POST", "/documents/5/partial_payments.json",
     {"partial_payment": {"amount": 1, "payment_date": "01/01/2030"}}),
    ("PUT", "/receipts/9/change-state.json", {"receipt": {"state": "canceled", "message": "lc"}}),
    ("PUT", "/sequences/3/set_current.json", None),
    ("PUT", "/sequences/3/register.json", None),
    ("POST", "/sequences.json", {"sequence": {"serie": "LC170000"}}),
    ("POST", "/api/accounts/create.json",
     {"account": {"organization_name": "lc 1", "email": "lc-1@example.com"}}),
    ("GET", "/api/accounts/11/get.json", None),
    ("POST", "/api/v3/accounts/at_communication.json", {"at_communication": {}}),
]  # fmt: skip


@pytest.mark.parametrize(("method", "target", "body"), LIVE_CHECK, ids=lambda v: str(v)[:40])
def test_the_live_checked_clients_requests_pass(method: str, target: str, body: Any) -> None:
    path, _, query = target.partition("?")
    report = _request(method, path, body, query)
    assert report.ok, report.findings
    assert not report.warnings, report.warnings


def test_explain_says_a_warning_refuses_nothing() -> None:
    rule = get_api(API).catalog["clearance:payment-mechanism-unknown"]
    text = explain.to_text(rule)
    assert "as a warning: it never fails a request" in text
    assert "Warned payload (POST /documents/{id}/partial_payments.json):" in text
    assert "Refused" not in text
    assert explain.to_json(rule)["severity"] == "warning"
