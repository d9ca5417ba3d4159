"""Pydantic models of every request, one module per API, each with its ``API`` object.

A module is imported only when its API is first used, so ``clearance --version`` and a
check of one API never build the others' models.
"""

from clearance.apis import APIS

__all__ = ["APIS"]
