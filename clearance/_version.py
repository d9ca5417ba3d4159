"""The version of clearance (one place: the package, the wheel and the CLI read it)."""

__version__ = "0.1.0"
