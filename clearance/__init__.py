"""clearance: check an API request on your machine, and get the server's own answer.

>>> import clearance
>>> report = clearance.check("kassa", "POST /articles", {
...     "line_item_name": "Tee", "gross_amount_per_item": 3.5,
...     "sales_tax_percentage": 7, "default_quantity": 1})
>>> report.ok
False
>>> finding = report.findings[0]
>>> finding.code, finding.status, finding.pointer
('1030', 400, '/sales_tax_percentage')
>>> finding.message
"Parameter 'sales_tax_percentage' must be '0', '10', '13', '20' or '5'!"
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from clearance.errors import (
    AccountError,
    CatalogError,
    ClearanceError,
    NoFindingsError,
    UnknownApiError,
    UnknownEndpointError,
    UnknownSelectorError,
    UnknownSelectorWarning,
)

if TYPE_CHECKING:
    from clearance.engine import check, check_request
    from clearance.report import Account, Context, Finding, Report

from clearance._version import __version__

__all__ = [
    "Account",
    "AccountError",
    "CatalogError",
    "ClearanceError",
    "Context",
    "Finding",
    "NoFindingsError",
    "Report",
    "UnknownApiError",
    "UnknownEndpointError",
    "UnknownSelectorError",
    "UnknownSelectorWarning",
    "__version__",
    "check",
    "check_request",
]

# Imported on first use, so that ``import clearance`` (and ``clearance --version``)
# does not pay for pydantic.
_LAZY = {
    "check": "clearance.engine",
    "check_request": "clearance.engine",
    "Account": "clearance.report",
    "Context": "clearance.report",
    "Finding": "clearance.report",
    "Report": "clearance.report",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'clearance' has no attribute {name!r}")
    import importlib  # noqa: PLC0415

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
