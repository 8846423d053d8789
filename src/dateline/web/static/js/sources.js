// Every source of a happening side by side: one column per article with its
// outlet and date, the events it reports (evidence highlighted), and its full
// text with the member events' evidence and every copied passage marked
// ("copied from" / "copied by" the other article).

import { getJSON } from "./api.js";
import { externalLink, fill, h, pages } from "./dom.js";
import { eventSpans, highlight, legend, reuseSpans } from "./highlight.js";
import { articleLabel, eventDate, typeBadge, typeLabel } from "./labels.js";

// articleIds: the story's articles (or one); events: the member events;
// story: the story or null; focusId: the event the page is about.
export async function renderSources(container, { articleIds, events, story = null, focusId = null }) {
  fill(container, h("p", { class: "note", text: "Loading sources…" }));
  const details = await Promise.all(articleIds.map((id) => getJSON(`/articles/${encodeURIComponent(id)}`)));
  const names = {};
  for (const d of details) names[d.article.id] = articleLabel(d.article);
  const grid = h("div", { class: "sources", role: "list" });
  for (const detail of details) grid.append(sourceColumn(detail, events, story, focusId, names));
  fill(container, 
    legend(["evidence", "trigger", "actor", "place", "time", "quantity", "copied"], grid),
    grid,
  );
  for (const box of grid.querySelectorAll(".hl-text.full")) {
    const first = box.querySelector("mark.k-evidence");
    if (first) box.scrollTop = Math.max(0, first.offsetTop - box.offsetTop - 40);
  }
}

function sourceColumn(detail, events, story, focusId, names) {
  const a = detail.article;
  const mine = events.filter((e) => e.article_id === a.id);
  const tags = [h("span", { class: "tag", text: a.kind })];
  if (story && story.earliest_article_id === a.id) tags.push(h("span", { class: "tag", text: "earliest report" }));
  if (a.near_duplicate_of) tags.push(h("span", { class: "tag warn", text: "near-duplicate" }));
  if (detail.reuse.length) tags.push(h("span", { class: "tag warn", text: `shares text with ${detail.reuse.length} other article${detail.reuse.length === 1 ? "" : "s"}` }));
  const published = a.published ? `${a.published} (date from ${a.published_found_in})` : `undated${a.published_note ? `: ${a.published_note}` : ""}`;

  const column = h("article", { class: "source-col", role: "listitem", dataset: { articleId: a.id } },
    h("h3", {}, h("a", { href: pages.article(a.id), text: names[a.id] })),
    h("p", { class: "meta" }, published),
    a.title ? h("p", { text: a.title }) : null,
    h("p", {}, ...tags),
    a.url ? h("p", { class: "meta" }, externalLink(a.url, "original")) : null);

  for (const e of mine) {
    const box = h("div", { class: `member${e.id === focusId ? " focus" : ""}` },
      h("p", {}, typeBadge(e.type, typeLabel(e)), " · ", h("a", { href: pages.event(e.id), text: eventDate(e) }), ` · ${e.modality}`),
      highlight(e.evidence.text, eventSpans(e), e.evidence.start));
    if (e.attributed_to) {
      box.append(h("p", { class: "meta" }, "In a passage copied from ", h("a", { href: pages.article(e.attributed_to), text: names[e.attributed_to] || e.attributed_to })));
    }
    column.append(box);
  }
  const spans = reuseSpans(a.id, detail.reuse, names);
  for (const e of mine) spans.push({ start: e.evidence.start, end: e.evidence.end, kind: "evidence", title: `evidence of ${e.type}` }, ...eventSpans(e));
  const text = highlight(a.text, spans);
  text.classList.add("full");
  text.setAttribute("tabindex", "0");
  text.setAttribute("aria-label", `Full text of ${names[a.id]}`);
  column.append(h("details", { open: true }, h("summary", { text: "Full text" }), text));
  return column;
}
