/**
 * The scalar CAS bridge: mathjs first (derivative, simplify, rationalize), nerdamer-prime for what
 * mathjs lacks (limits, solving, integration). Every answer is a candidate: it is read back into our
 * AST and checked numerically against an independent reference before it is returned; a wrong one
 * lands in `rejected` with the reason, and the next engine (or our own rule) is tried.
 * nerdamer is synchronous, so the bound is on input size (`MAX_CAS_CHARS`), and its exceptions are
 * caught and reported like wrong answers.
 */
import type { Expr } from "../../expr/ast.js";
import type { Domain } from "../../expr/types.js";
import { ShapeContext } from "../shape.js";
import { simplify } from "../simplify.js";
import { symbolsIn } from "../walk.js";
import { checkAt, type CheckOptions } from "./check.js";
import { ConvertError, fromCasString, newNameMap, toCasString, type NameMap } from "./convert.js";
import { evalScalar, type ScalarEnv } from "./scalar-eval.js";
import { saturationLimit } from "./saturation.js";
import { mathjs, nerdamer } from "./engines.js";

export interface Rejection {
  engine: string;
  answer: string;
  reason: string;
}

export type BridgeResult =
  | { ok: true; expr: Expr; engine: string; rejected: Rejection[] }
  | { ok: false; message: string; rejected: Rejection[] };

export interface BridgeOptions {
  domains?: Record<string, Domain>;
  seed?: number;
  /** Engines to try, in this order (default: each operation's own order). */
  engines?: string[];
}

const SCALARS = new ShapeContext(undefined, true);

type Candidate = { engine: string; produce: () => string | Expr };

/** Runs candidates in order; the first that reads back and passes `check` wins. */
function firstAccepted(
  all: Candidate[],
  names: NameMap,
  check: (e: Expr) => { ok: boolean; reason?: string },
  engines?: string[],
): BridgeResult {
  const rejected: Rejection[] = [];
  const candidates = engines ? engines.flatMap((name) => all.filter((c) => c.engine === name)) : all;
  for (const c of candidates) {
    let answer = "";
    try {
      const produced = c.produce();
      const expr = typeof produced === "string" ? fromCasString((answer = produced), names) : produced;
      if (typeof produced !== "string") answer = "(rule)";
      const verdict = check(expr);
      if (verdict.ok) return { ok: true, expr: simplify(expr, SCALARS), engine: c.engine, rejected };
      rejected.push({ engine: c.engine, answer, reason: verdict.reason ?? "failed the numeric check" });
    } catch (err) {
      rejected.push({ engine: c.engine, answer, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  const why = rejected.map((r) => `${r.engine}: ${r.reason}`).join("; ");
  return { ok: false, message: `no engine gave an answer that passed the numeric check (${why || "none tried"})`, rejected };
}

function varsOf(e: Expr, extra: string[] = []): string[] {
  return [...symbolsIn(e, new Set(extra))];
}

/** d f / d v by central differences, step relative to |v|. */
function centralDifference(f: (env: ScalarEnv) => number, v: string): (env: ScalarEnv) => number {
  return (env) => {
    const h = 1e-5 * Math.max(1, Math.abs(env[v]));
    return (f({ ...env, [v]: env[v] + h }) - f({ ...env, [v]: env[v] - h })) / (2 * h);
  };
}

const evaluator = (e: Expr) => (env: ScalarEnv): number => evalScalar(e, env);

function checkOpts(opts: BridgeOptions, extra: Partial<CheckOptions> = {}): CheckOptions {
  return { domains: opts.domains, seed: opts.seed, ...extra };
}

/** A nerdamer answer as text; nerdamer keeps every expression it parses, so its store is flushed after each call. */
function viaNerdamer(run: () => { toString(): string }): string {
  try {
    return run().toString();
  } finally {
    nerdamer().flush();
  }
}

/** e printed for a CAS, with the identifier standing for v; v must occur in e. */
function printedWith(e: Expr, v: string): { names: NameMap; text: string; id: string } {
  const names = newNameMap();
  const text = toCasString(e, names);
  const id = names.toId.get(v);
  if (!id) throw new ConvertError(`'${v}' does not appear in the expression`);
  return { names, text, id };
}

/** Simplify a scalar expression; the answer must equal the input at random points. */
export const casSimplify = guarded(function casSimplify(e: Expr, opts: BridgeOptions = {}): BridgeResult {
  const names = newNameMap();
  const text = toCasString(e, names);
  const vars = varsOf(e);
  const check = (c: Expr) => checkAt(vars, evaluator(c), evaluator(e), checkOpts(opts));
  return firstAccepted(
    [
      { engine: "mathjs simplify", produce: () => mathjs().simplify(text).toString() },
      { engine: "mathjs rationalize", produce: () => mathjs().rationalize(text).toString() },
      { engine: "nerdamer simplify", produce: () => viaNerdamer(() => nerdamer()(`simplify(${text})`)) },
    ],
    names,
    check,
    opts.engines,
  );
});

/** d e / d v; checked against central differences of e. */
export const casDerivative = guarded(function casDerivative(e: Expr, v: string, opts: BridgeOptions = {}): BridgeResult {
  const { names, text, id } = printedWith(e, v);
  const vars = varsOf(e);
  const check = (c: Expr) => checkAt(vars, evaluator(c), centralDifference(evaluator(e), v), checkOpts(opts, { rtol: 1e-5, atol: 1e-7 }));
  return firstAccepted(
    [
      { engine: "mathjs derivative", produce: () => mathjs().derivative(text, id).toString() },
      { engine: "nerdamer diff", produce: () => viaNerdamer(() => nerdamer().diff(text, id)) },
    ],
    names,
    check,
    opts.engines,
  );
});

/** Solutions v of lhs = rhs; each is checked by substituting it back. */
export const casSolve = guarded(function casSolve(lhs: Expr, rhs: Expr, v: string, opts: BridgeOptions = {}): BridgeResult {
  const names = newNameMap();
  const text = `${toCasString(lhs, names)} = ${toCasString(rhs, names)}`;
  const id = names.toId.get(v);
  if (!id) return { ok: false, message: `'${v}' does not appear in the equation`, rejected: [] };
  const others = varsOf(lhs, varsOf(rhs)).filter((n) => n !== v);
  const check = (c: Expr) =>
    checkAt(
      others,
      (env) => {
        const at = { ...env, [v]: evalScalar(c, env) };
        return evalScalar(lhs, at) - evalScalar(rhs, at);
      },
      () => 0,
      checkOpts(opts, { atol: 1e-9 }),
    );
  const solutions = (): string[] => {
    const out = viaNerdamer(() => nerdamer().solve(text, id)).replace(/^\[|\]$/g, "");
    return out === "" ? [] : splitTopLevel(out);
  };
  let list: string[] = [];
  const rejected: Rejection[] = [];
  try {
    list = solutions();
  } catch (err) {
    rejected.push({ engine: "nerdamer solve", answer: "", reason: err instanceof Error ? err.message : String(err) });
  }
  const r = firstAccepted(list.map((s) => ({ engine: "nerdamer solve", produce: () => s })), names, check);
  return { ...r, rejected: [...rejected, ...r.rejected] } as BridgeResult;
});

/** lim_{v -> to} e; nerdamer first, then the saturation rule, each checked against numbers near the limit. */
export const casLimit = guarded(function casLimit(e: Expr, v: string, to: number | "inf", opts: BridgeOptions = {}): BridgeResult {
  const { names, text, id } = printedWith(e, v);
  const vars = varsOf(e).filter((n) => n !== v);
  const f = evaluator(e);
  const approach = to === "inf" ? [1e4, 1e6] : [to + 1e-6, to + 1e-8];
  const numeric = (env: ScalarEnv): number => {
    const [a, b] = approach.map((t) => f({ ...env, [v]: t }));
    return Math.abs(a - b) <= 1e-4 * Math.max(1, Math.abs(b)) ? b : NaN;
  };
  const check = (c: Expr) => checkAt(vars, evaluator(c), numeric, checkOpts(opts, { rtol: 1e-4, atol: 1e-6, awayFromZero: 0.05 }));
  return firstAccepted(
    [
      { engine: "nerdamer limit", produce: () => viaNerdamer(() => nerdamer()(`limit(${text}, ${id}, ${to === "inf" ? "Infinity" : to})`)) },
      {
        engine: "saturation rule",
        produce: () => {
          if (to !== "inf") throw new Error("the saturation rule handles limits at infinity only");
          return saturationLimit(e, v);
        },
      },
    ],
    names,
    check,
    opts.engines,
  );
});

/** An antiderivative in v; checked by differentiating it numerically. */
export const casIntegrate = guarded(function casIntegrate(e: Expr, v: string, opts: BridgeOptions = {}): BridgeResult {
  const { names, text, id } = printedWith(e, v);
  const vars = varsOf(e);
  const check = (c: Expr) => checkAt(vars, centralDifference(evaluator(c), v), evaluator(e), checkOpts(opts, { rtol: 1e-5, atol: 1e-7 }));
  return firstAccepted([{ engine: "nerdamer integrate", produce: () => viaNerdamer(() => nerdamer()(`integrate(${text}, ${id})`)) }], names, check, opts.engines);
});

/** Input the bridge cannot take (matrices, index notation, too large) is a failed result, not a throw. */
function guarded<A extends unknown[]>(op: (...args: A) => BridgeResult): (...args: A) => BridgeResult {
  return (...args: A) => {
    try {
      return op(...args);
    } catch (err) {
      if (err instanceof ConvertError) return { ok: false, message: err.message, rejected: [] };
      throw err;
    }
  };
}

/** Splits "a, b" at top-level commas (nerdamer prints solution vectors that way). */
function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === "(" || ch === "[") depth++;
    else if (ch === ")" || ch === "]") depth--;
    else if (ch === "," && depth === 0) {
      out.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(s.slice(start).trim());
  return out.filter((x) => x.length > 0);
}
