"""The stand-in's URLs (CONTRACT section 6), and the real URL each one stands for.

A request that would go to ``https://HOST/PATH`` of api ``A`` comes to
``http://127.0.0.1:PORT/A/PATH``; for the two APIs whose host names the account, the
account is the first segment:

>>> resolve("/kassa/meinefirma/api/v1/articles", "").url
'https://meinefirma.kassa.at/api/v1/articles'
>>> resolve("/invoicexpress/acme/invoices.json", "api_key=k").url
'https://acme.app.invoicexpress.com/invoices.json?api_key=k'
>>> resolve("/fortnox/3/customers", "").url
'https://api.fortnox.se/3/customers'
>>> resolve("/nope/x", "")
Traceback (most recent call last):
    ...
clearance.serve.urls.UnknownPathError: no api is named 'nope' ...

Nothing here reaches further than these hosts: an account must be a DNS label, so no
path can name another host (the proxy is never an open one).
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from clearance.apis import APIS
from clearance.errors import ClearanceError

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "ACCOUNT_APIS",
    "HOSTS",
    "Target",
    "UnknownPathError",
    "base_urls",
    "path_params",
    "resolve",
    "upstream_url",
]

#: The host of each api; ``{account}`` is the first path segment (CONTRACT section 6).
HOSTS: Mapping[str, str] = {
    "kassa": "{account}.kassa.at",
    "snelstart": "b2bapi.snelstart.nl",
    "fortnox": "api.fortnox.se",
    "invoicexpress": "{account}.app.invoicexpress.com",
    "co3": "co3app.com",
}
#: The APIs whose host names the account (company), taken from the first segment.
ACCOUNT_APIS = frozenset(api for api, host in HOSTS.items() if "{account}" in host)
#: A DNS label: what an account segment may be (no dots, no ``@``, no ``:``).
_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?")
_EXAMPLE_PATH = {
    "kassa": "/kassa/COMPANY/api/v1/...",
    "snelstart": "/snelstart/v2/...",
    "fortnox": "/fortnox/3/...",
    "invoicexpress": "/invoicexpress/ACCOUNT/...",
    "co3": "/co3/api/...",
}


class UnknownPathError(ClearanceError):
    """A local path that stands for no API's URL."""


@dataclasses.dataclass(frozen=True, slots=True)
class Target:
    """Where a request to the stand-in would really go.

    Attributes:
        api: the api named by the first segment.
        account: the company (kassa) or account (invoicexpress), else ``""``.
        path: the path on the real host, as sent (percent-encoding kept).
        query: the query string, as sent.
    """

    api: str
    account: str
    path: str
    query: str

    @property
    def host(self) -> str:
        """The real host."""
        return HOSTS[self.api].format(account=self.account)

    @property
    def url(self) -> str:
        """The real URL: what clearance checks, and where the proxy sends by default."""
        return f"https://{self.host}{self.path}" + (f"?{self.query}" if self.query else "")


def _help() -> str:
    return ", ".join(_EXAMPLE_PATH[api] for api in APIS)


def resolve(path: str, query: str) -> Target:
    """The real URL behind a local ``path`` (percent-encoded, as sent) and ``query``.

    Raises:
        UnknownPathError: the path names no api, or a kassa/invoicexpress path names no
            valid account.
    """
    api, _, rest = path.removeprefix("/").partition("/")
    if api not in HOSTS:
        raise UnknownPathError(f"no api is named {api!r} in this path; paths are: {_help()}")
    account = ""
    if api in ACCOUNT_APIS:
        account, _, rest = rest.partition("/")
        if not _LABEL.fullmatch(account):
            raise UnknownPathError(
                f"{api} paths name the account first ({_EXAMPLE_PATH[api]}); "
                f"{account!r} is not a host name label"
            )
    return Target(api, account, "/" + rest, query)


def upstream_url(target: Target, upstreams: Mapping[str, str]) -> str:
    """Where the proxy sends an accepted request: the real URL, or the ``--upstream`` one.

    An upstream may name the account with ``{account}``:

    >>> t = resolve("/kassa/meinefirma/api/v1/articles", "")
    >>> upstream_url(t, {"kassa": "http://127.0.0.1:9000/{account}"})
    'http://127.0.0.1:9000/meinefirma/api/v1/articles'
    """
    base = upstreams.get(target.api)
    if base is None:
        return target.url
    base = base.replace("{account}", target.account).rstrip("/")
    return base + target.path + (f"?{target.query}" if target.query else "")


def path_params(template: str, path: str) -> dict[str, str]:
    """The values of an endpoint template's ``{name}`` segments in ``path``.

    >>> path_params("/customers/{id}/invoices", "/customers/7/invoices")
    {'id': '7'}
    >>> path_params("/invoices/{id}.json", "/invoices/12.json")
    {'id': '12'}
    """
    parts = re.split(r"\{([^{}]+)\}", template)
    regex = "".join(
        f"(?P<_{n}>[^/]*)" if n % 2 else re.escape(part) for n, part in enumerate(parts)
    )
    found = re.fullmatch(regex + "/?", path)
    if found is None:
        return {}
    return {parts[int(key[1:])]: value for key, value in found.groupdict().items()}


def base_urls(origin: str) -> dict[str, str]:
    """The base URL to configure in a client, per api, for a stand-in at ``origin``.

    >>> base_urls("http://127.0.0.1:8765")["fortnox"]
    'http://127.0.0.1:8765/fortnox/3'
    """
    from clearance.apis import get_api  # noqa: PLC0415 - only for the listing

    urls = {}
    for api in APIS:
        account = "/COMPANY" if api == "kassa" else "/ACCOUNT" if api in ACCOUNT_APIS else ""
        urls[api] = f"{origin}/{api}{account}{get_api(api).base_path}"
    return urls
