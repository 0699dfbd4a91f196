/**
 * The numeric judge: seeded random instances of the symbol table, both formulas evaluated on each,
 * compared with `compareValues`. Sizes are re-drawn every trial; the first trials are fixed corners
 * (every size 1, then all sizes distinct so nothing is square), and scalar inputs get adversarial
 * values (0, 1, -1, large) in a few trials. The first clear counterexample ends the loop.
 * Two sources of instances: the lean compiled path (compile.ts) when both formulas fit it, the
 * general evaluator (sampleEnv + evaluate) otherwise.
 */
import type { Expr } from "../expr/ast.js";
import type { Domain, SymbolTable } from "../expr/types.js";
import { evaluate, sampleEnv, type Env } from "../numeric/index.js";
import { DEFAULT_FAMILY } from "../numeric/families.js";
import { drawTensor } from "../numeric/domains.js";
import { scalar } from "../tensor/create.js";
import { Rng } from "../tensor/rng.js";
import type { Tensor } from "../tensor/tensor.js";
import { compareValues, compareWithStderr } from "./tolerance.js";
import { NotCompilable, toTensor, type Instance, type Program, type Val } from "./compile.js";
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

type Counterexample = { at: Record<string, Value>; left: Value; right: Value };

export type TrialOutcome =
  | { kind: "done"; valid: number; skipped: number; maxRelError: number }
  | { kind: "different"; valid: number; skipped: number; maxRelError: number; counterexample: Counterexample; why: string; where: string }
  | { kind: "error"; message: string; valid: number }
  | { kind: "timeout"; valid: number; skipped: number; maxRelError: number };

/** One trial's two values, or why there are none. */
type TrialValues =
  | { kind: "ok"; left: Tensor; right: Tensor; indices: [string[], string[]]; at: () => Record<string, Value>; dims: Record<string, number>; stderr?: [Tensor | undefined, Tensor | undefined] }
  | { kind: "skip" }
  /** Defined on one side only: outside the domain of one formula but not of the other. */
  | { kind: "one-sided"; undefinedSide: "first" | "second"; message: string; at: () => Record<string, Value>; dims: Record<string, number> }
  | { kind: "error"; message: string };

/**
 * A formula undefined on two or more instances where the other is defined is not equal to it
 * (`\log(\alpha - 0.5)` terms on α in [0, 1)). One such instance alone is skipped: it is what an
 * overflow at the single extreme trial value (10^3) looks like, `e^{a}/(e^{a}+e^{b})` beside `\sigma(a-b)`.
 */
const ONE_SIDED_MIN = 2;

function dimNames(table: SymbolTable): string[] {
  const out = new Set<string>();
  for (const s of table.symbols) {
    if (s.shape?.length === 2) for (const d of s.shape) if (typeof d === "string") out.add(d);
    if (typeof s.range === "string") out.add(s.range);
  }
  for (const s of table.symbols) if (s.kind === "dimension") out.delete(s.name);
  return [...out].sort();
}

/** Fixed sizes for the corner trials; undefined lets the sampler draw them. */
function cornerDims(trial: number, names: string[], maxDim: number): Record<string, number> | undefined {
  if (trial === 0) return Object.fromEntries(names.map((n) => [n, 1]));
  if (trial === 1) return Object.fromEntries(names.map((n, i) => [n, 2 + (i % Math.max(1, maxDim - 1))]));
  return undefined;
}

const ADVERSARIAL = [0, 1, -1, 1e3, -0.5, 1e-3];

/** The adversarial value for scalar symbols of this domain in this trial, if any. */
function adversarial(domain: Domain | undefined, trial: number): number | null {
  if (trial < 2 || trial >= 2 + ADVERSARIAL.length) return null;
  const v = ADVERSARIAL[trial - 2];
  const d = domain ?? { kind: "real" };
  if (d.kind === "real") return v;
  if ((d.kind === "positive" && v > 0) || (d.kind === "nonnegative" && v >= 0)) return v;
  return null;
}

export function toValue(t: Tensor): Value {
  if (t.shape.length === 0 || t.data.length === 1) return t.data[0];
  if (t.shape.length === 2) return t.toArray() as number[][];
  return Array.from(t.data) as unknown as number[][];
}

/** Instances from sampleEnv, values from the general evaluator. */
function generalSource(a: Expr, b: Expr, plan: TrialPlan, dims: string[]): (t: number, rng: Rng) => TrialValues {
  const noDefinitions = !plan.table.symbols.some((s) => s.definition);
  return (t, rng) => {
    const env: Env = sampleEnv(plan.table, rng, { minDim: 1, maxDim: plan.maxDim, dims: cornerDims(t, dims, plan.maxDim) });
    // Defined values would go stale if an input were overwritten.
    if (noDefinitions) {
      for (const s of plan.table.symbols) {
        if (s.kind !== "scalar" || (s.shape && s.shape.length === 2)) continue;
        const v = adversarial(s.domain, t);
        if (v !== null) env.values[s.name] = scalar(v);
      }
    }
    const ra = evaluate(a, env);
    const rb = evaluate(b, env);
    const at = (): Record<string, Value> => {
      const out: Record<string, Value> = {};
      for (const name of plan.mentioned) if (env.values[name]) out[name] = toValue(env.values[name]);
      for (const [d, n] of Object.entries(env.dims)) if (!(d in out) && !d.includes("?")) out[d] = n;
      return out;
    };
    if (ra.ok !== rb.ok) {
      const bad = !ra.ok ? ra : (rb as { ok: false; message: string; code: string });
      if (bad.code === "domain") return { kind: "one-sided", undefinedSide: !ra.ok ? "first" : "second", message: bad.message, at, dims: env.dims };
    }
    if (!ra.ok || !rb.ok) {
      const bad = !ra.ok ? ra : (rb as { ok: false; message: string; code: string });
      if (bad.code === "domain" || bad.code === "no-convergence") return { kind: "skip" };
      return { kind: "error", message: `${!ra.ok ? "the first" : "the second"} formula could not be evaluated: ${bad.message}` };
    }
    const stderr: [Tensor | undefined, Tensor | undefined] | undefined = ra.stderr || rb.stderr ? [ra.stderr, rb.stderr] : undefined;
    return { kind: "ok", left: ra.value, right: rb.value, indices: [ra.freeIndices, rb.freeIndices], at, dims: env.dims, stderr };
  };
}

/** Instances drawn here, values from the compiled program. */
function leanSource(program: Program, plan: TrialPlan, dims: string[]): (t: number, rng: Rng) => TrialValues {
  const values = plan.table.symbols.filter((s) => !s.definition && (s.kind === "scalar" || s.kind === "vector" || s.kind === "matrix"));
  const fns = plan.table.symbols.filter((s) => s.kind === "elementwise");
  // Constraints are checked where instances are drawn for every other caller: in sampleEnv.
  if (plan.table.constraints && plan.table.constraints.length > 0) throw new NotCompilable("constraints");
  return (t, rng) => {
    const fixed = cornerDims(t, dims, plan.maxDim);
    const inst: Instance = { dims: {}, values: {}, functions: {} };
    for (const d of dims) inst.dims[d] = fixed?.[d] ?? rng.int(1, plan.maxDim);
    for (const f of fns) inst.functions[f.name] = rng.pick(f.family && f.family.length > 0 ? f.family : DEFAULT_FAMILY);
    for (const s of values) {
      const shape = s.shape && s.shape.length === 2 ? s.shape.map((d) => (typeof d === "number" ? d : inst.dims[d])) : [1, 1];
      // A size this path does not draw (a dimension symbol, a sum like M+1): the general path draws it.
      if (shape.some((n) => n === undefined)) throw new NotCompilable(`size of ${s.name}`);
      const adv = shape[0] * shape[1] === 1 ? adversarial(s.domain, t) : null;
      const data = adv !== null ? Float64Array.of(adv) : drawTensor(s.domain ?? { kind: "real" }, shape, rng).data;
      inst.values[s.name] = { d: data, r: shape[0], c: shape[1] };
    }
    let l: Val;
    let r: Val;
    try {
      l = program.left(inst);
      r = program.right(inst);
    } catch (err) {
      if (err instanceof NotCompilable) throw err;
      return { kind: "error", message: err instanceof Error ? err.message : String(err) };
    }
    const at = (): Record<string, Value> => {
      const out: Record<string, Value> = {};
      for (const name of plan.mentioned) if (inst.values[name]) out[name] = toValue(toTensor(inst.values[name]));
      for (const [d, n] of Object.entries(inst.dims)) if (!(d in out) && !d.includes("?")) out[d] = n;
      return out;
    };
    return { kind: "ok", left: toTensor(l), right: toTensor(r), indices: [[], []], at, dims: inst.dims };
  };
}

export function runTrials(a: Expr, b: Expr, plan: TrialPlan, program: Program | null): TrialOutcome {
  const dims = dimNames(plan.table);
  if (program) {
    try {
      return loop(plan, leanSource(program, plan, dims));
    } catch (err) {
      if (!(err instanceof NotCompilable)) throw err;
    }
  }
  return loop(plan, generalSource(a, b, plan, dims));
}

function loop(plan: TrialPlan, source: (t: number, rng: Rng) => TrialValues): TrialOutcome {
  const rng = new Rng(plan.seed);
  let valid = 0;
  let skipped = 0;
  let maxRelError = 0;
  let oneSided: Extract<TrialValues, { kind: "one-sided" }> | null = null;
  let oneSidedCount = 0;
  for (let t = 0; t < plan.trials; t++) {
    if (t > 0 && performance.now() > plan.deadline) return { kind: "timeout", valid, skipped, maxRelError };
    const v = source(t, rng.fork(`trial-${t}`));
    if (v.kind === "skip") {
      skipped++;
      continue;
    }
    if (v.kind === "one-sided") {
      oneSided ??= v;
      oneSidedCount++;
      skipped++;
      continue;
    }
    if (v.kind === "error") return { kind: "error", message: v.message, valid };
    const [ia, ib] = v.indices;
    if (ia.join(",") !== ib.join(",")) return { kind: "error", message: `the free indices differ: ${list(ia)} against ${list(ib)}`, valid };
    const finiteA = v.left.data.every(Number.isFinite);
    const finiteB = v.right.data.every(Number.isFinite);
    if (!finiteA || !finiteB) {
      // Undefined on both sides: a point outside the domain. On one side only: counted, and a
      // difference once it is more than the odd overflow (see ONE_SIDED_MIN).
      skipped++;
      if (finiteA !== finiteB) {
        const side = finiteA ? "second" : "first";
        oneSided ??= { kind: "one-sided", undefinedSide: side, message: "not a finite number", at: v.at, dims: v.dims };
        oneSidedCount++;
      }
      continue;
    }
    const sameSize = v.left.data.length === v.right.data.length;
    const cmp = !sameSize ? { equal: false, relError: Infinity } : v.stderr ? compareWithStderr(v.left, v.right, ...v.stderr) : compareValues(v.left, v.right);
    valid++;
    if (!cmp.equal) {
      const why = sameSize ? `largest relative difference ${cmp.relError.toPrecision(3)}` : `the values have ${v.left.data.length} and ${v.right.data.length} entries`;
      const at = v.at();
      return { kind: "different", valid, skipped, maxRelError: cmp.relError, counterexample: { at, left: toValue(v.left), right: toValue(v.right) }, why, where: describeInstance(v.dims, at) };
    }
    if (cmp.relError > maxRelError) maxRelError = cmp.relError;
  }
  if (oneSided && oneSidedCount >= ONE_SIDED_MIN) {
    const other = oneSided.undefinedSide === "first" ? "second" : "first";
    return {
      kind: "different",
      valid,
      skipped,
      maxRelError: Infinity,
      counterexample: { at: oneSided.at(), left: oneSided.undefinedSide === "first" ? Number.NaN : 0, right: oneSided.undefinedSide === "second" ? Number.NaN : 0 },
      why: `the ${oneSided.undefinedSide} formula is undefined there (${oneSided.message}) while the ${other} is defined, on ${oneSidedCount} of ${valid + oneSidedCount} such instances`,
      where: describeInstance(oneSided.dims, oneSided.at()),
    };
  }
  return { kind: "done", valid, skipped, maxRelError };
}

/** "sizes S = 2, M = 3" from the declared sizes, else the shapes of the matrices drawn. */
function describeInstance(dims: Record<string, number>, at: Record<string, Value>): string {
  const named = Object.entries(dims).filter(([d]) => !d.includes("?"));
  if (named.length > 0) return `sizes ${named.map(([d, n]) => `${d} = ${n}`).join(", ")}`;
  const shapes = Object.entries(at)
    .filter(([, v]) => Array.isArray(v))
    .map(([k, v]) => `${k} is ${(v as number[][]).length}×${(v as number[][])[0]?.length ?? 1}`);
  return shapes.join(", ") || "scalar values";
}

const list = (xs: string[]): string => (xs.length === 0 ? "none" : xs.join(", "));
