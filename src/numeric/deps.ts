/**
 * Which names a node depends on, counting the inputs of defined symbols (S depends on x when S is
 * softmax(x)), and which names get bound somewhere in a formula. The evaluator memoises a node for
 * the whole evaluation when it depends on nothing that gets bound: most of `S_i(\delta_{ij} - S_j)`
 * is then computed once, not once per (i, j).
 */
import type { Expr } from "../expr/ast.js";
import { children } from "../expr/walk.js";
import type { Definition } from "./env.js";

export type Definitions = Record<string, Definition>;

/** The name a binder binds inside its body (and, for a bigop, inside its condition). */
export function boundBy(e: Expr): string | null {
  if (e.kind === "bigop") return e.index;
  if (e.kind === "limit" || e.kind === "integral") return e.variable;
  return null;
}

export class DepInfo {
  private readonly free = new Map<Expr, Set<string>>();
  private readonly defFree = new Map<string, Set<string>>();
  /** Names that appear as an index (S_i, δ_ij): undeclared ones are indices. */
  readonly indexNames = new Set<string>();

  constructor(private readonly defs: Definitions) {}

  /** Free names of a node, including the transitive inputs of defined symbols. */
  freeOf(e: Expr): Set<string> {
    const known = this.free.get(e);
    if (known) return known;
    // Iterative post-order walk: formulas may be deep.
    const stack: Array<{ node: Expr; done: boolean }> = [{ node: e, done: false }];
    while (stack.length > 0) {
      const top = stack.pop()!;
      if (this.free.has(top.node)) continue;
      const kids = children(top.node);
      if (!top.done) {
        stack.push({ node: top.node, done: true });
        for (const k of kids) if (!this.free.has(k)) stack.push({ node: k, done: false });
        continue;
      }
      const out = new Set<string>();
      if (top.node.kind === "sym") {
        out.add(top.node.name);
        for (const n of this.definitionInputs(top.node.name)) out.add(n);
      }
      // A defined function reads the table's symbols in its body (g(t) = a t reads a).
      if (top.node.kind === "call") for (const n of this.definitionInputs(top.node.fn)) out.add(n);
      if (top.node.kind === "index") for (const i of top.node.indices) this.noteIndex(i);
      if (top.node.kind === "delta") {
        this.noteIndex(top.node.i);
        this.noteIndex(top.node.j);
      }
      const bound = boundBy(top.node);
      const body = top.node.kind === "bigop" || top.node.kind === "limit" || top.node.kind === "integral" ? top.node.body : null;
      for (const k of kids) {
        for (const n of this.free.get(k) ?? []) {
          const inScope = k === body || (top.node.kind === "bigop" && k === top.node.cond);
          if (!(inScope && n === bound)) out.add(n);
        }
      }
      if (top.node.kind === "bigop") out.delete(top.node.index);
      this.free.set(top.node, out);
    }
    return this.free.get(e)!;
  }

  private noteIndex(i: Expr): void {
    if (i.kind === "sym") this.indexNames.add(i.name);
    else for (const k of children(i)) this.noteIndex(k);
  }

  /** Every name a defined symbol is computed from, transitively (cycles stop the walk). */
  definitionInputs(name: string, seen: Set<string> = new Set()): Set<string> {
    const known = this.defFree.get(name);
    if (known) return known;
    const def = this.defs[name];
    const out = new Set<string>();
    if (!def || seen.has(name)) return out;
    seen.add(name);
    const walk = (x: Expr): void => {
      if (x.kind === "sym" && !def.params?.includes(x.name)) {
        out.add(x.name);
        for (const n of this.definitionInputs(x.name, seen)) out.add(n);
      }
      for (const k of children(x)) walk(k);
    };
    walk(def.body);
    this.defFree.set(name, out);
    return out;
  }
}

/** Names bound anywhere in a formula: binder variables, derivative variables, expectation variables. */
export function boundNames(e: Expr, expectOver: (x: Extract<Expr, { kind: "expect" }>) => string[], out: Set<string> = new Set()): Set<string> {
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const x = stack.pop()!;
    const b = boundBy(x);
    if (b !== null) out.add(b);
    if (x.kind === "deriv") {
      const w = x.wrt.kind === "index" ? x.wrt.base : x.wrt;
      if (w.kind === "sym") out.add(w.name);
    }
    if (x.kind === "expect") for (const n of expectOver(x)) out.add(n);
    stack.push(...children(x));
  }
  return out;
}
