/**
 * Tables on the sheet: the architecture table of a convolution stack (from the conv calculator) and
 * whatever table a question's verification carries (rows of records or of cells).
 */
import { analyze } from "../conv/index.js";
import { escapeHtml } from "./math.js";

type Cell = string | number | boolean | null;

export function htmlTable(header: string[], rows: Cell[][], caption?: string): string {
  const cell = (c: Cell) => escapeHtml(c === null ? "" : typeof c === "number" ? fmtNumber(c) : String(c));
  const cap = caption ? `<caption>${escapeHtml(caption)}</caption>` : "";
  return (
    `<table class="data">${cap}<thead><tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead>` +
    `<tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${cell(c)}</td>`).join("")}</tr>`).join("")}</tbody></table>`
  );
}

function fmtNumber(v: number): string {
  if (Number.isInteger(v)) return v.toLocaleString("en-US").replace(/,/g, " ");
  return Number(v.toPrecision(6)).toString();
}

function isCell(v: unknown): v is Cell {
  return v === null || ["string", "number", "boolean"].includes(typeof v);
}

function show(v: unknown): Cell {
  if (isCell(v)) return v;
  if (Array.isArray(v) && v.every((x) => typeof x === "number")) return v.join(" × ");
  return JSON.stringify(v);
}

/** A verification's `table`, whatever its layout; null when it is not tabular. */
export function anyTable(table: unknown): string | null {
  if (!Array.isArray(table) || table.length === 0) return null;
  if (table.every((r) => Array.isArray(r))) {
    const rows = (table as unknown[][]).map((r) => r.map(show));
    return htmlTable(rows[0].map((c) => String(c ?? "")), rows.slice(1));
  }
  if (table.every((r) => r !== null && typeof r === "object")) {
    const records = table as Array<Record<string, unknown>>;
    const keys = [...new Set(records.flatMap((r) => Object.keys(r)))];
    return htmlTable(keys, records.map((r) => keys.map((k) => show(r[k]))));
  }
  return null;
}

/** The architecture table of a spec: output volume, parameters, receptive field and jump per layer. */
export function architectureTable(spec: string, caption: string): string {
  const a = analyze(spec);
  if (!a.ok) return `<p class="detail">${escapeHtml(`${a.layer}: ${a.error}`)}</p>`;
  const rows: Cell[][] = [["Input", a.input.join(" × "), 0, 1, 1]];
  for (const l of a.layers) {
    rows.push([l.layer, l.output.join(" × "), l.params, l.receptiveField?.h.size ?? "—", l.receptiveField?.h.jump ?? "—"]);
  }
  rows.push(["total", "", a.totalParams, "", ""]);
  return htmlTable(["layer", "output (H × W × C)", "parameters", "receptive field", "jump"], rows, caption);
}

/** The convolution stacks shown with their tables, by question id. */
export const ARCHITECTURES: Record<string, Array<{ spec: string; caption: string }>> = {
  "conv-architecture-table": [
    { spec: "Input 64x64x1; Conv4-5-Pvalid-S2; Pool3; Conv3-5-Pvalid-S1; Pool2; FC5", caption: "D.2: the five-layer network (PyTorch convention, biases counted)" },
  ],
  "conv-ift6135-q7": [{ spec: "Input 256x256x3; Conv8-64-P0-S2; Pool5; Conv4-128-P1-S1", caption: "IFT6135 Q7: 256×256×3 input (biases counted)" }],
  "receptive-field": [
    { spec: "Input 64x64x1; Conv5-1-P2-S1; Conv5-1-P2-S1; Conv5-1-P2-S1; Conv5-1-P2-S1; Conv5-1-P2-S1", caption: "five 5×5 convolutions, stride 1, padding 2" },
  ],
};
