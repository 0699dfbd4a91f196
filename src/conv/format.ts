/** Plain-text tables for the CLI: the architecture table. */
import { describeConvention } from "./convention.js";
import { type Analysis, perAxis } from "./analyze.js";

/** Columns separated by two spaces; the `left` columns left-aligned, the others (numbers) right-aligned. */
export function alignRows(rows: string[][], left: number[]): string[] {
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].length)));
  return rows.map((r) =>
    r
      .map((cell, j) => (left.includes(j) ? cell.padEnd(widths[j]) : cell.padStart(widths[j])))
      .join("  ")
      .trimEnd(),
  );
}

function show(v: number | [number, number]): string {
  return Array.isArray(v) ? v.join("x") : String(v);
}

/** The architecture table, stating the convention and whether biases are counted. */
export function formatAnalysis(a: Analysis): string {
  const header = ["#", "layer", "output (HxWxC)", "params", "receptive field", "jump", "start"];
  const rows = [
    ["0", "Input", a.input.join("x"), "0", "1", "1", "0"],
    ...a.layers.map((l) => {
      const f = l.receptiveField;
      return [
        String(l.index),
        l.layer,
        l.output.join("x"),
        String(l.params),
        f ? show(perAxis(f.h.size, f.w.size)) : "-",
        f ? show(perAxis(f.h.jump, f.w.jump)) : "-",
        f ? show(perAxis(f.h.start, f.w.start)) : "-",
      ];
    }),
  ];
  const lines = [`convention: ${describeConvention(a.convention)}`, "", ...alignRows([header, ...rows], [1]), ""];
  lines.push(`total parameters: ${a.totalParams} (${a.bias ? "with biases" : "weights only, no biases"})`);
  if (a.layers.some((l) => l.receptiveField === null)) {
    lines.push("receptive field: '-' from the first transposed convolution on (its output pixels see unequal fields)");
  }
  lines.push("start: centre of the first output pixel's field, in input pixels (0 = first input pixel; negative = padding)");
  return lines.join("\n");
}
