// One colour per PLOVER event type, grouped by quad class so the map reads at a
// glance: reds and browns for material conflict, purples for verbal conflict,
// greens for material cooperation, blues for verbal cooperation. Every colour
// keeps a contrast of at least 3:1 against the pale map background, and markers
// also carry a dark outline and a text label, so colour is never the only cue.

export const TYPE_COLORS = {
  ASSAULT: "#b2182b",
  COERCE: "#d95f02",
  MOBILIZE: "#8c510a",
  PROTEST: "#c51b7d",
  SANCTION: "#a6611a",
  THREATEN: "#762a83",
  ACCUSE: "#9052a8",
  REJECT: "#5e3c99",
  REQUEST: "#7b6bb0",
  COOPERATE: "#1b7837",
  AID: "#3f8f4a",
  RETREAT: "#01665e",
  AGREE: "#2166ac",
  CONSULT: "#3a7fb8",
  SUPPORT: "#053061",
  CONCEDE: "#2c7f78",
};

export const QUADS = [
  ["material conflict", ["ASSAULT", "COERCE", "MOBILIZE", "PROTEST", "SANCTION"]],
  ["verbal conflict", ["THREATEN", "ACCUSE", "REJECT", "REQUEST"]],
  ["material cooperation", ["COOPERATE", "AID", "RETREAT"]],
  ["verbal cooperation", ["AGREE", "CONSULT", "SUPPORT", "CONCEDE"]],
];

const FALLBACK = "#5f6368";

export function typeColor(type) {
  return TYPE_COLORS[String(type || "").toUpperCase()] || FALLBACK;
}

// Types in legend order: known ones by quad, then any others alphabetically.
export function orderTypes(types) {
  const known = QUADS.flatMap(([, list]) => list);
  const present = new Set(types);
  const ordered = known.filter((t) => present.has(t));
  const others = [...present].filter((t) => !known.includes(t)).sort();
  return ordered.concat(others);
}
