/**
 * Equivalent rewrites of section-B answers are accepted and common mistakes rejected, by the real
 * grader; and answers that differ from the reference only where a question's point lies (a tie, a
 * zero, the kink) are rejected: the symbol tables make the sampler visit those points.
 */
import { describe, expect, it } from "vitest";
import { grade } from "../../../src/grading/index.js";

const ACCEPT: Array<[string, string]> = [
  ["scaled-sigmoid-grad", "\\frac{2 e^{-2z}}{(1 + e^{-2z})^2}"],
  ["scaled-sigmoid-grad", "2\\hat\\sigma(z) - 2\\hat\\sigma(z)^2"],
  ["softmax-two-class", "-(x_2 - x_1)"],
  ["softmax-k-minus-one", "-x_1 + x_{i+1}"],
  ["sigmoid-tanh-network", "A = W_1 / 2, B = 0.5 b_1, C = \\frac{W_2}{2}, D = b_2 + W_2 \\mathbf{1} / 2"],
  ["mlp-param-count", "785 h_1 + h_1 h_2 + 11 h_2 + 10"],
  ["glorot-uniform-bound", "d = \\frac{\\sqrt{6}}{\\sqrt{h_{l-1} + h_l}}, V = \\frac{6}{3 (h_{l-1} + h_l)}"],
  ["glorot-uniform-bound", "d = \\sqrt{6/(n_{in} + n_{out})}, V = 2/(n_{in} + n_{out})"],
  ["saddle-probability", "P = \\frac{1}{2^n}, R = 2^n - 2"],
  ["heaviside-distributional-derivative", "\\phi(0)"],
  ["relu-heaviside", "D = H(x), A = x H(x), B = \\int_{-\\infty}^{x} H(t) \\, dt"],
  ["softmax-translation-invariance", "\\frac{e^{x}}{\\mathbf{1}^\\top e^{x}}"],
];

const REJECT: Array<[string, string]> = [
  ["scaled-sigmoid-grad", "\\hat\\sigma(z)(1 - \\hat\\sigma(z))"],
  ["softmax-two-class", "x_2 - x_1"],
  ["sigmoid-tanh-network", "A = W_1 / 2, B = b_1 / 2, C = W_2 / 2, D = b_2"],
  ["mlp-param-count", "784 h_1 + h_1 h_2 + 10 h_2"],
  ["glorot-uniform-bound", "d = \\sqrt{\\frac{2}{h_{l-1} + h_l}}, V = \\frac{2}{h_{l-1} + h_l}"],
  ["saddle-probability", "P = \\frac{1}{2^n}, R = 2^n - 1"],
  ["heaviside-distributional-derivative", "-\\phi(0)"],
];

describe("grading section-B answers", () => {
  it.each(ACCEPT)("%s accepts %s", (id, answer) => {
    const g = grade(id, answer, { seed: 1 });
    expect(g.verdict, g.feedback.join(" | ")).toBe("correct");
  });
  it.each(REJECT)("%s rejects %s", (id, answer) => {
    const g = grade(id, answer, { seed: 1 });
    expect(g.verdict, g.feedback.join(" | ")).toBe("incorrect");
  });
});

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
