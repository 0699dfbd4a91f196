/**
 * Getting two formulas ready for trials: one shared shape analysis of the two sides, over a table
 * completed by `completeTable` (symbolic/table.ts).
 */
import type { Expr } from "../expr/ast.js";
import type { Shape, SymbolTable } from "../expr/types.js";
import { inferShapes } from "../expr/shapes.js";
import { resolveShapes } from "../symbolic/table.js";
import { symbolsIn } from "../symbolic/walk.js";

export type ShapeCheck =
  /** `forced`: a size constraint only equating the two sides imposes (see forcedByJoining). */
  | { ok: true; table: SymbolTable; left: Shape; right: Shape; forced?: string }
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
  const forced = forcedByJoining(a, b, table, r.table);
  return { ok: true, table: r.table, left: r.shapeOf(a) ?? left, right: r.shapeOf(b) ?? right, ...(forced ? { forced } : {}) };
}

type Slot = { name: string; axis: 0 | 1 };

const slotText = (s: Slot): string => `the ${s.axis === 0 ? "rows" : "columns"} of ${s.name}`;

/**
 * A size constraint that appears only when the two sides are equated: a size of a symbol both use
 * that each side alone leaves free but joining them fixes (`G^\top \mathbf{1}` against
 * `\mathbf{1}^\top G` forces G to one column), or two sizes each side leaves distinct but joining
 * makes equal (`W x` against `x^\top W^\top`). Such formulas agree at most on special shapes, so
 * for "all shapes" they differ (equiv still runs the trials first: a counterexample says more).
 * Symbols with a declared shape keep it and are never reported.
 */
function forcedByJoining(a: Expr, b: Expr, table: SymbolTable, joint: SymbolTable): string | null {
  const ra = resolveShapes(table, a);
  const rb = resolveShapes(table, b);
  if (!ra.ok || !rb.ok) return null;
  const inA = symbolsIn(a);
  const shared = [...symbolsIn(b)].filter((n) => inA.has(n)).sort();
  const dimsOf = (t: SymbolTable, name: string): Shape | undefined => t.symbols.find((s) => s.name === name)?.shape;
  const slots: Slot[] = [];
  for (const name of shared) {
    const decl = table.symbols.find((s) => s.name === name);
    if (!decl || decl.shape) continue;
    const [ja, jb, jj] = [dimsOf(ra.table, name), dimsOf(rb.table, name), dimsOf(joint, name)];
    if (ja?.length !== 2 || jb?.length !== 2 || jj?.length !== 2) continue;
    for (const axis of [0, 1] as const) slots.push({ name, axis });
  }
  const at = (t: SymbolTable, s: Slot): string | number => (dimsOf(t, s.name) as [string | number, string | number])[s.axis];
  const free = (t: SymbolTable, s: Slot): boolean => typeof at(t, s) === "string";
  for (const s of slots) {
    const fixed = at(joint, s);
    if (typeof fixed === "number" && free(ra.table, s) && free(rb.table, s)) return `${s.name} has ${fixed} ${s.axis === 0 ? "row" : "column"}${fixed === 1 ? "" : "s"}`;
  }
  for (let i = 0; i < slots.length; i++) {
    for (let j = i + 1; j < slots.length; j++) {
      const [s, u] = [slots[i], slots[j]];
      if (at(joint, s) !== at(joint, u) || typeof at(joint, s) === "number") continue;
      if (at(ra.table, s) !== at(ra.table, u) && at(rb.table, s) !== at(rb.table, u)) return `${slotText(s)} equal ${slotText(u)}`;
    }
  }
  return null;
}
