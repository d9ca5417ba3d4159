"""Renderers of the servers' own error responses, one module per API."""
