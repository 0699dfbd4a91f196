/**
 * The linear-activation-linear block Y = h(X Wᵀ) Vᵀ (UvA assignment, theory question 3): the
 * gradients through the block as a whole, and biases by augmentation. The oracle is the autodiff
 * engine applied to the block written with tensor operations, for the random loss L = Σ G ∘ Y
 * (so that ∂L/∂Y = G exactly), with h drawn from {tanh, sigmoid, softplus, sin}.
 */
import { grad } from "../../autodiff/index.js";
import { ones, tensor, type Tensor } from "../../tensor/index.js";
import type { Rng } from "../../tensor/rng.js";
import type { SymbolDecl, SymbolTable } from "../../expr/types.js";
import type { Question, Verification } from "../types.js";
import { runTrials, evalReference, sampleInstance, tensorOf, elementwiseOf, type Env } from "../oracle.js";

const UVA = "UvA Deep Learning, MLP and backprop assignment, question 3";

export const upstreamAliases = ["\\frac{\\partial L}{\\partial Y}", "\\partial L/\\partial Y", "dL/dY", "\\nabla_Y L", "\\frac{dL}{dY}"];

const blockDecls: SymbolDecl[] = [
  { name: "X", kind: "matrix", shape: ["S", "M"], domain: { kind: "real" }, description: "the input batch" },
  { name: "W", kind: "matrix", shape: ["F", "M"], domain: { kind: "real" }, description: "first weight matrix" },
  { name: "V", kind: "matrix", shape: ["N", "F"], domain: { kind: "real" }, description: "second weight matrix" },
  { name: "h", kind: "elementwise", family: ["tanh", "sigmoid", "softplus", "sin"], description: "the activation, applied entry by entry" },
  { name: "Y", kind: "matrix", shape: ["S", "N"], definition: "h(X W^\\top) V^\\top", description: "the block's output" },
  { name: "G", kind: "matrix", shape: ["S", "N"], domain: { kind: "real" }, aliases: upstreamAliases, description: "the upstream gradient ∂L/∂Y" },
];

export const blockSymbols: SymbolTable = { symbols: blockDecls };

/** ∂L/∂X, ∂L/∂W, ∂L/∂V by autodiff of L = Σ G ∘ h(X Wᵀ) Vᵀ. */
export function blockGradients(env: Env): { dX: Tensor; dW: Tensor; dV: Tensor } {
  const h = elementwiseOf(env, "h");
  const G = tensorOf(env, "G");
  const [dX, dW, dV] = grad((X: Tensor, W: Tensor, V: Tensor) => G.mul(h(X.matmul(W.T)).matmul(V.T)).sum())(
    tensorOf(env, "X"),
    tensorOf(env, "W"),
    tensorOf(env, "V"),
  );
  return { dX, dW, dV };
}

function blockInstance(rng: Rng, symbols: SymbolTable): Env {
  return sampleInstance(symbols, rng, { minDim: 1, maxDim: 6 });
}

const PROMPT_BLOCK =
  "A linear-activation-linear block maps $\\mathbf{X} \\in \\mathbb{R}^{S\\times M}$ to $\\mathbf{Y} = h(\\mathbf{X}\\mathbf{W}^\\top)\\mathbf{V}^\\top \\in \\mathbb{R}^{S \\times N}$ " +
  "with $\\mathbf{W} \\in \\mathbb{R}^{F\\times M}$, $\\mathbf{V} \\in \\mathbb{R}^{N \\times F}$ and $h$ applied element-wise. ";

export function checkBlockAB(ref: Record<string, string>, seed: number): Verification {
  return runTrials("autodiff gradient", seed, 16, 1e-9, (rng) => {
    const env = blockInstance(rng, blockSymbols);
    const { dX, dW } = blockGradients(env);
    const AB = evalReference(blockSymbols, ref.A, env).mul(evalReference(blockSymbols, ref.B, env));
    return [
      { truth: dX, value: AB.matmul(tensorOf(env, "W")) },
      { truth: dW, value: AB.T.matmul(tensorOf(env, "X")) },
    ];
  }, "(A∘B)W against autodiff ∂L/∂X and (A∘B)ᵀX against ∂L/∂W, random S, M, F, N in 1..6, h from {tanh, sigmoid, softplus, sin}");
}

export function checkBlockC(ref: Record<string, string>, seed: number): Verification {
  return runTrials("autodiff gradient", seed, 16, 1e-9, (rng) => {
    const env = blockInstance(rng, blockSymbols);
    const { dV } = blockGradients(env);
    return { truth: dV, value: evalReference(blockSymbols, ref.C, env) };
  }, "C against autodiff ∂L/∂V, random S, M, F, N in 1..6, h from {tanh, sigmoid, softplus, sin}");
}

export const blockGradientsAB: Question = {
  id: "block-gradients-ab",
  title: "Backprop through a linear-activation-linear block: A and B",
  section: "A",
  source: UVA + "a",
  prompt:
    PROMPT_BLOCK +
    "The gradients have the form $\\frac{\\partial L}{\\partial \\mathbf{X}} = (\\mathbf{A} \\circ \\mathbf{B})\\mathbf{W}$ and " +
    "$\\frac{\\partial L}{\\partial \\mathbf{W}} = (\\mathbf{A} \\circ \\mathbf{B})^\\top \\mathbf{X}$. Find $\\mathbf{A}$ and $\\mathbf{B}$ in terms of " +
    "$\\frac{\\partial L}{\\partial \\mathbf{Y}}$ and the objects above. Answer as `A = ..., B = ...`.",
  symbols: blockSymbols,
  slots: ["A", "B"],
  reference: { A: "G V", B: "h'(X W^\\top)" },
  referenceForms: { A: ["\\sum_{k} G_{ik} V_{kj}"], B: ["h'\\left(\\sum_{k} X_{ik} W_{jk}\\right)"] },
  kind: "formula",
  joint: {
    slots: ["A", "B"],
    combine: "A \\circ B",
    note: "A and B are judged together through A ∘ B: only the product is determined by the question.",
  },
  mistakes: [
    { code: "h-for-hprime", message: "B must be the derivative h' of the activation at X Wᵀ, not h itself.", answer: { A: "G V", B: "h(X W^\\top)" } },
  ],
  verify: (seed) => checkBlockAB(blockGradientsAB.reference, seed),
  explanation:
    "With $Z = XW^\\top$ and $H = h(Z)$: $\\frac{\\partial L}{\\partial H} = GV$, $\\frac{\\partial L}{\\partial Z} = GV \\circ h'(Z)$, " +
    "then $\\frac{\\partial L}{\\partial X} = \\frac{\\partial L}{\\partial Z} W$ and $\\frac{\\partial L}{\\partial W} = (\\frac{\\partial L}{\\partial Z})^\\top X$.",
};

export const blockGradientsC: Question = {
  id: "block-gradients-c",
  title: "Backprop through a linear-activation-linear block: C",
  section: "A",
  source: UVA + "b",
  prompt: PROMPT_BLOCK + "With $\\frac{\\partial L}{\\partial \\mathbf{V}} = \\mathbf{C}$, find $\\mathbf{C}$.",
  symbols: blockSymbols,
  slots: ["C"],
  reference: { C: "G^\\top h(X W^\\top)" },
  referenceForms: { C: ["\\sum_{k} G_{ki} h(X W^\\top)_{kj}"] },
  kind: "formula",
  mistakes: [
    { code: "hprime-for-h", message: "C multiplies the activations h(X Wᵀ) themselves; h' belongs to the gradients with respect to X and W.", answer: { C: "G^\\top h'(X W^\\top)" } },
  ],
  verify: (seed) => checkBlockC(blockGradientsC.reference, seed),
  explanation: "$Y = HV^\\top$ with $H = h(XW^\\top)$, so $\\frac{\\partial L}{\\partial V} = G^\\top H$ (an $N \\times F$ matrix, the shape of V).",
};

const biasSymbols: SymbolTable = {
  symbols: [
    ...blockDecls.filter((d) => d.name !== "Y"),
    { name: "b", kind: "vector", shape: ["F", 1], domain: { kind: "real" }, description: "the bias of the first linear layer" },
    { name: "Y", kind: "matrix", shape: ["S", "N"], definition: "h(X W^\\top + \\mathbf{1} b^\\top) V^\\top", description: "the block's output with bias" },
  ],
};

export function checkBiasAugmentation(ref: Record<string, string>, seed: number): Verification {
  return runTrials("autodiff gradient", seed, 16, 1e-9, (rng) => {
      const env = blockInstance(rng, biasSymbols);
      const h = elementwiseOf(env, "h");
      const G = tensorOf(env, "G");
      const X = tensorOf(env, "X");
      const V = tensorOf(env, "V");
      const W = tensorOf(env, "W");
      const b = tensorOf(env, "b");
      const [dW, db] = grad((w: Tensor, bias: Tensor) =>
        G.mul(h(X.matmul(w.T).add(ones([X.shape[0], 1]).matmul(bias.T))).matmul(V.T)).sum(),
      )(W, b);
      const Xt = evalReference(biasSymbols, ref["\\tilde{X}"], env);
      const Wt = evalReference(biasSymbols, ref["\\tilde{W}"], env);
      const [dWt] = grad((w: Tensor) => G.mul(h(Xt.matmul(w.T)).matmul(V.T)).sum())(Wt);
      const [F, M] = W.shape;
      const column = (c: number): number[] => Array.from({ length: F }, (_, f) => dWt.data[f * (M + 1) + c]);
      const weightPart = tensor(Array.from({ length: F }, (_, f) => Array.from(dWt.data.subarray(f * (M + 1), f * (M + 1) + M))));
      const biasGradient = evalReference(biasSymbols, "((G V) \\circ h'(X W^\\top + \\mathbf{1} b^\\top))^\\top \\mathbf{1}", env);
      return [
        { truth: X.matmul(W.T).add(ones([X.shape[0], 1]).matmul(b.T)), value: Xt.matmul(Wt.T) },
        { truth: dW, value: weightPart },
        { truth: db, value: tensor(column(M)) },
        { truth: db, value: biasGradient },
      ];
    }, "autodiff of the biased block against the augmented one: the last column of ∂L/∂W̃ is ∂L/∂b = (A∘B)ᵀ1, the rest is ∂L/∂W");
}

export const biasByAugmentation: Question = {
  id: "bias-by-augmentation",
  title: "Biases by augmenting the input",
  section: "A",
  source: UVA + "d",
  prompt:
    PROMPT_BLOCK +
    "Add a bias $b \\in \\mathbb{R}^F$ to the first linear layer ($h(XW^\\top + \\mathbf{1}b^\\top)$) without a new object: give the augmented " +
    "$\\tilde X$ and $\\tilde W$ with $\\tilde X \\tilde W^\\top = X W^\\top + \\mathbf{1} b^\\top$. Answer as `\\tilde X = ..., \\tilde W = ...`.",
  symbols: biasSymbols,
  slots: ["\\tilde{X}", "\\tilde{W}"],
  reference: { "\\tilde{X}": "[X, \\mathbf{1}]", "\\tilde{W}": "[W, b]" },
  kind: "formula",
  joint: {
    slots: ["\\tilde{X}", "\\tilde{W}"],
    combine: "\\tilde{X} \\tilde{W}^\\top",
    note: "X̃ and W̃ are judged together through X̃ W̃ᵀ: the column of ones may go first or last as long as b goes in the same place.",
  },
  verify: (seed) => checkBiasAugmentation(biasByAugmentation.reference, seed),
  explanation:
    "Append a column of ones to $X$ and the bias as a column to $W$: $\\tilde X = [X, \\mathbf{1}]$, $\\tilde W = [W, b]$, so " +
    "$\\tilde X\\tilde W^\\top = XW^\\top + \\mathbf{1}b^\\top$. The block is unchanged, and the last column of $\\frac{\\partial L}{\\partial \\tilde W} = (A\\circ B)^\\top\\tilde X$ " +
    "is the bias gradient $(A \\circ B)^\\top \\mathbf{1}$.",
};
