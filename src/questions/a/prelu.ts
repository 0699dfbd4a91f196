/**
 * PReLU, h_θ(z) = z for z ≥ 0 and θz otherwise (UvA assignment, theory 3e–f). The oracle is the
 * autodiff engine: with respect to θ through the engine's own `prelu`, and entry by entry through a
 * per-entry copy of θ, so D is checked element-wise and not only through its sum. X is sampled away
 * from the kink at 0.
 */
import { grad } from "../../autodiff/index.js";
import { prelu, ones, type Tensor } from "../../tensor/index.js";
import type { SymbolTable } from "../../expr/types.js";
import type { Question, Verification } from "../types.js";
import { runTrials, evalReference, sampleInstance, tensorOf } from "../oracle.js";
import { upstreamAliases } from "./block.js";

const UVA = "UvA Deep Learning, MLP and backprop assignment, question 3";

export const preluSymbols: SymbolTable = {
  symbols: [
    { name: "X", kind: "matrix", shape: ["S", "N"], domain: { kind: "awayFromKink", margin: 1e-6 }, description: "the input features" },
    { name: "\\theta", kind: "scalar", shape: [], domain: { kind: "positive" }, description: "the PReLU slope for negative inputs" },
    { name: "Y", kind: "matrix", shape: ["S", "N"], definition: "\\mathrm{prelu}(X, \\theta)", description: "the output h_θ(X)" },
    { name: "G", kind: "matrix", shape: ["S", "N"], domain: { kind: "real" }, aliases: upstreamAliases, description: "the upstream gradient ∂L/∂Y" },
    { name: "i", kind: "index", range: "S" },
    { name: "j", kind: "index", range: "N" },
  ],
};

const PROMPT =
  "A PReLU module applies $h_\\theta(z) = z$ for $z \\ge 0$ and $\\theta z$ for $z < 0$ ($\\theta > 0$) to every entry of $\\mathbf{X}$, giving $\\mathbf{Y}$. ";

/** θ copied into every entry, so the gradient with respect to it is D entry by entry. */
function preluPerEntry(X: Tensor, Theta: Tensor): Tensor {
  return X.relu().sub(X.neg().relu().mul(Theta));
}

export function checkPreluTheta(ref: Record<string, string>, seed: number): Verification {
  return runTrials("autodiff gradient", seed, 16, 1e-9, (rng) => {
      const env = sampleInstance(preluSymbols, rng, { maxDim: 6 });
      const X = tensorOf(env, "X");
      const G = tensorOf(env, "G");
      const theta = tensorOf(env, "\\theta");
      const D = evalReference(preluSymbols, ref.D, env);
      const [dTheta] = grad((t: Tensor) => G.mul(prelu(X, t)).sum())(theta);
      const [perEntry] = grad((T: Tensor) => G.mul(preluPerEntry(X, T)).sum())(ones(X.shape).mul(theta.item()));
      return [
        { truth: dTheta.reshape([1]), value: D.sum().reshape([1]) },
        { truth: perEntry, value: D },
      ];
    }, "Σ D against autodiff ∂L/∂θ through the engine's prelu, and D entry by entry against the gradient for a per-entry θ; X never exactly at the kink");
}

export const preluThetaGrad: Question = {
  id: "prelu-theta-grad",
  title: "PReLU: the gradient with respect to θ",
  section: "A",
  source: UVA + "e",
  prompt:
    PROMPT +
    "With $\\frac{\\partial L}{\\partial \\theta} = \\sum_{i,j} D_{ij}$, give a closed form for the matrix $\\mathbf{D}$ in terms of " +
    "$\\frac{\\partial L}{\\partial \\mathbf{Y}}$ and $\\mathbf{X}$ (element-wise $\\max$, $\\min$ and $\\mathbb{1}[\\cdot]$ allowed).",
  symbols: preluSymbols,
  slots: ["D"],
  reference: { D: "G \\circ \\min(0, X)" },
  referenceForms: { D: ["G_{ij} \\min(0, X_{ij})"] },
  kind: "formula",
  mistakes: [
    { code: "max-for-min", message: "θ scales the negative inputs: the factor is min(0, X), not max(0, X).", answer: { D: "G \\circ \\max(0, X)" } },
    { code: "kink-mask-missing", message: "Only the entries with X < 0 depend on θ: mask X with min(0, X) (or X ∘ 1[X < 0]).", answer: { D: "G \\circ X" } },
    { code: "mask-without-input", message: "∂(θz)/∂θ is z itself, not 1: the mask 1[X < 0] must multiply X (min(0, X) = X ∘ 1[X < 0]).", answer: { D: "G \\circ \\mathbb{1}[X < 0]" } },
    { code: "theta-extra", message: "θ itself does not appear in ∂(θz)/∂θ = z.", answer: { D: "\\theta G \\circ \\min(0, X)" } },
  ],
  verify: (seed) => checkPreluTheta(preluThetaGrad.reference, seed),
  explanation:
    "$\\frac{\\partial h_\\theta(z)}{\\partial\\theta}$ is $0$ for $z \\ge 0$ and $z$ for $z < 0$, i.e. $\\min(0, z)$; the chain rule gives " +
    "$\\frac{\\partial L}{\\partial\\theta} = \\sum_{ij} G_{ij}\\min(0, X_{ij})$, so $D = G \\circ \\min(0, X)$.",
};

export function checkPreluInput(ref: Record<string, string>, seed: number): Verification {
  return runTrials("autodiff gradient", seed, 16, 1e-9, (rng) => {
      const env = sampleInstance(preluSymbols, rng, { maxDim: 6 });
      const X = tensorOf(env, "X");
      const G = tensorOf(env, "G");
      const theta = tensorOf(env, "\\theta");
      const [dX] = grad((x: Tensor) => G.mul(prelu(x, theta)).sum())(X);
      const E = evalReference(preluSymbols, ref.E, env);
      const Ematrix = evalReference(preluSymbols, "\\mathbb{1}[X \\ge 0] + \\theta \\, \\mathbb{1}[X < 0]", env);
      return [
        { truth: dX, value: G.mul(E) },
        { truth: dX, value: G.mul(Ematrix) },
      ];
    }, "G ∘ E against autodiff ∂L/∂X through the engine's prelu, for the index and the matrix form of E; X never exactly at the kink");
}

export const preluInputGrad: Question = {
  id: "prelu-input-grad",
  title: "PReLU: the gradient with respect to the input",
  section: "A",
  source: UVA + "f",
  prompt:
    PROMPT +
    "The gradient for backpropagation is $\\frac{\\partial L}{\\partial \\mathbf{X}} = \\frac{\\partial L}{\\partial \\mathbf{Y}} \\circ \\mathbf{E}$. " +
    "Describe the elements $E_{ij}$ (a `cases` expression is fine).",
  symbols: preluSymbols,
  slots: ["E"],
  reference: { E: "\\begin{cases} 1 & X_{ij} \\ge 0 \\\\ \\theta & \\text{otherwise} \\end{cases}" },
  referenceForms: { E: ["\\mathbb{1}[X \\ge 0] + \\theta \\, \\mathbb{1}[X < 0]"] },
  kind: "formula",
  mistakes: [
    { code: "branches-swapped", message: "The slope is 1 for X ≥ 0 and θ for X < 0; your branches are the other way round.", answer: { E: "\\theta \\, \\mathbb{1}[X \\ge 0] + \\mathbb{1}[X < 0]" } },
    { code: "upstream-included", message: "E is the local derivative only; the upstream gradient ∂L/∂Y multiplies it outside.", answer: { E: "G \\circ (\\mathbb{1}[X \\ge 0] + \\theta \\, \\mathbb{1}[X < 0])" } },
    { code: "negative-branch-zero", message: "That is ReLU's derivative: for X < 0 PReLU has slope θ, not 0.", answer: { E: "\\mathbb{1}[X \\ge 0]" } },
    // The same mistakes in the question's own index notation.
    { code: "branches-swapped", message: "The slope is 1 for X ≥ 0 and θ for X < 0; your branches are the other way round.", answer: { E: "\\begin{cases} \\theta & X_{ij} \\ge 0 \\\\ 1 & \\text{otherwise} \\end{cases}" } },
    { code: "upstream-included", message: "E is the local derivative only; the upstream gradient ∂L/∂Y multiplies it outside.", answer: { E: "G_{ij} \\begin{cases} 1 & X_{ij} \\ge 0 \\\\ \\theta & \\text{otherwise} \\end{cases}" } },
    { code: "negative-branch-zero", message: "That is ReLU's derivative: for X < 0 PReLU has slope θ, not 0.", answer: { E: "\\begin{cases} 1 & X_{ij} \\ge 0 \\\\ 0 & \\text{otherwise} \\end{cases}" } },
  ],
  verify: (seed) => checkPreluInput(preluInputGrad.reference, seed),
  explanation: "Entry by entry $h_\\theta'(z) = 1$ for $z \\ge 0$ and $\\theta$ for $z < 0$, and each output depends only on its own input.",
};
