"""JSON Schema of each endpoint's payload, for editors (``clearance schema``).

The schema comes from the endpoint's model (:meth:`pydantic.BaseModel.model_json_schema`),
whose fields describe their own checks (see :class:`clearance.model.Param`). It is a
help while typing, not the check itself: what the server accepts is what
``clearance check`` says.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from clearance.apis import get_api

__all__ = ["DIALECT", "endpoint_schema", "file_name", "write_all"]

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def endpoint_schema(api: str, endpoint: str) -> dict[str, Any]:
    """The JSON Schema of the payload of ``endpoint`` of ``api``.

    Raises:
        UnknownApiError, UnknownEndpointError: ``api`` or ``endpoint`` are not known.
    """
    spec = get_api(api)
    model = spec.endpoint(endpoint).model
    schema = _null_when_optional(model.model_json_schema())
    schema.pop("title", None)
    if model.__clearance_items__ is not None:  # a body sent as a JSON array
        schema = _as_array(schema, model.__clearance_items__)
    return {"$schema": DIALECT, "title": f"{spec.catalog.title}: {endpoint}", **schema}


def _as_array(schema: dict[str, Any], field: str) -> dict[str, Any]:
    """The schema of the array held by ``field``, with the object schema's definitions."""
    held = schema["properties"][field]
    options = [held, *held.get("anyOf", ())]
    array = next(option for option in options if option.get("type") == "array")
    defs = {"$defs": schema["$defs"]} if "$defs" in schema else {}
    return {**array, **defs}


def _allows_null(schema: Any) -> bool:
    if not isinstance(schema, dict) or not schema:
        return True
    if schema.get("type") == "null" or "null" in (schema.get("type") or ()):
        return True
    return any(_allows_null(option) for option in schema.get("anyOf", ()))


#: Keywords whose value is a mapping of names to schemas, a list of schemas, or a schema.
_SCHEMA_MAPS = frozenset({"properties", "$defs", "definitions", "patternProperties"})
_SCHEMA_LISTS = frozenset({"anyOf", "allOf", "oneOf", "prefixItems"})
_SCHEMA_ONE = frozenset(
    {"items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames"}
)


def _null_when_optional(schema: Any) -> Any:
    """Let every optional property be ``null``, as the servers read it: not set.

    The models treat ``null`` as "not set" (:class:`clearance.model.Param`), so a
    schema that refused it would flag payloads the server accepts.
    """
    if not isinstance(schema, dict):
        return schema
    result: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _SCHEMA_MAPS and isinstance(value, dict):
            result[key] = {name: _null_when_optional(v) for name, v in value.items()}
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            result[key] = [_null_when_optional(v) for v in value]
        elif key in _SCHEMA_ONE:
            result[key] = _null_when_optional(value)
        else:
            result[key] = value
    properties = result.get("properties")
    if isinstance(properties, dict):
        required = set(result.get("required", ()))
        for name, prop in properties.items():
            if name not in required and isinstance(prop, dict) and not _allows_null(prop):
                outer = {k: prop.pop(k) for k in ("title", "description") if k in prop}
                properties[name] = {**outer, "anyOf": [prop, {"type": "null"}]}
    return result


def file_name(endpoint: str) -> str:
    """The file name of an endpoint's schema.

    >>> file_name("PUT /articles/{id}"), file_name("setInvoice")
    ('put-articles-id.schema.json', 'setinvoice.schema.json')
    """
    return re.sub(r"[^A-Za-z0-9]+", "-", endpoint).strip("-").lower() + ".schema.json"


def write_all(folder: str | Path, apis: tuple[str, ...]) -> list[Path]:
    """Write ``<folder>/<api>/<endpoint>.schema.json`` for every endpoint of ``apis``."""
    written: list[Path] = []
    for api in apis:
        target = Path(folder) / api
        target.mkdir(parents=True, exist_ok=True)
        names: dict[str, str] = {}
        for endpoint in get_api(api).endpoints:
            name = file_name(endpoint)
            if name in names:  # pragma: no cover - no API has two such endpoint ids
                raise ValueError(f"{api}: {endpoint!r} and {names[name]!r} share {name}")
            names[name] = endpoint
            path = target / name
            text = json.dumps(endpoint_schema(api, endpoint), ensure_ascii=False, indent=2)
            path.write_text(text + "\n", encoding="utf-8")
            written.append(path)
    return written
