// Shared helpers of the dashboard pages. Article text and every value from the API is untrusted:
// it reaches the page only as text nodes (textContent / createTextNode) and attribute values set
// through the DOM, never as markup (no innerHTML, no insertAdjacentHTML, no document.write).

const SVG_NS = "http://www.w3.org/2000/svg";

// A DOM element: el("a", {href: "/x", class: "y"}, "text", child). Strings become text nodes.
export function el(tag, attrs = {}, ...children) {
  return build(document.createElement(tag), attrs, children);
}

// The same for SVG elements.
export function svg(tag, attrs = {}, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

function build(node, attrs, children) {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "href" && !isSafeHref(String(value))) continue;  // never a javascript: link
    if (name.startsWith("on")) throw new Error("event handlers are attached with addEventListener");
    node.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// Links the dashboard makes itself are relative; links from articles must be http(s).
export function isSafeHref(value) {
  if (value.startsWith("/") && !value.startsWith("//")) return true;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

// An article's URL as a link when it is http(s), else as plain text (javascript:, data: ... stay inert).
export function externalLink(url) {
  if (typeof url !== "string" || !url) return el("span", {class: "muted"}, "no URL");
  if (!isSafeHref(url) || url.startsWith("/")) return el("span", {class: "unsafe-url"}, url);
  return el("a", {href: url, rel: "noopener noreferrer nofollow", target: "_blank"}, url);
}

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

// GET a JSON answer of the API; params with empty values are left out.
export async function api(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "") query.set(key, String(value));
  }
  const url = query.toString() ? `${path}?${query}` : path;
  const response = await fetch(url, {headers: {Accept: "application/json"}});
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const detail = body && typeof body.detail === "string" ? body.detail : `HTTP ${response.status}`;
    throw new ApiError(response.status, detail);
  }
  return body;
}

// A path segment of an id, encoded (ids contain ":").
export function idPath(id) {
  return encodeURIComponent(id);
}

// The id in the page's path: /events/<id> -> <id>.
export function pathId() {
  const parts = location.pathname.split("/");
  return decodeURIComponent(parts[parts.length - 1] || "");
}

// A colour per event type, stable across pages and runs: a hash of the name into a palette.
const PALETTE = ["#d62728", "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf",
  "#bcbd22", "#7f7f7f"];
export const VERBAL = "Verbal / political";

export function typeName(value) {
  return value === null || value === undefined || value === "" ? VERBAL : String(value);
}

export function typeColor(value) {
  const name = typeName(value);
  if (name === VERBAL) return "#6b7280";
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
  return PALETTE[hash % (PALETTE.length - 1)];
}

// "3", "3–5", "at least 25", "at most 4" or "unknown" for a contract range.
export function fmtRange(range) {
  if (!range) return "unknown";
  const {low, high} = range;
  if (low === null && high === null) return "unknown";
  if (low !== null && high !== null) return low === high ? String(low) : `${low}–${high}`;
  return low !== null ? `at least ${low}` : `at most ${high}`;
}

export function fmtCivilian(range) {
  if (!range || (range.civilian_low === null && range.civilian_high === null) ||
      (range.civilian_low === undefined && range.civilian_high === undefined)) return null;
  return fmtRange({low: range.civilian_low ?? null, high: range.civilian_high ?? null});
}

export function actorsIn(event, ...roles) {
  return (event.actors || []).filter((a) => roles.includes(a.role)).map((a) => a.name).join("; ");
}

// Show an error where a page's content would be.
export function showError(container, error) {
  container.replaceChildren(el("p", {class: "error", role: "alert"}, error.message || String(error)));
}

// Python's spans count code points; JavaScript strings count UTF-16 units. Converts one to the
// other so that a span lands on the same characters when the text has emoji or rare scripts.
export function codePointIndex(text) {
  if (!/[\uD800-\uDFFF]/.test(text)) return (i) => i;
  const units = [0];
  let at = 0;
  for (const ch of text) {
    at += ch.length;
    units.push(at);
  }
  return (i) => units[Math.max(0, Math.min(i, units.length - 1))];
}

export function nav(active) {
  const links = [["/", "Events"], ["/openapi.json", "API schema"]];
  return el("nav", {class: "top"},
    el("a", {href: "/", class: "brand"}, "eventledger"),
    ...links.map(([href, label]) => el("a", {href, class: href === active ? "active" : null}, label)));
}

function spanOf(value) {
  return Array.isArray(value) && value.length === 2 && Number.isInteger(value[0]) && Number.isInteger(value[1])
    ? value : null;
}

// Every value of an event that came from a span of its document's text, as a clickable field:
// {key, label, value, span, doc_id}. The key names the field in the document view's URL.
export function eventFields(event) {
  const fields = [];
  const add = (key, label, value, span, docId = event.doc_id) => {
    fields.push({key: `${event.event_id}:${key}`, label, value: value ?? "", span: spanOf(span), doc_id: docId});
  };
  if (event.trigger) add("trigger", "Trigger", event.trigger.text, event.trigger.span);
  if (event.date) add("date", "Date", `${event.date.value} (${event.date.precision})`, event.date.span);
  if (event.location) {
    const where = [event.location.name, event.location.admin1, event.location.country].filter(Boolean).join(", ");
    add("location", "Location", where, event.location.span);
  }
  (event.actors || []).forEach((actor, i) => {
    add(`actor.${i}`, `Actor (${actor.role})`, [actor.name, actor.type].filter(Boolean).join(" — "), actor.span);
  });
  if (event.fatalities) add("fatalities", "Killed", fmtRange(event.fatalities), event.fatalities.span);
  if (event.injuries) add("injuries", "Injured", fmtRange(event.injuries), event.injuries.span);
  if (event.attributed_to) add("attributed_to", "Attributed to", event.attributed_to.name, event.attributed_to.span);
  (event.sources || []).forEach((source, i) => {
    add(`source.${i}`, "Source sentence", source.sentence, source.span, source.doc_id || event.doc_id);
  });
  return fields;
}

// The fields of a statement: what was said and who said it.
export function statementFields(statement) {
  const fields = [{key: `${statement.statement_id}:text`, label: `Statement (${statement.kind})`,
    value: statement.text ?? "", span: spanOf(statement.span), doc_id: statement.doc_id}];
  if (statement.speaker) {
    fields.push({key: `${statement.statement_id}:speaker`, label: "Speaker", value: statement.speaker.name ?? "",
      span: spanOf(statement.speaker.span), doc_id: statement.doc_id});
  }
  return fields;
}

// The document view of a field: /documents/<doc>?field=<key>.
export function fieldHref(field) {
  return `/documents/${idPath(field.doc_id)}?field=${encodeURIComponent(field.key)}`;
}
