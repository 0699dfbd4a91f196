/** UvA theory 7c: the ℓ∞ and ℓ0 "norms" as limits of ℓp. */
import { Rng } from "../../tensor/rng.js";
import type { SymbolTable } from "../../expr/types.js";
import { evalScalar } from "./formula.js";
import { Tally, withOracle, type Reference } from "./oracle.js";
import type { Question, Verification } from "../types.js";

const normTable: SymbolTable = {
  symbols: [
    // Small integers: exact zeros (what ℓ0 counts) and ties in |x_i| turn up in the grader's samples.
    { name: "x", kind: "vector", shape: ["n", 1], domain: { kind: "integer", lo: -3, hi: 3 } },
    { name: "n", kind: "dimension", domain: { kind: "integer", lo: 1, hi: 8 } },
    { name: "i", kind: "index", range: "n" },
  ],
};

/** (Σ|x_i|^p)^{1/p}, scaled by the largest entry so large p does not overflow. */
function pNorm(x: readonly number[], p: number): number {
  const m = Math.max(...x.map(Math.abs));
  if (m === 0) return 0;
  return m * x.reduce((s, v) => s + Math.abs(v / m) ** p, 0) ** (1 / p);
}

function checkNorms(reference: Reference, seed: number): Verification {
  const rng = new Rng(seed).fork("norms");
  const t = new Tally(1e-6);
  for (let trial = 0; trial < 25; trial++) {
    const n = rng.int(1, 8);
    // Exact zeros are what ℓ0 counts; make them common.
    const x = Array.from({ length: n }, () => (rng.next() < 0.3 ? 0 : rng.normal(0, 3)));
    const col = x.map((v) => [v]);
    const inf = evalScalar(reference.A, normTable, { x: col, n });
    const zero = evalScalar(reference.B, normTable, { x: col, n });
    t.close(`‖x‖_p at p = 10⁶ for x = [${x.map((v) => v.toFixed(2)).join(", ")}]`, pNorm(x, 1e6), inf);
    t.close(`Σ|x_i|^p at p = 10⁻¹⁰`, x.reduce((s, v) => s + (v === 0 ? 0 : Math.abs(v) ** 1e-10), 0), zero);
    // The approach is monotone: ‖x‖_p decreases in p, towards the limit from above.
    const seq = [1, 2, 4, 16, 64, 256].map((p) => pNorm(x, p));
    t.holds("‖x‖_p decreases in p", seq.every((v, k) => k === 0 || v <= seq[k - 1] * (1 + 1e-12)));
  }
  return t.result(
    "numeric limits",
    seed,
    "25 random vectors with exact zeros: ‖x‖_p at p = 10⁶ against A and Σ|x_i|^p at p = 10⁻¹⁰ (0^p = 0) against B, both references evaluated at x.",
  );
}

export const normLimits: Question = withOracle(
  {
    id: "norm-limits",
    title: "The ℓ∞ and ℓ0 norms as limits",
    section: "B",
    source: "UvA DL, theory 7c",
    prompt:
      "With $\\|x\\|_p = (\\sum_{i=1}^n |x_i|^p)^{1/p}$, give a simple form (no powers) of $A = \\ell_\\infty = \\lim_{p \\to \\infty} \\|x\\|_p$ " +
      "and of $B = \\ell_0 = \\lim_{p \\to 0} \\sum_i |x_i|^p$.",
    symbols: normTable,
    slots: ["A", "B"],
    reference: { A: "\\max(|x|)", B: "\\sum_{i=1}^{n} \\mathbb{1}[x_i \\neq 0]" },
    kind: "formula",
    explanation:
      "With $m = \\max_i |x_i|$, $\\|x\\|_p = m (\\sum_i (|x_i|/m)^p)^{1/p}$; the sum lies between 1 and $n$, and $n^{1/p} \\to 1$. " +
      "As $p \\to 0$, $|x_i|^p \\to 1$ for $x_i \\ne 0$ and stays 0 for $x_i = 0$, so the sum counts the non-zero entries.",
  },
  checkNorms,
);

export { checkNorms };
