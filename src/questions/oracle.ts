/**
 * Shared machinery for question oracles: draw an instance of a question's symbols, evaluate the
 * published reference on it with the numeric evaluator, and compare with what the independent
 * oracle (autodiff, brute force) computed on the same instance.
 */
import { Rng } from "../tensor/rng.js";
import type { Tensor } from "../tensor/index.js";
import { parse } from "../expr/index.js";
import type { SymbolTable } from "../expr/types.js";
import { sampleEnv, evaluate, type Env } from "../numeric/index.js";
import type { Verification } from "./types.js";

export type { Env };

/** An instance of a question's symbols, drawn from their domains. */
export function sampleInstance(symbols: SymbolTable, rng: Rng, opts?: { minDim?: number; maxDim?: number; dims?: Record<string, number> }): Env {
  return sampleEnv(symbols, rng, opts);
}

/** The tensor bound to a symbol in an instance; a missing symbol is a bug in the question module. */
export function tensorOf(env: Env, name: string): Tensor {
  const v = env.values[name];
  if (v === undefined) throw new Error(`oracle: the instance has no value for '${name}'`);
  return v;
}

/** The reference formula evaluated on an instance; a formula that does not evaluate is a bug, thrown. */
export function evalReference(symbols: SymbolTable, latex: string, env: Env): Tensor {
  const parsed = parse(latex, { symbols });
  if (!parsed.ok) throw new Error(`reference '${latex}' does not parse: ${parsed.error.message}`);
  const r = evaluate(parsed.value, env);
  if (!r.ok) throw new Error(`reference '${latex}' does not evaluate: ${r.message}`);
  return r.value;
}

/** A shape with a lone axis read as a column: an index formula with one free index is an n×1 vector. */
function asMatrixShape(shape: readonly number[]): string {
  return (shape.length === 1 ? [shape[0], 1] : shape).join("x");
}

/**
 * Largest entry-wise relative error |a − b| / max(1, |b|); Infinity when the shapes differ (a row
 * vector is not the column the question asks for).
 */
export function maxRelError(value: Tensor, truth: Tensor): number {
  if (asMatrixShape(value.shape) !== asMatrixShape(truth.shape)) return Infinity;
  let worst = 0;
  for (let k = 0; k < truth.data.length; k++) {
    const e = Math.abs(value.data[k] - truth.data[k]) / Math.max(1, Math.abs(truth.data[k]));
    if (Number.isNaN(e)) return Infinity;
    if (e > worst) worst = e;
  }
  return worst;
}

/**
 * Runs `trials` independent instances (each from its own fork of the seed) and compares the
 * reference value with the oracle's truth; ok when every error is within `tolerance`.
 */
export function runTrials(
  method: string,
  seed: number,
  trials: number,
  tolerance: number,
  trial: (rng: Rng, k: number) => { truth: Tensor; value: Tensor } | Array<{ truth: Tensor; value: Tensor }>,
  what: string,
): Verification {
  const root = new Rng(seed);
  let worst = 0;
  try {
    for (let k = 0; k < trials; k++) {
      const out = trial(root.fork(`trial-${k}`), k);
      for (const pair of Array.isArray(out) ? out : [out]) worst = Math.max(worst, maxRelError(pair.value, pair.truth));
    }
  } catch (e) {
    return { ok: false, method, trials, maxError: Infinity, seed, detail: `${what}: ${e instanceof Error ? e.message : String(e)}` };
  }
  const ok = worst <= tolerance;
  return {
    ok,
    method,
    trials,
    maxError: worst,
    seed,
    detail: `${what}; ${trials} random instances, largest relative error ${worst.toExponential(2)} (tolerance ${tolerance}).`,
  };
}

/** The tensor-engine function for a family member an elementwise symbol was instantiated with. */
const ELEMENTWISE: Record<string, (t: Tensor) => Tensor> = {
  tanh: (t) => t.tanh(),
  sigmoid: (t) => t.sigmoid(),
  softplus: (t) => t.softplus(),
  sin: (t) => t.sin(),
  exp: (t) => t.exp(),
  relu: (t) => t.relu(),
};

/**
 * The elementwise function an instance chose for symbol `name` (h → tanh, ...), as tensor-engine
 * operations so the autodiff engine differentiates it independently of the evaluator's h'.
 */
export function elementwiseOf(env: Env, name: string): (t: Tensor) => Tensor {
  const member = env.functions[name];
  const fn = member === undefined ? undefined : ELEMENTWISE[member];
  if (fn === undefined) throw new Error(`oracle: the instance has no known function for '${name}' (${String(member)})`);
  return fn;
}

/** The same instance with one symbol's value replaced (symbols defined from it are not recomputed). */
export function withValue(env: Env, name: string, value: Tensor): Env {
  return { ...env, values: { ...env.values, [name]: value } };
}
