/**
 * Shape inference by unification of symbolic sizes. Every failure is a result with a message a
 * student understands, naming both operands as they were written and their sizes:
 * "G (S×N) times Vᵀ (F×N): the inner sizes N and F differ".
 *
 * Conventions (docs/numeric.md):
 * - a scalar, and a matrix known to be 1×1 (`s^\top g`), broadcasts in elementwise operations and
 *   scales in products;
 * - `I` is n×n and `\mathbf{1}` is n×1 with n fixed by context (`\mathbf{1} b^\top` is S×1 times 1×F);
 * - `diag(v)` of a column vector is n×n; of a square matrix it is its diagonal as a column;
 * - index expressions (`S_i`, `X_{ij}`, `\delta_{ij}`) are scalars: the free indices become axes only
 *   when the formula is evaluated;
 * - `[X, \mathbf{1}]` concatenates horizontally; a bracket of scalars is a column vector;
 * - `\frac{\partial f}{\partial x}`: of a scalar body, the shape of x; with respect to a scalar, the
 *   shape of the body; of an n-vector with respect to an m-vector, the n×m Jacobian.
 */
import type { Expr, Span } from "./ast.js";
import type { Dim, Shape, SymbolDecl, SymbolTable } from "./types.js";
import { DimStore } from "./shape-dims.js";
import { showExpr } from "./shape-print.js";

/** A shape during inference: null is a scalar, otherwise ids of sizes in the store. */
export type SShape = null | [number, number];

export type ShapeErrorCode = "shape-mismatch" | "unknown-symbol" | "unsupported";

export interface ShapeOptions {
  /** The text the expression was parsed from: operands are quoted from it in messages. */
  source?: string;
  /** Undeclared names: an error (default), or scalars (for ad-hoc formulas without a table). */
  undeclared?: "error" | "scalar";
  /** Names bound around the expression, scalars inside it (the argument z of a defined function). */
  bound?: string[];
}

export type ShapeResult =
  | { ok: true; shape: Shape; subst: Record<string, Dim> }
  | { ok: false; message: string; code: ShapeErrorCode; span?: Span };

/** The full outcome, for the evaluator: the shape of every node, and the size store to read them. */
export interface ShapeAnalysis {
  ok: true;
  shape: Shape;
  subst: Record<string, Dim>;
  store: DimStore;
  nodes: Map<Expr, SShape>;
}

const ELEMENTWISE = new Set([
  "exp", "log", "sqrt", "abs", "sigma", "tanh", "softplus", "relu", "floor", "ceil", "sign", "H",
  "sin", "cos",
]);

/** Words an elementwise mismatch from the two operands (described with their sizes); `eb` is the second. */
type Verb = (x: string, y: string, eb: Expr, sb: SShape) => string;

class ShapeFail {
  constructor(
    readonly message: string,
    readonly code: ShapeErrorCode,
    readonly span?: Span,
  ) {}
}

const MAX_DEPTH = 2000;

class Inferer {
  readonly store = new DimStore();
  readonly nodes = new Map<Expr, SShape>();
  private readonly decls = new Map<string, SymbolDecl>();
  private readonly symShapes = new Map<string, SShape>();
  private readonly bound: string[] = [];
  private depth = 0;

  constructor(
    table: SymbolTable,
    private readonly opts: ShapeOptions,
  ) {
    for (const d of table.symbols) this.decls.set(d.name, d);
    this.bound.push(...(opts.bound ?? []));
  }

  fail(message: string, e?: Expr, code: ShapeErrorCode = "shape-mismatch"): never {
    throw new ShapeFail(message, code, e?.span);
  }

  /** An operand as the student wrote it (from the source when we have it). */
  text(e: Expr): string {
    const src = this.opts.source;
    if (src && e.span && e.span.end > e.span.start && e.span.end <= src.length) {
      const s = src.slice(e.span.start, e.span.end).trim();
      if (s.length <= 60) return s;
    }
    const s = showExpr(e);
    return s.length <= 60 ? s : s.slice(0, 57) + "…";
  }

  show(s: SShape): string {
    if (s === null) return "scalar";
    return `${this.dimText(s[0])}×${this.dimText(s[1])}`;
  }

  dimText(id: number): string {
    const d = String(this.store.resolve(id));
    return d.includes("+") ? `(${d})` : d;
  }

  described(e: Expr, s: SShape): string {
    return `${this.text(e)} (${this.show(s)})`;
  }

  scalarLike(s: SShape): boolean {
    return s === null || (this.store.isOne(s[0]) && this.store.isOne(s[1]));
  }

  infer(e: Expr): SShape {
    if (++this.depth > MAX_DEPTH) this.fail("the formula is nested too deeply to check", e, "unsupported");
    try {
      const s = this.inferNode(e);
      this.nodes.set(e, s);
      return s;
    } finally {
      this.depth--;
    }
  }

  private declShape(name: string, e: Expr): SShape {
    const cached = this.symShapes.get(name);
    if (cached !== undefined) return cached;
    const d = this.decls.get(name);
    let s: SShape;
    if (!d) {
      if (this.opts.undeclared === "scalar") s = null;
      else {
        const known = [...this.decls.keys()].filter((k) => this.decls.get(k)?.kind !== "index");
        this.fail(`unknown symbol ${this.text(e)}; the symbols here are ${known.join(", ") || "none"}`, e, "unknown-symbol");
      }
    } else if (d.kind === "elementwise" || d.kind === "function") {
      this.fail(`${this.text(e)} is a function: apply it to an argument, as in ${name}(x)`, e, "unsupported");
    } else if (d.shape && d.shape.length === 2) {
      s = [this.store.dim(d.shape[0]), this.store.dim(d.shape[1])];
    } else if (d.kind === "vector") {
      s = [this.store.fresh(), this.store.num(1)];
    } else if (d.kind === "matrix") {
      s = [this.store.fresh(), this.store.fresh()];
    } else s = null;
    this.symShapes.set(name, s);
    return s;
  }

  /** Broadcast two operands of an elementwise operation; `verb` words the error. */
  merge(a: SShape, b: SShape, ea: Expr, eb: Expr, verb: Verb): SShape {
    if (this.scalarLike(b) && a !== null) return a;
    if (this.scalarLike(a)) return b ?? a;
    if (b === null || a === null) return a ?? b;
    for (let k = 0; k < 2; k++) {
      if (!this.store.unify(a[k], b[k])) {
        this.fail(
          `${verb(this.described(ea, a), this.described(eb, b), eb, b)}: sizes ${this.dimText(a[k])} and ${this.dimText(b[k])} differ`,
          eb,
        );
      }
    }
    return a;
  }

  /** Merge many operands; the first non-scalar one is named in errors as the anchor. */
  mergeAll(items: Expr[], verb: Verb): SShape {
    let acc: SShape = null;
    let anchor: Expr | null = null;
    for (const it of items) {
      const s = this.infer(it);
      if (anchor === null) {
        acc = s;
        if (s !== null) anchor = it;
        continue;
      }
      acc = this.merge(acc, s, anchor, it, verb);
    }
    return acc;
  }

  private inferNode(e: Expr): SShape {
    switch (e.kind) {
      case "num":
        return null;
      case "delta":
        this.inferIndex(e.i);
        this.inferIndex(e.j);
        return null;
      case "const":
        if (e.name === "I") {
          const n = this.store.fresh();
          return [n, n];
        }
        if (e.name === "ones") return [this.store.fresh(), this.store.num(1)];
        return null;
      case "sym":
        if (this.bound.includes(e.name)) return null;
        return this.declShape(e.name, e);
      case "index":
        return this.indexed(e);
      case "add":
        return this.mergeAll(e.terms, (x, y, eb, sb) =>
          eb.kind === "neg" ? `cannot subtract ${this.described(eb.arg, sb)} from ${x}` : `cannot add ${x} and ${y}`,
        );
      case "neg":
        return this.infer(e.arg);
      case "mul":
        return this.product(e.factors);
      case "hadamard":
        return this.mergeAll(e.factors, (x, y) => `cannot multiply ${x} and ${y} entry by entry`);
      case "div": {
        const n = this.infer(e.num);
        const d = this.infer(e.den);
        return this.merge(n, d, e.num, e.den, (x, y) => `cannot divide ${x} by ${y}`);
      }
      case "pow": {
        const b = this.infer(e.base);
        const x = this.infer(e.exp);
        if (!this.scalarLike(x)) {
          this.fail(`the exponent in ${this.text(e)} must be a number, but ${this.described(e.exp, x)} is a matrix`, e.exp);
        }
        return b;
      }
      case "transpose": {
        const s = this.infer(e.arg);
        return s === null ? null : [s[1], s[0]];
      }
      case "call":
        return this.call(e);
      case "indicator":
        return this.infer(e.cond);
      case "rel":
        return this.mergeAll(e.operands, (x, y) => `cannot compare ${x} with ${y}`);
      case "cases": {
        const parts: Expr[] = [];
        for (const b of e.branches) {
          parts.push(b.value);
          if (b.cond) parts.push(b.cond);
        }
        return this.mergeAll(parts, (x, y) => `the cases of ${this.text(e)} do not fit together: ${x} and ${y}`);
      }
      case "bigop":
        return this.withBound([e.index], () => {
          for (const lim of [e.lower, e.upper, e.cond]) if (lim) this.expectScalar(lim, "a bound of the sum or product");
          return this.infer(e.body);
        });
      case "limit":
        this.expectScalar(e.to, "the point of a limit");
        return this.withBound([e.variable], () => this.infer(e.body));
      case "integral": {
        const body = this.withBound([e.variable], () => this.infer(e.body));
        let s = body;
        for (const lim of [e.lower, e.upper]) {
          if (lim) s = this.merge(s, this.infer(lim), e.body, lim, (x, y) => `cannot integrate ${x} up to ${y}`);
        }
        return s;
      }
      case "expect": {
        // An undeclared variable of an expectation (E_z[...]) is a standard normal scalar in the body.
        const items = e.over ? (e.over.kind === "tuple" ? e.over.items : [e.over]) : [];
        const local = items.flatMap((o) => (o.kind === "sym" && !this.decls.has(o.name) ? [o.name] : []));
        return this.withBound(local, () => {
          if (e.over) this.infer(e.over);
          return this.infer(e.body);
        });
      }
      case "deriv":
        return this.deriv(e);
      case "tuple":
        return this.tuple(e.items, e);
      case "matrix":
        return this.matrix(e);
    }
  }

  withBound<T>(names: string[], f: () => T): T {
    this.bound.push(...names);
    try {
      return f();
    } finally {
      this.bound.length -= names.length;
    }
  }

  expectScalar(e: Expr, what: string): void {
    const s = this.infer(e);
    if (!this.scalarLike(s)) this.fail(`${what} must be a number, but ${this.described(e, s)} is a matrix`, e);
  }

  /** An index: a declared or undeclared name (i, j, k) or arithmetic on one (i+1). */
  private inferIndex(i: Expr): void {
    if (i.kind === "sym" && !this.decls.has(i.name)) {
      this.nodes.set(i, null);
      return;
    }
    if (i.kind === "neg") {
      this.inferIndex(i.arg);
      this.nodes.set(i, null);
      return;
    }
    if (i.kind === "add") {
      for (const t of i.terms) this.inferIndex(t);
      this.nodes.set(i, null);
      return;
    }
    this.expectScalar(i, "an index");
  }

  private indexed(e: Extract<Expr, { kind: "index" }>): SShape {
    for (const i of e.indices) this.inferIndex(i);
    const b = this.infer(e.base);
    if (b === null) {
      this.fail(`${this.text(e.base)} is a scalar, so ${this.text(e)} has no entries to pick`, e);
    }
    const isVector = this.store.isOne(b[1]) || this.store.isOne(b[0]);
    if (e.indices.length === 1 && !isVector) {
      this.fail(`${this.described(e.base, b)} is a matrix: an entry needs two indices, as in ${this.text(e.base)}_{ij}`, e);
    }
    if (e.indices.length > 2) {
      this.fail(`${this.described(e.base, b)} has two axes, but ${this.text(e)} gives ${e.indices.length} indices`, e);
    }
    return null;
  }

  private product(factors: Expr[]): SShape {
    let acc = this.infer(factors[0]);
    for (let k = 1; k < factors.length; k++) {
      const f = factors[k];
      const s = this.infer(f);
      if (acc === null) acc = s;
      else if (s === null) continue;
      else if (this.store.isOne(acc[0]) && this.store.isOne(acc[1])) acc = s;
      else if (this.store.isOne(s[0]) && this.store.isOne(s[1])) continue;
      else if (this.store.unify(acc[1], s[0])) acc = [acc[0], s[1]];
      else {
        const left: Expr = k === 1 ? factors[0] : { kind: "mul", factors: factors.slice(0, k), span: spanOf(factors.slice(0, k)) };
        this.fail(
          `${this.described(left, acc)} times ${this.described(f, s)}: the inner sizes ${this.dimText(acc[1])} and ${this.dimText(s[0])} differ`,
          f,
        );
      }
    }
    return acc;
  }

  private call(e: Extract<Expr, { kind: "call" }>): SShape {
    const fn = e.fn;
    const arg0 = e.args[0];
    const need = (n: number, m = n): void => {
      if (e.args.length < n || e.args.length > m) {
        const want = n === m ? `${n}` : `${n} or ${m}`;
        this.fail(`${fn} takes ${want} argument${m === 1 ? "" : "s"}, but ${this.text(e)} gives ${e.args.length}`, e, "unsupported");
      }
    };
    if (ELEMENTWISE.has(fn)) {
      need(1);
      const s = this.infer(arg0);
      // \log|X| of a square matrix is log|det X|, one number (see logAbsDetArg).
      if (fn === "log" && s !== null && arg0.kind === "call" && arg0.fn === "abs" && this.store.resolve(s[0]) === this.store.resolve(s[1]) && this.store.resolve(s[0]) !== 1) return null;
      return s;
    }
    switch (fn) {
      case "lrelu":
      case "prelu": {
        need(1, 2);
        const x = this.infer(arg0);
        if (e.args.length === 2) return this.merge(x, this.infer(e.args[1]), arg0, e.args[1], (a, b) => `${fn} of ${a} with slope ${b}`);
        return x;
      }
      case "max":
      case "min":
        if (e.args.length === 1) {
          this.infer(arg0);
          return null;
        }
        need(2);
        return this.mergeAll(e.args, (a, b) => `cannot take the ${fn} of ${a} and ${b} entry by entry`);
      case "diag": {
        need(1);
        const s = this.infer(arg0);
        if (s === null) return [this.store.num(1), this.store.num(1)];
        if (this.store.isOne(s[1])) return [s[0], s[0]];
        if (this.store.isOne(s[0])) return [s[1], s[1]];
        if (!this.store.unify(s[0], s[1])) {
          this.fail(`diag needs a vector or a square matrix, but ${this.described(arg0, s)} is neither`, arg0);
        }
        return [s[0], this.store.num(1)];
      }
      case "softmax":
      case "logsoftmax":
        need(1);
        return this.infer(arg0);
      case "norm":
        // \|x\|_2, \|X\|_F, \|x\|_1: the subscript is a label (a number or F), not an operand.
        need(1, 2);
        this.infer(arg0);
        if (e.args.length === 2) this.nodes.set(e.args[1], null);
        return null;
      case "det": {
        need(1);
        const s = this.infer(arg0);
        if (s !== null && !this.store.unify(s[0], s[1])) {
          this.fail(`the determinant needs a square matrix, but ${this.described(arg0, s)} is not square`, arg0);
        }
        return null;
      }
      case "mean":
      case "var": {
        // Of a vector: one number. Of a matrix: one per column (over the rows, the batch), a row vector.
        need(1);
        const s = this.infer(arg0);
        if (s === null || this.store.isOne(s[1]) || this.store.isOne(s[0])) return null;
        return [this.store.num(1), s[1]];
      }
      case "trace": {
        need(1);
        const s = this.infer(arg0);
        if (s !== null && !this.store.unify(s[0], s[1])) {
          this.fail(`the trace needs a square matrix, but ${this.described(arg0, s)} is not square`, arg0);
        }
        return null;
      }
    }
    const d = this.decls.get(fn);
    if (!d || (d.kind !== "elementwise" && d.kind !== "function")) {
      const fns = [...this.decls.values()].filter((x) => x.kind === "elementwise" || x.kind === "function").map((x) => x.name);
      this.fail(
        `unknown function ${fn}${fns.length ? `; the functions here are ${fns.join(", ")}` : ""}`,
        e,
        "unknown-symbol",
      );
    }
    if (e.args.length === 0) this.fail(`${this.text(e)} needs an argument`, e, "unsupported");
    return this.mergeAll(e.args, (a, b) => `${fn} is applied entry by entry, but ${a} and ${b} do not fit together`);
  }

  private deriv(e: Extract<Expr, { kind: "deriv" }>): SShape {
    const w = this.infer(e.wrt);
    const wrtOk =
      e.wrt.kind === "sym" || (e.wrt.kind === "index" && e.wrt.base.kind === "sym");
    if (!wrtOk) this.fail(`can only differentiate with respect to a variable, not ${this.text(e.wrt)}`, e.wrt, "unsupported");
    const b = this.infer(e.body);
    if (this.scalarLike(w)) return b;
    if (this.scalarLike(b)) return w;
    if (w !== null && b !== null && this.store.isOne(w[1]) && this.store.isOne(b[1])) return [b[0], w[0]];
    return this.fail(
      `the derivative of ${this.described(e.body, b)} with respect to ${this.described(e.wrt, w)} has four indices; write it entry by entry`,
      e,
      "unsupported",
    );
  }

  /** `[X, \mathbf{1}]`: side by side; a list of scalars is a column vector. */
  private tuple(items: Expr[], e: Expr): SShape {
    const shapes = items.map((it) => this.infer(it));
    if (shapes.every((s) => s === null)) return [this.store.num(items.length), this.store.num(1)];
    const rows = shapes.find((s) => s !== null)![0];
    const cols: number[] = [];
    shapes.forEach((s, k) => {
      if (s === null) {
        this.fail(`${this.text(items[k])} is a scalar and cannot stand beside matrices in ${this.text(e)} (for a column of ones write \\mathbf{1})`, items[k]);
      }
      if (!this.store.unify(rows, s[0])) {
        this.fail(`cannot put ${this.described(items[k], s)} beside a block with ${this.dimText(rows)} rows in ${this.text(e)}`, items[k]);
      }
      cols.push(s[1]);
    });
    return [rows, this.store.sum(cols)];
  }

  private matrix(e: Extract<Expr, { kind: "matrix" }>): SShape {
    const one = this.store.num(1);
    let width: number | null = null;
    const heights: number[] = [];
    for (const row of e.rows) {
      const shapes = row.map((it) => this.infer(it) ?? ([one, one] as [number, number]));
      const h = shapes[0][0];
      for (let k = 1; k < shapes.length; k++) {
        if (!this.store.unify(h, shapes[k][0])) this.fail(`the blocks in one row of ${this.text(e)} have different heights`, row[k]);
      }
      const w = this.store.sum(shapes.map((s) => s[1]));
      if (width === null) width = w;
      else if (!this.store.unify(width, w)) this.fail(`the rows of ${this.text(e)} have different widths`, row[0] ?? e);
      heights.push(h);
    }
    if (width === null) this.fail("an empty matrix", e, "unsupported");
    return [this.store.sum(heights), width];
  }

  toShape(s: SShape): Shape {
    return s === null ? [] : [this.store.resolve(s[0]), this.store.resolve(s[1])];
  }
}

function spanOf(es: Expr[]): Span | undefined {
  const a = es[0]?.span;
  const b = es[es.length - 1]?.span;
  return a && b ? { start: a.start, end: b.end } : undefined;
}

/** The shape of an expression under a symbol table, or a message saying what does not fit. */
export function inferShapes(e: Expr, table: SymbolTable, opts: ShapeOptions = {}): ShapeResult {
  const r = analyzeShapes(e, table, opts);
  if (!r.ok) return r;
  return { ok: true, shape: r.shape, subst: r.subst };
}

/** Like `inferShapes`, and keeps the shape of every node (the evaluator sizes `I` and `\mathbf{1}` from it). */
export function analyzeShapes(
  e: Expr,
  table: SymbolTable,
  opts: ShapeOptions = {},
): ShapeAnalysis | { ok: false; message: string; code: ShapeErrorCode; span?: Span } {
  const inf = new Inferer(table, opts);
  try {
    const s = inf.infer(e);
    return { ok: true, shape: inf.toShape(s), subst: inf.store.substitution(), store: inf.store, nodes: inf.nodes };
  } catch (err) {
    if (err instanceof ShapeFail) {
      return err.span ? { ok: false, message: err.message, code: err.code, span: err.span } : { ok: false, message: err.message, code: err.code };
    }
    return { ok: false, message: `could not check the shapes: ${err instanceof Error ? err.message : String(err)}`, code: "unsupported" };
  }
}

/**
 * Whether a node is a square matrix for every instance (its two sizes are the same size, not 1×1):
 * then `X^{-1}` is its inverse and `X^2` is `X X`, as linear algebra writes; a power of any other
 * matrix is taken entry by entry. Decided on the symbolic sizes, so an instance where an m×n matrix
 * happens to be drawn square reads the same way as every other.
 */
export function isSquareMatrix(a: ShapeAnalysis, node: Expr): boolean {
  const s = a.nodes.get(node);
  if (!s) return false;
  const r = a.store.resolve(s[0]);
  return r === a.store.resolve(s[1]) && r !== 1;
}

/** A node's form from its symbolic sizes: softmax, mean and var read a column, a row and a matrix differently. */
export function formOf(a: ShapeAnalysis, node: Expr): "scalar" | "column" | "row" | "matrix" | null {
  const s = a.nodes.get(node);
  if (s === undefined) return null;
  if (s === null) return "scalar";
  const r = a.store.resolve(s[0]) === 1, c = a.store.resolve(s[1]) === 1;
  return r && c ? "scalar" : c ? "column" : r ? "row" : "matrix";
}

/** `\log|X|` of a square matrix X: the log of the absolute determinant (the Cookbook's |X| = det X). */
export function logAbsDetArg(a: ShapeAnalysis, e: Expr): Expr | null {
  if (e.kind !== "call" || e.fn !== "log" || e.order !== 0 || e.args.length !== 1) return null;
  const inner = e.args[0];
  if (inner.kind !== "call" || inner.fn !== "abs" || inner.order !== 0 || inner.args.length !== 1) return null;
  return isSquareMatrix(a, inner.args[0]) ? inner.args[0] : null;
}

/** Sizes of a node for concrete dimension values; null where a size is not determined. */
export function concreteShape(a: ShapeAnalysis, node: Expr, dims: Record<string, number>): number[] | null {
  const s = a.nodes.get(node);
  if (s === undefined) return null;
  if (s === null) return [];
  const r = a.store.concrete(s[0], dims);
  const c = a.store.concrete(s[1], dims);
  return r === null || c === null ? null : [r, c];
}
