/**
 * The numeric judge for a derived gradient: on random shapes and values, the closed form must equal
 * the gradient the autodiff engine computes for L = sum(R ∘ Y), R a random upstream gradient (the
 * value given to the upstream symbol G). Independent of the derivation: the tape differentiates the
 * forward pass as the oracle reads it (`oracle.ts`: its own tensor operation per construct), and the
 * closed form is evaluated by the numeric evaluator.
 */
import type { Expr } from "../expr/ast.js";
import type { SymbolTable } from "../expr/types.js";
import { grad, jacobian } from "../autodiff/index.js";
import { evaluate, sampleEnv, type Env } from "../numeric/index.js";
import { Rng } from "../tensor/rng.js";
import type { Tensor } from "../tensor/tensor.js";
import { compareValues } from "./tolerance.js";
import { analyzeShapes, type ShapeAnalysis } from "../expr/shapes.js";
import { ForwardOracle, OracleError } from "./oracle.js";

export interface GradientEvidence {
  ok: boolean;
  method: "autodiff of sum(G ∘ Y) on random shapes" | "autodiff Jacobian on random sizes";
  trials: number;
  maxRelError: number;
  seed: number;
  detail?: string;
  /** Set when a draw fell outside a function's domain (a log of a negative): worth redrawing positive. */
  outsideDomain?: boolean;
}

/**
 * Values computed from each drawn instance before the closed form is evaluated (a question file's
 * slots, each evaluated from its own reference, combined by the ask's formula). A throw is a failed check.
 */
export type Bind = (env: Env) => Env;

function bindOn(env: Env, bind: Bind | undefined): Env {
  if (!bind) return env;
  try {
    return bind(env);
  } catch (err) {
    throw new VerifyError(err instanceof Error ? err.message : String(err));
  }
}

function matrixShape(shape: readonly number[]): string {
  return (shape.length === 1 ? [shape[0], 1] : shape).join("×");
}

class VerifyError extends Error {
  constructor(message: string, readonly outsideDomain = false) {
    super(message);
  }
}

function value(e: Expr, env: Env, what: string): Tensor {
  const r = evaluate(e, env);
  if (!r.ok) throw new VerifyError(`${what} could not be evaluated: ${r.message}`, r.code === "domain");
  return r.value;
}

/**
 * Redraws of one trial whose forward pass is undefined there (\log(X - W)). Same size range as the
 * first draw: shrinking it would let degenerate 1×1 instances pass for evidence.
 */
const REDRAWS = 24;

/** The forward value as the oracle reads it. */
function forward(output: Expr, shapes: ShapeAnalysis, env: Env): Tensor {
  try {
    return new ForwardOracle(env, shapes).value(output);
  } catch (err) {
    if (err instanceof OracleError) throw new VerifyError(`the forward pass could not be evaluated: ${err.message}`, err.outsideDomain);
    if (err instanceof RangeError) throw new VerifyError(`the forward pass could not be evaluated: ${err.message}`);
    throw err;
  }
}

/** An instance where `output` evaluates, or the first draw when none of the redraws is (reported then). */
function inDomain(output: Expr, shapes: ShapeAnalysis, table: SymbolTable, rng: Rng, t: number, maxDim: number): Env {
  const first = sampleEnv(table, rng.fork(`gradient-${t}`), { minDim: 1, maxDim });
  const fails = (env: Env): boolean => {
    try {
      forward(output, shapes, env);
      return false;
    } catch (err) {
      if (err instanceof VerifyError) return err.outsideDomain;
      throw err;
    }
  };
  if (!fails(first)) return first;
  for (let k = 1; k <= REDRAWS; k++) {
    const env = sampleEnv(table, rng.fork(`gradient-${t}-${k}`), { minDim: 1, maxDim });
    if (!fails(env)) return env;
  }
  return first;
}

/**
 * Checks `derived` = ∂L/∂wrt for the forward output `output` (definitions already inlined) over
 * `trials` random instances of `table` (which must declare `wrt`, the upstream symbol and every input
 * with a shape).
 */
export function verifyGradient(
  output: Expr,
  wrt: string,
  derived: Expr,
  table: SymbolTable,
  opts: { upstream?: string; seed?: number; trials?: number; maxDim?: number; bind?: Bind } = {},
): GradientEvidence {
  const upstream = opts.upstream ?? "G";
  const seed = opts.seed ?? 1;
  const trials = opts.trials ?? 8;
  const rng = new Rng(seed);
  let maxRelError = 0;
  let done = 0;
  const base = { method: "autodiff of sum(G ∘ Y) on random shapes" as const, seed };
  try {
    const shapes = analyzeShapes(output, table);
    if (!shapes.ok) throw new VerifyError(`the forward pass does not fit together: ${shapes.message}`);
    for (let t = 0; t < trials; t++) {
      const env = bindOn(inDomain(output, shapes, table, rng, t, t === 0 ? 1 : opts.maxDim ?? 5), opts.bind);
      const R = env.values[upstream];
      const x0 = env.values[wrt];
      if (!R || !x0) throw new VerifyError(`no value drawn for ${!R ? upstream : wrt}`);
      const loss = (x: Tensor): Tensor => {
        const y = forward(output, shapes, { ...env, values: { ...env.values, [wrt]: x } });
        if (y.data.length !== R.data.length) throw new VerifyError(`the forward value has ${y.data.length} entries where ${upstream} has ${R.data.length}`);
        return y.mul(y.data.length === 1 ? R.reshape([]) : R.reshape(y.shape)).sum();
      };
      const auto = grad(loss)(x0)[0];
      // Read with the input's shape (`+ 0 X`), which sizes a \mathbf{1} nothing else in it fixes (`\frac{\mathbf{1} G}{B}`).
      const closed = value(derived.kind === "num" ? derived : { kind: "add", terms: [derived, { kind: "mul", factors: [{ kind: "num", value: 0 }, { kind: "sym", name: wrt }] }] }, env, "the derived gradient");
      if (closed.data.length !== auto.data.length) {
        return { ...base, ok: false, trials: done, maxRelError: Infinity, detail: `the derived gradient has ${closed.data.length} entries where ${wrt} has ${auto.data.length}` };
      }
      // A row where the column is asked has the right entries and the wrong shape (a lone axis is a column).
      if (matrixShape(closed.shape) !== matrixShape(auto.shape) && closed.data.length > 1) {
        return { ...base, ok: false, trials: done, maxRelError: Infinity, detail: `the derived gradient is ${matrixShape(closed.shape)} where ${wrt} is ${matrixShape(auto.shape)}` };
      }
      const cmp = compareValues(closed, auto);
      done++;
      maxRelError = Math.max(maxRelError, cmp.relError);
      if (!cmp.equal) {
        return { ...base, ok: false, trials: done, maxRelError, detail: `differs from autodiff on trial ${t + 1} (relative error ${cmp.relError.toPrecision(3)})` };
      }
    }
  } catch (err) {
    if (err instanceof VerifyError) return { ...base, ok: false, trials: done, maxRelError, detail: err.message, ...(err.outsideDomain ? { outsideDomain: true } : {}) };
    throw err;
  }
  return { ...base, ok: true, trials: done, maxRelError };
}

/** Checks the closed-form Jacobian `derived` of the vector function `output` against the autodiff Jacobian. */
export function verifyJacobian(output: Expr, wrt: string, derived: Expr, table: SymbolTable, seed: number, trials: number, bind?: Bind): GradientEvidence {
  const rng = new Rng(seed);
  const base = { method: "autodiff Jacobian on random sizes" as const, seed };
  let maxRelError = 0;
  let done = 0;
  try {
    for (let t = 0; t < trials; t++) {
      const env = bindOn(sampleEnv(table, rng.fork(`jacobian-${t}`), { minDim: 1, maxDim: t === 0 ? 1 : 6 }), bind);
      const x0 = env.values[wrt];
      if (!x0) throw new VerifyError(`no value drawn for ${wrt}`);
      const f = (x: Tensor): Tensor => value(output, { ...env, values: { ...env.values, [wrt]: x } }, "the function");
      const auto = jacobian(f)(x0);
      const closed = value(derived, env, "the derived Jacobian");
      if (closed.data.length !== auto.data.length) {
        return { ...base, ok: false, trials: done, maxRelError: Infinity, detail: `the derived Jacobian has ${closed.data.length} entries, autodiff ${auto.data.length}` };
      }
      const cmp = compareValues(closed, auto);
      done++;
      maxRelError = Math.max(maxRelError, cmp.relError);
      if (!cmp.equal) return { ...base, ok: false, trials: done, maxRelError, detail: `differs from autodiff on trial ${t + 1} (relative error ${cmp.relError.toPrecision(3)})` };
    }
  } catch (err) {
    if (err instanceof VerifyError) return { ...base, ok: false, trials: done, maxRelError, detail: err.message };
    throw err;
  }
  return { ...base, ok: true, trials: done, maxRelError };
}
