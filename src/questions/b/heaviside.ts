/**
 * IFT6135 Q1 and the scaled sigmoid of homework 3: derivatives of ReLU and sigmoids, the Heaviside
 * step as a derivative, as an integral and as a limit, and its distributional derivative.
 */
import { Rng } from "../../tensor/rng.js";
import { grad } from "../../autodiff/index.js";
import { tensor, type Tensor } from "../../tensor/index.js";
import type { SymbolTable } from "../../expr/types.js";
import { bankReference, evalScalar } from "./formula.js";
import { Tally, withOracle, type Reference } from "./oracle.js";
import type { Question, Verification } from "../types.js";

const relu = (x: number): number => Math.max(0, x);
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

// ---------------------------------------------------------------- scaled sigmoid

const sigmaHatTable: SymbolTable = {
  symbols: [
    { name: "z", kind: "scalar", shape: [], domain: { kind: "real" } },
    {
      name: "\\hat{\\sigma}",
      kind: "function",
      params: ["z"],
      definition: "\\frac{1}{1 + e^{-2z}}",
      description: "the scaled sigmoid",
    },
  ],
};

function checkScaledSigmoid(reference: Reference, seed: number): Verification {
  const rng = new Rng(seed).fork("scaled-sigmoid");
  const t = new Tally(1e-10);
  const f = (z: Tensor): Tensor => tensor(1).div(z.mul(-2).exp().add(1));
  const df = grad(f);
  for (let i = 0; i < 40; i++) {
    const z = i < 30 ? rng.normal(0, 2) : rng.uniform(-12, 12);
    const [g] = df(tensor(z));
    t.close(`σ̂'(${z.toFixed(4)})`, g.item(), evalScalar(reference.D, sigmaHatTable, { z }));
  }
  return t.result("autodiff derivative", seed, "Reverse-mode derivative of 1/(1 + e^{−2z}) at 40 random z (|z| up to 12) against the reference evaluated there.");
}

export const scaledSigmoidGrad: Question = withOracle(
  {
    id: "scaled-sigmoid-grad",
    title: "Derivative of the scaled sigmoid",
    section: "B",
    source: "homework 3, problem 2",
    prompt:
      "The scaled sigmoid is $\\hat\\sigma(z) = \\frac{1}{1 + e^{-2z}}$. Give its derivative $D = \\hat\\sigma'(z)$, " +
      "preferably in terms of $\\hat\\sigma(z)$ (what `sigmoid_gradient()` should return).",
    symbols: sigmaHatTable,
    slots: ["D"],
    reference: { D: "2 \\hat{\\sigma}(z) (1 - \\hat{\\sigma}(z))" },
    kind: "formula",
    explanation:
      "$\\hat\\sigma(z) = \\sigma(2z)$, so by the chain rule $\\hat\\sigma'(z) = 2\\sigma'(2z) = 2\\sigma(2z)(1 - \\sigma(2z)) = 2\\hat\\sigma(z)(1 - \\hat\\sigma(z))$.",
  },
  checkScaledSigmoid,
  () => ({ D: bankReference("scaled-sigmoid-grad", "2 \\hat{\\sigma}(z) (1 - \\hat{\\sigma}(z))") }),
);

// ---------------------------------------------------------------- ReLU and Heaviside

const xTable: SymbolTable = { symbols: [{ name: "x", kind: "scalar", shape: [], domain: { kind: "real" } }] };
/** ReLU's derivative is asked only where it exists: answers are compared away from x = 0. */
const reluTable: SymbolTable = { symbols: [{ name: "x", kind: "scalar", shape: [], domain: { kind: "awayFromKink", margin: 0.01 } }] };

/**
 * ∫_{lo}^{x} H(t) dt by the composite midpoint rule, with the grid split at the jump t = 0 as
 * quadrature of a piecewise-smooth integrand should be.
 */
function integrateH(x: number, lo: number): number {
  const H = (v: number): number => (v > 0 ? 1 : v < 0 ? 0 : 0.5);
  const midpoint = (a: number, b: number): number => {
    const n = 2000;
    const h = (b - a) / n;
    let s = 0;
    for (let i = 0; i < n; i++) s += H(a + (i + 0.5) * h);
    return s * h;
  };
  return x <= 0 ? midpoint(lo, x) : midpoint(lo, 0) + midpoint(0, x);
}

function checkReluHeaviside(reference: Reference, seed: number): Verification {
  const rng = new Rng(seed).fork("relu-heaviside");
  const t = new Tally(1e-6);
  for (let i = 0; i < 30; i++) {
    // Away from the kink for the derivative; 0 itself included for the definitions.
    const x = (rng.next() < 0.5 ? -1 : 1) * (0.05 + Math.abs(rng.normal(0, 2)));
    const e = 1e-6;
    t.close(`difference quotient of ReLU at ${x.toFixed(4)} vs D`, (relu(x + e) - relu(x - e)) / (2 * e), evalScalar(reference.D, reluTable, { x }));
    const y = i === 0 ? 0 : rng.normal(0, 2);
    t.close(`ReLU(${y.toFixed(4)}) vs A`, relu(y), evalScalar(reference.A, reluTable, { x: y }));
    // The evaluator integrates B by adaptive quadrature: every other point keeps the check affordable.
    if (i % 2 === 0) t.close(`ReLU(${y.toFixed(4)}) vs B`, relu(y), evalScalar(reference.B, reluTable, { x: y }), 1e-3);
    // The identity behind B, by quadrature independent of the evaluator.
    t.close(`midpoint-rule ∫ H from −10 to ${y.toFixed(4)}`, integrateH(y, -10), relu(y), 1e-9);
  }
  return t.result(
    "difference quotients and quadrature",
    seed,
    "Central difference quotients of max(0, x) at 30 random x ≠ 0 against D; max(0, x) against A at 30 random x and B at 15 (0 included); the midpoint-rule integral of H against max(0, x).",
  );
}

export const reluHeaviside: Question = withOracle(
  {
    id: "relu-heaviside",
    title: "ReLU and the Heaviside step",
    section: "B",
    source: "IFT6135 H2019 A1, question 1.1–1.2",
    prompt:
      "With $H(x) = 1$ for $x > 0$, $\\frac12$ at $0$, $0$ for $x < 0$, let $g(x) = \\max\\{0, x\\}$. " +
      "Give the derivative $D = g'(x)$ where it exists ($x \\ne 0$) in terms of $H$, and two alternative definitions $A$ and $B$ of $g(x)$ using $H$.",
    symbols: reluTable,
    slots: ["D", "A", "B"],
    reference: { D: "H(x)", A: "x H(x)", B: "\\int_{-\\infty}^{x} H(t) \\, dt" },
    kind: "formula",
    explanation:
      "For $x > 0$, $g(x + \\epsilon) - g(x) = \\epsilon$ for small $\\epsilon$, so $g'(x) = 1$; for $x < 0$ the difference is 0. " +
      "Hence $g' = H$ away from 0, $g(x) = x H(x)$ (at 0 both sides are 0), and $g(x) = \\int_{-\\infty}^x H(t)\\,dt$.",
  },
  checkReluHeaviside,
  () => ({ D: bankReference("relu-heaviside", "H(x)") }),
);

function checkSigmoidLimit(reference: Reference, seed: number): Verification {
  const rng = new Rng(seed).fork("sigmoid-heaviside");
  const t = new Tally(1e-9);
  const points = [0, 0, ...Array.from({ length: 20 }, () => (rng.next() < 0.5 ? -1 : 1) * 10 ** rng.uniform(-3, 1))];
  for (const x of points) {
    const target = evalScalar(reference.L, xTable, { x });
    let prev = Infinity;
    for (let j = 0; j <= 10; j++) {
      const err = Math.abs(sigmoid(10 ** j * x) - target);
      // The gap must shrink (or stay 0) as k grows, and be gone at k = 10¹⁰.
      if (err > prev + 1e-15) t.holds(`|σ(kx) − L| grows with k at x = ${x}`, false);
      prev = err;
    }
    t.close(`σ(10¹⁰ · ${x.toPrecision(3)})`, sigmoid(1e10 * x), target);
  }
  return t.result(
    "numeric limit",
    seed,
    "σ(kx) for k = 1, 10, …, 10¹⁰ at x = 0 and 20 random x with 10⁻³ ≤ |x| ≤ 10: the distance to the reference decreases in k and vanishes; at x = 0 σ(kx) = 1/2 for every k.",
  );
}

export const sigmoidToHeaviside: Question = withOracle(
  {
    id: "sigmoid-to-heaviside",
    title: "The sigmoid tends to the Heaviside step",
    section: "B",
    source: "IFT6135 H2019 A1, question 1.3",
    prompt: "Let $\\sigma(x) = \\frac{1}{1 + e^{-kx}}$. Give the limit $L = \\lim_{k \\to \\infty} \\sigma(kx)$ as a function of $x$ (mind $x = 0$).",
    symbols: xTable,
    slots: ["L"],
    reference: { L: "H(x)" },
    kind: "formula",
    explanation:
      "For $x > 0$, $e^{-kx} \\to 0$ and the sigmoid tends to 1; for $x < 0$, $e^{-kx} \\to \\infty$ and it tends to 0; " +
      "at $x = 0$ it is $\\frac12$ for every $k$. That is $H(x)$, with $H(0) = \\frac12$.",
  },
  checkSigmoidLimit,
  () => ({ L: bankReference("sigmoid-to-heaviside", "H(x)") }),
);

// ---------------------------------------------------------------- distributional derivative

/** A smooth bump of half-width a centred at c: exp(−1/(1 − u²)), u = (x − c)/a, and its derivative. */
function bump(a: number, c: number) {
  const phi = (x: number): number => {
    const u = (x - c) / a;
    return Math.abs(u) < 1 ? Math.exp(-1 / (1 - u * u)) : 0;
  };
  const dphi = (x: number): number => {
    const u = (x - c) / a;
    return Math.abs(u) < 1 ? (phi(x) * (-2 * u)) / ((1 - u * u) ** 2 * a) : 0;
  };
  return { phi, dphi };
}

/** The point at which the reference evaluates φ: `\phi(0)` gives {sign 1, at 0}. */
function readPointEvaluation(text: string): { sign: number; at: number } {
  const m = /^\s*(-)?\s*\\phi\s*\(\s*(-?\d+(?:\.\d+)?)\s*\)\s*$/.exec(text);
  if (!m) throw new Error(`reference '${text}' is not of the form \\phi(a) or -\\phi(a)`);
  return { sign: m[1] ? -1 : 1, at: Number(m[2]) };
}

function checkDistributional(reference: Reference, seed: number): Verification {
  const rng = new Rng(seed).fork("distributional");
  const { sign, at } = readPointEvaluation(reference.V ?? "");
  const t = new Tally(1e-6);
  for (let i = 0; i < 12; i++) {
    const a = rng.uniform(0.5, 3);
    // Most bumps straddle 0; some lie entirely on one side, where H'[φ] is still φ(0) (then 0 or not).
    const c = i < 9 ? rng.uniform(-0.8 * a, 0.8 * a) : rng.pick([-1, 1]) * (a + rng.uniform(0.1, 1));
    const { phi, dphi } = bump(a, c);
    // The closed-form φ' against central differences, so the quadrature integrates the right thing.
    const probe = c + 0.3 * a;
    t.close("bump derivative vs central difference", dphi(probe), (phi(probe + 1e-6) - phi(probe - 1e-6)) / 2e-6, 1e-6);
    // −∫ H φ' = −∫_0^∞ φ' (H vanishes on x < 0), composite Simpson on [0, c + a].
    const hi = Math.max(c + a, 0);
    const n = 20000;
    const h = hi / n;
    let s = 0;
    if (hi > 0) {
      s = dphi(0) + dphi(hi);
      for (let k = 1; k < n; k++) s += (k % 2 ? 4 : 2) * dphi(k * h);
      s *= h / 3;
    }
    t.close(`−∫ H φ' for the bump at c = ${c.toFixed(3)}, a = ${a.toFixed(3)}`, -s, sign * phi(at));
  }
  return t.result(
    "quadrature on bump functions",
    seed,
    "12 random bumps exp(−1/(1 − u²)), u = (x − c)/a: −∫ H(x) φ'(x) dx by Simpson's rule (20 000 panels) against the reference point evaluation.",
  );
}

export const heavisideDistributional: Question = withOracle(
  {
    id: "heaviside-distributional-derivative",
    title: "The distributional derivative of the Heaviside step",
    section: "B",
    source: "IFT6135 H2019 A1, question 1.4",
    prompt:
      "For a function $F$ and a smooth test function $\\phi$ with compact support, $F[\\phi] = \\int_{\\mathbb{R}} F(x) \\phi(x)\\,dx$, " +
      "and $F'[\\phi] = -\\int_{\\mathbb{R}} F(x) \\phi'(x)\\,dx$. Give $V = H'[\\phi]$.",
    symbols: {
      symbols: [{ name: "\\phi", kind: "function", family: ["sin", "tanh", "sigmoid"], description: "a test function" }],
    },
    slots: ["V"],
    reference: { V: "\\phi(0)" },
    kind: "fact",
    grading: "formula",
    explanation:
      "Integration by parts gives $F'[\\phi] = -\\int F \\phi'$ for differentiable $F$ (the boundary terms vanish with $\\phi$). " +
      "For $H$: $-\\int_{\\mathbb{R}} H \\phi' = -\\int_0^A \\phi'(x)\\,dx = -(\\phi(A) - \\phi(0)) = \\phi(0)$: $H' = \\delta$.",
  },
  checkDistributional,
);

export { checkScaledSigmoid, checkReluHeaviside, checkSigmoidLimit, checkDistributional };
