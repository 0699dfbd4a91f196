/**
 * D.3: cross-entropy as a Bernoulli likelihood and as KL plus entropy; a mixture of logistic
 * regressions as a one-hidden-layer network.
 */
import { Rng } from "../../tensor/rng.js";
import { tensor } from "../../tensor/index.js";
import type { SymbolTable } from "../../expr/types.js";
import { evalAt, evalScalar } from "../b/formula.js";
import { Tally, withOracle, type Reference } from "../b/oracle.js";
import type { Question, Verification } from "../types.js";

const open01 = { kind: "interval" as const, lo: 0, hi: 1, closedLo: false, closedHi: false };
const ceTable: SymbolTable = {
  symbols: [
    { name: "p", kind: "scalar", shape: [], domain: open01, description: "the predicted probability" },
    { name: "x", kind: "scalar", shape: [], domain: open01, description: "the target, a probability" },
  ],
};

const ce = (p: number, x: number): number => -x * Math.log(p) - (1 - x) * Math.log(1 - p);

/** Σ_y q(y) log(q(y)/r(y)) over y ∈ {0, 1}, with 0 log 0 = 0. */
function klBernoulli(q: number, r: number): number {
  const term = (a: number, b: number): number => (a === 0 ? 0 : a * Math.log(a / b));
  return term(q, r) + term(1 - q, 1 - r);
}

function entropyBernoulli(q: number): number {
  const term = (a: number): number => (a === 0 ? 0 : -a * Math.log(a));
  return term(q) + term(1 - q);
}

/** The minimiser of p ↦ ce(p, x) on (0, 1), by golden-section search. */
function argminCe(x: number): number {
  let lo = 1e-12, hi = 1 - 1e-12;
  const g = (Math.sqrt(5) - 1) / 2;
  for (let k = 0; k < 200; k++) {
    const a = hi - g * (hi - lo), b = lo + g * (hi - lo);
    if (ce(a, x) < ce(b, x)) hi = b;
    else lo = a;
  }
  return (lo + hi) / 2;
}

function checkCe(reference: Reference, seed: number): Verification {
  const rng = new Rng(seed).fork("ce-kl");
  const t = new Tally(1e-9);
  for (let i = 0; i < 40; i++) {
    const p = rng.uniform(0.01, 0.99);
    const x = rng.uniform(0.01, 0.99);
    const kl = evalScalar(reference.K, ceTable, { p, x });
    const h = evalScalar(reference.E, ceTable, { p, x });
    t.close(`K vs KL(Bern(x) ‖ Bern(p)) by its definition, p = ${p.toFixed(3)}, x = ${x.toFixed(3)}`, klBernoulli(x, p), kl);
    t.close(`E vs the entropy of Bern(x) by its definition, x = ${x.toFixed(3)}`, entropyBernoulli(x), h);
    t.close(`ce(p, x) vs K + E`, ce(p, x), kl + h);
    // With a hard label, ce is the negative log-likelihood of the Bernoulli.
    const y = i % 2;
    t.close(`ce(p, ${y}) vs −log p^y (1 − p)^(1−y)`, ce(p, y), -Math.log(p ** y * (1 - p) ** (1 - y)));
    t.close(`argmin_p ce(p, x) = x (where KL vanishes)`, argminCe(x), x, 1e-6);
  }
  return t.result(
    "definitions on random probabilities",
    seed,
    "40 random (p, x) in (0.01, 0.99)²: the references against KL and entropy summed over the two outcomes, ce = K + E, ce as a Bernoulli negative log-likelihood for hard labels, and the minimiser of ce in p found at x by golden-section search.",
  );
}

export const crossEntropyMleKl: Question = withOracle(
  {
    id: "cross-entropy-mle-kl",
    title: "Cross-entropy, likelihood and KL divergence",
    section: "D",
    source: "fourth assignment, D.3",
    prompt:
      "Let $ce(p, x) = -x \\log p - (1 - x) \\log(1 - p)$. It is the negative log-likelihood of a Bernoulli($p$) observation $x \\in \\{0, 1\\}$. " +
      "For $x \\in (0, 1)$, write $ce(p, x) = K + E$ with $K = \\mathrm{KL}(\\mathrm{Bern}(x) \\| \\mathrm{Bern}(p))$ and $E = H(\\mathrm{Bern}(x))$: give $K$ and $E$ in $p$ and $x$.",
    symbols: ceTable,
    slots: ["K", "E"],
    reference: {
      K: "x \\log \\frac{x}{p} + (1 - x) \\log \\frac{1 - x}{1 - p}",
      E: "-x \\log x - (1 - x) \\log(1 - x)",
    },
    kind: "formula",
    mistakes: [
      {
        code: "kl-arguments-swapped",
        message: "KL is not symmetric: KL(Bern(x) ‖ Bern(p)) weights by the target x, Σ_y q(y) log(q(y)/r(y)) with q = Bern(x).",
        answer: { K: "p \\log \\frac{p}{x} + (1 - p) \\log \\frac{1 - p}{1 - x}" },
      },
    ],
    explanation:
      "$ce(p, x) = -\\sum_y q(y) \\log r(y)$ with $q = \\mathrm{Bern}(x)$, $r = \\mathrm{Bern}(p)$; adding and subtracting $\\sum_y q(y) \\log q(y)$ gives KL plus entropy. " +
      "Minimising cross-entropy in $p$ is minimising the KL (the entropy does not depend on $p$): maximum likelihood, with minimum at $p = x$.",
  },
  checkCe,
);

// ---------------------------------------------------------------- mixture of logistic regressions

const mixTable: SymbolTable = {
  symbols: [
    { name: "\\pi", kind: "vector", shape: ["K", 1], domain: { kind: "probability" }, description: "mixing weights" },
    { name: "W", kind: "matrix", shape: ["K", "d"], domain: { kind: "real" }, description: "rows w_kᵀ" },
    { name: "x", kind: "vector", shape: ["d", 1], domain: { kind: "real" } },
  ],
};

function checkMixture(reference: Reference, seed: number): Verification {
  const rng = new Rng(seed).fork("mixture");
  const t = new Tally(1e-12);
  for (let i = 0; i < 30; i++) {
    const k = rng.int(1, 6), d = rng.int(1, 5);
    const raw = Array.from({ length: k }, () => Math.exp(rng.normal()));
    const total = raw.reduce((a, b) => a + b, 0);
    const pi = raw.map((v) => v / total);
    const W = Array.from({ length: k }, () => Array.from({ length: d }, () => rng.normal()));
    const x = Array.from({ length: d }, () => rng.normal(0, 2));
    // The mixture, term by term.
    const mixture = pi.reduce((s, p, j) => s + p / (1 + Math.exp(-W[j].reduce((a, w, c) => a + w * x[c], 0))), 0);
    // The network: a hidden layer of K sigmoid units with weights W, a linear output with weights π.
    const hidden = tensor(W).matmul(tensor(x.map((v) => [v]))).sigmoid();
    const network = tensor([pi]).matmul(hidden).item();
    t.close(`network vs Σ π_k σ(w_kᵀx), K = ${k}, d = ${d}`, network, mixture);
    t.close(`reference vs Σ π_k σ(w_kᵀx)`, evalAt(reference.P, mixTable, { "\\pi": pi.map((v) => [v]), W, x: x.map((v) => [v]) }).data[0], mixture);
  }
  return t.result(
    "network built",
    seed,
    "30 random mixtures (K ≤ 6 components in d ≤ 5 dimensions): the mixture summed term by term, a network with K sigmoid hidden units and a linear output weighted by π, and the reference evaluated, all equal.",
  );
}

export const mixtureLogisticNetwork: Question = withOracle(
  {
    id: "mixture-logistic-network",
    title: "A mixture of logistic regressions is a neural network",
    section: "D",
    source: "fourth assignment, D.3",
    prompt:
      "A mixture of $K$ logistic regressions gives $p(y = 1 \\mid x) = \\sum_k \\pi_k \\sigma(w_k^\\top x)$. Write it as a network with one hidden layer: " +
      "give $P = p(y = 1 \\mid x)$ in terms of the matrix $W$ whose rows are $w_k^\\top$, the vector $\\pi$ and $x$.",
    symbols: mixTable,
    slots: ["P"],
    reference: { P: "\\pi^\\top \\sigma(W x)" },
    kind: "formula",
    explanation: "A hidden layer of $K$ sigmoid units with weights $W$ (no bias), then a linear output unit with weights $\\pi$ (no bias, no activation).",
  },
  checkMixture,
);

export { checkCe, checkMixture };
