/**
 * The output size of a convolution along one axis, as a formula in W, F, P, S. The oracle runs
 * the convolution on the tensor engine for random integer sizes (strides that do not divide
 * W − F + 2P included) and compares the size of what comes out with the reference evaluated there.
 */
import { Rng } from "../../tensor/rng.js";
import { conv2d, randn } from "../../tensor/index.js";
import { convOutputSize } from "../../conv/index.js";
import type { SymbolTable } from "../../expr/types.js";
import { bankReference, evalScalar } from "../b/formula.js";
import { Tally, readNumber, withOracle, type Reference } from "../b/oracle.js";
import type { Question, Verification } from "../types.js";

export const sizeSymbols: SymbolTable = {
  symbols: [
    { name: "W", kind: "dimension", domain: { kind: "integer", lo: 1, hi: 64 }, description: "input size" },
    { name: "F", aliases: ["K"], kind: "dimension", domain: { kind: "integer", lo: 1, hi: 16 }, description: "kernel size" },
    { name: "P", kind: "dimension", domain: { kind: "integer", lo: 0, hi: 8 }, description: "padding on each side" },
    { name: "S", kind: "dimension", domain: { kind: "integer", lo: 1, hi: 8 }, description: "stride" },
  ],
  // The question assumes the kernel fits in the padded input: neither a proof nor an answer is ever
  // judged on a configuration that does not exist.
  constraints: ["W + 2P \\ge F"],
};

/** The side of conv2d's output on a W×W input with an F×F kernel, padding P, stride S. */
function bruteForceSide(w: number, f: number, p: number, s: number, rng: Rng): number {
  const y = conv2d(randn([1, 1, w, w], rng), randn([1, 1, f, f], rng), { stride: s, padding: p });
  return y.shape[2];
}

function checkFormula(reference: Reference, seed: number): Verification {
  const rng = new Rng(seed).fork("conv-output-size");
  const t = new Tally(0);
  let nonDividing = 0;
  const trials = 40;
  for (let i = 0; i < trials; i++) {
    const w = rng.int(1, 20);
    const p = rng.int(0, 3);
    const f = rng.int(1, w + 2 * p);
    // Every other trial forces a stride that leaves a remainder, where a missing floor shows.
    let s = rng.int(1, 5);
    if (i % 2 === 0 && w - f + 2 * p >= 1) {
      const span = w - f + 2 * p;
      const candidates = [2, 3, 4, 5, 6, 7].filter((c) => span % c !== 0);
      if (candidates.length) s = rng.pick(candidates);
    }
    if ((w - f + 2 * p) % s !== 0) nonDividing++;
    const side = bruteForceSide(w, f, p, s, rng);
    t.close(`W = ${w}, F = ${f}, P = ${p}, S = ${s}`, side, evalScalar(reference.O, sizeSymbols, { W: w, F: f, P: p, S: s }));
  }
  t.holds("some strides do not divide W − F + 2P", nonDividing > 0);
  return t.result(
    "brute-force conv2d",
    seed,
    `${trials} random integer (W, F, P, S) with W + 2P ≥ F, ${nonDividing} of them with S not dividing W − F + 2P: the side of the tensor engine's conv2d output against the reference evaluated there.`,
  );
}

export const convOutputSizeQuestion: Question = withOracle(
  {
    id: "conv-output-size",
    title: "Output size of a convolution",
    section: "A",
    source: "fourth assignment, D.2 (and every CNN course)",
    prompt:
      "A convolution with an $F \\times F$ kernel, zero padding $P$ on each side and stride $S$ is applied to a $W \\times W$ input " +
      "($W + 2P \\ge F$). Give the side $O$ of its output as a formula in $W$, $F$, $P$, $S$.",
    symbols: sizeSymbols,
    slots: ["O"],
    reference: { O: "\\left\\lfloor \\frac{W - F + 2P}{S} \\right\\rfloor + 1" },
    kind: "formula",
    mistakes: [
      { code: "conv-size-ceil", message: "A window that would run past the padded input is not used: round down, not up.", answer: { O: "\\left\\lceil \\frac{W - F + 2P}{S} \\right\\rceil + 1" } },
      { code: "conv-size-one-side-padding", message: "Padding P is added on both sides: 2P.", answer: { O: "\\left\\lfloor \\frac{W - F + P}{S} \\right\\rfloor + 1" } },
    ],
    explanation:
      "The window starts at $-P, -P + S, \\dots$ and must end inside the padded input: the last start is at most $W + P - F$, " +
      "so there are $\\lfloor (W + 2P - F)/S \\rfloor + 1$ positions. Without the floor the formula fails whenever $S$ does not divide $W - F + 2P$.",
    variant: (s: number) => variantOf(s),
  },
  checkFormula,
  () => ({ O: bankReference("conv-output-size", "\\left\\lfloor \\frac{W - F + 2P}{S} \\right\\rfloor + 1") }),
);

function variantOf(seed: number): Question {
  const rng = new Rng(seed).fork("conv-output-size-variant");
  const w = rng.int(5, 64);
  const p = rng.int(0, 3);
  const f = rng.int(1, Math.min(11, w + 2 * p));
  const s = rng.int(1, 4);
  const o = convOutputSize(w, { kernel: f, stride: s, padding: p });
  return withOracle(
    {
      id: "conv-output-size",
      title: `Output size of a convolution (variant ${seed})`,
      section: "A",
      source: "variant of the output-size question",
      prompt: `A convolution with a $${f} \\times ${f}$ kernel, padding ${p} and stride ${s} is applied to a $${w} \\times ${w}$ input. What is the side $O$ of its output?`,
      symbols: { symbols: [] },
      slots: ["O"],
      reference: { O: String(o) },
      kind: "numeric",
      grading: "number",
      tolerance: 0,
    },
    (ref, sd) => {
      const t = new Tally(0);
      t.close(`W = ${w}, F = ${f}, P = ${p}, S = ${s}`, bruteForceSide(w, f, p, s, new Rng(sd)), readNumber(ref, "O"));
      return t.result("brute-force conv2d", sd, "The side of the tensor engine's conv2d output against the reference.");
    },
  );
}
export { checkFormula as checkConvOutputSize, variantOf as convOutputSizeVariant };
