/**
 * IFT6135 Q4 and Q5: rewriting a sigmoid network as a tanh network, and interpolating N samples
 * with a two-layer network of N − 1 hidden units. The oracles build the networks with random
 * weights and compare what they compute.
 */
import { Rng } from "../../tensor/rng.js";
import { randn } from "../../tensor/index.js";
import type { SymbolTable } from "../../expr/types.js";
import { evalAt, toRows as rows } from "./formula.js";
import { solve, type Mat } from "./linalg.js";
import { Tally, withOracle, type Reference } from "./oracle.js";
import type { Question, Verification } from "../types.js";
import { SCALAR_FUNCTIONS } from "../../numeric/scalar-functions.js";

// ---------------------------------------------------------------- sigmoid → tanh

const twoLayer: SymbolTable = {
  symbols: [
    { name: "W_1", kind: "matrix", shape: ["M", "D"], domain: { kind: "real" }, description: "first-layer weights ω⁽¹⁾_{ji}" },
    { name: "b_1", kind: "vector", shape: ["M", 1], domain: { kind: "real" }, description: "first-layer biases ω⁽¹⁾_{j0}" },
    { name: "W_2", kind: "matrix", shape: ["K", "M"], domain: { kind: "real" }, description: "second-layer weights ω⁽²⁾_{kj}" },
    { name: "b_2", kind: "vector", shape: ["K", 1], domain: { kind: "real" }, description: "second-layer biases ω⁽²⁾_{k0}" },
  ],
};

function checkSigmoidTanh(reference: Reference, seed: number): Verification {
  const rng = new Rng(seed).fork("sigmoid-tanh");
  const t = new Tally(1e-10);
  for (let trial = 0; trial < 20; trial++) {
    const [d, m, k] = [rng.int(1, 5), rng.int(1, 6), rng.int(1, 4)];
    const W1 = randn([m, d], rng), b1 = randn([m, 1], rng), W2 = randn([k, m], rng), b2 = randn([k, 1], rng);
    const values = { W_1: rows(W1), b_1: rows(b1), W_2: rows(W2), b_2: rows(b2) };
    const [A, B, C, D] = (["A", "B", "C", "D"] as const).map((s) => evalAt(reference[s], twoLayer, values, seed));
    for (let j = 0; j < 5; j++) {
      const x = randn([d, 1], rng).mul(2);
      const ySigmoid = W2.matmul(W1.matmul(x).add(b1).sigmoid()).add(b2);
      const yTanh = C.matmul(A.matmul(x).add(B).tanh()).add(D);
      t.closeAll(`y(x, Θ', tanh) vs y(x, Θ, σ), D = ${d}, M = ${m}, K = ${k}`, yTanh.data, ySigmoid.data);
    }
  }
  return t.result(
    "both networks built",
    seed,
    "20 random sigmoid networks (D ≤ 5 inputs, M ≤ 6 hidden, K ≤ 4 outputs), the tanh network's parameters from the reference, outputs compared at 5 random inputs each.",
  );
}

export const sigmoidTanhNetwork: Question = withOracle(
  {
    id: "sigmoid-tanh-network",
    title: "A sigmoid network as a tanh network",
    section: "B",
    source: "IFT6135 H2019 A1, question 4",
    prompt:
      "A two-layer network $y(x, \\Theta, \\sigma) = W_2\\, \\sigma(W_1 x + b_1) + b_2$ (the assignment's $\\omega^{(1)}_{ji}$, $\\omega^{(1)}_{j0}$, " +
      "$\\omega^{(2)}_{kj}$, $\\omega^{(2)}_{k0}$) uses the logistic sigmoid. Give the parameters of a network of the same form with tanh activation " +
      "that computes the same function: $A = \\tilde W_1$, $B = \\tilde b_1$, $C = \\tilde W_2$, $D = \\tilde b_2$.",
    symbols: twoLayer,
    slots: ["A", "B", "C", "D"],
    reference: { A: "\\frac{1}{2} W_1", B: "\\frac{1}{2} b_1", C: "\\frac{1}{2} W_2", D: "b_2 + \\frac{1}{2} W_2 \\mathbf{1}" },
    kind: "formula",
    mistakes: [
      {
        code: "tanh-output-bias-unshifted",
        message: "σ(a) = (1 + tanh(a/2))/2 has a constant ½: it adds ½ Σ_j ω⁽²⁾_kj to each output bias.",
        answer: { D: "b_2" },
      },
      { code: "tanh-argument-not-halved", message: "σ(a) = (1 + tanh(a/2))/2: the argument of tanh is halved, so the first-layer weights are too.", answer: { A: "W_1" } },
    ],
    explanation:
      "$\\sigma(a) = \\frac{1 + \\tanh(a/2)}{2}$. Then $W_2 \\sigma(W_1 x + b_1) + b_2 = \\frac12 W_2 \\tanh(\\frac12 W_1 x + \\frac12 b_1) + b_2 + \\frac12 W_2 \\mathbf{1}$: " +
      "$\\tilde\\omega^{(1)} = \\omega^{(1)}/2$, $\\tilde\\omega^{(2)}_{kj} = \\omega^{(2)}_{kj}/2$, $\\tilde\\omega^{(2)}_{k0} = \\omega^{(2)}_{k0} + \\frac12 \\sum_j \\omega^{(2)}_{kj}$.",
  },
  checkSigmoidTanh,
);

// ---------------------------------------------------------------- interpolation

const interpTable: SymbolTable = {
  symbols: [
    { name: "X", kind: "matrix", shape: ["N", "n"], domain: { kind: "real" }, description: "the samples x⁽ⁱ⁾ᵀ as rows" },
    { name: "w", kind: "vector", shape: ["n", 1], domain: { kind: "real" } },
    { name: "b", kind: "vector", shape: ["H", 1], domain: { kind: "real" }, description: "b⁽¹⁾, one bias per hidden unit (H = N − 1)" },
    { name: "\\phi", kind: "elementwise", family: ["tanh", "sigmoid", "softplus"], description: "the activation" },
  ],
};

/** The network's hidden activations on every sample, plus the constant 1 of the output bias. */
function hiddenDesign(X: number[][], w: number[], b: number[], phi: (v: number) => number): Mat {
  return X.map((x) => {
    const proj = x.reduce((s, v, i) => s + v * w[i], 0);
    return [...b.map((bj) => phi(proj + bj)), 1];
  });
}

const PHI: Record<string, (v: number) => number> = {
  tanh: SCALAR_FUNCTIONS.tanh,
  sigmoid: SCALAR_FUNCTIONS.sigma,
  softplus: SCALAR_FUNCTIONS.softplus,
};

function checkInterpolation(reference: Reference, seed: number): Verification {
  const rng = new Rng(seed).fork("interpolation");
  const t = new Tally(1e-9);
  let triangular = 0;
  for (let trial = 0; trial < 15; trial++) {
    const N = rng.int(2, 7);
    const n = rng.int(1, 4);
    const m = rng.int(1, 3);
    const X = Array.from({ length: N }, () => Array.from({ length: n }, () => rng.normal()));
    const w = Array.from({ length: n }, () => rng.normal());
    const b = Array.from({ length: N - 1 }, () => rng.normal());
    const fam = rng.pick(Object.keys(PHI));
    // (1) The reference's M against the design matrix read off the network.
    const M = evalAt(reference.M, interpTable, { X, w: w.map((v) => [v]), b: b.map((v) => [v]) }, seed, { "\\phi": fam });
    t.closeAll(`M with φ = ${fam}, N = ${N}`, M.data, hiddenDesign(X, w, b, PHI[fam]).flat());
    // (2) ReLU with b_j = −wᵀx⁽ʲ⁾ + ε, samples sorted by decreasing projection, ε below the smallest gap.
    const order = X.map((x, i) => ({ x, p: x.reduce((s, v, k) => s + v * w[k], 0), i })).sort((a, c) => c.p - a.p);
    const gap = Math.min(...order.slice(1).map((o, k) => order[k].p - o.p));
    const eps = gap * rng.uniform(0.3, 0.7);
    const sorted = order.map((o) => o.x);
    const biases = sorted.slice(0, N - 1).map((x) => -x.reduce((s, v, k) => s + v * w[k], 0) + eps);
    const R = hiddenDesign(sorted, w, biases, (v) => Math.max(0, v));
    // M_ij = ReLU(wᵀx⁽ⁱ⁾ − wᵀx⁽ʲ⁾ + ε) vanishes for i > j; the last column (ones) is never below the diagonal.
    const upper = R.every((row, i) => row.every((v, j) => j >= i || v === 0));
    const diag = R.every((row, i) => row[i] !== 0);
    if (upper && diag) triangular++;
    t.holds(`ReLU M is upper triangular with a non-zero diagonal for ε = ${eps.toExponential(2)} < gap ${gap.toExponential(2)}`, upper && diag);
    // (3) Solve M W̃ = F and check the network interpolates.
    const F = Array.from({ length: N }, () => Array.from({ length: m }, () => rng.normal()));
    const Wt = solve(R, F);
    // A small gap makes M ill-conditioned and W̃ large: judge the residual against the size of the
    // terms that were summed (what a backward-stable solve guarantees), not against f alone.
    R.forEach((row, i) =>
      F[0].forEach((_, c) => {
        const out = row.reduce((acc, v, j) => acc + v * Wt[j][c], 0);
        const scale = row.reduce((acc, v, j) => acc + Math.abs(v * Wt[j][c]), 0);
        t.within(`network output on sample ${i + 1}, output ${c + 1}, vs f`, out, F[i][c], 1e-10 * scale + 1e-12);
      }),
    );
  }
  return t.result(
    "networks built and solved",
    seed,
    `15 random sample sets (N ≤ 7 in ℝⁿ, n ≤ 4): the reference M against the network's hidden design matrix for tanh, sigmoid and softplus; with ReLU, samples sorted by decreasing wᵀx and ε below the smallest gap, M was upper triangular with a non-zero diagonal ${triangular} times out of 15 and solving M W̃ = F made the network interpolate F.`,
  );
}

export const interpolationNetwork: Question = withOracle(
  {
    id: "interpolation-network",
    title: "Interpolating N samples with N − 1 hidden units",
    section: "B",
    source: "IFT6135 H2019 A1, question 5",
    prompt:
      "A two-layer network with $N - 1$ hidden units, activation $\\phi$, first-layer weights $W^{(1)} = [w, \\dots, w]^\\top$ and biases $b = b^{(1)}$, " +
      "and a linear output. With the samples $x^{(1)}, \\dots, x^{(N)}$ as the rows of $X$, interpolation is $M \\tilde W^{(2)} = F$. Give the $N \\times N$ matrix $M$.",
    symbols: interpTable,
    slots: ["M"],
    reference: { M: "[\\phi(X w \\mathbf{1}^\\top + \\mathbf{1} b^\\top), \\mathbf{1}]" },
    kind: "formula",
    explanation:
      "$M_{ij} = \\phi(w^\\top x^{(i)} + b_j)$ for $j < N$ and $M_{iN} = 1$. With ReLU, number the samples so that $w^\\top x^{(1)} > \\dots > w^\\top x^{(N)}$ " +
      "and set $b_j = -w^\\top x^{(j)} + \\epsilon$ with $0 < \\epsilon < \\min_i (w^\\top x^{(i)} - w^\\top x^{(i+1)})$: then $M_{ij} = \\max(0, w^\\top x^{(i)} - w^\\top x^{(j)} + \\epsilon) = 0$ " +
      "for $i > j$, $M_{jj} = \\epsilon$, and the last column is ones, so $M$ is upper triangular with a non-zero diagonal, invertible, and $\\tilde W^{(2)} = M^{-1} F$ interpolates.",
  },
  checkInterpolation,
);

export { checkSigmoidTanh, checkInterpolation };
