import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { reluOneSided, checkReluOneSided } from "../../../src/questions/d/relu-one-sided.js";
import { gdOneStep, checkGdOneStep, gdOneStepVariant } from "../../../src/questions/d/gd-one-step.js";

describe("relu-one-sided-derivatives", () => {
  it("0 from the left, 1 from the right", () => {
    expect(reluOneSided.reference).toEqual({ L: "0", R: "1" });
    const v = reluOneSided.verify(1);
    expect(v.ok, v.detail).toBe(true);
    expect(v.trials).toBeGreaterThan(20);
  });
  it("swapped or equal sides fail", () => {
    expect(checkReluOneSided({ L: "1", R: "0" }, 1).ok).toBe(false);
    expect(checkReluOneSided({ L: "0.5", R: "0.5" }, 1).ok).toBe(false);
    expect({ ...reluOneSided, reference: { L: "0", R: "0" } }.verify(1).ok).toBe(false);
  });
});

describe("gd-one-step", () => {
  it("publishes (1, 0.98), (1, 0.8), (1, -19) and their distances", () => {
    expect(gdOneStep.reference).toEqual({ A: "(1, 0.98)", B: "(1, 0.8)", C: "(1, -19)", D: "1.40014", E: "1.28062", F: "19.0263" });
    const v = gdOneStep.verify(1);
    expect(v.ok, v.detail).toBe(true);
  });
  it("a wrong step or distance fails", () => {
    expect(checkGdOneStep({ ...gdOneStep.reference, C: "(1, -18)" }, 1).ok).toBe(false);
    expect(checkGdOneStep({ ...gdOneStep.reference, E: "1.3" }, 1).ok).toBe(false);
    // Ascending instead of descending: (1, 1.02).
    expect(checkGdOneStep({ ...gdOneStep.reference, A: "(1, 1.02)" }, 1).ok).toBe(false);
  });
  it("variants: computed reference and the stepped oracle agree", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), (seed) => {
        const q = gdOneStepVariant(seed);
        const v = q.verify(seed);
        expect(v.ok, `${q.prompt}\n${v.detail}`).toBe(true);
      }),
      { numRuns: 30 },
    );
  });
});
