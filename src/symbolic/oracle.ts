/**
 * The verifier's own reading of a forward pass. A derived gradient is checked against the autodiff
 * gradient of a forward value, so that value must not come from the same reading of the notation as
 * the derivation (`X^{-1}` read entry by entry on both sides "verified" `-G ∘ X^{-2}`). This evaluator
 * maps each construct straight to one tensor operation, written here once, with no rewriting and
 * no shared code with the derivation or the simplifier: `X^{-1}` of a square matrix is `inverse()`,
 * `X^2` is `X.matmul(X)`, `\det X` is `det()`, `\log|X|` is `logAbsDet()`, `\|x\|_2` and `\|X\|_F`
 * are `norm()`, `\mathrm{softmax}(Z)` of a matrix is `softmax(1)` (row by row), a sum over an index
 * is a loop. Only the sizes come from the shared shape inference (which matrix is square, how large
 * `\mathbf{1}` is). Everything runs on Tensor methods, so the autodiff tape records it.
 */
import type { Expr } from "../expr/ast.js";
import { concreteShape, formOf, isSquareMatrix, logAbsDetArg, type ShapeAnalysis } from "../expr/shapes.js";
import type { Env } from "../numeric/env.js";
import { FAMILIES } from "../numeric/families.js";
import { eye, full, scalar } from "../tensor/create.js";
import { Tensor } from "../tensor/tensor.js";

export class OracleError extends Error {
  constructor(message: string, readonly outsideDomain = false) {
    super(message);
  }
}

/** Iterations one sum may run (a size name as bound is at most the drawn size). */
const MAX_RANGE = 10_000;

const domain = (what: string): never => {
  throw new OracleError(what, true);
};
const unsupported = (what: string): never => {
  throw new OracleError(`the verifier cannot read ${what} in a forward pass`);
};

/** A tensor computed from `x` entry by entry with no gradient (indicators, signs: piecewise constant). */
function constant(x: Tensor, f: (v: number) => number): Tensor {
  const d = new Float64Array(x.data.length);
  for (let i = 0; i < d.length; i++) d[i] = f(x.data[i]);
  return new Tensor(d, x.shape);
}

const scalarLike = (t: Tensor): boolean => t.shape.length === 0 || t.data.length === 1;

export class ForwardOracle {
  private readonly scope = new Map<string, Tensor>();

  constructor(private readonly env: Env, private readonly shapes: ShapeAnalysis) {}

  value(e: Expr): Tensor {
    const v = this.eval(e);
    for (const x of v.data) if (!Number.isFinite(x)) domain("the forward pass is not finite here");
    return v;
  }

  private eval(e: Expr): Tensor {
    switch (e.kind) {
      case "num":
        return scalar(e.value);
      case "sym":
        return this.symbol(e.name);
      case "const":
        return this.constantNode(e);
      case "neg":
        return this.eval(e.arg).neg();
      case "add":
        return e.terms.map((t) => this.eval(t)).reduce((a, b) => a.add(b));
      case "mul":
        return e.factors.map((f) => this.eval(f)).reduce((a, b) => this.times(a, b));
      case "hadamard":
        return e.factors.map((f) => this.eval(f)).reduce((a, b) => a.mul(b));
      case "div": {
        const d = this.eval(e.den);
        if (d.data.some((v) => v === 0)) domain("a division by zero");
        return this.eval(e.num).div(d);
      }
      case "pow":
        return this.power(e);
      case "transpose": {
        const a = this.eval(e.arg);
        return a.shape.length === 2 ? a.T : a;
      }
      case "call":
        return this.call(e);
      case "indicator":
        return this.condition(e.cond);
      case "cases":
        return this.cases(e);
      case "bigop":
        return this.bigop(e);
      case "index":
        return this.entry(e);
      case "delta":
        return scalar(this.intOf(e.i) === this.intOf(e.j) ? 1 : 0);
      default:
        return unsupported(`a '${e.kind}' node`);
    }
  }

  private symbol(name: string): Tensor {
    const bound = this.scope.get(name);
    if (bound) return bound;
    const v = this.env.values[name];
    if (v) return v;
    const d = this.env.dims[name];
    if (d !== undefined) return scalar(d);
    return unsupported(`the symbol ${name} (no value drawn)`);
  }

  private constantNode(e: Extract<Expr, { kind: "const" }>): Tensor {
    if (e.name === "pi") return scalar(Math.PI);
    if (e.name === "e") return scalar(Math.E);
    if (e.name === "inf") return unsupported("∞");
    const s = concreteShape(this.shapes, e, this.env.dims);
    if (s && s.length === 2) return e.name === "I" ? eye(s[0], s[1]) : full(s, 1);
    // Nothing fixes the size (`\mathbf{1}^\top \tanh(I) \mathbf{1}`): with one size drawn, it is that one.
    const sizes = Object.values(this.env.dims);
    if (sizes.length !== 1) return unsupported(`${e.name === "I" ? "I" : "\\mathbf{1}"} of undetermined size`);
    return e.name === "I" ? eye(sizes[0]) : full([sizes[0], 1], 1);
  }

  /** A matrix product; a scalar (or 1×1) factor scales. */
  private times(a: Tensor, b: Tensor): Tensor {
    if (a.shape.length === 2 && b.shape.length === 2 && a.shape[1] === b.shape[0]) return a.matmul(b);
    if (scalarLike(a) || scalarLike(b)) return a.mul(b);
    return unsupported(`a product of [${a.shape}] and [${b.shape}]`);
  }

  private power(e: Extract<Expr, { kind: "pow" }>): Tensor {
    const b = this.eval(e.base);
    const x = this.eval(e.exp);
    if (!scalarLike(x)) return unsupported("a matrix exponent");
    const p = x.data[0];
    if (isSquareMatrix(this.shapes, e.base) && b.shape.length === 2) {
      if (!Number.isInteger(p)) return unsupported("a fractional power of a square matrix");
      let base = b;
      if (p < 0) {
        if (b.det().item() === 0) domain("the inverse of a singular matrix");
        base = b.inverse();
      }
      let out = eye(b.shape[0]);
      for (let k = 0; k < Math.abs(p); k++) out = k === 0 ? base : out.matmul(base);
      return out;
    }
    if (b.data.some((v) => v < 0) && !Number.isInteger(p)) domain("a negative number to a fractional power");
    if (b.data.some((v) => v === 0) && p < 0) domain("zero to a negative power");
    // x^y with y an input stays differentiable in y; a number exponent is the cheaper primitive.
    if (e.exp.kind === "num" || (e.exp.kind === "neg" && e.exp.arg.kind === "num") || b.data.some((v) => v <= 0)) return b.pow(p);
    return b.pow(x.shape.length === 0 ? x : x.reshape([]));
  }

  private call(e: Extract<Expr, { kind: "call" }>): Tensor {
    const logDet = logAbsDetArg(this.shapes, e);
    if (logDet) {
      const m = this.eval(logDet);
      if (m.det().item() === 0) domain("the log-determinant of a singular matrix");
      return m.logAbsDet();
    }
    if (e.fn === "norm") {
      const label = e.args[1];
      const p = label === undefined || label.kind !== "num" ? 2 : label.value;
      return this.eval(e.args[0]).norm(p);
    }
    if (e.order > 0) {
      const member = this.env.functions[e.fn];
      if (member && FAMILIES[member]) return FAMILIES[member].apply(this.eval(e.args[0]), e.order);
      return unsupported(`the derivative ${e.fn}${"'".repeat(e.order)}`);
    }
    const args = e.args.map((a) => this.eval(a));
    const x = args[0];
    switch (e.fn) {
      case "exp":
        return x.exp();
      case "log":
        if (x.data.some((v) => v <= 0)) domain("the log of a number that is not positive");
        return x.log();
      case "sqrt":
        if (x.data.some((v) => v < 0)) domain("the square root of a negative number");
        return x.sqrt();
      case "abs":
        return x.abs();
      case "sigma":
        return x.sigmoid();
      case "tanh":
        return x.tanh();
      case "softplus":
        return x.softplus();
      case "relu":
        return x.relu();
      case "sin":
        return x.sin();
      case "cos":
        return x.cos();
      case "lrelu":
      case "prelu": {
        // x > 0 ? x : a x, with the slope an input or the default 0.01.
        const a = args[1] ?? scalar(0.01);
        return x.relu().sub(x.neg().relu().mul(a));
      }
      case "max":
      case "min":
        if (args.length === 1) return e.fn === "max" ? x.max() : x.min();
        return e.fn === "max" ? x.maximum(args[1]) : x.minimum(args[1]);
      case "sign":
        return constant(x, Math.sign);
      case "H":
        return constant(x, (v) => (v > 0 ? 1 : v < 0 ? 0 : 0.5));
      case "floor":
        return constant(x, Math.floor);
      case "ceil":
        return constant(x, Math.ceil);
      case "trace":
        if (x.shape.length === 0) return x;
        return x.mul(eye(x.shape[0])).sum();
      case "det":
        return x.shape.length === 0 ? x : x.det();
      case "diag":
        if (x.shape.length === 0) return x.reshape([1, 1]);
        if (x.shape[1] === 1) return eye(x.shape[0]).mul(x);
        if (x.shape[0] === 1) return eye(x.shape[1]).mul(x.T);
        return x.mul(eye(x.shape[0])).sum(1, true);
      case "softmax":
      case "logsoftmax": {
        if (x.shape.length === 0) return e.fn === "softmax" ? scalar(1) : scalar(0);
        const axis = formOf(this.shapes, e.args[0]) === "column" ? 0 : 1;
        return e.fn === "softmax" ? x.softmax(axis) : x.logSoftmax(axis);
      }
      case "mean":
      case "var": {
        if (x.shape.length === 0) return e.fn === "mean" ? x : scalar(0);
        const axis = formOf(this.shapes, e.args[0]) === "matrix" ? 0 : undefined;
        return e.fn === "mean" ? x.mean(axis, axis !== undefined) : x.variance(axis, axis !== undefined);
      }
    }
    const member = this.env.functions[e.fn];
    if (member && FAMILIES[member]) return FAMILIES[member].apply(x, 0);
    return unsupported(`the function ${e.fn}`);
  }

  /** A relation as a 0/1 tensor (no gradient flows through a comparison). */
  private condition(c: Expr): Tensor {
    if (c.kind !== "rel" || c.ops.length !== 1) return unsupported("a condition that is not one comparison");
    const a = this.eval(c.operands[0]);
    const b = this.eval(c.operands[1]);
    const diff = a.sub(b);
    const op = c.ops[0];
    return constant(diff, (v) => (op === ">" ? v > 0 : op === "<" ? v < 0 : op === ">=" ? v >= 0 : op === "<=" ? v <= 0 : op === "=" ? v === 0 : v !== 0) ? 1 : 0);
  }

  /** Each branch where its condition holds and no earlier one does; `otherwise` takes the rest. */
  private cases(e: Extract<Expr, { kind: "cases" }>): Tensor {
    let out: Tensor | null = null;
    let taken: Tensor | null = null;
    for (const br of e.branches) {
      const v = this.eval(br.value);
      const cond = br.cond ? this.condition(br.cond) : null;
      const free: Tensor | null = taken ? constant(taken, (t) => (t > 0 ? 0 : 1)) : null;
      let mask: Tensor | null = cond && free ? cond.mul(free) : cond ?? free;
      if (mask === null) mask = scalar(1);
      const part = v.mul(mask);
      out = out === null ? part : out.add(part);
      taken = taken === null ? mask : taken.add(mask);
    }
    return out ?? unsupported("an empty cases");
  }

  private bigop(e: Extract<Expr, { kind: "bigop" }>): Tensor {
    if (e.cond || !e.lower || !e.upper) return unsupported("a sum without both bounds");
    const lo = this.intOf(e.lower);
    const hi = this.intOf(e.upper);
    if (hi - lo + 1 > MAX_RANGE) return unsupported(`a ${e.op} over ${hi - lo + 1} terms`);
    const saved = this.scope.get(e.index);
    let acc: Tensor = scalar(e.op === "sum" ? 0 : 1);
    try {
      for (let k = lo; k <= hi; k++) {
        this.scope.set(e.index, scalar(k));
        const t = this.eval(e.body);
        acc = e.op === "sum" ? acc.add(t) : acc.mul(t);
      }
    } finally {
      if (saved) this.scope.set(e.index, saved);
      else this.scope.delete(e.index);
    }
    return acc;
  }

  private intOf(e: Expr): number {
    const t = this.eval(e);
    if (t.data.length !== 1 || !Number.isInteger(t.data[0])) return unsupported("an index that is not a whole number");
    return t.data[0];
  }

  /** `x_k`, `X_{ij}` (from 1), as a slice the tape records; out of range is outside the domain. */
  private entry(e: Extract<Expr, { kind: "index" }>): Tensor {
    const base = this.eval(e.base);
    if (base.shape.length !== 2) return unsupported("an entry of a scalar");
    const [rows, cols] = base.shape;
    const ks = e.indices.map((i) => this.intOf(i));
    const [r, c] = ks.length === 2 ? ks : cols === 1 ? [ks[0], 1] : [1, ks[0]];
    if (r < 1 || r > rows || c < 1 || c > cols) domain("an index outside the matrix");
    const flat = (r - 1) * cols + (c - 1);
    return base.reshape([rows * cols]).slice(0, flat, flat + 1).reshape([]);
  }
}
