/** D.1: the one-sided derivatives of ReLU at its kink, found by difference quotients from each side. */
import { Tally, readNumber, withOracle, type Reference } from "../b/oracle.js";
import type { Question, Verification } from "../types.js";

const relu = (x: number): number => (x > 0 ? x : 0);

function check(reference: Reference, seed: number): Verification {
  const left = readNumber(reference, "L");
  const right = readNumber(reference, "R");
  const t = new Tally(1e-12);
  // ReLU is piecewise linear, so every quotient is exact once ε is on the right side of 0.
  for (let k = 1; k <= 12; k++) {
    const eps = 10 ** -k;
    t.close(`left quotient at ε = 1e-${k}`, (relu(0) - relu(-eps)) / eps, left);
    t.close(`right quotient at ε = 1e-${k}`, (relu(eps) - relu(0)) / eps, right);
  }
  t.holds("the one-sided derivatives differ, so ReLU has no derivative at 0", left !== right);
  return t.result(
    "difference quotients",
    seed,
    "(g(0) − g(−ε))/ε and (g(ε) − g(0))/ε for ε = 10⁻¹ … 10⁻¹², against the reference left and right derivatives.",
  );
}

export const reluOneSided: Question = withOracle(
  {
    id: "relu-one-sided-derivatives",
    title: "One-sided derivatives of ReLU at 0",
    section: "D",
    source: "fourth assignment, D.1",
    prompt:
      "Let $g(x) = \\max(0, x)$. Give its left derivative at $0$, " +
      "$L = \\lim_{\\epsilon \\to 0^+} \\frac{g(0) - g(-\\epsilon)}{\\epsilon}$, and its right derivative, " +
      "$R = \\lim_{\\epsilon \\to 0^+} \\frac{g(\\epsilon) - g(0)}{\\epsilon}$. Answer as `L = ..., R = ...`.",
    symbols: { symbols: [] },
    slots: ["L", "R"],
    reference: { L: "0", R: "1" },
    kind: "numeric",
    grading: "number",
    tolerance: 1e-9,
    explanation:
      "From the left $g$ is the constant 0, from the right it is the identity, so the one-sided derivatives are 0 and 1. " +
      "They differ, so $g$ is not differentiable at 0; any value in $[0, 1]$ is a subgradient there, and frameworks pick 0.",
  },
  check,
);
export { check as checkReluOneSided };
