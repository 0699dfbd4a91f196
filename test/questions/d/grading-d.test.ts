/** Equivalent rewrites of D and conv answers are accepted and common mistakes rejected, by the real grader. */
import { describe, expect, it } from "vitest";
import { grade } from "../../../src/grading/index.js";

const ACCEPT: Array<[string, string]> = [
  [
    "three-layer-backprop",
    "A = \\frac{\\partial L}{\\partial o} a^\\top, B = dL/do, C = (\\sigma'(W_2 h + b_2) \\circ (W_3^T \\delta_o)) h^T, " +
      "D = \\sigma'(W_2 h + b_2) \\odot W_3^\\top \\delta_o, E = W_2^T (a \\circ (1 - a) \\circ W_3^T \\delta_o) x^T, " +
      "F = W_2^\\top (a \\circ (\\mathbf{1} - a) \\circ (W_3^\\top \\delta_o))",
  ],
  ["backprop-memory", "2n + 2m + 2r + 2s"],
  [
    "mlp-backprop",
    "A = -(t / x^{(N)})^T, S = \\mathrm{diag}(x^{(N)}) - x^{(N)} (x^{(N)})^\\top, R = \\mathrm{diag}(\\mathbb{1}[\\tilde{x}^{(l)} > 0]), " +
      "J = W^{(l)}, C = (x^{(N)})^\\top - t^\\top, G = (x^{(l-1)} \\delta^{(l)})^\\top, T = ((X^{(l-1)})^\\top \\Delta^{(l)})^\\top",
  ],
  ["cross-entropy-mle-kl", "K = x \\log x - x \\log p + (1-x)\\log(1-x) - (1-x) \\log(1-p), E = -x\\ln x - (1-x)\\ln(1-x)"],
  ["swish-limit-zero", "0.5 x"],
  ["gd-one-step", "A = (1, 0.98), B = (1, 0.8), C = (1, -19), D = 1.4001, E = 1.2806, F = 19.026"],
  ["conv1d-modes", "F = [1, 2, 5, 8, 6, 8], V = [5, 8], S = [2, 5, 8, 6]"],
  ["receptive-field", "21"],
  ["conv-ift6135-q7", "N = 73728, P = 131072"],
];

const REJECT: Array<[string, string]> = [
  ["three-layer-backprop", "A = a \\delta_o^T, B = \\delta_o, C = \\delta_o h^T, D = \\delta_o, E = \\delta_o x^T, F = \\delta_o"],
  ["backprop-memory", "2(n + m + r + s) + 2"],
  ["backprop-memory", "n + m + r + s"],
  ["mlp-backprop", "A = -(t / x^{(N)})^T, S = \\mathrm{diag}(x^{(N)}), R = I, J = W^{(l)}, C = (t - x^{(N)})^\\top, G = \\delta^{(l)} x^{(l-1)}, T = (X^{(l-1)})^\\top \\Delta^{(l)}"],
  ["swish-limit-infinity", "x"],
  ["gd-one-step", "A = (1, 1.02), B = (1, 0.8), C = (1, -19), D = 1.4001, E = 1.2806, F = 19.026"],
  ["conv1d-modes", "F = [2, 4, 7, 10, 3, 4], V = [7, 10], S = [4, 7, 10, 3]"],
  ["receptive-field", "25"],
  ["conv-ift6135-q7", "N = 80000, P = 131200"],
];

describe("grading D and conv answers", () => {
  it.each(ACCEPT)("%s accepts an equivalent answer", (id, answer) => {
    const g = grade(id, answer, { seed: 1 });
    expect(g.verdict, g.feedback.join(" | ")).toBe("correct");
    expect(g.score).toBe(1);
  });
  it.each(REJECT)("%s rejects a wrong answer", (id, answer) => {
    const g = grade(id, answer, { seed: 1 });
    expect(g.verdict, g.feedback.join(" | ")).toBe("incorrect");
    expect(g.score).toBeLessThan(1);
  });
});
