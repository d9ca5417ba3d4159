"""Mock answers: the success each API documents, for a request clearance accepted.

One module per api (``clearance.serve.mock.<api>``), each with:

* ``default(call)``: the answer derived from the endpoint id and the request (method,
  resource, path parameters, body), which covers every endpoint, present and future;
* ``SPECIAL``: endpoint id -> answer, for endpoints whose documented answer differs.

Each module's docstring says what its answers rest on ([DOC]/[SPEC]/[REC] for the
documented shapes, [INF] for what the stand-in fills in). InvoiceXpress and SnelStart take
each endpoint's status and body shape from the packaged specification's ``responses``
(:mod:`clearance.serve.mock._spec`, read when the endpoint is first answered), where the
documentation or recorded answers do not say otherwise; Fortnox, whose specification
lost its responses, names its entities and lists as its schemas do. There is no stored
state: a create gets a new id, a list is empty, a read gets the object of the URL's id.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from clearance.serve.mock._call import Answer, Call, Ids

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["Answer", "Call", "Ids", "answer", "handler"]


def handler(api: str, endpoint: str) -> Callable[[Call], Answer]:
    """The function that answers ``endpoint`` of ``api``."""
    module = importlib.import_module(f"clearance.serve.mock.{api}")
    special: dict[str, Callable[[Call], Answer]] = module.SPECIAL
    found = special.get(endpoint)
    if found is not None:
        return found
    fallback: Callable[[Call], Answer] = module.default
    return fallback


def answer(call: Call) -> Answer:
    """The success the API documents for ``call``: status, headers and body."""
    return handler(call.api, call.endpoint)(call)
