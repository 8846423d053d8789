// The timeline: events per day stacked by PLOVER type, drawn as SVG, with a
// brush. Dragging across it (or, from the keyboard, arrows to move, Shift+arrows
// to widen, Enter to apply, Escape to clear) selects a date range, which the
// page turns into date_from/date_to filters for the map and the list.
//
// When the dates span more days than there is room for bars, days are grouped
// into weeks, months or years, and the heading says so.

import { h, clear } from "./dom.js";
import { orderTypes, typeColor } from "./palette.js";

const DAY = 86400000;
const HEIGHT = 150;
const MARGIN = { top: 8, right: 10, bottom: 24, left: 36 };
const MIN_BAR = 3; // px per bin before switching to a coarser bin

export function parseDay(text) {
  const [y, m, d] = text.split("-").map(Number);
  return Date.UTC(y, m - 1, d);
}

export function isoDay(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

// Bin boundaries: the first day of the bin holding `ms`, and of the next bin.
const UNITS = {
  day: { start: (ms) => ms, next: (ms) => ms + DAY, label: (ms) => isoDay(ms) },
  week: {
    start: (ms) => ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY,
    next: (ms) => ms + 7 * DAY,
    label: (ms) => `week of ${isoDay(ms)}`,
  },
  month: {
    start: (ms) => { const d = new Date(ms); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1); },
    next: (ms) => { const d = new Date(ms); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1); },
    label: (ms) => isoDay(ms).slice(0, 7),
  },
  year: {
    start: (ms) => Date.UTC(new Date(ms).getUTCFullYear(), 0, 1),
    next: (ms) => Date.UTC(new Date(ms).getUTCFullYear() + 1, 0, 1),
    label: (ms) => isoDay(ms).slice(0, 4),
  },
};

// Group {day: {type: n}} into contiguous bins of the finest unit that fits `slots`.
export function binDays(byDayType, slots) {
  const days = Object.keys(byDayType).sort();
  if (!days.length) return { unit: "day", bins: [] };
  const first = parseDay(days[0]);
  const last = parseDay(days[days.length - 1]);
  let unit = "year";
  for (const name of ["day", "week", "month"]) {
    let count = 0;
    for (let at = UNITS[name].start(first); at <= last && count <= slots; at = UNITS[name].next(at)) count += 1;
    if (count <= slots) {
      unit = name;
      break;
    }
  }
  const u = UNITS[unit];
  const bins = [];
  const index = new Map();
  for (let at = u.start(first); at <= last; at = u.next(at)) {
    index.set(at, bins.length);
    bins.push({ start: at, end: u.next(at) - DAY, label: u.label(at), counts: {}, total: 0 });
  }
  for (const day of days) {
    const bin = bins[index.get(u.start(parseDay(day)))];
    for (const [type, n] of Object.entries(byDayType[day])) {
      bin.counts[type] = (bin.counts[type] || 0) + n;
      bin.total += n;
    }
  }
  return { unit, bins };
}

export class Timeline {
  // onRange(from, to): a range was chosen (ISO days), or cleared (nulls).
  constructor(container, { onRange }) {
    this.container = container;
    this.onRange = onRange;
    this.bins = [];
    this.selection = null; // [first bin index, last bin index]
    this.status = h("p", { class: "timeline-status", "aria-live": "polite" });
  }

  // byDayType: {day: {type: n}}; range: {from, to} currently applied (ISO days or undefined).
  render(byDayType, range = {}) {
    clear(this.container);
    const width = Math.max(320, this.container.clientWidth || 800);
    const plotW = width - MARGIN.left - MARGIN.right;
    const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
    const { unit, bins } = binDays(byDayType, Math.floor(plotW / MIN_BAR));
    this.bins = bins;
    this.selection = this.binsOf(range);
    const heading = h("p", { class: "timeline-heading", text: bins.length ? `Events per ${unit}, stacked by type` : "No dated events match." });
    this.container.append(heading);
    if (!bins.length) return;

    const types = orderTypes([...new Set(bins.flatMap((b) => Object.keys(b.counts)))]);
    const max = Math.max(...bins.map((b) => b.total));
    const step = plotW / bins.length;
    const barW = Math.max(1, step - (step > 4 ? 1 : 0));
    const y = (n) => (n / max) * plotH;

    const svg = h("svg:svg", {
      class: "timeline-svg",
      width,
      height: HEIGHT,
      viewBox: `0 0 ${width} ${HEIGHT}`,
      tabindex: "0",
      role: "group",
      "aria-label": "Timeline of events. Drag to select a date range; or use the arrow keys, Shift plus arrows to widen, Enter to apply, Escape to clear.",
    });
    const plot = h("svg:g", { transform: `translate(${MARGIN.left},${MARGIN.top})` });
    svg.append(plot);
    plot.append(h("svg:rect", { class: "timeline-bg", x: 0, y: 0, width: plotW, height: plotH }));
    bins.forEach((bin, i) => {
      if (!bin.total) return;
      const group = h("svg:g", { class: "bar", dataset: { start: isoDay(bin.start), end: isoDay(bin.end), total: bin.total } });
      const parts = types.filter((t) => bin.counts[t]).map((t) => `${bin.counts[t]} ${t}`);
      group.append(h("svg:title", { text: `${bin.label}: ${bin.total} event${bin.total === 1 ? "" : "s"} (${parts.join(", ")})` }));
      let top = plotH;
      for (const t of types) {
        const n = bin.counts[t];
        if (!n) continue;
        const hgt = y(n);
        top -= hgt;
        group.append(h("svg:rect", { x: i * step, y: top, width: barW, height: Math.max(hgt, 0.5), fill: typeColor(t) }));
      }
      plot.append(group);
    });
    this.drawAxes(plot, plotW, plotH, max, step);
    this.brushRect = h("svg:rect", { class: "brush", x: 0, y: 0, width: 0, height: plotH, visibility: "hidden" });
    plot.append(this.brushRect);
    this.step = step;
    this.plotLeft = MARGIN.left;
    this.showSelection();
    this.attachBrush(svg);
    this.container.append(svg, this.status);
  }

  drawAxes(plot, plotW, plotH, max, step) {
    plot.append(h("svg:line", { class: "axis", x1: 0, x2: plotW, y1: plotH, y2: plotH }));
    plot.append(h("svg:text", { class: "tick", x: -6, y: 8, "text-anchor": "end", text: String(max) }));
    plot.append(h("svg:text", { class: "tick", x: -6, y: plotH, "text-anchor": "end", text: "0" }));
    const ticks = Math.min(this.bins.length, Math.max(2, Math.floor(plotW / 110)));
    const every = Math.max(1, Math.ceil(this.bins.length / ticks));
    for (let i = 0; i < this.bins.length; i += every) {
      const x = i * step + step / 2;
      plot.append(h("svg:line", { class: "axis", x1: x, x2: x, y1: plotH, y2: plotH + 4 }));
      plot.append(h("svg:text", { class: "tick", x, y: plotH + 16, "text-anchor": "middle", text: this.bins[i].label.replace("week of ", "") }));
    }
  }

  binsOf(range) {
    if (!range.from && !range.to) return null;
    const from = range.from ? parseDay(range.from) : -Infinity;
    const to = range.to ? parseDay(range.to) : Infinity;
    const hit = this.bins.map((b, i) => (b.end >= from && b.start <= to ? i : -1)).filter((i) => i >= 0);
    return hit.length ? [hit[0], hit[hit.length - 1]] : null;
  }

  showSelection() {
    if (!this.selection) {
      this.brushRect.setAttribute("visibility", "hidden");
      this.status.textContent = "No date range selected: all dates shown.";
      return;
    }
    const [a, b] = this.selection;
    this.brushRect.setAttribute("visibility", "visible");
    this.brushRect.setAttribute("x", String(a * this.step));
    this.brushRect.setAttribute("width", String((b - a + 1) * this.step));
    this.status.textContent = `Selected ${isoDay(this.bins[a].start)} to ${isoDay(this.bins[b].end)}.`;
  }

  binAt(svg, clientX) {
    const box = svg.getBoundingClientRect();
    const x = clientX - box.left - this.plotLeft;
    return Math.min(this.bins.length - 1, Math.max(0, Math.floor(x / this.step)));
  }

  apply() {
    if (!this.selection) {
      this.onRange(null, null);
      return;
    }
    const [a, b] = this.selection;
    this.onRange(isoDay(this.bins[a].start), isoDay(this.bins[b].end));
  }

  attachBrush(svg) {
    let anchor = null;
    svg.addEventListener("pointerdown", (e) => {
      if (e.button !== 0) return;
      anchor = this.binAt(svg, e.clientX);
      this.selection = [anchor, anchor];
      svg.setPointerCapture(e.pointerId);
      this.showSelection();
    });
    svg.addEventListener("pointermove", (e) => {
      if (anchor === null) return;
      const at = this.binAt(svg, e.clientX);
      this.selection = [Math.min(anchor, at), Math.max(anchor, at)];
      this.showSelection();
    });
    const finish = () => {
      if (anchor === null) return;
      anchor = null;
      this.apply();
    };
    svg.addEventListener("pointerup", finish);
    svg.addEventListener("pointercancel", () => { anchor = null; });
    svg.addEventListener("keydown", (e) => this.onKey(e));
  }

  onKey(e) {
    const last = this.bins.length - 1;
    let [a, b] = this.selection || [last, last];
    if (e.key === "ArrowLeft" || e.key === "ArrowRight") {
      const d = e.key === "ArrowLeft" ? -1 : 1;
      if (!this.selection) [a, b] = [last, last];
      else if (e.shiftKey) b = Math.min(last, Math.max(a, b + d));
      else if (a + d >= 0 && b + d <= last) [a, b] = [a + d, b + d];
      this.selection = [a, b];
      this.showSelection();
    } else if (e.key === "Enter") {
      this.apply();
    } else if (e.key === "Escape") {
      this.selection = null;
      this.showSelection();
      this.apply();
    } else return;
    e.preventDefault();
  }
}
