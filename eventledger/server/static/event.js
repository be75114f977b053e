// The event page: summary, codes, date, place, actors, casualty ranges, statements and every source.
import {
  ApiError, api, el, eventFields, externalLink, fieldHref, fmtCivilian, fmtRange, idPath, nav, pathId, showError,
  statementFields, typeColor, typeName,
} from "/static/common.js";

const main = document.getElementById("event");
document.getElementById("nav").replaceChildren(nav(""));

function row(label, ...value) {
  return el("tr", {}, el("th", {scope: "row"}, label), el("td", {}, ...value));
}

// A field's value with a link to the document view that highlights where it came from.
function traced(field) {
  if (!field) return "";
  return [field.value, " ", field.span
    ? el("a", {href: fieldHref(field), class: "span-link", "data-field": field.key}, `[${field.span[0]}–${field.span[1]}]`)
    : el("span", {class: "muted"}, "(inferred)")];
}

function section(title, ...children) {
  return el("section", {class: "panel"}, el("h2", {}, title), ...children);
}

async function render() {
  const id = pathId();
  const event = await api(`/api/events/${idPath(id)}`);
  document.title = `eventledger — ${event.summary || id}`;
  const fields = eventFields(event);
  const byKey = Object.fromEntries(fields.map((f) => [f.key.slice(event.event_id.length + 1), f]));
  const swatch = el("span", {class: "dot", "data-color": typeColor(event.event_type)});

  const codes = el("table", {class: "facts"},
    row("ACLED type", swatch, typeName(event.event_type)),
    row("ACLED sub-type", event.sub_event_type || "—"),
    row("PLOVER", event.plover ? [event.plover.type, event.plover.mode ? ` (${event.plover.mode})` : ""] : "—"),
    row("CAMEO", event.cameo || "—"),
    row("Confidence", typeof event.confidence === "number" ? event.confidence.toFixed(2) : "—"),
    row("Trigger", traced(byKey.trigger)),
    row("Event id", el("code", {}, event.event_id)),
    row("Incident id", el("code", {}, event.incident_id || "—")));

  const loc = event.location || {};
  const when = event.date || {};
  const whenWhere = el("table", {class: "facts"},
    row("Date", traced(byKey.date), when.inferred ? el("span", {class: "muted"}, " inferred from publication") : ""),
    row("As written", when.text || "—"),
    row("Place", traced(byKey.location)),
    row("Coordinates", typeof loc.lat === "number" ? `${loc.lat.toFixed(4)}, ${loc.lon.toFixed(4)}` : "—"),
    row("Precision", loc.precision || "—"),
    row("GeoNames id", loc.geonames_id ? String(loc.geonames_id) : "—"));

  const dead = event.fatalities;
  const hurt = event.injuries;
  const casualties = el("table", {class: "facts casualties"},
    row("Killed", el("strong", {class: "range", "data-range": "fatalities"}, fmtRange(dead)), " ",
      dead && dead.span ? el("a", {href: fieldHref(byKey.fatalities), class: "span-link"}, "[source]") : ""),
    row("of whom civilians", fmtCivilian(dead) || "unknown"),
    row("Injured", el("strong", {class: "range", "data-range": "injuries"}, fmtRange(hurt)), " ",
      hurt && hurt.span ? el("a", {href: fieldHref(byKey.injuries), class: "span-link"}, "[source]") : ""),
    row("Attributed to", event.attributed_to ? traced(byKey.attributed_to) : "the outlet itself"));

  const actors = el("table", {class: "grid actors"},
    el("thead", {}, el("tr", {}, ...["Role", "Actor", "Type", "Country", "In the text"].map((h) => el("th", {}, h)))),
    el("tbody", {}, ...(event.actors || []).map((actor, i) => el("tr", {},
      el("td", {}, actor.role), el("td", {}, actor.name), el("td", {}, actor.type || ""),
      el("td", {}, actor.country || ""), el("td", {}, traced({...byKey[`actor.${i}`], value: actor.text || ""}))))));

  const statementsBox = el("div", {}, el("p", {class: "muted"}, "loading …"));
  const sourcesBox = el("ol", {class: "sources"});

  main.replaceChildren(
    el("p", {class: "crumbs"}, el("a", {href: "/"}, "← all events")),
    el("h1", {class: "summary"}, event.summary || "(no summary)"),
    el("div", {class: "columns"}, section("Codes", codes), section("When and where", whenWhere),
      section("Casualties", casualties)),
    section("Actors", actors),
    section("Statements", statementsBox),
    section("Sources", sourcesBox));
  for (const dot of main.querySelectorAll(".dot")) dot.style.background = dot.dataset.color;

  // Every source: the outlet's document and the sentence the event was read from.
  const sources = fields.filter((f) => f.key.includes(":source."));
  const documents = new Map();
  await Promise.all([...new Set(sources.map((s) => s.doc_id))].map(async (docId) => {
    try {
      documents.set(docId, await api(`/api/documents/${idPath(docId)}`));
    } catch (error) {
      documents.set(docId, {error});
    }
  }));
  sourcesBox.replaceChildren(...sources.map((source) => {
    const doc = documents.get(source.doc_id) || {};
    const meta = doc.error ? el("span", {class: "error"}, doc.error.message) : el("div", {class: "source-meta"},
      el("strong", {}, doc.outlet || "unknown outlet"), " · ", doc.published || "undated",
      doc.title ? [" · ", el("em", {}, doc.title)] : "", " · ", externalLink(doc.url));
    return el("li", {class: "source"}, meta, el("blockquote", {}, source.value),
      el("a", {href: fieldHref(source), class: "open-document", "data-field": source.key}, "Open in document view"));
  }));

  try {
    const {items} = await api("/api/statements", {event_id: event.event_id, limit: 100});
    statementsBox.replaceChildren(items.length ? el("ul", {class: "statements"}, ...items.map((st) => {
      const [said, speaker] = statementFields(st);
      const who = st.speaker ? [st.speaker.title, st.speaker.name, st.speaker.role ? `(${st.speaker.role})` : ""]
        .filter(Boolean).join(" ") : "unknown speaker";
      return el("li", {}, el("q", {}, st.text || ""), " — ", who, ` (${st.kind}, “${st.cue || ""}”) `,
        said.span ? el("a", {href: fieldHref(said), class: "span-link"}, "[in the text]") : "",
        speaker && speaker.span ? [" ", el("a", {href: fieldHref(speaker), class: "span-link"}, "[speaker]")] : "");
    })) : el("p", {class: "muted"}, "No statement is about this event."));
  } catch (error) {
    showError(statementsBox, error);
  }
}

render().catch((error) => {
  if (error instanceof ApiError && error.status === 404) {
    main.replaceChildren(el("h1", {}, "No such event"), el("p", {}, error.message),
      el("p", {}, el("a", {href: "/"}, "← all events")));
  } else {
    showError(main, error);
  }
});
