/**
 * Answers that differ from the reference only where a question's point lies (a tie, a zero, the
 * kink) must be rejected by the grader: the symbol tables make the sampler visit those points.
 */
import { describe, expect, it } from "vitest";
import { grade } from "../../../src/grading/index.js";

const WRONG: Array<[string, string, string]> = [
  ["sigmoid-to-heaviside", "\\mathbb{1}[x > 0]", "H(0) = 1/2"],
  ["sigmoid-to-heaviside", "\\mathbb{1}[x \\ge 0]", "H(0) = 1/2"],
  ["norm-limits", "A = \\max(|x|), B = n", "ℓ0 counts only non-zero entries"],
  ["softmax-temperature-limits", "A = \\frac{1}{n} \\mathbf{1}, B = \\mathbb{1}[x = \\max(x) \\mathbf{1}]", "tied maxima share"],
];

const RIGHT: Array<[string, string]> = [
  ["sigmoid-to-heaviside", "\\frac{1 + \\mathrm{sign}(x)}{2}"],
  ["relu-heaviside", "D = \\mathbb{1}[x > 0], A = x \\mathbb{1}[x > 0], B = \\max(0, x)"],
  ["swish-limit-infinity", "x H(x)"],
  ["mixture-logistic-network", "\\sigma(W x)^\\top \\pi"],
  ["norm-limits", "A = \\max(|x|), B = \\sum_{i=1}^{n} \\mathbb{1}[|x_i| > 0]"],
  // Each slot in its own sign: 1 − ην is 1 + η|ν| for ν < 0.
  ["gd-near-saddle", "A = 1 - \\eta \\nu, B = 1 - \\eta |\\lambda|"],
];

describe("the grader visits the points a question is about", () => {
  it.each(WRONG)("%s rejects %s (%s)", (id, answer) => {
    const g = grade(id, answer, { seed: 1 });
    expect(g.verdict, g.feedback.join(" | ")).toBe("incorrect");
  });
  it.each(RIGHT)("%s accepts %s", (id, answer) => {
    const g = grade(id, answer, { seed: 1 });
    expect(g.verdict, g.feedback.join(" | ")).toBe("correct");
  });
});
