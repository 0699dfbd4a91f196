/**
 * Numeric evaluation of an expression on an environment (docs/numeric.md). Free indices are
 * enumerated into axes in alphabetical order, bound indices summed or multiplied, Deriv nodes computed
 * by the autodiff engine (derivative.ts), expectations by Monte Carlo (expectation.ts), limits and
 * integrals by numbers (calculus.ts). Every failure is a result:
 * "domain" (log of a negative, division by zero: the caller may draw another instance), "budget"
 * (too much work), "unsupported", "shape-mismatch", "unknown-symbol", "no-convergence".
 */
import type { Expr } from "../expr/ast.js";
import type { SymbolDecl, SymbolTable } from "../expr/types.js";
import { analyzeShapes, concreteShape, formOf, isSquareMatrix, logAbsDetArg, type ShapeAnalysis } from "../expr/shapes.js";
import { dimValue } from "../expr/shape-dims.js";
import { Tensor } from "../tensor/tensor.js";
import { eye, full, scalar, zeros } from "../tensor/create.js";
import { DEFAULT_LIMITS, type Definition, type Env, type EvalLimits } from "./env.js";
import { children } from "../expr/walk.js";
import { boundNames, DepInfo } from "./deps.js";
import { allFinite, concatCols, concatRows, pickEntry, stack } from "./ops.js";
import { BUILTIN_MEMBER, FAMILIES, heaviside, mapData } from "./families.js";
import { integrate, limit, type PointFn } from "./calculus.js";
import { derivative, nthDerivative } from "./derivative.js";
import { expectation, stderrOf } from "./expectation.js";
import { evaluateScalarFast } from "./scalar-fast.js";
import {
  EvalFail, fail, intersects, isScalarLike, NO_PRIMES, sameShape, shapeText, text, withoutSharedConstants,
  type EvalContext, type EvalResult, type Node,
} from "./eval-support.js";

export type { EvalErrorCode, EvalResult } from "./eval-support.js";


/** Per-table caches: shape analyses and dependency information, shared by all evaluations. */
interface TableCache {
  analyses: WeakMap<Expr, ShapeAnalysis | { ok: false; message: string; code: string }>;
  deps: DepInfo;
  plans: WeakMap<Expr, RootPlan>;
}

/** What one formula needs at every evaluation: its free indices, the names that get bound, which nodes may be memoised. */
interface RootPlan {
  indices: string[];
  varying: Set<string>;
  memoable: WeakMap<Expr, boolean>;
}
const caches = new WeakMap<SymbolTable, WeakMap<object, TableCache>>();

function tableCache(env: Env): TableCache {
  let byDefs = caches.get(env.table);
  if (!byDefs) caches.set(env.table, (byDefs = new WeakMap()));
  let c = byDefs.get(env.definitions);
  if (!c) byDefs.set(env.definitions, (c = { analyses: new WeakMap(), deps: new DepInfo(env.definitions), plans: new WeakMap() }));
  return c;
}

class Evaluator implements EvalContext {
  readonly limits: EvalLimits;
  readonly decls = new Map<string, SymbolDecl>();
  private readonly cache: TableCache;
  readonly deps: DepInfo;
  readonly scope = new Map<string, Tensor>();
  readonly memo = new Map<Expr, Tensor>();
  readonly derivCache = new Map<Expr, Map<string, Tensor>>();
  private readonly analyses: ShapeAnalysis[] = [];
  private varying = new Set<string>();
  private memoable = new WeakMap<Expr, boolean>();
  private spent = 0;
  private ticks = 0;
  private readonly deadline: number;
  private depth = 0;
  private expectCount = 0;
  readonly stderrs = new Map<Expr, Tensor>();

  nextStreamLabel(): string {
    return `expect-${this.expectCount++}`;
  }

  constructor(readonly env: Env) {
    this.limits = { ...DEFAULT_LIMITS, ...env.limits };
    this.deadline = performance.now() + this.limits.timeMs;
    for (const d of env.table.symbols) this.decls.set(d.name, d);
    this.cache = tableCache(env);
    this.deps = this.cache.deps;
  }

  /** Shapes of a formula under the table (cached): sizes `I`, `\mathbf{1}` and index ranges. */
  analyze(e: Expr, bound?: string[]): ShapeAnalysis {
    let a = this.cache.analyses.get(e);
    if (!a) {
      a = analyzeShapes(e, this.env.table, { bound });
      this.cache.analyses.set(e, a);
    }
    if (!a.ok) return fail(a.message, a.code as "shape-mismatch");
    if (!this.analyses.includes(a)) this.analyses.push(a);
    return a;
  }

  shapeOfNode(e: Expr): number[] | null {
    for (const a of this.analyses) {
      if (a.nodes.has(e)) return concreteShape(a, e, this.env.dims);
    }
    return null;
  }

  private plan(e: Expr): RootPlan {
    const known = this.cache.plans.get(e);
    if (known) return known;
    const indices = [...this.cache.deps.freeOf(e)].filter((n) => this.isIndex(n)).sort();
    const varying = boundNames(e, (x) => this.expectOver(x));
    for (const def of Object.values(this.env.definitions)) boundNames(def.body, (x) => this.expectOver(x), varying);
    for (const def of Object.values(this.env.definitions)) for (const p of def.params ?? []) varying.add(p);
    for (const i of indices) varying.add(i);
    const plan: RootPlan = { indices, varying, memoable: new WeakMap() };
    this.cache.plans.set(e, plan);
    return plan;
  }

  run(e: Expr, axes: string[] = []): { value: Tensor; freeIndices: string[] } {
    this.analyze(e);
    const plan = this.plan(e);
    const indices = axes.length === 0 ? plan.indices : [...axes, ...plan.indices.filter((n) => !axes.includes(n))];
    this.varying = plan.varying;
    this.memoable = plan.memoable;
    if (indices.length === 0) return { value: this.eval(e), freeIndices: [] };
    const ranges = indices.map((i) => this.rangeOf(i, e));
    ranges.forEach((r, k) => {
      if (r < 1) fail(`the index ${indices[k]} runs over no values here (its range is ${r})`, "domain");
    });
    const count = ranges.reduce((a, b) => a * b, 1);
    if (count > this.limits.maxElements) fail(`the free indices ${indices.join(", ")} span ${count} entries, too many`, "budget");
    const values: Tensor[] = [];
    const at = new Array<number>(indices.length).fill(1);
    for (let k = 0; k < count; k++) {
      this.charge(1);
      indices.forEach((name, d) => this.scope.set(name, scalar(at[d])));
      values.push(this.eval(e));
      for (let d = indices.length - 1; d >= 0; d--) {
        if (++at[d] <= ranges[d]) break;
        at[d] = 1;
      }
    }
    for (const name of indices) this.scope.delete(name);
    const shape0 = values[0].shape.join(",");
    if (values.some((v) => v.shape.join(",") !== shape0)) fail("the entries of the formula do not all have the same shape", "shape-mismatch");
    return { value: stack(values, ranges), freeIndices: indices };
  }

  private isIndex(name: string): boolean {
    const d = this.decls.get(name);
    if (d) return d.kind === "index";
    return this.cache.deps.indexNames.has(name) && !(name in this.env.values);
  }

  /** 1..range of an index: declared, or read off the vector or matrix it indexes. */
  private rangeOf(name: string, root: Expr): number {
    const d = this.decls.get(name);
    if (d?.range !== undefined) {
      return dimValue(d.range, this.env.dims) ?? fail(`the range ${String(d.range)} of index ${name} has no size`, "unsupported");
    }
    const found = this.findRange(name, root);
    return found ?? fail(`cannot tell which values the index ${name} runs over; declare its range`, "unsupported");
  }

  private findRange(name: string, root: Expr): number | null {
    const stack: Expr[] = [root];
    const defs = Object.values(this.env.definitions).map((d) => d.body);
    stack.push(...defs);
    while (stack.length > 0) {
      const x = stack.pop()!;
      if (x.kind === "index") {
        const k = x.indices.findIndex((i) => i.kind === "sym" && i.name === name);
        if (k >= 0) {
          const s = this.baseShape(x.base);
          if (s && s.length === 2) {
            if (x.indices.length === 2) return s[k];
            return s[0] === 1 ? s[1] : s[0];
          }
        }
      }
      for (const c of children(x)) stack.push(c);
    }
    return null;
  }

  private baseShape(base: Expr): number[] | null {
    const s = this.shapeOfNode(base);
    if (s) return s;
    if (base.kind === "sym") {
      const v = this.env.values[base.name];
      if (v) return [...v.shape];
    }
    return null;
  }

  expectOver(x: Node<"expect">): string[] {
    if (x.over) {
      const items = x.over.kind === "tuple" ? x.over.items : [x.over];
      return items.map((o) => (o.kind === "sym" ? o.name : fail(`an expectation is over a variable, not ${text(o)}`)));
    }
    const names = [...this.cache.deps.freeOf(x.body)].filter((n) => {
      const d = this.decls.get(n);
      return d !== undefined && !d.definition && ["scalar", "vector", "matrix"].includes(d.kind);
    });
    if (names.length !== 1) {
      fail(`say which variable the expectation ${text(x)} is over, as in \\mathbb{E}_{x}[…]`, "unsupported");
    }
    return names;
  }

  // ---- the walk ----

  eval(e: Expr): Tensor {
    let memoOk = this.memoable.get(e);
    if (memoOk === undefined) {
      memoOk = !intersects(this.cache.deps.freeOf(e), this.varying);
      this.memoable.set(e, memoOk);
    }
    if (memoOk) {
      const m = this.memo.get(e);
      if (m) return m;
    }
    if (++this.depth > this.limits.maxDepth) fail("the formula is nested too deeply to evaluate", "budget");
    let v: Tensor;
    try {
      v = this.evalNode(e);
    } finally {
      this.depth--;
    }
    if (v.data.length > this.limits.maxElements) fail(`${text(e)} has ${v.data.length} entries, too many`, "budget");
    this.charge(v.data.length);
    if (!allFinite(v)) fail(`${text(e)} is not a finite number here (overflow or undefined)`, "domain");
    if (memoOk) this.memo.set(e, v);
    return v;
  }

  charge(n: number): void {
    this.spent += Math.max(1, n);
    if (this.spent > this.limits.budget) fail(`evaluating the formula takes more than ${this.limits.budget} operations`, "budget");
    if (++this.ticks % 1024 === 0 && performance.now() > this.deadline) {
      fail(`evaluating the formula takes more than ${this.limits.timeMs} ms`, "budget");
    }
  }

  private evalNode(e: Expr): Tensor {
    switch (e.kind) {
      case "num":
        return scalar(e.value);
      case "const":
        return this.constant(e);
      case "sym":
        return this.symbol(e.name);
      case "index":
        return this.indexed(e);
      case "delta":
        return scalar(this.intOf(e.i) === this.intOf(e.j) ? 1 : 0);
      case "add":
        return e.terms.map((t) => this.eval(t)).reduce((a, b) => this.elementwise(a, b, e, "add"));
      case "neg":
        return this.eval(e.arg).neg();
      case "mul":
        return e.factors.map((f) => this.eval(f)).reduce((a, b) => this.product(a, b, e));
      case "hadamard":
        return e.factors.map((f) => this.eval(f)).reduce((a, b) => this.elementwise(a, b, e, "mul"));
      case "div": {
        const n = this.eval(e.num);
        const d = this.eval(e.den);
        if (d.data.some((x) => x === 0)) fail(`division by zero in ${text(e)}`, "domain");
        return this.elementwise(n, d, e, "div");
      }
      case "pow":
        return this.power(e);
      case "transpose": {
        const a = this.eval(e.arg);
        return a.shape.length === 2 ? a.transpose() : a;
      }
      case "call":
        return this.call(e);
      case "indicator": {
        const c = this.eval(e.cond);
        return mapData(c, (x) => (x !== 0 ? 1 : 0));
      }
      case "rel":
        return this.relation(e);
      case "cases":
        return this.cases(e);
      case "bigop":
        return this.bigop(e);
      case "limit":
        return this.limitNode(e);
      case "integral":
        return this.integralNode(e);
      case "expect":
        return expectation(this, e);
      case "deriv":
        return derivative(this, e);
      case "tuple": {
        const items = e.items.map((i) => this.eval(i));
        if (items.every((t) => t.shape.length === 0)) return stack(items, [items.length]).reshape([items.length, 1]);
        if (items.some((t) => t.shape.length === 0)) fail(`a scalar cannot stand beside matrices in ${text(e)}`, "shape-mismatch");
        if (items.some((t) => t.shape[0] !== items[0].shape[0])) fail(`the blocks of ${text(e)} have different heights`, "shape-mismatch");
        return concatCols(items);
      }
      case "matrix": {
        const rows = e.rows.map((r) => {
          const parts = r.map((x) => {
            const t = this.eval(x);
            return t.shape.length === 0 ? t.reshape([1, 1]) : t;
          });
          if (parts.some((t) => t.shape[0] !== parts[0].shape[0])) fail(`the blocks in a row of ${text(e)} have different heights`, "shape-mismatch");
          return concatCols(parts);
        });
        if (rows.some((t) => t.shape[1] !== rows[0].shape[1])) fail(`the rows of ${text(e)} have different widths`, "shape-mismatch");
        return concatRows(rows);
      }
    }
  }

  private constant(e: Node<"const">): Tensor {
    switch (e.name) {
      case "pi":
        return scalar(Math.PI);
      case "e":
        return scalar(Math.E);
      case "inf":
        return fail("∞ is only a limit point or an integral bound here, not a value", "unsupported");
      case "I":
      case "ones": {
        const s = this.shapeOfNode(e);
        // Nothing in the formula fixes the size (`\frac{1}{n}\mathbf{1}`): with one size in the table, it is that one.
        const sizes = Object.values(this.env.dims);
        const n = s && s.length === 2 ? s[0] : sizes.length === 1 ? sizes[0] : null;
        if (n === null) return fail(`the formula does not say how large ${e.name === "I" ? "I" : "1"} is`, "unsupported");
        return e.name === "I" ? eye(n) : full([n, 1], 1);
      }
    }
  }

  symbol(name: string): Tensor {
    const bound = this.scope.get(name);
    if (bound) return bound;
    const d = this.decls.get(name);
    if (d?.kind === "index") return fail(`the index ${name} is used outside a sum or formula that gives it values`, "unsupported");
    const def = this.env.definitions[name];
    if (def && def.params === null && this.scope.size > 0 && intersects(this.cache.deps.definitionInputs(name), new Set(this.scope.keys()))) {
      // An input of this symbol is being varied (a Deriv or an expectation): recompute it.
      this.analyze(def.body);
      return this.eval(def.body);
    }
    const v = this.env.values[name];
    if (v) return v;
    if (d?.kind === "dimension" && this.env.dims[name] !== undefined) return scalar(this.env.dims[name]);
    if (d?.kind === "elementwise" || d?.kind === "function") return fail(`${name} is a function: apply it, as in ${name}(x)`, "unsupported");
    return fail(`unknown symbol ${name}`, "unknown-symbol");
  }

  /** An index value: an integer from 1. */
  intOf(e: Expr): number {
    // The common cases, an index variable or a number, without a tensor round trip.
    if (e.kind === "num" && Number.isInteger(e.value)) return e.value;
    const bound = e.kind === "sym" ? this.scope.get(e.name) : undefined;
    if (bound && bound.data.length === 1 && Number.isInteger(bound.data[0])) return bound.data[0];
    const t = this.eval(e);
    if (t.data.length !== 1) fail(`the index ${text(e)} must be a number`, "shape-mismatch");
    const v = t.data[0];
    if (!Number.isInteger(v)) fail(`the index ${text(e)} is ${v}, not a whole number`, "domain");
    return v;
  }

  private indexed(e: Node<"index">): Tensor {
    const base = this.eval(e.base);
    if (base.shape.length !== 2) return fail(`${text(e.base)} is a scalar, so ${text(e)} has no entries`, "shape-mismatch");
    const [rows, cols] = base.shape;
    const ks = e.indices.map((i) => this.intOf(i));
    let r: number, c: number;
    if (ks.length === 1) {
      if (cols === 1) [r, c] = [ks[0], 1];
      else if (rows === 1) [r, c] = [1, ks[0]];
      else return fail(`${text(e.base)} is ${rows}×${cols}: an entry needs two indices`, "shape-mismatch");
    } else if (ks.length === 2) [r, c] = ks;
    else return fail(`${text(e)} has ${ks.length} indices`, "shape-mismatch");
    if (r < 1 || r > rows || c < 1 || c > cols) return fail(`${text(e)}: index (${ks.join(", ")}) is outside 1..${rows}×1..${cols}`, "domain");
    return pickEntry(base, r - 1, c - 1);
  }

  /** Broadcasting only where the notation allows it: a scalar (or 1×1) against anything, or equal shapes. */
  private elementwise(a: Tensor, b: Tensor, e: Expr, op: "add" | "mul" | "div" | "maximum" | "minimum" | "sub"): Tensor {
    if (!(isScalarLike(a) || isScalarLike(b) || sameShape(a.shape, b.shape))) {
      fail(`${text(e)}: sizes ${shapeText(a)} and ${shapeText(b)} do not fit entry by entry`, "shape-mismatch");
    }
    switch (op) {
      case "add":
        return a.add(b);
      case "sub":
        return a.sub(b);
      case "mul":
        return a.mul(b);
      case "div":
        return a.div(b);
      case "maximum":
        return a.maximum(b);
      case "minimum":
        return a.minimum(b);
    }
  }

  private product(a: Tensor, b: Tensor, e: Expr): Tensor {
    // 0-d scalars scale; 1-D values only arise as batches of scalar samples, multiplied entry by entry.
    if (a.shape.length !== 2 || b.shape.length !== 2) return a.mul(b);
    this.charge(a.shape[0] * a.shape[1] * b.shape[1]);
    if (a.shape[1] === b.shape[0]) return a.matmul(b);
    if (isScalarLike(a) || isScalarLike(b)) return a.mul(b);
    return fail(`${text(e)}: ${shapeText(a)} times ${shapeText(b)}, the inner sizes differ`, "shape-mismatch");
  }

  /** The shape analysis that holds `e`, for readings that depend on its symbolic sizes. */
  private analysisOf(e: Expr): ShapeAnalysis | null {
    for (const a of this.analyses) if (a.nodes.has(e)) return a;
    return null;
  }

  /** `X^{-1}` and `X^2` of a square matrix: the inverse and `X X` (see `isSquareMatrix`). */
  private matrixPower(e: Node<"pow">, b: Tensor, p: number): Tensor {
    if (!Number.isInteger(p)) return fail(`${text(e)}: a fractional power of a square matrix is not defined here (for entries write X^{\\circ p})`, "unsupported");
    this.charge(b.data.length * b.shape[0] * Math.abs(p));
    let base = b;
    if (p < 0) {
      if (b.det().item() === 0) fail(`${text(e)}: the matrix is singular`, "domain");
      base = b.inverse();
    }
    let out = eye(b.shape[0]);
    for (let k = 0; k < Math.abs(p); k++) out = k === 0 ? base : out.matmul(base);
    return out;
  }

  private power(e: Node<"pow">): Tensor {
    const b = this.eval(e.base);
    const x = this.eval(e.exp);
    if (!isScalarLike(x)) fail(`the exponent of ${text(e)} must be a number`, "shape-mismatch");
    const p = x.data[0];
    const an = this.analysisOf(e.base);
    if (an && isSquareMatrix(an, e.base) && b.shape.length === 2) return this.matrixPower(e, b, p);
    if (b.data.some((v) => v < 0) && !Number.isInteger(p)) fail(`${text(e)}: a negative number to a fractional power`, "domain");
    if (b.data.some((v) => v === 0) && p < 0) fail(`${text(e)}: zero to a negative power`, "domain");
    // An exponent that varies (x^y with y a symbol) must stay differentiable in it.
    return this.cache.deps.freeOf(e.exp).size === 0 || b.data.some((v) => v <= 0) ? b.pow(p) : b.pow(x.shape.length === 0 ? x : x.reshape([]));
  }

  private call(e: Node<"call">): Tensor {
    const an = this.analysisOf(e);
    const logDet = an ? logAbsDetArg(an, e) : null;
    if (logDet) {
      const m = this.eval(logDet);
      if (m.det().item() === 0) fail(`${text(e)}: the matrix is singular`, "domain");
      return m.logAbsDet();
    }
    if (e.fn === "norm" && e.order === 0) {
      // \|X\|_F and \|x\|_2 are the 2-norm of the entries; the subscript is a label, not a value.
      const label = e.args[1];
      const p = label === undefined || label.kind !== "num" ? 2 : label.value;
      if (p !== 1 && p !== 2 && p !== Infinity) fail(`the ${p}-norm in ${text(e)}: only the 1-, 2- and Frobenius norms are read`, "unsupported");
      return this.eval(e.args[0]).norm(p);
    }
    const args = e.args.map((a) => this.eval(a));
    const x = args[0];
    const member = BUILTIN_MEMBER[e.fn];
    if (member !== undefined) {
      if (args.length !== 1) fail(`${e.fn} takes one argument`, "unsupported");
      if (e.fn === "log" && x.data.some((v) => v <= 0)) fail(`log of a number that is not positive in ${text(e)}`, "domain");
      if (e.fn === "sqrt" && x.data.some((v) => v < 0 || (v === 0 && e.order > 0))) fail(`square root of a negative number in ${text(e)}`, "domain");
      return FAMILIES[member].apply(x, e.order);
    }
    if (e.order > 0 && NO_PRIMES.has(e.fn)) {
      fail(`${e.fn}' has no meaning here; write the derivative as \\frac{\\partial}{\\partial x} of ${e.fn}(x)`, "unsupported");
    }
    switch (e.fn) {
      case "lrelu":
      case "prelu": {
        const slope = args[1] ?? scalar(0.01);
        if (e.order === 0) return this.elementwise(x.relu(), x.neg().relu().mul(slope).neg(), e, "add");
        const h = mapData(x, heaviside);
        if (e.order === 1) return this.elementwise(h, h.neg().add(1).mul(slope), e, "add");
        return zeros(x.shape);
      }
      case "max":
      case "min":
        if (args.length === 1) return e.fn === "max" ? x.max() : x.min();
        return this.elementwise(x, args[1], e, e.fn === "max" ? "maximum" : "minimum");
      case "diag":
        return this.diag(x, e);
      case "softmax":
      case "logsoftmax":
        if (x.shape.length === 0) return e.fn === "softmax" ? scalar(1) : scalar(0);
        {
          // A column vector along its column; a row vector and every row of a matrix along the row
          // (batched cross-entropy, attention). Read from the symbolic sizes, so a B×C matrix drawn
          // with C = 1 is still normalised along its rows.
          const axis = this.formOf(e.args[0], x) === "column" ? 0 : 1;
          return e.fn === "softmax" ? x.softmax(axis) : x.logSoftmax(axis);
        }
      case "det":
        if (x.shape.length === 0) return x;
        if (x.shape[0] !== x.shape[1]) fail(`the determinant of a ${shapeText(x)} matrix`, "shape-mismatch");
        return x.det();
      case "mean":
      case "var": {
        // A vector's mean is one number; a matrix's one per column (over the batch), a 1×n row.
        if (x.shape.length === 0) return e.fn === "mean" ? x : scalar(0);
        const form = this.formOf(e.args[0], x);
        const axis = form === "matrix" ? 0 : undefined;
        return e.fn === "mean" ? x.mean(axis, axis !== undefined) : x.variance(axis, axis !== undefined);
      }
      case "trace": {
        if (x.shape.length === 0) return x;
        if (x.shape[0] !== x.shape[1]) fail(`the trace of a ${shapeText(x)} matrix`, "shape-mismatch");
        return x.mul(eye(x.shape[0])).sum();
      }
    }
    return this.functionSymbol(e, args);
  }

  /** The symbolic form of an argument, or the drawn one where the analysis does not cover it. */
  private formOf(e: Expr, x: Tensor): "scalar" | "column" | "row" | "matrix" {
    const an = this.analysisOf(e);
    const f = an ? formOf(an, e) : null;
    if (f) return f;
    if (x.shape.length === 0) return "scalar";
    return x.shape[1] === 1 ? "column" : x.shape[0] === 1 ? "row" : "matrix";
  }

  private diag(x: Tensor, e: Expr): Tensor {
    if (x.shape.length === 0) return x.reshape([1, 1]);
    const [r, c] = x.shape;
    if (c === 1) return eye(r).mul(x);
    if (r === 1) return eye(c).mul(x.transpose());
    if (r !== c) fail(`diag of a ${shapeText(x)} matrix in ${text(e)}: it needs a vector or a square matrix`, "shape-mismatch");
    return x.mul(eye(r)).sum(1, true);
  }

  private functionSymbol(e: Node<"call">, args: Tensor[]): Tensor {
    const def = this.env.definitions[e.fn];
    if (def && def.params !== null) return this.definedFunction(e, def, args);
    const member = this.env.functions[e.fn];
    if (member === undefined) return fail(`unknown function ${e.fn}`, "unknown-symbol");
    const fam = FAMILIES[member];
    if (!fam) return fail(`${e.fn} was drawn as ${member}, which is not a known function`, "unsupported");
    if (args.length !== 1) fail(`${e.fn} takes one argument`, "unsupported");
    if (fam.positiveOnly && args[0].data.some((v) => v <= 0)) fail(`${e.fn} = ${member} of a number that is not positive`, "domain");
    return fam.apply(args[0], e.order);
  }

  /** `\hat\sigma(z) = 1/(1+e^{-2z})`: bind the parameters; derivatives by autodiff entry by entry. */
  private definedFunction(e: Node<"call">, def: Definition, args: Tensor[]): Tensor {
    const params = def.params!;
    if (args.length !== params.length) fail(`${e.fn} takes ${params.length} argument${params.length === 1 ? "" : "s"}`, "unsupported");
    this.analyze(def.body, params);
    const body = (vals: Tensor[]): Tensor => this.withScope(params, vals, () => this.eval(def.body));
    if (e.order === 0) return body(args);
    if (params.length !== 1) return fail(`${e.fn}' of a function of several variables`, "unsupported");
    return nthDerivative((t) => body([t]), args[0], e.order);
  }

  withScope<T>(names: string[], vals: Tensor[], f: () => T): T {
    const saved = names.map((n) => this.scope.get(n));
    names.forEach((n, k) => this.scope.set(n, vals[k]));
    try {
      return f();
    } finally {
      names.forEach((n, k) => {
        const s = saved[k];
        if (s === undefined) this.scope.delete(n);
        else this.scope.set(n, s);
      });
    }
  }

  private relation(e: Node<"rel">): Tensor {
    const vals = e.operands.map((o) => this.eval(o));
    let acc: Tensor | null = null;
    for (let k = 0; k < e.ops.length; k++) {
      const a = vals[k], b = vals[k + 1];
      const diff = this.elementwise(a, b, e, "sub");
      const mag = this.elementwise(a.abs(), b.abs(), e, "maximum");
      const out = new Float64Array(diff.data.length);
      for (let i = 0; i < out.length; i++) {
        const d = diff.data[i];
        const eq = Math.abs(d) <= 1e-9 * Math.max(1, mag.data[i]);
        const op = e.ops[k];
        out[i] = Number(op === "=" ? eq : op === "!=" ? !eq : op === "<" ? d < 0 : op === ">" ? d > 0 : op === "<=" ? d <= 0 : d >= 0);
      }
      const t = new Tensor(out, diff.shape);
      acc = acc === null ? t : this.elementwise(acc, t, e, "mul");
    }
    return acc as Tensor;
  }

  /** Entry by entry, the first branch whose condition holds; `otherwise` where none does. */
  private cases(e: Node<"cases">): Tensor {
    let taken: Tensor | null = null;
    let acc: Tensor | null = null;
    for (const b of e.branches) {
      const v = this.eval(b.value);
      let mask = b.cond ? mapData(this.eval(b.cond), (x) => (x !== 0 ? 1 : 0)) : scalar(1);
      if (taken !== null) mask = this.elementwise(mask, taken.neg().add(1), e, "mul");
      const term = this.elementwise(mask, v, e, "mul");
      acc = acc === null ? term : this.elementwise(acc, term, e, "add");
      taken = taken === null ? mask : this.elementwise(taken, mask, e, "add");
    }
    if (taken && taken.data.some((x) => x === 0)) fail(`no case of ${text(e)} applies to some entries`, "domain");
    return acc as Tensor;
  }

  private bigop(e: Node<"bigop">): Tensor {
    let lo: number, hi: number;
    if (e.lower && e.upper) {
      lo = this.intOf(e.lower);
      hi = this.intOf(e.upper);
    } else {
      lo = e.lower ? this.intOf(e.lower) : 1;
      hi = e.upper ? this.intOf(e.upper) : this.rangeOf(e.index, e);
    }
    if (hi - lo + 1 > this.limits.maxRange) fail(`${text(e)} runs over ${hi - lo + 1} values, too many`, "budget");
    let acc: Tensor | null = null;
    for (let k = lo; k <= hi; k++) {
      const term = this.withScope([e.index], [scalar(k)], () => {
        if (e.cond && this.eval(e.cond).data.every((x) => x === 0)) return null;
        return this.eval(e.body);
      });
      if (term === null) continue;
      this.charge(term.data.length);
      acc = acc === null ? term : this.elementwise(acc, term, e, e.op === "sum" ? "add" : "mul");
    }
    if (acc !== null) return acc;
    // The empty sum is 0 and the empty product 1, shaped like the body would be.
    const s = this.shapeOfNode(e);
    return s && s.length === 2 ? full(s, e.op === "sum" ? 0 : 1) : scalar(e.op === "sum" ? 0 : 1);
  }

  /** ±∞ written as `\infty`, `-\infty`, `+\infty`; otherwise null. */
  private infinity(e: Expr): number | null {
    if (e.kind === "const" && e.name === "inf") return Infinity;
    if (e.kind === "neg") {
      const v = this.infinity(e.arg);
      return v === null ? null : -v;
    }
    if (e.kind === "add" && e.terms.length === 1) return this.infinity(e.terms[0]);
    return null;
  }

  private pointValue(e: Expr): number {
    const inf = this.infinity(e);
    if (inf !== null) return inf;
    const t = this.eval(e);
    if (!isScalarLike(t)) fail(`${text(e)} must be a number`, "shape-mismatch");
    return t.data[0];
  }

  /** The body at one value of a bound variable; null where it is undefined there. Records the body's shape. */
  private pointFn(variable: string, body: Expr, shape: { value: readonly number[] }): PointFn {
    return (t) => {
      try {
        const v = this.withScope([variable], [scalar(t)], () => this.eval(body));
        shape.value = v.shape;
        return v.data;
      } catch (err) {
        if (err instanceof EvalFail && err.code === "domain") return null;
        throw err;
      }
    };
  }

  private limitNode(e: Node<"limit">): Tensor {
    const to = this.pointValue(e.to);
    const shape = { value: [] as readonly number[] };
    const r = limit(this.pointFn(e.variable, e.body, shape), to, e.side);
    if (!r.ok) return fail(`${text(e)}: ${r.message}`, r.code);
    return new Tensor(r.value, shape.value);
  }

  private integralNode(e: Node<"integral">): Tensor {
    if (!e.lower || !e.upper) return fail(`${text(e)} has no bounds; only definite integrals have a value`, "unsupported");
    const lo = this.boundValues(e.lower);
    const hi = this.boundValues(e.upper);
    const n = Math.max(lo.values.length, hi.values.length);
    if (n > 1 && lo.values.length > 1 && hi.values.length > 1 && lo.values.length !== hi.values.length) {
      fail(`the bounds of ${text(e)} have different sizes`, "shape-mismatch");
    }
    const bodyShape = { value: [] as readonly number[] };
    const f = this.pointFn(e.variable, e.body, bodyShape);
    const outs: Float64Array[] = [];
    for (let k = 0; k < n; k++) {
      const a = lo.values[lo.values.length === 1 ? 0 : k];
      const b = hi.values[hi.values.length === 1 ? 0 : k];
      const r = integrate(f, a, b, this.limits.maxQuadEvals);
      if (!r.ok) return fail(`${text(e)}: ${r.message}`, r.code);
      outs.push(r.value);
    }
    if (n === 1) return new Tensor(outs[0], bodyShape.value);
    if (outs[0].length !== 1) fail(`${text(e)}: entry-by-entry bounds need a scalar integrand`, "shape-mismatch");
    const shape = (lo.values.length > 1 ? lo.shape : hi.shape) as number[];
    return new Tensor(Float64Array.from(outs, (o) => o[0]), shape);
  }

  private boundValues(e: Expr): { values: number[]; shape: readonly number[] } {
    const inf = this.infinity(e);
    if (inf !== null) return { values: [inf], shape: [] };
    const t = this.eval(e);
    return { values: Array.from(t.data), shape: t.shape };
  }

}

export interface EvaluateOptions {
  /**
   * Axes first, in this order (an index slot `E_{ji} = ...` passes ["j", "i"]): each becomes an axis
   * even where the formula does not use it (`E_{ij} = 1`); other free indices follow alphabetically.
   */
  indices?: string[];
}

/** Evaluates `e` on `env`; never throws. */
export function evaluate(e: Expr, env: Env, opts: EvaluateOptions = {}): EvalResult {
  if (!opts.indices || opts.indices.length === 0) {
    const fast = evaluateScalarFast(e, env.values, env.dims);
    if (fast) return fast.ok ? { ok: true, value: scalar(fast.value), freeIndices: [] } : { ok: false, message: fast.message, code: "domain" };
  }
  const ev = new Evaluator(env);
  try {
    e = withoutSharedConstants(e);
    const { value, freeIndices } = ev.run(e, opts.indices);
    const se = stderrOf(ev, e);
    return se ? { ok: true, value, freeIndices, stderr: se } : { ok: true, value, freeIndices };
  } catch (err) {
    if (err instanceof EvalFail) return { ok: false, message: err.message, code: err.code };
    if (err instanceof RangeError && /call stack/i.test(err.message)) {
      return { ok: false, message: "the formula is nested too deeply to evaluate", code: "budget" };
    }
    return { ok: false, message: `could not evaluate: ${err instanceof Error ? err.message : String(err)}`, code: "unsupported" };
  }
}
