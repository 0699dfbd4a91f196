/**
 * Numeric fingerprints: a formula evaluated on a few fixed random instances of the question's
 * symbols. Two formulas with different fingerprints are different; equal fingerprints are only a
 * candidate match, confirmed by the equivalence engine. Used to test a wrong answer against dozens
 * of mutations cheaply, and as an independent second look before an answer is accepted.
 */
import type { Expr } from "../expr/ast.js";
import type { SymbolTable } from "../expr/types.js";
import { Rng } from "../tensor/rng.js";
import { scalar, tensor, type Tensor } from "../tensor/index.js";
import { sampleEnv, evaluate, type Env } from "../numeric/index.js";

export type Fingerprint = Array<Tensor | null>;

/**
 * Sizes at the ends of their declared ranges: a wrong answer that differs from the reference only at
 * d_x = 1 or W = 64 is rare among random draws, but not here. Sizes that shape a matrix stay small.
 */
function boundDims(table: SymbolTable, end: "lo" | "hi"): Record<string, number> {
  const shaping = new Set<string>();
  for (const d of table.symbols) {
    for (const dim of d.shape ?? []) if (typeof dim === "string") shaping.add(dim);
    if (typeof d.range === "string") shaping.add(d.range);
  }
  const dims: Record<string, number> = {};
  for (const d of table.symbols) {
    if (d.kind !== "dimension" || d.domain?.kind !== "integer") continue;
    const { lo, hi } = d.domain;
    dims[d.name] = end === "lo" ? Math.max(lo, shaping.has(d.name) ? 1 : lo) : shaping.has(d.name) ? Math.min(hi, 8) : Math.min(hi, 1 << 20);
  }
  return dims;
}

/** Instances for fingerprints: `count` random ones, then one with every declared size at each end of its range. */
export function fingerprintEnvs(table: SymbolTable, seed: number, count: number): Env[] {
  const root = new Rng(seed);
  const envs: Env[] = [];
  const attempts: Array<{ label: string; dims?: Record<string, number> }> = [
    ...Array.from({ length: count }, (_, k) => ({ label: `fingerprint-${k}` })),
    { label: "fingerprint-lo", dims: boundDims(table, "lo") },
    { label: "fingerprint-hi", dims: boundDims(table, "hi") },
  ];
  for (const a of attempts) {
    try {
      const env = sampleEnv(table, root.fork(a.label), { minDim: 2, maxDim: 5, ...(a.dims ? { dims: a.dims } : {}) });
      envs.push(a.label === "fingerprint-lo" ? atEnds(env, "lo") : a.label === "fingerprint-hi" ? atEnds(env, "hi") : env);
    } catch {
      // A table that cannot be sampled here gives no fingerprint; the equivalence engine decides alone.
    }
  }
  return envs;
}

/**
 * The instance pushed to the edges of the domain: interval scalars at their ends (α → 0.999 for
 * α ∈ [0, 1)), inputs sampled away from a kink brought right next to it on the "lo" side, and on
 * the "hi" side real inputs scaled ×5 so that one softmax input dominates.
 * Defined symbols are recomputed from the moved inputs; if that fails the instance is kept as drawn.
 */
/** How far the "hi" instance spreads real inputs: enough for a softmax output near 0.99–0.999 to be common, not so far that every Jacobian entry rounds to 0. */
const WIDE = 5;

function atEnds(env: Env, end: "lo" | "hi"): Env {
  const values = { ...env.values };
  for (const d of env.table.symbols) {
    const v = values[d.name];
    if (!v || d.definition) continue;
    const dom = d.domain;
    if (dom?.kind === "interval" && v.data.length === 1) {
      const span = dom.hi - dom.lo;
      const x = end === "lo" ? (dom.closedLo ? dom.lo : dom.lo + 1e-3 * span) : dom.closedHi ? dom.hi : dom.hi - 1e-3 * span;
      values[d.name] = scalar(x);
    } else if (end === "lo" && dom?.kind === "awayFromKink") {
      // Right next to the kink (never on it): a threshold moved a hair off 0 shows here.
      values[d.name] = tensor(Array.from(v.data, (x) => Math.sign(x) * (dom.margin + (Math.abs(x) - dom.margin) * 1e-4)), v.shape);
    } else if (end === "hi" && (dom === undefined || dom.kind === "real") && (d.kind === "vector" || d.kind === "matrix" || d.kind === "scalar")) {
      values[d.name] = v.mul(WIDE);
    }
  }
  const moved: Env = { ...env, values };
  try {
    for (const d of env.table.symbols) {
      const def = env.definitions[d.name];
      if (!def || def.params !== null) continue;
      const r = evaluate(def.body, moved);
      if (!r.ok) return env;
      values[d.name] = r.value;
    }
  } catch {
    return env;
  }
  return moved;
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
