/**
 * The scalar fast path: a formula made only of numbers, scalar symbols, arithmetic and the plain
 * built-in functions is compiled once into closures over numbers (no text is ever evaluated), so the
 * 64 trials the equivalence engine runs per scalar answer cost microseconds instead of a tensor walk.
 * The semantics are the evaluator's: a non-finite value anywhere, a log of a non-positive number or a
 * square root of a negative one is a "domain" failure. Anything else returns null and the general
 * evaluator takes over.
 */
import type { Expr } from "../expr/ast.js";
import type { Tensor } from "../tensor/tensor.js";
import { SCALAR_FUNCTIONS } from "./scalar-functions.js";

type Lookup = (name: string) => number;
type Compiled = (lookup: Lookup) => number;

interface Program {
  run: Compiled;
  names: string[];
}

/** Thrown inside a compiled formula; the caller turns it into an EvalResult. */
export class ScalarDomainError extends Error {}

const compiled = new WeakMap<Expr, Program | null>();
const MAX_DEPTH = 200;

function finite(x: number, what: string): number {
  if (!Number.isFinite(x)) throw new ScalarDomainError(`${what} is not a finite number here (overflow or undefined)`);
  return x;
}

/** The shared table, with log and sqrt failing as the evaluator does outside their domain. */
const UNARY: Record<string, (x: number) => number> = {
  ...SCALAR_FUNCTIONS,
  log: (x) => {
    if (x <= 0) throw new ScalarDomainError("log of a number that is not positive");
    return Math.log(x);
  },
  sqrt: (x) => {
    if (x < 0) throw new ScalarDomainError("square root of a negative number");
    return Math.sqrt(x);
  },
};

function build(e: Expr, depth: number, names: Set<string>): Compiled | null {
  if (depth > MAX_DEPTH) return null;
  const sub = (x: Expr): Compiled | null => build(x, depth + 1, names);
  const all = (xs: Expr[]): Compiled[] | null => {
    const out: Compiled[] = [];
    for (const x of xs) {
      const c = sub(x);
      if (!c) return null;
      out.push(c);
    }
    return out;
  };
  switch (e.kind) {
    case "num": {
      const v = e.value;
      return () => v;
    }
    case "const":
      if (e.name === "pi") return () => Math.PI;
      if (e.name === "e") return () => Math.E;
      return null;
    case "sym": {
      const name = e.name;
      names.add(name);
      return (lookup) => lookup(name);
    }
    case "neg": {
      const a = sub(e.arg);
      return a && ((l) => -a(l));
    }
    case "add": {
      const ts = all(e.terms);
      return ts && ((l) => finite(ts.reduce((s, t) => s + t(l), 0), "a sum"));
    }
    case "mul": {
      const fs = all(e.factors);
      return fs && ((l) => finite(fs.reduce((p, f) => p * f(l), 1), "a product"));
    }
    case "div": {
      const n = sub(e.num);
      const d = sub(e.den);
      return n && d && ((l) => finite(n(l) / d(l), "a quotient"));
    }
    case "pow": {
      const b = sub(e.base);
      const x = sub(e.exp);
      return b && x && ((l) => finite(Math.pow(b(l), x(l)), "a power"));
    }
    case "call": {
      if (e.order !== 0) return null;
      const args = all(e.args);
      if (!args) return null;
      const f = UNARY[e.fn];
      if (f && args.length === 1) {
        const [a] = args;
        return (l) => finite(f(a(l)), e.fn);
      }
      if ((e.fn === "max" || e.fn === "min") && args.length === 2) {
        const [a, b] = args;
        const pick = e.fn === "max" ? Math.max : Math.min;
        return (l) => pick(a(l), b(l));
      }
      return null;
    }
    default:
      return null;
  }
}

function compile(e: Expr): Program | null {
  let p = compiled.get(e);
  if (p === undefined) {
    const names = new Set<string>();
    const run = build(e, 0, names);
    p = run ? { run, names: [...names] } : null;
    compiled.set(e, p);
  }
  return p;
}

export type ScalarFastResult = { ok: true; value: number } | { ok: false; message: string } | null;

/**
 * The formula's value when the fast path applies (every symbol a scalar of `values` or a size of
 * `dims`), a domain failure, or null when the general evaluator must decide.
 */
export function evaluateScalarFast(e: Expr, values: Record<string, Tensor>, dims: Record<string, number>): ScalarFastResult {
  const p = compile(e);
  if (!p) return null;
  const scope: Record<string, number> = {};
  for (const name of p.names) {
    const t = values[name];
    if (t !== undefined) {
      if (t.shape.length !== 0) return null;
      scope[name] = t.data[0];
    } else if (dims[name] !== undefined) scope[name] = dims[name];
    else return null;
  }
  try {
    return { ok: true, value: finite(p.run((name) => scope[name]), "the formula") };
  } catch (err) {
    if (err instanceof ScalarDomainError) return { ok: false, message: err.message };
    throw err;
  }
}
