"""Fuzzing entry points (run on demand, see fuzz_check.py)."""
