/**
 * IFT6135 problem 1: the parameter count of the MNIST MLP, and the Glorot uniform bound.
 */
import { Rng } from "../../tensor/rng.js";
import { rand, randn, zeros, type Tensor } from "../../tensor/index.js";
import type { SymbolTable } from "../../expr/types.js";
import { bankReference, evalScalar } from "./formula.js";
import { Tally, withOracle, type Reference } from "./oracle.js";
import type { Question, Verification } from "../types.js";

const countTable: SymbolTable = {
  symbols: [
    { name: "h_1", kind: "dimension", domain: { kind: "integer", lo: 1, hi: 2048 }, description: "units of the first hidden layer" },
    { name: "h_2", kind: "dimension", domain: { kind: "integer", lo: 1, hi: 2048 }, description: "units of the second hidden layer" },
  ],
};

/** Entries of the weight and bias tensors of a 784 → h1 → h2 → 10 MLP, built for real. */
export function builtParameterCount(h1: number, h2: number): number {
  const widths = [784, h1, h2, 10];
  const tensors: Tensor[] = [];
  for (let l = 1; l < widths.length; l++) tensors.push(zeros([widths[l - 1], widths[l]]), zeros([widths[l]]));
  return tensors.reduce((s, t) => s + t.size, 0);
}

/**
 * The smallest width in 1..2048 whose count (by the reference, increasing in the width) reaches
 * `bound`, by bisection; 2049 when none does.
 */
function firstReaching(count: (h: number) => number, bound: number): number {
  let lo = 1, hi = 2049;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (count(mid) >= bound) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Widths h (1..2048) with count(h) in [0.5M, 1M], as [first, last], or null. */
function widthRange(count: (h: number) => number): [number, number] | null {
  const lo = firstReaching(count, 5e5);
  const hi = firstReaching((h) => count(h) - 1, 1e6) - 1;
  return lo <= hi ? [lo, hi] : null;
}

function checkCount(reference: Reference, seed: number): Verification {
  const rng = new Rng(seed).fork("mlp-count");
  const t = new Tally(0);
  for (let i = 0; i < 25; i++) {
    const h1 = rng.int(1, 1200);
    const h2 = rng.int(1, 1200);
    t.close(`h1 = ${h1}, h2 = ${h2}`, builtParameterCount(h1, h2), evalScalar(reference.N, countTable, { h_1: h1, h_2: h2 }));
  }
  const ref = (h1: number, h2: number): number => evalScalar(reference.N, countTable, { h_1: h1, h_2: h2 });
  const [lo, hi] = widthRange((h) => ref(h, h)) ?? [0, 0];
  // The range's ends, confirmed on built networks: inside at lo and hi, outside just beyond.
  t.holds(`h = ${lo} gives at least 0.5M parameters`, builtParameterCount(lo, lo) >= 5e5);
  t.holds(`h = ${lo - 1} gives fewer than 0.5M`, builtParameterCount(lo - 1, lo - 1) < 5e5);
  t.holds(`h = ${hi} gives at most 1M`, builtParameterCount(hi, hi) <= 1e6);
  t.holds(`h = ${hi + 1} gives more than 1M`, builtParameterCount(hi + 1, hi + 1) > 1e6);
  const table = [128, 256, 512, 1024].map((h1) => ({ h1, h2: widthRange((h2) => ref(h1, h2)) }));
  return t.result(
    "weight tensors built",
    seed,
    `25 random (h1, h2): entries of the six weight and bias tensors against the reference. With h1 = h2 = h the count lies in [0.5M, 1M] exactly for ${lo} ≤ h ≤ ${hi}.`,
    { table: { equalWidths: [lo, hi], h2RangeForH1: table } },
  );
}

export const mlpParamCount: Question = withOracle(
  {
    id: "mlp-param-count",
    title: "Parameters of the MNIST MLP",
    section: "B",
    source: "IFT6135 H2019 A1, problem 1",
    prompt:
      "An MLP for MNIST has 784 inputs, two hidden layers of $h_1$ and $h_2$ units and 10 outputs, with biases. Give its number of parameters $N$, " +
      "and choose $h_1, h_2$ so that $N$ lies in $[0.5\\text{M}, 1\\text{M}]$.",
    symbols: countTable,
    slots: ["N"],
    reference: { N: "(784 + 1) h_1 + (h_1 + 1) h_2 + (h_2 + 1) 10" },
    kind: "formula",
    mistakes: [
      { code: "params-biases-missing", message: "The biases are missing: each layer has one bias per output unit, (inputs + 1) × outputs parameters.", answer: { N: "784 h_1 + h_1 h_2 + 10 h_2" } },
    ],
    explanation:
      "Each layer has (inputs + 1) × outputs parameters. With equal widths $h_1 = h_2 = h$, $N = h^2 + 796h + 10$ lies in $[0.5\\text{M}, 1\\text{M}]$ " +
      "for $414 \\le h \\le 678$ (e.g. 512 × 512: 669 706 parameters).",
  },
  checkCount,
);

// ---------------------------------------------------------------- Glorot

const glorotTable: SymbolTable = {
  symbols: [
    { name: "h_{l-1}", aliases: ["n_{in}"], kind: "dimension", domain: { kind: "integer", lo: 1, hi: 1024 }, description: "h^{l−1}, units feeding the layer" },
    { name: "h_l", aliases: ["n_{out}"], kind: "dimension", domain: { kind: "integer", lo: 1, hi: 1024 }, description: "h^l, units of the layer" },
  ],
};

function checkGlorot(reference: Reference, seed: number): Verification {
  const rng = new Rng(seed).fork("glorot");
  const t = new Tally(0);
  const samples = 20000;
  for (let trial = 0; trial < 6; trial++) {
    // Layers of 64..128 units: the realised weight variance of a smaller layer strays too far from d²/3.
    const nIn = rng.int(64, 128);
    const nOut = rng.int(64, 128);
    const d = evalScalar(reference.d, glorotTable, { "h_{l-1}": nIn, h_l: nOut });
    const v = evalScalar(reference.V, glorotTable, { "h_{l-1}": nIn, h_l: nOut });
    // Monte Carlo variance of U(−d, d) against the stated variance (±5 standard errors; Var of u² is 4d⁴/45).
    let s2 = 0;
    for (let i = 0; i < samples; i++) s2 += rng.uniform(-d, d) ** 2;
    const se = Math.sqrt((4 * d ** 4) / 45 / samples);
    t.within(`variance of U(−d, d), n_in = ${nIn}, n_out = ${nOut}`, s2 / samples, v, 5 * se);
    // Glorot's criterion on a real layer: forward gain n_in Var(w) and backward gain n_out Var(w) sum to 2.
    const W = rand([nOut, nIn], rng, -d, d);
    const passes = 200;
    const fwd = randn([passes, nIn], rng).matmul(W.T).square().sum().item();
    const bwd = randn([passes, nOut], rng).matmul(W).square().sum().item();
    const gain = fwd / (passes * nOut) + bwd / (passes * nIn);
    t.within(`forward + backward variance gain of a layer with U(−d, d) weights, n_in = ${nIn}, n_out = ${nOut}`, gain, 2, 0.15);
  }
  return t.result(
    "Monte Carlo",
    seed,
    `Six random layer sizes: the variance of ${samples} draws from U(−d, d) with d from the reference against V; and forward plus backward variance gain of a layer with such weights (Glorot's compromise makes it 2) within 0.15.`,
  );
}

export const glorotUniform: Question = withOracle(
  {
    id: "glorot-uniform-bound",
    title: "The Glorot uniform bound",
    section: "B",
    source: "IFT6135 H2019 A1, problem 1 (initialization)",
    prompt:
      "Glorot initialization draws $w^l_{ij} \\sim \\mathcal{U}(-d^l, d^l)$. Give the bound $d$ in terms of $h_{l-1}$ and $h_l$ (the assignment's $h^{l-1}$ and $h^l$), " +
      "and the resulting variance $V$ of the weights.",
    symbols: glorotTable,
    slots: ["d", "V"],
    reference: { d: "\\sqrt{\\frac{6}{h_{l-1} + h_l}}", V: "\\frac{2}{h_{l-1} + h_l}" },
    kind: "formula",
    mistakes: [
      {
        code: "glorot-std-as-bound",
        message: "That is the standard deviation Glorot wants, not the bound of the uniform: Var U(−d, d) = d²/3, so d = √(3 · 2/(h_{l−1} + h_l)).",
        answer: { d: "\\sqrt{\\frac{2}{h_{l-1} + h_l}}" },
      },
    ],
    explanation:
      "$\\mathrm{Var}\\,\\mathcal{U}(-d, d) = d^2/3$. Keeping activations' variance needs $n_{in} \\mathrm{Var}(w) = 1$, keeping gradients' $n_{out} \\mathrm{Var}(w) = 1$; " +
      "Glorot's compromise $\\mathrm{Var}(w) = 2/(n_{in} + n_{out})$ gives $d = \\sqrt{6/(n_{in} + n_{out})}$.",
  },
  checkGlorot,
  () => ({ d: bankReference("glorot-uniform-bound", "\\sqrt{\\frac{6}{h_{l-1} + h_l}}") }),
);

export { checkCount, checkGlorot };
