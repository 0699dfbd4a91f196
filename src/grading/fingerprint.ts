/**
 * Numeric fingerprints: a formula evaluated on a few fixed random instances of the question's
 * symbols. Two formulas with different fingerprints are different; equal fingerprints are only a
 * candidate match, confirmed by the equivalence engine. Used to test a wrong answer against dozens
 * of mutations cheaply, and as an independent second look before an answer is accepted.
 */
import type { Expr } from "../expr/ast.js";
import type { SymbolTable } from "../expr/types.js";
import { Rng } from "../tensor/rng.js";
import type { Tensor } from "../tensor/index.js";
import { sampleEnv, evaluate, type Env } from "../numeric/index.js";

export type Fingerprint = Array<Tensor | null>;

export function fingerprintEnvs(table: SymbolTable, seed: number, count: number): Env[] {
  const root = new Rng(seed);
  const envs: Env[] = [];
  for (let k = 0; k < count; k++) {
    try {
      envs.push(sampleEnv(table, root.fork(`fingerprint-${k}`), { minDim: 2, maxDim: 5 }));
    } catch {
      // A table that cannot be sampled gives no fingerprint; the equivalence engine decides alone.
    }
  }
  return envs;
}

/** Fingerprints of fixed formulas (references, mutations, known mistakes) are computed once per env list. */
const memo = new WeakMap<Env[], WeakMap<Expr, Fingerprint>>();

/** The fingerprint of a formula the grader owns (kept for the life of the process). */
export function fixedFingerprint(e: Expr, envs: Env[]): Fingerprint {
  let byExpr = memo.get(envs);
  if (!byExpr) {
    byExpr = new WeakMap();
    memo.set(envs, byExpr);
  }
  let fp = byExpr.get(e);
  if (!fp) {
    fp = fingerprint(e, envs);
    byExpr.set(e, fp);
  }
  return fp;
}

export function fingerprint(e: Expr, envs: Env[]): Fingerprint {
  return envs.map((env) => {
    try {
      const r = evaluate(e, env);
      return r.ok ? r.value : null;
    } catch {
      return null;
    }
  });
}

const TOLERANCE = 1e-7;

/** The shape without its size-1 axes: index form `o_i` ([n]) and vector form `o` ([n, 1]) agree. */
function squeezed(shape: readonly number[]): string {
  return shape.filter((d) => d !== 1).join("x");
}

/**
 * "same": every instance both evaluate on agrees (and at least one does); "different": some instance
 * disagrees in shape or value; "unknown": no instance evaluates on both.
 */
export function compareFingerprints(a: Fingerprint, b: Fingerprint): "same" | "different" | "unknown" {
  let compared = 0;
  for (let k = 0; k < Math.min(a.length, b.length); k++) {
    const x = a[k];
    const y = b[k];
    if (x === null || y === null) continue;
    if (squeezed(x.shape) !== squeezed(y.shape)) return "different";
    for (let i = 0; i < x.data.length; i++) {
      const u = x.data[i];
      const v = y.data[i];
      if (!Number.isFinite(u) || !Number.isFinite(v)) {
        if (u !== v && !(Number.isNaN(u) && Number.isNaN(v))) return "different";
        continue;
      }
      if (Math.abs(u - v) > TOLERANCE * Math.max(1, Math.abs(u), Math.abs(v))) return "different";
    }
    compared++;
  }
  return compared > 0 ? "same" : "unknown";
}

/**
 * The largest relative difference between two fingerprints over the instances both evaluate on,
 * with how many those were (evidence for a verdict the fingerprints alone decided); null when the
 * shapes differ or nothing could be compared.
 */
export function fingerprintDifference(a: Fingerprint, b: Fingerprint): { trials: number; maxRelError: number } | null {
  let trials = 0;
  let worst = 0;
  for (let k = 0; k < Math.min(a.length, b.length); k++) {
    const x = a[k];
    const y = b[k];
    if (x === null || y === null) continue;
    if (squeezed(x.shape) !== squeezed(y.shape)) return null;
    for (let i = 0; i < x.data.length; i++) {
      const e = Math.abs(x.data[i] - y.data[i]) / Math.max(1, Math.abs(y.data[i]));
      if (Number.isFinite(e) && e > worst) worst = e;
    }
    trials++;
  }
  return trials > 0 ? { trials, maxRelError: worst } : null;
}
