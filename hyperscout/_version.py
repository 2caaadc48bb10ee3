"""The version of hyperscout, in one place (pyproject.toml, the package and the storage read it)."""

__version__ = "0.1.0"
