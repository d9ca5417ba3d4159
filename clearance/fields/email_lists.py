"""E-mail address fields that may name several recipients.

A "to", "cc" or "bcc" field of a mail-sending API is often a single string with one or
more addresses separated by commas or semicolons. Each address is judged by
:func:`clearance.fields.email` (syntax only, never DNS). An empty field names nobody and
passes; so do empty items between separators.

>>> email_list()("a@example.com, b@example.org")
'a@example.com, b@example.org'
>>> email_list()("")
''
>>> email_list()("a@example.com; not-an-address")
Traceback (most recent call last):
...
clearance.fields.Invalid: An email address must have an @-sign.
"""

from __future__ import annotations

import re
from typing import Any

from clearance.fields import Check, Inline, Invalid, Kind, Traits, email

__all__ = ["email_list"]


def email_list(separators: str = ",;") -> Check:
    """One or more e-mail addresses separated by any of ``separators``."""
    splitter = re.compile("[" + re.escape(separators) + "]")
    single = email()

    def check(value: Any) -> Any:
        if not isinstance(value, str):
            raise Invalid("not a string")
        for part in splitter.split(value):
            address = part.strip()
            if address:
                single.fn(address)
        return value

    inline = None
    if single.inline is not None:
        # One address, no separator and no white space around it: the check judges
        # exactly that string as ``single`` does.
        inline = Inline(
            "type({v}) is str and {splitter}.search({v}) is None and {v}.strip() == {v}"
            f" and ({single.inline.test})",
            {**single.inline.env, "splitter": splitter},
            same=True,
        )
    return Check(
        "email_list",
        check,
        {"type": "string"},
        Traits(Kind.EMAIL, separators=separators),
        inline=inline,
    )
