/** D.1: the limits of the swish g(x) = x σ(βx) as β → 0 and β → ∞, taken numerically. */
import { Rng } from "../../tensor/rng.js";
import type { SymbolTable } from "../../expr/types.js";
import { bankReference, evalScalar } from "../b/formula.js";
import { Tally, withOracle, type Reference } from "../b/oracle.js";
import type { Question, Verification } from "../types.js";

const xTable: SymbolTable = { symbols: [{ name: "x", kind: "scalar", shape: [], domain: { kind: "real" } }] };

const swish = (x: number, beta: number): number => x / (1 + Math.exp(-beta * x));

function checkLimit(towardsZero: boolean, reference: Reference, seed: number): Verification {
  const rng = new Rng(seed).fork(towardsZero ? "swish-0" : "swish-inf");
  const t = new Tally(1e-9);
  const betas = Array.from({ length: 13 }, (_, k) => (towardsZero ? 10 ** -k : 10 ** k));
  const points = [0, ...Array.from({ length: 25 }, () => (rng.next() < 0.5 ? -1 : 1) * 10 ** rng.uniform(-3, 1))];
  for (const x of points) {
    const target = evalScalar(reference.g, xTable, { x });
    const gaps = betas.map((b) => Math.abs(swish(x, b) - target));
    t.holds(`|x σ(βx) − g| shrinks along β = ${towardsZero ? "10⁰ … 10⁻¹²" : "10⁰ … 10¹²"} at x = ${x.toPrecision(3)}`, gaps.every((g, k) => k === 0 || g <= gaps[k - 1] + 1e-13 * (1 + Math.abs(x))));
    t.close(`x σ(βx) at β = ${towardsZero ? "10⁻¹²" : "10¹²"}, x = ${x.toPrecision(3)}`, swish(x, betas[betas.length - 1]), target);
  }
  return t.result(
    "numeric limit",
    seed,
    `x σ(βx) at 26 points (0 and 10⁻³ ≤ |x| ≤ 10) for β = ${towardsZero ? "1, 10⁻¹, …, 10⁻¹²" : "1, 10, …, 10¹²"}: the gap to the reference shrinks monotonically and vanishes.`,
  );
}

const prompt = (limit: string): string =>
  `The swish activation is $g(x) = x \\sigma(\\beta x)$. Give the function $g$ tends to as $\\beta \\to ${limit}$.`;

export const swishLimitZero: Question = withOracle(
  {
    id: "swish-limit-zero",
    title: "Swish as β → 0",
    section: "D",
    source: "fourth assignment, D.1",
    prompt: prompt("0"),
    symbols: xTable,
    slots: ["g"],
    reference: { g: "\\frac{x}{2}" },
    kind: "formula",
    explanation: "$\\sigma(\\beta x) \\to \\sigma(0) = \\frac12$, so $g(x) \\to x/2$: a linear function.",
  },
  (ref, seed) => checkLimit(true, ref, seed),
  () => ({ g: bankReference("swish-limit-zero", "\\frac{x}{2}") }),
);

export const swishLimitInfinity: Question = withOracle(
  {
    id: "swish-limit-infinity",
    title: "Swish as β → ∞",
    section: "D",
    source: "fourth assignment, D.1",
    prompt: prompt("\\infty"),
    symbols: xTable,
    slots: ["g"],
    reference: { g: "\\max(0, x)" },
    kind: "formula",
    explanation: "$\\sigma(\\beta x) \\to H(x)$ (1 for $x > 0$, 0 for $x < 0$), so $g(x) \\to x H(x) = \\max(0, x)$: the ReLU; at $x = 0$, $g = 0$ for every β.",
  },
  (ref, seed) => checkLimit(false, ref, seed),
  () => ({ g: bankReference("swish-limit-infinity", "\\max(0, x)") }),
);

export function checkSwish(towardsZero: boolean, reference: Reference, seed: number): Verification {
  return checkLimit(towardsZero, reference, seed);
}
