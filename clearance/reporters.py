"""Output formats of ``clearance check``, chosen by name (``--format``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from clearance.linter import FileResult, dumps, to_json_object

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

__all__ = ["REPORTER_BY_NAME"]


def text(results: Sequence[FileResult], out: TextIO) -> None:
    """``path:line:col: api CODE message``, one line per finding, then a summary."""
    count = 0
    for result in results:
        for item in result.located:
            finding = item.finding
            out.write(
                f"{result.path}:{item.line}:{item.column}: {result.api} {finding.code} "
                f"{finding.message}\n"
            )
            count += 1
    files = sum(1 for r in results if r.located)
    if count:
        out.write(
            f"Found {count} finding{'s' * (count != 1)} in {files} file{'s' * (files != 1)}.\n"
        )
    else:
        out.write(f"All checks passed ({len(results)} file{'s' * (len(results) != 1)}).\n")


def json_array(results: Sequence[FileResult], out: TextIO) -> None:
    """One JSON array, one object per finding (CONTRACT section 4)."""
    out.write(dumps([to_json_object(r, item) for r in results for item in r.located]) + "\n")


def server(results: Sequence[FileResult], out: TextIO) -> None:
    """The body the server would answer, per file with findings."""
    failing = [r for r in results if not r.report.ok]
    for result in failing:
        status, _headers, body = result.report.response()
        if len(failing) > 1:
            out.write(f"==> {result.path} (HTTP {status}) <==\n")
        out.write(body.decode("utf-8", errors="replace") + "\n")


REPORTER_BY_NAME: dict[str, Callable[[Sequence[FileResult], TextIO], None]] = {
    "json": json_array,
    "server": server,
    "text": text,
}
