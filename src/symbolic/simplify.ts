/**
 * The simplifier: brings an expression to the form a textbook prints, and doubles as the canonical
 * form that callers compare structurally (`canonical`). One bottom-up algebra pass (flatten, fold
 * numbers, drop identities, signs outward, scalar factors to the front, commutative factors and terms
 * in the order of `compareExpr`, like terms collected, common factors pulled out) alternates with
 * transpose placement until nothing changes.
 */
import type { Expr } from "../expr/ast.js";
import type { SymbolTable } from "../expr/types.js";
import { add, had, mul, neg, num } from "./build.js";
import { compareExpr, sameExpr } from "./order.js";
import { ShapeContext } from "./shape.js";
import { placeTransposes } from "./transpose.js";
import { substitute } from "./walk.js";

const MAX_ROUNDS = 8;

export function simplify(e: Expr, table?: SymbolTable | ShapeContext): Expr {
  const ctx = table instanceof ShapeContext ? table : new ShapeContext(table);
  let cur = e;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const next = placeTransposes(algebra(cur, ctx), ctx);
    if (sameExpr(next, cur)) return next;
    cur = next;
  }
  return cur;
}

/** The canonical form: two expressions with equal canonical forms are equal (not conversely). */
export const canonical = simplify;

/** A term split as `coef * body`, body free of signs and numeric factors (body null for a bare number). */
interface Term {
  coef: number;
  body: Expr | null;
}

function splitTerm(e: Expr): Term {
  if (e.kind === "num") return { coef: e.value, body: null };
  if (e.kind === "neg") {
    const t = splitTerm(e.arg);
    return { coef: -t.coef, body: t.body };
  }
  if (e.kind === "mul" && e.factors[0]?.kind === "num") {
    const rest = e.factors.slice(1);
    return { coef: e.factors[0].value, body: rest.length === 1 ? rest[0] : mul(...rest) };
  }
  return { coef: 1, body: e };
}

function buildTerm(t: Term): Expr {
  if (t.body === null) return num(t.coef);
  // A zero keeps its body so that the shape survives; simplifyMul reduces it to the plain 0 for scalars.
  if (t.coef === 0) return mul(num(0), t.body);
  const mag = Math.abs(t.coef);
  let body: Expr;
  if (mag === 1) body = t.body;
  else body = t.body.kind === "mul" ? mul(num(mag), ...t.body.factors) : mul(num(mag), t.body);
  return t.coef < 0 ? neg(body) : body;
}

const isNum = (e: Expr, v: number): boolean => e.kind === "num" && e.value === v;
const isConst = (e: Expr, name: string): boolean => e.kind === "const" && e.name === name;

function algebra(e: Expr, ctx: ShapeContext): Expr {
  switch (e.kind) {
    case "neg": {
      const a = algebra(e.arg, ctx);
      // -(x - y)/d is written (y - x)/d: the sign moves into a numerator that is a sum.
      if (a.kind === "div" && a.num.kind === "add") return { kind: "div", num: simplifyAdd(a.num.terms.map((t) => algebraNeg(t, ctx)), ctx), den: a.den };
      const t = splitTerm(a);
      return buildTerm({ coef: -t.coef, body: t.body });
    }
    case "mul":
      return simplifyMul(e.factors.map((f) => algebra(f, ctx)), ctx);
    case "hadamard":
      return simplifyHadamard(e.factors.map((f) => algebra(f, ctx)), ctx);
    case "add":
      return simplifyAdd(e.terms.map((t) => algebra(t, ctx)), ctx);
    case "div": {
      const n = algebra(e.num, ctx);
      const d = algebra(e.den, ctx);
      if (isNum(d, 1)) return n;
      if (isNum(n, 0)) return num(0);
      if (n.kind === "num" && d.kind === "num" && d.value !== 0 && Number.isInteger(n.value / d.value)) return num(n.value / d.value);
      const t = splitTerm(n);
      if (t.coef < 0 && t.body !== null) return neg({ kind: "div", num: buildTerm({ coef: -t.coef, body: t.body }), den: d });
      return { kind: "div", num: n, den: d };
    }
    case "pow": {
      const b = algebra(e.base, ctx);
      const x = algebra(e.exp, ctx);
      if (isNum(x, 1)) return b;
      if (isNum(x, 0)) return num(1);
      if (b.kind === "neg" && x.kind === "num" && Number.isInteger(x.value)) {
        const inner: Expr = { kind: "pow", base: b.arg, exp: x };
        return x.value % 2 === 0 ? inner : neg(inner);
      }
      if (b.kind === "num" && x.kind === "num") {
        const v = Math.pow(b.value, x.value);
        if (Number.isFinite(v) && Number.isInteger(v)) return num(v);
      }
      return { kind: "pow", base: b, exp: x };
    }
    case "transpose": {
      const a = algebra(e.arg, ctx);
      if (a.kind === "neg") return neg({ kind: "transpose", arg: a.arg });
      return { kind: "transpose", arg: a };
    }
    case "call":
      return { ...e, args: e.args.map((a) => algebra(a, ctx)) };
    case "index":
      return { ...e, base: algebra(e.base, ctx), indices: e.indices.map((i) => algebra(i, ctx)) };
    case "indicator":
      return { ...e, cond: algebra(e.cond, ctx) };
    case "rel":
      return { ...e, operands: e.operands.map((o) => algebra(o, ctx)) };
    case "cases":
      return { ...e, branches: e.branches.map((b) => ({ value: algebra(b.value, ctx), cond: b.cond && algebra(b.cond, ctx) })) };
    case "bigop": {
      const body = algebra(e.body, ctx);
      return contractDelta(e.op, e.index, e.lower === null && e.upper === null && e.cond === null, body, ctx) ?? { ...e, body };
    }
    default:
      return e;
  }
}

/** Pulls signs and numeric factors out of a product's factor list. */
function extractCoef(factors: Expr[]): { coef: number; rest: Expr[] } {
  let coef = 1;
  const rest: Expr[] = [];
  for (const f of factors) {
    const t = splitTerm(f);
    coef *= t.coef;
    if (t.body !== null) rest.push(t.body);
  }
  return { coef, rest };
}

function simplifyMul(factors: Expr[], ctx: ShapeContext): Expr {
  const flat: Expr[] = [];
  for (const f of factors) {
    // A 1×1 product like s^T g stays one (scalar) factor; a product of matrices is spliced in.
    if (f.kind === "mul" && (!ctx.isScalar(f) || f.factors.every((g) => ctx.isScalar(g)))) flat.push(...f.factors);
    else flat.push(f);
  }
  const { coef, rest } = extractCoef(flat);
  if (coef === 0) return zeroLike(rest, ctx);
  const quotient = asQuotient(coef, rest, ctx);
  if (quotient) return quotient;
  const scalars = powers(rest.filter((f) => ctx.isScalar(f)).sort(compareExpr));
  let matrices = rest.filter((f) => !ctx.isScalar(f));
  if (matrices.length > 1) {
    const kept = matrices.filter((f) => !isConst(f, "I"));
    matrices = kept.length > 0 ? kept : [matrices[0]];
  }
  const body = [...scalars, ...matrices];
  if (body.length === 0) return num(coef);
  return buildTerm({ coef, body: body.length === 1 ? body[0] : mul(...body) });
}

/** `\sum_k \delta_{ik} f(k) = f(i)` over the whole range of k: the delta picks one term. */
function contractDelta(op: "sum" | "prod", k: string, wholeRange: boolean, body: Expr, ctx: ShapeContext): Expr | null {
  if (op !== "sum" || !wholeRange || body.kind !== "mul") return null;
  const at = body.factors.findIndex(
    (f) => f.kind === "delta" && ((isSym(f.i, k) && !isSym(f.j, k)) || (isSym(f.j, k) && !isSym(f.i, k))),
  );
  if (at < 0) return null;
  const d = body.factors[at] as Extract<Expr, { kind: "delta" }>;
  const other = isSym(d.i, k) ? d.j : d.i;
  const rest = body.factors.filter((_, i) => i !== at).map((f) => substitute(f, k, other));
  return simplifyMul(rest.length === 0 ? [num(1)] : rest, ctx);
}

const isSym = (e: Expr, name: string): boolean => e.kind === "sym" && e.name === name;

/**
 * Zero with the shape of `factors`' product: a plain 0 for scalars, `0 M` for a matrix, so that
 * `h'(C - C)` stays a matrix (`h'(0 C)`) instead of becoming `h'(0)`.
 */
function zeroLike(factors: Expr[], ctx: ShapeContext): Expr {
  const matrices = factors.filter((f) => !ctx.isScalar(f));
  return matrices.length === 0 ? num(0) : mul(num(0), ...matrices);
}

/** Repeated scalar factors (sorted, so adjacent) as powers: y_i y_i is y_i^2. */
function powers(sorted: Expr[]): Expr[] {
  const out: Expr[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i + 1;
    while (j < sorted.length && sameExpr(sorted[j], sorted[i])) j++;
    out.push(j - i === 1 ? sorted[i] : { kind: "pow", base: sorted[i], exp: num(j - i) });
    i = j;
  }
  return out;
}

/** A scalar product with reciprocal factors (`a b^{-1}`, `a (c/d)`) is written as one fraction. */
function asQuotient(coef: number, factors: Expr[], ctx: ShapeContext): Expr | null {
  if (!factors.every((f) => ctx.isScalar(f))) return null;
  const nums: Expr[] = [];
  const dens: Expr[] = [];
  for (const f of factors) {
    if (f.kind === "div") {
      nums.push(f.num);
      dens.push(f.den);
    } else if (f.kind === "pow" && f.exp.kind === "num" && f.exp.value < 0) {
      dens.push(f.exp.value === -1 ? f.base : { kind: "pow", base: f.base, exp: num(-f.exp.value) });
    } else nums.push(f);
  }
  if (dens.length === 0) return null;
  const top = simplifyMul([num(Math.abs(coef)), ...nums], ctx);
  const bottom = simplifyMul(dens, ctx);
  const q: Expr = { kind: "div", num: top, den: bottom };
  return coef < 0 ? neg(q) : q;
}

function simplifyHadamard(factors: Expr[], ctx: ShapeContext): Expr {
  const flat: Expr[] = [];
  for (const f of factors) {
    if (f.kind === "hadamard") flat.push(...f.factors);
    else flat.push(f);
  }
  const { coef, rest } = extractCoef(flat);
  if (coef === 0) return zeroLike(rest.filter((f) => !ctx.isScalar(f)).slice(0, 1), ctx);
  // Inner products may carry scalar factors; they commute out of a Hadamard product.
  const scalars: Expr[] = [];
  let matrices: Expr[] = [];
  const c = coef;
  for (const f of rest) {
    if (ctx.isScalar(f)) scalars.push(f);
    else if (f.kind === "mul" && f.factors.some((g) => ctx.isScalar(g))) {
      const inner = f.factors.filter((g) => !ctx.isScalar(g));
      scalars.push(...f.factors.filter((g) => ctx.isScalar(g)));
      matrices.push(inner.length === 1 ? inner[0] : mul(...inner));
    } else matrices.push(f);
  }
  if (matrices.length > 1) {
    const kept = matrices.filter((f) => !isConst(f, "ones"));
    matrices = kept.length > 0 ? kept : [matrices[0]];
  }
  matrices.sort(compareExpr);
  const ms = matrices.length === 0 ? null : matrices.length === 1 ? matrices[0] : had(...matrices);
  if (ms === null) return simplifyMul([num(c), ...scalars], ctx);
  if (scalars.length === 0) return buildTerm({ coef: c, body: ms });
  return simplifyMul([num(c), ...scalars, ms], ctx);
}

function simplifyAdd(terms: Expr[], ctx: ShapeContext): Expr {
  const flat: Expr[] = [];
  for (const t of terms) {
    if (t.kind === "add") flat.push(...t.terms);
    else if (t.kind === "neg" && t.arg.kind === "add") flat.push(...t.arg.terms.map((x) => algebraNeg(x, ctx)));
    else flat.push(t);
  }
  const collected: Term[] = [];
  for (const t of flat.map(splitTerm)) {
    const same = collected.find((c) => (c.body === null ? t.body === null : t.body !== null && sameExpr(c.body, t.body)));
    if (same) same.coef += t.coef;
    else collected.push({ ...t });
  }
  const live = collected.filter((t) => t.coef !== 0);
  if (live.length === 0) {
    const shaped = collected.find((t) => t.body !== null && !ctx.isScalar(t.body));
    return shaped?.body ? zeroLike([shaped.body], ctx) : num(0);
  }
  if (live.length === 1) return buildTerm(live[0]);
  if (live.every((t) => t.coef < 0)) return neg(simplifyAdd(live.map((t) => buildTerm({ coef: -t.coef, body: t.body })), ctx));
  const factored = pullCommonFactor(live, ctx);
  if (factored) return factored;
  const ordered = [...live].sort((a, b) => {
    const sa = a.coef < 0 ? 1 : 0;
    const sb = b.coef < 0 ? 1 : 0;
    if (sa !== sb) return sa - sb;
    if (a.body === null || b.body === null) return a.body === b.body ? 0 : a.body === null ? -1 : 1;
    return compareExpr(a.body, b.body) || a.coef - b.coef;
  });
  return add(...ordered.map(buildTerm));
}

function algebraNeg(x: Expr, ctx: ShapeContext): Expr {
  return algebra(neg(x), ctx);
}

/**
 * `a x + a y = a (x + y)` when every term shares the factor: any factor of a scalar product or of a
 * Hadamard product, the leftmost or rightmost factor of a matrix product.
 */
function pullCommonFactor(terms: Term[], ctx: ShapeContext): Expr | null {
  if (terms.some((t) => t.body === null)) return null;
  const bodies = terms.map((t) => t.body as Expr);
  const kind = bodies[0].kind;
  const allScalar = bodies.every((b) => ctx.isScalar(b));
  const allHadamard = bodies.every((b) => b.kind === "hadamard");
  const factorsOf = (b: Expr): Expr[] =>
    b.kind === "hadamard" || (b.kind === "mul" && b.factors.every((f) => ctx.isScalar(f))) ? b.factors : [b];
  if (allScalar || allHadamard) {
    const first = factorsOf(bodies[0]);
    for (const cand of first) {
      if (cand.kind === "num") continue;
      if (!bodies.every((b) => factorsOf(b).some((f) => sameExpr(f, cand)))) continue;
      if (bodies.every((b) => factorsOf(b).length === 1)) return null;
      const rests = terms.map((t) => {
        const fs = [...factorsOf(t.body as Expr)];
        fs.splice(fs.findIndex((f) => sameExpr(f, cand)), 1);
        const rest = fs.length === 0 ? num(1) : fs.length === 1 ? fs[0] : allScalar ? mul(...fs) : had(...fs);
        return buildTerm({ coef: t.coef, body: rest });
      });
      const inner = simplifyAdd(rests, ctx);
      return allScalar ? simplifyMul([cand, inner], ctx) : simplifyHadamard([cand, inner], ctx);
    }
    return null;
  }
  if (kind === "mul" && bodies.every((b) => b.kind === "mul")) {
    const lists = bodies.map((b) => (b as { factors: Expr[] }).factors);
    const left = lists[0][0];
    const leftRestsOk = ctx.isScalar(left) || lists.every((fs) => fs.slice(1).some((f) => !ctx.isScalar(f)));
    if (leftRestsOk && lists.every((fs) => fs.length > 1 && sameExpr(fs[0], left))) {
      const rests = terms.map((t, i) => buildTerm({ coef: t.coef, body: rebuildMul(lists[i].slice(1)) }));
      return simplifyMul([left, simplifyAdd(rests, ctx)], ctx);
    }
    const right = lists[0][lists[0].length - 1];
    // s C + A C is not (s + A) C: a scalar left over would broadcast to every entry, not to s I.
    const matrixRests = lists.every((fs) => fs.slice(0, -1).some((f) => !ctx.isScalar(f)));
    if (matrixRests && lists.every((fs) => fs.length > 1 && sameExpr(fs[fs.length - 1], right)) && !ctx.isScalar(right)) {
      const rests = terms.map((t, i) => buildTerm({ coef: t.coef, body: rebuildMul(lists[i].slice(0, -1)) }));
      return simplifyMul([simplifyAdd(rests, ctx), right], ctx);
    }
  }
  return null;
}

const rebuildMul = (fs: Expr[]): Expr => (fs.length === 1 ? fs[0] : mul(...fs));
