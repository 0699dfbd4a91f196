/**
 * Every single-node rewrite of a tree, for the mutation generator: built on the expression layer's
 * generic traversal (`children`, `mapChildren`, which visit children in the same order).
 */
import type { Expr } from "../expr/ast.js";
import { children, mapChildren } from "../expr/index.js";

/** `node` with its i-th child (in `children` order) replaced. */
function withChild(node: Expr, i: number, replacement: Expr): Expr {
  let k = -1;
  return mapChildren(node, (c) => {
    k++;
    return k === i ? replacement : c;
  });
}

/**
 * Every way of replacing one node of `root`: `alternatives(node)` proposes replacements for a node,
 * and each is returned as a whole new tree with the proposal's tag.
 */
export function replacements<T>(root: Expr, alternatives: (node: Expr) => Array<{ expr: Expr; tag: T }>): Array<{ expr: Expr; tag: T }> {
  const out: Array<{ expr: Expr; tag: T }> = [];
  const visit = (node: Expr, rebuild: (replacement: Expr) => Expr, depth: number): void => {
    if (depth > 200) return;
    for (const alt of alternatives(node)) out.push({ expr: rebuild(alt.expr), tag: alt.tag });
    children(node).forEach((kid, i) => visit(kid, (r) => rebuild(withChild(node, i, r)), depth + 1));
  };
  visit(root, (r) => r, 0);
  return out;
}
