/**
 * The numeric judge: seeded random instances of the symbol table, both formulas evaluated on each,
 * compared with `compareValues`. Sizes are re-drawn every trial; the first trials are fixed corners
 * (every size 1, then all sizes distinct so nothing is square), and scalar inputs get adversarial
 * values (0, 1, -1, large) in a few trials. The first clear counterexample ends the loop.
 */
import type { Expr } from "../expr/ast.js";
import type { SymbolTable } from "../expr/types.js";
import { evaluate, sampleEnv, type Env } from "../numeric/index.js";
import { scalar } from "../tensor/create.js";
import { Rng } from "../tensor/rng.js";
import type { Tensor } from "../tensor/tensor.js";
import { compareValues } from "./tolerance.js";
import type { Value } from "./types.js";

export interface TrialPlan {
  table: SymbolTable;
  seed: number;
  trials: number;
  maxDim: number;
  deadline: number;
  /** Names mentioned by the two formulas (the counterexample lists their values). */
  mentioned: string[];
}

export type TrialOutcome =
  | { kind: "done"; valid: number; skipped: number; maxRelError: number }
  | { kind: "different"; valid: number; skipped: number; maxRelError: number; counterexample: { at: Record<string, Value>; left: Value; right: Value }; why: string }
  | { kind: "error"; message: string; valid: number }
  | { kind: "timeout"; valid: number; skipped: number; maxRelError: number };

function dimNames(table: SymbolTable): string[] {
  const out = new Set<string>();
  for (const s of table.symbols) {
    if (s.shape?.length === 2) for (const d of s.shape) if (typeof d === "string") out.add(d);
    if (typeof s.range === "string") out.add(s.range);
  }
  for (const s of table.symbols) if (s.kind === "dimension") out.delete(s.name);
  return [...out].sort();
}

/** Fixed sizes for the corner trials; undefined lets sampleEnv draw them. */
function cornerDims(trial: number, names: string[], maxDim: number): Record<string, number> | undefined {
  if (trial === 0) return Object.fromEntries(names.map((n) => [n, 1]));
  if (trial === 1) return Object.fromEntries(names.map((n, i) => [n, 2 + (i % Math.max(1, maxDim - 1))]));
  return undefined;
}

const ADVERSARIAL = [0, 1, -1, 1e3, -0.5, 1e-3];

function adversarialScalars(env: Env, table: SymbolTable, trial: number): void {
  if (trial < 2 || trial >= 2 + ADVERSARIAL.length) return;
  if (table.symbols.some((s) => s.definition)) return; // defined values would go stale
  const v = ADVERSARIAL[trial - 2];
  for (const s of table.symbols) {
    if (s.kind !== "scalar" || (s.shape && s.shape.length === 2)) continue;
    const d = s.domain ?? { kind: "real" };
    if (d.kind === "real") env.values[s.name] = scalar(v);
    else if ((d.kind === "positive" && v > 0) || (d.kind === "nonnegative" && v >= 0)) env.values[s.name] = scalar(v);
  }
}

export function toValue(t: Tensor): Value {
  if (t.shape.length === 0 || t.data.length === 1) return t.data[0];
  if (t.shape.length === 2) return t.toArray() as number[][];
  return Array.from(t.data) as unknown as number[][];
}

export function runTrials(a: Expr, b: Expr, plan: TrialPlan): TrialOutcome {
  const rng = new Rng(plan.seed);
  const dims = dimNames(plan.table);
  let valid = 0;
  let skipped = 0;
  let maxRelError = 0;
  for (let t = 0; t < plan.trials; t++) {
    if (t > 0 && performance.now() > plan.deadline) return { kind: "timeout", valid, skipped, maxRelError };
    const env = sampleEnv(plan.table, rng.fork(`trial-${t}`), { minDim: 1, maxDim: plan.maxDim, dims: cornerDims(t, dims, plan.maxDim) });
    adversarialScalars(env, plan.table, t);
    const ra = evaluate(a, env);
    const rb = evaluate(b, env);
    if (!ra.ok || !rb.ok) {
      const bad = !ra.ok ? ra : rb.ok ? null : rb;
      if (bad && (bad.code === "domain" || bad.code === "no-convergence")) {
        skipped++;
        continue;
      }
      return { kind: "error", message: bad ? `${!ra.ok ? "the first" : "the second"} formula could not be evaluated: ${bad.message}` : "evaluation failed", valid };
    }
    const va = ra.value;
    const vb = rb.value;
    if (ra.freeIndices.join(",") !== rb.freeIndices.join(",")) {
      return { kind: "error", message: `the free indices differ: ${list(ra.freeIndices)} against ${list(rb.freeIndices)}`, valid };
    }
    const finiteA = va.data.every(Number.isFinite);
    const finiteB = vb.data.every(Number.isFinite);
    if (!finiteA && !finiteB) {
      skipped++;
      continue;
    }
    const sameSize = va.data.length === vb.data.length;
    const cmp = sameSize ? compareValues(va, vb) : { equal: false, relError: Infinity };
    valid++;
    if (!cmp.equal) {
      const at: Record<string, Value> = {};
      for (const name of plan.mentioned) {
        const v = env.values[name];
        if (v) at[name] = toValue(v);
      }
      for (const [d, n] of Object.entries(env.dims)) if (!(d in at) && !d.includes("(")) at[d] = n;
      const why = sameSize
        ? `largest relative difference ${cmp.relError.toPrecision(3)}`
        : `the values have ${va.data.length} and ${vb.data.length} entries`;
      return { kind: "different", valid, skipped, maxRelError: cmp.relError, counterexample: { at, left: toValue(va), right: toValue(vb) }, why };
    }
    if (cmp.relError > maxRelError) maxRelError = cmp.relError;
  }
  return { kind: "done", valid, skipped, maxRelError };
}

const list = (xs: string[]): string => (xs.length === 0 ? "none" : xs.join(", "));
