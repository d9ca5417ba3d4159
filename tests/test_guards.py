"""Guards over the registries: catalogs, endpoints, cases and the code that binds them."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from casefiles import CASES, load

from clearance.apis import APIS, get_api
from clearance.catalog import load_catalog, parse_catalog
from clearance.compiler import enforced
from clearance.errors import CatalogError

DATA = Path(__file__).parent / "data"


def _expected_codes() -> dict[str, set[str]]:
    """Per API, the codes some case expects: a finding of an invalid case, or a warning."""
    found: dict[str, set[str]] = defaultdict(set)
    for path in CASES:
        case = load(path)
        if path.parts[-2] == "invalid":
            for item in case["expect"]:
                found[case["api"]].add(item.split(" ", 1)[0])
        for item in case.get("warn", ()):  # a warning's case passes, and warns
            found[case["api"]].add(item.split(" ", 1)[0])
    return found


def _template(message: str) -> re.Pattern[str]:
    """A catalog message as a pattern: each ``{placeholder}`` stands for any text."""
    parts = re.split(r"\{[A-Za-z_][A-Za-z0-9_]*\}", message)
    return re.compile(".+".join(re.escape(part) for part in parts))


@pytest.mark.parametrize("api", APIS)
def test_every_seed_code_is_catalogued_verbatim(api: str) -> None:
    """``seed-<api>.json``: ``{code: message}``, or a list of messages for APIs without codes."""
    seed = json.loads((DATA / f"seed-{api}.json").read_text(encoding="utf-8"))
    catalog = load_catalog(api)
    if isinstance(seed, list):
        templates = [_template(rule.message) for rule in catalog]
        for message in seed:
            assert any(t.fullmatch(message) for t in templates), (
                f"{api}: {message!r} not catalogued"
            )
        return
    by_key = {rule.key: rule for rule in catalog}
    for code, message in seed.items():
        rule = by_key.get(code)
        assert rule is not None, f"{api} {code} is documented but not catalogued"
        assert _template(rule.message).fullmatch(message) or rule.message == message, (
            f"{api} {code}: message differs from the documentation"
        )


@pytest.mark.parametrize("api", APIS)
def test_every_checkable_rule_is_enforced(api: str) -> None:
    spec = get_api(api)
    for rule in spec.catalog:
        if rule.scope == "server" or rule.head or rule.removed:
            assert rule.key not in enforced(spec) or rule.head, rule.id
            continue
        if rule.unenforced:
            assert rule.key not in enforced(spec), f"{rule.id} is enforced but says it is not"
            continue
        assert rule.key in enforced(spec), f"{rule.id} ({rule.scope}) is not enforced"


@pytest.mark.parametrize("api", APIS)
def test_every_enforced_rule_has_a_failing_case(api: str) -> None:
    """Every enforced rule has a case that gives it (a warning's: a case that warns)."""
    spec = get_api(api)
    covered = _expected_codes()[api]
    missing = sorted(
        rule.id for rule in spec.catalog if rule.key in enforced(spec) and rule.key not in covered
    )
    assert not missing, f"enforced rules without an invalid case: {missing}"


def test_every_case_code_is_catalogued() -> None:
    for api, codes in _expected_codes().items():
        catalog = load_catalog(api)
        known = {rule.key for rule in catalog}
        assert codes <= known, f"{api}: cases name unknown codes {sorted(codes - known)}"


@pytest.mark.parametrize("api", APIS)
def test_every_endpoint_has_a_valid_case(api: str) -> None:
    spec = get_api(api)
    covered: set[str] = set()
    for path in CASES:
        if path.parts[-3] == api and path.parts[-2] == "valid":
            case = load(path)
            if "endpoint" in case:
                covered.add(case["endpoint"])
            else:
                request = case["request"]
                url_path = urlsplit(request["url"]).path.removeprefix(spec.base_path)
                covered.add(spec.match(request["method"], url_path)[0].id)
    assert set(spec.endpoints) <= covered, sorted(set(spec.endpoints) - covered)


@pytest.mark.parametrize("api", APIS)
def test_an_optional_body_is_one_the_server_reads(api: str) -> None:
    """``Endpoint.optional`` only where a body is read, and each such endpoint has a case
    without a body (whose evidence the case's ``doc`` or the catalog gives)."""
    spec = get_api(api)
    optional = {e for e in spec.endpoints if spec.endpoint(e).optional}
    assert all(spec.endpoint(e).reads_body for e in optional)
    without_body: set[str] = set()
    for path in CASES:
        case = load(path)
        if case["api"] == api and path.parts[-2] == "valid" and case.get("payload", 0) is None:
            without_body.add(case["endpoint"])
    assert optional <= without_body, sorted(optional - without_body)


@pytest.mark.parametrize("api", APIS)
def test_contract_endpoints_are_registered(api: str) -> None:
    """Every endpoint id CONTRACT.md section 5 pins (``tests/data/contract-endpoints-<api>.txt``)."""
    pinned = (DATA / f"contract-endpoints-{api}.txt").read_text(encoding="utf-8").split("\n")
    assert {line for line in pinned if line.strip()} <= set(get_api(api).endpoints)


@pytest.mark.parametrize("api", APIS)
def test_rule_names_name_violations(api: str) -> None:
    names = [rule.name for rule in load_catalog(api)]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name) for name in names)


@pytest.mark.parametrize("api", APIS)
def test_inferred_rules_say_why(api: str) -> None:
    for rule in load_catalog(api):
        if rule.inferred and rule.key in enforced(get_api(api)):
            assert rule.note, f"{rule.id} rests on inference: its note must say what it assumes"


@pytest.mark.parametrize("api", APIS)
def test_every_model_builds_and_has_a_json_schema(api: str) -> None:
    for endpoint in get_api(api).endpoints.values():
        for model in (endpoint.model, endpoint.path):
            if model is not None:
                schema = model.model_json_schema()
                assert schema["type"] == "object"


_GOOD = """
api = "kassa"
title = "KASSA.AT API v1"
source = "https://kassa.at/api-dokumentation/"

[rules.1030]
name = "sales-tax-percentage-not-allowed"
status = 400
message = "Parameter 'sales_tax_percentage' must be '0', '10', '13', '20' or '5'!"
scope = "payload"
basis = "DOC"
endpoints = ["POST /articles"]
"""


def test_a_well_formed_catalog_parses() -> None:
    catalog = parse_catalog("kassa", _GOOD)
    rule = catalog["1030"]
    assert (rule.code, rule.status, rule.scope, rule.endpoints) == (
        "1030",
        400,
        "payload",
        ("POST /articles",),
    )


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (('basis = "DOC"', 'basis = "GUESS"'), "basis"),
        (('scope = "payload"', 'scope = "client"'), "scope"),
        (("status = 400", 'status = "400"'), "status"),
        (("status = 400", "status = true"), "status"),
        (("status = 400\n", ""), "status is missing"),
        (('name = "sales-tax-percentage-not-allowed"', 'name = "Sales Tax"'), "kebab-case"),
        (('basis = "DOC"', 'basis = "DOC"\ncolour = "red"'), "unknown keys"),
        (('message = "Parameter', 'message = ""\nnote = "Parameter'), "message: empty"),
        (('endpoints = ["POST /articles"]', "endpoints = [1]"), "endpoints"),
        (("[rules.1030]", '[rules."10 30!"]'), "not a code"),
        (("title = ", "heading = "), "unknown keys ['heading']"),
        (('title = "KASSA.AT API v1"\n', ""), "title is missing"),
        (('api = "kassa"', 'api = "kassa"\nversion = 1'), "unknown keys"),
        (("[rules.1030]", "[rules.1030"), "malformed"),
    ],
)
def test_a_malformed_catalog_says_what_is_wrong(change: tuple[str, str], reason: str) -> None:
    old, new = change
    assert old in _GOOD
    with pytest.raises(CatalogError, match="malformed") as info:
        parse_catalog("kassa", _GOOD.replace(old, new, 1))
    assert reason in str(info.value)


def test_a_catalog_of_another_api_or_with_a_repeated_name_is_refused() -> None:
    with pytest.raises(CatalogError, match="declares api 'kassa'"):
        parse_catalog("fortnox", _GOOD)
    twice = _GOOD + _GOOD.split("\n\n", 1)[1].replace("[rules.1030]", "[rules.1031]")
    with pytest.raises(CatalogError, match="share the name"):
        parse_catalog("kassa", twice)
