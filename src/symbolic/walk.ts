/** Traversal helpers of the symbolic engine, on top of the expression layer's `children`/`mapChildren`. */
import type { Expr } from "../expr/ast.js";
import { children, mapChildren } from "../expr/index.js";

export { children, mapChildren };

/** Whether a name satisfying `pred` occurs as a symbol in e. */
export function mentions(e: Expr, pred: (name: string) => boolean): boolean {
  if (e.kind === "sym") return pred(e.name);
  return children(e).some((c) => mentions(c, pred));
}

/** Replaces every occurrence of symbol `name` with `by`. */
export function substitute(e: Expr, name: string, by: Expr): Expr {
  if (e.kind === "sym") return e.name === name ? by : e;
  return mapChildren(e, (c) => substitute(c, name, by));
}

/** Every symbol name that occurs in e. */
export function symbolsIn(e: Expr, into: Set<string> = new Set()): Set<string> {
  if (e.kind === "sym") into.add(e.name);
  for (const c of children(e)) symbolsIn(c, into);
  return into;
}
