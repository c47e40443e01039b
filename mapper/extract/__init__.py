"""The extractor: articles in; dated, geolocated events and control changes out.

Modules, in pipeline order: ``articles`` (reading, manifest, publication date),
``entries`` (live-blog structure), ``sentences``, then per sentence ``dates``,
``actors``, ``fatalities``, ``certainty``, ``control`` and ``events`` (cues in
``event_cues``, their places in ``event_places``); ``merge``
joins reports of one event; ``output`` writes the files.  The funnel that runs
them is :func:`mapper.pipeline.extract`.

``mapper.extract`` is both this package and the API function the issue names:
``mapper.extract(paths)`` calls :func:`mapper.pipeline.extract`.  (A package
attribute named like the subpackage would be overwritten by the import system,
so the package itself is made callable.)
"""

from __future__ import annotations

import sys
import types


class _CallablePackage(types.ModuleType):
    def __call__(self, paths, **options):
        """Run the extraction: ``mapper.extract(paths, include_comments=False)``."""
        from mapper.pipeline import extract

        return extract(paths, **options)


sys.modules[__name__].__class__ = _CallablePackage
