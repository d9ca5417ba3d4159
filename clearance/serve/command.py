"""``clearance serve``: its options, and running the app under uvicorn.

Importing this module costs nothing (the command line builds its parser from it); the
server's own modules load when the command runs.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from clearance.arguments import add_selection_arguments

if TYPE_CHECKING:
    import argparse
    import socket
    from types import FrameType

    from clearance.serve.server import Settings

__all__ = ["DEFAULT_PORT", "add_arguments", "run"]

#: The port ``clearance serve`` listens on unless told otherwise.
DEFAULT_PORT = 8765
_EXIT_OK, _EXIT_ERROR = 0, 2


class _Stopped(Exception):  # noqa: N818 - a signal, not an error
    """SIGTERM or SIGINT arrived; the server has shut down."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``clearance serve``."""
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT,
        help=f"port to listen on ({DEFAULT_PORT}; 0 picks a free one, printed at start)",
    )  # fmt: skip
    parser.add_argument(
        "--mode", choices=("mock", "proxy"), default="mock",
        help="what accepted requests get: the documented success (mock), or the API (proxy)",
    )  # fmt: skip
    parser.add_argument(
        "--upstream", action="append", default=[], metavar="API=URL",
        help="proxy mode: send API's requests to URL instead of its host "
        "({account} stands for the account); repeatable",
    )  # fmt: skip
    parser.add_argument("--report", metavar="FILE", help="write one JSON line per request")
    add_selection_arguments(parser, selected="only these rules refuse")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--config", metavar="PYPROJECT", help="use this file's [tool.clearance]")
    where.add_argument(
        "--isolated", action="store_true", help="ignore every pyproject.toml configuration"
    )
    parser.add_argument(
        "--max-body-bytes", type=int, metavar="N",
        help="refuse larger bodies with the API's 413, unread (default 32 MiB)",
    )  # fmt: skip
    parser.add_argument(
        "--timeout", type=float, default=60.0, metavar="SECONDS",
        help="proxy mode: how long to wait for the upstream (60)",
    )  # fmt: skip
    parser.add_argument(
        "--read-timeout", type=float, default=30.0, metavar="SECONDS",
        help="how long a client may take to send its body (30); then 408",
    )  # fmt: skip
    parser.add_argument("--quiet", action="store_true", help="no log line per request")


def _fail(message: str) -> int:
    sys.stderr.write(f"clearance: {message}\n")
    return _EXIT_ERROR


def _upstreams(values: list[str]) -> dict[str, str]:
    from urllib.parse import urlsplit  # noqa: PLC0415

    from clearance.apis import APIS  # noqa: PLC0415

    found: dict[str, str] = {}
    for value in values:
        api, sep, url = value.partition("=")
        if not sep or api not in APIS:
            known = ", ".join(APIS)
            raise ValueError(f"--upstream {value!r}: expected API=URL, API one of {known}")
        parts = urlsplit(url.replace("{account}", "account"))
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ValueError(
                f"--upstream {value!r}: the URL must be http:// or https:// with a host"
            )
        found[api] = url
    return found


def settings(args: argparse.Namespace) -> Settings:
    """The server's settings from the options and ``[tool.clearance]``.

    Raises:
        ClearanceError: a selector or the configuration cannot be used.
        ValueError: an ``--upstream`` cannot be used.
    """
    from clearance.config import Resolver, parse_selectors, validate_selectors  # noqa: PLC0415
    from clearance.serve.server import Settings  # noqa: PLC0415

    select, ignore = parse_selectors(args.select), parse_selectors(args.ignore)
    validate_selectors(sorted(select), "--select")
    validate_selectors(sorted(ignore), "--ignore")
    resolver = Resolver(args.config, isolated=args.isolated)
    config = resolver.for_file(os.path.join(os.getcwd(), "pyproject.toml"))  # noqa: PTH109, PTH118
    options: dict[str, object] = {}
    if args.max_body_bytes is not None:
        if args.max_body_bytes < 0:
            raise ValueError(f"--max-body-bytes {args.max_body_bytes}: expected 0 or more")
        options["max_body_bytes"] = args.max_body_bytes
    return Settings(
        mode=args.mode,
        upstreams=_upstreams(args.upstream),
        ignore=config.ignore | ignore,
        select=select or config.select,
        today=args.today or config.today,
        timeout=args.timeout,
        read_timeout=args.read_timeout,
        report=args.report,
        **options,  # type: ignore[arg-type]
    )


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port`` (IPv4 or IPv6)."""
    import socket  # noqa: PLC0415

    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def _loopback(host: str) -> bool:
    import ipaddress  # noqa: PLC0415

    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _stop(signum: int, frame: FrameType | None) -> None:
    import signal  # noqa: PLC0415

    del frame
    raise _Stopped(signal.Signals(signum).name)


def run(args: argparse.Namespace) -> int:
    """Run ``clearance serve`` until SIGTERM or SIGINT; the exit status."""
    import logging  # noqa: PLC0415
    import signal  # noqa: PLC0415

    from clearance.errors import ClearanceError  # noqa: PLC0415

    try:
        import uvicorn  # noqa: PLC0415

        from clearance.serve.server import create_app, warm  # noqa: PLC0415
    except ImportError:
        return _fail("clearance serve needs Starlette and uvicorn: pip install 'clearance[serve]'")
    try:
        chosen = settings(args)
    except (ClearanceError, ValueError, OSError) as exc:
        return _fail(str(exc))
    try:
        sock = _listen(args.host, args.port)
    except OSError as exc:
        return _fail(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}")
    try:
        app = create_app(chosen)
    except OSError as exc:
        sock.close()
        return _fail(f"--report {args.report}: {exc.strerror or exc}")
    warm()
    log = logging.getLogger("clearance.serve")
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
    log.setLevel(logging.WARNING if args.quiet else logging.INFO)
    log.propagate = False
    host, port = sock.getsockname()[:2]
    origin = f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
    sys.stderr.write(
        f"clearance serve: {chosen.mode} mode on {origin} (GET {origin}/ lists the base URLs)\n"
    )
    if not _loopback(args.host):
        sys.stderr.write(
            f"clearance serve: warning: listening on {args.host}, not loopback: other machines "
            "can reach it\n"
        )
    sys.stderr.flush()
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        server_header=False,  # a refused request's headers are the report's, nothing added
        date_header=False,
        proxy_headers=False,
        lifespan="on",
        timeout_graceful_shutdown=10,
    )
    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except (_Stopped, KeyboardInterrupt) as exc:
        sys.stderr.write(f"clearance serve: stopped ({exc or 'SIGINT'})\n")
    finally:
        for sig, restored in previous.items():
            signal.signal(sig, restored)
        sock.close()
    return _EXIT_OK
