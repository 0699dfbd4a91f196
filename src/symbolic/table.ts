/**
 * Symbol tables for formulas that use names the table does not declare ("undeclared shapes are
 * inferred"): an undeclared value symbol becomes a matrix with flexible sizes, an undeclared function
 * name an elementwise function, and one shape analysis of a combined expression fills in the sizes
 * by unification.
 */
import type { Expr } from "../expr/ast.js";
import type { Shape, SymbolDecl, SymbolTable } from "../expr/types.js";
import { analyzeShapes, type ShapeAnalysis } from "../expr/shapes.js";
import { ELEMENTWISE_BUILTINS } from "./shape.js";
import { children } from "./walk.js";

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
    // No shape: the inferer gives it flexible sizes, unified with the rest; `resolveShapes` fills them in.
    if (!declared.has(name)) extra.push({ name, kind: "matrix" });
  }
  for (const fn of fns) {
    if (declared.has(fn) || ELEMENTWISE_BUILTINS.has(fn) || NON_ELEMENTWISE_BUILTINS.has(fn)) continue;
    extra.push({ name: fn, kind: "elementwise" });
  }
  if (extra.length === 0) return { table, inferred: [] };
  return { table: { ...table, symbols: [...table.symbols, ...extra] }, inferred: extra.map((d) => d.name) };
}

export type Resolved =
  | { ok: true; table: SymbolTable; analysis: ShapeAnalysis; shapeOf: (e: Expr) => Shape | null }
  | { ok: false; message: string };

/** Analyses `e` and returns the table with every size it determined written into the declarations. */
export function resolveShapes(table: SymbolTable, e: Expr): Resolved {
  const r = analyzeShapes(e, table);
  if (!r.ok) return { ok: false, message: r.message };
  const symNodes = new Map<string, Expr>();
  for (const node of r.nodes.keys()) if (node.kind === "sym" && !symNodes.has(node.name)) symNodes.set(node.name, node);
  const sub = (d: string | number) => (typeof d === "string" && r.subst[d] !== undefined ? r.subst[d] : d);
  const symbols = table.symbols.map((s): SymbolDecl => {
    if (s.shape && s.shape.length === 2) return { ...s, shape: [sub(s.shape[0]), sub(s.shape[1])] };
    const node = symNodes.get(s.name);
    const ids = node ? r.nodes.get(node) : undefined;
    if ((s.kind !== "matrix" && s.kind !== "vector") || s.shape || !ids) return s;
    return { ...s, shape: [r.store.resolve(ids[0]), r.store.resolve(ids[1])] };
  });
  const shapeOf = (x: Expr): Shape | null => {
    const ids = r.nodes.get(x);
    if (ids === undefined) return null;
    return ids === null ? [] : [r.store.resolve(ids[0]), r.store.resolve(ids[1])];
  };
  return { ok: true, table: { ...table, symbols }, analysis: r, shapeOf };
}
