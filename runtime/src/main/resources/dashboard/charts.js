// Small SVG line and bar charts for the dashboard (no library): series of [x, y] points, linear axes.
"use strict";
const Charts = (() => {
  const NS = "http://www.w3.org/2000/svg";
  const COLORS = ["#2f6fde", "#c2410c", "#2e9d5b", "#7c3aed", "#d98b00", "#0e8a8a", "#b3472f", "#5b6b8c"];
  const M = { left: 44, right: 12, top: 12, bottom: 30 };

  function el(name, attrs, parent) {
    const e = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (parent) parent.appendChild(e);
    return e;
  }

  function ticks(min, max, n, integer) {
    if (max === min) return [min];
    const step = Math.pow(10, Math.floor(Math.log10((max - min) / n)));
    let nice = [1, 2, 5, 10].map(s => s * step).find(s => (max - min) / s <= n) || step * 10;
    if (integer) nice = Math.max(1, Math.round(nice));
    const out = [];
    for (let v = Math.ceil(min / nice) * nice; v <= max + 1e-9; v += nice) out.push(+v.toFixed(10));
    return out;
  }

  function frame(svg, xMin, xMax, yMin, yMax, xLabel, yLabel) {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    const [, , W, H] = svg.getAttribute("viewBox").split(" ").map(Number);
    const w = W - M.left - M.right, h = H - M.top - M.bottom;
    const sx = x => M.left + (xMax === xMin ? w / 2 : (x - xMin) / (xMax - xMin) * w);
    const sy = y => M.top + h - (yMax === yMin ? h / 2 : (y - yMin) / (yMax - yMin) * h);
    for (const t of ticks(yMin, yMax, 4)) {
      el("line", { class: "grid", x1: M.left, x2: M.left + w, y1: sy(t), y2: sy(t) }, svg);
      el("text", { x: M.left - 6, y: sy(t) + 4, "text-anchor": "end" }, svg).textContent = t;
    }
    for (const t of ticks(xMin, xMax, 6, true)) {
      el("text", { x: sx(t), y: M.top + h + 16, "text-anchor": "middle" }, svg).textContent = t;
    }
    el("line", { class: "axis", x1: M.left, x2: M.left + w, y1: M.top + h, y2: M.top + h }, svg);
    el("line", { class: "axis", x1: M.left, x2: M.left, y1: M.top, y2: M.top + h }, svg);
    el("text", { x: M.left + w, y: H - 2, "text-anchor": "end" }, svg).textContent = xLabel;
    const mid = M.top + h / 2;
    el("text", { x: 11, y: mid, "text-anchor": "middle", transform: "rotate(-90 11 " + mid + ")" }, svg).textContent = yLabel;
    return { sx, sy, w, h };
  }

  /** series: [{name, points: [[x, y], ...]}]; opts: {yMin, yMax, xLabel, yLabel}. */
  function line(svg, series, opts) {
    const all = series.flatMap(s => s.points);
    if (all.length === 0) {
      frame(svg, 0, 1, opts.yMin ?? 0, opts.yMax ?? 1, opts.xLabel, opts.yLabel);
      el("text", { x: 260, y: 120, "text-anchor": "middle" }, svg).textContent = "no episodes yet";
      return;
    }
    const xs = all.map(p => p[0]), ys = all.map(p => p[1]);
    const yMin = opts.yMin ?? Math.min(0, ...ys), yMax = opts.yMax ?? Math.max(1, ...ys);
    const f = frame(svg, Math.min(...xs), Math.max(...xs), yMin, yMax, opts.xLabel, opts.yLabel);
    series.forEach((s, i) => {
      if (s.points.length === 0) return;
      const color = COLORS[i % COLORS.length];
      const d = s.points.map((p, j) => (j ? "L" : "M") + f.sx(p[0]).toFixed(1) + "," + f.sy(p[1]).toFixed(1)).join("");
      el("path", { class: "series", d, stroke: color, "data-series": s.name }, svg);
      if (s.points.length === 1) el("circle", { cx: f.sx(s.points[0][0]), cy: f.sy(s.points[0][1]), r: 3, fill: color }, svg);
      el("text", { x: M.left + 8 + 110 * (i % 4), y: M.top + 12 + 14 * Math.floor(i / 4), fill: color, style: "fill:" + color }, svg)
        .textContent = s.name;
    });
  }

  /** bars: [{x, y, label}] with y in [0, 1]. */
  function bars(svg, bars, opts) {
    if (bars.length === 0) {
      frame(svg, 0, 1, 0, 1, opts.xLabel, opts.yLabel);
      el("text", { x: 260, y: 120, "text-anchor": "middle" }, svg).textContent = "no solves yet";
      return;
    }
    const xMin = Math.min(...bars.map(b => b.x)), xMax = Math.max(...bars.map(b => b.x));
    const f = frame(svg, xMin - 0.5, xMax + 0.5, 0, 1, opts.xLabel, opts.yLabel);
    const bw = Math.max(2, f.w / (xMax - xMin + 1) * 0.7);
    for (const b of bars) {
      el("rect", { class: "bar", x: f.sx(b.x) - bw / 2, y: f.sy(b.y), width: bw, height: f.sy(0) - f.sy(b.y), fill: COLORS[0] }, svg)
        .appendChild(el("title", {})).textContent = b.label;
    }
  }

  return { line, bars };
})();
