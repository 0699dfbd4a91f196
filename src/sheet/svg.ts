/**
 * Line plots as inline SVG, written by hand: axes, decade or linear ticks, one polyline and marker
 * set per series, a legend. No plotting library, no script: the sheet prints as drawn.
 */
import { escapeHtml } from "./math.js";

export interface LineSeries {
  name: string;
  points: Array<[number, number]>;
  /** Drawn dashed: a theoretical curve beside measured points. */
  dashed?: boolean;
}

export interface LinePlot {
  title: string;
  xLabel: string;
  yLabel: string;
  logX?: boolean;
  logY?: boolean;
  series: LineSeries[];
}

const W = 640;
const H = 360;
const M = { left: 70, right: 20, top: 34, bottom: 50 };
const COLORS = ["#1f5fa8", "#c0392b", "#2e8b57", "#8e44ad", "#d35400", "#555555"];

function niceLinearTicks(lo: number, hi: number): number[] {
  const span = hi - lo || Math.abs(hi) || 1;
  const raw = span / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * mag).find((s) => span / s <= 6) ?? 10 * mag;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return ticks;
}

function fmt(v: number, log: boolean): string {
  if (log) {
    const e = Math.round(Math.log10(v));
    return Math.abs(e) <= 3 ? String(10 ** e > 1 ? 10 ** e : Number((10 ** e).toPrecision(1))) : `1e${e}`;
  }
  if (v !== 0 && (Math.abs(v) >= 1e4 || Math.abs(v) < 1e-2)) return v.toExponential(0);
  return String(Number(v.toPrecision(4)));
}

interface Axis {
  lo: number;
  hi: number;
  log: boolean;
}

function axis(values: number[], log: boolean): Axis {
  const vs = values.filter((v) => Number.isFinite(v) && (!log || v > 0)).map((v) => (log ? Math.log10(v) : v));
  let lo = Math.min(...vs);
  let hi = Math.max(...vs);
  if (!Number.isFinite(lo)) [lo, hi] = [0, 1];
  if (log) [lo, hi] = [Math.floor(lo), Math.ceil(hi)];
  if (hi === lo) [lo, hi] = [lo - 1, hi + 1];
  if (!log) {
    const pad = (hi - lo) * 0.05;
    if (lo !== 0) lo -= pad;
    hi += pad;
  }
  return { lo, hi, log };
}

function ticks(a: Axis): number[] {
  if (!a.log) return niceLinearTicks(a.lo, a.hi);
  const every = Math.max(1, Math.ceil((a.hi - a.lo) / 8));
  const out: number[] = [];
  for (let e = a.lo; e <= a.hi; e += every) out.push(10 ** e);
  return out;
}

/** The plot as an `<svg>` element (with a <title> for screen readers). */
export function lineSvg(plot: LinePlot): string {
  const xs = plot.series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = plot.series.flatMap((s) => s.points.map((p) => p[1]));
  const ax = axis(xs, plot.logX ?? false);
  const ay = axis(ys, plot.logY ?? false);
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const sx = (v: number) => M.left + (((ax.log ? Math.log10(v) : v) - ax.lo) / (ax.hi - ax.lo)) * pw;
  const sy = (v: number) => M.top + ph - (((ay.log ? Math.log10(v) : v) - ay.lo) / (ay.hi - ay.lo)) * ph;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" class="plot" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img">`);
  parts.push(`<title>${escapeHtml(plot.title)}</title>`);
  parts.push(`<text x="${W / 2}" y="20" text-anchor="middle" class="plot-title">${escapeHtml(plot.title)}</text>`);
  parts.push(`<rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}" fill="none" stroke="#444"/>`);
  for (const t of ticks(ax)) {
    const x = sx(t).toFixed(1);
    parts.push(`<line x1="${x}" y1="${M.top}" x2="${x}" y2="${M.top + ph}" stroke="#ddd"/>`);
    parts.push(`<text x="${x}" y="${M.top + ph + 16}" text-anchor="middle" class="tick">${fmt(t, ax.log)}</text>`);
  }
  for (const t of ticks(ay)) {
    const y = sy(t).toFixed(1);
    parts.push(`<line x1="${M.left}" y1="${y}" x2="${M.left + pw}" y2="${y}" stroke="#ddd"/>`);
    parts.push(`<text x="${M.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle" class="tick">${fmt(t, ay.log)}</text>`);
  }
  parts.push(`<text x="${M.left + pw / 2}" y="${H - 10}" text-anchor="middle" class="axis-label">${escapeHtml(plot.xLabel)}</text>`);
  parts.push(
    `<text x="16" y="${M.top + ph / 2}" text-anchor="middle" transform="rotate(-90 16 ${M.top + ph / 2})" class="axis-label">${escapeHtml(plot.yLabel)}</text>`,
  );
  plot.series.forEach((s, k) => {
    const color = COLORS[k % COLORS.length];
    const pts = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!ax.log || x > 0) && (!ay.log || y > 0));
    const path = pts.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(" ");
    const dash = s.dashed ? ` stroke-dasharray="6 4"` : "";
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2"${dash} points="${path}"/>`);
    if (!s.dashed) for (const [x, y] of pts) parts.push(`<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="2.5" fill="${color}"/>`);
    const ly = M.top + 14 + k * 16;
    parts.push(`<line x1="${M.left + 10}" y1="${ly}" x2="${M.left + 34}" y2="${ly}" stroke="${color}" stroke-width="2"${dash}/>`);
    parts.push(`<text x="${M.left + 40}" y="${ly}" dominant-baseline="middle" class="legend">${escapeHtml(s.name)}</text>`);
  });
  parts.push("</svg>");
  return parts.join("");
}
