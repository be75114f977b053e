// The events dashboard: filters (kept in the page URL), a map, a timeline and a paged table.
import {
  actorsIn, api, el, fmtRange, idPath, nav, svg, typeColor, typeName,
} from "/static/common.js";

const FILTERS = ["date_from", "date_to", "country", "type", "actor", "text", "bbox"];
const PAGE = 50;
const MAP_POINTS = 5000;  // the map draws at most this many events (the table pages through all)
const WORLD = {x: 0, y: 0, w: 360, h: 180};  // projected plane: x = lon + 180, y = 90 - lat

const form = document.getElementById("filters");
const status = document.getElementById("status");
const mapSvg = document.getElementById("map");
const timeline = document.getElementById("timeline");
let view = {...WORLD};
let userMoved = false;
let countries = null;
let lastPoints = [];

document.getElementById("nav").replaceChildren(nav("/"));

// ------------------------------------------------------------------ state in the URL

function currentFilters() {
  const params = new URLSearchParams(location.search);
  const out = {};
  for (const key of FILTERS) {
    const value = params.get(key);
    if (value) out[key] = value;
  }
  const offset = Number.parseInt(params.get("offset") || "0", 10);
  return {filters: out, offset: Number.isFinite(offset) && offset > 0 ? offset : 0};
}

function navigate(filters, offset = 0) {
  const params = new URLSearchParams();
  for (const key of FILTERS) if (filters[key]) params.set(key, filters[key]);
  if (offset) params.set("offset", String(offset));
  const query = params.toString();
  history.pushState(null, "", query ? `?${query}` : location.pathname);
  load();
}

function fillForm(filters) {
  for (const key of FILTERS) form.elements[key].value = filters[key] || "";
}

function formFilters() {
  const out = {};
  for (const key of FILTERS) {
    let value = String(form.elements[key].value || "").trim();
    if (key === "country") value = value.toUpperCase();
    if (value) out[key] = value;
  }
  return out;
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  userMoved = false;
  navigate(formFilters());
});
document.getElementById("reset").addEventListener("click", () => {
  userMoved = false;
  navigate({});
});
window.addEventListener("popstate", load);

// ------------------------------------------------------------------ map

function project(lon, lat) {
  return [lon + 180, 90 - lat];
}

function ringPath(ring) {
  return ring.map(([lon, lat], i) => {
    const [x, y] = project(lon, lat);
    return `${i ? "L" : "M"}${x.toFixed(3)},${y.toFixed(3)}`;
  }).join("") + "Z";
}

function geometryPath(geometry) {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  return polygons.map((polygon) => polygon.map(ringPath).join("")).join("");
}

async function drawCountries() {
  if (countries) return;
  const response = await fetch("/static/vendor/countries-110m.geojson");
  const world = await response.json();
  countries = svg("g", {class: "countries"});
  for (const feature of world.features) {
    const iso3 = feature.properties.iso3;
    const path = svg("path", {d: geometryPath(feature.geometry), class: "country", "data-iso3": iso3},
      svg("title", {}, feature.properties.name + (iso3 ? ` (${iso3})` : "")));
    if (iso3) {
      path.addEventListener("click", () => {
        if (dragged) return;
        navigate({...currentFilters().filters, country: iso3});
      });
    }
    countries.append(path);
  }
  mapSvg.prepend(countries);
}

// The view box always has the drawn map's own aspect ratio, so projected units and pixels agree
// in both directions (no letterboxing) and zooming keeps the point under the cursor still.
function aspect() {
  const box = mapSvg.getBoundingClientRect();
  return box.width > 0 && box.height > 0 ? box.height / box.width : 0.4;
}

function setView(next) {
  const ratio = aspect();
  const widest = Math.max(WORLD.w, WORLD.h / ratio);
  // The box asked for must fit whole: the wider of its width and its height at this aspect.
  const w = Math.min(Math.max(next.w, (next.h ?? 0) / ratio, 0.5), widest);
  const h = w * ratio;
  const cx = Math.min(Math.max(next.x + next.w / 2, WORLD.x), WORLD.x + WORLD.w);
  const cy = Math.min(Math.max(next.y + (next.h ?? next.w * ratio) / 2, WORLD.y), WORLD.y + WORLD.h);
  view = {x: cx - w / 2, y: cy - h / 2, w, h};
  mapSvg.setAttribute("viewBox", `${view.x} ${view.y} ${w} ${h}`);
  sizePoints();
}

function unitsPerPixel() {
  const width = mapSvg.getBoundingClientRect().width || 900;
  return view.w / width;
}

function sizePoints() {
  const unit = unitsPerPixel();
  for (const circle of mapSvg.querySelectorAll("circle.point")) {
    circle.setAttribute("r", String((3 + 2 * Math.sqrt(Number(circle.dataset.count))) * unit));
    circle.setAttribute("stroke-width", String(0.8 * unit));
  }
}

function fitEvents(points) {
  if (!points.length) {
    setView(WORLD);
    return;
  }
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const w = Math.max((x1 - x0) * 1.3, ((y1 - y0) * 1.3) / aspect(), 12);
  setView({x: (x0 + x1) / 2 - w / 2, y: (y0 + y1) / 2 - (w * aspect()) / 2, w, h: w * aspect()});
}

function drawPoints(geojson) {
  // Events at the same place share one circle, sized by their number.
  const places = new Map();
  for (const feature of geojson.features) {
    const [lon, lat] = feature.geometry.coordinates;
    const key = `${lon.toFixed(3)},${lat.toFixed(3)}`;
    const place = places.get(key) || {lon, lat, events: []};
    place.events.push(feature.properties);
    places.set(key, place);
  }
  const layer = svg("g", {class: "points"});
  lastPoints = [];
  for (const place of places.values()) {
    const [x, y] = project(place.lon, place.lat);
    lastPoints.push({x, y});
    const first = place.events[0];
    const label = place.events.length === 1
      ? `${first.date || "undated"} — ${first.summary || typeName(first.event_type)}`
      : `${first.location || "here"}: ${place.events.length} events (click to list them)`;
    const circle = svg("circle", {cx: x, cy: y, class: "point", fill: typeColor(first.event_type),
      "data-count": place.events.length, "data-event-id": first.event_id, tabindex: 0},
    svg("title", {}, label));
    circle.addEventListener("click", () => {
      if (dragged) return;
      if (place.events.length === 1) {
        location.href = `/events/${idPath(first.event_id)}`;
      } else {
        const d = 0.05;  // a small box around the place lists its events in the table
        const box = [place.lon - d, place.lat - d, place.lon + d, place.lat + d].map((v) => v.toFixed(3));
        userMoved = true;
        navigate({...currentFilters().filters, bbox: box.join(",")});
      }
    });
    layer.append(circle);
  }
  mapSvg.querySelector("g.points")?.remove();
  mapSvg.append(layer);
  if (!userMoved) fitEvents(lastPoints);
  sizePoints();
}

let drag = null;
let dragged = false;
mapSvg.addEventListener("pointerdown", (event) => {
  drag = {x: event.clientX, y: event.clientY, view: {...view}};
  dragged = false;
});
window.addEventListener("pointermove", (event) => {
  if (!drag) return;
  const dx = event.clientX - drag.x;
  const dy = event.clientY - drag.y;
  if (Math.abs(dx) + Math.abs(dy) > 3) dragged = true;
  if (!dragged) return;
  const unit = unitsPerPixel();
  userMoved = true;
  setView({...drag.view, x: drag.view.x - dx * unit, y: drag.view.y - dy * unit});
});
window.addEventListener("pointerup", () => {
  drag = null;
});
mapSvg.addEventListener("wheel", (event) => {
  event.preventDefault();
  const box = mapSvg.getBoundingClientRect();
  const unit = unitsPerPixel();
  const fx = view.x + (event.clientX - box.left) * unit;
  const fy = view.y + (event.clientY - box.top) * unit;
  const factor = event.deltaY > 0 ? 1.25 : 0.8;
  const w = view.w * factor;
  userMoved = true;
  setView({x: fx - (fx - view.x) * factor, y: fy - (fy - view.y) * factor, w, h: view.h * factor});
}, {passive: false});
document.getElementById("zoom-world").addEventListener("click", () => {
  userMoved = true;
  setView(WORLD);
});
document.getElementById("zoom-events").addEventListener("click", () => fitEvents(lastPoints));
document.getElementById("filter-view").addEventListener("click", () => {
  const clamp = (v, lo, hi) => Math.min(Math.max(v, lo), hi).toFixed(3);
  const box = [clamp(view.x - 180, -180, 180), clamp(90 - view.y - view.h, -90, 90),
    clamp(view.x + view.w - 180, -180, 180), clamp(90 - view.y, -90, 90)];
  userMoved = true;
  navigate({...currentFilters().filters, bbox: box.join(",")});
});

// ------------------------------------------------------------------ timeline

function dayNumber(day) {
  return Math.floor(Date.parse(`${day}T00:00:00Z`) / 86400000);
}

function dayText(number) {
  return new Date(number * 86400000).toISOString().slice(0, 10);
}

// Ticks at the first day of each year (long ranges) or month (short ones), labelled sparsely
// enough not to overlap; the first and last day label the ends.
function axisTicks(first, span, W, H, AXIS) {
  const nodes = [];
  const start = new Date(first * 86400000);
  const end = new Date((first + span) * 86400000);
  const yearly = span > 730;
  const marks = [];
  for (let d = new Date(Date.UTC(start.getUTCFullYear(), yearly ? 0 : start.getUTCMonth(), 1)); d < end;
    d = yearly ? new Date(Date.UTC(d.getUTCFullYear() + 1, 0, 1)) : new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))) {
    const x = ((Math.floor(d.getTime() / 86400000) - first) / span) * W;
    if (x > 0) marks.push({x, label: yearly ? String(d.getUTCFullYear()) : d.toISOString().slice(0, 7)});
  }
  const every = Math.max(1, Math.ceil(marks.length / 12));
  marks.forEach((mark, i) => {
    nodes.push(svg("line", {x1: mark.x, y1: H, x2: mark.x, y2: H + 4, class: "axis"}));
    if (i % every === 0 && mark.x > 60 && mark.x < W - 60) {
      nodes.push(svg("text", {x: mark.x, y: H + AXIS - 4, "text-anchor": "middle", class: "tick"}, mark.label));
    }
  });
  nodes.push(svg("text", {x: 0, y: H + AXIS - 4, "text-anchor": "start", class: "tick"}, dayText(first)));
  nodes.push(svg("text", {x: W, y: H + AXIS - 4, "text-anchor": "end", class: "tick"}, dayText(first + span - 1)));
  return nodes;
}

function drawTimeline(bins) {
  // Drawn in the element's own pixels, so the text is not stretched.
  const W = Math.round(timeline.getBoundingClientRect().width) || 1000;
  const AXIS = 18;
  const H = (Math.round(timeline.getBoundingClientRect().height) || 130) - AXIS;
  timeline.setAttribute("viewBox", `0 0 ${W} ${H + AXIS}`);
  timeline.setAttribute("preserveAspectRatio", "none");
  const legend = document.getElementById("legend");
  if (!bins.length) {
    timeline.replaceChildren(svg("text", {x: W / 2, y: H / 2, class: "empty", "text-anchor": "middle"},
      "no dated events match"));
    legend.replaceChildren();
    return;
  }
  const days = bins.map((b) => dayNumber(b.day));
  const first = Math.min(...days);
  const last = Math.max(...days);
  const span = last - first + 1;
  const totals = new Map();
  for (const b of bins) totals.set(b.day, (totals.get(b.day) || 0) + b.count);
  const top = Math.max(...totals.values());
  const barW = Math.max(W / span, 1.5);
  const stacked = new Map();
  const types = new Map();
  const nodes = [];
  for (const b of [...bins].sort((a, c) => typeName(a.event_type).localeCompare(typeName(c.event_type)))) {
    const below = stacked.get(b.day) || 0;
    const h = (b.count / top) * (H - 4);
    stacked.set(b.day, below + h);
    types.set(typeName(b.event_type), typeColor(b.event_type));
    const x = ((dayNumber(b.day) - first) / span) * W;
    const rect = svg("rect", {x: x.toFixed(2), y: (H - below - h).toFixed(2), width: barW.toFixed(2),
      height: Math.max(h, 0.5).toFixed(2), fill: typeColor(b.event_type), class: "bar", "data-day": b.day},
    svg("title", {}, `${b.day}: ${b.count} × ${typeName(b.event_type)}`));
    rect.addEventListener("click", () => navigate({...currentFilters().filters, date_from: b.day, date_to: b.day}));
    nodes.push(rect);
  }
  nodes.push(svg("line", {x1: 0, y1: H, x2: W, y2: H, class: "axis"}));
  nodes.push(...axisTicks(first, span, W, H, AXIS));
  timeline.replaceChildren(...nodes);
  legend.replaceChildren(...[...types].map(([name, color]) =>
    el("li", {}, el("span", {class: "swatch", "data-color": color}), name)));
  for (const swatch of legend.querySelectorAll(".swatch")) swatch.style.background = swatch.dataset.color;
}

// ------------------------------------------------------------------ table

function drawTable(page, offset) {
  const body = document.querySelector("#events tbody");
  const rows = page.items.map((e) => {
    const link = `/events/${idPath(e.event_id)}`;
    const where = e.location ? [e.location.name, e.location.country].filter(Boolean).join(", ") : "";
    return el("tr", {"data-event-id": e.event_id},
      el("td", {class: "nowrap"}, el("a", {href: link}, (e.date && e.date.value) || "undated")),
      el("td", {}, el("span", {class: "dot", "data-color": typeColor(e.event_type)}),
        e.sub_event_type || (e.plover && e.plover.type) || typeName(e.event_type)),
      el("td", {}, where),
      el("td", {}, actorsIn(e, "initiator", "participant")),
      el("td", {}, actorsIn(e, "target", "victim")),
      el("td", {class: "num"}, e.fatalities ? fmtRange(e.fatalities).replace("unknown", "") : ""),
      el("td", {class: "num"}, typeof e.confidence === "number" ? e.confidence.toFixed(2) : ""),
      el("td", {class: "summary"}, el("a", {href: link}, e.summary || "(no summary)")));
  });
  body.replaceChildren(...rows);
  for (const dot of body.querySelectorAll(".dot")) dot.style.background = dot.dataset.color;
  const end = offset + page.items.length;
  document.getElementById("count").textContent = `${page.total.toLocaleString("en")} matching`;
  document.getElementById("page").textContent = page.total
    ? `${offset + 1}–${end} of ${page.total.toLocaleString("en")}` : "no events";
  document.getElementById("prev").disabled = offset === 0;
  document.getElementById("next").disabled = page.next_offset === null || end >= page.total;
}

document.getElementById("prev").addEventListener("click", () => {
  const {filters, offset} = currentFilters();
  navigate(filters, Math.max(0, offset - PAGE));
});
document.getElementById("next").addEventListener("click", () => {
  const {filters, offset} = currentFilters();
  navigate(filters, offset + PAGE);
});

function setExports(filters) {
  const query = new URLSearchParams(filters).toString();
  for (const [id, path] of [["export-jsonl", "events.jsonl"], ["export-csv", "events.csv"],
    ["export-geojson", "events.geojson"]]) {
    document.getElementById(id).setAttribute("href", `/api/export/${path}${query ? `?${query}` : ""}`);
  }
}

// ------------------------------------------------------------------ loading

async function fillTypes() {
  const list = document.getElementById("types");
  if (list.childElementCount) return;
  const {items} = await api("/api/histogram");
  const names = [...new Set(items.map((b) => b.event_type).filter(Boolean))].sort();
  list.replaceChildren(...names.map((name) => el("option", {value: name})));
}

let generation = 0;

async function load() {
  const mine = ++generation;
  const {filters, offset} = currentFilters();
  fillForm(filters);
  setExports(filters);
  status.className = "status";
  status.textContent = "loading …";
  try {
    await drawCountries();
    const [page, histogram, points] = await Promise.all([
      api("/api/events", {...filters, limit: PAGE, offset}),
      api("/api/histogram", filters),
      api("/api/export/events.geojson", {...filters, limit: MAP_POINTS}),
    ]);
    if (mine !== generation) return;  // a newer load started meanwhile
    drawTable(page, offset);
    drawTimeline(histogram.items);
    drawPoints(points);
    const shown = points.features.length;
    document.getElementById("map-note").textContent = page.total > MAP_POINTS
      ? `${shown.toLocaleString("en")} located events of the first ${MAP_POINTS.toLocaleString("en")}`
      : `${shown.toLocaleString("en")} of ${page.total.toLocaleString("en")} events have a place`;
    const active = Object.entries(filters).map(([k, v]) => `${k}=${v}`).join(", ");
    status.textContent = `${page.total.toLocaleString("en")} events` + (active ? ` where ${active}` : "");
    fillTypes().catch(() => {});
  } catch (error) {
    if (mine !== generation) return;
    status.className = "status error";
    status.setAttribute("role", "alert");
    status.textContent = error.message || String(error);
    document.querySelector("#events tbody").replaceChildren();
  }
}

load();
