"""The cost of starting: ``import clearance`` and each API's first check, in fresh processes.

An API of many endpoints must cost nothing until one is checked: importing it builds no
model, and a first check builds only what its endpoint needs. This measures, per API, in
a new interpreter each time: the import, the first check of the endpoint ``run.py``
measures (a valid case payload), and a second, different endpoint's first check after it.
Times are medians of CPU time (``time.process_time``) in milliseconds.

Usage: ``python benchmarks/first_check.py [--repeats N] [--apis A ...]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"

#: Per API: the first endpoint checked (as in run.py), then another one.
ENDPOINTS = {
    "kassa": ("POST /articles", "POST /customers"),
    "snelstart": ("POST /relaties", "POST /verkooporders"),
    "fortnox": ("POST /customers", "POST /invoices"),
    "invoicexpress": ("POST /invoices.json", "POST /clients.json"),
    "co3": ("setProduct", "setContact"),
}

_PROBE = """
import json, sys, time
first, second = json.loads(sys.argv[1]), json.loads(sys.argv[2])
start = time.process_time()
import clearance
imported = time.process_time()
assert clearance.check(*first).ok
checked = time.process_time()
assert clearance.check(*second).ok
again = time.process_time()
print(json.dumps([imported - start, checked - imported, again - checked]))
"""


def _valid(api: str, endpoint: str) -> object:
    """The payload of a valid case file of ``endpoint``."""
    for path in sorted((CASES / api / "valid").glob("*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        if case.get("endpoint") == endpoint and not case.get("context"):
            return case["payload"]
    raise SystemExit(f"{api}: no valid case file of {endpoint} without a context")


def measure(api: str, repeats: int) -> dict[str, float]:
    """Median ms of the import, the first check, and a second endpoint's first check."""
    first, second = ENDPOINTS[api]
    args = [json.dumps([api, e, _valid(api, e)]) for e in (first, second)]
    runs = []
    for _ in range(repeats):
        out = subprocess.run(
            [sys.executable, "-c", _PROBE, *args], check=True, capture_output=True, text=True
        ).stdout
        runs.append(json.loads(out))
    columns = zip(*runs, strict=True)
    names = ("import clearance", f"first check ({first})", f"then {second}")
    return {
        name: round(statistics.median(values) * 1000, 1)
        for name, values in zip(names, columns, strict=True)
    }


def main(argv: list[str] | None = None) -> int:
    """Print one line per API."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--apis", nargs="*", default=list(ENDPOINTS))
    args = parser.parse_args(argv)
    for api in args.apis:
        row = measure(api, args.repeats)
        print(f"{api:14}" + "  ".join(f"{name} {ms} ms" for name, ms in row.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
