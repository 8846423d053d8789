// The event list: a table sortable by date, type and confidence (sorted by the
// API, so sorting covers every page), with paging and a count.

import { h, pages, clip } from "./dom.js";
import { actorLinks, eventDate, placeLabel, typeBadge, typeLabel } from "./labels.js";

const SORTABLE = { date: "Date", type: "Type", confidence: "Confidence" };

// sort: the API sort key ("date", "-confidence" ...); onSort(key) re-sorts.
export function eventTable(events, { sort = "date", onSort }) {
  const key = sort.replace(/^-/, "");
  const descending = sort.startsWith("-");
  const header = h("tr");
  const columns = [["date", "Date"], ["type", "Type"], [null, "Who → whom"], [null, "Where"], [null, "Modality"], ["confidence", "Conf."], [null, "Evidence"]];
  for (const [name, label] of columns) {
    if (!name || !onSort) {
      header.append(h("th", { scope: "col", text: label }));
      continue;
    }
    const active = name === key;
    const next = active && !descending ? `-${name}` : name;
    const arrow = active ? (descending ? " ▼" : " ▲") : "";
    header.append(h("th", { scope: "col", "aria-sort": active ? (descending ? "descending" : "ascending") : "none" },
      h("button", { type: "button", class: "sort-button", title: `Sort by ${SORTABLE[name].toLowerCase()}`, text: label + arrow, on: { click: () => onSort(next) } })));
  }
  const body = h("tbody");
  for (const e of events) {
    const who = [...actorLinks(e.sources)];
    if (e.targets.length) who.push(" → ", ...actorLinks(e.targets));
    const where = e.place.place && e.place.place.place
      ? h("a", { href: pages.place(e.place.place.place.place_id), text: placeLabel(e) })
      : placeLabel(e);
    body.append(h("tr", { dataset: { eventId: e.id, date: e.date.start || "", type: e.type } },
      h("td", { class: "nowrap" }, h("a", { href: pages.event(e.id), text: eventDate(e) })),
      h("td", {}, typeBadge(e.type, typeLabel(e))),
      h("td", {}, ...who),
      h("td", {}, where),
      h("td", { text: e.modality }),
      h("td", { class: "num", text: e.confidence.toFixed(2) }),
      h("td", { class: "evidence-cell", text: clip(e.evidence.text, 160) })));
  }
  return h("table", { class: "events" }, h("caption", { class: "visually-hidden", text: "Events matching the filters" }), h("thead", {}, header), body);
}

// "Events 51–100 of 132" with Previous / Next buttons.
export function pager({ total, offset, limit, count, onPage }) {
  const first = count ? offset + 1 : 0;
  const last = offset + count;
  const nav = h("nav", { class: "pager", "aria-label": "Pages of events" },
    h("span", { class: "count", text: total ? `Events ${first}–${last} of ${total}` : "No events match these filters." }));
  const prev = h("button", { type: "button", text: "← Previous", disabled: offset <= 0, on: { click: () => onPage(Math.max(0, offset - limit)) } });
  const next = h("button", { type: "button", text: "Next →", disabled: last >= total, on: { click: () => onPage(offset + limit) } });
  nav.append(prev, next);
  return nav;
}
