"""TimeMap: our folium plugin, one time control for every layer.

A :class:`folium.MacroElement` whose template only wires the map, the layer
control and the options into ``MapperTimeMap.create`` (static/timemap.js).  The
layer data live in ``data/<layer>.js`` files rendered by :func:`data_script`
through Jinja's ``tojson`` (which escapes ``<``, ``>``, ``&`` and ``'``), so no
report text is ever pasted into JavaScript source.  The popup details of the
incidents are in one such file per day, loaded by the page when a popup needs them.
"""

from __future__ import annotations

from typing import Any

import jinja2
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.map import LayerControl
from folium.template import Template
from jinja2 import Environment

from mapper.render import jsonio

_DATA_ENV = Environment(autoescape=False, undefined=jinja2.StrictUndefined)
# Sorted keys and compact separators: small files, byte-identical across runs.  tojson
# still adds its HTML escapes around our (faster) serialiser.
_DATA_ENV.policies["json.dumps_function"] = jsonio.dumps
_DATA_ENV.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":")}
# The data travel as one JSON string given to JSON.parse: V8 parses a large JSON text
# about three times faster than the same data written as a JavaScript literal.
_DATA_TEMPLATE = _DATA_ENV.from_string(
    "window.MapperData = window.MapperData || {};\n"
    "window.MapperData[{{ name|tojson }}] = JSON.parse({{ text|tojson }});\n")


def data_script(name: str, data: Any) -> str:
    """JavaScript source that registers one layer's data under ``window.MapperData[name]``.

    ``data`` is serialised to JSON, and that text is written as a string literal (both
    by ``tojson``), so no value ever becomes JavaScript code.
    """
    return _DATA_TEMPLATE.render(name=name, text=jsonio.dumps(data))


class TimeMap(JSCSSMixin, MacroElement):
    """Time-sliced layers (control, front line, incidents, movements, labels) and the panel.

    Parameters
    ----------
    layer_control : folium.LayerControl
        The map's layer control; the plugin adds its overlays and a "No basemap" choice to it.
    data_names : list of str
        Names of the ``data/<name>.js`` files to load, in order.
    layer_names : dict
        Display name of each overlay
        (keys ``control, front, incidents, movements, labels, outside``).
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = MapperTimeMap.create(
                {{ this._parent.get_name() }},
                {{ this.layer_control.get_name() }},
                {{ this.options|tojson }}
            );
        {% endmacro %}
    """)

    default_css = [("timemap_css", "static/timemap.css")]

    def __init__(self, layer_control: LayerControl, data_names: list[str],
                 layer_names: dict[str, str]) -> None:
        super().__init__()
        self._name = "TimeMap"
        self.layer_control = layer_control
        self.options = {"layer_names": layer_names, "uid": "timemap"}
        self.default_js = [(f"data_{n}", f"data/{n}.js") for n in data_names]
        self.default_js += [("incident_canvas", "static/incident_canvas.js"),
                            ("timemap", "static/timemap.js")]
