"""A Jupyter kernel for Grad: a thin wrapper around `grad --jupyter` (see ../README.md)."""

__version__ = "0.1.0"
