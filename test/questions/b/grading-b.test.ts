/** Equivalent rewrites of section-B answers are accepted and common mistakes rejected, by the real grader. */
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
