"""The registry: which APIs clearance knows, and each one's :class:`~clearance.api.Api`.

An API's module, ``clearance.validators.<id>``, is imported the first time the API is
used, so a check of one API never builds the models of the others and
``clearance --version`` builds none. Each id also names ``clearance/rules/<id>.toml``
and ``clearance.envelopes.<id>``.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import TYPE_CHECKING

from clearance.catalog import APIS
from clearance.errors import UnknownApiError

if TYPE_CHECKING:
    from clearance.api import Api

__all__ = ["APIS", "get_api"]


@cache
def _load(name: str) -> Api:
    module = importlib.import_module(f"clearance.validators.{name}")
    api: Api = module.API
    return api


def get_api(name: object) -> Api:
    """The :class:`~clearance.api.Api` of ``name``, imported on first use.

    Raises:
        UnknownApiError: ``name`` is not an api clearance knows.
    """
    if not isinstance(name, str) or name not in APIS:
        raise UnknownApiError(name, APIS)
    return _load(name)
