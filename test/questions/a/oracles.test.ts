import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { getQuestion } from "../../../src/questions/index.js";
import { sectionA, sectionAOracles } from "../../../src/questions/a/index.js";

/** Plausible wrong references: each oracle must reject its question's wrong one. */
const wrong: Record<string, Record<string, string>> = {
  "softmax-jacobian": { J: "S_i(1 - S_j)" },
  "softmax-jacobian-matrix": { J: "\\mathrm{diag}(s) - s^\\top s" },
  "softmax-ce-grad": { g: "y_i - o_i" },
  "softmax-vjp": { dx: "s \\circ g" },
  "sigmoid-jacobian": { J: "\\mathrm{diag}(\\sigma(x))" },
  "block-gradients-ab": { A: "G V", B: "h(X W^\\top)" },
  "block-gradients-c": { C: "G^\\top h'(X W^\\top)" },
  "bias-by-augmentation": { "\\tilde{X}": "[X, \\mathbf{1}]", "\\tilde{W}": "[W, 2 b]" },
  "prelu-theta-grad": { D: "G \\circ \\max(0, X)" },
  "prelu-input-grad": { E: "\\begin{cases} \\theta & X_{ij} \\ge 0 \\\\ 1 & \\text{otherwise} \\end{cases}" },
};

const fast = sectionA.filter((q) => q.id !== "leaky-relu-kaiming");

describe("section A: every reference agrees with its independent oracle", () => {
  it.each(fast.map((q) => [q.id]))("%s on random instances", (id) => {
    const q = getQuestion(id)!;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const v = q.verify(seed);
        expect(v.ok, v.detail).toBe(true);
        expect(v.seed).toBe(seed);
        expect(v.trials).toBeGreaterThan(0);
        expect(v.maxError).toBeLessThanOrEqual(1e-9);
      }),
      { numRuns: 3, seed: 11 },
    );
  });

  it.each(Object.keys(wrong).map((id) => [id]))("the %s oracle rejects a wrong reference", (id) => {
    const v = sectionAOracles[id](wrong[id], 5);
    expect(v.ok).toBe(false);
  });

  it("every other published form of a reference passes the oracle too", () => {
    let forms = 0;
    for (const q of fast) {
      for (const [slot, list] of Object.entries(q.referenceForms ?? {})) {
        for (const form of list) {
          const v = sectionAOracles[q.id]({ ...q.reference, [slot]: form }, 21);
          expect(v.ok, `${q.id} ${slot} = ${form}: ${v.detail}`).toBe(true);
          forms++;
        }
      }
    }
    expect(forms).toBeGreaterThanOrEqual(6);
  });

  it("every section-A question has an oracle", () => {
    for (const q of sectionA) expect(sectionAOracles[q.id]).toBeTypeOf("function");
  });
});

describe("leaky-relu-kaiming: Monte Carlo", () => {
  it("2/((1+α²)d_x) keeps the second moment steady while 2/d_x drifts; a wrong variance fails", () => {
    const q = getQuestion("leaky-relu-kaiming")!;
    const v = q.verify(3);
    expect(v.ok, v.detail).toBe(true);
    expect(v.method).toBe("Monte Carlo");
    const series = v.plot?.series ?? [];
    expect(series.map((s) => s.name)).toEqual(["2/((1+α²) d_x)", "2/d_x"]);
    const [good, relu] = series;
    expect(good.points.length).toBeGreaterThanOrEqual(21);
    expect(relu.points[relu.points.length - 1][1]).toBeGreaterThan(2 * good.points[good.points.length - 1][1]);
    expect(sectionAOracles["leaky-relu-kaiming"]({ "\\sigma^2": "\\frac{2}{(1+\\alpha) d_x}" }, 3).ok).toBe(false);
  });
});
