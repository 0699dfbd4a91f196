/**
 * Judging one expression (a slot, or a joint combination of slots) against its reference forms:
 * shape check, the equivalence engine, an independent numeric second look before accepting, and,
 * when wrong, the diagnosis by known mistakes and mutations of the reference.
 */
import type { Expr } from "../expr/ast.js";
import { inferShapes } from "../expr/index.js";
import { equiv, type EquivResult } from "../equivalence/index.js";
import type { Prepared } from "./prepare.js";
import { fingerprint, fixedFingerprint, compareFingerprints, fingerprintDifference } from "./fingerprint.js";

export interface Note {
  code: string;
  message: string;
}

export interface Judgement {
  verdict: "correct" | "incorrect" | "invalid";
  notes: Note[];
  trials: number;
  maxRelError: number | null;
}

/** A candidate wrong answer to test against: a known mistake or a mutation of the reference. */
export interface Candidate {
  code: string;
  message: string;
  expr: Expr;
}

export interface JudgeContext {
  prepared: Prepared;
  seed: number;
  deadline: number;
  /** Text the answer was parsed from, so shape messages can quote it. */
  source: string;
}

export class BudgetExceeded extends Error {}

/** The equivalence engine's "invalid" for index formulas with different free indices: a wrong answer, not an unreadable one. */
const FREE_INDICES = /free indices differ/i;

/** Trials for confirming that a wrong answer is a known mistake. */
const CONFIRM_TRIALS = 16;

function remaining(ctx: JudgeContext): number {
  const left = ctx.deadline - Date.now();
  if (left <= 0) throw new BudgetExceeded();
  return left;
}

function compare(ctx: JudgeContext, a: Expr, b: Expr, trials?: number): EquivResult {
  const budgetMs = remaining(ctx);
  // The symbolic confirmation is recorded by equiv but never decides; the grader does not need it.
  const r = equiv(a, b, { symbols: ctx.prepared.question.symbols, seed: ctx.seed, budgetMs, symbolic: false, ...(trials ? { trials } : {}) });
  if (r.outcome === "timeout") throw new BudgetExceeded();
  return r;
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/**
 * Judges `expr` against `refs` (reference first). `candidates` are tried, in order, when the answer
 * is wrong; the first one the answer is equivalent to names the mistake.
 */
export function judge(ctx: JudgeContext, expr: Expr, refs: Expr[], candidates: () => Candidate[]): Judgement {
  const symbols = ctx.prepared.question.symbols;
  const shape = inferShapes(expr, symbols, { source: ctx.source });
  if (!shape.ok && shape.code !== "shape-mismatch") {
    return { verdict: "invalid", notes: [{ code: shape.code, message: shape.message }], trials: 0, maxRelError: null };
  }
  const envs = ctx.prepared.envs();
  const mine = fingerprint(expr, envs);
  const seen: { first: EquivResult | null } = { first: null };
  let trials = 0;
  // Runs the equivalence engine against a reference; a verdict of "invalid" that is not about free
  // indices means the answer itself cannot be evaluated.
  const against = (ref: Expr): Judgement | null => {
    const r = compare(ctx, expr, ref);
    trials += r.evidence.trials;
    seen.first ??= r;
    if (r.outcome === "invalid" && !FREE_INDICES.test(r.reason)) {
      return { verdict: "invalid", notes: [{ code: "unsupported", message: r.reason }], trials, maxRelError: null };
    }
    // The second look: the same formulas on the grader's own instances must agree too.
    if (r.equivalent && compareFingerprints(mine, fixedFingerprint(ref, envs)) !== "different") {
      return { verdict: "correct", notes: [], trials, maxRelError: finite(r.evidence.maxRelError) };
    }
    return null;
  };
  if (shape.ok) {
    for (const ref of refs) {
      // A reference the fingerprint already tells apart cannot be equal: skip the engine.
      if (compareFingerprints(mine, fixedFingerprint(ref, envs)) === "different") continue;
      const decided = against(ref);
      if (decided) return decided;
    }
  }
  const refPrint = fixedFingerprint(refs[0], envs);
  for (const cand of candidates()) {
    const theirs = fixedFingerprint(cand.expr, envs);
    if (compareFingerprints(mine, theirs) !== "same") continue;
    // A mistake the grader's instances cannot tell from the reference (a scalar product "swapped")
    // would only be confirmed by chance: it names nothing.
    if (compareFingerprints(theirs, refPrint) === "same") continue;
    // Confirming a diagnosis needs fewer trials than accepting an answer: a wrong match only
    // misnames the mistake, it never turns a wrong answer into a right one.
    const r = compare(ctx, expr, cand.expr, CONFIRM_TRIALS);
    if (r.equivalent) {
      if (seen.first) return { verdict: "incorrect", notes: [{ code: cand.code, message: cand.message }], trials, maxRelError: finite(seen.first.evidence.maxRelError) };
      // Only the fingerprints compared the answer with the reference: they are the evidence.
      const diff = fingerprintDifference(mine, fixedFingerprint(refs[0], envs));
      return { verdict: "incorrect", notes: [{ code: cand.code, message: cand.message }], trials: trials + (diff?.trials ?? 0), maxRelError: diff ? finite(diff.maxRelError) : null };
    }
  }
  if (!shape.ok) {
    return { verdict: "incorrect", notes: [{ code: "shape-mismatch", message: shape.message }], trials, maxRelError: null };
  }
  if (seen.first === null) {
    // Only the fingerprints have spoken: ask the engine for the counterexample the student reads,
    // against the form of the reference written like the answer (index or matrix notation).
    // The first form the engine can compare with at all (same shape, same free indices) gives it.
    for (const r of refs) {
      const res = compare(ctx, expr, r);
      trials += res.evidence.trials;
      const comparable = res.outcome !== "shape-mismatch" && res.outcome !== "invalid";
      if (seen.first === null || comparable) seen.first = res;
      if (comparable) break;
    }
    const r0 = seen.first as EquivResult | null;
    if (r0 && r0.outcome === "invalid" && !FREE_INDICES.test(r0.reason)) {
      return { verdict: "invalid", notes: [{ code: "unsupported", message: r0.reason }], trials, maxRelError: null };
    }
  }
  const first = seen.first as EquivResult | null;
  if (first && first.outcome === "shape-mismatch") {
    return { verdict: "incorrect", notes: [{ code: "shape-mismatch", message: first.reason }], trials, maxRelError: null };
  }
  if (first && first.outcome === "invalid") {
    return { verdict: "incorrect", notes: [{ code: "free-indices", message: `${first.reason} Your answer must depend on the same indices as the right one.` }], trials, maxRelError: null };
  }
  if (first && first.outcome === "too-few-points") {
    return { verdict: "incorrect", notes: [{ code: "domain", message: first.reason }], trials, maxRelError: null };
  }
  const reason =
    first && !first.equivalent ? first.reason : "Your answer is not equal to the expected one: it differs from it on the grader's own check instances.";
  return { verdict: "incorrect", notes: [{ code: "not-equivalent", message: reason }], trials, maxRelError: first ? finite(first.evidence.maxRelError) : null };
}
