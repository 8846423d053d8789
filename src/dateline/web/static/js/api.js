// Talking to the JSON API, and keeping the event filters in the page URL so a
// view can be shared: the page's query string uses the API's own parameter
// names, so "/?type=ASSAULT&country=IQ" shows what "/events?type=ASSAULT&country=IQ" returns.

// Filters that take one value, and those that may be repeated (?type=A&type=B).
export const SINGLE = ["date_from", "date_to", "actor", "bbox", "place_id", "story_id", "min_confidence", "q", "article_id"];
export const MULTI = ["type", "mode", "acled_type", "country", "source", "modality"];
export const VIEW = ["sort", "offset"];

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

// GET a JSON endpoint; params is an object (arrays become repeated keys).
export async function getJSON(path, params = {}) {
  const url = path + queryString(params);
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const message = body && typeof body.error === "string" ? body.error : `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, message);
  }
  return body;
}

export function queryString(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === "") continue;
    if (Array.isArray(value)) value.filter((v) => v !== "").forEach((v) => search.append(key, v));
    else search.append(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

// The filters (and sort/offset) in a URLSearchParams, as an object.
export function readState(search = window.location.search) {
  const params = new URLSearchParams(search);
  const state = {};
  for (const key of SINGLE.concat(VIEW)) {
    const value = params.get(key);
    if (value !== null && value !== "") state[key] = value;
  }
  for (const key of MULTI) {
    const values = params.getAll(key).filter((v) => v !== "");
    if (values.length) state[key] = values;
  }
  return state;
}

// Only the filters of a state (no sort or paging).
export function filtersOf(state) {
  const out = {};
  for (const key of SINGLE.concat(MULTI)) if (state[key] !== undefined) out[key] = state[key];
  return out;
}

export function without(state, ...keys) {
  const out = { ...state };
  for (const key of keys) delete out[key];
  return out;
}

// Put a state in the address bar (a new history entry, so Back undoes a filter).
export function pushState(state) {
  const url = window.location.pathname + queryString(state);
  if (url !== window.location.pathname + window.location.search) window.history.pushState(null, "", url);
}
