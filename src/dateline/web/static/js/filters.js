// The filter form of the main view. It shows the filters of the current URL
// and, when submitted, hands back a new filter state; the page puts that state
// in the URL and reloads the map, timeline and list from it. Filters that the
// form has no field for (an area, a place, a story, an article) appear as
// chips with a button to remove them.

import { append, fill, h } from "./dom.js";
import { typeBadge } from "./labels.js";
import { orderTypes } from "./palette.js";

const MODALITIES = ["asserted", "claimed", "threatened", "hypothetical", "negated", "opinion"];
const CHIPS = { bbox: "Area", place_id: "Place", story_id: "Story", article_id: "Article", mode: "Mode", acled_type: "ACLED type" };

let uid = 0;
function field(label, input, hint) {
  uid += 1;
  const id = `f-${uid}`;
  input.id = id;
  return h("div", { class: "field" }, h("label", { for: id, text: label }), input, hint ? h("small", { text: hint }) : null);
}

function splitList(text) {
  return text.split(",").map((v) => v.trim()).filter(Boolean);
}

// options: {types: [...], countries: {IQ: 12, ...}} from an unfiltered /stats.
export function filterForm(state, options, onChange) {
  const form = h("form", { class: "filters", role: "search", "aria-label": "Event filters" });
  const q = h("input", { type: "search", name: "q", value: state.q || "", placeholder: "e.g. shelling", maxlength: "500" });
  const from = h("input", { type: "date", name: "date_from", value: state.date_from || "" });
  const to = h("input", { type: "date", name: "date_to", value: state.date_to || "" });
  const actor = h("input", { type: "text", name: "actor", value: state.actor || "", placeholder: "IRQMIL, peshmerga …", maxlength: "500" });
  const countryList = h("datalist", { id: "country-options" });
  for (const [code, n] of Object.entries(options.countries || {})) countryList.append(h("option", { value: code, label: `${code} (${n})` }));
  const country = h("input", { type: "text", name: "country", value: (state.country || []).join(", "), list: "country-options", placeholder: "IQ, SY", maxlength: "200" });
  const source = h("input", { type: "text", name: "source", value: (state.source || []).join(", "), placeholder: "outlet name", maxlength: "500" });
  const confidence = h("input", { type: "number", name: "min_confidence", min: "0", max: "1", step: "0.05", value: state.min_confidence || "" });

  const chosenTypes = new Set(state.type || []);
  const typeBoxes = h("fieldset", { class: "checks types" }, h("legend", { text: "Event type (PLOVER)" }));
  for (const t of orderTypes([...new Set([...(options.types || []), ...chosenTypes])])) {
    uid += 1;
    const id = `t-${uid}`;
    typeBoxes.append(h("div", { class: "check" },
      h("input", { type: "checkbox", id, name: "type", value: t, checked: chosenTypes.has(t) }),
      h("label", { for: id }, typeBadge(t))));
  }
  const chosenModalities = new Set(state.modality || []);
  const modalityBoxes = h("fieldset", { class: "checks" }, h("legend", { text: "Modality" }));
  for (const m of MODALITIES) {
    uid += 1;
    const id = `m-${uid}`;
    modalityBoxes.append(h("div", { class: "check" },
      h("input", { type: "checkbox", id, name: "modality", value: m, checked: chosenModalities.has(m) }),
      h("label", { for: id, text: m })));
  }

  const chips = h("ul", { class: "chips", "aria-label": "Other active filters" });
  for (const [key, label] of Object.entries(CHIPS)) {
    if (state[key] === undefined) continue;
    const value = Array.isArray(state[key]) ? state[key].join(", ") : state[key];
    chips.append(h("li", { class: "chip" }, `${label}: ${value} `,
      h("button", { type: "button", "aria-label": `Remove filter ${label}`, text: "×", on: { click: () => onChange({ ...state, [key]: undefined, offset: undefined }) } })));
  }

  append(form,
    field("Search the evidence", q),
    h("div", { class: "row" }, field("From", from), field("To", to)),
    typeBoxes,
    field("Actor (code or name)", actor),
    field("Country (ISO codes)", country, "Comma-separated, e.g. IQ, SY"),
    countryList,
    field("Outlet", source, "Comma-separated"),
    modalityBoxes,
    field("Minimum confidence", confidence, "0 to 1"),
    chips.childElementCount ? chips : null,
    h("div", { class: "buttons" },
      h("button", { type: "submit", class: "primary", text: "Apply filters" }),
      h("button", { type: "button", text: "Clear all", on: { click: () => onChange({ sort: state.sort }) } })),
  );

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const next = { sort: state.sort };
    for (const key of Object.keys(CHIPS)) if (state[key] !== undefined) next[key] = state[key];
    for (const key of ["q", "date_from", "date_to", "actor", "min_confidence"]) {
      const value = String(data.get(key) || "").trim();
      if (value) next[key] = value;
    }
    for (const key of ["country", "source"]) {
      const values = splitList(String(data.get(key) || ""));
      if (values.length) next[key] = key === "country" ? values.map((v) => v.toUpperCase()) : values;
    }
    for (const key of ["type", "modality"]) {
      const values = data.getAll(key).map(String);
      if (values.length) next[key] = values;
    }
    onChange(next);
  });
  return form;
}

export function replaceForm(slot, form) {
  fill(slot, form);
}
