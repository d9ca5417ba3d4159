"""Coverage-guided fuzzing of the parsers and ``clearance.check`` with atheris.

Every input picks an endpoint of some API from its first bytes and sends the rest as
the raw body. Anything but a ``Report`` (an exception, a finding with a code outside its
catalog, a server body that cannot be rendered) is a crash for the fuzzer to keep.

Run on demand (atheris is not a dependency of clearance)::

    pip install atheris
    python fuzz/fuzz_check.py -max_total_time=300 fuzz/corpus

``tests/test_fuzz_entry.py`` runs :func:`one_input` on the hostile corpus without
atheris, so the entry point cannot rot.
"""

from __future__ import annotations

import sys

import clearance
from clearance.apis import APIS, get_api
from clearance.catalog import load_catalog

ENDPOINTS = [(api, endpoint) for api in APIS for endpoint in get_api(api).endpoints]


def one_input(data: bytes) -> None:
    """Check one fuzzed input; raise on anything a user could call a bug."""
    if not data:
        return
    api, endpoint = ENDPOINTS[data[0] % len(ENDPOINTS)]
    report = clearance.check(api, endpoint, data[1:])
    catalog = load_catalog(api)
    for finding in report.findings:
        if finding.rule.key not in catalog:
            raise AssertionError(f"{finding.code} is not in the {api} catalog")
    if not report.ok:
        status, _headers, body = report.response()
        if not 400 <= status < 600 or not body:  # noqa: PLR2004
            raise AssertionError(f"bad server response {status} {body!r}")


def main() -> None:
    """Hand :func:`one_input` to atheris (imported here: only fuzzing needs it)."""
    import atheris  # noqa: PLC0415

    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
