"""``clearance schema``: one JSON Schema per endpoint, for editors."""

from __future__ import annotations

import contextlib
import json
from typing import TYPE_CHECKING, Any, get_args
from urllib.parse import urlsplit

import pytest
from casefiles import CASES, load
from editor_schema import accepts, ecma_error, patterns, validators_for
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from pydantic import BaseModel

from clearance.apis import APIS, get_api
from clearance.model import Param, iter_params
from clearance.schema import DIALECT, endpoint_schema, file_name, write_all
from clearance.testing import payloads, valid_values

if TYPE_CHECKING:
    from pathlib import Path

ENDPOINTS = [(api, endpoint) for api in APIS for endpoint in get_api(api).endpoints]


@pytest.mark.parametrize(("api", "endpoint"), ENDPOINTS, ids=[f"{a} {e}" for a, e in ENDPOINTS])
def test_every_endpoint_exports_a_valid_schema(api: str, endpoint: str) -> None:
    schema = endpoint_schema(api, endpoint)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == DIALECT
    assert schema["title"].endswith(f": {endpoint}")
    assert _optional_allows_null(schema)


@pytest.mark.parametrize("api", APIS)
def test_every_pattern_is_a_javascript_regular_expression(api: str) -> None:
    """Editors compile each pattern as ECMA-262 (``u`` flag): none may fail to compile."""
    found = {
        (endpoint, pattern, error)
        for endpoint in get_api(api).endpoints
        for pattern in patterns(endpoint_schema(api, endpoint))
        if (error := ecma_error(pattern)) is not None
    }
    assert not found


def _optional_allows_null(schema: Any, defs: dict[str, Any] | None = None) -> bool:
    """Every property an object does not require accepts ``null`` (read as "not set")."""
    if not isinstance(schema, dict):
        return True
    defs = schema.get("$defs", defs) or {}
    required = set(schema.get("required", ()))
    properties = schema.get("properties", {})
    for name, prop in properties.items():
        if name not in required and not Draft202012Validator({"$defs": defs, **prop}).is_valid(
            None
        ):
            return False
    nested = [*properties.values(), *schema.get("$defs", {}).values()]
    for key in ("anyOf", "allOf", "oneOf", "prefixItems"):
        nested += schema.get(key, [])
    nested += [schema[key] for key in ("items", "additionalProperties") if key in schema]
    return all(_optional_allows_null(item, defs) for item in nested)


_ENDPOINT_SCHEMAS: dict[tuple[str, str], Any] = {}


def _endpoint_schema(api: str, endpoint: str) -> Any:
    """The endpoint's schema as Python and as an editor read it, built once."""
    key = (api, endpoint)
    if key not in _ENDPOINT_SCHEMAS:
        _ENDPOINT_SCHEMAS[key] = validators_for(endpoint_schema(api, endpoint))
    return _ENDPOINT_SCHEMAS[key]


def _accepted() -> list[tuple[str, str, str, Any]]:
    found = []
    for path in CASES:
        case = load(path)
        kind = path.parts[-2]
        # A case that expects warnings: its twin (the schema describes what they warn of).
        accepted = kind == "valid" and "warn" not in case
        if "request" in case:  # a whole request: its JSON body, at the endpoint it reaches
            request = case["request"] if accepted else case.get("twin") or {}
            value = request.get("body")
            if isinstance(value, dict):
                spec = get_api(case["api"])
                where = urlsplit(request["url"]).path.removeprefix(spec.base_path)
                endpoint = spec.match_request(request["method"], where, value)[0]
                if endpoint.reads_body:
                    found.append((case["api"], path.name, endpoint.id, value))
            continue
        value = case.get("payload") if accepted else case.get("twin")
        # A context (today, path parameters) changes no shape a schema describes.
        if isinstance(value, dict):
            found.append((case["api"], path.name, case["endpoint"], value))
    return found


def test_schemas_accept_what_the_server_accepts() -> None:
    """No valid case (nor the fix of an invalid one) is refused by its endpoint's schema."""
    refused = set()
    for api, name, endpoint, payload in _accepted():
        if not accepts(_endpoint_schema(api, endpoint), payload):
            refused.add((api, name))
    assert not refused, sorted(refused)


def test_write_all(tmp_path: Path) -> None:
    written = write_all(tmp_path, APIS)
    assert len(written) == len(ENDPOINTS)
    for api, endpoint in ENDPOINTS:
        path = tmp_path / api / file_name(endpoint)
        assert json.loads(path.read_text("utf-8")) == endpoint_schema(api, endpoint)


# -- every field: what its checks accept, its schema accepts ------------------------------


def _models(api: str) -> list[type[BaseModel]]:
    """Every model an endpoint of ``api`` reaches: payloads, path parameters, nested models."""
    spec = get_api(api)
    todo: list[Any] = []
    for endpoint in spec.endpoints.values():
        todo += [endpoint.model, endpoint.path]
    seen: list[type[BaseModel]] = []
    while todo:
        item = todo.pop()
        if not (isinstance(item, type) and issubclass(item, BaseModel)):
            todo += get_args(item)
            continue
        if item in seen:
            continue
        seen.append(item)
        envelope = getattr(item, "__clearance_envelope__", None)
        if envelope is not None:
            todo.append(envelope[1])
        todo += [info.annotation for info in item.model_fields.values()]
    return seen


def _fields(api: str) -> list[tuple[str, Param]]:
    """Each distinct field check of ``api``, named by its first field (models share many)."""
    found: dict[int, tuple[str, Param]] = {}
    for model in _models(api):
        for name, param in iter_params(model):
            found.setdefault(id(param), (f"{model.__name__}.{name}", param))
    return list(found.values())


def _field_schema(param: Param) -> Any:
    """The field's schema as Python and as an editor read it (see ``editor_schema``)."""
    return validators_for(param.__get_pydantic_json_schema__(None, None))  # type: ignore[arg-type]


#: Values a client may send for any field: blanks, numbers and their texts, the words of
#: booleans in several spellings, separators, dates in several notations.
_COMMON: tuple[Any, ...] = (
    "", " ", "a", "A", "abc", "0", "1", "-1", "05", " 5 ", "1.5", "1,5", "20.00", "1e3",
    0, 1, -1, 12345, 0.0, 1.5, 20.0, 1e3, True, False,
    "true", "false", "TRUE", "False", " true ", "yes", "0x1",
    "1234 5678", "12.345.678", "12345678", "2026-11-30", "30.11.2026",
    "2026-11-30T10:00:00", "2026-11-30T10:00:00Z",
    "\u0662\u0660\u0662\u0666-11-30", [], {}, ["a"], [1, 2],
)  # fmt: skip


_ARABIC_INDIC = str.maketrans(
    "0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"
)


def _spellings(value: Any) -> list[Any]:
    """``value`` and the other forms a lenient server may read as the same value."""
    forms = [value]
    if isinstance(value, bool):
        forms += [int(value), str(value), str(value).lower(), str(value).upper()]
    elif isinstance(value, int | float):
        forms += [str(value), float(value)]
    elif isinstance(value, str):
        forms += [value.upper(), value.lower(), value.title(), f" {value} ", value.strip()]
        # White space only Python strips, and digits of another script (Python's \d).
        forms += [f"\x1c{value}\x85", value.translate(_ARABIC_INDIC)]
        for number in (int, float):
            with contextlib.suppress(ValueError, OverflowError):
                forms.append(number(value))
    return forms


def _seeds(param: Param) -> list[Any]:
    seeds = list(_COMMON)
    for _, check in param.steps:
        seeds += [*check.examples, *check.traits.values]
    return [form for seed in seeds for form in _spellings(seed)]


def _refused_by_schema(param: Param, values: Any) -> list[Any]:
    schema = _field_schema(param)
    refused = []
    for value in values:
        try:
            param.validate(value)
        except ValueError:  # the field's checks refuse it: the schema may too
            continue
        if not accepts(schema, value):
            refused.append(value)
    return refused


@pytest.mark.parametrize("api", APIS)
def test_field_schemas_accept_every_spelling_the_checks_accept(api: str) -> None:
    """Case, white space, numbers as text and text as numbers: a schema refuses none the
    field's checks accept (``null`` aside: "not set", see ``_optional_allows_null``)."""
    refused = {}
    for field, param in _fields(api):
        found = _refused_by_schema(param, _seeds(param))
        if found:
            refused[field] = found[:3]
    assert not refused, refused


@pytest.mark.parametrize("api", APIS)
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_field_schemas_accept_generated_valid_values(api: str, data: st.DataObject) -> None:
    field, param = data.draw(st.sampled_from(_fields(api)), label="field")
    value = data.draw(valid_values(param), label=field)
    assert not _refused_by_schema(param, _spellings(value))


@pytest.mark.parametrize("api", APIS)
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_endpoint_schemas_accept_generated_valid_payloads(api: str, data: st.DataObject) -> None:
    """Whole payloads (nesting, wrappers, required keys) that clearance accepts."""
    endpoint = data.draw(st.sampled_from(sorted(get_api(api).endpoints)), label="endpoint")
    payload = data.draw(payloads(api, endpoint), label="payload")
    errors = [
        (list(e.absolute_path), e.message)
        for reading in _endpoint_schema(api, endpoint)
        for e in reading.iter_errors(payload)
    ]
    assert not errors
