"""Load on ``clearance serve``: requests per second and latency, 50 clients at once.

Starts, as separate processes on loopback, ``clearance serve --mode mock``, an upstream
stand-in (a minimal asyncio HTTP/1.1 server answering 201 at once) and ``clearance serve
--mode proxy`` in front of it, then, for each mode, drives refused and accepted requests
(one per API, in turn: the ``examples/`` requests) from ``--clients`` concurrent
keep-alive connections (a minimal asyncio HTTP/1.1 client, far cheaper than the server it
measures). Each scenario is bounded by a request count and a time limit; every answer's
status is checked (a wrong one counts as an error). The clients run on the same machine
as the servers, so the numbers are the whole loop's, not the server's alone.

Usage: ``python benchmarks/serve_load.py [--quick] [--requests N] [--clients N]
[--seconds S] [--json FILE]``; needs the serve extra. Exit 1 on any error.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
STARTED = re.compile(r"(?:mock|proxy) mode on (http://\S+) ")
#: One request per API and verdict, from the examples (a co3 XML document for co3).
REFUSED = [
    "kassa/article-create-bad.json",
    "snelstart/verkoopboekingen-create-bad.json",
    "fortnox/order-create-bad.json",
    "invoicexpress/invoice-create-bad.json",
    "co3/contact-set-request-bad.json",
]
ACCEPTED = [
    "kassa/article-create.json",
    "snelstart/relaties-create.json",
    "fortnox/invoice-create.json",
    "invoicexpress/invoice-create.json",
    "co3/product-set.xml",
]
_FIXED_HOSTS = {
    "api.fortnox.se": "fortnox",
    "b2bapi.snelstart.nl": "snelstart",
    "co3app.com": "co3",
}


# -- the upstream stand-in ----------------------------------------------------------------

_ANSWER = (
    b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n"
    b'{"id": 123}'
)


async def _upstream_connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            found = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", head)
            if found:
                await reader.readexactly(int(found.group(1)))
            writer.write(_ANSWER)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        writer.close()


async def _upstream() -> None:
    server = await asyncio.start_server(_upstream_connection, "127.0.0.1", 0, backlog=1024)
    print(f"PORT {server.sockets[0].getsockname()[1]}", flush=True)
    async with server:
        await server.serve_forever()


# -- the processes -------------------------------------------------------------------------


def _wait(process: subprocess.Popen[bytes], log: Path, pattern: re.Pattern[str]) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = pattern.search(log.read_text(encoding="utf-8", errors="replace"))
        if found:
            return found.group(1)
        if process.poll() is not None:
            break
        time.sleep(0.05)
    process.kill()
    raise SystemExit(f"did not start:\n{log.read_text(encoding='utf-8', errors='replace')}")


def _start(
    argv: list[str], log: Path, pattern: re.Pattern[str]
) -> tuple[subprocess.Popen[bytes], str]:
    with log.open("wb") as out:
        process = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, cwd=log.parent)
    return process, _wait(process, log, pattern)


def _serve(folder: Path, name: str, *options: str) -> tuple[subprocess.Popen[bytes], str]:
    argv = [sys.executable, "-m", "clearance", "serve", "--port", "0", "--isolated", "--quiet",
            *options]  # fmt: skip
    return _start(argv, folder / f"{name}.log", STARTED)


# -- the requests ---------------------------------------------------------------------------


def _local(origin: str, url: str) -> str:
    parts = httpx.URL(url)
    host = parts.host
    if host in _FIXED_HOSTS:
        prefix = f"/{_FIXED_HOSTS[host]}"
    elif host.endswith(".kassa.at"):
        prefix = f"/kassa/{host.removesuffix('.kassa.at')}"
    else:
        prefix = f"/invoicexpress/{host.removesuffix('.app.invoicexpress.com')}"
    query = f"?{parts.query.decode()}" if parts.query else ""
    return origin + prefix + parts.path + query


def _requests(origin: str, names: list[str]) -> list[tuple[str, str, list[tuple[str, str]], bytes]]:
    found = []
    for name in names:
        path = ROOT / "examples" / name
        if path.suffix == ".xml":
            headers = [("Content-Type", "text/xml; charset=utf-8")]
            found.append(("POST", f"{origin}/co3/api/product", headers, path.read_bytes()))
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        body = data.get("body")
        raw = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        headers = list(data.get("headers", {}).items())
        found.append((data["method"], _local(origin, data["url"]), headers, raw))
    return found


async def _read_answer(reader: asyncio.StreamReader) -> int:
    """Read one HTTP/1.1 response (length-delimited or chunked); its status."""
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", head)
    if length:
        await reader.readexactly(int(length.group(1)))
    elif re.search(rb"(?i)\r\ntransfer-encoding:\s*chunked", head):
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status


def _wire(request: tuple[str, str, list[tuple[str, str]], bytes]) -> bytes:
    """A request as the bytes a keep-alive HTTP/1.1 client sends."""
    method, url, headers, body = request
    parts = httpx.URL(url)
    target = parts.raw_path.decode()
    lines = [f"{method} {target} HTTP/1.1", f"Host: {parts.host}:{parts.port}",
             f"Content-Length: {len(body)}", *(f"{k}: {v}" for k, v in headers)]  # fmt: skip
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def _drive(  # noqa: PLR0917 - one scenario's parameters
    origin: str, names: list[str], expect: set[int], count: int, clients: int, seconds: float
) -> dict[str, Any]:
    """``count`` requests from ``clients`` keep-alive connections, each waiting for its answer.

    The client is a minimal asyncio HTTP/1.1 client sending prepared bytes, so that it
    costs the shared CPUs far less than the server it measures.
    """
    wires = [_wire(request) for request in _requests(origin, names)]
    host, port = httpx.URL(origin).host, httpx.URL(origin).port
    latencies: list[float] = []
    errors: list[str] = []
    issued = 0
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal issued
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while issued < count and time.perf_counter() < deadline:
                wire = wires[issued % len(wires)]
                issued += 1
                started = time.perf_counter()
                writer.write(wire)
                status = await _read_answer(reader)
                latencies.append(time.perf_counter() - started)
                if status not in expect:
                    errors.append(f"{wire.split(b' ', 2)[1].decode()}: {status}")
        except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            writer.close()

    # warm: every request once, so that no model is built during the measurement
    reader, writer = await asyncio.open_connection(host, port)
    for wire in wires:
        writer.write(wire)
        await _read_answer(reader)
    writer.close()
    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    elapsed = time.perf_counter() - began
    ordered = sorted(latencies)

    def percentile(p: float) -> float:
        return (
            ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000 if ordered else 0.0
        )

    return {
        "requests": len(latencies),
        "seconds": round(elapsed, 3),
        "per_second": round(len(latencies) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(percentile(50), 2),
        "p90_ms": round(percentile(90), 2),
        "p99_ms": round(percentile(99), 2),
        "max_ms": round(ordered[-1] * 1000, 2) if ordered else 0.0,
        "mean_ms": round(statistics.fmean(ordered) * 1000, 2) if ordered else 0.0,
        "errors": len(errors),
        "first_errors": errors[:3],
    }


def main(argv: list[str] | None = None) -> int:
    """Run every scenario, print the table; 1 when any answer was wrong or missing."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="400 requests per scenario")
    parser.add_argument("--requests", type=int, default=3000, help="per scenario (3000)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (50)")
    parser.add_argument("--seconds", type=float, default=60.0, help="time limit per scenario")
    parser.add_argument("--json", metavar="FILE", help="write the results as JSON")
    parser.add_argument("--upstream-stand-in", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.upstream_stand_in:
        asyncio.run(_upstream())
        return 0
    count = 400 if args.quick else args.requests
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        upstream, port = _start([sys.executable, __file__, "--upstream-stand-in"],
                                folder / "upstream.log", re.compile(r"PORT (\d+)"))  # fmt: skip
        options = []
        for api in ("kassa", "snelstart", "fortnox", "invoicexpress", "co3"):
            options += ["--upstream", f"{api}=http://127.0.0.1:{port}"]
        servers = {
            "mock": _serve(folder, "mock", "--mode", "mock"),
            "proxy": _serve(folder, "proxy", "--mode", "proxy", *options),
        }
        try:
            for mode, (_, origin) in servers.items():
                for verdict, names, expect in (
                    ("refused", REFUSED, {400, 422}),
                    ("accepted", ACCEPTED, {200, 201}),
                ):
                    row = asyncio.run(
                        _drive(origin, names, expect, count, args.clients, args.seconds)
                    )
                    results.append({"mode": mode, "verdict": verdict, **row})
        finally:
            for process, _ in (*servers.values(), (upstream, "")):
                process.send_signal(signal.SIGTERM)
                process.wait(30)
    print(f"clearance serve under load: {args.clients} concurrent clients, loopback, "
          f"{platform.python_implementation()} {platform.python_version()}, "
          f"{os.cpu_count()} CPUs (clients and servers share them)")  # fmt: skip
    print()
    print("| mode | requests | answered | req/s | p50 ms | p90 ms | p99 ms | max ms | errors |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in results:
        print(f"| {row['mode']} | {row['verdict']} | {row['requests']} | {row['per_second']:.0f} | "
              f"{row['p50_ms']:.1f} | {row['p90_ms']:.1f} | {row['p99_ms']:.1f} | "
              f"{row['max_ms']:.1f} | {row['errors']} |")  # fmt: skip
    for row in results:
        for error in row["first_errors"]:
            print(f"error ({row['mode']}, {row['verdict']}): {error}", file=sys.stderr)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 1 if any(row["errors"] for row in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
