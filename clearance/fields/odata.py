"""OData v3 system query options (``$filter``, ``$top``, ``$skip``), judged by their syntax.

The ``$filter`` check knows the grammar's structure, not the entity's properties: it
refuses an expression only when no OData parser could read it (an unclosed string or
parenthesis, an operand where an operator belongs, an operator without operands, a
keyword written in the wrong case). Property names, function names and literal forms
are not judged, so a filter the server reads never fails here.

More information:

* https://www.odata.org/documentation/odata-version-3-0/url-conventions/

>>> filter_syntax()("Relatiesoort/any(r:r eq 'Eigen') and substringof('Test', Naam) eq true")
"Relatiesoort/any(r:r eq 'Eigen') and substringof('Test', Naam) eq true"
>>> filter_syntax()("Email Eq 'bart@snelstart.nl'")
Traceback (most recent call last):
...
clearance.fields.Invalid: 'Eq' at position 7: an operator was expected
>>> count()("500"), count()(" 0")
(500, 0)
"""

from __future__ import annotations

import re
from typing import Any

from clearance.fields import Check, Invalid

__all__ = ["BINARY_OPERATORS", "count", "filter_syntax", "filter_tokens"]

#: Binary operators of the OData v3 ``$filter`` grammar (case-sensitive, lower case).
BINARY_OPERATORS = frozenset(
    {"and", "or", "eq", "ne", "gt", "ge", "lt", "le", "has", "add", "sub", "mul", "div", "mod"}
)
_UNARY = frozenset({"not", "-"})
_PUNCTUATION = "(),/:"
_WORD = re.compile(r"[^\s'(),/:]+")
_COUNT = re.compile(r"\s*\d{1,400}\s*")
#: A filter longer than this is not parsed (none the server takes is anywhere near).
MAX_FILTER = 20_000
#: Filters nested deeper than this are not judged.
MAX_DEPTH = 64


class _Token:
    __slots__ = ("kind", "position", "text")

    def __init__(self, kind: str, text: str, position: int) -> None:
        self.kind = kind  # "word", "string", or the punctuation character itself
        self.text = text
        self.position = position


def filter_tokens(text: str) -> list[_Token]:
    """Split a filter into words, string literals (``'O''Brien'``, ``guid'...'``), punctuation."""
    tokens: list[_Token] = []
    i, end = 0, len(text)
    while i < end:
        char = text[i]
        if char.isspace():
            i += 1
        elif char in _PUNCTUATION:
            tokens.append(_Token(char, char, i))
            i += 1
        else:
            start = i
            if char != "'":
                word = _WORD.match(text, i)
                i = word.end() if word else i + 1
            if i < end and text[i] == "'":  # a string, or a typed literal: datetime'...'
                i += 1
                while True:
                    close = text.find("'", i)
                    if close < 0:
                        raise Invalid(f"unterminated string literal at position {start + 1}")
                    if text.startswith("''", close):
                        i = close + 2
                        continue
                    i = close + 1
                    break
                tokens.append(_Token("string", text[start:i], start))
            else:
                tokens.append(_Token("word", text[start:i], start))
    return tokens


class _Parser:
    """Recursive descent over the tokens; depth is bounded by the parenthesis count."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.i = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def fail(self, expected: str) -> Invalid:
        token = self.peek()
        if token is None:
            return Invalid(f"the filter ends where {expected} was expected")
        return Invalid(f"{token.text!r} at position {token.position + 1}: {expected} was expected")

    def expect(self, kind: str) -> None:
        token = self.peek()
        if token is None or token.kind != kind:
            raise self.fail(f"'{kind}'")
        self.i += 1

    def expression(self) -> None:
        self.unary()
        while True:
            token = self.peek()
            if token is None or token.kind in {")", ","}:
                return
            if token.kind != "word" or token.text not in BINARY_OPERATORS:
                raise self.fail("an operator")
            self.i += 1
            self.unary()

    def unary(self) -> None:
        while (token := self.peek()) is not None and token.kind == "word" and token.text in _UNARY:
            self.i += 1
        self.primary()

    def primary(self) -> None:
        token = self.peek()
        if token is not None and token.kind == "(":
            self.i += 1
            self.expression()
            self.expect(")")
            return
        self.atom()
        while (token := self.peek()) is not None and token.kind == "/":
            self.i += 1
            self.atom()

    def atom(self) -> None:
        token = self.peek()
        if token is None or token.kind not in {"word", "string"} or token.text in BINARY_OPERATORS:
            raise self.fail("an operand")
        self.i += 1
        after = self.peek()
        if token.kind == "word" and after is not None and after.kind == "(":
            self.i += 1
            self.arguments()

    def arguments(self) -> None:
        token = self.peek()
        if token is not None and token.kind == ")":
            self.i += 1
            return
        while True:
            following = self.tokens[self.i + 1] if self.i + 1 < len(self.tokens) else None
            token = self.peek()
            if (
                token is not None
                and token.kind == "word"
                and following is not None
                and following.kind == ":"
            ):
                self.i += 2  # a lambda variable: any(r: ...)
            self.expression()
            token = self.peek()
            if token is not None and token.kind == ",":
                self.i += 1
                continue
            self.expect(")")
            return


def filter_syntax() -> Check:
    """An OData v3 ``$filter`` expression whose structure a parser can read."""

    def check(value: Any) -> Any:
        if not isinstance(value, str):
            raise Invalid("not text")
        if not value.strip() or len(value) > MAX_FILTER:
            return value
        tokens = filter_tokens(value)
        depth = deepest = 0
        for token in tokens:
            depth += {"(": 1, ")": -1}.get(token.kind, 0)
            deepest = max(deepest, depth)
            if depth < 0:
                raise Invalid(f"')' at position {token.position + 1} closes nothing")
        if depth:
            raise Invalid("a parenthesis is not closed")
        if deepest > MAX_DEPTH:
            return value  # deeper than any real filter: not judged (and no deep recursion)
        parser = _Parser(tokens)
        parser.expression()
        if parser.peek() is not None:
            raise parser.fail("the end of the filter")
        return value

    return Check("odata_filter", check, {"type": "string"})


def count() -> Check:
    """A ``$top``/``$skip`` count: a non-negative whole number (spaces around it pass)."""

    def check(value: Any) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        if isinstance(value, str) and _COUNT.fullmatch(value):
            return int(value)
        raise Invalid("not a non-negative whole number")

    return Check("odata_count", check, {"type": "string", "pattern": r"^\s*[0-9]+\s*$"})
