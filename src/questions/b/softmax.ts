/**
 * IFT6135 Q3: properties of the softmax — translation invariance, temperature limits, the
 * two-class case as a sigmoid, and K − 1 free parameters. The oracle computes the softmax from its
 * definition (exponentials over their sum) on random vectors.
 */
import { Rng } from "../../tensor/rng.js";
import type { SymbolTable } from "../../expr/types.js";
import { evalAt, evalScalar } from "./formula.js";
import { Tally, withOracle, type Reference } from "./oracle.js";
import type { Question, Verification } from "../types.js";

/** exp(x_i − max x) / Σ_j exp(x_j − max x): the definition, shifted only to avoid overflow. */
export function softmaxDef(x: readonly number[]): number[] {
  const m = Math.max(...x);
  const e = x.map((v) => Math.exp(v - m));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / z);
}

const column = (xs: readonly number[]): number[][] => xs.map((v) => [v]);

function randomVector(rng: Rng, n: number): number[] {
  return Array.from({ length: n }, () => rng.normal(0, 2));
}

// ---------------------------------------------------------------- translation invariance

const shiftTable: SymbolTable = {
  symbols: [
    { name: "x", kind: "vector", shape: ["n", 1], domain: { kind: "real" } },
    { name: "c", kind: "scalar", shape: [], domain: { kind: "real" } },
    { name: "n", kind: "dimension", domain: { kind: "integer", lo: 1, hi: 8 } },
  ],
};

function checkShift(reference: Reference, seed: number): Verification {
  const rng = new Rng(seed).fork("softmax-shift");
  const t = new Tally(1e-9);
  for (let i = 0; i < 30; i++) {
    const n = rng.int(1, 8);
    const x = randomVector(rng, n);
    const c = rng.normal(0, 10);
    const direct = softmaxDef(x.map((v) => v + c));
    t.closeAll(`S(x + c) by definition vs S(x), n = ${n}, c = ${c.toFixed(3)}`, direct, softmaxDef(x));
    const values = { x: column(x), c, n };
    t.closeAll(`the reference's right side at n = ${n}, c = ${c.toFixed(3)}`, Array.from(evalAt(reference.R, shiftTable, values).data), direct);
  }
  return t.result(
    "definition on random vectors",
    seed,
    "30 random x (n in 1..8) and shifts c ~ N(0, 10²): the softmax of x + c computed from its definition equals that of x and the reference's right-hand side.",
  );
}

export const softmaxTranslation: Question = withOracle(
  {
    id: "softmax-translation-invariance",
    title: "Softmax is translation-invariant",
    section: "B",
    source: "IFT6135 H2019 A1, question 3.1",
    prompt: "With $S(x)_i = e^{x_i} / \\sum_j e^{x_j}$ and a scalar constant $c$, give $R = S(x + c)$ in terms of $x$ alone (write $S$ as $\\mathrm{softmax}$).",
    symbols: shiftTable,
    slots: ["R"],
    reference: { R: "\\mathrm{softmax}(x)" },
    kind: "fact",
    grading: "formula",
    explanation: "$S(x + c)_i = \\frac{e^{x_i} e^{c}}{\\sum_j e^{x_j} e^{c}} = S(x)_i$: the factor $e^c$ cancels. This is why implementations subtract $\\max_j x_j$ first.",
  },
  checkShift,
);

// ---------------------------------------------------------------- temperature limits

const tempTable: SymbolTable = {
  symbols: [
    // Small integers, so that answers are compared where the arg max is tied (a plain one-hot is wrong there).
    { name: "x", kind: "vector", shape: ["n", 1], domain: { kind: "integer", lo: -2, hi: 2 } },
    { name: "n", kind: "dimension", domain: { kind: "integer", lo: 1, hi: 8 } },
  ],
};

/** The one-hot vector on the arg max, ties sharing the mass equally. */
function argmaxShare(x: readonly number[]): number[] {
  const m = Math.max(...x);
  const ties = x.filter((v) => v === m).length;
  return x.map((v) => (v === m ? 1 / ties : 0));
}

function checkTemperature(reference: Reference, seed: number): Verification {
  const rng = new Rng(seed).fork("softmax-temperature");
  const t = new Tally(1e-6);
  for (let i = 0; i < 30; i++) {
    const n = rng.int(1, 8);
    // Integer entries make ties in the arg max common.
    const x = Array.from({ length: n }, () => rng.int(-3, 3));
    const values = { x: column(x), n };
    const small = softmaxDef(x.map((v) => 1e-9 * v));
    t.closeAll(`S(cx) for c = 10⁻⁹ vs slot A, x = [${x.join(", ")}]`, small, Array.from(evalAt(reference.A, tempTable, values).data));
    const large = softmaxDef(x.map((v) => 1e4 * v));
    t.closeAll(`S(cx) for c = 10⁴ vs slot B, x = [${x.join(", ")}]`, large, Array.from(evalAt(reference.B, tempTable, values).data));
    // Independently of B's form: the limit is the arg max with ties sharing equally.
    t.closeAll(`S(cx) for c = 10⁴ vs the arg max shared by ties, x = [${x.join(", ")}]`, large, argmaxShare(x));
  }
  return t.result(
    "numeric limits",
    seed,
    "30 random integer vectors (ties frequent): S(cx) at c = 10⁻⁹ against slot A and at c = 10⁴ against slot B, both evaluated at x, and against the one-hot vector on the arg max with ties sharing equally.",
  );
}

export const softmaxTemperature: Question = withOracle(
  {
    id: "softmax-temperature-limits",
    title: "Softmax at temperature 0 and infinity",
    section: "B",
    source: "IFT6135 H2019 A1, question 3.2",
    prompt:
      "Let $S_c(x) = S(cx)$ with $c \\ge 0$. Give the limit $A$ of $S_c(x)$ as $c \\to 0$ and the limit $B$ as $c \\to \\infty$, as vectors " +
      "(indicators $\\mathbb{1}[\\cdot]$ and $\\max(x)$, the largest entry, may help; mind ties).",
    symbols: tempTable,
    slots: ["A", "B"],
    reference: {
      A: "\\frac{1}{n} \\mathbf{1}",
      B: "\\frac{\\mathbb{1}[x = \\max(x) \\mathbf{1}]}{\\mathbf{1}^\\top \\mathbb{1}[x = \\max(x) \\mathbf{1}]}",
    },
    kind: "formula",
    mistakes: [
      {
        code: "softmax-limit-ties-ignored",
        message: "Where several entries share the maximum, the limit splits the mass equally among them: divide the indicator by their number.",
        answer: { B: "\\mathbb{1}[x = \\max(x) \\mathbf{1}]" },
      },
    ],
    explanation:
      "As $c \\to 0$ every $e^{c x_i} \\to 1$: the uniform distribution. As $c \\to \\infty$, dividing by $e^{c \\max_j x_j}$ leaves " +
      "$e^{c(x_i - \\max_j x_j)} \\to 1$ for the maximal entries and 0 for the others: a hard arg max.",
  },
  checkTemperature,
);

// ---------------------------------------------------------------- two classes

const twoTable: SymbolTable = { symbols: [{ name: "x", kind: "vector", shape: [2, 1], domain: { kind: "real" } }] };

function checkTwoClass(reference: Reference, seed: number): Verification {
  const rng = new Rng(seed).fork("softmax-two");
  const t = new Tally(1e-12);
  for (let i = 0; i < 40; i++) {
    const x = randomVector(rng, 2);
    const z = evalScalar(reference.z, twoTable, { x: column(x) });
    const s = softmaxDef(x);
    const sig = 1 / (1 + Math.exp(-z));
    t.closeAll(`S(x) vs [σ(z), 1 − σ(z)] at x = [${x.map((v) => v.toFixed(3)).join(", ")}]`, [sig, 1 - sig], s);
  }
  return t.result("definition on random vectors", seed, "40 random x ∈ ℝ²: the softmax from its definition against [σ(z), 1 − σ(z)] with z the reference evaluated at x.");
}

export const softmaxTwoClass: Question = withOracle(
  {
    id: "softmax-two-class",
    title: "Two-class softmax as a sigmoid",
    section: "B",
    source: "IFT6135 H2019 A1, question 3.3",
    prompt: "For $x \\in \\mathbb{R}^2$, $S(x) = [\\sigma(z), 1 - \\sigma(z)]^\\top$ for a scalar function $z$ of $x$. Give $z$.",
    symbols: twoTable,
    slots: ["z"],
    reference: { z: "x_1 - x_2" },
    kind: "formula",
    explanation: "$S(x)_1 = \\frac{e^{x_1}}{e^{x_1} + e^{x_2}} = \\frac{1}{1 + e^{-(x_1 - x_2)}} = \\sigma(x_1 - x_2)$, and $S(x)_2 = 1 - S(x)_1$.",
  },
  checkTwoClass,
);

// ---------------------------------------------------------------- K − 1 parameters

const kTable: SymbolTable = {
  symbols: [
    { name: "x", kind: "vector", shape: ["K", 1], domain: { kind: "real" } },
    { name: "K", kind: "dimension", domain: { kind: "integer", lo: 2, hi: 8 } },
    { name: "i", kind: "index", range: "K-1" },
  ],
};

function checkKMinusOne(reference: Reference, seed: number): Verification {
  const rng = new Rng(seed).fork("softmax-k");
  const t = new Tally(1e-12);
  for (let trial = 0; trial < 30; trial++) {
    const k = rng.int(2, 8);
    const x = randomVector(rng, k);
    // The free index i is enumerated by the evaluator: one value per i = 1..K − 1.
    const y = Array.from(evalAt(reference.y, kTable, { x: column(x), K: k }).data);
    t.holds(`the reference gives ${y.length} parameters for K = ${k}, not K − 1`, y.length === k - 1);
    t.closeAll(`S([0, y]) vs S(x), K = ${k}`, softmaxDef([0, ...y]), softmaxDef(x));
  }
  return t.result("definition on random vectors", seed, "30 random x (K in 2..8): y_i from the reference for i = 1..K − 1, and S([0, y_1, …, y_{K−1}]) from the definition against S(x).");
}

export const softmaxKMinusOne: Question = withOracle(
  {
    id: "softmax-k-minus-one",
    title: "Softmax with K − 1 parameters",
    section: "B",
    source: "IFT6135 H2019 A1, question 3.4",
    prompt: "For $x \\in \\mathbb{R}^K$ ($K \\ge 2$), $S(x) = S([0, y_1, \\dots, y_{K-1}]^\\top)$ for scalar functions $y_i$ of $x$. Give $y_i$.",
    symbols: kTable,
    slots: ["y"],
    reference: { y: "x_{i+1} - x_1" },
    kind: "formula",
    mistakes: [{ code: "softmax-shift-missing", message: "S([0, y]) needs the first entry shifted to 0: subtract x_1 from every other entry.", answer: { y: "x_{i+1}" } }],
    explanation: "By translation invariance, $S(x) = S(x - x_1 \\mathbf{1})$, whose first entry is 0 and whose others are $x_{i+1} - x_1$.",
  },
  checkKMinusOne,
);

export { checkShift, checkTemperature, checkTwoClass, checkKMinusOne };
