"""Output formats of ``clearance check``, chosen by name (``--format``).

Each reporter writes one run's :class:`~clearance.linter.Outcome` to a text stream:

- ``text``: ``path:line:col: api CODE message`` (``api CODE [rule id] message`` where the
  code alone does not tell the rule: InvoiceXpress's ``422``), a ``note:`` line where
  the linter has one; on a terminal grouped by file and in color (unless ``NO_COLOR``
  is set), plain when piped;
- ``json``: one array, one object per finding (the keys CONTRACT section 4 pins, then
  ``rule``, the rule's id, ``severity``, and ``note`` where there is one);
- ``github``: GitHub Actions workflow commands (``::error file=...,line=...``);
- ``sarif``: a SARIF 2.1.0 log, for code scanning;
- ``server``: per file, the body the server would answer.

Warnings (what the server takes but changes, a value cut short) show in every format:
``warning:`` before the message in text, ``::warning`` in github, level ``warning`` in
SARIF, ``"severity": "warning"`` in JSON, and after the bodies, on standard error, in
``server`` (a warning is never part of the server's answer).
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

from clearance._version import __version__
from clearance.config import UNUSED_SUPPRESSION
from clearance.linter import Diagnostic, Outcome, dumps
from clearance.report import fact_for

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["REPORTER_BY_NAME", "Style"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_OWN_RULES = {
    UNUSED_SUPPRESSION: (
        "unused-suppression",
        "A suppression in [tool.clearance.suppress] matches no finding any more.",
    )
}


@dataclasses.dataclass(frozen=True, slots=True)
class Style:
    """How to write: ``color`` adds ANSI colors and groups the text output by file."""

    color: bool = False

    def paint(self, text: str, code: str) -> str:
        """``text`` in the SGR ``code`` when coloring."""
        return f"\x1b[{code}m{text}\x1b[0m" if self.color else text


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


def _skipped(outcome: Outcome) -> str:
    """``"; skipped 2 requests to hosts clearance does not know"`` for HAR files, or ``""``."""
    parts = [f"{_plural(count, 'request')} {reason}" for reason, count in outcome.skipped.items()]
    return f"; skipped {', '.join(parts)}" if parts else ""


def text(outcome: Outcome, out: TextIO, style: Style) -> None:
    """``path:line:col: api CODE message``, one line per finding, then a summary."""
    groups = [r for r in outcome.results if r.diagnostics]
    for n, result in enumerate(groups):
        if style.color and n:
            out.write("\n")
        out.writelines(_text_line(item, style) for item in result.diagnostics)
    count = sum(1 for r in groups for item in r.diagnostics if item.severity != "warning")
    warned = sum(1 for r in groups for item in r.diagnostics if item.severity == "warning")
    warnings = f" and {_plural(warned, 'warning')}" if warned else ""
    suppressed = f" ({outcome.suppressed} suppressed)" if outcome.suppressed else ""
    errors = f"; {_plural(len(outcome.problems), 'error')} (see above)" if outcome.problems else ""
    skipped = _skipped(outcome)
    if style.color and groups:
        out.write("\n")
    if count or warned:
        files = len({r.path for r in groups})  # a HAR file's requests count as one file
        found = _plural(count, "finding") + warnings if count else _plural(warned, "warning")
        summary = f"Found {found} in {_plural(files, 'file')}"
        out.write(style.paint(summary, "1") + suppressed + skipped + errors + ".\n")
    elif outcome.problems:
        out.write(
            f"No findings in {_plural(outcome.files, 'file')}{skipped}; "
            f"{_plural(len(outcome.problems), 'error')} (see above).\n"
        )
    else:
        passed = f"All checks passed ({_plural(outcome.files, 'file')}"
        passed += suppressed.replace(" (", ", ").removesuffix(")") + skipped
        out.write(style.paint(passed + ").", "32") + "\n")


def _text_line(item: Diagnostic, style: Style) -> str:
    """``path:line:col: api CODE [rule id] message``, and an indented note line if any."""
    label = item.label.split(" ", 2)
    rest = f" {style.paint(label[2], '2')}" if len(label) > 2 else ""  # noqa: PLR2004
    warning = item.severity == "warning"
    code = style.paint(label[1], "1;33" if warning else "1;31")
    mark = style.paint("warning: ", "33") if warning else ""
    line = (
        f"{style.paint(item.path, '1')}:{item.line}:{item.column}: "
        f"{style.paint(label[0], '36')} {code}{rest} {mark}{item.message}\n"
    )
    return line + (f"  note: {item.note}\n" if item.note else "")


def json_array(outcome: Outcome, out: TextIO, style: Style) -> None:
    """One JSON array, one object per finding (CONTRACT section 4)."""
    del style
    out.write(dumps([item.to_json() for item in outcome.diagnostics]) + "\n")


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(outcome: Outcome, out: TextIO, style: Style) -> None:
    """GitHub Actions workflow commands: an error annotation per finding and per problem."""
    del style
    for item in outcome.diagnostics:
        props = (
            f"file={_escape_property(item.path)},line={item.line},col={item.column},"
            f"title={_escape_property(item.label)}"
        )
        message = item.message + (f"\n{item.note}" if item.note else "")
        out.write(f"::{item.severity} {props}::{_escape_data(message)}\n")
    out.writelines(
        f"::error file={_escape_property(problem.path)},title=clearance::"
        f"{_escape_data(problem.message)}\n"
        for problem in outcome.problems
    )


def _uri(path: str) -> str:
    location = Path(path)
    if location.is_absolute():
        return location.as_uri()
    return quote(location.as_posix())


def _descriptor(item: Diagnostic) -> dict[str, Any]:
    rule = item.rule
    if rule is None:
        name, text = _OWN_RULES.get(item.code, (item.code, item.message))
        return {
            "id": item.code,
            "name": name,
            "shortDescription": {"text": text},
            "defaultConfiguration": {"level": "error"},
            "properties": {"api": "clearance", "code": item.code},
        }
    from clearance.catalog import load_catalog  # noqa: PLC0415

    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.message},
    }
    if rule.note:
        descriptor["fullDescription"] = {"text": rule.note}
    fact = fact_for(rule.id)
    if fact is not None:  # a rule that reads an account fact: how to change its reading
        descriptor["help"] = {"text": fact.help}
    source = rule.source or load_catalog(rule.api).source
    if source.startswith(("https://", "http://")):
        descriptor["helpUri"] = source
    descriptor["defaultConfiguration"] = {"level": rule.severity}
    descriptor["properties"] = {
        "api": rule.api,
        "code": rule.code,
        "status": rule.status,
        "scope": rule.scope,
        "basis": rule.basis,
    }
    return descriptor


def sarif_log(outcome: Outcome) -> dict[str, Any]:
    """The run as a SARIF 2.1.0 log (one run, one result per finding)."""
    index: dict[str, int] = {}
    rules: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    for item in outcome.diagnostics:
        rule_id = item.rule.id if item.rule else item.code
        if rule_id not in index:
            index[rule_id] = len(rules)
            rules.append(_descriptor(item))
        properties = {
            "api": item.api,
            "endpoint": item.endpoint,
            "code": item.code,
            "status": item.status,
            "pointer": item.pointer,
            "note": item.note,
        }
        results.append(
            {
                "ruleId": rule_id,
                "ruleIndex": index[rule_id],
                "level": item.severity,
                "message": {"text": item.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": _uri(item.path)},
                            "region": {"startLine": item.line, "startColumn": item.column},
                        }
                    }
                ],
                "properties": {k: v for k, v in properties.items() if v is not None},
            }
        )
    notifications = [
        {
            "level": "error",
            "message": {"text": problem.message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(problem.path)}}}],
        }
        for problem in outcome.problems
    ]
    invocation: dict[str, Any] = {"executionSuccessful": not outcome.problems}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    driver = {"name": "clearance", "version": __version__, "rules": rules}
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def sarif(outcome: Outcome, out: TextIO, style: Style) -> None:
    """A SARIF 2.1.0 log."""
    del style
    out.write(dumps(sarif_log(outcome)) + "\n")


def server(outcome: Outcome, out: TextIO, style: Style) -> None:
    """The body the server would answer, per file with findings.

    With more than one such file, each body follows a ``==> path (HTTP status) <==``
    line. The linter's own findings (unused suppressions) have no server body: they go
    to standard error as text lines.
    """
    del style
    failing = [r for r in outcome.results if r.report is not None and not r.report.ok]
    for result in failing:
        assert result.report is not None  # noqa: S101 - narrowed above
        status, _headers, body = result.report.response()
        if len(failing) > 1:
            entry = "" if result.entry is None else f" entry {result.entry}"
            out.write(f"==> {result.path}{entry} (HTTP {status}) <==\n")
        out.write(body.decode("utf-8", errors="replace") + "\n")
    for result in outcome.results:
        for item in result.diagnostics:
            if result.report is None or item.severity == "warning":
                mark = "warning: " if item.severity == "warning" else ""
                sys.stderr.write(
                    f"{item.path}:{item.line}:{item.column}: {item.api} {item.code} "
                    f"{mark}{item.message}\n"
                )


REPORTER_BY_NAME: dict[str, Callable[[Outcome, TextIO, Style], None]] = {
    "github": github,
    "json": json_array,
    "sarif": sarif,
    "server": server,
    "text": text,
}
