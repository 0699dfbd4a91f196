/**
 * The output-size question assumes W + 2P ≥ F: answers are judged only on configurations that
 * exist, so two formulas that agree on all of them are both right, and a real mistake still shows.
 */
import { describe, expect, it } from "vitest";
import { grade } from "../../../src/grading/index.js";

const floor = "\\left\\lfloor \\frac{W - F + 2P}{S} \\right\\rfloor + 1";

describe("conv-output-size is judged where the kernel fits the padded input", () => {
  it("accepts forms that differ from the reference only where W + 2P < F", () => {
    for (const answer of [floor, "\\left\\lfloor \\frac{|W - F + 2P|}{S} \\right\\rfloor + 1", `\\max\\left(${floor}, 0\\right)`]) {
      for (const seed of [1, 2, 3]) expect(grade("conv-output-size", answer, { seed }).verdict, `${answer} seed ${seed}`).toBe("correct");
    }
  });

  it("still rejects a mistake that shows on possible configurations", () => {
    for (const seed of [1, 2, 3]) {
      expect(grade("conv-output-size", "\\left\\lceil \\frac{W - F + 2P}{S} \\right\\rceil + 1", { seed }).verdict).toBe("incorrect");
      expect(grade("conv-output-size", "\\left\\lfloor \\frac{W - F + P}{S} \\right\\rfloor + 1", { seed }).verdict).toBe("incorrect");
    }
  });
});
