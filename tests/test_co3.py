"""co3: what the case files cannot express.

Hostile XML (entity expansion, external entities, deep nesting) answered with 2 quickly
and without expansion; documents that name their own method (``identify``) and the CLI
that relies on it; positions of XML elements; the plugin URLs of ``check_request``; and
property tests that XML and JSON bodies of the same command give the same findings.
"""

from __future__ import annotations

import json
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from editor_schema import accepts, validators_for
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference import reference_errors
from shortcuts import assert_promise_kept

import clearance
from clearance.api import document_order as _document_order
from clearance.apis import get_api
from clearance.cli import main
from clearance.compiler import validator
from clearance.fields import Invalid
from clearance.validators.co3 import ENDPOINTS, _document

API = get_api("co3")
EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "co3"
KEYS = "<api_key>k</api_key><session_key>s</session_key>"
LOL = "".join(
    f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
)  # 10**9 "lol"s when expanded
BILLION_LAUGHS = (
    f'<?xml version="1.0"?><!DOCTYPE command [<!ENTITY lol0 "lol">{LOL}]>'
    f"<command><getContact>{KEYS}<contact_id>&lol9;</contact_id></getContact></command>"
)


def _codes(report: clearance.Report) -> list[str]:
    return [f"{f.code} {f.pointer}" for f in report.findings]


# -- hostile XML --------------------------------------------------------------------


@pytest.mark.parametrize("form", [str, bytes])
def test_billion_laughs_is_code_2_fast_and_unexpanded(form: type) -> None:
    payload = BILLION_LAUGHS if form is str else BILLION_LAUGHS.encode()
    tracemalloc.start()
    started = time.perf_counter()
    report = clearance.check("co3", "getContact", payload)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert _codes(report) == ["2 "]
    assert elapsed < 0.2
    assert peak < 2_000_000  # a billion "lol"s would be gigabytes
    assert b"lol" not in report.response()[2]


def test_external_entity_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER", encoding="utf-8")
    for system in (secret.as_uri(), "http://attacker.example/x.dtd"):
        doc = (
            f'<?xml version="1.0"?><!DOCTYPE command [<!ENTITY xxe SYSTEM "{system}">]>'
            f"<command><getContact>{KEYS}<contact_id>&xxe;</contact_id></getContact></command>"
        )
        started = time.perf_counter()
        report = clearance.check("co3", "getContact", doc)
        assert time.perf_counter() - started < 0.2
        assert _codes(report) == ["2 "]
        assert b"TOP-SECRET" not in report.response()[2]


@pytest.mark.parametrize(
    "doc",
    [
        '<!DOCTYPE command SYSTEM "http://attacker.example/x.dtd"><command/>',
        '<!DOCTYPE command [<!ENTITY % p SYSTEM "http://attacker.example/p">%p;]><command/>',
        "<command><getContact>" + "<x>" * 50_000 + "</x>" * 50_000 + "</getContact></command>",
        "<command>" + "<a>" * 1000,
        '<?xml version="1.0" encoding="no-such-codec"?><command/>',
        "<command><getContact>&amp;&#0;</getContact></command>",
        "\ufeff<command><getContacts/></command>",
        "<a/><b/>",
    ],
)
def test_hostile_xml_gives_findings_never_a_traceback(doc: str) -> None:
    for payload in (doc, doc.encode("utf-8")):
        report = clearance.check("co3", "getContact", payload)
        assert report.findings
        assert report.form == "xml"
        status, _, body = report.response()
        assert status == 400
        assert body.startswith(b'<?xml version="1.0" encoding="utf-8"?>\n<response>')


# -- the method named in the body ----------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"<command><setInvoice/></command>", "setInvoice"),
        (b'<?xml version="1.0"?>\n<command>\n  <getProduct/>\n</command>', "getProduct"),
        (b'{"command": {"getInvoices": {}}}', "getInvoices"),
        (b"<command><getContacs/></command>", "authenticate"),  # unknown method: fallback
        (b"<command>", "authenticate"),  # malformed XML: still co3's
        (BILLION_LAUGHS.encode(), "authenticate"),
        (b'{"command": "getContact"}', "authenticate"),
        (b'{"method": "POST", "url": "https://co3app.com/api/crm"}', None),  # a request file
        (b'{"line_item_name": "Tee"}', None),
        (b"", None),
        (b"   ", None),
        (b"[1, 2]", None),
    ],
)
def test_identify(raw: bytes, expected: str | None) -> None:
    assert API.identify(raw) == expected


def test_body_naming_another_method_is_invalid_command() -> None:
    """Documented decision: the endpoint asked for and the body's method must agree."""
    body = f"<command><getInvoice>{KEYS}<invoice_id>76</invoice_id></getInvoice></command>"
    report = clearance.check("co3", "getContact", body)
    assert _codes(report) == ["3 /command/getInvoice"]
    assert clearance.check("co3", "getInvoice", body).ok


def test_form_follows_the_request() -> None:
    doc = {"command": {"getContacts": {"api_key": "k"}}}
    assert clearance.check("co3", "getContacts", doc).form == "json"
    assert clearance.check("co3", "getContacts", json.dumps(doc)).form == "json"
    assert clearance.check("co3", "getContacts", b" <command/>").form == "xml"
    assert clearance.check("co3", "getContacts", b"").form == "xml"
    assert clearance.check("co3", "getContacts", "nonsense").form == "xml"


def test_messages_are_completed_with_the_field() -> None:
    doc = {"command": {"setProduct": {"api_key": "k", "session_key": "s", "discount3": 101}}}
    [finding] = clearance.check("co3", "setProduct", doc).findings
    assert finding.message == "The following field must be minimum 0 and maximum 100: discount3"
    assert finding.rule.message == "The following field must be minimum 0 and maximum 100:"


# -- check_request: plugin URLs ------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "body", "endpoint", "expect"),
    [
        ("https://co3app.com/api/crm", f"<command><getContacts>{KEYS}</getContacts></command>",
         "getContacts", []),
        ("https://co3app.com/api/crm/", {"command": {"getHistoryTypes": {"api_key": "k",
         "session_key": "s"}}}, "getHistoryTypes", []),
        ("https://co3app.com/api/authenticate",
         ("<command><authenticate><api_key>k</api_key><username>u</username>"
          "<password>5f4dcc3b5aa765d61d8327deb882cf99</password></authenticate></command>"),
         "authenticate", []),
        ("https://co3app.com/api/product", f"<command><getProduct>{KEYS}</getProduct></command>",
         "getProduct", ["4 /command/getProduct/filter"]),
        ("https://co3app.com/api/finance", f"<command><getProduct>{KEYS}</getProduct></command>",
         "getProduct", ["3 None"]),
        ("http://co3app.com/api/finance", f"<command><getProduct>{KEYS}</getProduct></command>",
         "getProduct", ["11 None", "3 None"]),
        ("https://co3app.com/api/finance", "<command><getFoo/></command>", "getInvoices",
         ["3 /command/getFoo"]),
        ("https://co3app.com/api/product", None, "getProduct", ["1 "]),
        ("https://co3app.com/api/crm", "<command", "getContact", ["2 "]),
    ],
)  # fmt: skip
def test_check_request_finds_the_method_in_the_body(
    url: str, body: Any, endpoint: str, expect: list[str]
) -> None:
    report = clearance.check_request("co3", "POST", url, body=body)
    assert report.endpoint == endpoint
    assert _codes(report) == expect


def test_check_request_refuses_urls_of_no_plugin() -> None:
    with pytest.raises(clearance.UnknownEndpointError):
        clearance.check_request("co3", "POST", "https://co3app.com/api/invoices", body="")


# -- positions and the command line --------------------------------------------------


def test_locate_elements() -> None:
    text = (
        '<?xml version="1.0"?>\n'
        "<command>\n"
        "  <setProduct>\n"
        "    <discount1>5</discount1><discount1>500</discount1>\n"
        "    <collective_product><product><id>1</id></product></collective_product>\n"
        "  </setProduct>\n"
        "</command>\n"
    )
    where = API.locate(
        text,
        [
            "/command/setProduct/discount1/1",
            "/command/setProduct/discount1",
            "/command/setProduct/collective_product/product/id",
            "/command/setProduct/api_key",
            "/command",
            "",
        ],
    )
    assert where == {
        "/command/setProduct/discount1/1": (4, 29),
        "/command/setProduct/discount1": (4, 5),
        "/command/setProduct/collective_product/product/id": (5, 34),
        "/command/setProduct/api_key": (3, 3),
        "/command": (2, 1),
        "": (2, 1),
    }


def test_locate_points_at_the_syntax_error_and_the_doctype() -> None:
    assert API.locate("<command>\n  <a></b>\n</command>", [""]) == {"": (2, 8)}
    assert API.locate(BILLION_LAUGHS, [""]) == {"": (1, 22)}


def test_locate_json_bodies() -> None:
    text = '{"command": {"getContact": {\n  "contact_id": "x"}}}'
    assert API.locate(text, ["/command/getContact/contact_id"]) == {
        "/command/getContact/contact_id": (2, 17)
    }


def test_cli_places_xml_files_by_themselves(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(EXAMPLES / "contact-get.xml")]) == 0
    capsys.readouterr()
    assert main(["check", "--format", "json", str(EXAMPLES / "invoice-set-bad.xml")]) == 1
    items = json.loads(capsys.readouterr().out)
    assert [(i["code"], i["line"], i["column"], i["endpoint"]) for i in items] == [
        ("302", 6, 9, "setInvoice"),
        ("303", 7, 9, "setInvoice"),
        ("21", 9, 9, "setInvoice"),
        ("306", 12, 9, "setInvoice"),
    ]


def test_cli_answers_hostile_files_with_code_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(BILLION_LAUGHS, encoding="utf-8")
    assert main(["check", str(bomb)]) == 1
    assert f"{bomb}:1:22: co3 2 XML syntax error" in capsys.readouterr().out


def test_examples_are_placeable(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(EXAMPLES)]) == 1
    out = capsys.readouterr().out
    assert "contact-set-request-bad.json:11:26: co3 22 Invalid e-mail address" in out
    assert "Found 5 findings in 2 files." in out


# -- properties ----------------------------------------------------------------------

names = st.sampled_from(
    ["api_key", "session_key", "contact_id", "id", "action", "discount1", "takein_quantity",
     "takein_product_type", "takein_start_serial_number", "collective_product", "crdr",
     "method", "currency", "fx_rate", "language", "issue_date", "payment_date", "date_from",
     "contact_email", "contact_vat", "contact_firm", "item"]
)  # fmt: skip
values = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="<&>]"), max_size=12
) | st.sampled_from(["0", "1", "3", "-1", "2024-03-10", "100", "EUR", "hu_HU", " 7 "])
trees = st.recursive(values, lambda inner: st.dictionaries(names, inner, max_size=4), max_leaves=12)


def _xml(name: str, value: Any) -> str:
    if isinstance(value, dict):
        return f"<{name}>{''.join(_xml(k, v) for k, v in value.items())}</{name}>"
    return f"<{name}>{value}</{name}>"


@pytest.mark.parametrize("endpoint", [ep.id for ep in ENDPOINTS])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parameters=st.dictionaries(names, trees, max_size=8))
def test_xml_and_json_bodies_give_the_same_findings(
    endpoint: str, parameters: dict[str, Any]
) -> None:
    as_json = clearance.check("co3", endpoint, {"command": {endpoint: parameters}})
    as_xml = clearance.check("co3", endpoint, _xml("command", {endpoint: parameters}))
    assert _codes(as_xml) == _codes(as_json)
    for report in (as_xml, as_json):
        if not report.ok:
            status, _, body = report.response()
            assert status == 400
            assert body


@settings(max_examples=200, deadline=None)
@given(raw=st.text(max_size=80).map(lambda s: "<" + s))
def test_any_xml_ish_text_gives_a_report(raw: str) -> None:
    report = clearance.check("co3", "setProduct", raw)
    assert report.form == "xml"
    if not report.ok:
        assert report.response()[2].startswith(b"<?xml")
    assert set(API.locate(raw, [f.pointer or "" for f in report.findings])) <= {
        f.pointer or "" for f in report.findings
    }
    assert _document.notation(raw) == "xml"


# -- the XML reader reads as defusedxml and ElementTree did ----------------------------


def _tree_value(root: Any) -> Any:
    """The value of an ElementTree element, as ``_document`` built it before (reference)."""
    order = []
    stack = [root]
    while stack:
        element = stack.pop()
        order.append(element)
        stack.extend(element)
    values: dict[int, Any] = {}
    for element in reversed(order):
        if len(element) == 0:
            values[id(element)] = element.text or ""
            continue
        mapping: dict[str, Any] = {}
        for child in element:
            value = values.pop(id(child))
            if child.tag not in mapping:
                mapping[child.tag] = value
            elif isinstance(mapping[child.tag], list):
                mapping[child.tag].append(value)
            else:
                mapping[child.tag] = [mapping[child.tag], value]
        values[id(element)] = mapping
    return values[id(root)]


def _read_by_defusedxml(raw: str | bytes) -> Any:
    """The reference: defusedxml's parser and ElementTree's tree builder, as before."""
    from xml.parsers import expat  # noqa: PLC0415

    from defusedxml.ElementTree import DefusedXMLParser  # noqa: PLC0415

    if isinstance(raw, str):
        try:
            data = raw.removeprefix("\ufeff").encode("utf-8")
        except UnicodeEncodeError:
            return "refused"
        encoding: str | None = "utf-8"
    else:
        data, encoding = raw, None
    parser = DefusedXMLParser(
        encoding=encoding, forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    try:
        parser.feed(data)
        root = parser.close()
    except (SyntaxError, ValueError, LookupError, RecursionError, expat.ExpatError):
        return "refused"
    return _tree_value(root)


def _read_now(raw: str | bytes) -> Any:
    try:
        return _document._read_xml(raw)  # noqa: SLF001
    except clearance._json.MalformedJsonError:  # noqa: SLF001
        return "refused"


def _mostly(common: list[str], rare: list[str]) -> st.SearchStrategy[str]:
    """One of ``common`` or, about one time in twenty, of ``rare``."""
    return st.sampled_from(common * -(-19 * len(rare) // len(common)) + rare)


_xml_names = _mostly(
    ["command", "getContact", "api_key", "item", "a", "b", "é"], ["x:a", "y:a", "x:item", "z:b"]
)
_xml_attributes = st.lists(
    _mostly(
        [' a="1"', " b='2'", ' xmlns:x="urn:x"', ' xmlns:y="urn:x"', ' xmlns="urn:d"',
         ' c="&amp;&#65;"'],
        [' xmlns:y="urn:y"', ' x:a="1"', ' y:a="2"', ' a="3"', ' c="&e;"', " d=e"],
    ),
    max_size=2,
).map("".join)  # fmt: skip
_xml_texts = st.lists(
    _mostly(
        ["k", " ", "\n  ", "\t", "21", "&amp;", "&lt;x&gt;", "&#65;", "&#x142;", "é", "ő",
         "<![CDATA[x<y&z]]>", "<!-- c -->", "<?pi data?>", "\r\n", "\u2003", "]]"],
        ["&#0;", "&e;", "]]>", "&", "<", "<!-- a -- b -->"],
    ),
    max_size=4,
).map("".join)  # fmt: skip


def _xml_element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda name, attributes, parts, text, empty: (
            f"<{name}{attributes}/>"
            if empty and not parts
            else f"<{name}{attributes}>{text}{''.join(parts)}</{name}>"
        ),
        _xml_names,
        _xml_attributes,
        st.lists(children, max_size=4),
        _xml_texts,
        st.booleans(),
    )


_xml_documents = st.builds(
    lambda bom, declaration, doctype, root, tail, cut: (bom + declaration + doctype + root + tail)[
        : cut if cut is not None else None
    ],
    _mostly([""], ["\ufeff"]),
    _mostly(
        ["", '<?xml version="1.0"?>\n', '<?xml version="1.0" encoding="utf-8"?>',
         "<?xml version='1.0' encoding='ISO-8859-2'?>", '<?xml version="1.0" encoding="latin-1"?>',
         '<?xml version="1.0" standalone="yes"?>', "<!-- before -->\n"],
        ['<?xml version="1.0" encoding="utf-16"?>', '<?xml version="1.0" encoding="no-such"?>',
         " <?xml version='1.0'?>", '<?xml version="2.0"?>'],
    ),
    _mostly(
        [""],
        ["<!DOCTYPE command>", '<!DOCTYPE command [<!ENTITY e "v">]>',
         '<!DOCTYPE command SYSTEM "x.dtd">', "<!DOCTYPE command [<!ELEMENT command ANY>]>",
         '<!DOCTYPE command PUBLIC "-//x//EN" "http://example.com/x.dtd">'],
    ),
    st.recursive(_xml_texts.map(lambda text: f"<a>{text}</a>"), _xml_element, max_leaves=12),
    _mostly(["", "\n", "<!-- end -->", "<?pi?>"], ["<b/>", "text", "&amp;"]),
    _mostly([""], ["cut"]).flatmap(
        lambda cut: st.integers(min_value=0, max_value=200) if cut else st.none()
    ),
)  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(document=_xml_documents, form=st.sampled_from(["str", "utf-8", "latin-1", "utf-16"]))
def test_xml_reader_reads_as_defusedxml_did(document: str, form: str) -> None:
    """The reader built on expat alone gives the value, or refusal, of the one it replaced."""
    raw: str | bytes = document
    if form != "str":
        raw = document.encode(form, "replace") if form != "utf-8" else document.encode(form)
    assert _read_now(raw) == _read_by_defusedxml(raw)


@pytest.mark.parametrize(
    "raw",
    [BILLION_LAUGHS, "<command><getContact>" + "<x>" * 400 + "</x>" * 400 + "</getContact></command>",
     "<command>" + "<item>1</item>" * 500 + "</command>", "<command>" + "é" * 20000 + "</command>",
     "<a:command xmlns:a='urn:a'><a:x/><x/></a:command>", "<command><x>a<![CDATA[b]]>c</x></command>"],
)  # fmt: skip
def test_xml_reader_reads_large_and_hostile_documents_as_before(raw: str) -> None:
    for form in (raw, raw.encode("utf-8")):
        assert _read_now(form) == _read_by_defusedxml(form)


# -- the parameters: validated without pydantic, and once per payload ------------------

_PARAMETERS = [endpoint.model.PARAMETERS for endpoint in ENDPOINTS]  # type: ignore[attr-defined]
_samples = st.sampled_from(
    ["", " ", "\n  ", "0", "1", "3", "-1", "2", "1.0", " 7 ", "21", "x", "100", "100.5", "-0.5",
     "12,5", "1e3", "2024-03-10", "2024-02-30", "2024-13-01", " 2023-02-29 ", "2024-3-1", "EUR",
     " huf ", "XYZ", "hu_HU", "en-us", "xx_YY", "received", "Advance  In", "card", "a@b.at",
     "a@@b", "HU12892312", "12345678-1-23", "ATU13585627", "DE123",
     "5f4dcc3b5aa765d61d8327deb882cf99", "password", "40,41", "5", "²", "٣", "1000", "V42",
     "\u00a0", "\u2003"]
)  # fmt: skip
_parameter_values = st.recursive(
    _samples
    | st.none()
    | st.booleans()
    | st.integers(-5, 200)
    | st.decimals(allow_nan=True, places=2)
    | st.floats()
    | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(_samples | names, inner, max_size=3)
    ),
    max_leaves=6,
)


def _valid_parameters() -> dict[Any, list[dict[str, Any]]]:
    """The parameters of each method's valid JSON case files."""
    found: dict[Any, list[dict[str, Any]]] = {}
    for path in sorted((Path(__file__).parent / "cases" / "co3" / "valid").glob("*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        payload = case.get("payload")
        if isinstance(payload, dict) and isinstance(payload.get("command"), dict):
            for endpoint in ENDPOINTS:
                if endpoint.id == case["endpoint"]:
                    parameters = payload["command"].get(endpoint.id)
                    if isinstance(parameters, dict):
                        model = endpoint.model.PARAMETERS  # type: ignore[attr-defined]
                        found.setdefault(model, []).append(parameters)
    return found


_VALID_PARAMETERS = _valid_parameters()


@pytest.mark.parametrize("model", _PARAMETERS, ids=lambda m: m.__name__)
@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_collected_is_what_a_plain_reading_finds(model: Any, data: st.DataObject) -> None:
    """Each error of a method's parameters, as the plain reading of the model finds them."""
    keys = st.sampled_from([*model.model_fields, "name", "item"]) | names
    clean = {**data.draw(st.sampled_from(_VALID_PARAMETERS.get(model, [{}])))}
    clean.update(data.draw(st.dictionaries(keys, _parameter_values, max_size=4)))
    context = clearance.Context()
    api = get_api("co3")
    errors: list[Any] = []
    validator(model, api)(clean, context, (), errors)

    # In the document order findings are reported in (the compiled validator visits
    # optional fields in the payload's order, the plain reading in the model's).
    def written(found: list[Any]) -> list[Any]:
        return sorted(found, key=lambda item: _document_order(clean, item[1]))

    found = [(rule, loc) for loc, rule, _ in errors]
    plain = [(rule, loc) for loc, rule, _ in reference_errors(api, model, clean, context)]
    assert written(found) == written(plain)


@settings(max_examples=200, deadline=None)
@given(parameters=st.dictionaries(names | st.integers(), _parameter_values, max_size=8) | values)
def test_cleaned_parameters_clear_blank_values(parameters: Any) -> None:
    from clearance.validators import co3  # noqa: PLC0415

    expected = (
        {key: None if co3._blank(value) else value for key, value in parameters.items()}  # noqa: SLF001
        if isinstance(parameters, dict)
        else {}
    )
    cleaned = co3._cleaned(parameters)  # noqa: SLF001
    assert type(cleaned) is dict
    assert cleaned == expected
    assert list(cleaned) == list(expected)


def test_blank_texts_are_those_strip_empties() -> None:
    """``_cleaned`` tells blank texts as ``_blank`` does, for every character."""
    from clearance.validators import co3  # noqa: PLC0415

    for code in range(0x110000):
        char = chr(code)
        assert co3._blank(char) is (not char.strip())  # noqa: SLF001
        assert (co3._cleaned({"a": char}) == {"a": None}) is (not char.strip())  # noqa: SLF001


def test_a_payload_changed_in_place_is_judged_again() -> None:
    """Each check judges the payload as it is then (nothing is remembered from the last)."""
    parameters: dict[str, Any] = {"api_key": "k", "session_key": "s", "id": "x", "action": "5"}
    payload = {"command": {"setProduct": parameters}}
    first = _codes(clearance.check("co3", "setProduct", payload))
    assert first == ["13 /command/setProduct/id", "23 /command/setProduct/action"]
    parameters["id"] = "7"
    assert _codes(clearance.check("co3", "setProduct", payload)) == first[1:]
    parameters["action"] = "1"
    assert clearance.check("co3", "setProduct", payload).ok
    parameters["collective_product"] = ["7"]
    assert _codes(clearance.check("co3", "setProduct", payload)) == [
        "406 /command/setProduct/collective_product"
    ]
    parameters["collective_product"][0] = "8"  # a list changed in place: never remembered
    assert clearance.check("co3", "setProduct", payload).ok
    parameters["id"] = "x"
    assert _codes(clearance.check("co3", "setProduct", payload)) == first[:1]
    other = {"command": {"setProduct": dict(parameters)}}  # equal values, the same objects
    assert _codes(clearance.check("co3", "setProduct", other)) == first[:1]
    assert _codes(clearance.check("co3", "setContact", {"command": {"setProduct": parameters}}))


# -- the fast path's shortcuts of co3's checks -----------------------------------------


def _co3_checks() -> list[Any]:
    from clearance.model import iter_params  # noqa: PLC0415

    checks: dict[int, Any] = {}
    for endpoint in ENDPOINTS:
        for _, param in iter_params(endpoint.model.PARAMETERS):  # type: ignore[attr-defined]
            for _, check in param.steps:
                if check.inline is not None:
                    checks.setdefault(id(check), check)
    return [pytest.param(c, id=f"{c.name}-{n}") for n, c in enumerate(checks.values())]


def _spellings(text: str) -> st.SearchStrategy[str]:
    return st.sampled_from(
        [text, text.upper(), text.lower(), text.title(), f" {text} ", f"\n{text}\t",
         text.replace(" ", "  "), text.replace("_", "-"), text.replace("-", "_"), text[:-1]]
    )  # fmt: skip


def _co3_values() -> st.SearchStrategy[Any]:
    from babel.numbers import list_currencies  # noqa: PLC0415

    words = ["received", "outgoing", "advance in", "advance out", "transfer", "cash",
             "bankcard", "cheque", "other", "c.o.d.", "direct debit", "USD", "GBP", "EUR", "HUF",
             "hu_HU", "en", "en_US", "zh_Hant_TW", "xx", "2024-03-10", "2024-3-1", "0999-12-31",
             "2024-00-10", "2024-12-32", "2024-02-30", "5f4dcc3b5aa765d61d8327deb882cf99",
             "HU12892312", "12892312", "12345678-1-23", "ATU13585627", "NL004495445B01", "0",
             "1", "3", "1.0", "+1", "-0", "00", "1e0", "٣", "²", "١٢", "2024-٠٣-10", "12,5",
             "100,0", "100.5", "99.999", "+100", "-0.0", "0100", "100.", ",5", "1e2", "100,01",
             "101", "-1", "+0", "7" * 40, "1." + "0" * 40, "\u2003 5"]  # fmt: skip
    numbers = st.sampled_from([0, 1, 3, -1, 2, 100, 101, 2**64]) | st.integers()
    return st.one_of(
        st.sampled_from(words).flatmap(_spellings),
        st.sampled_from(sorted(list_currencies())).flatmap(_spellings),
        numbers,
        numbers.map(float),
        numbers.map(Decimal),
        st.decimals(allow_nan=True),
        st.floats(),
        st.booleans(),
        st.text(st.sampled_from("0123456789-_. \tabcHU%é\u00a0٣"), max_size=12),
        st.lists(st.sampled_from(["1", 1, "x", "EUR", "cash"]), max_size=2),
    )


@pytest.mark.parametrize("check", _co3_checks())
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(value=_co3_values())
def test_co3_shortcuts_promise_only_what_the_check_does(check: Any, value: Any) -> None:
    """Where a shortcut holds, the check passes the value, and returns it unchanged."""
    assert_promise_kept(check, value, identical=True)


def _locale_before(value: Any) -> Any:
    """``locale_name``'s check as it was written before its verdicts were memoized."""
    from babel import Locale, UnknownLocaleError  # noqa: PLC0415

    text = value.strip().replace("-", "_") if isinstance(value, str) else ""
    if not text or len(text) > 64:
        raise Invalid("not a locale")
    try:
        Locale.parse(text)
    except (UnknownLocaleError, ValueError, TypeError):
        raise Invalid("not a locale") from None
    return value


@settings(max_examples=300, deadline=None)
@given(value=_co3_values() | st.text(max_size=70))
def test_memoized_locale_check_judges_as_before(value: Any) -> None:
    from clearance.fields.xmltext import locale_name  # noqa: PLC0415

    def outcome(check: Any) -> Any:
        try:
            return check(value)
        except Invalid as exc:
            return str(exc)

    assert outcome(locale_name().fn) == outcome(_locale_before)


def _as_whole_before(value: Any) -> int | None:
    """``as_whole`` as it was written before its shortcuts for ``int`` and ``str``."""
    from clearance.fields import to_decimal  # noqa: PLC0415
    from clearance.fields.xmltext import _is_whole  # noqa: PLC0415

    if not _is_whole(value):
        return None
    number = to_decimal(value.strip() if isinstance(value, str) else value)
    return int(number) if number is not None else None


_whole_texts = st.builds(
    lambda space, sign, digits, zeros, tail: f"{space}{sign}{digits}{zeros}{tail}",
    st.sampled_from(["", " ", "\n\t", "\u00a0", "\x1c"]),
    st.sampled_from(["", "+", "-", "--"]),
    st.text(st.sampled_from("0123456789\u0663\u0661\u00b2"), min_size=0, max_size=6)
    | st.integers(395, 402).map(lambda n: "7" * n),
    st.sampled_from(["", ".", ".0", ".000", ".5", "." + "0" * 300, ",0", "e0"]),
    st.sampled_from(["", " ", "\u2003", "x"]),
)


@settings(max_examples=500, deadline=None)
@given(value=_whole_texts | _co3_values() | _parameter_values)
def test_as_whole_reads_as_before(value: Any) -> None:
    from clearance.fields.xmltext import as_whole  # noqa: PLC0415

    assert as_whole(value) == _as_whole_before(value)
    assert type(as_whole(value)) is type(_as_whole_before(value))


def _part_ids_before(value: Any) -> set[int]:
    """``_part_ids`` as it was written before its shortcuts (ids: decimal digit runs)."""
    from collections.abc import Mapping  # noqa: PLC0415

    from clearance.fields import as_text  # noqa: PLC0415
    from clearance.validators.co3 import _ID_SEPARATORS, _PART_ID_KEYS  # noqa: PLC0415

    ids: set[int] = set()
    stack: list[tuple[Any, bool]] = [(value, True)]
    while stack:
        item, counts = stack.pop()
        if isinstance(item, Mapping):
            stack.extend((sub, key in _PART_ID_KEYS) for key, sub in item.items())
        elif isinstance(item, list):
            stack.extend((sub, counts) for sub in item)
        elif counts and (shown := as_text(item)) is not None:
            ids.update(int(t) for t in _ID_SEPARATORS.split(shown) if t.isdecimal() and len(t) < 19)
    return ids


_id_texts = st.text(st.sampled_from("0123456789,; \t\n²٣x-."), max_size=30)
_part_values = st.recursive(
    _id_texts | st.integers(-(10**20), 10**20) | st.floats() | st.decimals() | st.booleans()
    | st.none(),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.sampled_from(["id", "product", "part", "quantity", "name", "x"]), inner,
                      max_size=3),
    max_leaves=10,
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(value=_part_values)
def test_part_ids_as_before(value: Any) -> None:
    from clearance.validators import co3  # noqa: PLC0415

    def outcome(function: Any) -> Any:
        try:
            return function(value)
        except ValueError as exc:  # as_text of a signalling NaN, for one
            return type(exc)

    assert outcome(co3._part_ids) == outcome(_part_ids_before)  # noqa: SLF001


def test_completed_findings_keep_every_field() -> None:
    """``Co3._completed`` builds a Finding from these fields: a new one must be added there."""
    import dataclasses  # noqa: PLC0415

    from clearance.report import Finding  # noqa: PLC0415

    fields = [field.name for field in dataclasses.fields(Finding)]
    assert fields == ["code", "message", "status", "pointer", "rule", "location"]


def _notation_before(raw: str | bytes) -> str:
    """``_document.notation`` as it was written before its shortcut for ``<``, ``{``, ``[``."""
    if isinstance(raw, str):
        first = raw.removeprefix("\ufeff").lstrip(" \t\r\n")[:1]
    else:
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            return "xml"
        first = raw.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")[:1].decode("latin-1")
    if not first:
        return "empty"
    if first == "<":
        return "xml"
    if first in "{[":
        return "json"
    try:
        clearance._json.loads(raw)  # noqa: SLF001
    except clearance._json.MalformedJsonError:  # noqa: SLF001
        return "xml"
    return "json"


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(st.sampled_from('<{[]}" \t\r\n\ufeff1a-.'), max_size=6),
    form=st.sampled_from(["str", "utf-8", "utf-16", "bom"]),
)
def test_notation_as_before(text: str, form: str) -> None:
    raw: str | bytes = text
    if form == "bom":
        raw = b"\xef\xbb\xbf" + text.encode("utf-8")
    elif form != "str":
        raw = text.encode(form)
    assert _document.notation(raw) == _notation_before(raw)


def test_digits_of_other_kinds_in_collective_product_are_no_ids() -> None:
    """A superscript digit ("²") once raised in int(): the whole body got a type finding.

    That hid every other finding and rejected a body the server would take. Ids are
    runs of decimal digits, which int() reads, in any script (as ``\\d`` elsewhere).
    """
    from clearance.validators import co3  # noqa: PLC0415

    for code in range(0x110000):
        if chr(code).isdecimal():
            int(chr(code))  # every character _part_ids counts reads as a number
    parameters = {"api_key": "k", "session_key": "s", "id": 2, "collective_product": "²"}
    assert co3._part_ids("1, ², ٣") == {1, 3}  # noqa: SLF001
    assert clearance.check("co3", "setProduct", {"command": {"setProduct": parameters}}).ok
    bad = {**parameters, "discount1": "x"}
    report = clearance.check("co3", "setProduct", {"command": {"setProduct": bad}})
    assert _codes(report) == ["14 /command/setProduct/discount1"]
    xml = "<command><setProduct>" + "".join(f"<{k}>{v}</{k}>" for k, v in bad.items())
    assert _codes(clearance.check("co3", "setProduct", xml + "</setProduct></command>")) == [
        "14 /command/setProduct/discount1"
    ]


def test_a_check_raising_is_a_warned_bug_never_a_refusal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where a check raises something else than Invalid (a bug), nothing is refused.

    The payload is left unjudged and a :class:`clearance.errors.CheckFailedWarning` says
    so: a bug of clearance's must never block a request the server would accept.
    """
    from clearance.errors import CheckFailedWarning  # noqa: PLC0415
    from clearance.validators import co3  # noqa: PLC0415

    def broken(value: Any) -> set[int]:
        raise ValueError(value)

    monkeypatch.setattr(co3, "_part_ids", broken)
    parameters = {"api_key": "k", "session_key": "s", "id": 2, "collective_product": "7"}
    with pytest.warns(CheckFailedWarning, match="ValueError"):
        report = clearance.check("co3", "setProduct", {"command": {"setProduct": parameters}})
    assert report.ok


def _cross_checks_before(model: Any, data: dict[str, Any]) -> list[str]:
    """The codes of 206 and 306 as those cross checks were written before."""
    from clearance.fields.xmltext import as_whole, calendar_date  # noqa: PLC0415
    from clearance.validators import co3  # noqa: PLC0415

    if model is co3.SetContact:
        contact_id = data.get("contact_id")
        is_new = co3._blank(contact_id) or as_whole(contact_id) == 0  # noqa: SLF001
        names = ("contact_lastname", "contact_firstname", "contact_firm")
        return ["206"] if is_new and all(co3._blank(data.get(n)) for n in names) else []  # noqa: SLF001
    issued = calendar_date(data.get("issue_date"))
    paid = calendar_date(data.get("payment_date"))
    return ["306"] if issued is not None and paid is not None and paid < issued else []


_dates = st.sampled_from(["2024-03-10", "2024-3-9", " 2024-03-11 ", "2024-02-30", "2023-02-29",
                          "2024-02-29", "0000-01-01", "2024-13-01", "x", "", None, 20240310])  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    model=st.sampled_from(["SetContact", "SetInvoice"]),
    data=st.fixed_dictionaries(
        {},
        optional={
            "contact_id": st.sampled_from([0, 1, "0", " 0 ", "0.0", "", "  ", "x", None, [], {}]),
            "contact_lastname": _parameter_values,
            "contact_firstname": st.sampled_from(["", " ", "Anna", None]),
            "contact_firm": st.sampled_from(["", "\\u2003", "Kft.", None, {}, []]),
            "issue_date": _dates,
            "payment_date": _dates,
        },
    ),
)
def test_rewritten_cross_checks_judge_as_before(model: str, data: dict[str, Any]) -> None:
    from clearance.validators import co3  # noqa: PLC0415

    cls = getattr(co3, model)
    check = cls._new_contact_has_a_name if model == "SetContact" else cls._paid_after_issue
    assert [v.rule.key for v in check(data, None)] == _cross_checks_before(cls, data)


@settings(max_examples=500, deadline=None)
@given(value=_co3_values() | _parameter_values)
def test_numbers_passed_on_as_they_are_are_judged_alike(value: Any) -> None:
    """percentage() and not_negative() judge a value as they judge the number read from it."""
    from clearance.validators import co3  # noqa: PLC0415

    def outcome(steps: list[Any]) -> int | None:
        current = value
        for n, step in enumerate(steps):
            try:
                current = step.fn(current)
            except Invalid:
                return n
        return None

    for then in (co3._PERCENT, co3._NOT_NEGATIVE):  # noqa: SLF001
        before = outcome([co3._NUMBER, then])  # noqa: SLF001
        assert outcome([co3._NUMBER_AS_IS, then]) == before  # noqa: SLF001


# -- the exported JSON Schema: never stricter than the checks -----------------------------

#: White space ``str.strip()`` removes that JSON Schema's ``\s`` does not (and some it does).
_SPACES = (" ", "\t", "\n", "\x0b", "\x1c", "\x1f", "\x85", "\xa0", "\u2028", "\u3000")
#: Values the co3 checks take in forms a plain schema would miss: XML text with white
#: space, numbers written every way Decimal reads them, other scripts' digits, letters
#: that fold or upper-case into ASCII (long s, dotless i, Kelvin sign, ``ß``, ligatures), locales
#: as babel reads them, and every JSON type a check does not judge.
_SCHEMA_PROBES: tuple[Any, ...] = (
    "0", "1", "3", "0.0", "1.", ".0", "+1", "-0", "+0", "00.000", "0e99", "1e0", "10e-1",
    ".1e1", "0.01E2", "+03.0", "3.", "003", "-1", "2", "1e1", "\u0661", "\u0663", "\u0660",
    "\U0001d7cf", "\u0661\u0660", "+\u0661", "1e\u0660",
    0, 1, 3, 1.0, 3.0, -0.0, 0.0, 2, -1, 1.5, 100, 100.0, 100.5, -0.5, 150, 12892312, True,
    False, [], {}, [[1]], ["1", "x"], [" 1 "],
    "2013-6-12", "2013-06-12", "\u0662\u0660\u0661\u0663-\u0660\u0666-\u0661\u0662",
    "2013-13-01", "2013-00-10", "2013-1-31", "2013-1-32",
    "5f4dcc3b5aa765d61d8327deb882cf99", "5F4DCC3B5AA765D61D8327DEB882CF99",
    "huf", "Eur", "u\u017fd", "ssp", "\u00dfp", "w\ufb05", "\ufb01m", "\ufb06n",
    "k\u0131z", "KES", "\u212aES", "XYZ",
    "advance\tin", "Advance\n\n In", "ADVANCE  OUT", "C.O.D.", "c.o.d", "direct\xa0debit",
    "ca\u017fh", "\u212aash", "bankcard",
    "hu_HU", "hu-hu", "EN-us", "root", "C", "c.UTF-8", "po\u017fix", "de_DE@euro",
    "de_DE.UTF-8@euro", "en_US_POSIX", "de_DE_a!!!!", "de_\u03a9xyz_DE", "zh_Hant_TW",
    "sr-Latn-RS", "und_AT", "iw", "\u212aen", "de_de@\xfc \xdf", "en_u\u017f", "english",
    "de__DE", "de_",
    "12892312-2-41", "12892312241", "HU12892312", "ATU13585627", "HU12892313", 12892313,
)  # fmt: skip


def _field_params() -> list[tuple[str, Any]]:
    from clearance.model import iter_params  # noqa: PLC0415

    return [
        (f"{endpoint.model.PARAMETERS.__name__}.{name}", param)
        for endpoint in ENDPOINTS
        for name, param in iter_params(endpoint.model.PARAMETERS)
        if param.steps
    ]


def _forms(value: Any) -> list[Any]:
    if not isinstance(value, str):
        return [value]
    forms = [value, value.upper(), value.lower(), value.title(), value.swapcase()]
    return [f"{s}{form}{s}" for form in forms for s in ("", *_SPACES)]


def test_field_schemas_take_every_form_the_checks_take() -> None:
    """Each field's schema, read by Python and as an editor reads it, takes what its checks take."""
    refused: dict[str, list[Any]] = {}
    for field, param in _field_params():
        schema = validators_for(param.__get_pydantic_json_schema__(None, None))  # type: ignore[arg-type]
        for probe in _SCHEMA_PROBES:
            for value in _forms(probe):
                try:
                    param.validate(value)
                except ValueError:
                    continue
                if not accepts(schema, value):
                    refused.setdefault(field, []).append(value)
    assert not refused, refused


def test_field_schemas_still_refuse_what_no_check_takes() -> None:
    """The schemas stay a help: they refuse the plain mistakes the checks refuse."""
    from jsonschema import Draft202012Validator  # noqa: PLC0415

    schemas = {
        field: Draft202012Validator(param.__get_pydantic_json_schema__(None, None))
        for field, param in _field_params()
    }
    refused = {
        "SetProduct.action": ["2", "-1", "-1e0", "12", "yes", 2],
        "SetProduct.takein_product_type": ["2", "-3", "13", 2],
        "SetProduct.currency": ["EURO", "E1R"],
        "SetInvoice.currency": ["EURO", "eu r"],
        "SetInvoice.crdr": ["advancein", "receive"],
        "SetInvoice.method": ["c.o.d", "card"],
        "SetInvoice.language": ["1hu", "hu__HU", "hu_"],
        "SetInvoice.issue_date": ["2013-13-01", "2013-1-32", "12.06.2013"],
        "SetInvoice.contact_id": ["21.5", "x21", 21.5],
        "SetProduct.discount1": [100.5, -1],
        "SetProduct.takein_quantity": [-0.5],
        "Authenticate.password": ["password", "5f4dcc3b5aa765d61d8327deb882cf9"],
    }
    wrongly = {
        field: [value for value in values if schemas[field].is_valid(value)]
        for field, values in refused.items()
    }
    assert wrongly == {field: [] for field in refused}


def test_endpoint_schemas_take_blank_optional_parameters() -> None:
    """``<crdr/>``, ``<crdr> </crdr>``: not set, to the server and to the schema."""
    from jsonschema import Draft202012Validator  # noqa: PLC0415

    from clearance.schema import endpoint_schema  # noqa: PLC0415

    schema = Draft202012Validator(endpoint_schema("co3", "setInvoice"))
    for blank in ("", " \n ", {}, [], None):
        parameters = {"api_key": "k", "session_key": "s", "crdr": blank, "contact_id": blank}
        payload = {"command": {"setInvoice": parameters}}
        assert not clearance.check("co3", "setInvoice", payload).findings
        assert schema.is_valid(payload), blank
    assert not schema.is_valid({"command": {"setInvoice": {"crdr": "x"}}})


def test_endpoint_schemas_take_the_xml_cases_as_read() -> None:
    """An XML case file, read into its JSON notation, passes its endpoint's schema."""
    from jsonschema import Draft202012Validator  # noqa: PLC0415

    from clearance.schema import endpoint_schema  # noqa: PLC0415

    cases = Path(__file__).resolve().parent / "cases" / "co3"
    checked = 0
    for path in sorted(cases.glob("*/*.json")):
        case = json.loads(path.read_text("utf-8"))
        body = case.get("payload" if path.parent.name == "valid" else "twin")
        if "endpoint" not in case or not isinstance(body, str):
            continue
        value = _document.read(body)
        assert Draft202012Validator(endpoint_schema("co3", case["endpoint"])).is_valid(value), (
            path.name
        )
        checked += 1
    assert checked > 10


def test_babel_data_fits_the_schemas() -> None:
    """Every currency babel knows, every locale it knows: taken by the schemas."""
    from babel import localedata  # noqa: PLC0415
    from babel.numbers import list_currencies  # noqa: PLC0415
    from jsonschema import Draft202012Validator  # noqa: PLC0415

    from clearance.fields.xmltext import iso_currency, locale_name  # noqa: PLC0415

    currency = Draft202012Validator(iso_currency().schema)
    assert [code for code in list_currencies() if not currency.is_valid(code)] == []
    locale = Draft202012Validator(locale_name().schema)
    ids = localedata.locale_identifiers()
    assert [name for name in ids if not locale.is_valid(name.replace("_", "-"))] == []
