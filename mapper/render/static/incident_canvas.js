/* IncidentCanvas: every incident of the days in view drawn on one <canvas>.
 *
 * Why a canvas: a time step at 100,000 incidents swaps a few thousand symbols; as DOM
 * markers (and a marker-cluster index per day) that costs hundreds of milliseconds, on
 * a canvas a few.  Symbols are glyphs in a ring coloured by event type, sized by
 * fatalities; claimed reports get a dashed hollow ring, denied ones a dotted grey one.
 * Below CLUSTER_OFF_ZOOM nearby symbols of the same day merge into a count, recomputed
 * on each redraw (only for what is on screen).  The canvas takes no pointer events:
 * clicks are hit-tested here and only consumed when they fall on a symbol, so the
 * district polygons underneath keep their popups.  No text from the reports is drawn
 * here; popups are built by timemap.js with textContent.
 */
(function () {
  "use strict";

  var CLUSTER_RADIUS = 40;     // px: symbols closer than this merge when zoomed out
  var CLUSTER_OFF_ZOOM = 16;   // from this zoom on every symbol is drawn on its own
  var PANE = "tmIncidents";

  function symbolSize(fat) { return Math.round(Math.min(48, 16 + 4 * Math.sqrt(fat))); }

  var IncidentCanvas = L.Layer.extend({
    options: { padding: 0.1 },

    /* data: the columns of data/incidents.js; onSelect(i): a symbol was clicked. */
    initialize: function (data, onSelect) {
      this.I = data;
      this.onSelect = onSelect;
      this.windows = [];        // [{day, alpha, hour}] drawn in this order (oldest first)
      this.world = {};          // day -> Float64Array of [x, y] projected at zoom 0
      this.sprites = {};
      this.hits = [];
      this.frame = null;
      this.waiters = [];
      this.ratio = window.devicePixelRatio || 1;
    },

    latLng: function (i) {
      var I = this.I;
      return L.latLng((I.y0 + I.y[i]) / I.scale, (I.x0 + I.x[i]) / I.scale);
    },

    /* The days to draw: a step changes only this list and redraws at once. */
    setWindows: function (windows) {
      this.windows = windows;
      if (!this.canvas) { return; }
      if (this.frame !== null) { L.Util.cancelAnimFrame(this.frame); this.frame = null; }
      this._draw();
      this._resolveWaiters();
    },

    /* Incident index -> opacity for what the windows show (for tests and debugging). */
    shown: function () {
      var out = {}, I = this.I;
      this.windows.forEach(function (w) {
        for (var i = I.dayStart[w.day]; i < I.dayStart[w.day + 1]; i++) {
          if (w.hour < 0 || I.hour[i] <= w.hour) { out[i] = w.alpha; }
        }
      });
      return out;
    },

    whenIdle: function () {
      var self = this;
      return this.frame === null ? Promise.resolve()
        : new Promise(function (resolve) { self.waiters.push(resolve); });
    },

    onAdd: function (map) {
      if (!map.getPane(PANE)) {
        var pane = map.createPane(PANE);
        pane.style.zIndex = 640;  // above polygons and place labels, below tooltips and popups
        pane.style.pointerEvents = "none";
      }
      this.canvas = L.DomUtil.create("canvas", "tm-incidents leaflet-zoom-animated", map.getPane(PANE));
      this.ctx = this.canvas.getContext("2d");
      this._onClick = L.Util.bind(this._click, this);
      this._onMove = L.Util.bind(this._hover, this);
      // Capture phase: we see the click before the polygon under the symbol does.
      map.getContainer().addEventListener("click", this._onClick, true);
      map.getContainer().addEventListener("mousemove", this._onMove, true);
      this._reset();
    },

    onRemove: function (map) {
      map.getContainer().removeEventListener("click", this._onClick, true);
      map.getContainer().removeEventListener("mousemove", this._onMove, true);
      L.DomUtil.remove(this.canvas);
      this.canvas = null;
      this.hits = [];
      this._resolveWaiters();
    },

    getEvents: function () {
      var ev = { moveend: this._reset, resize: this._reset, viewreset: this._reset };
      if (this._map && this._map._zoomAnimated) { ev.zoomanim = this._animateZoom; }
      return ev;
    },

    schedule: function () {
      var self = this;
      if (this.frame !== null) { return; }
      if (!this._map) { this._resolveWaiters(); return; }
      this.frame = L.Util.requestAnimFrame(function () {
        self.frame = null;
        self._draw();
        self._resolveWaiters();
      });
    },

    _resolveWaiters: function () {
      var w = this.waiters;
      this.waiters = [];
      w.forEach(function (resolve) { resolve(); });
    },

    /* Re-anchor the canvas on the view (plus padding) after a pan or zoom. */
    _reset: function () {
      var map = this._map, size = map.getSize(), pad = size.multiplyBy(this.options.padding);
      this.origin = map.containerPointToLayerPoint(pad.multiplyBy(-1)).round();
      this.size = size.add(pad.multiplyBy(2)).round();
      this.zoom = map.getZoom();
      this.topLeft = map.layerPointToLatLng(this.origin);
      L.DomUtil.setPosition(this.canvas, this.origin);
      this.canvas.width = Math.round(this.size.x * this.ratio);
      this.canvas.height = Math.round(this.size.y * this.ratio);
      this.canvas.style.width = this.size.x + "px";
      this.canvas.style.height = this.size.y + "px";
      this.schedule();
    },

    /* During a zoom animation the drawn canvas is scaled about its new position. */
    _animateZoom: function (e) {
      var map = this._map;
      var scale = map.getZoomScale(e.zoom, this.zoom);
      var pos = map._latLngToNewLayerPoint(this.topLeft, e.zoom, e.center);
      L.DomUtil.setTransform(this.canvas, pos, scale);
    },

    _worldOf: function (day) {
      var w = this.world[day];
      if (w) { return w; }
      var I = this.I, lo = I.dayStart[day], hi = I.dayStart[day + 1], crs = this._map.options.crs;
      w = new Float64Array(2 * (hi - lo));
      for (var i = lo; i < hi; i++) {
        var p = crs.latLngToPoint(this.latLng(i), 0);
        w[2 * (i - lo)] = p.x;
        w[2 * (i - lo) + 1] = p.y;
      }
      this.world[day] = w;
      return w;
    },

    _draw: function () {
      if (!this.canvas) { return; }
      var ctx = this.ctx, map = this._map, crs = map.options.crs;
      ctx.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
      ctx.clearRect(0, 0, this.size.x, this.size.y);
      // Canvas pixel = world pixel at zoom 0 * k - shift.
      var k = crs.scale(this.zoom) / crs.scale(0);
      var shift = map.getPixelOrigin().add(this.origin);
      var cluster = this.zoom < CLUSTER_OFF_ZOOM;
      this.hits = [];
      for (var n = 0; n < this.windows.length; n++) {
        var groups = this._groups(this.windows[n], k, shift, cluster);
        ctx.globalAlpha = this.windows[n].alpha;
        for (var g = 0; g < groups.length; g++) {
          var c = groups[g];
          if (c.members.length === 1) { this._drawSymbol(c); } else { this._drawCluster(c); }
          this.hits.push(c);
        }
      }
      ctx.globalAlpha = 1;
    },

    /* The window's incidents on screen, merged greedily (in data order, so the result
       does not depend on timing) into groups within CLUSTER_RADIUS of their first member. */
    _groups: function (w, k, shift, cluster) {
      var I = this.I, lo = I.dayStart[w.day], hi = I.dayStart[w.day + 1];
      var world = this._worldOf(w.day), R = CLUSTER_RADIUS, R2 = R * R, margin = 24;
      var W = this.size.x + margin, H = this.size.y + margin;
      var grid = {}, out = [];
      for (var i = lo; i < hi; i++) {
        if (w.hour >= 0 && I.hour[i] > w.hour) { continue; }
        var x = world[2 * (i - lo)] * k - shift.x, y = world[2 * (i - lo) + 1] * k - shift.y;
        if (x < -margin || y < -margin || x > W || y > H) { continue; }
        var found = null;
        if (cluster) {
          var gx = Math.floor(x / R), gy = Math.floor(y / R);
          for (var dx = -1; dx <= 1 && !found; dx++) {
            for (var dy = -1; dy <= 1 && !found; dy++) {
              var cell = grid[(gx + dx) + ":" + (gy + dy)];
              if (!cell) { continue; }
              for (var m = 0; m < cell.length; m++) {
                var c = cell[m], ex = c.x0 - x, ey = c.y0 - y;
                if (ex * ex + ey * ey <= R2) { found = c; break; }
              }
            }
          }
        }
        if (found) {
          found.members.push(i); found.sx += x; found.sy += y;
          continue;
        }
        var g = { x0: x, y0: y, sx: x, sy: y, members: [i], day: w.day };
        out.push(g);
        if (cluster) {
          var key = Math.floor(x / R) + ":" + Math.floor(y / R);
          (grid[key] = grid[key] || []).push(g);
        }
      }
      out.forEach(function (c) {  // draw a merged group at its members' centre
        c.x = c.members.length > 1 ? c.sx / c.members.length : c.x0;
        c.y = c.members.length > 1 ? c.sy / c.members.length : c.y0;
      });
      return out;
    },

    _drawCluster: function (c) {
      var ctx = this.ctx, n = c.members.length;
      var r = n < 10 ? 15 : n < 100 ? 18 : 21;
      c.r = r;
      ctx.beginPath();
      ctx.arc(c.x, c.y, r, 0, 2 * Math.PI);
      ctx.fillStyle = "rgba(40, 40, 60, 0.25)";
      ctx.fill();
      ctx.beginPath();
      ctx.arc(c.x, c.y, r - 5, 0, 2 * Math.PI);
      ctx.fillStyle = "rgba(40, 40, 60, 0.8)";
      ctx.fill();
      ctx.fillStyle = "#fff";
      ctx.font = "bold 11px system-ui, sans-serif";
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.fillText(String(n), c.x, c.y);
    },

    _drawSymbol: function (c) {
      var I = this.I, i = c.members[0], size = symbolSize(I.fat[i]);
      var sprite = this._sprite(I.sym[i], I.certainties[I.cert[i]], size);
      c.r = size / 2;
      this.ctx.drawImage(sprite, c.x - sprite.tmHalf, c.y - sprite.tmHalf, sprite.tmSize, sprite.tmSize);
    },

    /* One small canvas per (symbol, certainty, size), drawn once and stamped. */
    _sprite: function (sym, cert, size) {
      var key = sym + "|" + cert + "|" + size, s = this.sprites[key];
      if (s) { return s; }
      var S = this.I.symbols[sym], full = size + 4, ratio = this.ratio;
      s = document.createElement("canvas");
      s.width = s.height = Math.ceil(full * ratio);
      s.tmSize = full;
      s.tmHalf = full / 2;
      var ctx = s.getContext("2d"), c = full / 2, r = size / 2 - 1;
      ctx.scale(ratio, ratio);
      var color = cert === "denied" ? "#888" : S[1];
      ctx.beginPath();
      ctx.arc(c, c, r, 0, 2 * Math.PI);
      if (cert !== "claimed" && cert !== "denied") {
        ctx.fillStyle = "#fff";
        ctx.fill();
      } else {
        ctx.fillStyle = "rgba(255, 255, 255, 0.55)";
        ctx.fill();
      }
      ctx.lineWidth = cert === "reported" ? 1 : 2;
      ctx.setLineDash(cert === "claimed" ? [4, 3] : cert === "denied" ? [1.5, 2.5] : []);
      ctx.strokeStyle = color;
      ctx.stroke();
      ctx.fillStyle = color;
      ctx.font = "bold " + Math.round(size * 0.6) + "px system-ui, sans-serif";
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.fillText(S[2], c, c + 1);
      this.sprites[key] = s;
      return s;
    },

    /* The topmost group under a container point, or null. */
    hitAt: function (cp) {
      if (!this.canvas || this.origin === undefined) { return null; }
      var lp = this._map.containerPointToLayerPoint(cp), x = lp.x - this.origin.x, y = lp.y - this.origin.y;
      for (var n = this.hits.length - 1; n >= 0; n--) {
        var c = this.hits[n], dx = c.x - x, dy = c.y - y, r = (c.r || 8) + 2;
        if (dx * dx + dy * dy <= r * r) { return c; }
      }
      return null;
    },

    /* Clicks on the map itself (not on the panel, a control or a popup). */
    _onMap: function (e) {
      var map = this._map;
      if (!map || (map.dragging && map.dragging.moved())) { return false; }
      var t = e.target;
      return t === map.getContainer() || map.getPane("tilePane").contains(t) ||
        map.getPane("overlayPane").contains(t);
    },

    _click: function (e) {
      if (!this._onMap(e)) { return; }
      var c = this.hitAt(this._map.mouseEventToContainerPoint(e));
      if (!c) { return; }
      e.stopImmediatePropagation();
      e.stopPropagation();
      if (c.members.length === 1) { this.onSelect(c.members[0]); return; }
      this._zoomInto(c);
    },

    _zoomInto: function (c) {
      var map = this._map, self = this;
      var bounds = L.latLngBounds(c.members.map(function (i) { return self.latLng(i); }));
      var zoom = Math.min(map.getBoundsZoom(bounds.pad(0.2)), CLUSTER_OFF_ZOOM);
      map.setView(bounds.getCenter(), Math.max(zoom, map.getZoom() + 1));
    },

    _hover: function (e) {
      if (!this._map) { return; }
      var on = this._onMap(e) && this.hitAt(this._map.mouseEventToContainerPoint(e)) !== null;
      this._map.getContainer().classList.toggle("tm-over-incident", on);
    }
  });

  window.MapperIncidentCanvas = IncidentCanvas;
})();
