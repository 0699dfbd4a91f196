/** Index letters in an answer: mapping the student's own letters onto the reference's free indices. */
import type { Expr } from "../expr/ast.js";
import { children, mapChildren } from "../expr/index.js";
import { evaluate } from "../numeric/index.js";
import type { Prepared } from "./prepare.js";

/** The free indices of a formula (evaluated on the question's first fingerprint instance), or null. */
export function freeIndicesOf(e: Expr, p: Prepared): string[] | null {
  const env = p.envs()[0];
  if (!env) return null;
  try {
    const r = evaluate(e, env);
    return r.ok ? r.freeIndices : null;
  } catch {
    return null;
  }
}

function renameSymbols(e: Expr, names: Map<string, string>): Expr {
  if (e.kind === "sym") {
    const to = names.get(e.name);
    return to === undefined ? e : { ...e, name: to };
  }
  return mapChildren(e, (c) => renameSymbols(c, names));
}

function mentionsAny(e: Expr, names: Set<string>): boolean {
  if (e.kind === "sym" && names.has(e.name)) return true;
  return children(e).some((c) => mentionsAny(c, names));
}

/**
 * Index letters are the student's to choose: `D_{kl} = G_{kl} \min(0, X_{kl})` is the reference's
 * `G_{ij} \min(0, X_{ij})` with k, l for i, j. The answer's free indices are renamed to the
 * reference's when the correspondence is unambiguous: given by the slot's own indices (`D_{kl}`),
 * or a single free index. Nothing is renamed onto a letter the answer already uses.
 */
export function alignIndices(p: Prepared, slot: string, expr: Expr, lhsIndices: string[] | undefined): Expr {
  const refs = p.references.get(slot);
  if (!refs || !lhsIndices || lhsIndices.length === 0 || new Set(lhsIndices).size !== lhsIndices.length) return expr;
  // The answer's own letters are not evaluated here: under the question's index ranges `G_{ji}`
  // may not even be in range until it is renamed.
  for (const ref of refs) {
    const theirs = freeIndicesOf(ref, p);
    if (!theirs || theirs.length !== lhsIndices.length || lhsIndices.join() === theirs.join()) continue;
    const rename = new Map(lhsIndices.map((name, k) => [name, theirs[k]] as [string, string]).filter(([a, b]) => a !== b));
    const targets = new Set([...rename.values()].filter((t) => !rename.has(t)));
    if (mentionsAny(expr, targets)) continue;
    // Rename through fresh names so a swap (i ↔ j) does not collide.
    const fresh = new Map([...rename.keys()].map((a, k) => [a, `\u0000${k}`] as [string, string]));
    const back = new Map([...rename.entries()].map(([a, b]) => [fresh.get(a) as string, b] as [string, string]));
    return renameSymbols(renameSymbols(expr, fresh), back);
  }
  return expr;
}

/** Index letters used free (not bound by a sum or product) in a formula, read from its text. */
export function freeIndexLetters(e: Expr, bound: Set<string> = new Set(), into: Set<string> = new Set()): Set<string> {
  if (e.kind === "bigop") {
    const inner = new Set(bound).add(e.index);
    for (const c of children(e)) freeIndexLetters(c, inner, into);
    return into;
  }
  if (e.kind === "index") {
    freeIndexLetters(e.base, bound, into);
    for (const i of e.indices) if (i.kind === "sym" && !bound.has(i.name)) into.add(i.name);
    return into;
  }
  if (e.kind === "delta") {
    for (const i of [e.i, e.j]) if (i.kind === "sym" && !bound.has(i.name)) into.add(i.name);
    return into;
  }
  for (const c of children(e)) freeIndexLetters(c, bound, into);
  return into;
}
