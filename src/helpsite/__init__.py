"""helpsite: parse, check and publish multilingual, machine-translated help-centre articles."""

__version__ = "0.1.0"  # the package's version (pyproject.toml reads it from here)
