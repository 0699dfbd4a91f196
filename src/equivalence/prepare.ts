/**
 * Getting two formulas ready for trials: one shared shape analysis of the two sides, over a table
 * completed by `completeTable` (symbolic/table.ts).
 */
import type { Expr } from "../expr/ast.js";
import type { Shape, SymbolTable } from "../expr/types.js";
import { inferShapes } from "../expr/shapes.js";
import { resolveShapes } from "../symbolic/table.js";

export type ShapeCheck =
  | { ok: true; table: SymbolTable; left: Shape; right: Shape }
  | { ok: false; message: string; left?: Shape; right?: Shape };

export function shapeText(s: Shape): string {
  return s.length === 0 ? "a scalar" : `${s[0]}×${s[1]}`;
}

const isOneByOne = (s: Shape): boolean => s.length === 2 && s[0] === 1 && s[1] === 1;

/**
 * Infers each side, then both together (their difference) so the sizes unify across the two; the
 * table comes back with every inferred size substituted.
 */
export function checkShapes(a: Expr, b: Expr, table: SymbolTable): ShapeCheck {
  const ra = inferShapes(a, table);
  if (!ra.ok) return { ok: false, message: `in the first formula: ${ra.message}` };
  const rb = inferShapes(b, table);
  if (!rb.ok) return { ok: false, message: `in the second formula: ${rb.message}` };
  const left = ra.shape;
  const right = rb.shape;
  const scalarA = left.length === 0 || isOneByOne(left);
  const scalarB = right.length === 0 || isOneByOne(right);
  if (scalarA !== scalarB && (left.length === 0 || right.length === 0)) {
    return { ok: false, message: `the first formula is ${shapeText(left)} but the second is ${shapeText(right)}`, left, right };
  }
  const both: Expr = { kind: "add", terms: [a, { kind: "neg", arg: b }] };
  const r = resolveShapes(table, both);
  if (!r.ok) {
    const sizes = shapeText(left) === shapeText(right) ? "the sizes the two formulas need do not fit together" : `the first formula is ${shapeText(left)} but the second is ${shapeText(right)}, and they cannot be equal for all sizes`;
    return { ok: false, message: `${sizes} (${r.message})`, left, right };
  }
  return { ok: true, table: r.table, left: r.shapeOf(a) ?? left, right: r.shapeOf(b) ?? right };
}
