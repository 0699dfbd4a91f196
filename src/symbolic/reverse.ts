/**
 * Matrix-calculus reverse mode on the AST. The forward pass is a list of definitions
 * (`H = h(X W^\top)`, `Y = H V^\top`); the last one is the output, whose adjoint is the upstream
 * gradient `G = \partial L/\partial Y`. Definitions are visited from last to first; each pushes its
 * adjoint through its right-hand side with the rules below (one case per node kind, forward meaning
 * and backward rule side by side) and accumulates contributions on the names it uses. The result is
 * the accumulated adjoint of the input, intermediate names inlined, then simplified.
 */
import type { Expr } from "../expr/ast.js";
import type { Dim, SymbolTable } from "../expr/types.js";
import { add, call, div, had, mul, neg, num, ONES, pow, sub, sumAll, sym, tr } from "./build.js";
import { DIVIDING_RULES, ELEMENTWISE_RULES, namedPartials, type Partials } from "./elementwise.js";
import { ShapeContext, ELEMENTWISE_BUILTINS } from "./shape.js";
import { simplify } from "./simplify.js";
import { mentions, substitute } from "./walk.js";
import { toAscii } from "../expr/index.js";

export interface Definition {
  name: string;
  expr: Expr;
}

/** `sizes`: dimension names the gradient uses as numbers (`n` in `\frac{G}{n}\mathbf{1}`). */
export type DeriveResult = { ok: true; expr: Expr; raw: Expr; sizes: string[] } | { ok: false; message: string };

export interface DeriveOptions {
  /** Name of the upstream gradient symbol, default "G". */
  upstream?: string;
  /** Keep intermediate names (H) in the result instead of inlining their definitions. */
  keepIntermediates?: boolean;
}

class DeriveError extends Error {}

/** Built-ins that are not applied entry by entry, so never differentiated as a named function. */
const NOT_ELEMENTWISE = new Set(["norm", "diag", "softmax", "logsoftmax", "trace", "det", "mean", "var"]);

/** The value of a number exponent (`2`, `-1`, `\frac{1}{2}`), or null. */
function constantValue(e: Expr): number | null {
  if (e.kind === "num") return e.value;
  if (e.kind === "neg") {
    const v = constantValue(e.arg);
    return v === null ? null : -v;
  }
  if (e.kind === "div") {
    const a = constantValue(e.num), b = constantValue(e.den);
    return a === null || b === null || b === 0 ? null : a / b;
  }
  return null;
}

/** \|x\|, \|x\|_2 and \|X\|_F: the square root of the sum of squared entries. */
function isTwoNorm(e: Expr): boolean {
  if (e.kind !== "call" || e.fn !== "norm") return false;
  const label = e.args[1];
  return label === undefined || (label.kind === "num" && label.value === 2) || (label.kind === "sym" && label.name === "F");
}

function describePower(base: Expr, exp: Expr): string {
  return toAscii(pow(base, exp));
}

/** Splits `Y = f`, a list of such definitions, or a bare `f` (output named "Y") into definitions. */
export function toDefinitions(forward: Expr | Expr[]): Definition[] {
  const list = Array.isArray(forward) ? forward : [forward];
  return list.map((e, i) => {
    if (e.kind === "rel" && e.ops.length === 1 && e.ops[0] === "=" && e.operands[0].kind === "sym") {
      return { name: e.operands[0].name, expr: e.operands[1] };
    }
    if (e.kind === "rel") throw new DeriveError(`definition ${i + 1} must read 'NAME = expression'`);
    if (i !== list.length - 1) throw new DeriveError(`definition ${i + 1} needs a name: write 'NAME = expression'`);
    return { name: "Y", expr: e };
  });
}

export function deriveGradient(
  forward: Expr | Expr[],
  wrt: string,
  table: SymbolTable = { symbols: [] },
  opts: DeriveOptions = {},
): DeriveResult {
  try {
    const raw = reverse(toDefinitions(forward), wrt, table, opts);
    return { ok: true, expr: simplify(raw.expr, raw.ctx), raw: raw.expr, sizes: raw.sizes };
  } catch (e) {
    if (e instanceof DeriveError) return { ok: false, message: e.message };
    throw e;
  }
}

function reverse(defs: Definition[], wrt: string, table: SymbolTable, opts: DeriveOptions): { expr: Expr; ctx: ShapeContext; sizes: string[] } {
  const upstream = opts.upstream ?? "G";
  const ctx = new ShapeContext(table);
  const defined = new Map<string, Expr>();
  for (const d of defs) {
    if (d.name === wrt) throw new DeriveError(`'${wrt}' is defined by the forward pass; differentiate with respect to an input`);
    if (defined.has(d.name)) throw new DeriveError(`'${d.name}' is defined twice`);
    defined.set(d.name, d.expr);
    ctx.define(d.name, ctx.shapeOf(d.expr));
  }
  const output = defs[defs.length - 1];
  if (!ctx.declared(upstream)) ctx.define(upstream, ctx.shapeOf(output.expr));

  const depends = new Map<string, boolean>();
  const dependsOnWrt = (e: Expr): boolean => mentions(e, (n) => n === wrt || depends.get(n) === true);
  for (const d of defs) depends.set(d.name, dependsOnWrt(d.expr));
  if (!depends.get(output.name)) {
    if (!mentions(output.expr, (n) => n === wrt) && !defs.some((d) => mentions(d.expr, (n) => n === wrt))) {
      throw new DeriveError(`'${wrt}' does not appear in the forward pass`);
    }
  }

  const contributions = new Map<string, Expr[]>();
  const push = (name: string, g: Expr): void => {
    const list = contributions.get(name) ?? [];
    list.push(g);
    contributions.set(name, list);
  };
  push(output.name, sym(upstream));
  const back = new Backprop(ctx, dependsOnWrt, (name) => (name === wrt || defined.has(name) ? name : null), push);
  for (let k = defs.length - 1; k >= 0; k--) {
    const d = defs[k];
    const adj = contributions.get(d.name);
    if (!adj || !depends.get(d.name)) continue;
    back.run(d.expr, adj.length === 1 ? adj[0] : add(...adj));
  }
  const parts = contributions.get(wrt) ?? [];
  let result: Expr = parts.length === 0 ? num(0) : parts.length === 1 ? parts[0] : add(...parts);
  if (!opts.keepIntermediates) {
    for (let k = defs.length - 1; k >= 0; k--) result = substitute(result, defs[k].name, defs[k].expr);
  }
  return { expr: result, ctx, sizes: [...back.sizes].filter((d): d is string => typeof d === "string") };
}

/** Pushes one adjoint through one expression tree. */
class Backprop {
  /** Size names the result divides by (`\mathrm{mean}(x)` of an n-vector gives `G/n`). */
  readonly sizes = new Set<string | number>();

  constructor(
    private readonly ctx: ShapeContext,
    private readonly relevant: (e: Expr) => boolean,
    private readonly target: (name: string) => string | null,
    private readonly push: (name: string, g: Expr) => void,
  ) {}

  run(e: Expr, adj: Expr): void {
    if (!this.relevant(e)) return;
    switch (e.kind) {
      case "sym": {
        const t = this.target(e.name);
        if (t) this.push(t, adj);
        return;
      }
      case "neg":
        return this.run(e.arg, neg(adj));
      case "transpose":
        return this.run(e.arg, tr(adj));
      case "add": {
        const whole = this.ctx.isScalar(e);
        for (const t of e.terms) this.run(t, this.broadcast(t, whole, adj));
        return;
      }
      case "mul":
        return this.product(e.factors, adj);
      case "hadamard":
        return this.hadamard(e.factors, adj);
      case "div":
        return this.quotient(e.num, e.den, adj);
      case "pow":
        return this.power(e.base, e.exp, adj);
      case "call":
        return this.apply(e.fn, e.args, e.order, adj);
      case "indicator":
        return; // piecewise constant: zero almost everywhere
      default:
        throw new DeriveError(`no reverse-mode rule for ${describe(e)}; write the forward pass with matrix operations`);
    }
  }

  /** `\mathbf{1}^\top M \mathbf{1}`, or one-sided for a column or row vector (so every 1 has a size). */
  private sumEntries(m: Expr): Expr {
    const s = this.ctx.shapeOf(m);
    if (s.scalar) return m;
    if (s.c === 1) return mul(tr(ONES), m);
    if (s.r === 1) return mul(m, ONES);
    return sumAll(m);
  }

  /** A scalar term of a matrix-valued sum receives the sum of all entries of the adjoint. */
  private broadcast(part: Expr, wholeIsScalar: boolean, adj: Expr): Expr {
    return this.ctx.isScalar(part) && !wholeIsScalar ? this.sumEntries(adj) : adj;
  }

  private product(factors: Expr[], adj: Expr): void {
    const wholeScalar = this.ctx.isScalar(mul(...factors));
    factors.forEach((f, k) => {
      if (!this.relevant(f)) return;
      const others = factors.filter((_, i) => i !== k);
      if (this.ctx.isScalar(f)) {
        const rest = others.length === 0 ? num(1) : mul(...others);
        this.run(f, wholeScalar ? mul(adj, rest) : this.sumEntries(had(adj, rest)));
        return;
      }
      const scalars = others.filter((g) => this.ctx.isScalar(g));
      const left = factors.slice(0, k).filter((g) => !this.ctx.isScalar(g));
      const right = factors.slice(k + 1).filter((g) => !this.ctx.isScalar(g));
      const parts: Expr[] = [...scalars];
      if (left.length > 0) parts.push(tr(left.length === 1 ? left[0] : mul(...left)));
      parts.push(adj);
      if (right.length > 0) parts.push(tr(right.length === 1 ? right[0] : mul(...right)));
      this.run(f, parts.length === 1 ? parts[0] : mul(...parts));
    });
  }

  private hadamard(factors: Expr[], adj: Expr): void {
    factors.forEach((f, k) => {
      if (!this.relevant(f)) return;
      const others = factors.filter((_, i) => i !== k);
      const local = had(adj, ...others);
      this.run(f, this.ctx.isScalar(f) ? this.sumEntries(local) : local);
    });
  }

  private quotient(n: Expr, d: Expr, adj: Expr): void {
    const dScalar = this.ctx.isScalar(d);
    const nScalar = this.ctx.isScalar(n);
    if (dScalar || !nScalar) {
      this.run(n, div(adj, d));
    } else {
      throw new DeriveError("a scalar divided by a matrix has no meaning here; write an elementwise product");
    }
    if (!this.relevant(d)) return;
    const local = neg(div(had(adj, n), dScalar ? pow(d, num(2)) : had(d, d)));
    this.run(d, dScalar && !nScalar ? this.sumEntries(local) : local);
  }

  private power(base: Expr, exp: Expr, adj: Expr): void {
    const scalar = this.ctx.isScalar(base);
    const p = constantValue(exp);
    if (!scalar && this.relevant(base)) {
      const form = this.ctx.squareness(base);
      if (form === "unknown") {
        throw new DeriveError(`is the matrix in ${describePower(base, exp)} square (then the power is a matrix power) or not (then it is taken entry by entry)? Declare its shape, as in 'X: n x n'`);
      }
      if (form === "square") return this.matrixPower(base, p, adj);
    }
    if (p !== null && base.kind === "call" && base.fn === "norm" && p === 2 && isTwoNorm(base)) {
      // \|x\|^2 = x^\top x: 2 g x, without the 2\|x\| x/\|x\| detour.
      return this.run(base.args[0], mul(num(2), adj, base.args[0]));
    }
    if (this.relevant(base)) {
      const lowered = exp.kind === "num" ? num(exp.value - 1) : sub(exp, num(1));
      this.run(base, scalar ? mul(exp, adj, pow(base, lowered)) : mul(exp, had(adj, pow(base, lowered))));
    }
    if (this.relevant(exp)) {
      if (!scalar || !this.ctx.isScalar(exp)) throw new DeriveError("an exponent that depends on the input is supported for scalars only");
      this.run(exp, mul(adj, pow(base, exp), call("log", [base])));
    }
  }

  /**
   * `X^p` of a square matrix: `X^{-1}` gives `-X^{-\top} G X^{-\top}`; `X^p` (p > 0) gives
   * `Σ_k (X^k)^\top G (X^{p-1-k})^\top` (`G X^\top + X^\top G` for p = 2); `X^{-p}` is `(X^{-1})^p`.
   */
  private matrixPower(base: Expr, p: number | null, adj: Expr): void {
    if (p === null || !Number.isInteger(p)) throw new DeriveError("a power of a square matrix needs a whole-number exponent");
    if (p === 0) return;
    if (p === -1) {
      const inv = pow(base, num(-1));
      return this.run(base, neg(mul(tr(inv), adj, tr(inv))));
    }
    if (p < 0) return this.matrixPower(pow(base, num(-1)), -p, adj);
    const power = (k: number): Expr | null => (k === 0 ? null : k === 1 ? base : pow(base, num(k)));
    const terms: Expr[] = [];
    for (let k = 0; k < p; k++) {
      const left = power(k), right = power(p - 1 - k);
      terms.push(mul(...(left ? [tr(left)] : []), adj, ...(right ? [tr(right)] : [])));
    }
    this.run(base, terms.length === 1 ? terms[0] : add(...terms));
  }

  /** `\det X`, `\log\det X`, `\log|X|`, norms, mean and variance: the functions that are not entrywise. */
  private matrixFunction(fn: string, args: Expr[], adj: Expr): boolean {
    const x = args[0];
    if (!x) return false;
    const inverseT = (m: Expr): Expr => tr(pow(m, num(-1)));
    if (fn === "log" && x.kind === "call" && x.args.length === 1 && (x.fn === "det" || (x.fn === "abs" && this.ctx.squareness(x.args[0]) === "square"))) {
      // log det X and log|X| (the Cookbook's |X| = det X): G X^{-\top}.
      this.run(x.args[0], mul(adj, inverseT(x.args[0])));
      return true;
    }
    switch (fn) {
      case "det":
        if (this.ctx.isScalar(x)) return this.run(x, adj), true;
        this.run(x, mul(adj, call("det", [x]), inverseT(x)));
        return true;
      case "norm": {
        if (isTwoNorm(call("norm", args))) this.run(x, div(mul(adj, x), call("norm", args)));
        else if (args[1]?.kind === "num" && args[1].value === 1) this.run(x, mul(adj, call("sign", [x])));
        else throw new DeriveError("only the 2-norm, the Frobenius norm and the 1-norm are differentiated");
        return true;
      }
      case "mean":
      case "var": {
        // mean(x) = 1ᵀx / n; var(x) = mean((x - mean x)²), whose gradient is 2(x - mean x)/n (the
        // deviations sum to zero). For a matrix, per column over the n rows.
        const s = this.ctx.shapeOf(x);
        if (s.scalar) return this.run(x, fn === "mean" ? adj : num(0)), true;
        const column = s.c === 1, row = s.r === 1;
        const n = column ? s.r : row ? s.c : s.r;
        if (n === null) throw new DeriveError(`the size of ${fn}'s argument is not known; declare it`);
        this.sizes.add(n);
        const size: Expr = typeof n === "number" ? num(n) : sym(n);
        const spread = column || row ? adj : mul(ONES, adj);
        const local = fn === "mean" ? (column ? mul(adj, ONES) : row ? mul(adj, tr(ONES)) : spread) : had(spread, sub(x, column || row ? call("mean", [x]) : mul(ONES, call("mean", [x]))));
        this.run(x, fn === "mean" ? div(local, size) : mul(div(num(2), size), local));
        return true;
      }
    }
    return false;
  }

  private apply(fn: string, args: Expr[], order: number, adj: Expr): void {
    if (order === 0 && this.matrixFunction(fn, args, adj)) return;
    if (fn === "softmax" || fn === "logsoftmax") return this.softmax(fn, args, adj);
    if (fn === "trace") return this.run(args[0], mul(adj, { kind: "const", name: "I" }));
    if (fn === "diag") {
      // diag(v) puts v on a diagonal, so v gets the adjoint's diagonal, (I ∘ G) 1; diag(M) the reverse.
      const a = this.ctx.shapeOf(args[0]);
      const isColumn = !a.scalar && a.c === 1;
      return this.run(args[0], isColumn ? mul(had({ kind: "const", name: "I" }, adj), ONES) : call("diag", [adj]));
    }
    if (NOT_ELEMENTWISE.has(fn)) throw new DeriveError(`no derivative rule for ${fn}`);
    const scalar = this.ctx.isScalar(call(fn, args, order));
    const dividing = DIVIDING_RULES[fn];
    if (dividing && order === 0) {
      this.run(args[0], div(adj, dividing(args[0])));
      return;
    }
    const rule = ELEMENTWISE_RULES[fn];
    let partials: Partials;
    if (rule && order === 0) partials = rule(args, scalar, order);
    else if (!ELEMENTWISE_BUILTINS.has(fn) && !DIVIDING_RULES[fn] && isElementwiseName(fn, this.ctx)) partials = namedPartials(fn, args, order);
    else throw new DeriveError(`no derivative rule for ${fn}${"'".repeat(order)}`);
    args.forEach((a, k) => {
      const p = partials[k];
      if (!p || !this.relevant(a)) return;
      if (scalar) return this.run(a, mul(adj, p));
      const local = had(adj, p);
      this.run(a, this.ctx.isScalar(a) ? this.sumEntries(local) : local);
    });
  }

  /** Softmax backward in its O(n) form `s \circ (g - (s^\top g)\mathbf{1})`, never the n×n Jacobian. */
  private softmax(fn: string, args: Expr[], adj: Expr): void {
    const z = args[0];
    const shape = this.ctx.shapeOf(z);
    if (shape.scalar) return; // the softmax of one number is 1
    const s = call("softmax", [z]);
    if (shape.c !== 1) {
      const flexible = (d: Dim | null): boolean => d === null || (typeof d === "string" && d.startsWith("?"));
      if (flexible(shape.c)) throw new DeriveError(`is the argument of ${fn} a column vector or a matrix (softmax row by row)? Declare its shape`);
      // Row by row (a row vector, a batch of logits): S ∘ (G - ((S ∘ G) 1) 1ᵀ); log-softmax G - S ∘ ((G 1) 1ᵀ).
      if (fn === "softmax") this.run(z, had(s, sub(adj, mul(had(s, adj), ONES, tr(ONES)))));
      else this.run(z, sub(adj, had(s, mul(adj, ONES, tr(ONES)))));
      return;
    }
    if (fn === "softmax") this.run(z, had(s, sub(adj, mul(mul(tr(s), adj), ONES))));
    else this.run(z, sub(adj, mul(mul(tr(ONES), adj), s)));
  }
}

function isElementwiseName(fn: string, ctx: ShapeContext): boolean {
  const k = ctx.symbolKind(fn);
  return k === undefined || k === "elementwise" || k === "function";
}

function describe(e: Expr): string {
  switch (e.kind) {
    case "index":
      return "index notation (use the Jacobian functions for ∂S_i/∂x_j)";
    case "bigop":
      return "a \\sum or \\prod";
    default:
      return `a '${e.kind}' node`;
  }
}

