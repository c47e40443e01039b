/* TimeMap: one time control driving every layer of the Aleppo map.
 *
 * Data arrive in window.MapperData (written by Python through tojson into data/*.js).
 * Everything drawn from report text is built with textContent / DOM nodes, never
 * innerHTML, because article text is untrusted.  Layers are created once; a step
 * only restyles districts, toggles front-line edges and tells the incident canvas
 * (incident_canvas.js) which days to draw.
 */
(function () {
  "use strict";

  var FADE = [1, 0.4];  // opacity of incidents on their day and on the day after
  var PLAY_MS = 800;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function svg(tag, attrs) {
    var e = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    return e;
  }

  function row(table, label, value) {
    if (value === undefined || value === null || value === "") { return; }
    var tr = el("tr");
    tr.appendChild(el("th", null, label));
    tr.appendChild(el("td", null, value));
    table.appendChild(tr);
  }

  function fmtDay(iso) {
    var months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    var p = iso.split("-");
    return String(parseInt(p[2], 10)) + " " + months[parseInt(p[1], 10) - 1] + " " + p[0];
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function TimeMap(map, layerControl, opts, D) {
    this.map = map;
    this.opts = opts;
    this.D = D;
    this.days = D.time.days;
    this.steps = D.time.steps;
    this.step = -1;
    this.day = -1;
    this.timer = null;
    this.layers = {};
    if (D.control) { this._initControl(); }
    if (D.front) { this._initFront(); }
    if (D.incidents) { this._initIncidents(); }
    if (D.movements) { this._initMovements(); }
    if (D.labels) { this._initLabels(); }
    this._initPanel();
    this._register(layerControl);
    this.setStep(D.time.start || 0);
  }

  TimeMap.prototype._register = function (lc) {
    var self = this;
    var none = L.layerGroup();
    lc.addBaseLayer(none, "No basemap");
    var names = this.opts.layer_names;
    ["control", "front", "incidents", "movements", "labels", "outside"].forEach(function (k) {
      if (self.layers[k]) {
        self.layers[k].addTo(self.map);
        lc.addOverlay(self.layers[k], names[k]);
      }
    });
  };

  /* ---------- control ---------- */
  TimeMap.prototype._initControl = function () {
    var self = this, C = this.D.control;
    this.districtLayers = [];
    this.districtState = [];
    this.layers.control = L.geoJSON(C.districts, {
      style: function () { return { className: "tm-district", weight: 1, color: "#555", fillOpacity: 0.55 }; },
      onEachFeature: function (f, layer) {
        var k = self.districtLayers.length;
        self.districtLayers.push(layer);
        self.districtState.push(-1);
        layer.bindPopup(function () { return self._districtPopup(k); }, { maxWidth: 360 });
        layer.on("add", function () {
          var e = layer.getElement && layer.getElement();
          if (e) { e.setAttribute("data-place-id", f.properties.id); }
        });
      }
    });
  };

  TimeMap.prototype._restyleControl = function (d) {
    var C = this.D.control, byDay = C.byDay[d];
    for (var k = 0; k < this.districtLayers.length; k++) {
      var s = byDay[k];
      if (s === this.districtState[k]) { continue; }
      this.districtState[k] = s;
      var st = C.states[s];
      var color = C.colors[st[0]] || "#999";
      this.districtLayers[k].setStyle({ fillColor: color, dashArray: st[0] === "contested" ? "4 3" : null });
      var e = this.districtLayers[k].getElement && this.districtLayers[k].getElement();
      if (e) { e.setAttribute("data-controller", st[0]); }
    }
  };

  TimeMap.prototype._districtPopup = function (k) {
    var C = this.D.control, f = C.districts.features[k];
    var st = C.states[C.byDay[this.day][k]];
    var ev = C.evidence[st[3]] || ["", ""];
    var box = el("div", "tm-popup");
    box.appendChild(el("h4", null, f.properties.name));
    var t = el("table");
    row(t, "Date", fmtDay(this.days[this.day]));
    row(t, "Controller", C.labels[st[0]] || st[0]);
    row(t, "Since", fmtDay(this.days[st[4]]));
    row(t, "Basis", st[1].replace("_", " "));
    row(t, "Certainty", st[2]);
    row(t, "Source", ev[0]);
    box.appendChild(t);
    if (ev[1]) { box.appendChild(el("blockquote", "tm-evidence", ev[1])); }
    return box;
  };

  /* ---------- front line ---------- */
  TimeMap.prototype._initFront = function () {
    var F = this.D.front;
    this.layers.front = L.layerGroup();
    this.frontEdges = F.edges.map(function (coords) {
      var lines = coords.map(function (line) { return line.map(function (p) { return [p[1], p[0]]; }); });
      return L.polyline(lines, { className: "tm-front", color: "#111", weight: 4, dashArray: "8 4", interactive: false });
    });
    this.frontOn = {};
  };

  TimeMap.prototype._updateFront = function (d) {
    var want = {}, self = this;
    (this.D.front.byDay[d] || []).forEach(function (i) { want[i] = true; });
    Object.keys(this.frontOn).forEach(function (i) {
      if (!want[i]) { self.layers.front.removeLayer(self.frontEdges[i]); delete self.frontOn[i]; }
    });
    Object.keys(want).forEach(function (i) {
      if (!self.frontOn[i]) { self.layers.front.addLayer(self.frontEdges[i]); self.frontOn[i] = true; }
    });
  };

  /* ---------- incidents ---------- */
  TimeMap.prototype._initIncidents = function () {
    var self = this;
    // One canvas for all incidents (static/incident_canvas.js): a step only changes which
    // days it draws.  Popup details come per day from data/incidents/NNN.js.
    this.incidentCanvas = new window.MapperIncidentCanvas(this.D.incidents, function (i) {
      self._openPopup(i);
    });
    this.layers.incidents = this.incidentCanvas;
    this.detailWaiters = {};
    Object.defineProperty(this, "shown", { get: function () { return self.incidentCanvas.shown(); } });
  };

  /* Calls back with the details of day d, loading data/<name>.js with a <script> tag (the
     one way that also works when index.html is opened from disk); null if it fails. */
  TimeMap.prototype._details = function (d, callback) {
    var name = this.D.incidents.details[d], self = this;
    var have = window.MapperData && window.MapperData[name];
    if (!name || have) { callback(have || null); return; }
    if (this.detailWaiters[name]) { this.detailWaiters[name].push(callback); return; }
    this.detailWaiters[name] = [callback];
    var script = document.createElement("script");
    var done = function () {
      var waiters = self.detailWaiters[name];
      delete self.detailWaiters[name];
      waiters.forEach(function (cb) { cb((window.MapperData || {})[name] || null); });
    };
    script.onload = done;
    script.onerror = function () { script.remove(); done(); };
    script.src = "data/" + name + ".js";
    document.head.appendChild(script);
  };

  TimeMap.prototype._dayOf = function (i) {
    var starts = this.D.incidents.dayStart, lo = 0, hi = starts.length - 1;
    while (hi - lo > 1) { var mid = (lo + hi) >> 1; if (starts[mid] <= i) { lo = mid; } else { hi = mid; } }
    return lo;
  };

  TimeMap.prototype._openPopup = function (i) {
    var self = this, d = this._dayOf(i);
    this.popup = this.popup || L.popup({ maxWidth: 380, offset: [0, -8] });
    this.popup.tmIndex = i;
    this.popup.setLatLng(this.incidentCanvas.latLng(i)).setContent(this._incidentPopup(i, null)).openOn(this.map);
    this._details(d, function (detail) {
      if (self.popup.tmIndex === i && self.popup.isOpen()) {
        self.popup.setContent(self._incidentPopup(i, detail, detail === null));
      }
    });
  };

  /* Incident i as a plain object; detail is its day's details file (null: not loaded). */
  TimeMap.prototype.incident = function (i, detail) {
    var I = this.D.incidents, d = this._dayOf(i), S = I.symbols[I.sym[i]];
    var out = {
      date: this.days[d], time: "", type: S[3], sub: "", actor1: "", actor2: "", place: "",
      fatalities: I.fat[i], certainty: I.certainties[I.cert[i]], id: "", sources: []
    };
    if (!detail) { return out; }
    var r = detail.rows[i - I.dayStart[d]], T = detail.strings, c = r[1];
    out.id = r[0];
    out.time = c >= 0 ? pad(Math.floor(c / 60)) + ":" + pad(c % 60) : "";
    out.type = T[r[2]]; out.sub = T[r[3]]; out.actor1 = T[r[4]]; out.actor2 = T[r[5]]; out.place = T[r[6]];
    out.sources = r[7].map(function (s) { return { article: T[s[0]], time: s[1], sentence: s[2] }; });
    return out;
  };

  /* failed: the day's details file could not be loaded (say so instead of "Loading"). */
  TimeMap.prototype._incidentPopup = function (i, detail, failed) {
    var info = this.incident(i, detail);
    var box = el("div", "tm-popup");
    box.appendChild(el("h4", null, info.sub || info.type));
    var t = el("table");
    row(t, "Date", fmtDay(info.date) + (info.time ? " " + info.time + " UTC" : ""));
    row(t, "Type", info.type);
    row(t, "Actors", [info.actor1, info.actor2].filter(Boolean).join(" vs "));
    row(t, "Place", info.place);
    row(t, "Fatalities", String(info.fatalities));
    row(t, "Certainty", info.certainty);
    box.appendChild(t);
    if (!detail) {
      box.appendChild(el("div", "tm-note tm-loading", failed
        ? "The reports of this day could not be loaded (data/" + this.D.incidents.details[this._dayOf(i)] + ".js)."
        : "Loading the reports…"));
    }
    info.sources.forEach(function (src, n) {
      var q = el("div", n === 0 ? "tm-source tm-first" : "tm-source");
      q.appendChild(el("blockquote", "tm-evidence", src.sentence));
      q.appendChild(el("cite", null, src.article + (src.time ? " (" + src.time + ")" : "")));
      box.appendChild(q);
    });
    if (info.sources.length > 1) { box.appendChild(el("div", "tm-note", info.sources.length + " reports of this event")); }
    return box;
  };

  /* Today's incidents (up to hour h when h >= 0) at full opacity, the previous days faded. */
  TimeMap.prototype._updateIncidents = function (d, h) {
    var windows = [];
    for (var k = FADE.length - 1; k >= 0; k--) {
      if (d - k >= 0) { windows.push({ day: d - k, alpha: FADE[k], hour: k === 0 ? h : -1 }); }
    }
    this.incidentCanvas.setWindows(windows);
  };

  /* A promise resolved once the incidents of the last step are drawn. */
  TimeMap.prototype.whenIdle = function () {
    return this.incidentCanvas ? this.incidentCanvas.whenIdle() : Promise.resolve();
  };

  TimeMap.prototype.openIncident = function (i) {
    if (!(String(i) in this.shown)) { this.setStep(this.stepForDay(this.days[this._dayOf(i)])); }
    this.map.setView(this.incidentCanvas.latLng(i), 17, { animate: false });
    this._openPopup(i);
    return this;
  };

  /* ---------- movements ---------- */
  TimeMap.prototype._initMovements = function () {
    var self = this;
    this.layers.movements = L.layerGroup();
    this.routes = this.D.movements.routes.map(function (r) {
      var g = L.featureGroup([
        L.polyline([r.from, r.to], { className: "tm-route", color: self.D.movements.color, weight: 3, dashArray: "10 6" }),
        L.circleMarker(r.to, { radius: 6, color: self.D.movements.color, fillOpacity: 0.9 })
      ]);
      g.bindPopup(function () {
        var box = el("div", "tm-popup");
        box.appendChild(el("h4", null, r.from_name + " → " + r.to_name));
        var t = el("table");
        row(t, "Date", fmtDay(r.date));
        row(t, "Type", r.type);
        box.appendChild(t);
        box.appendChild(el("blockquote", "tm-evidence", r.sentence));
        box.appendChild(el("cite", null, r.article));
        return box;
      });
      return g;
    });
    this.routeOn = {};
  };

  TimeMap.prototype._updateMovements = function (d) {
    var self = this;
    this.D.movements.routes.forEach(function (r, k) {
      var on = r.day <= d;
      if (on && !self.routeOn[k]) { self.layers.movements.addLayer(self.routes[k]); }
      if (!on && self.routeOn[k]) { self.layers.movements.removeLayer(self.routes[k]); }
      self.routeOn[k] = on;
      if (on) { self.routes[k].setStyle({ opacity: r.day === d ? 1 : 0.45 }); }
    });
  };

  /* ---------- labels ---------- */
  function label(lat, lon, text, cls) {
    var node = el("span", null, text);
    return L.marker([lat, lon], {
      icon: L.divIcon({ className: "tm-label " + cls, html: node, iconSize: null }),
      interactive: false, keyboard: false
    });
  }

  TimeMap.prototype._initLabels = function () {
    var B = this.D.labels, map = this.map;
    this.layers.labels = L.layerGroup(B.districts.map(function (p) { return label(p[1], p[2], p[0], "tm-label-district"); }));
    this.layers.outside = L.layerGroup(B.outside.map(function (p) {
      return L.featureGroup([
        L.circleMarker([p[1], p[2]], { radius: 4, color: "#333", weight: 1, fillColor: "#fff", fillOpacity: 1 }),
        label(p[1], p[2], p[0], "tm-label-outside")
      ]);
    }));
    function zoomClass() {
      var c = map.getContainer();
      c.classList.toggle("tm-zoom-near", map.getZoom() >= B.district_zoom);
    }
    map.on("zoomend", zoomClass);
    zoomClass();
  };

  /* ---------- panel: time control, charts, search, legend ---------- */
  TimeMap.prototype._initPanel = function () {
    var self = this, P = this.D.panel;
    var box = el("div", "tm-panel");
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    this.dateEl = box.appendChild(el("div", "tm-date"));
    this.hourEl = box.appendChild(el("div", "tm-hour"));
    var ctl = box.appendChild(el("div", "tm-controls"));
    var prev = ctl.appendChild(el("button", "tm-prev", "◀"));
    this.playBtn = ctl.appendChild(el("button", "tm-play", "▶ Play"));
    var next = ctl.appendChild(el("button", "tm-next", "▶"));
    this.slider = box.appendChild(el("input", "tm-slider"));
    this.slider.type = "range";
    this.slider.min = "0";
    this.slider.max = String(this.steps.length - 1);
    this.slider.addEventListener("input", function () { self.setStep(+self.slider.value); });
    prev.addEventListener("click", function () { self.setStep(Math.max(0, self.step - 1)); });
    next.addEventListener("click", function () { self.setStep(Math.min(self.steps.length - 1, self.step + 1)); });
    this.playBtn.addEventListener("click", function () { self.togglePlay(); });
    if (P) {
      box.appendChild(el("h5", null, "East Aleppo held by the regime (%)"));
      this.shareChart = box.appendChild(this._shareChart(P));
      box.appendChild(el("h5", null, "Incidents and reported deaths per day"));
      this.countChart = box.appendChild(this._countChart(P));
      this.countEl = box.appendChild(el("div", "tm-counts"));
      box.appendChild(this._search(P));
    }
    box.appendChild(this._legend());
    this.map.getContainer().appendChild(box);
  };

  TimeMap.prototype._xy = function (w, h, pad0) {
    var n = Math.max(1, this.days.length - 1);
    return {
      x: function (d) { return pad0 + (w - 2 * pad0) * d / n; },
      y: function (v, max) { return h - pad0 - (h - 2 * pad0) * v / max; }
    };
  };

  TimeMap.prototype._shareChart = function (P) {
    var W = 300, H = 120, s = this._xy(W, H, 14);
    var g = svg("svg", { "class": "tm-chart tm-share-chart", viewBox: "0 0 " + W + " " + H, width: W, height: H });
    [0, 50, 100].forEach(function (v) {
      g.appendChild(svg("line", { x1: 14, x2: W - 14, y1: s.y(v, 100), y2: s.y(v, 100), "class": "tm-grid" }));
      var t = svg("text", { x: 0, y: s.y(v, 100) + 3, "class": "tm-axis" }); t.textContent = String(v); g.appendChild(t);
    });
    var pts = P.computed.map(function (v, d) { return s.x(d) + "," + s.y(v, 100); }).join(" ");
    g.appendChild(svg("polyline", { points: pts, "class": "tm-computed", fill: "none" }));
    P.quoted.forEach(function (q) {
      var c = svg("circle", { cx: s.x(q[0]), cy: s.y(q[1], 100), r: 4, "class": "tm-quoted" });
      var title = svg("title", {});
      title.textContent = q[1] + "% quoted: " + q[3] + " (" + q[4] + ")";
      c.appendChild(title);
      g.appendChild(c);
    });
    this._dayTicks(g, s, H);
    this.shareCursor = g.appendChild(svg("line", { y1: 4, y2: H - 4, "class": "tm-cursor" }));
    var key = svg("text", { x: 20, y: 12, "class": "tm-axis" });
    key.textContent = "— computed   ● quoted by reports";
    g.appendChild(key);
    return g;
  };

  TimeMap.prototype._dayTicks = function (g, s, H) {
    var last = this.days.length - 1, self = this;
    [[0, "start"], [last, "end"]].forEach(function (p) {
      var t = svg("text", { x: s.x(p[0]), y: H - 2, "class": "tm-axis", "text-anchor": p[1] });
      t.textContent = fmtDay(self.days[p[0]]);
      g.appendChild(t);
    });
  };

  TimeMap.prototype._countChart = function (P) {
    var W = 300, H = 90, s = this._xy(W, H, 14);
    var g = svg("svg", { "class": "tm-chart tm-count-chart", viewBox: "0 0 " + W + " " + H, width: W, height: H });
    var maxN = Math.max(1, Math.max.apply(null, P.incidents)), maxD = Math.max(1, Math.max.apply(null, P.deaths));
    var bw = Math.max(1, (W - 28) / Math.max(1, this.days.length) - 1);
    P.incidents.forEach(function (n, d) {
      g.appendChild(svg("rect", { x: s.x(d) - bw / 2, y: s.y(n, maxN), width: bw, height: H - 14 - s.y(n, maxN), "class": "tm-bar" }));
    });
    g.appendChild(svg("polyline", { points: P.deaths.map(function (v, d) { return s.x(d) + "," + s.y(v, maxD); }).join(" "), "class": "tm-deaths", fill: "none" }));
    var key = svg("text", { x: 20, y: 10, "class": "tm-axis" });
    key.textContent = "bars: incidents (max " + maxN + ")   line: deaths (max " + maxD + ")";
    g.appendChild(key);
    this._dayTicks(g, s, H);
    this.countCursor = g.appendChild(svg("line", { y1: 4, y2: H - 4, "class": "tm-cursor" }));
    return g;
  };

  TimeMap.prototype._search = function (P) {
    var self = this, wrap = el("div", "tm-search");
    var input = wrap.appendChild(el("input"));
    input.type = "search";
    input.placeholder = "Find a place…";
    var listId = "tm-places-" + this.opts.uid;
    input.setAttribute("list", listId);
    var dl = wrap.appendChild(el("datalist"));
    dl.id = listId;
    P.places.forEach(function (p) { var o = el("option"); o.value = p[0]; dl.appendChild(o); });
    input.addEventListener("change", function () { self.findPlace(input.value); });
    return wrap;
  };

  TimeMap.prototype.findPlace = function (name) {
    var P = this.D.panel, want = String(name).trim().toLowerCase();
    for (var k = 0; k < P.places.length; k++) {
      var p = P.places[k];
      if (p[0].toLowerCase() === want) {
        this.map.setView([p[1], p[2]], p[3] >= 0 ? 15 : 11);
        if (p[3] >= 0 && this.districtLayers) { this.districtLayers[p[3]].openPopup([p[1], p[2]]); }
        return true;
      }
    }
    return false;
  };

  TimeMap.prototype._legend = function () {
    var box = el("div", "tm-legend");
    if (this.D.control) {
      this.D.control.legend.forEach(function (c) {
        var r = box.appendChild(el("div", "tm-legend-row"));
        var sw = r.appendChild(el("span", "tm-swatch"));
        sw.style.background = c[2];
        r.appendChild(el("span", null, c[1]));
      });
    }
    if (this.D.front) { box.appendChild(el("div", "tm-legend-row tm-legend-front", "- - front line")); }
    if (this.D.incidents) {
      this.D.incidents.symbols.forEach(function (s) {
        var r = box.appendChild(el("div", "tm-legend-row"));
        var g = r.appendChild(el("span", "tm-legend-glyph", s[2]));
        g.style.color = s[1];
        r.appendChild(el("span", null, s[3]));
      });
      box.appendChild(el("div", "tm-legend-row", "solid = confirmed/reported · dashed hollow = claimed · dotted grey = denied"));
    }
    return box;
  };

  /* ---------- time ---------- */
  TimeMap.prototype.setStep = function (i) {
    i = Math.max(0, Math.min(this.steps.length - 1, i | 0));
    var d = this.steps[i][0], h = this.steps[i][1];
    this.step = i;
    this.slider.value = String(i);
    if (d !== this.day) {
      this.day = d;
      if (this.D.control) { this._restyleControl(d); }
      if (this.D.front) { this._updateFront(d); }
      if (this.D.movements) { this._updateMovements(d); }
      this.dateEl.textContent = fmtDay(this.days[d]);
      this._cursor(d);
    }
    this.hourEl.textContent = h >= 0 ? "up to " + pad(h) + ":59 UTC" : "whole day";
    if (this.D.incidents) { this._updateIncidents(d, h); }
    if (this.countEl && this.D.panel) {
      this.countEl.textContent = this.D.panel.incidents[d] + " incidents, " + this.D.panel.deaths[d] +
        " reported deaths; regime holds " + this.D.panel.computed[d] + "% of East Aleppo";
    }
    return this;
  };

  TimeMap.prototype._cursor = function (d) {
    var self = this;
    [[this.shareChart, this.shareCursor], [this.countChart, this.countCursor]].forEach(function (p) {
      if (!p[1]) { return; }
      var x = 14 + (300 - 28) * d / Math.max(1, self.days.length - 1);
      p[1].setAttribute("x1", x); p[1].setAttribute("x2", x);
    });
  };

  TimeMap.prototype.stepForDay = function (iso) {
    var d = this.days.indexOf(iso);
    if (d < 0) { return -1; }
    var last = -1;
    for (var i = 0; i < this.steps.length; i++) { if (this.steps[i][0] === d) { last = i; } }
    return last;  // the whole-day step
  };

  TimeMap.prototype.togglePlay = function () {
    var self = this;
    if (this.timer) {
      clearInterval(this.timer); this.timer = null; this.playBtn.textContent = "▶ Play";
      return;
    }
    if (this.step >= this.steps.length - 1) { this.setStep(0); }
    this.playBtn.textContent = "❚❚ Pause";
    this.timer = setInterval(function () {
      if (self.step >= self.steps.length - 1) { self.togglePlay(); return; }
      self.setStep(self.step + 1);
    }, PLAY_MS);
  };

  window.MapperTimeMap = {
    create: function (map, layerControl, opts) {
      var tm = new TimeMap(map, layerControl, opts, window.MapperData || {});
      window.mapperTimeMap = tm;
      return tm;
    }
  };
})();
