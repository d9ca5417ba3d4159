"""What the mock answers read from the packaged specifications, one endpoint at a time.

Nothing is read when a mock module is imported: the first answer of an endpoint asks
for its operation (:func:`clearance.specs.load` reads each api's file once, and the
validators have usually read it already), and what is derived from it is cached per
endpoint, so start-up does not grow with the number of endpoints.

Only facts are taken: statuses, media types, property names, types and formats; never
an example or a description.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from clearance.specs import SPECIFIED, load

__all__ = ["json_responses", "properties", "resolve", "schema_name", "statuses"]

#: How deep references are followed before a node is taken as it is (the schemas nest
#: a few levels; a cycle must not loop).
_DEPTH = 16


def _operation(api: str, endpoint: str) -> dict[str, Any] | None:
    if api not in SPECIFIED:
        return None
    found: dict[str, Any] | None = load(api)["operations"].get(endpoint)
    return found


@cache
def statuses(api: str, endpoint: str) -> tuple[int, ...]:
    """The success statuses the specification lists for ``endpoint``, lowest first.

    >>> statuses("snelstart", "PUT /btwaangiftes/{id}/externAangeven")
    (204,)
    """
    operation = _operation(api, endpoint)
    if operation is None:
        return ()
    return tuple(sorted(int(code) for code in operation.get("responses", {})))


@cache
def json_responses(api: str, endpoint: str) -> dict[int, dict[str, Any] | None]:
    """Per success status, the schema of its JSON body (``None``: the spec gives none).

    >>> json_responses("invoicexpress", "GET /clients.json")
    {200: {'ref': 'ClientsResponse'}}
    """
    operation = _operation(api, endpoint)
    if operation is None:
        return {}
    found: dict[int, dict[str, Any] | None] = {}
    for code, media in operation.get("responses", {}).items():
        node = media.get("application/json") if media else None
        found[int(code)] = node if isinstance(node, dict) else None
    return found


def schema_name(node: dict[str, Any] | None) -> str | None:
    """The name a node refers to (``None`` for an inline node)."""
    ref = node.get("ref") if node else None
    return ref if isinstance(ref, str) else None


def resolve(api: str, node: dict[str, Any] | None) -> dict[str, Any]:
    """``node`` with its references followed (an unknown name resolves to ``{}``)."""
    schemas: dict[str, Any] = load(api)["schemas"]
    current: dict[str, Any] = node or {}
    for _ in range(_DEPTH):
        name = schema_name(current)
        if name is None:
            return current
        current = schemas.get(name) or {}
    return current


def properties(api: str, node: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """The properties of an object node, ``allOf`` parts merged, references followed.

    >>> sorted(properties("invoicexpress", {"ref": "TaxResponse"}))
    ['tax']
    """
    resolved = resolve(api, node)
    merged: dict[str, dict[str, Any]] = {}
    for part in resolved.get("allOf", ()):
        merged.update(properties(api, part))
    merged.update(resolved.get("properties") or {})
    return merged
