"""``clearance serve`` starting, configured, and stopping: usage errors, ``[tool.clearance]``,
and a clean shutdown on SIGTERM and SIGINT with a request in flight."""

from __future__ import annotations

import dataclasses
import json
import signal
import socket
import time
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from serving import start_server, via_urllib
from test_serve import CONTEXT, REFUSED, from_file

from clearance.cli import main

if TYPE_CHECKING:
    from pathlib import Path

pytest.importorskip("starlette", reason="clearance serve needs the serve extra")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--upstream", "kasa=http://127.0.0.1:1"], "expected API=URL"),
        (["--upstream", "kassa=ftp://example.com"], "must be http:// or https://"),
        (["--ignore", "kassa:1O30"], "unknown selector 'kassa:1O30'"),
        (["--config", "missing/pyproject.toml"], "missing/pyproject.toml"),
        (["--max-body-bytes", "-1"], "--max-body-bytes -1: expected 0 or more"),
    ],
)
def test_usage_errors_exit_2_with_a_reason(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--port", "0", *argv]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.usefixtures("loopback")
def test_a_report_that_cannot_be_written_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "missing" / "report.jsonl"
    assert main(["serve", "--isolated", "--port", "0", "--report", str(report)]) == 2
    assert f"--report {report}: No such file or directory" in capsys.readouterr().err


@pytest.mark.usefixtures("loopback")
def test_a_port_in_use_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--isolated", "--port", str(port)]) == 2
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err


@pytest.mark.usefixtures("loopback")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_configured_then_stopped_with_a_request_in_flight(
    tmp_path: Path, sig: signal.Signals
) -> None:
    """``[tool.clearance]`` and ``--ignore`` switch rules off; a signal lets the request in
    flight finish, then the server stops cleanly (exit 0, no traceback, report complete)."""
    tmp_path.joinpath("pyproject.toml").write_text(
        '[tool.clearance]\nignore = ["kassa:1030"]\n', encoding="utf-8"
    )
    server = start_server(tmp_path, "--ignore", "co3:22", isolated=False)
    request = from_file(REFUSED["kassa"])
    expected = request.report(dataclasses.replace(CONTEXT, ignore=frozenset({"kassa:1030"})))
    assert "1030" in [f.code for f in request.report().findings]
    assert "1030" not in [f.code for f in expected.findings]
    assert from_file(REFUSED["co3"]).send(via_urllib, server.origin).status == 200

    body = request.body or b""
    address = urlsplit(server.origin)
    with socket.create_connection((address.hostname, address.port), timeout=20) as sock:
        head = "".join(f"{k}: {v}\r\n" for k, v in request.headers)
        sock.sendall(
            f"POST /kassa/meinefirma/api/v1/articles HTTP/1.1\r\nHost: x\r\n{head}"
            f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body[:10]
        )
        time.sleep(0.3)  # the server is now reading the body
        server.process.send_signal(sig)
        time.sleep(0.3)
        sock.sendall(body[10:])
        answer = b""
        while not answer.endswith(expected.response()[2]):
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 400 ")
    assert answer.endswith(expected.response()[2])
    assert server.process.wait(20) == 0
    assert f"clearance serve: stopped ({sig.name})" in server.text()
    assert "Traceback" not in server.text()
    assert server.report is not None
    verdicts = [
        json.loads(line)["verdict"] for line in server.report.read_text("utf-8").splitlines()
    ]
    assert verdicts == ["accepted", "refused"]
