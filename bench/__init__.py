"""The speed benchmark (`python -m bench.run`) and the tools beside it.

Kept empty: `bench.run` measures child processes from a small parent, so
importing the package must not load the plugin or flake8.
"""
