/**
 * The linear-activation-linear block Y = h(X Wᵀ) Vᵀ (UvA assignment, theory question 3), whose
 * questions are files in bank/ checked by the generic oracle, except biases by augmentation: its
 * answer is a pair of augmented matrices, checked here by autodiff of the biased block against the
 * augmented one, for the random loss L = Σ G ∘ Y (so that ∂L/∂Y = G exactly), with h drawn from
 * {tanh, sigmoid, softplus, sin}.
 */
import { grad } from "../../autodiff/index.js";
import { ones, tensor, type Tensor } from "../../tensor/index.js";
import type { Rng } from "../../tensor/rng.js";
import type { SymbolTable } from "../../expr/types.js";
import type { Verification } from "../types.js";
import { runTrials, evalReference, sampleInstance, tensorOf, elementwiseOf, type Env } from "../oracle.js";

function blockInstance(rng: Rng, symbols: SymbolTable): Env {
  return sampleInstance(symbols, rng, { minDim: 1, maxDim: 6 });
}

/** `symbols`: the question's table (bank/bias-by-augmentation.md), with X, W, V, b, G and h. */
export function checkBiasAugmentation(ref: Record<string, string>, seed: number, biasSymbols: SymbolTable): Verification {
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
