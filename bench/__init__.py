"""claimdb benchmarks: synthetic data at size, and ratios against raw sqlite3.

Run ``python -m bench [--size quick|full]``; see bench/__main__.py.
"""
