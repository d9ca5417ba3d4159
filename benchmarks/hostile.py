"""Time and memory bounds on the hostile corpus (issue: reliability).

Every hostile input (``tests/hostile/`` and the generated ones) is checked against two
endpoints of every API; each check must finish within ``--seconds`` (default 1.0) and
its peak traced memory stay within ``max(64 MiB, 8 x input size)``. Bounds are asserted
here, in a script, not in timed unit tests: the machines are shared and noisy, so the
best of three runs counts, and memory is traced in a run of its own.

Usage: ``python benchmarks/hostile.py [--quick] [--seconds S]``; exit 1 when a bound fails.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from hostile_inputs import TARGETED, corpus

import clearance
from clearance.apis import APIS, get_api

MIB = 1024 * 1024


def _endpoints(api: str) -> list[str]:
    spec = get_api(api)
    names = list(spec.endpoints)
    body = next((e for e in names if not spec.endpoints[e].takes_query), names[0])
    query = next((e for e in names if spec.endpoints[e].takes_query), names[-1])
    return sorted({body, query})


def _seconds(api: str, endpoint: str, raw: bytes) -> float:
    started = time.perf_counter()
    clearance.check(api, endpoint, raw)
    return time.perf_counter() - started


def _peak_bytes(api: str, endpoint: str, raw: bytes) -> int:
    tracemalloc.start()  # slows the check down: measured apart from its time
    clearance.check(api, endpoint, raw)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def _within_bounds(name: str, api: str, endpoint: str, raw: bytes, seconds: float) -> bool:
    """Check ``raw`` against ``endpoint``: print its row, and whether time and memory held."""
    bound = max(64 * MIB, 8 * len(raw))
    elapsed = min(_seconds(api, endpoint, raw) for _ in range(3))
    peak = _peak_bytes(api, endpoint, raw)
    ok = elapsed <= seconds and peak <= bound
    print(
        f"{name:34} {api:14} {endpoint[:48]:48} {elapsed * 1000:8.1f} "
        f"{peak / MIB:9.1f}{'' if ok else '  FAIL'}"
    )
    return ok


def main(argv: list[str] | None = None) -> int:
    """Run the corpus, print a table, return 1 if any bound fails."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="skip the 50 MB input")
    parser.add_argument("--seconds", type=float, default=1.0)
    args = parser.parse_args(argv)
    inputs = corpus()
    if args.quick:
        inputs.pop("fifty-megabytes", None)
    failures = 0
    print(f"{'input':34} {'api':14} {'endpoint':48} {'ms':>8} {'peak MiB':>9}")
    for name, build in sorted(inputs.items()):
        raw = build()  # once: the 50 MB body goes to every endpoint
        for api in APIS:
            for endpoint in _endpoints(api):
                failures += not _within_bounds(name, api, endpoint, raw, args.seconds)
    for name, (api, endpoint, build) in sorted(TARGETED.items()):
        failures += not _within_bounds(name, api, endpoint, build(), args.seconds)
    print(f"{failures} bound(s) failed" if failures else "all bounds held")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
