/**
 * `sampleEnv`: one random instance of a symbol table. Sizes are drawn independently (so 1 and
 * non-square shapes come up), values from each symbol's domain, function symbols from their family,
 * defined symbols computed from their inputs.
 */
import type { Dim, SymbolDecl, SymbolTable } from "../expr/types.js";
import { dimParts, dimValue } from "../expr/shape-dims.js";
import type { Rng } from "../tensor/rng.js";
import type { Tensor } from "../tensor/tensor.js";
import { drawTensor } from "./domains.js";
import { DEFAULT_FAMILY, FAMILIES } from "./families.js";
import { SymbolTableError, tableConstraints, tableDefinitions } from "./definitions.js";
import type { Env, EvalLimits } from "./env.js";
import { evaluate } from "./evaluate.js";

export interface SampleOptions {
  /** Smallest and largest size of a symbolic dimension (default 1..6). */
  minDim?: number;
  maxDim?: number;
  /** Fixed sizes for some dimensions. */
  dims?: Record<string, number>;
  limits?: Partial<EvalLimits>;
}

/** Tries before giving up on definitions that are undefined at the drawn inputs (log of a negative...). */
const ATTEMPTS = 20;

function dimNames(table: SymbolTable): string[] {
  const out: string[] = [];
  const add = (d: Dim | undefined): void => {
    // A block width such as "M+1" is drawn through its parts.
    if (d !== undefined) for (const part of dimParts(d)) if (!out.includes(part)) out.push(part);
  };
  for (const s of table.symbols) {
    if (s.kind === "dimension") add(s.name);
    if (s.shape?.length === 2) s.shape.forEach(add);
    add(s.range);
  }
  return out;
}

function drawDims(table: SymbolTable, rng: Rng, opts: SampleOptions): Record<string, number> {
  const lo = opts.minDim ?? 1;
  const hi = Math.max(lo, opts.maxDim ?? 6);
  const dims: Record<string, number> = {};
  for (const name of dimNames(table)) {
    const fixed = opts.dims?.[name];
    if (fixed !== undefined) {
      dims[name] = fixed;
      continue;
    }
    const decl = table.symbols.find((s) => s.name === name);
    const dom = decl?.domain;
    dims[name] = dom?.kind === "integer" ? rng.int(Math.max(Math.ceil(dom.lo), 0), Math.floor(dom.hi)) : rng.int(lo, hi);
  }
  return dims;
}

function concrete(d: Dim, dims: Record<string, number>): number {
  const v = dimValue(d, dims);
  if (v === null) throw new SymbolTableError(`no size for the dimension ${d}`);
  return v;
}

function valueShape(s: SymbolDecl, dims: Record<string, number>, rng: Rng): number[] {
  if (s.shape?.length === 2) return [concrete(s.shape[0], dims), concrete(s.shape[1], dims)];
  if (s.kind === "vector") return [rng.int(1, 6), 1];
  if (s.kind === "matrix") return [rng.int(1, 6), rng.int(1, 6)];
  return [];
}

function drawOnce(table: SymbolTable, rng: Rng, opts: SampleOptions): Env | string {
  const { defs, order } = tableDefinitions(table);
  const dims = drawDims(table, rng.fork("dims"), opts);
  const values: Record<string, Tensor> = {};
  const functions: Record<string, string> = {};
  for (const s of table.symbols) {
    const r = rng.fork(s.name);
    if (defs[s.name]) continue;
    if (s.kind === "elementwise" || s.kind === "function") {
      const family = s.family && s.family.length > 0 ? s.family : DEFAULT_FAMILY;
      const unknown = family.filter((m) => !FAMILIES[m]);
      if (unknown.length > 0) throw new SymbolTableError(`${s.name}: unknown function${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} in its family`);
      functions[s.name] = r.pick(family);
    } else if (s.kind === "scalar" || s.kind === "vector" || s.kind === "matrix") {
      values[s.name] = drawTensor(s.domain ?? { kind: "real" }, valueShape(s, dims, r), r);
    }
  }
  const env: Env = { table, dims, values, functions, definitions: defs, seed: rng.fork("seed").nextU32(), limits: opts.limits };
  for (const name of order) {
    const v = evaluate(defs[name].body, env);
    if (!v.ok) {
      if (v.code === "domain") return `${name}: ${v.message}`;
      throw new SymbolTableError(`the definition of ${name} does not evaluate: ${v.message}`);
    }
    const decl = table.symbols.find((s) => s.name === name);
    if (decl?.shape?.length === 2) {
      const want = valueShape(decl, dims, rng);
      if (v.value.shape.join() !== want.join() && !(v.value.data.length === 1 && want[0] * want[1] === 1)) {
        throw new SymbolTableError(`${name} is declared ${want.join("×")} but its definition gives ${v.value.shape.join("×") || "a scalar"}`);
      }
    }
    env.values[name] = v.value;
  }
  for (const c of tableConstraints(table)) {
    const v = evaluate(c.expr, env);
    if (!v.ok) {
      if (v.code === "domain") return `${c.text}: ${v.message}`;
      throw new SymbolTableError(`the constraint '${c.text}' does not evaluate: ${v.message}`);
    }
    if (v.value.data.some((x) => x === 0)) return `${c.text} does not hold`;
  }
  return env;
}

/**
 * A random instance of `table`. Throws `SymbolTableError` for a table that cannot be instantiated
 * (a circular or unparsable definition, an unknown family member): those are bugs in a question,
 * not in an answer.
 */
export function sampleEnv(table: SymbolTable, rng: Rng, opts: SampleOptions = {}): Env {
  let last = "";
  for (let k = 0; k < ATTEMPTS; k++) {
    const r = drawOnce(table, rng.fork(`attempt-${k}`), opts);
    if (typeof r !== "string") return r;
    last = r;
  }
  throw new SymbolTableError(`could not draw an instance where every definition is defined (${last})`);
}
