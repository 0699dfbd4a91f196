import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { convArchitectureTable, checkArchitectureTable, convQ7, checkQ7, convFacts, checkConvFacts, randomSpec, specOf, calculatorRows } from "../../../src/questions/conv/architecture.js";
import { convConfigSolve, checkConfigSolve, configSolveVariant } from "../../../src/questions/conv/config-solve.js";
import { receptiveFieldQuestion, checkReceptiveField, receptiveFieldVariant } from "../../../src/questions/conv/receptive-field.js";
import { conv1dModes, checkConv1d, conv1dVariant, slideFlipped } from "../../../src/questions/conv/conv1d.js";
import { runLayers } from "../../../src/questions/conv/run-layers.js";
import { conv1d } from "../../../src/conv/index.js";
import { Rng } from "../../../src/tensor/rng.js";

describe("conv-architecture-table", () => {
  it("publishes the D.2 table and the brute-force run agrees", () => {
    expect(convArchitectureTable.reference.T).toBe(
      "\\begin{bmatrix} 31 & 31 & 5 & 85 \\\\ 10 & 10 & 5 & 0 \\\\ 8 & 8 & 5 & 230 \\\\ 4 & 4 & 5 & 0 \\\\ 1 & 1 & 5 & 405 \\end{bmatrix}",
    );
    const v = convArchitectureTable.verify(1);
    expect(v.ok, v.detail).toBe(true);
    expect(v.method).toBe("brute-force conv2d");
  });
  it("rejects a corrupted table (a parameter count off by the biases)", () => {
    const bad = convArchitectureTable.reference.T.replace("230", "225");
    expect(checkArchitectureTable({ T: bad }, 1).ok).toBe(false);
    expect({ ...convArchitectureTable, reference: { T: bad } }.verify(1).ok).toBe(false);
  });
  it("calculator and brute force agree on random networks", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), (seed) => {
        const text = randomSpec(new Rng(seed));
        const run = runLayers(specOf(text), { seed });
        expect(run.map((l) => [...l.output, l.params])).toEqual(calculatorRows(text));
      }),
      { numRuns: 25 },
    );
  });
  it("variants verify", () => {
    for (const seed of [3, 4]) {
      const q = convArchitectureTable.variant?.(seed);
      expect(q?.verify(seed).ok).toBe(true);
    }
  });
});

describe("conv-ift6135-q7", () => {
  it("73728 outputs and 131072 weights, verified by running the layers", () => {
    expect(convQ7.reference).toEqual({ N: "73728", P: "131072" });
    expect(convQ7.verify(2).ok).toBe(true);
    expect(checkQ7({ N: "73728", P: "131200" }, 2).ok).toBe(false);
  });
});

describe("conv-true-false", () => {
  it("the four facts hold as published", () => {
    const v = convFacts.verify(5);
    expect(v.ok, v.detail).toBe(true);
  });
  it("a flipped fact fails", () => {
    expect(checkConvFacts({ ...convFacts.reference, C: "\\text{true}" }, 5).ok).toBe(false);
    expect(checkConvFacts({ ...convFacts.reference, A: "\\text{false}" }, 5).ok).toBe(false);
  });
});

describe("conv-config-solve", () => {
  it("lists the expected configurations and verifies them", () => {
    const r = convConfigSolve.reference;
    expect(r.A).toBe("\\begin{bmatrix} 8 & 2 & 3 & 0 \\end{bmatrix}");
    expect(r.C).toBe("\\begin{bmatrix} 4 & 4 & 0 & 0 \\end{bmatrix}");
    expect(r.D).toBe("\\begin{bmatrix} 64 & 7 & 7 \\end{bmatrix}");
    expect(r.E).toContain("5 & 1 & 0 & 0");
    const v = convConfigSolve.verify(1);
    expect(v.ok, v.detail).toBe(true);
  });
  it("variants: the solver's list is exactly what brute force finds", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), (seed) => {
        const q = configSolveVariant(seed);
        expect(q.reference.A).toMatch(/bmatrix/);
        const v = q.verify(seed);
        expect(v.ok, `${q.prompt}: ${v.detail}`).toBe(true);
        // Dropping the last listed configuration must be noticed.
        const rows = q.reference.A.split("\\\\");
        if (rows.length > 1) {
          const fewer = rows.slice(0, -1).join("\\\\") + " \\end{bmatrix}";
          expect({ ...q, reference: { A: fewer } }.verify(seed).ok).toBe(false);
        }
      }),
      { numRuns: 10 },
    );
  });
  it("a missing or a wrong configuration fails", () => {
    const r = convConfigSolve.reference;
    expect(checkConfigSolve({ ...r, E: "\\begin{bmatrix} 5 & 1 & 0 & 0 \\end{bmatrix}" }, 1).ok).toBe(false);
    expect(checkConfigSolve({ ...r, A: "\\begin{bmatrix} 8 & 2 & 4 & 0 \\end{bmatrix}" }, 1).ok).toBe(false);
    expect(checkConfigSolve({ ...r, D: "\\begin{bmatrix} 64 & 8 & 8 \\end{bmatrix}" }, 1).ok).toBe(false);
  });
});

describe("receptive-field", () => {
  it("21 for five 5×5 convolutions, by the gradient's support", () => {
    expect(receptiveFieldQuestion.reference.r).toBe("21");
    const v = receptiveFieldQuestion.verify(1);
    expect(v.ok, v.detail).toBe(true);
    expect(checkReceptiveField({ r: "25" }, 1).ok).toBe(false);
  });
  it("calculator and autodiff agree on random stacks", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), (seed) => {
        const q = receptiveFieldVariant(seed);
        const v = q.verify(seed);
        expect(v.ok, `${q.prompt}: ${v.detail}`).toBe(true);
      }),
      { numRuns: 15 },
    );
  });
});

describe("conv1d-modes", () => {
  it("publishes full, valid and same of IFT6135 Q6 and verifies them", () => {
    expect(conv1dModes.reference).toEqual({ F: "[1, 2, 5, 8, 6, 8]", V: "[5, 8]", S: "[2, 5, 8, 6]" });
    expect(conv1dModes.verify(1).ok).toBe(true);
    expect(checkConv1d({ ...conv1dModes.reference, S: "[1, 2, 5, 8]" }, 1).ok).toBe(false);
    // Cross-correlation (no flipping) gives this full result: a real mistake.
    expect(checkConv1d({ ...conv1dModes.reference, F: "[2, 4, 7, 10, 3, 4]" }, 1).ok).toBe(false);
  });
  it("calculator and the sliding definition agree on random vectors", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 8 }),
        (x, k) => {
          fc.pre(k.length <= x.length);
          const o = slideFlipped(x, k);
          expect(o.full).toEqual(conv1d(x, k, "full"));
          expect(o.valid).toEqual(conv1d(x, k, "valid"));
          expect(o.same).toEqual(conv1d(x, k, "same"));
        },
      ),
      { numRuns: 100 },
    );
    expect(conv1dVariant(9).verify(9).ok).toBe(true);
  });
});

describe("variants are deterministic", () => {
  it("the same seed gives the same question and verification; another seed another instance", async () => {
    const { questions } = await import("../../../src/questions/index.js");
    const parametrised = questions().filter((q) => q.variant && ["conv-output-size", "conv-architecture-table", "conv-config-solve", "receptive-field", "conv1d-modes", "gd-one-step"].includes(q.id));
    expect(parametrised.map((q) => q.id).sort()).toEqual(["conv-architecture-table", "conv-config-solve", "conv-output-size", "conv1d-modes", "gd-one-step", "receptive-field"]);
    for (const q of parametrised) {
      const a = q.variant?.(11), b = q.variant?.(11);
      expect(a?.prompt).toBe(b?.prompt);
      expect(a?.reference).toEqual(b?.reference);
      expect(a?.verify(4)).toEqual(b?.verify(4));
      const prompts = new Set([11, 12, 13, 14].map((s) => q.variant?.(s).prompt));
      expect(prompts.size, q.id).toBeGreaterThan(1);
    }
  });
});
