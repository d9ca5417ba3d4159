"""The plain-address shortcut of the e-mail check takes only what email-validator takes.

:func:`clearance.fields._plain_address` says "certainly an address" without calling
email-validator (a new address costs it ~20 µs). Any text it vouches for must be one
email-validator accepts with the options clearance passes; this is fuzzed here against
email-validator itself, on texts built to sit at every edge the shortcut draws: the
atext characters and their neighbours, dots, hyphens, ``--`` and Punycode labels, label
and address lengths, and characters outside ASCII.
"""

from __future__ import annotations

import random
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearance.fields import _email_refusal, _email_validator_refusal, _plain_address, email

#: RFC 5322 atext: what a dot-atom local part is made of.
_ATEXT = string.ascii_letters + string.digits + "!#$%&'*+/=?^_`{|}~-"
#: Characters next to the edges: separators, quotes, brackets, white space, look-alikes.
_EDGES = '.@"()<>[]\\,;: \t\n\x00\x7f' + "-." * 4 + "é\u00a0\u200b\uff0e\u3002ß\u0131K"
_HOST = string.ascii_letters + string.digits + "-"


def _label(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.1:
        return "xn--" + "".join(rng.choices(string.ascii_lowercase + string.digits, k=6))
    if kind < 0.2:
        return "".join(rng.choices(string.ascii_letters, k=2)) + "--" + "ab"
    if kind < 0.3:
        return "".join(rng.choices(_HOST, k=rng.choice([62, 63, 64])))
    text = "".join(rng.choices(_HOST, k=rng.randint(1, 12)))
    if rng.random() < 0.05:
        text += rng.choice(_EDGES)
    return text


def _candidate(rng: random.Random) -> str:
    """A text near a plain address: mostly plain, often broken at one edge."""
    local = ".".join(
        "".join(rng.choices(_ATEXT, k=rng.randint(1, 10))) for _ in range(rng.randint(1, 3))
    )
    domain = ".".join(_label(rng) for _ in range(rng.randint(1, 4)))
    if rng.random() < 0.05:  # long domains, near 253 characters
        domain = ".".join(["a" * 63] * 3 + ["b" * rng.randint(58, 64)])
    if rng.random() < 0.05:  # long addresses, near 254 characters
        local = "c" * rng.randint(1, max(1, 254 - len(domain)))
    address = f"{local}@{domain}"
    if rng.random() < 0.3:  # one character changed, inserted or dropped anywhere
        at = rng.randrange(len(address))
        edit = rng.choice(["set", "insert", "drop"])
        char = rng.choice(_EDGES + _ATEXT)
        if edit == "set":
            address = address[:at] + char + address[at + 1 :]
        elif edit == "insert":
            address = address[:at] + char + address[at:]
        else:
            address = address[:at] + address[at + 1 :]
    return address


def _accepted(value: str) -> bool:
    return _email_validator_refusal(value) is None


def test_fuzz_against_email_validator() -> None:
    """60,000 texts near the shortcut's edges: whatever it takes, email-validator takes."""
    rng = random.Random(22)  # noqa: S311 - a fuzz, reproducible
    vouched = 0
    for _ in range(60_000):
        value = _candidate(rng)
        if _plain_address(value):
            vouched += 1
            assert _accepted(value), value
    assert vouched > 20_000  # the fuzz reaches the shortcut often, not only its refusals


@settings(max_examples=3000, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.text(alphabet=_ATEXT + ".", min_size=1, max_size=70),
    st.text(alphabet=_HOST + ".", min_size=1, max_size=260),
)
def test_any_plain_text_around_an_at_sign(local: str, domain: str) -> None:
    value = f"{local}@{domain}"
    if _plain_address(value):
        assert _accepted(value), value


@pytest.mark.parametrize(
    "value",
    [
        "a@b",
        "kassa@localhost",  # special-use: refused by email-validator, taken by clearance
        "x@" + ".".join(["a" * 63] * 3 + ["b" * 59]),  # 253 characters
        "x@" + ".".join(["a" * 63] * 3 + ["b" * 60]),  # 254 characters
        "c" * 64 + "@" + "d" * 63 + ".at",
        "o'brien+tag/x=y?z^_`{|}~@example.com",
    ],
)
def test_plain_addresses_take_the_shortcut(value: str) -> None:
    assert _plain_address(value)
    assert _email_refusal(value) is None
    assert email()(value) == value


@pytest.mark.parametrize(
    "value",
    [
        "a@b..c",
        "a@-b.c",
        "a@b-.c",
        "a@xn--bcher-kva.ch",
        "a@XN--bcher-kva.ch",
        "a@ab--cd.at",
        ".a@b.at",
        "a.@b.at",
        "a..b@c.at",
        '"a b"@c.at',
        "a@[127.0.0.1]",
        "ä@b.at",
        "a@bü.at",
        "a@b.at\n",
        "x@" + ".".join(["a" * 63] * 3 + ["b" * 61]),  # 255 characters
        "a@" + "b" * 64 + ".at",  # a 64-character label
        "c" * 190 + "@" + "d" * 63 + ".at",  # 257 characters
        "a@b@c.at",
    ],
)
def test_everything_else_is_judged_in_full(value: str) -> None:
    assert not _plain_address(value)
