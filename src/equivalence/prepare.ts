/**
 * Getting two formulas ready for trials: a symbol table that covers every name (undeclared value
 * symbols become matrices whose sizes are inferred by unification, undeclared function names become
 * elementwise functions), and one shared shape analysis of the two sides.
 */
import type { Expr } from "../expr/ast.js";
import type { Dim, Shape, SymbolDecl, SymbolTable } from "../expr/types.js";
import { analyzeShapes, inferShapes } from "../expr/shapes.js";
import { children } from "../symbolic/walk.js";
import { ELEMENTWISE_BUILTINS } from "../symbolic/shape.js";

const NON_ELEMENTWISE_BUILTINS = new Set(["diag", "softmax", "logsoftmax", "norm", "trace"]);

/** Names used as values and as functions, skipping bound variables and index names. */
function collectNames(e: Expr, values: Set<string>, fns: Set<string>, bound: Set<string>): void {
  switch (e.kind) {
    case "sym":
      if (!bound.has(e.name)) values.add(e.name);
      return;
    case "call":
      fns.add(e.fn);
      break;
    case "index":
      collectNames(e.base, values, fns, bound);
      return;
    case "delta":
      return;
    case "bigop":
    case "limit":
    case "integral": {
      const name = e.kind === "bigop" ? e.index : e.variable;
      const inner = new Set(bound).add(name);
      for (const c of children(e)) collectNames(c, values, fns, inner);
      return;
    }
    default:
      break;
  }
  for (const c of children(e)) collectNames(c, values, fns, bound);
}

/** The table extended with a declaration for every name the formulas use and the table lacks. */
export function completeTable(table: SymbolTable, formulas: Expr[]): { table: SymbolTable; inferred: string[] } {
  const values = new Set<string>();
  const fns = new Set<string>();
  for (const f of formulas) collectNames(f, values, fns, new Set());
  const declared = new Set(table.symbols.map((s) => s.name));
  const extra: SymbolDecl[] = [];
  for (const name of values) {
    if (declared.has(name)) continue;
    // No shape: the inferer gives it flexible sizes, unified with the rest; `checkShapes` fills them in.
    extra.push({ name, kind: "matrix" });
  }
  for (const fn of fns) {
    if (declared.has(fn) || ELEMENTWISE_BUILTINS.has(fn) || NON_ELEMENTWISE_BUILTINS.has(fn)) continue;
    extra.push({ name: fn, kind: "elementwise" });
  }
  if (extra.length === 0) return { table, inferred: [] };
  return { table: { symbols: [...table.symbols, ...extra] }, inferred: extra.map((d) => d.name) };
}

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
  const r = analyzeShapes(both, table);
  if (!r.ok) {
    return { ok: false, message: `the first formula is ${shapeText(left)} but the second is ${shapeText(right)}, and they cannot be equal for all sizes (${r.message})`, left, right };
  }
  const sub = (d: Dim): Dim => (typeof d === "string" && r.subst[d] !== undefined ? r.subst[d] : d);
  const symNodes = new Map<string, Expr>();
  for (const node of r.nodes.keys()) if (node.kind === "sym" && !symNodes.has(node.name)) symNodes.set(node.name, node);
  const symbols = table.symbols.map((s): SymbolDecl => {
    if (s.shape && s.shape.length === 2) return { ...s, shape: [sub(s.shape[0]), sub(s.shape[1])] };
    const node = symNodes.get(s.name);
    const ids = node ? r.nodes.get(node) : undefined;
    if (s.kind !== "matrix" || s.shape || !ids) return s;
    return { ...s, shape: [r.store.resolve(ids[0]), r.store.resolve(ids[1])] };
  });
  const unified = (e: Expr, fallback: Shape): Shape => {
    const ids = r.nodes.get(e);
    if (ids === undefined) return fallback;
    return ids === null ? [] : [r.store.resolve(ids[0]), r.store.resolve(ids[1])];
  };
  return { ok: true, table: { symbols }, left: unified(a, left), right: unified(b, right) };
}
