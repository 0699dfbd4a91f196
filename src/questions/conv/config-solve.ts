/**
 * IFT6135 Q8: find the layer configurations (k, s, p, d; the course's convention d = 0 for no
 * dilation) that map one shape to another. The reference is every solution the calculator's
 * `solveConv` finds within stated bounds; the oracle (1) runs each listed configuration on the
 * tensor engine and (2) recounts, for every candidate in the bounds, the window positions one by
 * one, so that a missing or an extra solution is caught.
 */
import { conv2d, maxPool2d, randn } from "../../tensor/index.js";
import { Rng } from "../../tensor/rng.js";
import { convOutputSize, poolOutputSize, solveConv, type SolveQuery, type Volume } from "../../conv/index.js";
import { Tally, readNumbers, withOracle, type Reference } from "../b/oracle.js";
import { bmatrix } from "./architecture.js";
import type { Question, Verification } from "../types.js";

const BOUNDS = { maxKernel: 16, maxStride: 16, maxPadding: 32 } as const;

interface SolvePart {
  slot: string;
  label: string;
  text: string;
  query: SolveQuery & { layer: "conv" | "pool"; dilation: number; input: Volume; output: Volume };
}

const IN: Volume = [64, 64, 3];
const L1: Volume = [32, 32, 64];
const L2: Volume = [8, 8, 64];
const L3: Volume = [4, 4, 128];

const PARTS: SolvePart[] = [
  { slot: "A", label: "1(a)", text: "output (64, 32, 32) from the input, $k = 8$ without dilation", query: { layer: "conv", input: IN, output: L1, kernel: 8, dilation: 0, convention: "course", ...BOUNDS } },
  { slot: "B", label: "1(b)", text: "output (64, 32, 32) from the input, $d = 6$ and $s = 2$", query: { layer: "conv", input: IN, output: L1, stride: 2, dilation: 6, convention: "course", ...BOUNDS } },
  { slot: "C", label: "2(a)", text: "max pooling (64, 32, 32) → (64, 8, 8) with non-overlapping windows, $p = 0$, $d = 0$", query: { layer: "pool", input: L1, output: L2, padding: 0, dilation: 0, nonOverlapping: true, convention: "course", ...BOUNDS } },
  { slot: "E", label: "3(a)", text: "output (128, 4, 4) from (64, 8, 8), no padding and no dilation", query: { layer: "conv", input: L2, output: L3, padding: 0, dilation: 0, convention: "course", ...BOUNDS } },
  { slot: "F", label: "3(b)", text: "output (128, 4, 4) from (64, 8, 8), $d = 1$, $p = 2$", query: { layer: "conv", input: L2, output: L3, padding: 2, dilation: 1, convention: "course", ...BOUNDS } },
  { slot: "G", label: "3(c)", text: "output (128, 4, 4) from (64, 8, 8), $p = 1$, $d = 0$", query: { layer: "conv", input: L2, output: L3, padding: 1, dilation: 0, convention: "course", ...BOUNDS } },
];

/** 2(b): the pooling of 2 with k = 8, s = 4 instead: output (C, H, W). */
const FORWARD = { slot: "D", input: L1, kernel: 8, stride: 4 } as const;

function referenceOf(parts: SolvePart[], withForward: boolean): Reference {
  const ref: Reference = {};
  for (const part of parts) {
    const r = solveConv(part.query);
    ref[part.slot] = bmatrix(r.solutions.map((s) => [s.k, s.s, s.p, s.d]));
  }
  if (!withForward) return ref;
  const side = poolOutputSize(FORWARD.input[0], { kernel: FORWARD.kernel, stride: FORWARD.stride });
  ref[FORWARD.slot] = bmatrix([[FORWARD.input[2], side, side]]);
  return ref;
}

/** Output positions of a window spanning `span` pixels, counted one start at a time. */
function windows(n: number, span: number, s: number, p: number): number {
  let count = 0;
  for (let start = -p; start + span - 1 <= n - 1 + p; start += s) count++;
  return count;
}

function allowed(part: SolvePart, k: number, s: number, p: number): boolean {
  const q = part.query;
  if (q.kernel !== undefined && k !== q.kernel) return false;
  if (q.stride !== undefined && s !== q.stride) return false;
  if (q.padding !== undefined && p !== q.padding) return false;
  const span = k + (k - 1) * q.dilation;
  if (q.layer === "pool") return (!q.nonOverlapping || s === k) && 2 * p <= k;
  return p < span;
}

function rowsOf(text: string | undefined, width: number, slot: string): number[][] {
  const nums = readNumbers(text ?? "");
  if (nums.length % width !== 0) throw new Error(`reference slot ${slot} should hold rows of ${width} numbers, has ${nums.length} numbers`);
  return Array.from({ length: nums.length / width }, (_, i) => nums.slice(width * i, width * i + width));
}

function checkParts(parts: SolvePart[], withForward: boolean, reference: Reference, seed: number): Verification {
  const t = new Tally(0);
  const rng = new Rng(seed).fork("conv-solve");
  for (const part of parts) {
    const q = part.query;
    const listed = rowsOf(reference[part.slot], 4, part.slot);
    // (1) Every listed configuration, run on the tensor engine.
    for (const [k, s, p, d] of listed) {
      const x = randn([1, 1, q.input[0], q.input[1]], rng);
      const y =
        q.layer === "pool"
          ? maxPool2d(x, { kernel: k, stride: s, padding: p })
          : conv2d(x, randn([1, 1, k, k], rng), { stride: s, padding: p, dilation: d + 1 });
      t.closeAll(`${part.label}: (k, s, p, d) = (${k}, ${s}, ${p}, ${d}) run on the tensor engine`, [y.shape[2], y.shape[3]], [q.output[0], q.output[1]]);
      t.holds(`${part.label}: (${k}, ${s}, ${p}, ${d}) breaks a stated constraint`, d === q.dilation && allowed(part, k, s, p));
    }
    // (2) Every candidate in the bounds, by counting window positions.
    const found: string[] = [];
    for (let k = 1; k <= BOUNDS.maxKernel; k++)
      for (let s = 1; s <= BOUNDS.maxStride; s++)
        for (let p = 0; p <= BOUNDS.maxPadding; p++) {
          if (!allowed(part, k, s, p)) continue;
          const span = k + (k - 1) * q.dilation;
          if (windows(q.input[0], span, s, p) === q.output[0] && windows(q.input[1], span, s, p) === q.output[1]) found.push(`${k},${s},${p},${q.dilation}`);
        }
    const listedKeys = listed.map((r) => r.join(",")).sort();
    t.holds(`${part.label}: the window count finds {${found.join("; ")}}, the reference lists {${listedKeys.join("; ")}}`, found.sort().join(";") === listedKeys.join(";"));
  }
  if (withForward) checkForward(t, reference, rng);
  return t.result(
    "brute-force conv2d and window counting",
    seed,
    "Each listed configuration run with the tensor engine's conv2d / max pooling; completeness by counting window positions for every k ≤ 16, s ≤ 16, p ≤ 32 (p < effective kernel for a convolution, p ≤ k/2 for pooling).",
  );
}

/** 2(b): the pooling run on the tensor engine. */
function checkForward(t: Tally, reference: Reference, rng: Rng): void {
  const [[c, h, w]] = rowsOf(reference[FORWARD.slot], 3, FORWARD.slot);
  const pooled = maxPool2d(randn([1, 2, FORWARD.input[0], FORWARD.input[1]], rng), { kernel: FORWARD.kernel, stride: FORWARD.stride });
  t.closeAll("2(b): max pooling with k = 8, s = 4 run on the tensor engine", [FORWARD.input[2], pooled.shape[2], pooled.shape[3]], [c, h, w]);
  t.holds("2(b): pooling keeps the channels", pooled.shape[1] === 2);
}

function checkSolve(reference: Reference, seed: number): Verification {
  return checkParts(PARTS, true, reference, seed);
}

export const convConfigSolve: Question = withOracle(
  {
    id: "conv-config-solve",
    title: "Convolution configurations that produce a given shape",
    section: "A",
    source: "IFT6135 H2019 A1, question 8",
    prompt:
      "Data of size $3 \\times 64 \\times 64$ (channels first). Give every configuration — window size $k$, stride $s$, padding $p$, " +
      "dilation $d$ (convention $d = 0$ for no dilation; square windows) — that satisfies each assumption, as rows $[k, s, p, d]$ of a matrix. " +
      "Search $k \\le 16$, $s \\le 16$, $p \\le 32$, with $p$ smaller than the effective kernel $k + (k-1)d$ for a convolution and $p \\le k/2$ for pooling.\n\n" +
      PARTS.filter((p) => p.slot < "D").map((p) => `- ${p.slot} = ${p.label}: ${p.text}.`).join("\n") +
      "\n- D = 2(b): the output shape $[C, H, W]$ of the pooling of 2 with $k = 8$ and $s = 4$ instead.\n" +
      PARTS.filter((p) => p.slot > "D").map((p) => `- ${p.slot} = ${p.label}: ${p.text}.`).join("\n"),
    symbols: { symbols: [] },
    slots: ["A", "B", "C", "D", "E", "F", "G"],
    reference: referenceOf(PARTS, true),
    kind: "table",
    grading: "table",
    tolerance: 0,
    explanation:
      "Solve $\\lfloor (n + 2p - (k + (k-1)d))/s \\rfloor + 1 = m$ for the free values. Usually one configuration is intended " +
      "(1(a): $s = 2, p = 3$; 2(a): $k = s = 4$; 3(a): $k = 5, s = 1$ among others), but the floor makes several work.",
    variant: (s: number) => variantOf(s),
  },
  checkSolve,
);

/**
 * A random convolution (input side 8..40, kernel 1..7, stride 1..3, padding below the kernel):
 * every (s, p) that gives its output with its kernel and no dilation.
 */
function variantOf(seed: number): Question {
  const rng = new Rng(seed).fork("conv-solve-variant");
  const n = rng.int(8, 40);
  const k = rng.int(1, 7);
  const stride = rng.int(1, 3);
  const pad = rng.int(0, k - 1);
  const m = convOutputSize(n, { kernel: k, stride, padding: pad });
  const [cIn, cOut] = [rng.int(1, 4), rng.int(1, 16)];
  const part: SolvePart = {
    slot: "A",
    label: "the layer",
    text: `output (${cOut}, ${m}, ${m}) from (${cIn}, ${n}, ${n}), $k = ${k}$ without dilation`,
    query: { layer: "conv", input: [n, n, cIn], output: [m, m, cOut], kernel: k, dilation: 0, convention: "course", ...BOUNDS },
  };
  return withOracle(
    {
      id: "conv-config-solve",
      title: `Convolution configurations (variant ${seed})`,
      section: "A",
      source: "variant of IFT6135 H2019 A1, question 8",
      prompt:
        `A convolution maps data of shape (${cIn}, ${n}, ${n}) to (${cOut}, ${m}, ${m}) with a ${k}×${k} kernel and no dilation. ` +
        "Give every stride and padding that does it, as rows $[k, s, p, d]$ (d = 0: no dilation), with $s \\le 16$ and $p$ smaller than the kernel.",
      symbols: { symbols: [] },
      slots: ["A"],
      reference: referenceOf([part], false),
      kind: "table",
      grading: "table",
      tolerance: 0,
    },
    (ref, sd) => checkParts([part], false, ref, sd),
  );
}

export { checkSolve as checkConfigSolve, variantOf as configSolveVariant };
