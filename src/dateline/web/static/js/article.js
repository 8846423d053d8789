// The article page: metadata (and how the date was found), the full text with
// every extracted span highlighted and a legend to switch kinds on and off,
// the article's events, and the articles it shares text with.

import { getJSON } from "./api.js";
import { externalLink, fill, h, pages, pathId, setStatus } from "./dom.js";
import { countKinds, extractionSpans, highlight, legend, reuseSpans } from "./highlight.js";
import { eventTable } from "./list.js";
import { kvTable } from "./tables.js";

const root = document.getElementById("page");
const status = document.getElementById("status");

async function main() {
  const id = pathId();
  try {
    render(await getJSON(`/articles/${encodeURIComponent(id)}`));
    setStatus(status, "");
  } catch (error) {
    setStatus(status, error.status === 404 ? `No article with id ${id}.` : `Could not load the article: ${error.message}`, "error");
  }
}

function render({ article: a, extraction, reuse }) {
  document.title = `${a.title || a.source || a.id} — dateline`;
  const spans = extraction ? extractionSpans(extraction) : [];
  spans.push(...reuseSpans(a.id, reuse));
  const text = highlight(a.text, spans);
  text.classList.add("article-text");
  text.id = "article-text";
  const kinds = ["evidence", "trigger", "actor", "place", "time", "quantity", "copied"].filter((k) => spans.some((s) => s.kind === k));
  const events = extraction ? extraction.events : [];

  fill(root, 
    h("h1", { text: a.title || "(untitled article)" }),
    h("p", { class: "meta", text: `${a.source || "unknown outlet"} · ${a.published ? `published ${a.published}` : "publication date unknown"}` }),
    h("div", { class: "cards" },
      h("section", { class: "card", "aria-labelledby": "meta-h" }, h("h2", { id: "meta-h", text: "About this article" }), kvTable(metaRows(a))),
      h("section", { class: "card", "aria-labelledby": "reuse-h" }, h("h2", { id: "reuse-h", text: "Shared text" }), reuseList(a.id, reuse))),
    h("section", { "aria-labelledby": "text-h" },
      h("h2", { id: "text-h", text: "Text" }),
      extraction ? legend(kinds, text, countKinds(spans)) : h("p", { class: "note", text: "Stored without an extraction: nothing is highlighted." }),
      text),
    h("section", { "aria-labelledby": "events-h" },
      h("h2", { id: "events-h", text: `Events (${events.length})` }),
      events.length ? eventTable(events, {}) : h("p", { text: "No events were extracted from this article." })),
  );
}

function metaRows(a) {
  const rows = [
    ["Id", a.id],
    ["Outlet", a.source || "—"],
    ["URL", a.url ? externalLink(a.url) : "—"],
    ["Published", a.published ? `${a.published} (found in: ${a.published_found_in})` : "unknown"],
  ];
  if (a.published_note) rows.push(["Date note", a.published_note]);
  if (a.published_window) rows.push(["Date window", `${a.published_window[0]} … ${a.published_window[1]} (inferred, not observed)`]);
  if (a.dateline) rows.push(["Dateline", `${a.dateline.place_text}${a.dateline.agency ? ` (${a.dateline.agency})` : ""}`]);
  rows.push(["Kind", `${a.kind}${a.kind_cues.length ? ` (cues: ${a.kind_cues.join(", ")})` : ""}`]);
  if (a.near_duplicate_of) rows.push(["Near-duplicate of", h("a", { href: pages.article(a.near_duplicate_of), text: a.near_duplicate_of })]);
  rows.push(["Language", a.language], ["Characters", String(a.text.length)]);
  return rows;
}

function reuseList(id, reuse) {
  if (!reuse.length) return h("p", { text: "No passages shared with other stored articles." });
  const list = h("ul");
  for (const r of reuse) {
    const asSource = r.source_article_id === id;
    const other = asSource ? r.target_article_id : r.source_article_id;
    const verb = r.direction === "unknown" ? "Shares text with" : asSource ? "Copied by" : "Copies from";
    const share = asSource ? r.source_share : r.target_share;
    list.append(h("li", {}, `${verb} `, h("a", { href: pages.article(other), text: other }),
      `: ${r.spans.length} passage${r.spans.length === 1 ? "" : "s"}, ${Math.round(share * 100)}% of this article`));
  }
  return list;
}

main();
