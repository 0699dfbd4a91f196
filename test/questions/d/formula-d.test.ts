import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { checkBank, type Corruptions } from "../b/bank-check.js";
import { deriveBankReference } from "../../../src/symbolic/index.js";
import { toLatex } from "../../../src/expr/index.js";
import { sectionD } from "../../../src/questions/d/index.js";
import { convQuestions } from "../../../src/questions/conv/index.js";
import { convOutputSizeVariant } from "../../../src/questions/conv/output-size.js";

/** Wrong references the oracle must reject (the conv facts and numbers have their own tests). */
const CORRUPTIONS: Corruptions = {
  "three-layer-backprop": [
    { C: "(W_3^\\top \\delta_o) h^\\top" },
    { E: "W_2^\\top ((W_3^\\top \\delta_o) \\circ a \\circ (\\mathbf{1} - a)) x^\\top + b_1" },
    { A: "a \\delta_o^\\top" },
  ],
  "backprop-memory": [{ M: "2(n + m + r)" }, { M: "4(n + m + r + s)" }],
  "relu-one-sided-derivatives": [{ L: "1" }],
  "swish-limit-zero": [{ g: "x" }, { g: "0" }],
  "swish-limit-infinity": [{ g: "x" }, { g: "\\frac{x}{2}" }],
  "conv-ift6135-q7": [{ N: "80000" }],
  "conv-true-false": [{ B: "\\text{false}" }],
  "cross-entropy-mle-kl": [{ K: "p \\log \\frac{p}{x} + (1 - p) \\log \\frac{1 - p}{1 - x}" }, { E: "x \\log x + (1 - x) \\log(1 - x)" }],
  "gd-one-step": [{ F: "19" }],
  "mixture-logistic-network": [{ P: "\\sigma(\\pi^\\top W x)" }],
  "mlp-backprop": [
    { C: "(t - x^{(N)})^\\top" },
    { A: "-(x^{(N)} / t)^\\top" },
    { S: "\\mathrm{diag}(x^{(N)})" },
    { G: "(x^{(l-1)})^\\top (\\delta^{(l)})^\\top" },
    { T: "(\\Delta^{(l)})^\\top X^{(l-1)} + (\\Delta^{(l)})^\\top X^{(l-1)}" },
  ],
};

describe("section D: reference and oracle", () => {
  checkBank("D", sectionD, CORRUPTIONS, 2);
  it("the swish limits and the conv output size are the symbolic engine's derivations", () => {
    for (const [q, id, slot] of [
      [sectionD.find((x) => x.id === "swish-limit-zero"), "swish-limit-zero", "g"],
      [sectionD.find((x) => x.id === "swish-limit-infinity"), "swish-limit-infinity", "g"],
      [convQuestions[0], "conv-output-size", "O"],
    ] as const) {
      const r = deriveBankReference(id);
      expect(r.ok, id).toBe(true);
      if (r.ok) expect(q?.reference[slot]).toBe(toLatex(r.expr));
    }
  });
});

describe("conv-output-size", () => {
  checkBank("conv", [convQuestions[0]], {
    "conv-output-size": [
      { O: "\\frac{W - F + 2P}{S} + 1" },
      { O: "\\left\\lfloor \\frac{W - F + P}{S} \\right\\rfloor + 1" },
      { O: "\\left\\lceil \\frac{W - F + 2P}{S} \\right\\rceil + 1" },
    ],
  }, 4);
  it("variants: the calculator's size equals the brute-force size", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), (seed) => {
        expect(convOutputSizeVariant(seed).verify(seed).ok).toBe(true);
      }),
      { numRuns: 20 },
    );
  });
});
