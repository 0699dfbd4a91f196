/**
 * Limits at infinity of expressions whose only dependence on the limit variable k is through
 * saturating terms `\sigma(k c)` and `e^{k c}` with c = ±x (times a number): split on the sign of x,
 * where `\sigma(k c)` tends to 1, 0 or 1/2 and `e^{-k|c|}` to 0, and read the three cases back as
 * `\max(0, x)`, the Heaviside step `H(x)` (H(0) = 1/2), or a `cases` expression. nerdamer gets
 * `\lim_{\beta\to\infty} x\sigma(\beta x)` wrong; this rule is its checked fallback.
 */
import type { Expr } from "../../expr/ast.js";
import { call, num, rel, sym } from "../build.js";
import { sameExpr } from "../order.js";
import { ShapeContext } from "../shape.js";
import { simplify as simplifyIn } from "../simplify.js";
import { mapChildren, mentions, substitute } from "../walk.js";

const SCALARS = new ShapeContext(undefined, true);
const simplify = (e: Expr): Expr => simplifyIn(e, SCALARS);

interface Saturating {
  /** the sign variable x */
  x: string;
  /** sign of the coefficient of k x */
  sign: 1 | -1;
}

/** Reads u as k·(±a·x); null when it is not of that form. */
function linearIn(u: Expr, k: string): Saturating | null {
  if (u.kind === "neg") {
    const inner = linearIn(u.arg, k);
    return inner && { x: inner.x, sign: inner.sign === 1 ? -1 : 1 };
  }
  if (u.kind !== "mul") return null;
  let sign: 1 | -1 = 1;
  let x: string | null = null;
  let sawK = false;
  for (const f of u.factors) {
    if (f.kind === "sym" && f.name === k && !sawK) sawK = true;
    else if (f.kind === "sym" && x === null) x = f.name;
    else if (f.kind === "num" && f.value !== 0) sign = f.value < 0 ? ((-sign) as 1 | -1) : sign;
    else return null;
  }
  return sawK && x !== null ? { x, sign } : null;
}

export function saturationLimit(e: Expr, k: string): Expr {
  const body = simplify(e);
  let x: string | null = null;
  const limitCase = (s: 1 | -1 | 0): Expr => {
    const rewrite = (node: Expr): Expr => {
      if (node.kind === "call" && (node.fn === "sigma" || node.fn === "exp") && node.order === 0 && mentions(node, (n) => n === k)) {
        const lin = linearIn(simplify(node.args[0]), k);
        if (!lin) throw new Error(`cannot read ${node.fn}'s argument as k times a signed variable`);
        if (x !== null && x !== lin.x) throw new Error("more than one sign variable");
        x = lin.x;
        const dir = s * lin.sign;
        if (node.fn === "sigma") return num(dir > 0 ? 1 : dir < 0 ? 0 : 0.5);
        if (dir > 0) throw new Error("an exponential grows without bound");
        return num(dir < 0 ? 0 : 1);
      }
      return mapChildren(node, rewrite);
    };
    const out = rewrite(body);
    if (mentions(out, (n) => n === k)) throw new Error(`'${k}' remains outside saturating terms`);
    return out;
  };
  const pos = limitCase(1);
  const negc = limitCase(-1);
  if (x === null) throw new Error("no saturating term in the expression");
  const xs = sym(x);
  const zero = simplify(substitute(limitCase(0), x, num(0)));
  const p = simplify(pos);
  const n = simplify(negc);
  const is = (a: Expr, b: Expr): boolean => sameExpr(a, simplify(b));
  if (is(p, xs) && is(n, num(0)) && is(zero, num(0))) return call("max", [num(0), xs]);
  if (is(p, num(1)) && is(n, num(0)) && is(zero, num(0.5))) return call("H", [xs]);
  return {
    kind: "cases",
    branches: [
      { value: p, cond: rel(">", xs, num(0)) },
      { value: n, cond: rel("<", xs, num(0)) },
      { value: zero, cond: null },
    ],
  };
}
