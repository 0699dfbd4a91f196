/** Structural equality of ASTs: every field but `span`; an absent field equals an undefined one. */
import type { Expr } from "./ast.js";

const SPAN_ONLY: ReadonlySet<string> = new Set(["span"]);

export function exprEquals(a: Expr, b: Expr): boolean {
  return sameIgnoring(a, b, SPAN_ONLY);
}

/** Deep equality of two trees, skipping the named fields at every level. */
export function sameIgnoring(a: unknown, b: unknown, ignored: ReadonlySet<string>): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameIgnoring(a[i], b[i], ignored)) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const k of Object.keys(ra)) if (!ignored.has(k) && !sameIgnoring(ra[k], rb[k], ignored)) return false;
  for (const k of Object.keys(rb)) if (!ignored.has(k) && !(k in ra) && rb[k] !== undefined) return false;
  return true;
}
