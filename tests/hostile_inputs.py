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
        "fifty-megabytes": lambda: b'{"a": "' + b"x" * (50 * 1024 * 1024) + b'"}',
    }


GENERATED = _generated()


def corpus() -> dict[str, Callable[[], bytes]]:
    """Every hostile input by name, each as a function that builds its bytes."""
    files: dict[str, Callable[[], bytes]] = {
        path.name: (lambda p=path: p.read_bytes())
        for path in sorted(HOSTILE_DIR.iterdir())
        if path.suffix in {".json", ".xml", ".bin"}
    }
    return {**files, **GENERATED}
