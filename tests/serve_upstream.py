"""A stand-in for an API's real host, for the proxy tests: run as a separate process.

``python tests/serve_upstream.py LOG`` listens on a free loopback port, prints
``PORT <n>`` and then, for every request:

* appends ``{"method", "path", "headers": [[name, value], ...], "body": base64}`` as a
  JSON line to ``LOG`` (exactly what arrived);
* answers 201 with ``X-Upstream: stand-in``, two ``Set-Cookie`` headers and a body of its
  own; a path containing ``/slow`` first sleeps 3 s; a path containing ``/stream``
  sends a first chunk, waits until the file named by the query parameter ``gate``
  exists (at most 10 s), then sends ``released`` or ``timed out``.
"""

from __future__ import annotations

import base64
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

LOCK = threading.Lock()
BODY = b'{"answered":"by the upstream stand-in","bytes":[1,2,3]}'


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        del format, args

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        entry = {
            "method": self.command,
            "path": self.path,
            "headers": [[name, value] for name, value in self.headers.items()],
            "body": base64.b64encode(body).decode(),
        }
        with LOCK, Path(sys.argv[1]).open("a", encoding="utf-8") as log:
            log.write(json.dumps(entry) + "\n")
        if "/slow" in self.path:
            time.sleep(3)
        if "/stream" in self.path:
            self._stream()
            return
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Upstream", "stand-in")
        self.send_header("Set-Cookie", "a=1")
        self.send_header("Set-Cookie", "b=2")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def _stream(self) -> None:
        gate = Path(parse_qs(urlsplit(self.path).query)["gate"][0])
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self._chunk(b"first chunk\n")
        deadline = time.monotonic() + 10
        while not gate.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        self._chunk(b"released\n" if gate.exists() else b"timed out\n")
        self.wfile.write(b"0\r\n\r\n")

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle  # noqa: N815


def main() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    sys.stdout.write(f"PORT {server.server_address[1]}\n")
    sys.stdout.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
