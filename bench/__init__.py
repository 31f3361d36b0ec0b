"""The diffusion scale benchmark: ``make bench`` (``python -m bench.run``).

See bench/run.py for what it measures and docs/performance.md for the last figures.
"""
