/** Refusing answers that restate the question instead of answering it. */
import type { Expr } from "../expr/ast.js";
import { children } from "../expr/index.js";
import type { Prepared } from "./prepare.js";
import type { Note } from "./judge.js";

/** Operators the numeric evaluator can compute, but which an answer must not leave uncomputed. */
const OPEN_OPERATORS: Record<string, string> = { deriv: "a derivative", limit: "a limit", integral: "an integral", expect: "an expectation" };

function operatorsIn(e: Expr, into: Set<string> = new Set()): Set<string> {
  if (e.kind in OPEN_OPERATORS) into.add(e.kind);
  for (const c of children(e)) operatorsIn(c, into);
  return into;
}

/**
 * An answer that restates the question (`\frac{\partial S_i}{\partial x_j}` for the softmax
 * Jacobian) evaluates to the right numbers by autodiff: it must still be refused. A derivative,
 * limit, integral or expectation is allowed only where the reference itself has one.
 */
export function notClosedForm(p: Prepared, slot: string | null, expr: Expr): Note | null {
  const refs = slot === null ? [p.jointReference as Expr] : (p.references.get(slot) as Expr[]);
  const allowed = new Set<string>();
  for (const r of refs) operatorsIn(r, allowed);
  const open = [...operatorsIn(expr)].filter((k) => !allowed.has(k));
  if (open.length === 0) return null;
  return {
    code: "not-closed-form",
    message: `Your answer still contains ${open.map((k) => OPEN_OPERATORS[k]).join(" and ")}: the question asks for the result in closed form.`,
  };
}
