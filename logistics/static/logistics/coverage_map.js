/* The coverage map's own behaviour, served by the app (no inline code beyond one nonced call):
 * - an offline background (regions and districts) that takes over when map tiles cannot load;
 * - legend and layer list folded on a phone, compact on a desktop;
 * - gap labels that never overlap: a crowded label shrinks to its sign, its name on hover or tap. */
(function () {
  "use strict";
  var PHONE = "(max-width: 640px)";

  function backgroundLayer(options) {
    return L.geoJSON(null, {
      pane: "background", interactive: false, attribution: options.attribution,
      style: function (feature) {
        return feature.properties.level === "region"
          ? {color: "#8c8270", weight: 1.6, fill: true, fillColor: "#f3f0e8", fillOpacity: 1}
          : {color: "#b8ae97", weight: 0.7, fill: false};
      }
    });
  }

  function loadBackground(layer, options, container) {
    function fill(data) {
      layer.addData(data);
      container.setAttribute("data-background-features", String(data.features.length));
    }
    if (options.data) { fill(options.data); return; }
    fetch(options.url, {credentials: "same-origin"})
      .then(function (reply) { if (!reply.ok) { throw new Error(String(reply.status)); } return reply.json(); })
      .then(fill)
      .catch(function () { container.setAttribute("data-background-features", "0"); });
  }

  // Tiles that never load (a closed network) leave the map grey: switch to the background the first
  // time a tile fails before any has loaded. A network that serves some tiles keeps them.
  function fallBackWhenTilesFail(map, tiles, background) {
    var loaded = false;
    tiles.on("tileload", function () { loaded = true; });
    tiles.on("tileerror", function () {
      if (loaded || !map.hasLayer(tiles)) { return; }
      map.removeLayer(tiles);
      map.addLayer(background);
    });
  }

  function markBase(map, tiles, background) {
    map.getContainer().setAttribute("data-base", map.hasLayer(background) ? "offline" : "tiles");
  }

  // The layer list shows each name on one line, cut short; the whole name is in its tooltip.
  function nameTheLayers(container) {
    container.querySelectorAll(".leaflet-control-layers label").forEach(function (label) {
      label.title = label.textContent.trim();
    });
  }

  function foldOnPhone(container, control) {
    var legend = container.ownerDocument.querySelector(".coverage-legend");   // beside the map, not in it
    if (!window.matchMedia(PHONE).matches) { return; }
    if (legend) { legend.open = false; }
    if (control) { control.collapse(); }
  }

  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  // Where a label will stand once the map is at rest: from its point and its own size, not from the
  // page, because Leaflet moves the markers after its zoom events (a box read there is stale).
  function labelBox(map, label) {
    var point = map.latLngToContainerPoint([Number(label.getAttribute("data-lat")),
                                            Number(label.getAttribute("data-lon"))]);
    var w = label.offsetWidth, h = label.offsetHeight;
    return {left: point.x - w / 2, right: point.x + w / 2, top: point.y - h / 2, bottom: point.y + h / 2};
  }

  // Largest area first keeps its full label; a later one that would touch a placed label shows
  // only its sign, and is hidden if even that collides (its outline and tooltip still show the gap).
  function declutter(map) {
    var labels = Array.prototype.slice.call(map.getContainer().querySelectorAll(".gap-flag"));
    labels.forEach(function (label) { label.classList.remove("compact", "crowded"); });
    labels.sort(function (a, b) { return Number(b.getAttribute("data-rank")) - Number(a.getAttribute("data-rank")); });
    var placed = [];
    labels.forEach(function (label) {
      var box = labelBox(map, label);
      var hit = function (other) { return overlaps(box, other); };
      if (placed.some(hit)) {
        label.classList.add("compact");
        box = labelBox(map, label);
        if (placed.some(hit)) { label.classList.add("crowded"); return; }
      }
      placed.push(box);
    });
  }

  function attach(map, tiles, control, options) {
    var container = map.getContainer();
    map.createPane("background").style.zIndex = 250;      // above tiles (200), below areas (400)
    var background = backgroundLayer(options.background);
    loadBackground(background, options.background, container);
    if (control) { control.addBaseLayer(background, options.background.name); }
    if (options.base === "offline" || !tiles) {
      if (tiles && map.hasLayer(tiles)) { map.removeLayer(tiles); }
      map.addLayer(background);
    } else {
      fallBackWhenTilesFail(map, tiles, background);
    }
    markBase(map, tiles, background);
    map.on("baselayerchange layeradd layerremove", function () { markBase(map, tiles, background); });
    nameTheLayers(container);
    foldOnPhone(container, control);
    // After the markers have moved to the new zoom: once Leaflet's event is over. (Not on an animation
    // frame: a browser gives none to a map frame scrolled out of sight, and the labels must be right there too.)
    var tidy = function () { window.setTimeout(function () { declutter(map); }, 0); };
    map.on("zoomend moveend viewreset resize", tidy);
    map.whenReady(function () { window.setTimeout(tidy, 0); });
    window.addEventListener("load", tidy);
  }

  window.coverageMap = {attach: attach, declutter: declutter};
})();
