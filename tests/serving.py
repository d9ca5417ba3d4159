"""Running ``clearance serve`` (and an upstream stand-in) as separate processes, and real
HTTP clients to talk to them: Python's urllib, httpx, ``curl`` and Node's ``fetch``."""

from __future__ import annotations

import atexit
import base64
import dataclasses
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest

if TYPE_CHECKING:
    from collections.abc import Sequence

ROOT = Path(__file__).resolve().parent.parent
STARTED = re.compile(r"(mock|proxy) mode on (http://\S+) ")
#: Facts every server of the tests uses, so that expectations are computed alike.
TODAY = "2026-11-21"


@dataclasses.dataclass
class Process:
    """A process started by a test, with the file its standard error goes to."""

    process: subprocess.Popen[bytes]
    log: Path

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20) -> int:
        """Send ``sig`` and wait for the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise


@dataclasses.dataclass
class Server(Process):
    """A running ``clearance serve``."""

    origin: str = ""
    report: Path | None = None


def _wait_for(process: Process, pattern: re.Pattern[str], timeout: float = 60) -> re.Match[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = pattern.search(process.text())
        if found:
            return found
        if process.process.poll() is not None:
            pytest.fail(
                f"the process exited early ({process.process.returncode}):\n{process.text()}"
            )
        time.sleep(0.05)
    process.stop(signal.SIGKILL)
    pytest.fail(f"the process did not start in {timeout} s:\n{process.text()}")


def start_server(folder: Path, *options: str, report: bool = True, isolated: bool = True) -> Server:
    """``clearance serve --port 0`` with ``options``, in ``folder``; waits until it listens.

    ``isolated``: without the configuration of any ``pyproject.toml``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "serve.log"
    report_file = folder / "report.jsonl" if report else None
    argv = [sys.executable, "-m", "clearance", "serve", "--port", "0", "--today", TODAY, *options]
    if isolated:
        argv.append("--isolated")
    if report_file is not None:
        argv += ["--report", str(report_file)]
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    with log.open("wb") as err:
        process = subprocess.Popen(argv, cwd=folder, stdout=subprocess.DEVNULL, stderr=err, env=env)
    server = Server(process, log, report=report_file)
    server.origin = _wait_for(server, STARTED).group(2)
    return server


def start_upstream(folder: Path) -> tuple[Process, int, Path]:
    """The upstream stand-in (``tests/serve_upstream.py``): process, port, request log."""
    folder.mkdir(parents=True, exist_ok=True)
    requests = folder / "requests.jsonl"
    requests.touch()
    log = folder / "upstream.out"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "serve_upstream.py"), str(requests)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    upstream = Process(process, log)
    port = int(_wait_for(upstream, re.compile(r"PORT (\d+)")).group(1))
    return upstream, port, requests


def received(requests: Path) -> list[dict[str, Any]]:
    """What the upstream stand-in has received so far."""
    return [json.loads(line) for line in requests.read_text(encoding="utf-8").splitlines()]


# -- clients -------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Answer:
    """What a client received: status, headers (names lower case, in order), body bytes."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k == name.lower()), None)

    def json(self) -> object:
        return json.loads(self.body)


def via_urllib(
    method: str, url: str, headers: Sequence[tuple[str, str]], body: bytes | None
) -> Answer:
    request = urllib.request.Request(url, data=body, method=method)  # noqa: S310 - loopback
    for name, value in headers:
        request.add_header(name, value)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=30) as response:
            return Answer(response.status, _lower(response.headers.items()), response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, _lower(error.headers.items()), error.read())


def via_httpx(
    method: str, url: str, headers: Sequence[tuple[str, str]], body: bytes | None
) -> Answer:
    with httpx.Client(timeout=30, trust_env=False) as client:
        response = client.request(method, url, headers=list(headers), content=body)
    return Answer(response.status_code, _lower(response.headers.multi_items()), response.content)


def via_curl(
    method: str, url: str, headers: Sequence[tuple[str, str]], body: bytes | None
) -> Answer:
    curl = shutil.which("curl")
    if curl is None:
        pytest.skip("curl is not installed")
    with tempfile.TemporaryDirectory() as folder:
        head, content = Path(folder, "head"), Path(folder, "body")
        argv = [
            curl,
            "-sS",
            "--noproxy",
            "*",
            "-X",
            method,
            url,
            "-D",
            str(head),
            "-o",
            str(content),
        ]
        for name, value in headers:
            argv += ["-H", f"{name}: {value}"]
        if body is not None:
            argv += ["--data-binary", "@-"]
        done = subprocess.run(argv, input=body or b"", capture_output=True, timeout=60, check=False)
        assert done.returncode == 0, done.stderr.decode()
        lines = head.read_bytes().decode("latin-1").split("\r\n")
        data = content.read_bytes() if content.exists() else b""
    while lines and lines[0].startswith("HTTP/1.1 100"):  # an interim 100 Continue
        lines = lines[lines.index("") + 1 :]
    status = int(lines[0].split()[1])
    fields = [line.split(":", 1) for line in lines[1:] if ":" in line]
    return Answer(status, [(k.strip().lower(), v.strip()) for k, v in fields], data)


NODE_SCRIPT = r"""
// One request per line on standard input, one answer per line on standard output.
const lines = require("readline").createInterface({input: process.stdin});
lines.on("line", async (line) => {
  const [method, url, headers, body] = JSON.parse(line);
  const init = {method, headers};
  if (body !== null) init.body = Buffer.from(body, "base64");
  let answer;
  try {
    const response = await fetch(url, init);
    const bytes = Buffer.from(await response.arrayBuffer());
    answer = {status: response.status, headers: [...response.headers], body: bytes.toString("base64")};
  } catch (error) {
    answer = {error: String(error)};
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
});
"""


class _Node:
    """One Node.js process for the whole run (starting one costs half a second)."""

    process: subprocess.Popen[bytes] | None = None

    def __call__(
        self, method: str, url: str, headers: Sequence[tuple[str, str]], body: bytes | None
    ) -> Answer:
        process = self.start()
        payload = [method, url, [list(h) for h in headers],
                   None if body is None else base64.b64encode(body).decode()]  # fmt: skip
        assert process.stdin is not None
        assert process.stdout is not None
        process.stdin.write(json.dumps(payload).encode() + b"\n")
        process.stdin.flush()
        data = json.loads(process.stdout.readline() or b'{"error": "node exited"}')
        assert "error" not in data, data.get("error")
        headers_ = [(k, v) for k, v in data["headers"]]
        return Answer(data["status"], headers_, base64.b64decode(data["body"]))

    def start(self) -> subprocess.Popen[bytes]:
        if self.process is None or self.process.poll() is not None:
            node = shutil.which("node")
            if node is None:
                pytest.skip("Node.js is not installed (its fetch needs Node 18 or later)")
            probe = subprocess.run([node, "-e", "process.exit(typeof fetch === 'function' ? 0 : 3)"],
                                   check=False, timeout=60)  # fmt: skip
            if probe.returncode != 0:
                pytest.skip("this Node.js has no fetch (Node 18 or later has)")
            self.process = subprocess.Popen(
                [node, "-e", NODE_SCRIPT], stdin=subprocess.PIPE, stdout=subprocess.PIPE
            )
            atexit.register(self.stop)
        return self.process

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


via_node = _Node()


CLIENTS = {"urllib": via_urllib, "httpx": via_httpx, "curl": via_curl, "node": via_node}


def _lower(items: object) -> list[tuple[str, str]]:
    return [(str(k).lower(), str(v)) for k, v in items]  # type: ignore[attr-defined]
