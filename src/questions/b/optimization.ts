/**
 * UvA section 6 (optimisation): the Hessian at a strict minimum, how rare minima are among
 * critical points, and why gradient descent stalls then escapes near a saddle.
 */
import { Rng } from "../../tensor/rng.js";
import { tensor, type Tensor } from "../../tensor/index.js";
import { grad } from "../../autodiff/index.js";
import { evalScalar } from "./formula.js";
import { choleskySucceeds, dot, fromEigen, randomOrthogonal, symmetricEigenvalues, type Mat } from "./linalg.js";
import { Tally, withOracle, type Reference } from "./oracle.js";
import type { Question, Verification } from "../types.js";
import type { SymbolTable } from "../../expr/types.js";

type Cmp = (x: number) => boolean;

/** The sign condition on the eigenvalues that the reference states (`> 0`, `\ge 0`, `< 0`, ...). */
function eigenCondition(text: string): Cmp {
  const m = /\\lambda[^<>]*?(\\geq?|\\leq?|>|<)\s*0/.exec(text);
  if (!m) throw new Error(`reference '${text}' states no sign condition on the eigenvalues λ`);
  switch (m[1]) {
    case ">":
      return (x) => x > 0;
    case "<":
      return (x) => x < 0;
    case "\\ge":
    case "\\geq":
      return (x) => x >= 0;
    default:
      return (x) => x <= 0;
  }
}

/**
 * Strict local minimum of f(x) = ½ xᵀHx at 0, decided without eigenvalues: exactly when H is
 * positive definite, which Cholesky decides (a pivot at or below 1e-10 counts as singular).
 */
function strictMinimum(h: Mat): boolean {
  return choleskySucceeds(h, 1e-10);
}

function checkHessian(reference: Reference, seed: number): Verification {
  const cond = eigenCondition(reference.answer ?? "");
  const rng = new Rng(seed).fork("hessian");
  const t = new Tally(0);
  for (let trial = 0; trial < 60; trial++) {
    const n = rng.int(1, 6);
    const q = randomOrthogonal(n, rng);
    // Eigenvalues of random sign, some exactly 0 (a singular Hessian is no strict minimum of a quadratic).
    const lambda = Array.from({ length: n }, () => (rng.next() < 0.15 ? 0 : rng.pick([-1, 1]) * rng.uniform(0.05, 3)));
    if (trial % 3 === 0) for (let i = 0; i < n; i++) lambda[i] = Math.abs(lambda[i]) || 0.5;
    const h = fromEigen(q, lambda);
    const eig = symmetricEigenvalues(h);
    const stated = eig.every((l) => cond(Math.abs(l) < 1e-9 ? 0 : l));
    t.holds(`H with eigenvalues [${eig.map((l) => l.toFixed(3)).join(", ")}]: the reference says ${stated ? "" : "no "}strict minimum, Cholesky says ${strictMinimum(h) ? "" : "no "}strict minimum`, stated === strictMinimum(h));
  }
  return t.result(
    "Jacobi eigenvalues vs Cholesky",
    seed,
    "60 random symmetric H = Q diag(λ) Qᵀ (n in 1..6, mixed signs and zeros): the reference's eigenvalue condition, on eigenvalues from a Jacobi solver, must agree with positive definiteness decided by Cholesky (f(x) = ½xᵀHx has a strict minimum at 0 exactly then).",
  );
}

export const hessianMinimum: Question = withOracle(
  {
    id: "hessian-minimum-eigenvalues",
    title: "Eigenvalues of the Hessian at a strict local minimum",
    section: "B",
    source: "UvA DL, theory 6a",
    prompt:
      "Let $p$ be a critical point of $f$, $\\nabla_x f(x_p) = 0$, with a real non-singular Hessian $H$. " +
      "Show that at a strictly local minimum (H positive definite) the eigenvalues of $H$ are all positive.",
    symbols: { symbols: [] },
    slots: ["answer"],
    reference: { answer: "\\lambda_i(H) > 0 \\text{ for every } i" },
    kind: "fact",
    grading: "manual",
    explanation:
      "For an eigenvector $v$ with $Hv = \\lambda v$, $v^\\top H v = \\lambda \\|v\\|^2$. Positive definiteness " +
      "($v^\\top H v > 0$ for $v \\ne 0$) forces $\\lambda > 0$; conversely, writing any $v$ in the orthonormal eigenbasis, " +
      "$v^\\top H v = \\sum_i \\lambda_i c_i^2 > 0$ when all $\\lambda_i > 0$. By Taylor, $f(p + v) \\approx f(p) + \\frac12 v^\\top H v$, so this is a strict minimum.",
  },
  checkHessian,
);

const nTable: SymbolTable = {
  symbols: [{ name: "n", kind: "dimension", domain: { kind: "integer", lo: 1, hi: 30 }, description: "number of parameters (eigenvalues)" }],
};

function checkSaddle(reference: Reference, seed: number): Verification {
  const rng = new Rng(seed).fork("saddle");
  const t = new Tally(1e-12);
  // Exact: enumerate all 2^n sign patterns of the eigenvalues.
  for (let n = 1; n <= 12; n++) {
    let minima = 0;
    let saddles = 0;
    for (let mask = 0; mask < 1 << n; mask++) {
      if (mask === (1 << n) - 1) minima++;
      else if (mask !== 0) saddles++;
    }
    t.close(`P(minimum), n = ${n}, by enumeration`, minima / 2 ** n, evalScalar(reference.P, nTable, { n }));
    t.close(`saddles per minimum, n = ${n}, by enumeration`, saddles / minima, evalScalar(reference.R, nTable, { n }));
  }
  // Monte Carlo: eigenvalue signs of random symmetric matrices with a sign-symmetric spectrum.
  const trials = 4000;
  let detail = "";
  for (const n of [1, 2, 3, 4]) {
    let minima = 0;
    for (let s = 0; s < trials; s++) {
      const lambda = Array.from({ length: n }, () => rng.normal());
      const h = fromEigen(randomOrthogonal(n, rng), lambda);
      if (choleskySucceeds(h, 0)) minima++;
    }
    const p = evalScalar(reference.P, nTable, { n });
    const se = Math.sqrt((p * (1 - p)) / trials);
    const est = minima / trials;
    t.within(`Monte Carlo P(minimum), n = ${n} (±5 standard errors)`, est, p, 5 * se + 1e-12);
    detail += ` n = ${n}: ${est.toFixed(4)} vs ${p.toFixed(4)};`;
  }
  return t.result(
    "enumeration and Monte Carlo",
    seed,
    `All 2ⁿ sign patterns for n = 1..12 (one all-positive minimum, one all-negative maximum, 2ⁿ − 2 saddles); and ${trials} random symmetric matrices with N(0,1) eigenvalues per n, positive definite by Cholesky:${detail}`,
  );
}

export const saddleProbability: Question = withOracle(
  {
    id: "saddle-probability",
    title: "Why saddle points outnumber minima",
    section: "B",
    source: "UvA DL, theory 6b",
    prompt:
      "Treat the sign of each of the $n$ eigenvalues of the Hessian at a critical point as a fair coin. " +
      "Give the probability $P$ that the critical point is a local minimum, and the number $R$ of saddle points per local minimum.",
    symbols: nTable,
    slots: ["P", "R"],
    reference: { P: "2^{-n}", R: "2^{n} - 2" },
    kind: "formula",
    mistakes: [{ code: "saddle-count-maximum", message: "The all-negative pattern is a maximum, not a saddle: 2ⁿ − 2 patterns are saddles.", answer: { R: "2^{n} - 1" } }],
    explanation:
      "A minimum needs all $n$ signs positive, probability $2^{-n}$; a maximum all negative, also $2^{-n}$. " +
      "Every other pattern, $2^n - 2$ of them, is a saddle, so in high dimension almost every critical point is a saddle.",
  },
  checkSaddle,
);

const gdTable: SymbolTable = {
  symbols: [
    { name: "\\eta", kind: "scalar", shape: [], domain: { kind: "interval", lo: 0, hi: 0.5, closedLo: false, closedHi: false }, description: "step size" },
    // One symbol per slot, each on its own side of 0: A is asked for a negative eigenvalue, B for a positive one.
    { name: "\\nu", kind: "scalar", shape: [], domain: { kind: "interval", lo: -5, hi: 0, closedLo: false, closedHi: false }, description: "a negative eigenvalue of H (slot A)" },
    { name: "\\lambda", kind: "scalar", shape: [], domain: { kind: "interval", lo: 0, hi: 5, closedLo: false, closedHi: false }, description: "a positive eigenvalue of H (slot B)" },
  ],
};

function checkGdSaddle(reference: Reference, seed: number): Verification {
  const rng = new Rng(seed).fork("gd-saddle");
  const t = new Tally(1e-8);
  let escaped = 0;
  const runs = 20;
  for (let run = 0; run < runs; run++) {
    const n = rng.int(2, 6);
    const q = randomOrthogonal(n, rng);
    const lambda = Array.from({ length: n }, (_, i) => (i === 0 ? -1 : i === 1 ? 1 : rng.pick([-1, 1])) * rng.uniform(0.1, 2));
    const h = fromEigen(q, lambda);
    const p = Array.from({ length: n }, () => rng.normal());
    const eta = rng.uniform(0.01, 0.4);
    // The gradient of f(x) = ½(x − p)ᵀH(x − p) by the autodiff engine, from f alone.
    const hT = tensor(h);
    const pT = tensor(p.map((v) => [v]));
    const df = grad((x: Tensor) => {
      const d = x.sub(pT);
      return d.T.matmul(hT).matmul(d).mul(0.5).sum();
    });
    const gradF = (x: number[]): number[] => Array.from(df(tensor(x.map((v) => [v])))[0].data);
    let x = p.map((v) => v + 1e-3 * rng.normal());
    const start = Math.sqrt(x.reduce((s, v, i) => s + (v - p[i]) ** 2, 0));
    for (let step = 0; step < 15; step++) {
      const g = gradF(x);
      const next = x.map((v, i) => v - eta * g[i]);
      for (let k = 0; k < n; k++) {
        const before = dot(q[k], x.map((v, i) => v - p[i]));
        const after = dot(q[k], next.map((v, i) => v - p[i]));
        // Components far below the others are mostly rounding error: compare where they carry digits.
        const size = Math.sqrt(x.reduce((acc, v, i) => acc + (v - p[i]) ** 2, 0));
        if (Math.abs(before) < 1e-6 * size) continue;
        const slot = lambda[k] < 0 ? "A" : "B";
        const factor = evalScalar(reference[slot], gdTable, { "\\eta": eta, [slot === "A" ? "\\nu" : "\\lambda"]: lambda[k] });
        t.close(`growth factor along an eigenvector with λ = ${lambda[k].toFixed(3)}, η = ${eta.toFixed(3)} (slot ${slot})`, after / before, factor, 1e-6);
      }
      x = next;
    }
    const end = Math.sqrt(x.reduce((s, v, i) => s + (v - p[i]) ** 2, 0));
    if (end > start) escaped++;
  }
  // Away from the saddle along its unstable directions: with mixed curvature some runs also get closer first.
  t.holds("gradient descent moved away from the saddle in at least one run", escaped > 0);
  return t.result(
    "gradient descent iterates",
    seed,
    `${runs} quadratics with a saddle at p (n in 2..6, random eigenbasis), 15 GD steps from p + 10⁻³ noise with the gradient of f by the autodiff engine; the ratio of successive components of x − p along each eigenvector against the reference factor. In ${escaped} of ${runs} runs x ended further from p than it started.`,
  );
}

export const gdNearSaddle: Question = withOracle(
  {
    id: "gd-near-saddle",
    title: "Gradient descent near a saddle point",
    section: "B",
    source: "UvA DL, theory 6c",
    prompt:
      "Near a critical point $p$ with Hessian $H$, gradient descent with step $\\eta$ gives $x_{t+1} - p \\approx (I - \\eta H)(x_t - p)$. " +
      "By what factor is the component of $x_t - p$ along an eigenvector with eigenvalue $\\nu < 0$ multiplied at each step (slot $A$), " +
      "and along one with eigenvalue $\\lambda > 0$ (slot $B$)?",
    symbols: gdTable,
    slots: ["A", "B"],
    reference: { A: "1 + \\eta |\\nu|", B: "1 - \\eta \\lambda" },
    kind: "formula",
    mistakes: [
      { code: "saddle-factor-shrinks", message: "Along negative curvature, I − ηH multiplies by 1 − ην = 1 + η|ν| > 1: the deviation grows.", answer: { A: "1 - \\eta |\\nu|" } },
    ],
    explanation:
      "Along negative-curvature directions the deviation grows geometrically, but starting from almost 0 near the saddle it takes many steps " +
      "before it is noticeable, while the gradient $H(x_t - p)$ is tiny: training appears to stall on a plateau. Along positive directions it shrinks.",
  },
  checkGdSaddle,
);

export { checkHessian, checkSaddle, checkGdSaddle };
