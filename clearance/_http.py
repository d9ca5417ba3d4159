"""HTTP message helpers that know no API and no HTTP library."""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["FORM", "decoded_body", "parameters"]

#: The media type of a form body: parameters written as a query string is.
FORM = "application/x-www-form-urlencoded"


def parameters(text: str | bytes) -> dict[str, str | list[str]]:
    """Parameters of a query string or form body, as the servers read them.

    ``a[]=1&a[]=2`` and a repeated name make a list; everything else is text.

    >>> parameters("quantity=2&type=decrease&ids[]=1&ids[]=2")
    {'quantity': '2', 'type': 'decrease', 'ids': ['1', '2']}
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    result: dict[str, str | list[str]] = {}
    for key, value in parse_qsl(text, keep_blank_values=True):
        name = key.removesuffix("[]")
        if key.endswith("[]") or name in result:
            previous = result.get(name)
            items = (
                previous
                if isinstance(previous, list)
                else ([previous] if previous is not None else [])
            )
            result[name] = [*items, value]
        else:
            result[name] = value
    return result


def decoded_body(headers: Sequence[tuple[str, str]], body: bytes, limit: int) -> bytes | None:
    """The body with its ``Content-Encoding`` undone; ``None`` when that cannot be done.

    At most ``limit + 1`` bytes are inflated: one byte past the limit is enough for the
    engine to say "too large".

    >>> import gzip
    >>> decoded_body([("Content-Encoding", "gzip")], gzip.compress(b"{}"), 100)
    b'{}'
    >>> decoded_body([("Content-Encoding", "br")], b"...", 100) is None
    True
    """
    codings = [
        coding.strip().lower()
        for name, value in headers
        if name.lower() == "content-encoding"
        for coding in value.split(",")
    ]
    for coding in reversed(codings):  # applied in the order listed: undo the last first
        if coding in {"", "identity"}:
            continue
        if coding in {"gzip", "x-gzip"}:
            wbits = 16 + zlib.MAX_WBITS
        elif coding == "deflate":
            wbits = zlib.MAX_WBITS
        else:  # br, zstd, ...: the server may read it, clearance cannot
            return None
        try:
            body = zlib.decompressobj(wbits).decompress(body, limit + 1)
        except zlib.error:
            return None
    return body
