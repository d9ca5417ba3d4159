"""The hostile corpus: the files in ``tests/hostile/`` and generated ones too large to keep."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

HOSTILE_DIR = Path(__file__).parent / "hostile"

DEPTH = 100_000


def _generated() -> dict[str, Callable[[], bytes]]:
    return {
        "deep-arrays": lambda: b"[" * DEPTH + b"]" * DEPTH,
        "deep-objects": lambda: b'{"a":' * DEPTH + b"1" + b"}" * DEPTH,
        "deep-xml": lambda: (
            b"<command><getContact>" + b"<a>" * DEPTH + b"</a>" * DEPTH + b"</getContact></command>"
        ),
        "long-string": lambda: b'{"a": "' + b"x" * 5_000_000 + b'"}',
        "long-key": lambda: b'{"' + b"k" * 1_000_000 + b'": 1}',
        "many-keys": lambda: b"{" + b",".join(b'"k%d": %d' % (i, i) for i in range(100_000)) + b"}",
        "long-number": lambda: b'{"a": ' + b"9" * 100_000 + b"}",
        # Numbers just short of the 4000 digits that are read as Decimal: a search for such
        # a run that retries every digit of each one takes minutes here.
        "long-numbers-just-short": lambda: b"[" + b",".join([b"8" * 3999] * 500) + b"]",
        "fifty-megabytes": lambda: b'{"a": "' + b"x" * (50 * 1024 * 1024) + b'"}',
    }


GENERATED = _generated()

_MB = 5_000_000


def _json(value: object) -> bytes:
    import json  # noqa: PLC0415

    return json.dumps(value).encode()


#: Inputs aimed at one endpoint's checks (name: api, endpoint, bytes), each once slow:
#: a regex that backtracked quadratically, checks that ran a library over megabytes.
TARGETED: dict[str, tuple[str, str, Callable[[], bytes]]] = {
    "odata-unclosed-quote": (
        "snelstart",
        "GET /relaties",
        lambda: _json({"$filter": "a" * 19_999 + "'"}),  # the longest filter judged
    ),
    "odata-unclosed-quote-repeated": (
        "snelstart",
        "GET /relaties",
        lambda: _json({"$filter": ["a" * 19_999 + "'"] * 5}),
    ),
    "iban-megabytes": (
        "snelstart",
        "POST /relaties",
        lambda: _json({"naam": "x", "relatiesoort": ["Klant"], "iban": "NL" * (_MB // 2)}),
    ),
    "email-megabytes": (
        "invoicexpress",
        "POST /clients.json",
        lambda: _json({"client": {"name": "x", "email": "a" * _MB + "@x.pt"}}),
    ),
    "attachment-ten-megabytes": (
        "snelstart",
        "POST /documenten/{documenttype}",
        lambda: _json({"content": "A" * 13_981_014 + "==", "parentIdentifier": "x"}),
    ),
    "vat-megabytes": (
        "fortnox",
        "POST /customers",
        lambda: _json({"Customer": {"Name": "x", "VATNumber": "SE" + "1" * _MB}}),
    ),
}


def corpus() -> dict[str, Callable[[], bytes]]:
    """Every hostile input by name, each as a function that builds its bytes."""
    files: dict[str, Callable[[], bytes]] = {
        path.name: (lambda p=path: p.read_bytes())
        for path in sorted(HOSTILE_DIR.iterdir())
        if path.suffix in {".json", ".xml", ".bin"}
    }
    return {**files, **GENERATED}
