/**
 * D.2 and IFT6135 Q7: architecture tables. The reference comes from the calculator (`analyze`);
 * the oracle runs the layers on the tensor engine (`runLayers`) and reads the sizes off the
 * tensors, and the parameter counts off the weight tensors the layers need.
 */
import { Rng } from "../../tensor/rng.js";
import { analyze, parseSpec, type Spec } from "../../conv/index.js";
import { Tally, readNumbers, withOracle, type Reference } from "../b/oracle.js";
import { runLayers } from "./run-layers.js";
import type { Question, Verification } from "../types.js";

export const D2_SPEC = "Input 64x64x1; Conv4-5-Pvalid-S2; Pool3; Conv3-5-Pvalid-S1; Pool2; FC5";
export const Q7_SPEC = "Input 256x256x3; Conv8-64-P0-S2; Pool5; Conv4-128-P1-S1";

export function specOf(text: string): Spec {
  const r = parseSpec(text);
  if (!r.ok) throw new Error(`layer spec '${text}': ${r.error}`);
  return r.spec;
}

/** The calculator's table: one row [height, width, channels, parameters] per layer. */
export function calculatorRows(text: string, bias = true): number[][] {
  const a = analyze(text, { bias });
  if (!a.ok) throw new Error(`the calculator rejects '${text}': ${a.error}`);
  return a.layers.map((l) => [...l.output, l.params]);
}

export function bmatrix(rows: number[][]): string {
  return `\\begin{bmatrix} ${rows.map((r) => r.join(" & ")).join(" \\\\ ")} \\end{bmatrix}`;
}

function checkTable(text: string, reference: Reference, seed: number, maxRunFilters?: number): Verification {
  const t = new Tally(0);
  const spec = specOf(text);
  const run = runLayers(spec, { seed, ...(maxRunFilters ? { maxRunFilters } : {}) });
  const want = readNumbers(reference.T ?? "");
  t.holds(`the reference table has ${want.length} numbers, the network ${run.length} layers × 4`, want.length === run.length * 4);
  run.forEach((layer, i) => {
    const row = want.slice(4 * i, 4 * i + 4);
    t.closeAll(`layer ${i + 1} (${layer.text}) [height, width, channels, parameters]`, [...layer.output, layer.params], row);
  });
  return t.result(
    "brute-force conv2d",
    seed,
    `Ran '${text}' on a random input with the tensor engine's conv2d, max pooling and a matrix product; sizes read from the output tensors, parameters counted from the weight and bias tensors each layer needs.`,
    { table: run.map((l) => ({ layer: l.text, output: l.output, params: l.params })) },
  );
}

const TABLE_PROMPT =
  "Give the output volume (height × width × channels) and the number of parameters (biases included) of every layer. " +
  "Answer as a matrix with one row per layer, `[height, width, channels, parameters]`; a fully connected layer with $n$ outputs has volume $1 \\times 1 \\times n$.";

function buildTable(text: string, title: string, variant: boolean): Question {
  const rows = calculatorRows(text);
  return withOracle(
    {
      id: "conv-architecture-table",
      title,
      section: "A",
      source: variant ? "variant of D.2 (fourth assignment)" : "fourth assignment, D.2",
      prompt:
        `A network is given in the layer notation (\`ConvK-N-P-S\`: N filters of K×K, padding, stride; \`PoolK\`: K×K max pooling with stride K; \`FCn\`):\n\n` +
        `\`${text}\`\n\n${TABLE_PROMPT}`,
      symbols: { symbols: [] },
      slots: ["T"],
      reference: { T: bmatrix(rows) },
      kind: "table",
      grading: "table",
      tolerance: 0,
      explanation:
        "Each convolution gives $\\lfloor (n + 2p - k)/s \\rfloor + 1$ per side and has $(k^2 C_{in} + 1) N$ parameters; " +
        "pooling shrinks by its stride and has none; the fully connected layer sees the flattened volume, $(h w c + 1) n$ parameters.",
      variant: (s: number) => tableVariant(s),
    },
    (ref, s) => checkTable(text, ref, s),
  );
}

/** A random small network whose every layer the calculator accepts. */
export function randomSpec(rng: Rng): string {
  for (;;) {
    const n = rng.int(12, 40);
    const parts = [`Input ${n}x${n}x${rng.int(1, 3)}`];
    const layers = rng.int(1, 3);
    for (let i = 0; i < layers; i++) {
      const k = rng.int(1, 5);
      const pad = rng.pick(["valid", "same", String(rng.int(0, 2))]);
      const stride = pad === "same" ? 1 : rng.int(1, 3);
      parts.push(`Conv${k}-${rng.int(1, 4)}-P${pad === "same" && k % 2 === 0 ? "valid" : pad}-S${stride}`);
      if (rng.next() < 0.5) parts.push(`Pool${rng.int(2, 3)}`);
    }
    parts.push(`FC${rng.int(2, 10)}`);
    const text = parts.join("; ");
    if (analyze(text).ok) return text;
  }
}

function tableVariant(seed: number): Question {
  return buildTable(randomSpec(new Rng(seed).fork("conv-table")), `Architecture table (variant ${seed})`, true);
}

export const convArchitectureTable: Question = buildTable(D2_SPEC, "Output volumes and parameter counts of a small CNN", false);
export function checkArchitectureTable(reference: Reference, seed: number): Verification {
  return checkTable(D2_SPEC, reference, seed);
}

/** IFT6135 Q7: the last layer's output dimensionality and its weights without biases. */
function q7Reference(): Reference {
  const last = calculatorRows(Q7_SPEC, false).at(-1) as number[];
  return { N: String(last[0] * last[1] * last[2]), P: String(last[3]) };
}

export function checkQ7(reference: Reference, seed: number): Verification {
  const t = new Tally(0);
  // Up to 2 filters per convolution in the run: the 256×256 input makes the full network slow.
  const run = runLayers(specOf(Q7_SPEC), { bias: false, maxRunFilters: 2, seed });
  const last = run[run.length - 1];
  t.close("output dimensionality of the last layer", last.output[0] * last.output[1] * last.output[2], readNumbers(reference.N ?? "")[0]);
  t.close("weights of the last layer without biases", last.params, readNumbers(reference.P ?? "")[0]);
  return t.result(
    "brute-force conv2d",
    seed,
    `Ran '${Q7_SPEC}' on a random 256×256 input (2 filters per convolution: spatial sizes do not depend on the filter count); the weight tensor of the last layer was built at full size, [128, 64, 4, 4].`,
    { table: run.map((l) => ({ layer: l.text, output: l.output, params: l.params })) },
  );
}

export const convQ7: Question = withOracle(
  {
    id: "conv-ift6135-q7",
    title: "Output size and weights of a three-layer CNN",
    section: "D",
    source: "IFT6135 H2019 A1, question 7",
    prompt:
      "The input is a colour image of $256 \\times 256$ in RGB. The first layer convolves 64 kernels of $8 \\times 8$ with the input, " +
      "stride 2, no padding. The second layer downsamples with $5 \\times 5$ non-overlapping max pooling. The third layer convolves " +
      "128 kernels of $4 \\times 4$, stride 1, zero padding 1 on each border. Give the dimensionality (a scalar) $N$ of the output " +
      "of the last layer, and the number $P$ of parameters of the last layer, not including the biases.",
    symbols: { symbols: [] },
    slots: ["N", "P"],
    reference: q7Reference(),
    kind: "numeric",
    grading: "number",
    tolerance: 0,
    explanation:
      "$\\lfloor (256 - 8)/2 \\rfloor + 1 = 125$; pooling: $125/5 = 25$; then $25 + 2 - 4 + 1 = 24$: the output is $24 \\times 24 \\times 128$. " +
      "The last layer's kernels each have $4 \\cdot 4 \\cdot 64$ weights, 128 of them.",
  },
  checkQ7,
);

type Fact = "A" | "B" | "C" | "D";
const FACT_TEXT: Record<Fact, string> = {
  A: "The number of weights of a convolutional layer depends on the depth (channels) of its input.",
  B: "A convolutional layer has as many biases as it has filters.",
  C: "The stride and the padding change the number of parameters of a convolutional layer.",
  D: "Max pooling acts on the height and width only, never across channels.",
};

function truthOf(reference: Reference, slot: Fact): boolean {
  const text = (reference[slot] ?? "").toLowerCase();
  if (/true/.test(text) && !/false/.test(text)) return true;
  if (/false/.test(text) && !/true/.test(text)) return false;
  throw new Error(`reference slot ${slot} ('${reference[slot]}') says neither true nor false`);
}

function params(text: string, bias = true): number {
  return calculatorRows(text, bias).reduce((s, r) => s + r[3], 0);
}

export function checkConvFacts(reference: Reference, seed: number): Verification {
  const rng = new Rng(seed).fork("conv-facts");
  const t = new Tally(0);
  for (let trial = 0; trial < 8; trial++) {
    const k = rng.int(1, 5);
    const n = rng.int(1, 6);
    const c1 = rng.int(1, 4);
    const c2 = c1 + rng.int(1, 3);
    const size = rng.int(k + 4, 16);
    const conv = (c: number, pad: string, s: number) => `Input ${size}x${size}x${c}; Conv${k}-${n}-P${pad}-S${s}`;
    // A: same layer, deeper input.
    const depthMatters = params(conv(c1, "0", 1), false) !== params(conv(c2, "0", 1), false);
    const ranDepth = runLayers(specOf(conv(c1, "0", 1)), { bias: false, seed })[0].params !== runLayers(specOf(conv(c2, "0", 1)), { bias: false, seed })[0].params;
    t.holds(`A (${k}×${k}, ${n} filters, depth ${c1} vs ${c2}): the reference says ${truthOf(reference, "A")}`, truthOf(reference, "A") === depthMatters && depthMatters === ranDepth);
    // B: biases are the difference of the counts with and without them.
    const biases = params(conv(c1, "0", 1)) - params(conv(c1, "0", 1), false);
    t.holds(`B (${n} filters, ${biases} biases): the reference says ${truthOf(reference, "B")}`, truthOf(reference, "B") === (biases === n));
    // C: strides 1..3 and paddings 0..2 give one count or several.
    const counts = new Set<number>();
    for (const s of [1, 2, 3]) for (const p of ["0", "1", "2"]) counts.add(runLayers(specOf(conv(c1, p, s)), { seed })[0].params);
    t.holds(`C (strides 1..3, paddings 0..2 give ${counts.size} distinct counts): the reference says ${truthOf(reference, "C")}`, truthOf(reference, "C") === (counts.size > 1));
    // D: pooling keeps the channel axis and shrinks the spatial ones.
    const pooled = runLayers(specOf(`Input ${size}x${size}x${c2}; Pool2`), { seed })[0].output;
    const spatialOnly = pooled[2] === c2 && pooled[0] < size && pooled[1] < size;
    t.holds(`D (pooling ${size}×${size}×${c2} gives ${pooled.join("×")}): the reference says ${truthOf(reference, "D")}`, truthOf(reference, "D") === spatialOnly);
  }
  return t.result(
    "parameter counter and brute-force runs",
    seed,
    "Eight random convolutions: parameter counts by the calculator and by the weight tensors of a brute-force run, compared across input depths, with and without biases, across strides and paddings; a max-pooling run on the tensor engine for the axes it acts on.",
  );
}

export const convFacts: Question = withOracle(
  {
    id: "conv-true-false",
    title: "True or false: parameters of convolutional layers",
    section: "D",
    source: "fourth assignment, D.2",
    prompt:
      "True or false?\n\n" + (Object.keys(FACT_TEXT) as Fact[]).map((s) => `- (${s}) ${FACT_TEXT[s]}`).join("\n") +
      "\n\nAnswer as `A = true, B = ..., C = ..., D = ...`.",
    symbols: { symbols: [] },
    slots: ["A", "B", "C", "D"],
    reference: { A: "\\text{true}", B: "\\text{true}", C: "\\text{false}", D: "\\text{true}" },
    kind: "fact",
    grading: "manual",
    explanation:
      "A filter spans the full input depth, so it has $K \\cdot K \\cdot C_{in}$ weights, plus one bias per filter. " +
      "Stride and padding only change where the filter is applied, not its size. Pooling slides over height and width within each channel.",
  },
  checkConvFacts,
);
