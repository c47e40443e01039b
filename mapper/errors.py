"""The project's one exception tree.

Every error a user can act on derives from :class:`MapperError`; the CLI catches
the root, prints its message on one line and exits with :attr:`MapperError.exit_code`.
Messages name the file (and line where known), the problem and the fix.
"""

from __future__ import annotations


class MapperError(Exception):
    """Root of all errors raised deliberately by the project."""

    exit_code = 1


class InputError(MapperError, ValueError):
    """An article or input file that cannot be read or understood."""

    exit_code = 2


class ManifestError(InputError):
    """A ``manifest.csv`` that names a missing file, a bad date or a duplicate row."""


class GazetteerError(MapperError, ValueError):
    """A gazetteer data file that is malformed, or a lookup that cannot be answered."""

    exit_code = 3


class PlaceNotFound(GazetteerError, LookupError):
    """No place matches a name.

    Attributes
    ----------
    name : str
        The name that was looked up.
    """

    exit_code = 1

    def __init__(self, name: str, hint: str = "") -> None:
        self.name = name
        msg = f"no place matches {name!r}"
        super().__init__(msg + (f"; {hint}" if hint else ""))


class GeocoderError(GazetteerError):
    """The opt-in online geocoder failed (network error, timeout, bad answer)."""


class RenderError(MapperError):
    """The map could not be rendered or written."""

    exit_code = 4


class OutputError(MapperError, OSError):
    """An output folder or file that cannot be written."""

    exit_code = 5


class WorkerError(MapperError):
    """A worker process reading articles stopped without an answer (killed, out of memory)."""

    exit_code = 70
