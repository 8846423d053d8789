// Building DOM nodes safely. Article text, titles, names and URLs are untrusted:
// they only ever reach the page as text nodes (textContent) or as attribute
// values set through setAttribute, never through innerHTML. Links are checked
// by safeHref so a "javascript:" URL can never become clickable.

const SAFE_SCHEMES = new Set(["http:", "https:"]);

// h("a", {href: "/event/1", class: "x"}, "text", childNode, ...)
// Attributes: "class", "text" (textContent), "href" (checked), "on" ({click: fn}),
// "dataset" ({k: v}), anything else with setAttribute. Children: nodes or strings
// (strings become text nodes); null/undefined/false are skipped.
export function h(tag, attrs = {}, ...children) {
  const svg = tag.startsWith("svg:");
  const node = svg
    ? document.createElementNS("http://www.w3.org/2000/svg", tag.slice(4))
    : document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") node.textContent = String(value);
    else if (name === "class") node.setAttribute("class", value);
    else if (name === "href") {
      const safe = safeHref(value);
      if (safe) node.setAttribute("href", safe);
    } else if (name === "on") {
      for (const [event, handler] of Object.entries(value)) node.addEventListener(event, handler);
    } else if (name === "dataset") {
      for (const [k, v] of Object.entries(value)) node.dataset[k] = String(v);
    } else node.setAttribute(name, value === true ? "" : String(value));
  }
  append(node, ...children);
  return node;
}

export function append(node, ...children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

// Replace a node's children (same rules as h's children).
export function fill(node, ...children) {
  return append(clear(node), ...children);
}

// A URL that is safe to put in href: a same-site path ("/event/x"), or an
// absolute http(s) URL. Anything else (javascript:, data:, vbscript:, "//evil")
// gives null.
export function safeHref(value) {
  if (typeof value !== "string") return null;
  const text = value.trim();
  if (text.startsWith("/") && !text.startsWith("//")) return text;
  if (text.startsWith("?") || text.startsWith("#")) return text;
  try {
    const url = new URL(text);
    return SAFE_SCHEMES.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

// An outside link (the article's original URL): opens without referrer or opener.
export function externalLink(url, label) {
  const safe = safeHref(url);
  if (!safe || safe.startsWith("/")) return h("span", { text: label || url || "" });
  return h("a", { href: safe, rel: "noopener noreferrer nofollow", target: "_blank", text: label || safe });
}

// Paths of the app's own pages; every id is URL-encoded.
export const pages = {
  event: (id) => `/event/${encodeURIComponent(id)}`,
  story: (id) => `/story/${encodeURIComponent(id)}`,
  article: (id) => `/article/${encodeURIComponent(id)}`,
  actor: (key) => `/actor/${encodeURIComponent(key)}`,
  place: (id) => `/place/${encodeURIComponent(id)}`,
};

// The id in the current page's path: "/event/abc" -> "abc".
export function pathId() {
  const parts = window.location.pathname.split("/");
  return decodeURIComponent(parts.slice(2).join("/"));
}

export function setStatus(node, message, kind = "info") {
  node.textContent = message;
  node.dataset.kind = kind;
}

export function clip(text, n) {
  const flat = String(text || "").replace(/\s+/g, " ").trim();
  return flat.length <= n ? flat : `${flat.slice(0, n - 1)}…`;
}
