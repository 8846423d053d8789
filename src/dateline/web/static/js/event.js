// The event page: the evidence sentence with its trigger, actors, place and
// time highlighted; the coding (PLOVER, ACLED, CAMEO), modality and
// confidence; the story it belongs to with any disagreement between sources;
// and every source side by side with copied passages marked.

import { getJSON } from "./api.js";
import { fill, h, pages, pathId, setStatus } from "./dom.js";
import { countKinds, eventSpans, highlight, legend } from "./highlight.js";
import { actorLinks, articleLabel, eventDate, PRECISION_LABELS, placeLabel, typeBadge, typeLabel } from "./labels.js";
import { renderSources } from "./sources.js";
import { disagreementTable, kvTable } from "./tables.js";

const root = document.getElementById("page");
const status = document.getElementById("status");

async function main() {
  const id = pathId();
  try {
    const detail = await getJSON(`/events/${encodeURIComponent(id)}`);
    render(detail);
    setStatus(status, "");
    const group = detail.story
      ? await getJSON(`/stories/${encodeURIComponent(detail.story.id)}`)
      : { events: [detail.event], articles: [detail.article] };
    await renderSources(document.getElementById("sources"), {
      articleIds: group.articles.map((a) => a.id),
      events: group.events,
      story: detail.story,
      focusId: detail.event.id,
    });
  } catch (error) {
    setStatus(status, error.status === 404 ? `No event with id ${id}.` : `Could not load the event: ${error.message}`, "error");
  }
}

function render({ event: e, article, excerpt, story }) {
  document.title = `${e.type} ${eventDate(e)} — dateline`;
  const spans = eventSpans(e);
  const evidence = highlight(e.evidence.text, spans, e.evidence.start);
  evidence.classList.add("evidence-box");
  evidence.id = "evidence";
  const kinds = ["trigger", "actor", "place", "time", "quantity"].filter((k) => spans.some((s) => s.kind === k));
  const context = highlight(excerpt.text, [{ start: e.evidence.start, end: e.evidence.end, kind: "evidence" }, ...spans], excerpt.start);

  fill(root, 
    h("h1", {}, typeBadge(e.type, typeLabel(e)), ` · ${eventDate(e)} · ${placeLabel(e)}`),
    h("p", { class: "meta" }, "Reported by ", h("a", { href: pages.article(article.id), text: articleLabel(article) }),
      story ? [" · part of ", h("a", { href: pages.story(story.id), text: `a story reported by ${story.article_ids.length} article${story.article_ids.length === 1 ? "" : "s"}` })] : " · not linked to other reports"),
    h("section", { "aria-labelledby": "ev-h" },
      h("h2", { id: "ev-h", text: "Evidence" }),
      legend(kinds, evidence, countKinds(spans)),
      evidence,
      h("details", {}, h("summary", { text: "In context" }), context)),
    h("div", { class: "cards" },
      h("section", { class: "card", "aria-labelledby": "code-h" }, h("h2", { id: "code-h", text: "Coding" }), kvTable(codingRows(e))),
      h("section", { class: "card", "aria-labelledby": "where-h" }, h("h2", { id: "where-h", text: "Who, where, when" }), kvTable(factRows(e))),
      story ? h("section", { class: "card", "aria-labelledby": "story-h" }, h("h2", { id: "story-h", text: "Story" }), kvTable(storyRows(story)),
        story.disagreements.length ? disagreementTable(story.disagreements) : h("p", { class: "note", text: "The sources agree on every compared field." })) : null),
    h("section", { "aria-labelledby": "src-h" },
      h("h2", { id: "src-h", text: story ? "Sources side by side" : "Source" }),
      h("div", { id: "sources" })),
  );
}

function codingRows(e) {
  return [
    ["PLOVER", `${typeLabel(e)}${e.quad ? ` (${e.quad})` : ""}`],
    ["Context", e.context.join(", ") || "—"],
    ["ACLED", [e.acled_type, e.acled_subtype].filter(Boolean).join(" / ") || "—"],
    ["CAMEO root", e.cameo_root || "—"],
    ["Modality", e.modality + (e.claimant ? ` (claimed by ${e.claimant.mention.text})` : "")],
    ["Confidence", e.confidence.toFixed(2)],
  ];
}

function factRows(e) {
  const p = e.place;
  const where = [placeLabel(e)];
  if (p.place && p.place.place) where.push(" · ", h("a", { href: pages.place(p.place.place.place_id), text: "all events here" }));
  const rows = [
    ["Source actor", actorLinks(e.sources)],
    ["Target actor", actorLinks(e.targets)],
  ];
  if (e.coactors.length) rows.push(["Co-actors", actorLinks(e.coactors)]);
  rows.push(
    ["Place", where],
    ["Precision", `${PRECISION_LABELS[p.precision] || p.precision}${p.radius_km ? `; uncertainty ±${Math.round(p.radius_km)} km` : ""}; rule: ${p.rule || "—"}`],
    ["Coordinates", p.lat !== null && p.lat !== undefined ? `${p.lat.toFixed(3)}, ${p.lon.toFixed(3)}` : "—"],
    ["Date", `${eventDate(e)} (${e.date.granularity}; rule: ${e.date.rule || "—"})`],
  );
  if (e.quantities.length) rows.push(["Quantities", e.quantities.map((q) => `${q.kind}: ${q.value ?? q.text}`).join("; ")]);
  if (e.attributed_to) rows.push(["Copied passage", ["from ", h("a", { href: pages.article(e.attributed_to), text: e.attributed_to })]]);
  return rows;
}

function storyRows(s) {
  return [
    ["Articles", String(s.article_ids.length)],
    ["Independent sources", String(s.independent_sources)],
    ["Earliest report", s.earliest_article_id ? h("a", { href: pages.article(s.earliest_article_id), text: s.earliest_article_id }) : "unknown"],
    ["Summary", s.summary || "—"],
  ];
}

main();
