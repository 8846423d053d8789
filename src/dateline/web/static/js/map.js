// The event map: Leaflet over Natural Earth country outlines (no tile server),
// one marker per event coloured by PLOVER type and sized by the number of
// sources, its shape saying how precisely the place is known, and a simple
// screen-grid clustering so dense areas stay readable at every zoom.
//
// Precision: a filled dot is an exact point; a dot with a dashed circle is
// "near" (the circle is the uncertainty radius on the ground); a ring is only
// known to a province or region (the dashed circle shows its extent); a
// diamond is known only to the country.

/* global L, topojson */

import { h, pages, clear } from "./dom.js";
import { dateLabel, PRECISION_LABELS, typeBadge } from "./labels.js";
import { orderTypes, typeColor } from "./palette.js";

const CELL = 44; // px: points closer than one grid cell on screen are clustered
const MAX_AREA_KM = 300; // radius above which no uncertainty circle is drawn (country-sized)
const POPUP_LIST = 12;
const LABEL_ZOOM = 5; // from this zoom on, markers carry their place name

export function markerSize(sources) {
  return Math.round(12 + 5 * Math.log2(Math.max(1, sources)));
}

function shapeOf(precision) {
  if (precision === "exact") return "dot";
  if (precision === "near") return "near";
  if (precision === "country") return "diamond";
  return "ring";
}

export class EventMap {
  // container: the element to draw in; onArea(bbox): called with "w,s,e,n" to
  // filter by an area (without it, the map offers no area filtering).
  constructor(container, { boundariesUrl, onArea = null }) {
    this.onArea = onArea;
    this.points = [];
    this.fitted = false;
    this.map = L.map(container, { worldCopyJump: true, minZoom: 1, maxZoom: 12, zoomSnap: 0.5 });
    this.map.attributionControl.setPrefix(false);
    this.map.attributionControl.addAttribution("Leaflet | Boundaries: Natural Earth (public domain)");
    this.map.setView([20, 20], 2);
    this.markers = L.layerGroup().addTo(this.map);
    this.areas = L.layerGroup().addTo(this.map);
    this.map.on("zoomend moveend", () => this.draw());
    if (onArea) this.addAreaButton();
    this.legend = L.control({ position: "bottomright" });
    this.legend.onAdd = () => h("div", { class: "map-legend" });
    this.legend.addTo(this.map);
    this.boundaries = this.loadBoundaries(boundariesUrl);
  }

  async loadBoundaries(url) {
    const response = await fetch(url);
    const topo = await response.json();
    const countries = topojson.feature(topo, topo.objects.countries);
    for (const feature of countries.features) feature.geometry = unwrapGeometry(feature.geometry);
    L.geoJSON(countries, {
      interactive: false,
      noClip: true, // clipping to the view would stroke the clip edges as fake borders
      renderer: L.svg({ padding: 0.5 }), // the canvas renderer left stray clip edges at some views
      style: { color: "#8a8f98", weight: 0.7, fillColor: "#f1efe8", fillOpacity: 1 },
    }).addTo(this.map).bringToBack();
  }

  addAreaButton() {
    const control = L.control({ position: "topright" });
    control.onAdd = () => {
      const button = h("button", {
        type: "button",
        class: "map-button",
        text: "Filter to this area",
        title: "Show only events inside the visible map area",
        on: { click: () => this.onArea(this.visibleBox()) },
      });
      L.DomEvent.disableClickPropagation(button);
      return button;
    };
    control.addTo(this.map);
  }

  visibleBox() {
    const b = this.map.getBounds();
    const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
    const round = (v) => Math.round(v * 1000) / 1000;
    let west = b.getWest();
    let east = b.getEast();
    if (east - west >= 360) [west, east] = [-180, 180];
    return [clamp(west, -180, 180), clamp(b.getSouth(), -90, 90), clamp(east, -180, 180), clamp(b.getNorth(), -90, 90)]
      .map(round)
      .join(",");
  }

  // points: the /map response's points; total: how many located events match.
  setPoints(points) {
    this.points = points;
    if (!this.fitted && points.length) {
      // Frame the events placed more precisely than a country when there are
      // any: a country centroid far away should not zoom the map out to the world.
      const precise = points.filter((p) => p.precision !== "country");
      const framed = precise.length ? precise : points;
      const bounds = L.latLngBounds(framed.map((p) => [p.lat, p.lon]));
      this.map.fitBounds(bounds.pad(0.3), { maxZoom: 6, animate: false });
      this.fitted = true;
    }
    this.draw();
    this.drawLegend();
  }

  draw() {
    this.markers.clearLayers();
    this.areas.clearLayers();
    const zoom = this.map.getZoom();
    const view = this.map.getBounds().pad(0.2);
    const cells = new Map();
    for (const p of this.points) {
      if (!view.contains([p.lat, p.lon])) continue;
      const at = this.map.project([p.lat, p.lon], zoom);
      const key = `${Math.floor(at.x / CELL)}:${Math.floor(at.y / CELL)}`;
      if (!cells.has(key)) cells.set(key, []);
      cells.get(key).push(p);
    }
    for (const members of cells.values()) {
      if (members.length === 1) this.addPoint(members[0]);
      else this.addCluster(members);
    }
  }

  addPoint(p) {
    const size = markerSize(p.sources);
    const shape = shapeOf(p.precision);
    const pin = h("span", { class: `pin pin-${shape}`, dataset: { eventId: p.id, type: p.type, precision: p.precision } });
    pin.style.setProperty("--c", typeColor(p.type));
    const label = `${p.type} ${dateLabel(p.date_start, p.date_end)} ${p.place_text || ""} (${PRECISION_LABELS[p.precision] || p.precision})`;
    const icon = L.divIcon({ html: pin, className: "pin-icon", iconSize: [size, size] });
    const marker = L.marker([p.lat, p.lon], { icon, title: label, keyboard: true, riseOnHover: true });
    marker.bindPopup(() => pointPopup(p), { maxWidth: 320 });
    this.label(marker, p.place_text);
    this.markers.addLayer(marker);
    if (p.radius_km && p.radius_km <= MAX_AREA_KM && (p.precision === "near" || shape === "ring")) {
      this.areas.addLayer(L.circle([p.lat, p.lon], {
        radius: p.radius_km * 1000,
        color: typeColor(p.type),
        weight: 1.5,
        dashArray: "4 4",
        fillOpacity: 0.06,
        interactive: false,
      }));
    }
  }

  addCluster(members) {
    const lat = members.reduce((s, p) => s + p.lat, 0) / members.length;
    const lon = members.reduce((s, p) => s + p.lon, 0) / members.length;
    const size = Math.round(Math.min(56, 24 + 9 * Math.log10(members.length)));
    const counts = {};
    for (const p of members) counts[p.type] = (counts[p.type] || 0) + 1;
    const bubble = h("span", { class: "cluster", dataset: { count: members.length } }, h("span", { text: String(members.length) }));
    bubble.style.setProperty("--pie", pieGradient(counts, members.length));
    const summary = orderTypes(Object.keys(counts)).map((t) => `${counts[t]} ${t}`).join(", ");
    const icon = L.divIcon({ html: bubble, className: "pin-icon", iconSize: [size, size] });
    const marker = L.marker([lat, lon], { icon, title: `${members.length} events: ${summary}`, keyboard: true });
    const bounds = L.latLngBounds(members.map((p) => [p.lat, p.lon]));
    // Members spread over the ground zoom in when clicked; members on one spot
    // (same town, or country centroid) can never separate, so they list instead.
    const spread = this.map.project(bounds.getNorthEast()).distanceTo(this.map.project(bounds.getSouthWest()));
    if (spread > 2 && this.map.getZoom() < this.map.getMaxZoom()) {
      const zoomIn = () => this.map.fitBounds(bounds.pad(0.5), { maxZoom: this.map.getZoom() + 3 });
      marker.on("click", zoomIn);
      marker.on("keypress", (e) => {
        if (e.originalEvent.key === "Enter") zoomIn();
      });
    } else {
      const showAll = this.onArea ? () => this.onArea(boxAround(bounds)) : null;
      marker.bindPopup(() => clusterPopup(members, showAll), { maxWidth: 340 });
    }
    this.label(marker, commonPlace(members));
    this.markers.addLayer(marker);
  }

  // The base map has outlines only, so close up a marker names its place.
  label(marker, text) {
    if (!text || this.map.getZoom() < LABEL_ZOOM) return;
    marker.bindTooltip(h("span", { text }), { permanent: true, direction: "right", className: "place-label", offset: [6, 0] });
  }

  drawLegend() {
    const box = clear(this.legend.getContainer());
    const types = orderTypes([...new Set(this.points.map((p) => p.type))]);
    const details = h("details", { open: true }, h("summary", { text: "Legend" }));
    const typeList = h("ul", { class: "legend-types" });
    for (const t of types) typeList.append(h("li", {}, typeBadge(t)));
    const shapes = h("ul", { class: "legend-shapes" });
    for (const [shape, text] of [["dot", "exact point"], ["near", "near a place (dashed: radius)"], ["ring", "province or region"], ["diamond", "country only"]]) {
      const pin = h("span", { class: `pin pin-${shape} legend-pin`, "aria-hidden": "true" });
      pin.style.setProperty("--c", "#444");
      shapes.append(h("li", {}, pin, text));
    }
    const sizes = h("p", { class: "legend-note", text: "Bigger marker: more sources. Numbered circle: several events; click to zoom." });
    details.append(typeList, shapes, sizes);
    box.append(details);
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
  }
}

// Natural Earth rings are spherical: a ring may cross the antimeridian (Fiji,
// Chukotka) or go round a pole (Antarctica). Drawn on a flat map that becomes
// a line across the whole world, so shift longitudes past +-180 to keep each
// ring continuous, and close pole-circling rings along the pole.
function unwrapRing(ring) {
  const out = [ring[0]];
  let shift = 0;
  for (let i = 1; i < ring.length; i += 1) {
    const [lon, lat] = ring[i];
    const jump = lon - ring[i - 1][0];
    if (jump > 180) shift -= 360;
    else if (jump < -180) shift += 360;
    out.push([lon + shift, lat]);
  }
  if (shift !== 0) {
    const pole = out.reduce((sum, p) => sum + p[1], 0) < 0 ? -90 : 90;
    out.push([out[out.length - 1][0], pole], [out[0][0], pole], out[0]);
  }
  return out;
}

export function unwrapGeometry(geometry) {
  if (!geometry) return geometry;
  if (geometry.type === "Polygon") return { ...geometry, coordinates: geometry.coordinates.map(unwrapRing) };
  if (geometry.type === "MultiPolygon") {
    return { ...geometry, coordinates: geometry.coordinates.map((polygon) => polygon.map(unwrapRing)) };
  }
  return geometry;
}

function pieGradient(counts, total) {
  let at = 0;
  const stops = [];
  for (const t of orderTypes(Object.keys(counts))) {
    const next = at + (counts[t] / total) * 360;
    stops.push(`${typeColor(t)} ${at.toFixed(1)}deg ${next.toFixed(1)}deg`);
    at = next;
  }
  return `conic-gradient(${stops.join(", ")})`;
}

// The place most members share, if at least half do.
function commonPlace(members) {
  const counts = {};
  for (const p of members) if (p.place_text) counts[p.place_text] = (counts[p.place_text] || 0) + 1;
  const [best, n] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0] || [null, 0];
  return n * 2 >= members.length ? best : null;
}

function boxAround(bounds) {
  const pad = 0.05;
  const r = (v) => Math.round(v * 1000) / 1000;
  return [
    Math.max(-180, bounds.getWest() - pad), Math.max(-90, bounds.getSouth() - pad),
    Math.min(180, bounds.getEast() + pad), Math.min(90, bounds.getNorth() + pad),
  ].map(r).join(",");
}

function pointPopup(p) {
  return h("div", { class: "popup" },
    h("p", {}, typeBadge(p.type)),
    h("p", { text: dateLabel(p.date_start, p.date_end) }),
    h("p", {}, p.place_id ? h("a", { href: pages.place(p.place_id), text: p.place_text || p.place_id }) : p.place_text || "",
      ` — ${PRECISION_LABELS[p.precision] || p.precision}${p.radius_km ? ` (±${Math.round(p.radius_km)} km)` : ""}`),
    h("p", { text: `${p.sources} source${p.sources === 1 ? "" : "s"} · ${p.modality} · confidence ${p.confidence.toFixed(2)}` }),
    h("p", {}, h("a", { href: pages.event(p.id), text: "Open event →" })));
}

function clusterPopup(members, onShowAll) {
  const list = h("ul", { class: "popup-list" });
  for (const p of members.slice(0, POPUP_LIST)) {
    list.append(h("li", {}, typeBadge(p.type), " ", h("a", { href: pages.event(p.id), text: `${dateLabel(p.date_start, p.date_end)} · ${p.place_text || ""}` })));
  }
  const more = members.length > POPUP_LIST ? `${members.length - POPUP_LIST} more. ` : "";
  return h("div", { class: "popup" },
    h("p", { text: `${members.length} events at this spot` }),
    list,
    h("p", {}, more, onShowAll ? h("button", { type: "button", class: "link-button", text: "List only these", on: { click: onShowAll } }) : null));
}
