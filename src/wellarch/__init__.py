"""wellarch: offline AWS Well-Architected reviews, IaC evidence and interview practice."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("wellarch")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
