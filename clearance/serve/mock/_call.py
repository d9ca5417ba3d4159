"""What a mock answer is made from: one accepted request, and the ids it may be given."""

from __future__ import annotations

import dataclasses
import itertools
import json
import secrets
import uuid
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

__all__ = ["Answer", "Call", "Ids", "endpoint_ids", "json_body"]

#: The response: HTTP status, headers and body, as :meth:`clearance.Report.response` gives.
Answer = tuple[int, dict[str, str], bytes]


class Ids:
    """Ids for created objects, per api: whole numbers counting up, GUIDs, tokens.

    One per server, so that two creates never get the same id; safe to share between
    requests (``itertools.count`` advances atomically).
    """

    def __init__(self, start: int = 1) -> None:
        """Count from ``start``."""
        self._start = start
        self._counters: dict[str, Iterator[int]] = {}

    def number(self, api: str) -> int:
        """The next whole number for ``api``."""
        counter = self._counters.get(api)
        if counter is None:
            counter = self._counters.setdefault(api, itertools.count(self._start))
        return next(counter)

    @staticmethod
    def guid() -> str:
        """A new GUID, lower case, as .NET writes it."""
        return str(uuid.uuid4())

    @staticmethod
    def token(nbytes: int = 12) -> str:
        """A random hex token of ``nbytes`` bytes."""
        return secrets.token_hex(nbytes)


@dataclasses.dataclass(frozen=True, slots=True)
class Call:
    """One request clearance accepted, as a mock answer sees it.

    Attributes:
        api: the api.
        endpoint: its endpoint id (``"POST /articles"``; co3: the method name).
        method: the HTTP method.
        account: the company (kassa) or account (invoicexpress) of the host, else ``""``.
        path: the path below the api's base path (``/articles/17``).
        params: the path parameters by the endpoint template's names.
        query: the query string's parameters (the last of repeated ones).
        headers: the request headers, names in lower case.
        body: the raw body.
        form: ``"json"``, or ``"xml"`` for a co3 XML document (the answer's notation).
        ids: where new ids come from.
    """

    api: str
    endpoint: str
    method: str
    account: str
    path: str
    params: Mapping[str, str]
    query: Mapping[str, str]
    headers: Mapping[str, str]
    body: bytes
    form: str
    ids: Ids

    @property
    def template(self) -> str:
        """The endpoint's documented path (``/articles/{id}``)."""
        return self.endpoint.partition(" ")[2] or self.endpoint

    def payload(self) -> Any:
        """The body as JSON (or a form-encoded body as a mapping); ``None`` when neither."""
        if not self.body.strip():
            return None
        media = self.headers.get("content-type", "").partition(";")[0].strip().lower()
        if media == "application/x-www-form-urlencoded":
            return dict(parse_qsl(self.body.decode("utf-8", "replace"), keep_blank_values=True))
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def fields(self) -> dict[str, Any]:
        """The body's members when it is an object, else an empty mapping."""
        value = self.payload()
        return dict(value) if isinstance(value, dict) else {}


def json_body(value: Any, *, ascii_only: bool = False, escape_slash: bool = False) -> bytes:
    r"""Compact JSON, UTF-8; ``ascii_only`` writes ``\uXXXX``, ``escape_slash`` ``\/`` (PHP)."""
    text = json.dumps(value, ensure_ascii=ascii_only, separators=(",", ":"))
    return (text.replace("/", "\\/") if escape_slash else text).encode()


@cache
def endpoint_ids(api: str) -> tuple[str, ...]:
    """Every endpoint id of ``api`` (to find, say, the ``PUT`` twin of a ``POST``)."""
    from clearance.apis import get_api  # noqa: PLC0415 - loads with the api

    return tuple(get_api(api).endpoints)
