"""mapper: turn conflict reports into a time-sliced map of control and incidents.

The pipeline runs one way: articles -> entries -> mentions -> events and control
changes -> control timeline -> map layers -> HTML.  The public API mirrors the CLI.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("aleppo-mapper")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0"

__all__ = ["__version__"]
