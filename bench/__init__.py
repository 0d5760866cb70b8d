"""Benchmark scripts (not tests): ``make bench`` runs ``bench/run.py``. See bench/README.md."""
