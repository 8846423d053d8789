// The main view: filters, map, timeline and event list, all driven by the
// filters in the URL. Every change (form, timeline brush, map area, sort,
// page) writes a new URL and reloads the three views from it, so Back undoes
// it and the address can be shared.

import { filtersOf, getJSON, pushState, readState, without } from "./api.js";
import { fill, h, setStatus } from "./dom.js";
import { filterForm, replaceForm } from "./filters.js";
import { eventTable, pager } from "./list.js";
import { EventMap } from "./map.js";
import { Timeline } from "./timeline.js";

const PAGE_SIZE = 50;
const MAP_POINTS = 5000;

const slots = {
  form: document.getElementById("filters"),
  status: document.getElementById("status"),
  mapNote: document.getElementById("map-note"),
  timelineNote: document.getElementById("timeline-note"),
  list: document.getElementById("list"),
};

let options = null;
let loading = 0;

function update(next) {
  const state = { ...next };
  for (const key of Object.keys(state)) if (state[key] === undefined) delete state[key];
  pushState(state);
  load();
}

const map = new EventMap(document.getElementById("map"), {
  boundariesUrl: "/static/vendor/world-atlas/countries-50m.json",
  onArea: (bbox) => update({ ...readState(), bbox, offset: undefined }),
});

const timeline = new Timeline(document.getElementById("timeline"), {
  onRange: (from, to) => update({ ...readState(), date_from: from || undefined, date_to: to || undefined, offset: undefined }),
});

async function load() {
  const ticket = ++loading;
  const state = readState();
  const filters = filtersOf(state);
  setStatus(slots.status, "Loading…");
  try {
    options = options || (await getJSON("/stats"));
    replaceForm(slots.form, filterForm(state, { types: Object.keys(options.by_type), countries: options.by_country }, update));
    const [points, stats, page] = await Promise.all([
      getJSON("/map", { ...filters, limit: MAP_POINTS }),
      getJSON("/stats", without(filters, "date_from", "date_to")),
      getJSON("/events", { ...filters, sort: state.sort || "date", offset: state.offset || 0, limit: PAGE_SIZE }),
    ]);
    if (ticket !== loading) return; // a newer load started meanwhile
    map.setPoints(points.points);
    slots.mapNote.textContent = points.total > points.points.length
      ? `Showing the newest ${points.points.length} of ${points.total} located events.`
      : `${points.total} located event${points.total === 1 ? "" : "s"} on the map; ${page.total - points.total > 0 ? `${page.total - points.total} more have no coordinates.` : "all matching events are located."}`;
    timeline.render(stats.by_day_type, { from: state.date_from, to: state.date_to });
    slots.timelineNote.textContent = stats.undated_events ? `${stats.undated_events} matching events are undated and not on the timeline.` : "";
    renderList(state, page);
    setStatus(slots.status, "");
  } catch (error) {
    if (ticket === loading) setStatus(slots.status, `Could not load events: ${error.message}`, "error");
  }
}

function renderList(state, page) {
  const offset = Number(state.offset || 0);
  const onPage = (next) => update({ ...state, offset: next || undefined });
  fill(slots.list, 
    pager({ total: page.total, offset, limit: PAGE_SIZE, count: page.events.length, onPage }),
    page.events.length ? eventTable(page.events, { sort: state.sort || "date", onSort: (sort) => update({ ...state, sort, offset: undefined }) }) : h("p", { text: "Nothing to list." }),
  );
}

window.addEventListener("popstate", load);
load();
