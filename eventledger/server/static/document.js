// The document view: the article's clean text with every extracted value marked where it came from.
// Click a field (right) to highlight its span in the text; click marked text to see its fields.
import {
  ApiError, api, codePointIndex, el, eventFields, externalLink, idPath, nav, pathId, showError, statementFields,
  typeName,
} from "/static/common.js";

const main = document.getElementById("document");
document.getElementById("nav").replaceChildren(nav(""));

function mentionValue(mention) {
  const value = mention.value;
  if (value === null || value === undefined) return "unresolved";
  if (typeof value !== "object") return String(value);
  if (mention.kind === "place") return [value.name, value.country].filter(Boolean).join(", ");
  if (mention.kind === "time") return [value.value, value.timex3 && `TIMEX3 ${value.timex3}`].filter(Boolean).join(" · ");
  if (mention.kind === "quantity") return `${value.low ?? "?"}–${value.high ?? "?"} ${value.unit ?? ""}`.trim();
  return [value.name, value.type].filter(Boolean).join(" — ");
}

// Cut the text at every span boundary: each piece is one <span> that knows its [start, end).
function segments(text, fields) {
  const length = Array.from(text).length;
  const cuts = new Set([0, length]);
  for (const f of fields) {
    if (!f.span) continue;
    for (const v of f.span) if (v >= 0 && v <= length) cuts.add(v);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const unit = codePointIndex(text);
  const pieces = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [s, e] = [points[i], points[i + 1]];
    pieces.push(el("span", {class: "seg", "data-s": s, "data-e": e}, text.slice(unit(s), unit(e))));
  }
  return pieces;
}

function covering(pieces, span) {
  return pieces.filter((p) => Number(p.dataset.s) >= span[0] && Number(p.dataset.e) <= span[1]);
}

async function render() {
  const docId = pathId();
  const {items} = await api(`/api/documents/${idPath(docId)}/records`);
  const doc = items[0];
  document.title = `eventledger — ${doc.title || doc.source_id || doc.doc_id}`;
  const events = items.filter((r) => r.record === "event");
  const statements = items.filter((r) => r.record === "statement");
  const mentions = items.filter((r) => r.record === "mention");
  const groups = [];
  for (const event of events) {
    groups.push({title: event.summary || typeName(event.event_type), kind: "event", id: event.event_id,
      fields: eventFields(event).filter((f) => f.doc_id === doc.doc_id)});
  }
  if (statements.length) {
    groups.push({title: "Statements", kind: "statement", fields: statements.flatMap(statementFields)});
  }
  if (mentions.length) {
    groups.push({title: `Mentions (${mentions.length})`, kind: "mention", collapsed: true,
      fields: mentions.map((m, i) => ({key: `mention.${i}`, label: `${m.kind}: ${m.text ?? ""}`,
        value: mentionValue(m), span: Array.isArray(m.span) ? m.span : null, doc_id: doc.doc_id, kind: m.kind}))});
  }
  const fields = groups.flatMap((g) => g.fields.map((f) => ({...f, group: g.kind})));
  const byKey = new Map(fields.map((f) => [f.key, f]));

  const textBox = el("div", {id: "doc-text", class: "doc-text"}, ...segments(doc.text, fields));
  const pieces = [...textBox.children];
  for (const f of fields) {
    if (f.span) for (const piece of covering(pieces, f.span)) piece.classList.add(`k-${f.group}`);
  }
  const selection = el("div", {id: "selection", class: "selection", "aria-live": "polite"},
    el("p", {class: "muted"}, "Click a field to see where in the text it came from."));

  function select(key, scroll = true) {
    const field = byKey.get(key);
    for (const node of textBox.querySelectorAll(".seg.active")) node.classList.remove("active");
    for (const node of document.querySelectorAll("button.field.selected")) node.classList.remove("selected");
    if (!field) return;
    document.querySelector(`button.field[data-field="${CSS.escape(key)}"]`)?.classList.add("selected");
    const params = new URLSearchParams(location.search);
    params.set("field", key);
    history.replaceState(null, "", `?${params}`);
    if (!field.span) {
      selection.replaceChildren(el("h3", {}, field.label), el("p", {}, field.value),
        el("p", {class: "muted"}, "No span: this value was inferred, not read from the text."));
      selection.removeAttribute("data-start");
      return;
    }
    const marked = covering(pieces, field.span);
    for (const node of marked) node.classList.add("active");
    selection.dataset.start = String(field.span[0]);
    selection.dataset.end = String(field.span[1]);
    selection.replaceChildren(el("h3", {}, field.label), el("p", {}, field.value),
      el("p", {}, "From the text: ", el("mark", {class: "quote"}, marked.map((n) => n.textContent).join(""))),
      el("p", {class: "muted"}, `characters ${field.span[0]}–${field.span[1]}`));
    if (scroll && marked.length) marked[0].scrollIntoView({block: "center"});
  }

  textBox.addEventListener("click", (event) => {
    const piece = event.target.closest(".seg");
    if (!piece) return;
    const [s, e] = [Number(piece.dataset.s), Number(piece.dataset.e)];
    const hits = fields.filter((f) => f.span && f.span[0] <= s && f.span[1] >= e)
      .sort((a, b) => (a.span[1] - a.span[0]) - (b.span[1] - b.span[0]));
    if (hits.length) select(hits[0].key, false);
  });

  const panel = el("aside", {class: "fields"}, el("h2", {}, "Extracted values"), selection,
    ...groups.map((group) => {
      const buttons = el("ul", {class: "field-list"}, ...group.fields.map((f) => el("li", {},
        el("button", {type: "button", class: `field g-${group.kind}${f.span ? "" : " nospan"}`, "data-field": f.key},
          el("span", {class: "field-label"}, f.label), " ", el("span", {class: "field-value"}, f.value)))));
      const title = group.id
        ? [el("a", {href: `/events/${idPath(group.id)}`}, group.title)] : [group.title];
      return group.collapsed
        ? el("details", {class: "group"}, el("summary", {}, ...title), buttons)
        : el("div", {class: "group"}, el("h3", {}, ...title), buttons);
    }));
  panel.addEventListener("click", (event) => {
    const button = event.target.closest("button.field");
    if (button) select(button.dataset.field);
  });

  const removed = doc.removed || [];
  const embeds = doc.embeds || [];
  main.replaceChildren(
    el("p", {class: "crumbs"}, el("a", {href: "/"}, "← all events")),
    el("h1", {}, doc.title || doc.source_id || "Untitled document"),
    el("p", {class: "source-meta"}, el("strong", {}, doc.outlet || "unknown outlet"), " · ",
      doc.published || "undated", " · ", externalLink(doc.url), " · ", el("code", {}, doc.doc_id)),
    el("div", {class: "doc-layout"},
      el("article", {class: "panel"}, el("h2", {}, "Clean text"), textBox,
        removed.length ? el("details", {}, el("summary", {}, `${removed.length} boilerplate lines removed`),
          el("ul", {}, ...removed.map((r) => el("li", {}, el("q", {}, r.text), ` (${r.reason})`)))) : "",
        embeds.length ? el("details", {}, el("summary", {}, `${embeds.length} embedded posts`),
          el("ul", {}, ...embeds.map((e) => el("li", {}, `${e.platform} ${e.author || ""} ${e.handle || ""}: `,
            el("q", {}, e.text))))) : ""),
      panel));

  const wanted = new URLSearchParams(location.search).get("field");
  if (wanted && byKey.has(wanted)) {
    const group = document.querySelector(`button.field[data-field="${CSS.escape(wanted)}"]`)?.closest("details");
    if (group) group.open = true;
    select(wanted);
  }
}

render().catch((error) => {
  if (error instanceof ApiError && error.status === 404) {
    main.replaceChildren(el("h1", {}, "No such document"), el("p", {}, error.message),
      el("p", {}, el("a", {href: "/"}, "← all events")));
  } else {
    showError(main, error);
  }
});
