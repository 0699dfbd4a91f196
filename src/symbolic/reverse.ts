/**
 * Matrix-calculus reverse mode on the AST. The forward pass is a list of definitions
 * (`H = h(X W^\top)`, `Y = H V^\top`); the last one is the output, whose adjoint is the upstream
 * gradient `G = \partial L/\partial Y`. Definitions are visited from last to first; each pushes its
 * adjoint through its right-hand side with the rules below (one case per node kind, forward meaning
 * and backward rule side by side) and accumulates contributions on the names it uses. The result is
 * the accumulated adjoint of the input, intermediate names inlined, then simplified.
 */
import type { Expr } from "../expr/ast.js";
import type { SymbolTable } from "../expr/types.js";
import { add, call, div, had, mul, neg, num, ONES, pow, sub, sumAll, sym, tr } from "./build.js";
import { DIVIDING_RULES, ELEMENTWISE_RULES, namedPartials, type Partials } from "./elementwise.js";
import { ShapeContext, ELEMENTWISE_BUILTINS } from "./shape.js";
import { simplify } from "./simplify.js";
import { mentions, substitute } from "./walk.js";

export interface Definition {
  name: string;
  expr: Expr;
}

export type DeriveResult = { ok: true; expr: Expr; raw: Expr } | { ok: false; message: string };

export interface DeriveOptions {
  /** Name of the upstream gradient symbol, default "G". */
  upstream?: string;
  /** Keep intermediate names (H) in the result instead of inlining their definitions. */
  keepIntermediates?: boolean;
}

class DeriveError extends Error {}

/** Built-ins that are not applied entry by entry, so never differentiated as a named function. */
const NOT_ELEMENTWISE = new Set(["norm", "diag", "softmax", "logsoftmax", "trace"]);

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
    return { ok: true, expr: simplify(raw.expr, raw.ctx), raw: raw.expr };
  } catch (e) {
    if (e instanceof DeriveError) return { ok: false, message: e.message };
    throw e;
  }
}

function reverse(defs: Definition[], wrt: string, table: SymbolTable, opts: DeriveOptions): { expr: Expr; ctx: ShapeContext } {
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
  return { expr: result, ctx };
}

/** Pushes one adjoint through one expression tree. */
class Backprop {
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
    if (this.relevant(base)) {
      const lowered = exp.kind === "num" ? num(exp.value - 1) : sub(exp, num(1));
      this.run(base, scalar ? mul(exp, adj, pow(base, lowered)) : mul(exp, had(adj, pow(base, lowered))));
    }
    if (this.relevant(exp)) {
      if (!scalar || !this.ctx.isScalar(exp)) throw new DeriveError("an exponent that depends on the input is supported for scalars only");
      this.run(exp, mul(adj, pow(base, exp), call("log", [base])));
    }
  }

  private apply(fn: string, args: Expr[], order: number, adj: Expr): void {
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
    if (shape.scalar || (shape.c !== 1 && shape.c !== null)) {
      // The numeric evaluator (the verifier's oracle) normalises a matrix along columns but a row vector
      // along its row, so no one closed form for a matrix argument could be verified on all shapes.
      throw new DeriveError(
        `${fn} is differentiated here for column vectors only (for a matrix, row-wise and column-wise softmax differ); write the pass for one example, as in 'y = \\mathrm{${fn}}(W x)'`,
      );
    }
    const s = call("softmax", [z]);
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

