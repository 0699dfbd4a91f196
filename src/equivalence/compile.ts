/**
 * The lean path of the numeric judge: a formula compiled once into closures over Float64Arrays, for
 * the matrix algebra the block-gradient answers use (products, sums, Hadamard products, transposes,
 * elementwise functions and their derivatives, indicators, max/min). Anything else returns null and
 * the caller uses the general evaluator. Elementwise functions come from the numeric layer's own
 * families, so both paths compute the same functions.
 */
import type { Expr } from "../expr/ast.js";
import type { SymbolTable } from "../expr/types.js";
import { analyzeShapes, concreteShape, isSquareMatrix, logAbsDetArg, type ShapeAnalysis } from "../expr/shapes.js";
import { BUILTIN_MEMBER, FAMILIES } from "../numeric/families.js";
import { Tensor } from "../tensor/tensor.js";
import { symbolsIn } from "../symbolic/walk.js";

/** A value: row-major entries and size; a 1×1 value is also the scalar it holds. */
export interface Val {
  d: Float64Array;
  r: number;
  c: number;
}

export interface Instance {
  dims: Record<string, number>;
  values: Record<string, Val>;
  /** family member chosen for each elementwise symbol */
  functions: Record<string, string>;
}

export type Compiled = (inst: Instance) => Val;

export class NotCompilable extends Error {}

const isScalar = (v: Val): boolean => v.r === 1 && v.c === 1;

function zip(a: Val, b: Val, f: (x: number, y: number) => number, what: string): Val {
  if (isScalar(b) && !isScalar(a)) {
    const y = b.d[0];
    const out = new Float64Array(a.d.length);
    for (let i = 0; i < out.length; i++) out[i] = f(a.d[i], y);
    return { d: out, r: a.r, c: a.c };
  }
  if (isScalar(a) && !isScalar(b)) {
    const x = a.d[0];
    const out = new Float64Array(b.d.length);
    for (let i = 0; i < out.length; i++) out[i] = f(x, b.d[i]);
    return { d: out, r: b.r, c: b.c };
  }
  if (a.r !== b.r || a.c !== b.c) throw new RangeError(`${what}: ${a.r}×${a.c} and ${b.r}×${b.c}`);
  const out = new Float64Array(a.d.length);
  for (let i = 0; i < out.length; i++) out[i] = f(a.d[i], b.d[i]);
  return { d: out, r: a.r, c: a.c };
}

function matmul(a: Val, b: Val): Val {
  if (isScalar(a) || isScalar(b)) return zip(a, b, (x, y) => x * y, "scale");
  if (a.c !== b.r) throw new RangeError(`product: ${a.r}×${a.c} times ${b.r}×${b.c}`);
  const out = new Float64Array(a.r * b.c);
  for (let i = 0; i < a.r; i++) {
    for (let k = 0; k < a.c; k++) {
      const x = a.d[i * a.c + k];
      if (x === 0) continue;
      const row = k * b.c;
      const o = i * b.c;
      for (let j = 0; j < b.c; j++) out[o + j] += x * b.d[row + j];
    }
  }
  return { d: out, r: a.r, c: b.c };
}

function transpose(a: Val): Val {
  if (a.r === 1 || a.c === 1) return { d: a.d, r: a.c, c: a.r };
  const out = new Float64Array(a.d.length);
  for (let i = 0; i < a.r; i++) for (let j = 0; j < a.c; j++) out[j * a.r + i] = a.d[i * a.c + j];
  return { d: out, r: a.c, c: a.r };
}

function map(a: Val, f: (x: number) => number): Val {
  const out = new Float64Array(a.d.length);
  for (let i = 0; i < out.length; i++) out[i] = f(a.d[i]);
  return { d: out, r: a.r, c: a.c };
}

function family(member: string, a: Val, order: number): Val {
  const t = FAMILIES[member].apply(new Tensor(a.d, [a.r, a.c]), order);
  return { d: t.data, r: a.r, c: a.c };
}

const COMPARE: Record<string, (x: number, y: number) => number> = {
  ">": (x, y) => (x > y ? 1 : 0),
  "<": (x, y) => (x < y ? 1 : 0),
  ">=": (x, y) => (x >= y ? 1 : 0),
  "<=": (x, y) => (x <= y ? 1 : 0),
  "=": (x, y) => (x === y ? 1 : 0),
  "!=": (x, y) => (x !== y ? 1 : 0),
};

export interface Program {
  left: Compiled;
  right: Compiled;
}

/**
 * Compiles both sides against a table whose every value symbol has a declared shape; null when a
 * node is outside the lean subset or a size cannot be read from the shapes.
 */
export function compilePair(a: Expr, b: Expr, table: SymbolTable): Program | null {
  // A defined symbol (S = softmax(x)) must be computed from its inputs: the general evaluator's job.
  const used = symbolsIn(b, symbolsIn(a));
  if (table.symbols.some((s) => s.definition && used.has(s.name))) return null;
  const both: Expr = { kind: "add", terms: [a, { kind: "neg", arg: b }] };
  const analysis = analyzeShapes(both, table);
  if (!analysis.ok) return null;
  const kinds = new Map(table.symbols.map((s) => [s.name, s]));
  try {
    return { left: compile(a, analysis, kinds), right: compile(b, analysis, kinds) };
  } catch (err) {
    if (err instanceof NotCompilable) return null;
    throw err;
  }
}

type Decls = Map<string, { kind: string }>;

function compile(e: Expr, an: ShapeAnalysis, decls: Decls): Compiled {
  const c = (x: Expr): Compiled => compile(x, an, decls);
  switch (e.kind) {
    case "num": {
      const v: Val = { d: Float64Array.of(e.value), r: 1, c: 1 };
      return () => v;
    }
    case "sym": {
      const k = decls.get(e.name)?.kind;
      if (k !== "scalar" && k !== "vector" && k !== "matrix") throw new NotCompilable(e.name);
      const name = e.name;
      return (inst) => inst.values[name];
    }
    case "const": {
      if (e.name === "e" || e.name === "pi") {
        const v: Val = { d: Float64Array.of(e.name === "e" ? Math.E : Math.PI), r: 1, c: 1 };
        return () => v;
      }
      if (e.name !== "ones" && e.name !== "I") throw new NotCompilable(e.name);
      const node = e;
      const identity = e.name === "I";
      return (inst) => {
        const s = concreteShape(an, node, inst.dims);
        if (!s || s.length !== 2) throw new NotCompilable("size of a constant");
        const out = new Float64Array(s[0] * s[1]);
        if (identity) for (let i = 0; i < Math.min(s[0], s[1]); i++) out[i * s[1] + i] = 1;
        else out.fill(1);
        return { d: out, r: s[0], c: s[1] };
      };
    }
    case "neg": {
      const f = c(e.arg);
      return (inst) => map(f(inst), (x) => -x);
    }
    case "transpose": {
      const f = c(e.arg);
      return (inst) => transpose(f(inst));
    }
    case "add":
    case "hadamard": {
      const fs = (e.kind === "add" ? e.terms : e.factors).map(c);
      const op = e.kind === "add" ? (x: number, y: number) => x + y : (x: number, y: number) => x * y;
      return (inst) => fs.slice(1).reduce((acc, f) => zip(acc, f(inst), op, e.kind), fs[0](inst));
    }
    case "mul": {
      const fs = e.factors.map(c);
      return (inst) => fs.slice(1).reduce((acc, f) => matmul(acc, f(inst)), fs[0](inst));
    }
    case "div": {
      const n = c(e.num);
      const d = c(e.den);
      return (inst) => zip(n(inst), d(inst), (x, y) => x / y, "division");
    }
    case "pow": {
      // A power of a square matrix is a matrix power (the general evaluator's job).
      if (isSquareMatrix(an, e.base)) throw new NotCompilable("matrix power");
      const b = c(e.base);
      const x = c(e.exp);
      return (inst) => {
        const ex = x(inst);
        if (!isScalar(ex)) throw new NotCompilable("matrix exponent");
        const p = ex.d[0];
        return map(b(inst), (v) => Math.pow(v, p));
      };
    }
    case "indicator": {
      const cond = e.cond;
      if (cond.kind !== "rel" || cond.ops.length !== 1) throw new NotCompilable("indicator");
      const cmp = COMPARE[cond.ops[0]];
      const [l, r] = cond.operands.map(c);
      return (inst) => zip(l(inst), r(inst), cmp, "comparison");
    }
    case "call":
      if (logAbsDetArg(an, e)) throw new NotCompilable("log|det|");
      return compileCall(e, c, decls);
    default:
      throw new NotCompilable(e.kind);
  }
}

function compileCall(e: Extract<Expr, { kind: "call" }>, c: (x: Expr) => Compiled, decls: Decls): Compiled {
  const args = e.args.map(c);
  if ((e.fn === "max" || e.fn === "min") && args.length === 2 && e.order === 0) {
    const f = e.fn === "max" ? Math.max : Math.min;
    return (inst) => zip(args[0](inst), args[1](inst), f, e.fn);
  }
  if (args.length !== 1) throw new NotCompilable(e.fn);
  const [arg] = args;
  const order = e.order;
  const builtin = BUILTIN_MEMBER[e.fn];
  if (builtin && FAMILIES[builtin]) return (inst) => family(builtin, arg(inst), order);
  if (decls.get(e.fn)?.kind === "elementwise") {
    const fn = e.fn;
    return (inst) => family(inst.functions[fn], arg(inst), order);
  }
  throw new NotCompilable(e.fn);
}

export const toTensor = (v: Val): Tensor => new Tensor(v.d, [v.r, v.c]);
