import { describe, expect, it } from "vitest";
import { checkBank, type Corruptions } from "./bank-check.js";
import { deriveBankReference } from "../../../src/symbolic/index.js";
import { toLatex } from "../../../src/expr/index.js";
import type { Question } from "../../../src/questions/types.js";
import { sectionB } from "../../../src/questions/b/index.js";

function q(id: string): Question {
  const found = sectionB.find((x) => x.id === id);
  if (!found) throw new Error(`no question ${id}`);
  return found;
}

/** Wrong references the oracle must reject: real mistakes, slot by slot. */
const CORRUPTIONS: Corruptions = {
  "scaled-sigmoid-grad": [{ D: "\\hat{\\sigma}(z) (1 - \\hat{\\sigma}(z))" }, { D: "2 \\hat{\\sigma}(z)" }],
  "relu-heaviside": [{ D: "x H(x)" }, { A: "H(x)" }, { B: "\\int_{-\\infty}^{x} t H(t) \\, dt" }],
  "sigmoid-to-heaviside": [{ L: "\\mathbb{1}[x > 0]" }, { L: "\\mathbb{1}[x \\ge 0]" }],
  "heaviside-distributional-derivative": [{ V: "-\\phi(0)" }, { V: "\\phi(1)" }],
  "softmax-translation-invariance": [{ R: "\\mathrm{softmax}(x) + c" }, { R: "e^{c} \\mathrm{softmax}(x)" }],
  "softmax-temperature-limits": [{ A: "\\mathbf{1}" }, { B: "\\mathbb{1}[x = \\max(x) \\mathbf{1}]" }],
  "softmax-two-class": [{ z: "x_2 - x_1" }, { z: "x_1" }],
  "softmax-k-minus-one": [{ y: "x_{i+1} + x_1" }, { y: "x_i - x_1" }],
  "sigmoid-tanh-network": [{ D: "b_2" }, { A: "W_1" }, { D: "b_2 + W_2 \\mathbf{1}" }],
  "interpolation-network": [{ M: "[\\phi(X w \\mathbf{1}^\\top - \\mathbf{1} b^\\top), \\mathbf{1}]" }],
  "mlp-param-count": [{ N: "784 h_1 + h_1 h_2 + 10 h_2" }],
  "glorot-uniform-bound": [{ d: "\\sqrt{\\frac{3}{h_{l-1} + h_l}}" }, { V: "\\frac{1}{h_{l-1} + h_l}" }],
  "finite-difference-error": [{ T: "O(\\epsilon)" }, { R: "O(u/\\epsilon^2)" }],
  "norm-limits": [{ A: "\\sum_{i=1}^{n} |x_i|" }, { B: "n" }],
  "hessian-minimum-eigenvalues": [{ answer: "\\lambda_i(H) \\ge 0 \\text{ for every } i" }, { answer: "\\lambda_i(H) < 0" }],
  "saddle-probability": [{ P: "2^{-n+1}" }, { R: "2^{n}" }],
  "gd-near-saddle": [{ A: "1 - \\eta |\\nu|" }, { B: "1 + \\eta \\lambda" }],
};

describe("section B: reference and oracle", () => {
  checkBank("B", sectionB, CORRUPTIONS, 2);
  it("takes formula references from the symbolic engine's derivations where it has one", () => {
    const derivedSlot: Array<[string, string]> = [
      ["scaled-sigmoid-grad", "D"],
      ["relu-heaviside", "D"],
      ["sigmoid-to-heaviside", "L"],
      ["glorot-uniform-bound", "d"],
    ];
    for (const [id, slot] of derivedSlot) {
      const r = deriveBankReference(id);
      expect(r.ok, id).toBe(true);
      if (r.ok) expect(q(id).reference[slot]).toBe(toLatex(r.expr));
    }
    expect(q("scaled-sigmoid-grad").reference.D).toContain("\\hat{\\sigma}(z)");
  });
});
