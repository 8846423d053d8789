// Short human labels for events, places, actors and articles (plain strings,
// inserted by callers as text).

import { h, pages } from "./dom.js";
import { typeColor } from "./palette.js";

export const PRECISION_LABELS = {
  exact: "exact point",
  near: "near (within a radius)",
  admin1: "province / admin area",
  region: "region",
  country: "country only",
  unresolved: "place unknown",
};

export function dateLabel(start, end, inferred = false) {
  if (!start) return "undated";
  const label = !end || end === start ? start : `${start} … ${end}`;
  return inferred ? `${label} (inferred)` : label;
}

export function eventDate(event) {
  return dateLabel(event.date.start, event.date.end, event.date.inferred);
}

export function placeName(event) {
  const p = event.place;
  if (p.place && p.place.place) return p.place.place.name;
  if (p.place) return p.place.mention.text;
  return p.country || "";
}

export function placeLabel(event) {
  const p = event.place;
  const name = placeName(event);
  if (p.precision === "unresolved") return name ? `${name} (unresolved)` : "unknown";
  if (p.precision === "near" && p.radius_km) return `near ${name} (±${Math.round(p.radius_km)} km)`;
  if (p.precision === "exact") return name;
  return `${name} (${PRECISION_LABELS[p.precision] || p.precision})`;
}

export function actorName(mention) {
  return mention.coded && mention.actor.code ? mention.actor.code : mention.actor.name || mention.mention.text;
}

// The key an actor page is reached by: its code when coded, else its name.
export function actorKey(actor) {
  return actor.code || actor.name;
}

export function actorsLabel(mentions) {
  return mentions.length ? mentions.map(actorName).join(", ") : "—";
}

export function typeLabel(event) {
  return event.mode ? `${event.type} / ${event.mode}` : event.type;
}

// A coloured swatch followed by the type label.
export function typeBadge(type, label = type) {
  const swatch = h("span", { class: "swatch", "aria-hidden": "true" });
  swatch.style.setProperty("--c", typeColor(type));
  return h("span", { class: "type-badge" }, swatch, label);
}

export function actorLinks(mentions) {
  if (!mentions.length) return ["—"];
  const out = [];
  mentions.forEach((m, i) => {
    if (i) out.push(", ");
    out.push(h("a", { href: pages.actor(actorKey(m.actor)), text: actorName(m), title: m.mention.text }));
  });
  return out;
}

// An article by its outlet, or the file it was read from (name only), or its id.
export function articleLabel(article) {
  const file = article.origin ? article.origin.split("/").pop() : null;
  const who = article.source || file || article.id;
  const when = article.published ? article.published : "undated";
  return `${who} (${when})`;
}

export function percent(x) {
  return `${Math.round(x * 100)}%`;
}
