// The story page: one happening, its member events and every source side by side.

import { getJSON } from "./api.js";
import { fill, h, pages, pathId, setStatus } from "./dom.js";
import { dateLabel, typeBadge } from "./labels.js";
import { eventTable } from "./list.js";
import { renderSources } from "./sources.js";
import { disagreementTable, kvTable } from "./tables.js";

const root = document.getElementById("page");
const status = document.getElementById("status");

async function main() {
  const id = pathId();
  try {
    const detail = await getJSON(`/stories/${encodeURIComponent(id)}`);
    render(detail);
    setStatus(status, "");
    await renderSources(document.getElementById("sources"), {
      articleIds: detail.articles.map((a) => a.id),
      events: detail.events,
      story: detail.story,
    });
  } catch (error) {
    setStatus(status, error.status === 404 ? `No story with id ${id}.` : `Could not load the story: ${error.message}`, "error");
  }
}

function render({ story: s, events }) {
  document.title = `Story ${s.type} ${dateLabel(s.start, s.end)} — dateline`;
  fill(root, 
    h("h1", {}, typeBadge(s.type), ` · ${dateLabel(s.start, s.end)}`),
    h("p", { class: "meta", text: s.summary }),
    h("div", { class: "cards" },
      h("section", { class: "card", "aria-labelledby": "s-h" }, h("h2", { id: "s-h", text: "Story" }), kvTable([
        ["Articles", String(s.article_ids.length)],
        ["Independent sources", String(s.independent_sources)],
        ["Earliest report", s.earliest_article_id ? h("a", { href: pages.article(s.earliest_article_id), text: s.earliest_article_id }) : "unknown"],
        ["Country", s.country || "—"],
        ["On the map", h("a", { href: `/?story_id=${encodeURIComponent(s.id)}`, text: "show this story's events" })],
      ])),
      h("section", { class: "card", "aria-labelledby": "d-h" }, h("h2", { id: "d-h", text: "Agreement" }),
        s.disagreements.length ? disagreementTable(s.disagreements) : h("p", { text: "The sources agree on every compared field." }))),
    h("section", { "aria-labelledby": "e-h" }, h("h2", { id: "e-h", text: `Events (${events.length})` }), eventTable(events, {})),
    h("section", { "aria-labelledby": "src-h" }, h("h2", { id: "src-h", text: "Sources side by side" }), h("div", { id: "sources" })),
  );
}

main();
