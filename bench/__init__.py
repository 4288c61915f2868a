"""Benchmarks of the atlas: ``python -m bench`` (``make bench``), results in bench/results/."""
