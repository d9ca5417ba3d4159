"""Fortnox: what the case files cannot express (envelope habits, switches, deep fuzzing)."""

from __future__ import annotations

import json
import math
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from pydantic import BaseModel
from shortcuts import assert_promise_kept, shortcut

import clearance
from clearance.apis import get_api
from clearance.cli import main
from clearance.fields import Invalid, date_format, to_decimal
from clearance.fields.ranges import between
from clearance.validators.fortnox import _common, _is_markup
from clearance.validators.fortnox.articles import Article
from clearance.validators.fortnox.customers import Customer, DeliveryTypes
from clearance.validators.fortnox.documents import Invoice, Order
from clearance.validators.fortnox.supplierinvoices import SupplierInvoice, _amount

if TYPE_CHECKING:
    from clearance.model import Body

API = get_api("fortnox")
EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "fortnox"


def _codes(report: clearance.Report) -> list[str]:
    return [f"{f.code} {f.pointer}" for f in report.findings]


def test_one_error_per_response_but_every_finding_kept() -> None:
    report = clearance.check(
        "fortnox",
        "POST /invoices",
        {"Invoice": {"CustomerNumber": "1", "Freight": "x", "VATType": "EXPORT", "Sent": "maybe"}},
    )
    assert _codes(report) == ["2000108 /Invoice/Freight", "2001399 /Invoice/VATType"]
    status, headers, body = report.response()
    assert (status, headers) == (400, {"Content-Type": "application/json"})
    assert json.loads(body) == {
        "ErrorInformation": {
            "error": 1,
            "message": "Värdet måste vara numeriskt (x)",
            "code": 2000108,
        }
    }


def test_field_name_is_unescaped_from_the_pointer() -> None:
    report = clearance.check(
        "fortnox", "POST /articles", {"Article": {"Description": "x", "a/b~c": 1}}
    )
    assert [(f.pointer, f.message) for f in report.findings] == [
        ("/Article/a~1b~0c", "Felaktigt fältnamn (a/b~c)")
    ]


def test_case_variants_count_as_present_and_pass_unchecked() -> None:
    payload = {"Invoice": {"customernumber": "1", "FREIGHT": "not checked"}}
    assert clearance.check("fortnox", "POST /invoices", payload).ok


def test_wrapper_in_another_case_is_checked_as_the_documented_one() -> None:
    report = clearance.check(
        "fortnox", "POST /customers", {"CUSTOMER": {"Name": "A", "Active": "ja"}}
    )
    assert _codes(report) == ["2000134 /Customer/Active"]


WAREHOUSE = clearance.Account(fortnox_warehouse=True)


def test_inferred_rules_switch_off() -> None:
    payload = {"Invoice": {"CustomerNumber": "1", "OutboundDate": "2030-01-01"}}
    today = date(2026, 11, 21)
    assert _codes(
        clearance.check(
            "fortnox",
            "POST /invoices",
            payload,
            context=clearance.Context(today=today, account=WAREHOUSE),
        )
    ) == ["2003126 /Invoice/OutboundDate"]
    off = clearance.Context(today=today, ignore=frozenset({"inferred"}), account=WAREHOUSE)
    assert clearance.check("fortnox", "POST /invoices", payload, context=off).ok


def test_outbound_date_is_checked_only_with_the_warehouse_module() -> None:
    payload = {"Invoice": {"CustomerNumber": "1", "OutboundDate": "2030-01-01"}}
    today = date(2026, 11, 21)
    for account in (clearance.Account(), clearance.Account(fortnox_warehouse=False)):
        context = clearance.Context(today=today, account=account)
        assert clearance.check("fortnox", "POST /invoices", payload, context=context).ok


def test_outbound_date_uses_the_real_date_without_context() -> None:
    TODAY = date.today().isoformat()  # noqa: DTZ011, N806 - the local date, as check() reads it
    payload = {"Order": {"CustomerNumber": "1", "OutboundDate": TODAY}}
    context = clearance.Context(account=WAREHOUSE)
    assert clearance.check("fortnox", "POST /orders", payload, context=context).ok


@pytest.mark.parametrize(
    ("accept", "ok"),
    [
        ("application/json", True),
        ("application/json, text/plain;q=0.5", True),
        ("*/*", True),
        ("application/xml", True),
        ("application/pdf", False),
        ("text/html", False),
    ],
)
def test_accept_header(accept: str, ok: bool) -> None:
    report = clearance.check_request(
        "fortnox",
        "POST",
        "https://api.fortnox.se/3/customers",
        headers={"Authorization": "Bearer t", "Accept": accept},
        body={"Customer": {"Name": "A"}},
    )
    assert report.ok == ok


@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": "Bearer"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Client-Secret": "2a5OUpaWhz"},
        {"Access-Token": " ", "Client-Secret": "2a5OUpaWhz"},
    ],
)
def test_credentials_missing(headers: dict[str, str]) -> None:
    report = clearance.check_request(
        "fortnox",
        "PUT",
        "https://api.fortnox.se/3/articles/A1",
        headers=headers,
        body={"Article": {}},
    )
    assert [f.code for f in report.findings] == ["2000311"]
    assert report.response()[0] == 401


def test_url_with_trailing_slash_and_documented_base() -> None:
    report = clearance.check_request(
        "fortnox",
        "POST",
        "https://api.fortnox.se/3/supplierinvoices/",
        headers={"Authorization": "Bearer t"},
        body=json.dumps({"SupplierInvoice": {"SupplierNumber": "1"}}),
    )
    assert report.endpoint == "POST /supplierinvoices"
    assert report.ok


def test_xml_form_is_read_and_answered_in_xml() -> None:
    raw = (
        "<Invoice><CustomerNumber>1</CustomerNumber><InvoiceRows><InvoiceRow>"
        "<DeliveredQuantity>zwei</DeliveredQuantity></InvoiceRow></InvoiceRows></Invoice>"
    )
    report = clearance.check("fortnox", "POST /invoices", raw)
    assert _codes(report) == ["2000108 /Invoice/InvoiceRows/0/DeliveredQuantity"]
    assert report.form == "xml"
    assert report.response()[1] == {"Content-Type": "application/xml"}


def test_entity_bomb_is_refused_without_expanding() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(8))
        + "]><Customer><Name>&i;</Name></Customer>"
    )
    assert [f.code for f in clearance.check("fortnox", "POST /customers", bomb).findings] == [
        "2001740"
    ]


def test_amounts_beyond_decimal_range_give_no_traceback() -> None:
    raw = (
        '{"SupplierInvoice":{"SupplierNumber":"1","VAT":1e999999999,"SupplierInvoiceRows":'
        '[{"Code":"TOT","Credit":1e999999999},{"Code":"VAT","Debit":-1e999999999}]}}'
    )
    clearance.check("fortnox", "POST /supplierinvoices", raw)


def test_wrapped_payload_file_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fixture = tmp_path / "customer.json"
    fixture.write_text(
        '{\n  "Customer": {\n    "Name": "A",\n    "Active": "ja"\n  }\n}\n', "utf-8"
    )
    assert main(["check", "--api", "fortnox", "--endpoint", "POST /customers", str(fixture)]) == 1
    assert (
        f"{fixture}:4:15: fortnox 2000134 Värdet måste vara en boolean (ja)"
        in capsys.readouterr().out
    )


def test_examples(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(EXAMPLES / "invoice-create.json")]) == 0
    assert main(["check", str(EXAMPLES)]) == 1
    out = capsys.readouterr().out
    assert "order-create-bad.json:14:49: fortnox 2001399 Felaktigt fältnamn (Quantity)" in out
    assert "customer-legacy-headers.json:4:14: fortnox 2000311 " in out


# -- deep fuzzing: payloads built from the entities' own field names ------------------

_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(["", "0", "1,5", "2026-11-21", "TOT", "PRD", "REVERSE", "true", "1e999"])
)


def _model_of(annotation: Any) -> type[Body] | None:
    for candidate in (annotation, *getattr(annotation, "__args__", ())):
        for inner in (candidate, *getattr(candidate, "__args__", ())):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner  # type: ignore[return-value]
    return None


def _entity(model: type[BaseModel], depth: int = 0) -> st.SearchStrategy[Any]:
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for name, info in model.model_fields.items():
        nested = _model_of(info.annotation) if depth < 3 else None
        if nested is not None:
            inner = _entity(nested, depth + 1)
            fields[name] = st.lists(inner, max_size=3) | inner | _scalars
        else:
            fields[name] = _scalars
    keys = sorted(fields)
    return st.lists(st.sampled_from(keys), max_size=8, unique=True).flatmap(
        lambda chosen: st.fixed_dictionaries({k: fields[k] for k in chosen})
    )


@pytest.mark.parametrize("endpoint", sorted(API.endpoints))
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_entity_shaped_payloads_give_a_report(endpoint: str, data: st.DataObject) -> None:
    payload = data.draw(_entity(API.endpoint(endpoint).model))
    report = clearance.check("fortnox", endpoint, payload)
    for finding in report.findings:
        assert finding.rule.key in API.catalog
    if not report.ok:
        status, _, body = report.response()
        assert status in {400, 413}
        assert json.loads(body)["ErrorInformation"]["error"] == 1
    again = clearance.check("fortnox", endpoint, json.dumps(payload))
    assert _codes(again) == _codes(report)


@settings(max_examples=150, deadline=None)
@given(raw=st.text(alphabet="<>/ab=\"'&;!?-[]CustomerName", max_size=60))
def test_any_markup_gives_a_report(raw: str) -> None:
    report = clearance.check("fortnox", "POST /customers", "<" + raw)
    if not report.ok:
        assert report.response()[2]


def test_xml_file_positions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fixture = tmp_path / "invoice.xml"
    fixture.write_text(
        "<Invoice>\n <CustomerNumber>1</CustomerNumber>\n <InvoiceRows>\n"
        "  <InvoiceRow><Price>1</Price></InvoiceRow>\n"
        "  <InvoiceRow><Price>x</Price><Foo/></InvoiceRow>\n </InvoiceRows>\n</Invoice>\n",
        "utf-8",
    )
    assert main(["check", "--api", "fortnox", "--endpoint", "POST /invoices", str(fixture)]) == 1
    out = capsys.readouterr().out
    assert f"{fixture}:5:15: fortnox 2000108 Värdet måste vara numeriskt (x)" in out
    assert f"{fixture}:5:31: fortnox 2001399 Felaktigt fältnamn (Foo)" in out


# -- the quicker forms of checks answer exactly as the plain forms they replace ---------
#
# Each ``*_reference`` below is the code a speed change replaced, kept here as it was.


_ALLOWED_EXTRA = _common._ALLOWED_EXTRA  # noqa: SLF001
_CODE_EXTRA = _common._CODE_EXTRA  # noqa: SLF001
_NUMBER_FIRST = _common._NUMBER_FIRST  # noqa: SLF001
_NUMERIC = _common._NUMERIC  # noqa: SLF001
_allowed_character = _common._allowed_character  # noqa: SLF001
_alphanumeric = _common._alphanumeric  # noqa: SLF001
_charset = _common._charset  # noqa: SLF001
_choice = _common._choice  # noqa: SLF001
_email_list = _common._email_list  # noqa: SLF001
_iso_date = _common._iso_date  # noqa: SLF001


def _verdict(check: Any, value: Any) -> tuple[str, Any]:
    try:
        return "ok", check(value)
    except Invalid as exc:
        return "invalid", (str(exc), exc.ctx)


def _known_reference(cls: Any, data: Any) -> list[Any]:
    known = {name.casefold() for name in (*cls.model_fields, *cls.READ_ONLY)}
    return [
        _common.Violation(_common.K["2001399"], (key,))
        for key in data
        if not isinstance(key, str) or key.casefold() not in known
    ]


def _required_reference(cls: Any, data: Any) -> list[Any]:
    return [
        _common.Violation(_common.K["clearance:field-required"], (name,), {"field": name})
        for name in cls.REQUIRED
        if not _common.present(data, name)
    ]


_ENTITIES = [Customer, Article, Invoice, Order, SupplierInvoice, DeliveryTypes]


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_cross_check_rewrites_answer_as_before(data: st.DataObject) -> None:
    cls = data.draw(st.sampled_from(_ENTITIES))
    names = sorted((*cls.model_fields, *cls.READ_ONLY))
    keys = st.one_of(
        st.sampled_from(names),
        st.sampled_from(names).map(str.swapcase),
        st.sampled_from(names).map(str.lower),
        st.text(max_size=6),
        st.integers(0, 3),
    )
    payload = data.draw(st.dictionaries(keys, st.none() | st.just("x") | st.just(""), max_size=8))
    assert list(cls._known_field_names(payload, None)) == _known_reference(cls, payload)
    if "_required_fields" in cls.__clearance_checks__:
        assert list(cls._required_fields(payload, None)) == _required_reference(cls, payload)
    else:  # left out where nothing is required
        assert _required_reference(cls, payload) == []


def _amount_reference(value: Any) -> Decimal | None:
    if value is None or value == "":
        return Decimal(0)
    return to_decimal(value, comma=True)


@settings(max_examples=300, deadline=None)
@given(
    value=st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.decimals()
    | st.sampled_from(["", "0", "1,5", " 2 ", "x", "1e999999999"])
)
def test_supplier_invoice_amount_rewrite_answers_as_before(value: Any) -> None:
    found, expected = _amount(value), _amount_reference(value)
    assert repr(found) == repr(expected)


def _charset_reference(value: Any) -> Any:
    shown = _common.printed(value)
    if shown is not None:
        for char in shown:
            if not _allowed_character(char):
                raise Invalid(f"character {char!r} is not allowed")
    return value


def _alphanumeric_reference(value: Any) -> Any:
    shown = _common.printed(value)
    if shown is not None:
        for char in shown:
            if not (char.isalnum() or char in _CODE_EXTRA):
                raise Invalid(f"character {char!r} is not allowed")
    return value


#: Texts near the character sets: their characters, the ASCII range, Latin, other scripts,
#: digits and numerals of other scripts, marks, spaces, surrogates.
_near_texts = st.text(
    alphabet=st.one_of(
        st.sampled_from(sorted(_ALLOWED_EXTRA | _CODE_EXTRA)),
        st.characters(max_codepoint=0x2FF),
        st.sampled_from(
            '\t"<>[]{}|~\x00\x7f\u00ad\u00b5\u00b9\u00bc\u00d7\u00f7\u0660\u0669'
            "\u0966\u2160\u2167\u2460\u3007\uff10\uff21\u200b\u2028\u3000\u1e9e"
        ),
        st.characters(),
    ),
    max_size=20,
)


@settings(max_examples=1500, deadline=None)
@given(value=_near_texts | st.integers() | st.floats() | st.none() | st.booleans())
def test_charset_rewrites_answer_as_the_character_loop(value: Any) -> None:
    assert _verdict(_charset, value) == _verdict(_charset_reference, value)
    assert _verdict(_alphanumeric, value) == _verdict(_alphanumeric_reference, value)
    for check, reference in (
        (_common.CHARSET, _charset_reference),
        (_common.ALPHANUMERIC, _alphanumeric_reference),
    ):
        if shortcut(check)(value):
            assert _verdict(reference, value) == ("ok", value)


def test_charset_rewrites_on_every_character() -> None:
    """Every character of the BMP alone, and all that pass together, as the loop says."""
    for code_point in range(0x10000):
        char = chr(code_point)
        assert _verdict(_charset, char) == _verdict(_charset_reference, char)
        assert _verdict(_alphanumeric, char) == _verdict(_alphanumeric_reference, char)
    everything = [chr(code_point) for code_point in range(0x110000)]
    allowed = "".join(c for c in everything if _allowed_character(c))
    assert _charset(allowed) == allowed
    codes = "".join(c for c in everything if c.isalnum() or c in _CODE_EXTRA)
    assert _alphanumeric(codes) == codes


_BOUNDS = [
    (0, 9999),
    (0, "99999999999.9"),
    ("-9999999999.9", "9999999999.9"),
    ("-100000000000000", "99999999999999.9"),
    ("-0.5", "0.5"),
]
_RANGES = {bounds: _common.blank_passes(between(*bounds)) for bounds in _BOUNDS}
_EMAILS = (_email_list(None), _email_list(1024))
_CHOICE = _choice(["PRIVATE", "COMPANY", "ss"])


def _numbers_near(bound: Decimal) -> st.SearchStrategy[Any]:
    as_float = float(bound)
    return st.one_of(
        st.sampled_from([bound, bound.next_plus(), bound.next_minus(), -bound]),
        st.sampled_from(
            [as_float, math.nextafter(as_float, math.inf), math.nextafter(as_float, -math.inf)]
        ),
        st.sampled_from([int(bound), int(bound) + 1, int(bound) - 1]),
        st.sampled_from(
            [
                str(bound),
                f"{bound}0",
                f"{bound}1",
                f"0{bound}",
                f"{bound:f}",
                str(bound).replace(".", ","),
                f" {bound}",
                f"{float(bound)!r}",
            ]
        ),
    )


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_number_shortcuts_promise_only_what_the_checks_do(data: st.DataObject) -> None:
    low, high = data.draw(st.sampled_from(_BOUNDS))
    range_check = _RANGES[(low, high)]
    value = data.draw(
        _numbers_near(Decimal(str(low)))
        | _numbers_near(Decimal(str(high)))
        | st.from_regex(r"-?[0-9]{1,16}(\.[0-9]{1,4})?", fullmatch=True)
        | st.decimals(allow_nan=True)
        | st.floats()
        | st.integers()
        | st.sampled_from(["", "-", "1.", ".5", "-0", "1e3", "\u0663", "\uff11"])
    )
    for check in (range_check, _NUMERIC, _NUMBER_FIRST):
        assert_promise_kept(check, value)


@settings(max_examples=500, deadline=None)
@given(
    value=st.one_of(
        st.sampled_from(
            [
                "a@b.se",
                "info@raksmorgas.se",
                " a@b.se",
                "a@b.se,",
                "a@b.se;c@d.se",
                "a@@b.se",
                "",
                "x",
                "\u00e5@b.se",
                "a@b.se ",
                "a@localhost",
            ]
        ),
        st.emails(),
        st.text(max_size=12),
    ),
    word=st.sampled_from(["COMPANY", "company", "Company", "PRIVATE", "ß", "SS", "ss", "x", ""]),
    vat_number=st.sampled_from(
        [
            "SE556703748501",
            "se556703748501",
            " SE556703748501",
            "NO974761076MVA",
            "SE556703748502",
            "GB123",
            "",
            "s",
            "\u017fE1",
        ]
    ),
)
def test_other_shortcuts_promise_only_what_the_checks_do(
    value: Any, word: str, vat_number: str
) -> None:
    for emails in _EMAILS:
        assert_promise_kept(emails, value)
    assert_promise_kept(_CHOICE, word)
    assert_promise_kept(_common.VAT_NUMBER, vat_number)
    assert_promise_kept(_common.BOOLEAN, word)


_STRPTIME = date_format("%Y-%m-%d")

_date_texts = st.one_of(
    st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True),
    st.from_regex(r"\s?[0-9]{1,5}-[0-9 ]{1,3}-[0-9 ]{1,3}\s?", fullmatch=True),
    st.text(alphabet="0123456789-/ .\u0660\u0661\u0969\uff11T:Z+", max_size=14),
    st.builds(
        "{:04d}-{:02d}-{:02d}".format,
        st.integers(0, 9999),
        st.integers(0, 13),
        st.integers(0, 32),
    ),
)


@settings(max_examples=600, deadline=None)
@given(value=_date_texts | st.integers() | st.none())
def test_date_rewrite_answers_as_strptime(value: Any) -> None:
    assert _verdict(_common.ISO_DATE.fn, value) == _verdict(_STRPTIME.fn, value)
    found = _iso_date(value)
    if found is not None:  # the shortcut: strptime gives the very same date
        assert _verdict(_STRPTIME.fn, value) == ("ok", found)


def test_date_rewrite_on_calendar_edges() -> None:
    for year in (0, 1, 999, 1000, 1899, 1900, 1970, 2000, 2023, 2024, 2100, 9999):
        for month in range(14):
            for day in range(33):
                text = f"{year:04d}-{month:02d}-{day:02d}"
                assert _verdict(_common.ISO_DATE.fn, text) == _verdict(_STRPTIME.fn, text)


def _outbound_reference(data: Any, context: clearance.Context | None) -> list[Any]:
    value = data.get("OutboundDate")
    if not isinstance(value, str) or len(value) > 64:
        return []
    try:
        outbound = datetime.strptime(value, "%Y-%m-%d").date()  # noqa: DTZ007
    except ValueError:
        return []
    today = context.current_date() if context is not None else date.today()  # noqa: DTZ011
    return [_common.Violation(_common.K["2003126"], ("OutboundDate",))] if outbound > today else []


@settings(max_examples=500, deadline=None)
@given(value=_date_texts | st.integers() | st.none(), today=st.dates())
def test_outbound_date_rewrite_answers_as_strptime(value: Any, today: date) -> None:
    context = clearance.Context(today=today, account=WAREHOUSE)
    data = {"OutboundDate": value}
    assert list(_common.outbound_not_after_today(data, context)) == _outbound_reference(
        data, context
    )


def _is_markup_reference(raw: str | bytes) -> bool:
    head = raw[:512].decode("utf-8", "replace") if isinstance(raw, bytes) else raw[:512]
    return head.lstrip("\ufeff \t\r\n").startswith("<")


@settings(max_examples=800, deadline=None)
@given(
    raw=st.text(alphabet=st.sampled_from("\ufeff \t\r\n<{[a\u00e9\x00"), max_size=6)
    | st.binary(max_size=6)
    | st.text(max_size=6).map(lambda t: t.encode("utf-8", "surrogatepass"))
    | st.sampled_from([b"\xef\xbb\xbf<", b"\xbf<", b"\xef<", b" \xef\xbb\xbf <a/>", b"\x80<"])
)
def test_markup_sniffing_rewrite_answers_as_before(raw: str | bytes) -> None:
    assert _is_markup(raw) == _is_markup_reference(raw)


def test_a_number_in_exponent_form_checks_alike_as_dict_and_as_json() -> None:
    """Regression (found by the property test above): a float the dict holds and the same
    number read from raw JSON print alike, so a customer number checks the same."""
    payload = {"Customer": {"CustomerNumber": 3.3990698667602184e16}}
    as_dict = clearance.check("fortnox", "POST /customers", payload)
    as_json = clearance.check("fortnox", "POST /customers", json.dumps(payload))
    assert [(f.code, f.pointer) for f in as_dict.findings] == [
        (f.code, f.pointer) for f in as_json.findings
    ]
    assert "2000106" not in [f.code for f in as_json.findings]


# -- the schemas editors get: never stricter than the checks ------------------------------

_SCHEMA_CHECKS = {
    "charset": _common.CHARSET,
    "alphanumeric": _common.ALPHANUMERIC,
    "boolean": _common.BOOL.steps[0][1],
    "vat": _common.VAT.steps[0][1],
    "date": _common.DATE.steps[0][1],
    "number": _common.NUMBER.steps[0][1],
    "choice": _common.enum(*_common.HOUSEWORK_TYPES).steps[0][1],
}
_SCHEMA_VALUES = st.one_of(
    st.text(max_size=12),
    st.text(alphabet="0123456789 -./,+eE", max_size=12),
    st.sampled_from(["", " true ", "FALSE", "1", "0", "2024-1-5", "2024-01- 5", "cleaning"]),
    st.sampled_from(_common.HOUSEWORK_TYPES).map(str.title),
    _date_texts,
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
)


def _schema_takes(check: Any, value: Any) -> bool:
    return bool(Draft202012Validator(check.schema).is_valid(value))


@pytest.mark.parametrize("name", sorted(_SCHEMA_CHECKS))
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(value=_SCHEMA_VALUES)
def test_check_schemas_take_every_value_the_checks_take(name: str, value: Any) -> None:
    check = _SCHEMA_CHECKS[name]
    if _verdict(check.fn, value)[0] == "ok":
        assert _schema_takes(check, value)


@pytest.mark.parametrize("check", [_common.CHARSET, _common.ALPHANUMERIC], ids=lambda c: c.name)
def test_text_schemas_flag_exactly_the_ascii_the_checks_refuse(check: Any) -> None:
    for code in range(128):
        text = f"a{chr(code)}b"
        assert _schema_takes(check, text) == (_verdict(check.fn, text)[0] == "ok"), repr(text)
    assert _verdict(check.fn, "Räksmörgås\u20135")[0] == "ok"
    assert _schema_takes(check, "Räksmörgås\u20135")
    assert _schema_takes(check, 12)  # numbers: not judged by the schema
    assert _schema_takes(check, -1.5)


def test_blank_and_number_forms_pass_the_field_schemas() -> None:
    assert _schema_takes(_common.BOOL.steps[0][1], "")
    assert _schema_takes(_common.BOOL.steps[0][1], 1)
    assert not _schema_takes(_common.BOOL.steps[0][1], "ja")
    assert _schema_takes(_common.NUMBER.steps[0][1], "")
    assert not _schema_takes(_common.NUMBER.steps[0][1], " ")
    assert _schema_takes(_common.DATE.steps[0][1], "")
    assert not _schema_takes(_common.DATE.steps[0][1], "05.01.2024")
    assert _schema_takes(_common.enum("SEVAT").steps[0][1], "sevat")
