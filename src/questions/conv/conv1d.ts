/**
 * IFT6135 Q6: full, valid and same 1-D convolution with kernel flipping. The reference is the
 * calculator's `conv1d`; the oracle slides the flipped kernel over the zero-padded input, straight
 * from the definition.
 */
import { Rng } from "../../tensor/rng.js";
import { conv1d } from "../../conv/index.js";
import { Tally, latexVector, readVector, withOracle, type Reference } from "../b/oracle.js";
import type { Question, Verification } from "../types.js";

interface Instance {
  x: number[];
  k: number[];
}

const PUBLISHED: Instance = { x: [1, 2, 3, 4], k: [1, 0, 2] };

/**
 * The flipped kernel slid over x padded with |k| − 1 zeros each side: window n gives full[n].
 * Valid keeps the windows inside x; same keeps |x| windows with the kernel's centre
 * (index ⌊(|k| − 1)/2⌋ of the unflipped kernel) over each x[i].
 */
export function slideFlipped(x: readonly number[], k: readonly number[]): { full: number[]; valid: number[]; same: number[] } {
  const flipped = [...k].reverse();
  const pad = k.length - 1;
  const padded = [...new Array<number>(pad).fill(0), ...x, ...new Array<number>(pad).fill(0)];
  const full: number[] = [];
  for (let start = 0; start + flipped.length <= padded.length; start++) {
    let s = 0;
    for (let j = 0; j < flipped.length; j++) s += padded[start + j] * flipped[j];
    full.push(s);
  }
  // Window `start` covers x[start − pad … start]: inside x exactly when pad ≤ start ≤ |x| − 1.
  const valid = full.filter((_, start) => start >= pad && start <= x.length - 1);
  const centre = Math.floor((k.length - 1) / 2);
  const same = x.map((_, i) => full[i + centre]);
  return { full, valid, same };
}

function referenceOf(inst: Instance): Reference {
  return {
    F: latexVector(conv1d(inst.x, inst.k, "full")),
    V: latexVector(conv1d(inst.x, inst.k, "valid")),
    S: latexVector(conv1d(inst.x, inst.k, "same")),
  };
}

function checkInstance(inst: Instance, reference: Reference, seed: number): Verification {
  const t = new Tally(1e-12);
  const o = slideFlipped(inst.x, inst.k);
  t.closeAll("full", o.full, readVector(reference, "F"));
  t.closeAll("valid", o.valid, readVector(reference, "V"));
  t.closeAll("same", o.same, readVector(reference, "S"));
  return t.result(
    "direct definition",
    seed,
    `The kernel [${inst.k.join(", ")}] flipped and slid over [${inst.x.join(", ")}] padded with zeros; valid keeps the windows inside the input, same the ${inst.x.length} windows centred on its entries.`,
  );
}

function build(inst: Instance, title: string, variant: boolean): Question {
  return withOracle(
    {
      id: "conv1d-modes",
      title,
      section: "A",
      source: variant ? "variant of IFT6135 H2019 A1, question 6" : "IFT6135 H2019 A1, question 6",
      prompt:
        `Compute the *full* ($F$), *valid* ($V$) and *same* ($S$) convolution, with kernel flipping, of ` +
        `$[${inst.x.join(", ")}] * [${inst.k.join(", ")}]$. Answer as \`F = [...], V = [...], S = [...]\`.`,
      symbols: { symbols: [] },
      slots: ["F", "V", "S"],
      reference: referenceOf(inst),
      kind: "numeric",
      grading: "vector",
      tolerance: 1e-9,
      explanation:
        "$(x * k)[n] = \\sum_m x[m]\\,k[n - m]$: flip the kernel and slide it. Full keeps every overlap ($|x| + |k| - 1$ entries), " +
        "valid only complete overlaps ($|x| - |k| + 1$), same the $|x|$ entries centred on the input.",
      variant: (s: number) => variantOf(s),
    },
    (ref, s) => checkInstance(inst, ref, s),
  );
}

function variantOf(seed: number): Question {
  const rng = new Rng(seed).fork("conv1d");
  const n = rng.int(3, 7);
  const x = Array.from({ length: n }, () => rng.int(-4, 6));
  const k = Array.from({ length: rng.int(1, Math.min(4, n)) }, () => rng.int(-2, 3));
  return build({ x, k }, `Full, valid and same 1-D convolution (variant ${seed})`, true);
}

export const conv1dModes: Question = build(PUBLISHED, "Full, valid and same 1-D convolution", false);
export function checkConv1d(reference: Reference, seed: number): Verification {
  return checkInstance(PUBLISHED, reference, seed);
}
export { variantOf as conv1dVariant };
