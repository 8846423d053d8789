// Actor and place pages: who or what it is, a small map of its events and the
// list of them (sortable, paged), with a link to the main view filtered to it.

import { getJSON, queryString } from "./api.js";
import { fill, h, pathId, setStatus } from "./dom.js";
import { eventTable, pager } from "./list.js";
import { EventMap } from "./map.js";
import { kvTable } from "./tables.js";

const PAGE_SIZE = 50;

// filter: the event filter this page lists ("actor" or "place_id");
// describe(key, events) -> {title, rows} from the first page of events.
export async function entityPage({ filter, noun, describe }) {
  const root = document.getElementById("page");
  const status = document.getElementById("status");
  const key = pathId();
  const view = { sort: "-date", offset: 0 };
  let described = false;
  const listSlot = h("div");
  const mapSlot = h("div", { class: "map small", role: "region", "aria-label": `Map of this ${noun}'s events` });

  async function loadPage() {
    const page = await getJSON("/events", { [filter]: key, sort: view.sort, offset: view.offset, limit: PAGE_SIZE });
    if (!described) {
      if (!page.total) {
        setStatus(status, `No events for ${noun} ${key}.`, "error");
        return;
      }
      const { title, rows } = describe(key, page.events);
      document.title = `${title} — dateline`;
      fill(root, 
        h("h1", { text: title }),
        h("div", { class: "cards" },
          h("section", { class: "card", "aria-labelledby": "about-h" }, h("h2", { id: "about-h", text: `About this ${noun}` }), kvTable(rows.concat([
            ["Events", String(page.total)],
            ["On the main map", h("a", { href: `/${queryString({ [filter]: key })}`, text: "open the map, timeline and list filtered to it" })],
          ]))),
          h("section", { class: "card", "aria-labelledby": "map-h" }, h("h2", { id: "map-h", text: "Where" }), mapSlot)),
        h("section", { "aria-labelledby": "list-h" }, h("h2", { id: "list-h", text: "Events" }), listSlot),
      );
      described = true;
      const points = await getJSON("/map", { [filter]: key, limit: 5000 });
      new EventMap(mapSlot, { boundariesUrl: "/static/vendor/world-atlas/countries-50m.json" }).setPoints(points.points);
    }
    fill(listSlot, 
      pager({ total: page.total, offset: view.offset, limit: PAGE_SIZE, count: page.events.length, onPage: (o) => { view.offset = o; loadPage(); } }),
      eventTable(page.events, { sort: view.sort, onSort: (s) => { view.sort = s; view.offset = 0; loadPage(); } }),
    );
    setStatus(status, "");
  }

  try {
    await loadPage();
  } catch (error) {
    setStatus(status, `Could not load the events of ${noun} ${key}: ${error.message}`, "error");
  }
}
