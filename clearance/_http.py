"""HTTP message helpers that know no API and no HTTP library."""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["decoded_body"]


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
