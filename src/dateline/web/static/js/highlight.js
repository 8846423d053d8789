// Text with extracted spans marked: the evidence sentence of an event, or a
// whole article with every place, actor, time, quantity, trigger and copied
// passage. Spans may overlap (an actor inside the evidence sentence inside a
// copied passage), so the text is cut at every span boundary and each piece
// is wrapped in one <mark> carrying the classes of all spans covering it; the
// CSS gives each kind its own visual channel (background, underline, border)
// so overlapping kinds stay readable. All text goes in as text nodes.

import { h } from "./dom.js";

export const KINDS = {
  evidence: "evidence sentence",
  trigger: "event trigger",
  actor: "actor",
  place: "place",
  time: "time",
  quantity: "quantity",
  copied: "copied passage (shared with another source)",
};

// text: the string shown; spans: [{start, end, kind, title}] with offsets into
// the original article; base: the article offset where `text` starts.
export function highlight(text, spans, base = 0) {
  const container = h("div", { class: "hl-text" });
  const local = spans
    .map((s) => ({ ...s, start: Math.max(0, s.start - base), end: Math.min(text.length, s.end - base) }))
    .filter((s) => s.end > s.start);
  const cuts = new Set([0, text.length]);
  for (const s of local) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  for (let i = 0; i < points.length - 1; i += 1) {
    const [a, b] = [points[i], points[i + 1]];
    const piece = text.slice(a, b);
    const covering = local.filter((s) => s.start <= a && s.end >= b);
    if (!covering.length) {
      container.append(document.createTextNode(piece));
      continue;
    }
    const kinds = [...new Set(covering.map((s) => s.kind))];
    const titles = [...new Set(covering.map((s) => s.title).filter(Boolean))];
    container.append(
      h("mark", {
        class: ["hl"].concat(kinds.map((k) => `k-${k}`)).join(" "),
        title: titles.join("\n") || null,
        dataset: { kinds: kinds.join(" ") },
        text: piece,
      }),
    );
  }
  return container;
}

// A legend of the kinds present, each with a sample of its style and a
// checkbox that hides or shows that kind's marks in `target`.
export function legend(kinds, target, counts = {}) {
  const list = h("ul", { class: "legend", "aria-label": "Highlight legend" });
  for (const kind of kinds) {
    const id = `show-${kind}-${Math.random().toString(36).slice(2, 8)}`;
    const box = h("input", {
      type: "checkbox",
      id,
      checked: true,
      on: { change: (e) => target.classList.toggle(`hide-${kind}`, !e.target.checked) },
    });
    const count = counts[kind] !== undefined ? ` (${counts[kind]})` : "";
    list.append(
      h("li", {}, box, h("label", { for: id }, h("mark", { class: `hl k-${kind}`, text: KINDS[kind] || kind }), count)),
    );
  }
  return list;
}

// Spans of an event: trigger, actors (with their role), place, time, quantities.
export function eventSpans(event) {
  const spans = [{ start: event.trigger.start, end: event.trigger.end, kind: "trigger", title: `trigger: ${event.type}` }];
  const roles = [["source", event.sources], ["target", event.targets], ["co-actor", event.coactors]];
  if (event.claimant) roles.push(["claimant", [event.claimant]]);
  for (const [role, mentions] of roles) {
    for (const m of mentions) {
      const who = m.actor.code ? `${m.actor.name} (${m.actor.code})` : m.actor.name;
      spans.push({ start: m.mention.start, end: m.mention.end, kind: "actor", title: `${role}: ${who}` });
    }
  }
  const place = event.place.place;
  if (place) {
    const name = place.place ? `${place.place.name}, ${place.place.country || "?"}` : "unresolved";
    spans.push({ start: place.mention.start, end: place.mention.end, kind: "place", title: `place: ${name} (${event.place.precision})` });
  }
  const time = event.date.time;
  if (time) {
    spans.push({ start: time.mention.start, end: time.mention.end, kind: "time", title: `time: ${time.value || "unresolved"}` });
  }
  for (const q of event.quantities) {
    if (q.mention) spans.push({ start: q.mention.start, end: q.mention.end, kind: "quantity", title: `${q.kind}: ${q.value ?? q.text}` });
  }
  return spans;
}

// Spans of everything extracted from an article.
export function extractionSpans(extraction) {
  const spans = [];
  for (const p of extraction.places) {
    const where = p.place ? `${p.place.name}, ${p.place.country || "?"} (${p.precision})` : `unresolved${p.reason ? `: ${p.reason}` : ""}`;
    spans.push({ start: p.mention.start, end: p.mention.end, kind: "place", title: `place (${p.role}): ${where}` });
  }
  for (const a of extraction.actors) {
    const who = a.actor.code ? `${a.actor.name} (${a.actor.code})` : `${a.actor.name} (uncoded)`;
    spans.push({ start: a.mention.start, end: a.mention.end, kind: "actor", title: `actor: ${who}` });
  }
  for (const t of extraction.times) {
    spans.push({ start: t.mention.start, end: t.mention.end, kind: "time", title: `time: ${t.value || `unresolved (${t.reason || "no anchor"})`}` });
  }
  for (const e of extraction.events) {
    spans.push({ start: e.evidence.start, end: e.evidence.end, kind: "evidence", title: `evidence of ${e.type}` });
    spans.push({ start: e.trigger.start, end: e.trigger.end, kind: "trigger", title: `trigger: ${e.type}${e.mode ? ` / ${e.mode}` : ""}` });
    for (const q of e.quantities) {
      if (q.mention) spans.push({ start: q.mention.start, end: q.mention.end, kind: "quantity", title: `${q.kind}: ${q.value ?? q.text}` });
    }
  }
  return spans;
}

// Copied passages of one article, from its reuse records; `names` maps article id -> label.
export function reuseSpans(articleId, reuse, names = {}) {
  const spans = [];
  for (const r of reuse) {
    const asSource = r.source_article_id === articleId;
    const other = asSource ? r.target_article_id : r.source_article_id;
    const who = names[other] || other;
    const how = r.direction === "unknown" ? `shared with ${who}` : asSource ? `copied by ${who}` : `copied from ${who}`;
    for (const s of r.spans) {
      spans.push(asSource
        ? { start: s.source_start, end: s.source_end, kind: "copied", title: how }
        : { start: s.target_start, end: s.target_end, kind: "copied", title: how });
    }
  }
  return spans;
}

export function countKinds(spans) {
  const counts = {};
  for (const s of spans) counts[s.kind] = (counts[s.kind] || 0) + 1;
  return counts;
}
