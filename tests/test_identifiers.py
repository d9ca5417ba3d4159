"""Standard numbers are judged by structure, never by a registry of issued codes."""

from __future__ import annotations

import random
import re
import string
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import iban as stdnum_iban
from stdnum import luhn
from stdnum.it import iva as stdnum_iva

from clearance.fields import Invalid
from clearance.fields.identifiers import _iban, _iban_formats, _plain_iban, _verdict, iban, verdict

if TYPE_CHECKING:
    from collections.abc import Iterator

#: Numbers of every kind clearance hands to python-stdnum, valid and not, from each
#: country whose stdnum module does more than the generic check.
CORPUS: dict[str, tuple[str, ...]] = {
    "iban": (
        "BE68539007547034",  # bank code 539: missing from stdnum's NBB list, valid IBAN
        "BE83138811735115",  # stdnum's own "unknown bank code" example: valid structure
        "BE41091811735141",  # wrong national check digits
        "ES7921000813610123456789",
        "ES7921000813600123456789",
        "NO9386011117947",
        "ME25505000012345678951",
        "NL91ABNA0417164300",
        "DE89370400440532013000",
        "XX12345",
    ),
    "eu.vat": (
        "IT12345671015",  # office code 101: outside stdnum's list, valid structure
        "IT00743110157",
        "RO1630615993454",  # county 99: outside stdnum's list
        "RO1630615123457",
        "RO18547290",
        "BE0411905847",
        "NL004495445B01",
        "ATU13585627",
        "CY10259033P",
        "XI980780684",
    ),
    "bic": ("ABNANL2A", "AGRIFRPP882", "ZZZZQQ2A"),
    "hu.anum": ("12892312", "12892313"),
    "pt.nif": ("501964843", "501964842"),
}


@pytest.fixture
def no_registry(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """python-stdnum's data look-ups fail, and say who asked; verdicts are not cached."""
    from stdnum import numdb  # noqa: PLC0415

    for module in ("iban", "eu.vat"):  # structural data (the IBAN registry) loads at import
        verdict(module, "NL91ABNA0417164300")
    asked: list[str] = []

    def refuse(name: str) -> Any:
        asked.append(name)
        message = f"registry look-up: {name}"
        raise AssertionError(message)

    monkeypatch.setattr(numdb, "get", refuse)
    _verdict.cache_clear()
    yield asked
    _verdict.cache_clear()


@pytest.mark.parametrize(("module", "number"), [(m, n) for m, ns in CORPUS.items() for n in ns])
def test_no_registry_is_consulted(no_registry: list[str], module: str, number: str) -> None:
    verdict(module, number)
    assert no_registry == []


@pytest.mark.parametrize(
    ("module", "number"),
    [
        ("iban", "BE68539007547034"),
        ("iban", "BE83138811735115"),
        ("eu.vat", "IT12345671015"),
        ("eu.vat", "RO1630615993454"),
    ],
)
def test_numbers_missing_from_a_registry_pass(module: str, number: str) -> None:
    assert verdict(module, number) is None


@pytest.mark.parametrize(
    ("module", "number"),
    [
        ("iban", "BE41091811735141"),  # Belgian check digits
        ("iban", "ES7921000813600123456789"),  # the CCC's check digits
        ("iban", "ME25505000012345678952"),  # mod 97 of the IBAN itself
        ("iban", "NL91ABNA0417164301"),
        ("eu.vat", "IT12345671016"),  # Luhn
        ("eu.vat", "IT00000000000"),
        ("eu.vat", "RO1630615993455"),  # the CNP's check digit
        ("eu.vat", "RO1631315993454"),  # month 13
    ],
)
def test_structure_is_still_judged(module: str, number: str) -> None:
    assert verdict(module, number) is not None


def test_belgian_iban_of_an_unlisted_bank_passes_the_field_check() -> None:
    assert iban()("BE68 5390 0754 7034") == "BE68 5390 0754 7034"
    with pytest.raises(Invalid):
        iban()("BE68 5390 0754 7035")


def _with_check_digits(country: str, bban: str) -> str:
    return country + stdnum_iban.calc_check_digits(country + "00" + bban) + bban


@settings(max_examples=200, deadline=None)
@given(
    country=st.sampled_from(["BE", "ES", "ME", "NO", "NL", "DE", "FR", "IT"]),
    digits=st.text("0123456789", min_size=30, max_size=30),
)
def test_never_stricter_than_stdnum_on_ibans(country: str, digits: str) -> None:
    lengths = {"BE": 12, "ES": 20, "ME": 18, "NO": 11, "NL": 14, "DE": 18, "FR": 23, "IT": 23}
    bban = digits[: lengths[country]]
    if country == "NL":
        bban = "ABNA" + bban[4:]
    if country == "IT":
        bban = "X" + bban[1:]
    number = _with_check_digits(country, bban)
    if stdnum_iban.is_valid(number):
        assert verdict("iban", number) is None, number
    found = verdict("iban", number)
    if found is not None:  # refused: stdnum refuses it too, so not for a registry alone
        assert not stdnum_iban.is_valid(number)


@settings(max_examples=200, deadline=None)
@given(digits=st.text("0123456789", min_size=10, max_size=10))
def test_italian_vat_numbers_by_structure(digits: str) -> None:
    number = digits + luhn.calc_check_digit(digits)
    ours = verdict("eu.vat", "IT" + number)
    if stdnum_iva.is_valid(number):
        assert ours is None
    assert (ours is None) == (int(number[:7]) != 0)


def _fill(fmt: str, rng: random.Random) -> str:
    """A BBAN of the registry format ``fmt`` (``4!a6!n``), drawn at random."""
    alphabets = {
        "n": string.digits,
        "a": string.ascii_uppercase,
        "c": string.ascii_letters + string.digits,
    }
    return "".join(
        "".join(rng.choices(alphabets[kind], k=int(count)))
        for count, kind in re.findall(r"([1-9][0-9]*)!([nac])", fmt)
    )


def test_the_iban_shortcut_reads_stdnums_own_registry() -> None:
    """The table is stdnum's: every country's format as stdnum looks it up."""
    formats = _iban_formats()
    assert len(formats) > 80
    for country in formats:
        assert stdnum_iban._ibandb.info(country + "00")[0][1].get("bban")  # noqa: SLF001


def test_the_iban_shortcut_takes_only_what_the_check_takes() -> None:
    """IBANs of every country in stdnum's registry, valid and broken at each edge."""
    rng = random.Random(22)  # noqa: S311 - a fuzz, reproducible
    registry = {cc: props["bban"] for cc, props in _registry()}
    vouched = 0
    for _ in range(20_000):
        country = rng.choice(sorted(registry))
        number = _with_check_digits(country, _fill(registry[country], rng))
        edit = rng.random()
        if edit < 0.15:  # a character changed
            at = rng.randrange(len(number))
            number = (
                number[:at] + rng.choice(string.ascii_letters + string.digits) + number[at + 1 :]
            )
        elif edit < 0.25:  # one more or one fewer
            number = number + rng.choice(string.digits) if rng.random() < 0.5 else number[:-1]
        elif edit < 0.35:  # lower case, spaces in groups of four
            number = " ".join(number[i : i + 4] for i in range(0, len(number), 4)).lower()
        elif edit < 0.4:  # another country's code
            number = rng.choice(sorted(registry)) + number[2:]
        if _plain_iban(number):
            vouched += 1
            _iban(number)  # python-stdnum's verdict, national check digits as clearance adds them
            assert iban()(number) == number
    assert vouched > 10_000


def _registry() -> list[tuple[str, dict[str, str]]]:
    return [
        (cc, stdnum_iban._ibandb.info(cc + "00")[0][1])  # noqa: SLF001
        for cc in _iban_formats()
    ]


@pytest.mark.parametrize(
    "number",
    ["BE68539007547034", "ES7921000813610123456789", "NO9386011117947", "ME25505000012345678951"],
)
def test_countries_with_national_check_digits_are_judged_in_full(number: str) -> None:
    assert not _plain_iban(number)
    assert verdict("iban", number) is None  # and they are valid
