/**
 * The little shape knowledge the symbolic rules need: is a node a scalar (so it commutes, is its own
 * transpose, and broadcasts), and what are its sizes where the symbol table says. A full inference
 * with unification lives in `expr/shapes.ts`; this one never fails, it answers "unknown" instead,
 * and treats a 1×1 product such as `s^\top g` as the scalar it is in textbook notation.
 */
import type { Expr } from "../expr/ast.js";
import type { Dim, SymbolTable } from "../expr/types.js";

export type LShape = { scalar: true } | { scalar: false; r: Dim | null; c: Dim | null };

const SCALAR: LShape = { scalar: true };
const matrix = (r: Dim | null, c: Dim | null): LShape =>
  r === 1 && c === 1 ? SCALAR : { scalar: false, r, c };

/** Built-ins that map scalars to scalars and matrices entry by entry. */
export const ELEMENTWISE_BUILTINS = new Set([
  "exp", "log", "sqrt", "abs", "sigma", "tanh", "softplus", "relu", "lrelu", "prelu", "max", "min",
  "floor", "ceil", "sign", "H", "sin", "cos",
]);
const SCALAR_VALUED = new Set(["trace", "norm", "det"]);

export class ShapeContext {
  private readonly known = new Map<string, LShape>();
  private readonly fnKinds = new Map<string, string>();
  private cache = new WeakMap<Expr, LShape>();

  /** With `undeclaredScalar`, names the table does not declare are scalars (the CAS bridge's world). */
  constructor(table?: SymbolTable, private readonly undeclaredScalar = false) {
    for (const d of table?.symbols ?? []) {
      this.fnKinds.set(d.name, d.kind);
      if (d.kind === "scalar" || d.kind === "dimension" || d.kind === "index") this.known.set(d.name, SCALAR);
      else if (d.shape) this.known.set(d.name, d.shape.length === 0 ? SCALAR : matrix(d.shape[0], d.shape[1]));
      else if (d.kind === "vector") this.known.set(d.name, matrix(null, 1));
      else if (d.kind === "matrix") this.known.set(d.name, matrix(null, null));
    }
  }

  /** Record the shape of an intermediate name (`H` in `H = h(XW^\top)`). */
  define(name: string, shape: LShape): void {
    this.known.set(name, shape);
    this.cache = new WeakMap();
  }

  declared(name: string): boolean {
    return this.known.has(name) || this.fnKinds.has(name);
  }

  symbolKind(name: string): string | undefined {
    return this.fnKinds.get(name);
  }

  isScalar(e: Expr): boolean {
    return this.shapeOf(e).scalar;
  }

  /**
   * "square" when both sizes are the same known size (then `X^{-1}` is the inverse and `X^2` is
   * `X X`), "entries" when they are known to differ or it is a vector, "unknown" otherwise.
   */
  squareness(e: Expr): "square" | "entries" | "unknown" {
    const s = this.shapeOf(e);
    if (s.scalar || s.r === 1 || s.c === 1) return "entries";
    if (s.r === null || s.c === null) return "unknown";
    if (s.r === s.c) return "square";
    // Sizes no declaration fixes ("?3" by "?4") may yet be equal: the power's reading is not known.
    const flexible = (d: Dim): boolean => typeof d === "string" && d.startsWith("?");
    return flexible(s.r) || flexible(s.c) ? "unknown" : "entries";
  }

  shapeOf(e: Expr): LShape {
    let s = this.cache.get(e);
    if (!s) {
      s = this.compute(e);
      this.cache.set(e, s);
    }
    return s;
  }

  private compute(e: Expr): LShape {
    switch (e.kind) {
      case "num":
      case "index":
      case "delta":
      case "rel":
      case "limit":
      case "deriv":
      case "integral":
      case "expect":
        return SCALAR;
      case "const":
        if (e.name === "ones") return matrix(null, 1);
        if (e.name === "I") return matrix(null, null);
        return SCALAR;
      case "sym":
        return this.known.get(e.name) ?? (this.undeclaredScalar ? SCALAR : matrix(null, null));
      case "neg":
        return this.shapeOf(e.arg);
      case "transpose": {
        const s = this.shapeOf(e.arg);
        return s.scalar ? s : matrix(s.c, s.r);
      }
      case "add":
      case "hadamard":
        return merge(e.kind === "add" ? e.terms.map((t) => this.shapeOf(t)) : e.factors.map((t) => this.shapeOf(t)));
      case "mul": {
        let acc: LShape = SCALAR;
        for (const f of e.factors) {
          const s = this.shapeOf(f);
          if (s.scalar) continue;
          acc = acc.scalar ? s : matrix(acc.r, s.c);
        }
        return acc;
      }
      case "div": {
        const n = this.shapeOf(e.num);
        return n.scalar ? this.shapeOf(e.den) : n;
      }
      case "pow":
        return this.shapeOf(e.base);
      case "call":
        return this.callShape(e.fn, e.args);
      case "indicator":
        return e.cond.kind === "rel" ? merge(e.cond.operands.map((o) => this.shapeOf(o))) : this.shapeOf(e.cond);
      case "cases":
        return merge(e.branches.map((b) => this.shapeOf(b.value)));
      case "bigop":
        return this.shapeOf(e.body);
      case "tuple":
      case "matrix":
        return matrix(null, null);
    }
  }

  private callShape(fn: string, args: Expr[]): LShape {
    if (SCALAR_VALUED.has(fn)) return SCALAR;
    if (fn === "mean" || fn === "var") {
      // A vector's mean is a number; a matrix's one per column, a row.
      const a = args[0] ? this.shapeOf(args[0]) : SCALAR;
      return a.scalar || a.c === 1 || a.r === 1 ? SCALAR : matrix(1, a.c);
    }
    const inner = args[0];
    if (fn === "log" && inner?.kind === "call" && inner.fn === "abs" && inner.args[0] && this.squareness(inner.args[0]) === "square") return SCALAR;
    if (fn === "diag") {
      const a = args[0] ? this.shapeOf(args[0]) : SCALAR;
      if (a.scalar) return SCALAR;
      return a.c === 1 ? matrix(a.r, a.r) : matrix(a.r, 1);
    }
    if (this.fnKinds.get(fn) === "function") return SCALAR;
    return merge(args.map((a) => this.shapeOf(a)));
  }
}

function merge(shapes: LShape[]): LShape {
  let out: LShape = SCALAR;
  for (const s of shapes) {
    if (s.scalar) continue;
    if (out.scalar) out = s;
    else out = { scalar: false, r: out.r ?? s.r, c: out.c ?? s.c };
  }
  return out;
}
