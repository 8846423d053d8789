// Small tables shared by the detail pages.

import { h, pages } from "./dom.js";

// rows: [[label, value]] where value is a string, a node or a list of them.
export function kvTable(rows) {
  const body = h("tbody");
  for (const [label, value] of rows) {
    body.append(h("tr", {}, h("th", { scope: "row", text: label }), h("td", {}, ...[].concat(value))));
  }
  return h("table", { class: "kv" }, body);
}

// Disagreements between sources: one row per field, each article's value.
export function disagreementTable(disagreements) {
  const body = h("tbody");
  for (const d of disagreements) {
    const values = Object.entries(d.values).map(([articleId, value], i) => [
      i ? "; " : "",
      h("a", { href: pages.article(articleId), text: articleId.slice(0, 8) }),
      `: ${value}`,
    ]);
    body.append(h("tr", {}, h("th", { scope: "row", text: d.field }), h("td", {}, ...values.flat())));
  }
  return h("table", { class: "kv disagree" },
    h("caption", { text: "Where the sources disagree" }),
    h("thead", {}, h("tr", {}, h("th", { scope: "col", text: "Field" }), h("th", { scope: "col", text: "Value per article" }))),
    body);
}
