"""helpsite: parse, check and publish multilingual, machine-translated help-centre articles."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("helpsite")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"
