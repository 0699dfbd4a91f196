/**
 * Limits, integrals and expectations by numbers. Each works on a callback that evaluates the body
 * at one point and returns its entries (or null where the body is undefined there), so it knows
 * nothing of expressions.
 */

export type PointFn = (t: number) => Float64Array | null;

export type CalcResult = { ok: true; value: Float64Array } | { ok: false; message: string; code: "no-convergence" | "budget" | "domain" };

const LIMIT_STEPS = 8;
const LIMIT_TOL = 1e-6;

function maxDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k] - b[k]) / Math.max(1, Math.abs(a[k])));
  return m;
}

/** Values along t_1, t_2, …: the last one when the sequence has settled (last two steps within tolerance). */
function settle(values: Array<Float64Array | null>, what: string): CalcResult {
  const finite = values.filter((v): v is Float64Array => v !== null);
  if (finite.length < 3) return { ok: false, code: "no-convergence", message: `${what}: the expression is undefined along the approach` };
  const [a, b, c] = finite.slice(-3);
  const d1 = maxDiff(b, a);
  const d2 = maxDiff(c, b);
  if (d2 <= LIMIT_TOL && d1 <= 100 * LIMIT_TOL) return { ok: true, value: c };
  return { ok: false, code: "no-convergence", message: `${what}: the values do not settle (last steps differ by ${d2.toExponential(1)})` };
}

/**
 * lim_{t→to} f(t): at ±∞ along ±10^1 … ±10^8; at a finite point along a ± 10^-1 … 10^-8, from the side
 * asked for, or from both sides, which must agree.
 */
export function limit(f: PointFn, to: number, side: "+" | "-" | null): CalcResult {
  const steps = Array.from({ length: LIMIT_STEPS }, (_, k) => 10 ** (k + 1));
  if (to === Infinity || to === -Infinity) {
    const s = to > 0 ? 1 : -1;
    return settle(steps.map((t) => f(s * t)), `the limit at ${s > 0 ? "" : "−"}∞`);
  }
  const along = (s: number): Array<Float64Array | null> => steps.map((h) => f(to + s / h));
  const what = (s: number): string => `the limit from the ${s > 0 ? "right" : "left"} at ${to}`;
  if (side === "+") return settle(along(1), what(1));
  if (side === "-") return settle(along(-1), what(-1));
  const rightPoints = along(1);
  const leftPoints = along(-1);
  const right = settle(rightPoints, what(1));
  const left = settle(leftPoints, what(-1));
  // Where the expression lives on one side only (√t at 0), the limit is the one from that side.
  const nowhere = (points: Array<Float64Array | null>): boolean => points.every((v) => v === null);
  if (nowhere(leftPoints) && right.ok) return right;
  if (nowhere(rightPoints) && left.ok) return left;
  if (!right.ok) return right;
  if (!left.ok) return left;
  if (maxDiff(left.value, right.value) > 1e-5) {
    return { ok: false, code: "no-convergence", message: `the limits from the left and from the right at ${to} differ` };
  }
  return right;
}

interface Quad {
  evals: number;
  max: number;
}

/** Adaptive Simpson on [a, b] for vector-valued f; accepts the finest level at a discontinuity. */
function simpson(f: (t: number) => Float64Array, a: number, b: number, tol: number, q: Quad): Float64Array {
  const fa = atEnd(f, a, b - a), fb = atEnd(f, b, a - b), m = (a + b) / 2, fm = f(m);
  q.evals += 3;
  const whole = combine(fa, fm, fb, b - a);
  return refine(f, a, b, fa, fm, fb, whole, tol, 50, q);
}

/**
 * An integrable singularity at an end (∫_0^1 log t dt): the rule takes the value just inside the
 * interval instead; the refinement near that end does the rest.
 */
function atEnd(f: (t: number) => Float64Array, t: number, inward: number): Float64Array {
  try {
    return f(t);
  } catch (err) {
    if (!(err instanceof QuadDomain)) throw err;
    return f(t + 1e-12 * inward);
  }
}

function combine(fa: Float64Array, fm: Float64Array, fb: Float64Array, h: number): Float64Array {
  const out = new Float64Array(fa.length);
  for (let k = 0; k < out.length; k++) out[k] = (h / 6) * (fa[k] + 4 * fm[k] + fb[k]);
  return out;
}

function refine(
  f: (t: number) => Float64Array, a: number, b: number, fa: Float64Array, fm: Float64Array, fb: Float64Array,
  whole: Float64Array, tol: number, depth: number, q: Quad,
): Float64Array {
  const m = (a + b) / 2;
  const lm = (a + m) / 2, rm = (m + b) / 2;
  const flm = f(lm), frm = f(rm);
  q.evals += 2;
  if (q.evals > q.max) throw new QuadBudget();
  const left = combine(fa, flm, fm, m - a);
  const right = combine(fm, frm, fb, b - m);
  let err = 0;
  for (let k = 0; k < whole.length; k++) err = Math.max(err, Math.abs(left[k] + right[k] - whole[k]));
  const out = new Float64Array(whole.length);
  if (depth <= 0 || err <= 15 * tol || m - a <= 1e-13 * Math.max(1, Math.abs(m))) {
    for (let k = 0; k < out.length; k++) out[k] = left[k] + right[k] + (left[k] + right[k] - whole[k]) / 15;
    return out;
  }
  const l = refine(f, a, m, fa, flm, fm, left, tol / 2, depth - 1, q);
  const r = refine(f, m, b, fm, frm, fb, right, tol / 2, depth - 1, q);
  for (let k = 0; k < out.length; k++) out[k] = l[k] + r[k];
  return out;
}

class QuadBudget {}
class QuadDomain {
  constructor(readonly t: number) {}
}

/** Where a half-line is folded onto (0, 1]: the integrand at t = −10^8 stands for the tail. */
const U_MIN = 1e-8;

/**
 * ∫_a^b f(t) dt. Finite bounds: adaptive Simpson. An infinite bound: t = b − (1−u)/u (or a + (1−u)/u)
 * maps the half-line to u in (0, 1], integrated on [1e-8, 1]: exact for integrands that vanish
 * beyond |t| = 1e8, and for decaying integrands the neglected tail is below the tolerance.
 */
export function integrate(f: PointFn, a: number, b: number, maxEvals: number): CalcResult {
  const q: Quad = { evals: 0, max: maxEvals };
  const g = (t: number): Float64Array => {
    const v = f(t);
    if (v === null) throw new QuadDomain(t);
    return v;
  };
  try {
    if (a === b) return { ok: true, value: g(a).map(() => 0) };
    if (a > b) {
      const r = integrate(f, b, a, maxEvals);
      return r.ok ? { ok: true, value: r.value.map((x) => -x) } : r;
    }
    const tol = 1e-10;
    let value: Float64Array;
    if (a === -Infinity && b === Infinity) {
      const l = integrate(f, -Infinity, 0, maxEvals);
      const r = integrate(f, 0, Infinity, maxEvals);
      if (!l.ok) return l;
      if (!r.ok) return r;
      return { ok: true, value: l.value.map((x, k) => x + r.value[k]) };
    } else if (a === -Infinity) {
      value = simpson((u) => scaled(g(b - (1 - u) / u), 1 / (u * u)), U_MIN, 1, tol, q);
    } else if (b === Infinity) {
      value = simpson((u) => scaled(g(a + (1 - u) / u), 1 / (u * u)), U_MIN, 1, tol, q);
    } else value = simpson(g, a, b, tol, q);
    if (!value.every(Number.isFinite)) return { ok: false, code: "no-convergence", message: "the integral does not converge" };
    return { ok: true, value };
  } catch (err) {
    if (err instanceof QuadBudget) return { ok: false, code: "budget", message: `the integral needs more than ${maxEvals} evaluations of its integrand` };
    if (err instanceof QuadDomain) return { ok: false, code: "domain", message: `the integrand is undefined at ${err.t}` };
    throw err;
  }
}

function scaled(v: Float64Array, c: number): Float64Array {
  return v.map((x) => x * c);
}

/** Mean and its standard error from per-sample values (Var: the unbiased variance and its standard error). */
export function monteCarlo(samples: Float64Array[], op: "E" | "Var"): { mean: Float64Array; stderr: Float64Array } {
  const n = samples.length;
  const size = samples[0].length;
  const mean = new Float64Array(size);
  for (const s of samples) for (let k = 0; k < size; k++) mean[k] += s[k] / n;
  if (op === "E") {
    const se = new Float64Array(size);
    for (const s of samples) for (let k = 0; k < size; k++) se[k] += (s[k] - mean[k]) ** 2;
    return { mean, stderr: se.map((v) => Math.sqrt(v / (n - 1) / n)) };
  }
  const dev = samples.map((s) => s.map((x, k) => ((x - mean[k]) ** 2 * n) / (n - 1)));
  return monteCarlo(dev, "E");
}
