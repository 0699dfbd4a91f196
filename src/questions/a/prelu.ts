/**
 * PReLU, h_θ(z) = z for z ≥ 0 and θz otherwise (UvA assignment, theory 3e). The gradient with
 * respect to the scalar θ is published as the matrix D with ∂L/∂θ = Σ D_ij, which the generic
 * oracle could check only through its sum: this one checks the sum through the engine's own
 * `prelu` and D entry by entry through a per-entry copy of θ. X is sampled away from the kink at 0.
 */
import { grad } from "../../autodiff/index.js";
import { prelu, ones, type Tensor } from "../../tensor/index.js";
import type { SymbolTable } from "../../expr/types.js";
import type { Verification } from "../types.js";
import { runTrials, evalReference, sampleInstance, tensorOf } from "../oracle.js";

/** θ copied into every entry, so the gradient with respect to it is D entry by entry. */
function preluPerEntry(X: Tensor, Theta: Tensor): Tensor {
  return X.relu().sub(X.neg().relu().mul(Theta));
}

/** `preluSymbols`: the question's table (bank/prelu-theta-grad.md), with X away from the kink, θ > 0 and G. */
export function checkPreluTheta(ref: Record<string, string>, seed: number, preluSymbols: SymbolTable): Verification {
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
