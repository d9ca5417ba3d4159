"""Every endpoint of every API, grouped by the models that check it.

Endpoints checked by the same models (a body or query model, a path model) answer a
payload alike: a test that draws many examples per endpoint draws them for the first
endpoint of each group (``REPRESENTATIVES``) and one example for each of the others
(``SHARING``), so every endpoint runs and the suite's time grows with the models, not
with the endpoints. (SnelStart's 34 single-resource GETs and DELETEs share one query
model and one ``{id}`` model, its OData lists one model of their options.)
"""

from __future__ import annotations

from clearance.apis import APIS, get_api

__all__ = ["ENDPOINTS", "REPRESENTATIVES", "SHARING"]

#: Every (api, endpoint id).
ENDPOINTS = [(api, endpoint) for api in APIS for endpoint in get_api(api).endpoints]


def _group(api: str, endpoint: str) -> tuple[object, ...]:
    spec = get_api(api).endpoint(endpoint)
    return (api, spec.model, spec.path, spec.takes_query)


def _split() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    first: list[tuple[str, str]] = []
    rest: list[tuple[str, str]] = []
    seen: set[tuple[object, ...]] = set()
    for api, endpoint in ENDPOINTS:
        group = _group(api, endpoint)
        (rest if group in seen else first).append((api, endpoint))
        seen.add(group)
    return first, rest


#: The first endpoint of each group, and every other endpoint.
REPRESENTATIVES, SHARING = _split()
