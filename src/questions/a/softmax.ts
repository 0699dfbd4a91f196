/**
 * The softmax (and sigmoid) Jacobian family of section A: index form, matrix form, the
 * cross-entropy gradient, the vector-Jacobian product. Every oracle is the autodiff engine applied
 * to the tensor engine's own softmax, compared with the reference formula evaluated numerically.
 */
import { jacobian, grad, vjp } from "../../autodiff/index.js";
import type { Tensor } from "../../tensor/index.js";
import type { SymbolDecl, SymbolTable } from "../../expr/types.js";
import type { Question, Verification } from "../types.js";
import { runTrials, evalReference, sampleInstance, tensorOf } from "../oracle.js";

const HOMEWORK3 = "Homework 3, Problem 1 (softmax activation)";

const n: SymbolDecl = { name: "n", kind: "dimension", domain: { kind: "integer", lo: 1, hi: 8 }, description: "number of classes" };
const idx = (name: string): SymbolDecl => ({ name, kind: "index", range: "n" });

/** Flattens an autodiff Jacobian [n,1,n,1] (or any [..]) to [n, n] for entry-wise comparison. */
function square(t: Tensor, size: number): Tensor {
  return t.reshape([size, size]);
}

const jacobianSymbols: SymbolTable = {
  symbols: [
    { name: "x", kind: "vector", shape: ["n", 1], domain: { kind: "real" }, aliases: ["v"], description: "the logits" },
    {
      name: "S",
      kind: "vector",
      shape: ["n", 1],
      definition: "\\mathrm{softmax}(x)",
      aliases: ["o", "S(x)"],
      description: "the softmax of x",
    },
    n,
    idx("i"),
    idx("j"),
    idx("k"),
  ],
};

/** Autodiff Jacobian of the engine's softmax against a reference that is an [n, n] matrix. */
function softmaxJacobianTrials(symbols: SymbolTable, reference: string, seed: number, trials: number): Verification {
  return runTrials("autodiff Jacobian", seed, trials, 1e-9, (rng) => {
    const env = sampleInstance(symbols, rng, { maxDim: 8 });
    const x = tensorOf(env, "x");
    const size = x.shape[0];
    const truth = square(jacobian((v: Tensor) => v.softmax(0))(x), size);
    const ref = evalReference(symbols, reference, env);
    return { truth, value: ref };
  }, "J_{ij} = ∂S_i/∂x_j of the engine's softmax at random x (n in 1..8, every i, j including i = j)");
}

export function checkSoftmaxJacobian(ref: Record<string, string>, seed: number): Verification {
  return softmaxJacobianTrials(jacobianSymbols, ref.J, seed, 24);
}

export function checkSoftmaxJacobianMatrix(ref: Record<string, string>, seed: number): Verification {
  return softmaxJacobianTrials(matrixSymbols, ref.J, seed, 24);
}

export const softmaxJacobian: Question = {
  id: "softmax-jacobian",
  title: "The softmax Jacobian, entry by entry",
  section: "A",
  source: HOMEWORK3 + ", part 1",
  prompt:
    "Let $S(x)_i = \\frac{e^{x_i}}{\\sum_{k=1}^{n} e^{x_k}}$ be the softmax of $x \\in \\mathbb{R}^n$. " +
    "Give $\\frac{\\partial S_i}{\\partial x_j}$ for all $i, j$ in one expression (use $\\delta_{ij}$).",
  symbols: jacobianSymbols,
  slots: ["J"],
  reference: { J: "S_i(\\delta_{ij} - S_j)" },
  kind: "formula",
  mistakes: [
    { code: "diagonal-only", message: "Your answer is right only on the diagonal (i = j): for i ≠ j the derivative is −S_i S_j.", answer: { J: "S_i(1 - S_i)" } },
    { code: "off-diagonal-only", message: "Your answer is right only off the diagonal (i ≠ j): for i = j the derivative is S_i(1 − S_i).", answer: { J: "-S_i S_j" } },
  ],
  verify: (seed) => checkSoftmaxJacobian(softmaxJacobian.reference, seed),
  explanation:
    "Differentiate $\\log S_i = x_i - \\log\\sum_k e^{x_k}$: $\\frac{\\partial \\log S_i}{\\partial x_j} = \\delta_{ij} - S_j$, " +
    "so $\\frac{\\partial S_i}{\\partial x_j} = S_i(\\delta_{ij} - S_j)$: $S_i(1-S_i)$ on the diagonal, $-S_iS_j$ off it.",
};

const matrixSymbols: SymbolTable = {
  symbols: [
    { name: "x", kind: "vector", shape: ["n", 1], domain: { kind: "real" }, aliases: ["v"], description: "the logits" },
    {
      name: "s",
      kind: "vector",
      shape: ["n", 1],
      definition: "\\mathrm{softmax}(x)",
      aliases: ["S", "o", "S(x)"],
      description: "the softmax of x, a column vector",
    },
    n,
    idx("i"),
    idx("j"),
    idx("k"),
  ],
};

export const softmaxJacobianMatrix: Question = {
  id: "softmax-jacobian-matrix",
  title: "The softmax Jacobian as a matrix",
  section: "A",
  source: HOMEWORK3 + ", part 1 (matrix form)",
  prompt:
    "With $s = \\mathrm{softmax}(x) \\in \\mathbb{R}^n$ a column vector, write the Jacobian $J = \\frac{\\partial s}{\\partial x}$ " +
    "($J_{ij} = \\partial s_i / \\partial x_j$) as one matrix expression using $\\mathrm{diag}(\\cdot)$, $I$ or $\\mathbf{1}$.",
  symbols: matrixSymbols,
  slots: ["J"],
  reference: { J: "\\mathrm{diag}(s) - s s^\\top" },
  referenceForms: { J: ["s_i \\delta_{ij} - s_i s_j"] },
  kind: "formula",
  mistakes: [
    { code: "diagonal-only", message: "Your answer keeps only the diagonal s_i(1 − s_i); the off-diagonal entries −s_i s_j are missing.", answer: { J: "\\mathrm{diag}(s \\circ (1 - s))" } },
    { code: "outer-for-inner", message: "s^⊤ s is a number (the inner product); the Jacobian needs the outer product s s^⊤.", answer: { J: "\\mathrm{diag}(s) - s^\\top s" } },
  ],
  verify: (seed) => checkSoftmaxJacobianMatrix(softmaxJacobianMatrix.reference, seed),
  explanation: "Collect $J_{ij} = s_i\\delta_{ij} - s_i s_j$ into matrices: $s_i\\delta_{ij}$ is $\\mathrm{diag}(s)$, $s_is_j$ is $ss^\\top$.",
};

const ceSymbols: SymbolTable = {
  symbols: [
    { name: "v", kind: "vector", shape: ["n", 1], domain: { kind: "real" }, aliases: ["x"], description: "the logits" },
    {
      name: "o",
      kind: "vector",
      shape: ["n", 1],
      definition: "\\mathrm{softmax}(v)",
      aliases: ["S", "s", "S(v)", "S(x)"],
      description: "the softmax output",
    },
    { name: "y", kind: "vector", shape: ["n", 1], domain: { kind: "onehot" }, description: "the one-hot label" },
    n,
    idx("i"),
    idx("j"),
    idx("k"),
  ],
};

export const softmaxCeGrad: Question = {
  id: "softmax-ce-grad",
  title: "Gradient of cross-entropy through softmax",
  section: "A",
  source: HOMEWORK3 + ", part 2",
  prompt:
    "With $o = \\mathrm{softmax}(v)$ and the cross-entropy $L = -\\sum_{i=1}^{n} y_i \\log o_i$ for a one-hot label $y$, " +
    "give $\\frac{\\partial L}{\\partial v_i}$ (or the vector $\\frac{\\partial L}{\\partial v}$).",
  symbols: ceSymbols,
  slots: ["g"],
  reference: { g: "o_i - y_i" },
  referenceForms: { g: ["o - y"] },
  kind: "formula",
  mistakes: [
    { code: "gradient-wrt-output", message: "−y_i/o_i is the gradient with respect to the softmax output o; the chain rule through the softmax Jacobian turns it into o_i − y_i.", answer: { g: "-\\frac{y_i}{o_i}" } },
    { code: "onehot-ignored", message: "Your answer assumes y_i = 1 for every i; y is one-hot, so the gradient is o_i − y_i.", answer: { g: "o_i - 1" } },
  ],
  verify: (seed) => checkSoftmaxCeGrad(softmaxCeGrad.reference, seed),
  explanation:
    "$\\frac{\\partial L}{\\partial v_j} = -\\sum_i \\frac{y_i}{o_i} o_i(\\delta_{ij} - o_j) = -y_j + o_j \\sum_i y_i = o_j - y_j$, since $\\sum_i y_i = 1$.",
};

export function checkSoftmaxCeGrad(ref: Record<string, string>, seed: number): Verification {
  return runTrials("autodiff gradient", seed, 24, 1e-9, (rng) => {
      const env = sampleInstance(ceSymbols, rng, { maxDim: 8 });
      const v = tensorOf(env, "v");
      const y = tensorOf(env, "y");
      const [truth] = grad((logits: Tensor) => y.mul(logits.softmax(0).log()).sum().neg())(v);
      const value = evalReference(ceSymbols, ref.g, env);
      return { truth, value };
    }, "∂/∂v of −Σ y ∘ log softmax(v) by autodiff, at random logits and one-hot labels (n in 1..8)");
}

const vjpSymbols: SymbolTable = {
  symbols: [
    { name: "x", kind: "vector", shape: ["n", 1], domain: { kind: "real" }, description: "the logits" },
    { name: "s", kind: "vector", shape: ["n", 1], definition: "\\mathrm{softmax}(x)", aliases: ["S", "o"], description: "the softmax output" },
    {
      name: "g",
      kind: "vector",
      shape: ["n", 1],
      domain: { kind: "real" },
      aliases: ["\\frac{\\partial L}{\\partial s}", "dL/ds", "\\partial L/\\partial s", "\\nabla_s L"],
      description: "the upstream gradient ∂L/∂s",
    },
    n,
    idx("i"),
    idx("j"),
    idx("k"),
  ],
};

export const softmaxVjp: Question = {
  id: "softmax-vjp",
  title: "Softmax backward without the Jacobian",
  section: "A",
  source: HOMEWORK3 + ", part 1 (vector-Jacobian product)",
  prompt:
    "For $s = \\mathrm{softmax}(x)$ and an upstream gradient $g = \\frac{\\partial L}{\\partial s}$, give " +
    "$\\frac{\\partial L}{\\partial x} = J^\\top g$ as an $O(n)$ expression in $s$, $g$ and $\\mathbf{1}$ (no $n \\times n$ matrix).",
  symbols: vjpSymbols,
  slots: ["dx"],
  reference: { dx: "s \\circ (g - (s^\\top g)\\mathbf{1})" },
  referenceForms: { dx: ["s_i \\left(g_i - \\sum_{k=1}^{n} s_k g_k\\right)"] },
  kind: "formula",
  mistakes: [
    { code: "centering-missing", message: "s ∘ g is only the diagonal part of Jᵀg; subtract (sᵀg) s, the contribution of the off-diagonal −s_i s_j.", answer: { dx: "s \\circ g" } },
  ],
  verify: (seed) => checkSoftmaxVjp(softmaxVjp.reference, seed),
  explanation: "$(J^\\top g)_j = \\sum_i g_i s_i(\\delta_{ij} - s_j) = s_j g_j - s_j (s^\\top g)$, i.e. $s \\circ (g - (s^\\top g)\\mathbf{1})$.",
};

export function checkSoftmaxVjp(ref: Record<string, string>, seed: number): Verification {
  return runTrials("autodiff vector-Jacobian product", seed, 24, 1e-9, (rng) => {
      const env = sampleInstance(vjpSymbols, rng, { maxDim: 8 });
      const x = tensorOf(env, "x");
      const g = tensorOf(env, "g");
      const { grads } = vjp((v: Tensor) => v.softmax(0), [x], g);
      const value = evalReference(vjpSymbols, ref.dx, env);
      return { truth: grads[0], value };
    }, "Jᵀg computed by the autodiff engine's vjp of softmax at random x and g (n in 1..8)");
}

const sigmoidSymbols: SymbolTable = {
  // No `n` symbol: no answer needs the size by name (it comes from x's shape), and a declared size
  // that no formula mentions is one more thing for the equivalence engine to draw.
  symbols: [{ name: "x", kind: "vector", shape: ["n", 1], domain: { kind: "real" }, description: "the input" }, idx("i"), idx("j")],
};

export const sigmoidJacobian: Question = {
  id: "sigmoid-jacobian",
  title: "The Jacobian of the elementwise sigmoid",
  section: "A",
  source: "Homework 3 and IFT6135 (sigmoid derivative, matrix form)",
  prompt: "For $x \\in \\mathbb{R}^n$, give the Jacobian $\\frac{\\partial \\sigma(x)}{\\partial x}$ of the elementwise sigmoid as an $n \\times n$ matrix.",
  symbols: sigmoidSymbols,
  slots: ["J"],
  reference: { J: "\\mathrm{diag}(\\sigma(x) \\circ (1 - \\sigma(x)))" },
  referenceForms: { J: ["\\delta_{ij} \\sigma(x_i)(1 - \\sigma(x_i))"] },
  kind: "formula",
  mistakes: [
    { code: "vector-for-diag", message: "Your answer is the vector of derivatives σ(x) ∘ (1 − σ(x)); the Jacobian is the n×n diagonal matrix diag(σ(x) ∘ (1 − σ(x))).", answer: { J: "\\sigma(x) \\circ (1 - \\sigma(x))" } },
  ],
  verify: (seed) => checkSigmoidJacobian(sigmoidJacobian.reference, seed),
  explanation: "$\\sigma'(z) = \\sigma(z)(1 - \\sigma(z))$ and output $i$ depends only on input $i$, so the Jacobian is diagonal.",
};

export function checkSigmoidJacobian(ref: Record<string, string>, seed: number): Verification {
  return runTrials("autodiff Jacobian", seed, 24, 1e-9, (rng) => {
      const env = sampleInstance(sigmoidSymbols, rng, { maxDim: 8 });
      const x = tensorOf(env, "x");
      const size = x.shape[0];
      const truth = square(jacobian((v: Tensor) => v.sigmoid())(x), size);
      const value = evalReference(sigmoidSymbols, ref.J, env);
      return { truth, value };
    }, "autodiff Jacobian of the engine's sigmoid at random x (n in 1..8)");
}
