"""Benchmark: a generated handbook of N chapters, built by handbook and by bare platypus.

`python -m bench.run` (or `make bench`) prints the table and writes build/bench.json.
"""
