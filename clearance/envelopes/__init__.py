"""Renderers of the servers' own error responses, one module per API.

Where a rendered finding is one of clearance's own rules whose server code is not
documented (:attr:`~clearance.catalog.Rule.undocumented`), the body keeps the vendor's
shape with clearance's code or text in it, and the response says so in one header,
:data:`UNDOCUMENTED_HEADER`, listing those rules' ids.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from clearance.report import Finding

__all__ = ["UNDOCUMENTED_HEADER", "undocumented"]

#: The response header that names the rendered rules whose server code is not documented.
UNDOCUMENTED_HEADER = "Clearance-Undocumented"


def undocumented(rendered: Iterable[Finding]) -> dict[str, str]:
    """The :data:`UNDOCUMENTED_HEADER` for the findings a body carries (empty: none of ours).

    The value lists rule ids, comma-separated, in the order the body carries them.
    """
    ids = dict.fromkeys(f.rule.id for f in rendered if f.rule.undocumented)
    return {UNDOCUMENTED_HEADER: ", ".join(ids)} if ids else {}
