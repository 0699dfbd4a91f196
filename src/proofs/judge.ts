/**
 * Decides whether two expressions of a proof are equal on random instances of the proof's symbol
 * table. Most steps go to the equivalence engine (shapes first, then seeded trials; derivative
 * operators are computed by autodiff inside the numeric evaluator). Steps with a limit or an
 * integral are compared here, with the looser tolerance their numeric evaluation warrants
 * (extrapolation and quadrature settle to about 1e-6).
 *
 * Expectations are Monte Carlo estimates, so equality is a statistical statement. Both sides are
 * evaluated on R independent replications (each its own Monte Carlo stream; within a replication
 * both sides share it, so an expectation that appears on both sides cancels); the step passes when
 * the mean difference is within Z standard errors of zero (batch means). The standard error is
 * itself estimated from the 16 replications, so the statistic is Student t with 15 degrees of
 * freedom, not normal: Z = 4 would fail a true step about once in 900 entries (seen across seeds).
 * Z = 6.5 makes that about 1e-5 per entry; the report states the bound.
 */
import type { Expr } from "../expr/ast.js";
import { children } from "../expr/index.js";
import type { SymbolTable } from "../expr/types.js";
import { evaluate, sampleEnv, type Env } from "../numeric/index.js";
import { equiv } from "../equivalence/index.js";
import { Rng } from "../tensor/rng.js";
import type { Tensor } from "../tensor/index.js";
import type { Counterexample, CounterexampleValue } from "./result.js";

export const EXACT_TOLERANCE = 1e-7;
/** Limits and integrals are extrapolated and integrated to about 1e-6 by the numeric layer. */
export const APPROX_TOLERANCE = 1e-5;
export const MC_Z = 6.5;
export const MC_REPLICATIONS = 16;
export const MC_SAMPLES_PER_REPLICATION = 1000;
/** Generous: a proof is checked once per build, and a timeout would fail a true step. */
const EQUIV_BUDGET_MS = 20000;

export interface Judgement {
  /** Set when the equivalence engine gave no verdict (then the evaluator judges the step). */
  undecided?: string;
  ok: boolean;
  method: string;
  message: string;
  maxError: number;
  counterexample?: Counterexample;
}

export interface JudgeOptions {
  table: SymbolTable;
  seed: number;
  /** Random instances (sizes and values) to compare on. */
  trials?: number;
  label: string;
}

/** Every node kind and symbol name in `e`. */
export function scan(e: Expr, kinds = new Set<string>(), names = new Set<string>()): { kinds: Set<string>; names: Set<string> } {
  kinds.add(e.kind);
  if (e.kind === "sym") names.add(e.name);
  for (const c of children(e)) scan(c, kinds, names);
  return { kinds, names };
}

function toPlain(t: Tensor): CounterexampleValue {
  return plain(t.data, t.shape);
}

function plain(data: ArrayLike<number>, shape: readonly number[]): CounterexampleValue {
  const d = Array.from(data);
  if (d.length === 1) return d[0];
  if (shape.length === 2) {
    const [r, c] = shape;
    return Array.from({ length: r }, (_, i) => d.slice(i * c, (i + 1) * c));
  }
  return d;
}

function sameSize(a: Tensor, b: Tensor): boolean {
  if (a.data.length !== b.data.length) return false;
  const sq = (s: readonly number[]) => s.filter((n) => n !== 1);
  const sa = sq(a.shape);
  const sb = sq(b.shape);
  return sa.length === sb.length && sa.every((n, k) => n === sb[k]);
}

function describeShape(t: Tensor, free: string[]): string {
  const dims = t.shape.length ? t.shape.join("×") : "scalar";
  return free.length ? `${dims} over free indices ${free.join(", ")}` : dims;
}

function relError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let k = 0; k < a.length; k++) {
    const e = Math.abs(a[k] - b[k]) / Math.max(1, Math.abs(a[k]), Math.abs(b[k]));
    if (Number.isNaN(e)) return Infinity;
    worst = Math.max(worst, e);
  }
  return worst;
}

function pointOf(env: Env, names: Set<string>): Record<string, CounterexampleValue> {
  const at: Record<string, CounterexampleValue> = {};
  for (const n of [...names].sort()) {
    if (env.definitions[n]) continue;
    const v = env.values[n];
    if (v) at[n] = toPlain(v);
  }
  for (const [n, f] of Object.entries(env.functions)) if (names.has(n)) at[n] = f as unknown as CounterexampleValue;
  return at;
}

type Side = { ok: true; value: Tensor; free: string[] } | { ok: false; code: string; message: string };

function evalSide(e: Expr, env: Env): Side {
  const r = evaluate(e, env);
  return r.ok ? { ok: true, value: r.value, free: r.freeIndices } : { ok: false, code: r.code, message: r.message };
}

const MIN_VALID = 3;

/** Judges `left = right` on `trials` random instances; the first disagreement is the counterexample. */
export function judgeEqual(left: Expr, right: Expr, opts: JudgeOptions): Judgement {
  const trials = opts.trials ?? 8;
  const a = scan(left);
  const b = scan(right);
  const kinds = new Set([...a.kinds, ...b.kinds]);
  const names = new Set([...a.names, ...b.names]);
  const mc = kinds.has("expect");
  const approx = kinds.has("limit") || kinds.has("integral");
  const tol = approx ? APPROX_TOLERANCE : EXACT_TOLERANCE;
  if (!mc && !approx) {
    const j = byEquivalence(left, right, opts, trials);
    // An engine that could not decide (could not instantiate, ran out of time) is not a verdict:
    // the evaluator judges the step itself, and says so.
    if (j.undecided === undefined) return j;
  }
  const root = new Rng(opts.seed).fork(opts.label);
  const method = mc
    ? `Monte Carlo, ${MC_REPLICATIONS}×${MC_SAMPLES_PER_REPLICATION} samples per side, |difference| ≤ ${MC_Z} standard errors`
    : `numeric, ${trials} random instances, relative tolerance ${tol}${kinds.has("deriv") ? ", derivatives by autodiff" : ""}`;
  let valid = 0;
  let worst = 0;
  let lastDomain = "";
  const instances = mc ? Math.min(trials, 3) : trials;
  for (let t = 0; t < instances; t++) {
    let env: Env;
    try {
      env = sampleEnv(opts.table, root.fork(`instance-${t}`), { maxDim: 5 });
    } catch (e) {
      // Only a table that cannot be instantiated throws: a bad local declaration, reported as such.
      return { ok: false, method, message: `the symbols could not be instantiated: ${e instanceof Error ? e.message : String(e)}`, maxError: Infinity };
    }
    const result = mc ? compareMonteCarlo(left, right, env) : compareOnce(left, right, env, tol);
    if (result.kind === "skip") {
      lastDomain = result.message;
      continue;
    }
    if (result.kind === "error") return { ok: false, method, message: result.message, maxError: Infinity };
    valid++;
    worst = Math.max(worst, result.error);
    if (!result.equal) {
      return {
        ok: false,
        method,
        message: result.message,
        maxError: result.error,
        counterexample: { at: pointOf(env, names), left: result.left, right: result.right },
      };
    }
  }
  if (valid < Math.min(MIN_VALID, instances)) {
    return { ok: false, method, message: `too few instances where both sides are defined (${valid} of ${instances})${lastDomain ? `: ${lastDomain}` : ""}`, maxError: Infinity };
  }
  return { ok: true, method, message: mc ? `largest |difference| was ${worst.toFixed(2)} of the ${MC_Z}-standard-error bound` : `largest relative difference ${worst.toExponential(1)}`, maxError: worst };
}

/** Seeds differ per step (a label hash), so two steps never share their random instances by accident. */
function labelSeed(seed: number, label: string): number {
  let h = 2166136261;
  for (let k = 0; k < label.length; k++) h = Math.imul(h ^ label.charCodeAt(k), 16777619);
  return (seed * 1000003 + (h >>> 0)) % 2147483647;
}

function byEquivalence(left: Expr, right: Expr, opts: JudgeOptions, trials: number): Judgement {
  const seed = labelSeed(opts.seed, opts.label);
  const r = equiv(left, right, { symbols: opts.table, seed, trials, budgetMs: EQUIV_BUDGET_MS, symbolic: false });
  const method = `equivalence engine, ${r.evidence.trials} random instances (seed ${seed})`;
  const j: Judgement = { ok: r.equivalent, method, message: r.equivalent ? `largest relative difference ${r.evidence.maxRelError.toExponential(1)}` : r.reason, maxError: r.evidence.maxRelError };
  if (r.outcome === "timeout" || (r.outcome === "invalid" && /could not be instantiated/.test(r.reason))) j.undecided = r.reason;
  if (r.counterexample) j.counterexample = r.counterexample;
  return j;
}

type Comparison =
  | { kind: "skip"; message: string }
  | { kind: "error"; message: string }
  | { kind: "done"; equal: boolean; error: number; message: string; left: CounterexampleValue; right: CounterexampleValue };

function bothSides(left: Expr, right: Expr, env: Env): { kind: "skip" | "error"; message: string } | { kind: "ok"; l: Tensor; r: Tensor; lf: string[]; rf: string[] } {
  const l = evalSide(left, env);
  const r = evalSide(right, env);
  for (const [side, v] of [["left", l], ["right", r]] as const) {
    if (!v.ok) return { kind: v.code === "domain" ? "skip" : "error", message: `the ${side} side does not evaluate: ${v.message}` };
  }
  if (!l.ok || !r.ok) return { kind: "error", message: "unreachable" };
  if (!sameSize(l.value, r.value) || l.free.join() !== r.free.join()) {
    return { kind: "error", message: `the two sides have different shapes: ${describeShape(l.value, l.free)} and ${describeShape(r.value, r.free)}` };
  }
  return { kind: "ok", l: l.value, r: r.value, lf: l.free, rf: r.free };
}

function compareOnce(left: Expr, right: Expr, env: Env, tol: number): Comparison {
  const s = bothSides(left, right, env);
  if (s.kind !== "ok") return s;
  const error = relError(s.l.data, s.r.data);
  const equal = error <= tol;
  return { kind: "done", equal, error, left: toPlain(s.l), right: toPlain(s.r), message: equal ? "" : `the two sides differ (relative difference ${error.toExponential(2)})` };
}

function compareMonteCarlo(left: Expr, right: Expr, env: Env): Comparison {
  const diffs: Float64Array[] = [];
  let lSum: Float64Array | null = null;
  let rSum: Float64Array | null = null;
  let shapes: { l: Tensor; r: Tensor } | null = null;
  for (let rep = 0; rep < MC_REPLICATIONS; rep++) {
    const e: Env = { ...env, seed: env.seed * 7919 + rep + 1, limits: { ...env.limits, mcSamples: MC_SAMPLES_PER_REPLICATION } };
    const s = bothSides(left, right, e);
    if (s.kind !== "ok") return s;
    shapes = { l: s.l, r: s.r };
    diffs.push(s.l.data.map((v, k) => v - s.r.data[k]));
    lSum = lSum ? lSum.map((v, k) => v + s.l.data[k]) : Float64Array.from(s.l.data);
    rSum = rSum ? rSum.map((v, k) => v + s.r.data[k]) : Float64Array.from(s.r.data);
  }
  if (!shapes || !lSum || !rSum) return { kind: "error", message: "no replication ran" };
  const n = diffs.length;
  let worst = 0;
  let detail = "";
  for (let k = 0; k < diffs[0].length; k++) {
    const mean = diffs.reduce((s, d) => s + d[k], 0) / n;
    const sd = Math.sqrt(diffs.reduce((s, d) => s + (d[k] - mean) ** 2, 0) / (n - 1));
    const bound = (MC_Z * sd) / Math.sqrt(n) + 1e-9 * Math.max(1, Math.abs(lSum[k] / n));
    const ratio = Math.abs(mean) / bound;
    if (ratio > worst) {
      worst = ratio;
      detail = `mean difference ${mean.toExponential(2)} against a bound of ${bound.toExponential(2)} (${MC_Z} standard errors over ${n} replications)`;
    }
  }
  const avg = (sum: Float64Array, like: Tensor): CounterexampleValue => plain(sum.map((v) => v / n), like.shape);
  return { kind: "done", equal: worst <= 1, error: worst, left: avg(lSum, shapes.l), right: avg(rSum, shapes.r), message: worst <= 1 ? "" : `the two sides differ beyond Monte Carlo error: ${detail}` };
}
