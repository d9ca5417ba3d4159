"""How the per-endpoint property tests share out their examples among hundreds of endpoints.

Every endpoint of every API is tested (a wide pass: a few examples each), and a sample
is tested deeply (the examples the tests always drew): every endpoint of an API of at
most :data:`DEEP_LIMIT` endpoints, and of a larger one (Fortnox: every operation of its
specification) the endpoints its case files check as payloads, and every 25th of the
others in sorted order. The sample is fixed, so a run repeats; the suite stays well under
its time budget with every operation covered.
"""

from __future__ import annotations

from functools import cache

from casefiles import CASES, load

from clearance.apis import APIS, get_api

__all__ = ["DEEP_LIMIT", "deep", "endpoints", "wide"]

#: An API with more endpoints than this is sampled for the deep pass.
DEEP_LIMIT = 60
#: Of a sampled API's endpoints without a payload case, every this-many-th is deep.
_EVERY = 25


def endpoints() -> list[tuple[str, str]]:
    """Every (api, endpoint id)."""
    return [(api, endpoint) for api in APIS for endpoint in get_api(api).endpoints]


@cache
def _cased() -> frozenset[tuple[str, str]]:
    """The endpoints the case files check as payloads."""
    return frozenset(
        (case["api"], case["endpoint"]) for case in map(load, CASES) if "endpoint" in case
    )


@cache
def _deep() -> frozenset[tuple[str, str]]:
    chosen: set[tuple[str, str]] = set()
    for api in APIS:
        ids = sorted(get_api(api).endpoints)
        if len(ids) <= DEEP_LIMIT:
            chosen.update((api, endpoint) for endpoint in ids)
            continue
        rest = [e for e in ids if (api, e) not in _cased()]
        chosen.update((api, e) for e in ids if (api, e) in _cased())
        chosen.update((api, e) for e in rest[::_EVERY])
    return frozenset(chosen)


def deep() -> list[tuple[str, str]]:
    """The endpoints tested deeply."""
    return [pair for pair in endpoints() if pair in _deep()]


def wide() -> list[tuple[str, str]]:
    """The other endpoints: tested with a few examples each."""
    return [pair for pair in endpoints() if pair not in _deep()]
