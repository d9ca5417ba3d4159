"""What the first check of one payload costs: a fresh process, nothing built yet (issue 18).

An API of hundreds of operations must cost no more to import and to check once than one
of a dozen: only what an endpoint needs is built, when it is first checked. This measures,
each in fresh processes (the median of ``--repeats`` runs, CPU time by default):

* ``import clearance``;
* the first ``clearance.check`` of a payload in that process, for a few endpoints (the
  API's module, its catalog, the endpoint's models and their compiled checks are all
  built by it), and a second endpoint's first check after it;
* the command line on one fixture: ``python -m clearance check --api ... --endpoint ...``
  (the whole process).

``--root DIR`` measures another checkout of clearance (put first on ``PYTHONPATH``), so
two versions compare on one machine: ``python benchmarks/first_check.py --root
/tmp/clearance-main``.

Usage: ``python benchmarks/first_check.py [--repeats N] [--clock cpu|wall] [--root DIR]
[--json FILE]``.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

#: (api, endpoint, payload): the payloads checked first, each in a process of its own.
FIRST: tuple[tuple[str, str, Any], ...] = (
    ("fortnox", "POST /customers", {"Customer": {"Name": "Exempelbolaget AB", "City": "Växjö"}}),
    (
        "fortnox",
        "POST /invoices",
        {
            "Invoice": {
                "CustomerNumber": "1001",
                "InvoiceDate": "2026-11-20",
                "InvoiceRows": [
                    {"ArticleNumber": "SKR-35", "DeliveredQuantity": 10, "Price": 12.5}
                ],
            }
        },
    ),
    ("fortnox", "GET /invoices", {"filter": "unpaid", "limit": "500", "page": "1"}),
    (
        "fortnox",
        "POST /vouchers",
        {
            "Voucher": {
                "Description": "Kontorsmaterial",
                "TransactionDate": "2026-11-20",
                "VoucherSeries": "A",
                "VoucherRows": [
                    {"Account": 6110, "Debit": 500, "Credit": 0},
                    {"Account": 1910, "Debit": 0, "Credit": 500},
                ],
            }
        },
    ),
    ("kassa", "POST /articles", {"line_item_name": "Tee", "gross_amount_per_item": 3.5,
                                 "sales_tax_percentage": 10, "default_quantity": 1}),
)  # fmt: skip

_PROBE = """
import json, sys, time
clock = time.process_time if sys.argv[1] == "cpu" else time.perf_counter
api, endpoint, payload, second = json.loads(sys.argv[2])
started = clock()
import clearance
imported = clock()
try:
    clearance.check(api, endpoint, payload)
except clearance.UnknownEndpointError:  # an older clearance that does not know it
    print(json.dumps([imported - started, None, None]))
    raise SystemExit(0)
checked = clock()
if second:
    clearance.check(*second)
again = clock()
print(json.dumps([imported - started, checked - imported, again - checked]))
"""

#: A second endpoint checked after the first, in the same process.
_SECOND = ("fortnox", "PUT /articles/{ArticleNumber}", {"Article": {"Description": "Skruv"}})


#: Where the probes run: an empty folder of their own (a checkout's ``clearance``, or any
#: module in a shared temporary folder, would shadow what ``-c`` imports).
_NEUTRAL = tempfile.mkdtemp(prefix="clearance-first-check-")
atexit.register(shutil.rmtree, _NEUTRAL, ignore_errors=True)


def _environment(root: str | None) -> dict[str, str]:
    env = dict(os.environ)
    if root:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
    return env


def _probe(clock: str, case: tuple[str, str, Any], env: dict[str, str]) -> list[float | None]:
    api, endpoint, payload = case
    second = list(_SECOND) if api == "fortnox" else None
    argument = json.dumps([api, endpoint, payload, second], ensure_ascii=False)
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, clock, argument],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=_NEUTRAL,
    ).stdout
    return [None if value is None else 1e3 * value for value in json.loads(out)]


def _children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _command_ms(argv: list[str], clock: str, env: dict[str, str]) -> float:
    read = _children if clock == "cpu" else time.perf_counter
    started = read()
    subprocess.run(argv, check=False, capture_output=True, env=env, cwd=_NEUTRAL)
    return 1e3 * (read() - started)


def main(argv: list[str] | None = None) -> int:
    """Run the measurements and print them (and write them as JSON with ``--json``)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--clock", choices=["cpu", "wall"], default="cpu")
    parser.add_argument("--root", help="a checkout of clearance to measure instead")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = parser.parse_args(argv)
    env = _environment(args.root)
    where = subprocess.run(
        [sys.executable, "-c", "import clearance; print(clearance.__file__)"],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=_NEUTRAL,
    ).stdout.strip()
    results: dict[str, Any] = {"clearance": where, "clock": args.clock, "unit": "ms"}
    lines = [f"clearance from {where}; {args.clock} time, median of {args.repeats} runs, ms", ""]
    imports: list[float] = []
    for case in FIRST:
        samples = [_probe(args.clock, case, env) for _ in range(args.repeats)]
        imports += [sample[0] for sample in samples if sample[0] is not None]
        key = f"{case[0]} {case[1]}"
        if samples[0][1] is None:
            results[key] = None
            lines.append(f"first check  {key:<28}     n/a (an endpoint this clearance lacks)")
            continue
        first = statistics.median(s[1] for s in samples if s[1] is not None)
        second = statistics.median(s[2] for s in samples if s[2] is not None)
        results[key] = {"first check": first, "then PUT /articles/{ArticleNumber}": second}
        then = f"   then another endpoint {second:6.1f}" if case[0] == "fortnox" else ""
        lines.append(f"first check  {key:<28} {first:7.1f}{then}")
    results["import clearance"] = statistics.median(imports)
    lines.insert(2, f"import clearance                          {results['import clearance']:7.1f}")
    with tempfile.TemporaryDirectory() as folder:
        fixture = Path(folder) / "customer.json"
        fixture.write_text(json.dumps(FIRST[0][2], ensure_ascii=False), encoding="utf-8")
        command = [
            sys.executable, "-m", "clearance", "check", "--api", "fortnox",
            "--endpoint", "POST /customers", str(fixture),
        ]  # fmt: skip
        cli = statistics.median(_command_ms(command, args.clock, env) for _ in range(args.repeats))
    results["command line, one fortnox fixture"] = cli
    lines.append(f"command line, one fortnox fixture         {cli:7.1f}")
    print("\n".join(lines))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
