/**
 * D.2: the receptive field of a stack of convolutions. The reference is the calculator's closed
 * form; the oracle builds the stack on the tensor engine with positive weights and reads the
 * field off the support of the gradient of one output pixel with respect to the input.
 */
import { Rng } from "../../tensor/rng.js";
import { conv2d, rand, randn, zeros, type Tensor } from "../../tensor/index.js";
import { grad } from "../../autodiff/index.js";
import { receptiveField, type FieldLayer } from "../../conv/index.js";
import { Tally, readNumber, withOracle, type Reference } from "../b/oracle.js";
import type { Question, Verification } from "../types.js";

const D2_STACK: FieldLayer[] = Array.from({ length: 5 }, () => ({ kernel: 5, stride: 1, padding: 2 }));

/**
 * Height and width of the input region that one output pixel depends on: the bounding box of the
 * non-zeros of ∂y[pixel]/∂x, with positive weights so that no contributions cancel.
 */
export function gradientSupport(layers: FieldLayer[], inputSize: number, rng: Rng): [number, number] {
  const weights = layers.map((l) => rand([1, 1, l.kernel, l.kernel], rng, 0.1, 1));
  const x = randn([1, 1, inputSize, inputSize], rng);
  const forward = (input: Tensor): Tensor => {
    let y = input;
    layers.forEach((l, i) => {
      y = conv2d(y, weights[i], { stride: l.stride ?? 1, padding: l.padding ?? 0, dilation: l.dilation ?? 1 });
    });
    return y;
  };
  const out = forward(x);
  const [oh, ow] = [out.shape[2], out.shape[3]];
  // A fresh tensor, filled before anything reads it: the one-hot selector of the centre pixel.
  const mask = zeros(out.shape);
  mask.data[Math.floor(oh / 2) * ow + Math.floor(ow / 2)] = 1;
  const [g] = grad((input: Tensor) => forward(input).mul(mask).sum())(x);
  let r0 = Infinity, r1 = -Infinity, c0 = Infinity, c1 = -Infinity;
  for (let r = 0; r < inputSize; r++) {
    for (let c = 0; c < inputSize; c++) {
      if (g.data[r * inputSize + c] !== 0) {
        r0 = Math.min(r0, r); r1 = Math.max(r1, r);
        c0 = Math.min(c0, c); c1 = Math.max(c1, c);
      }
    }
  }
  return [r1 - r0 + 1, c1 - c0 + 1];
}

function checkStack(layers: FieldLayer[], reference: Reference, seed: number): Verification {
  const t = new Tally(0);
  const want = readNumber(reference, "r");
  // Big enough that the centre pixel's field lies inside the input, padding or not.
  const size = 3 * want + 4;
  const [h, w] = gradientSupport(layers, size, new Rng(seed).fork("receptive"));
  t.close("height of the gradient's support", h, want);
  t.close("width of the gradient's support", w, want);
  return t.result(
    "autodiff gradient support",
    seed,
    `The gradient of the centre output pixel with respect to a ${size}×${size} input, through the stack with positive random weights, is non-zero on a ${h}×${w} square.`,
  );
}

function describe(layers: FieldLayer[]): string {
  return layers
    .map((l) => `${l.kernel}×${l.kernel} stride ${l.stride ?? 1}${l.dilation && l.dilation > 1 ? ` dilation ${l.dilation}` : ""}`)
    .join(", ");
}

function build(layers: FieldLayer[], title: string, prompt: string, variant: boolean): Question {
  const size = receptiveField(layers).at(-1)?.size;
  if (size === undefined) throw new Error("receptive field of an empty stack");
  return withOracle(
    {
      id: "receptive-field",
      title,
      section: "A",
      source: variant ? "variant of D.2 (fourth assignment)" : "fourth assignment, D.2",
      prompt,
      symbols: { symbols: [] },
      slots: ["r"],
      reference: { r: String(size) },
      kind: "numeric",
      grading: "number",
      tolerance: 0,
      explanation:
        "$r_0 = 1 + \\sum_{l=1}^{L} (k_l - 1) \\prod_{i<l} s_i$, with $k$ replaced by $d(k - 1) + 1$ under dilation $d$. " +
        "Padding moves the field but does not change its size.",
      variant: (s: number) => variantOf(s),
    },
    (ref, s) => checkStack(layers, ref, s),
  );
}

/** Two to four convolutions without padding, strides and dilations 1 or 2. */
function variantOf(seed: number): Question {
  const rng = new Rng(seed).fork("receptive-variant");
  const layers: FieldLayer[] = Array.from({ length: rng.int(2, 4) }, () => ({
    kernel: rng.int(1, 5),
    stride: rng.int(1, 2),
    padding: 0,
    dilation: rng.int(1, 2),
  }));
  return build(
    layers,
    `Receptive field (variant ${seed})`,
    `A stack of single-channel convolutions (PyTorch dilation convention, 1 = none): ${describe(layers)}. ` +
      "How many input pixels wide is the receptive field $r$ of one output pixel?",
    true,
  );
}

export const receptiveFieldQuestion: Question = build(
  D2_STACK,
  "Receptive field of five 5×5 convolutions",
  "Five convolutions of $5 \\times 5$, stride 1, padding 2, are stacked. How many input pixels wide is the receptive field $r$ of one output pixel of the last layer?",
  false,
);
export function checkReceptiveField(reference: Reference, seed: number): Verification {
  return checkStack(D2_STACK, reference, seed);
}
export { variantOf as receptiveFieldVariant };
