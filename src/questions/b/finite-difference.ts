/**
 * IFT6135 problem 1 (finite differences): the error of central differences with ε = 1/N, against
 * the autodiff gradient of a small network's loss. The measured error falls like ε² (truncation)
 * until rounding, about u/ε, takes over; the slopes of both regimes in log–log are checked against
 * the orders the reference states, and the curve is kept for the sheet.
 */
import { Rng } from "../../tensor/rng.js";
import { randn, tensor, type Tensor } from "../../tensor/index.js";
import { grad } from "../../autodiff/index.js";
import { Tally, withOracle, type Reference } from "./oracle.js";
import type { Question, Verification } from "../types.js";

/** The power of ε in `O(\epsilon^2)`, `O(u/\epsilon)`, `O(\epsilon^{-1})`. */
export function epsilonOrder(text: string): number {
  const inner = /O\s*\\?\(?\s*\(?(.*)\)\s*$/.exec(text.replace(/\\left|\\right/g, ""))?.[1] ?? text;
  const pow = /\\epsilon\s*\^\s*\{?\s*(-?\d+(?:\.\d+)?)\s*\}?/.exec(inner);
  const sign = /(\/|\\frac\{[^}]*\}\{)\s*\\epsilon/.test(inner) ? -1 : 1;
  if (pow) return sign * Number(pow[1]);
  if (/\\epsilon/.test(inner)) return sign;
  throw new Error(`'${text}' states no order in ε`);
}

/** Least-squares slope of y on x. */
function slope(xs: number[], ys: number[]): number {
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0, den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * (ys[i] - my);
    den += (x - mx) ** 2;
  });
  return num / den;
}

export const ASSIGNMENT_N = [1, 5, 10, 50, 100, 500, 1000, 5000, 10000, 50000, 100000];
const EXTENDED_N = [...ASSIGNMENT_N, 5e5, 1e6, 5e6, 1e7, 5e7, 1e8, 5e8, 1e9, 5e9, 1e10];
const TRUNCATION_N = [10, 50, 100, 500, 1000];
const ROUNDING_N = [1e8, 5e8, 1e9, 5e9, 1e10];

/** Max over the first p = 10 parameters of |central difference − autodiff| for each N. */
export function finiteDifferenceErrors(seed: number): Array<{ N: number; maxError: number }> {
  const rng = new Rng(seed).fork("finite-difference");
  const p = 10;
  const A = randn([6, p], rng), c = randn([6, 1], rng), v = randn([6, 1], rng);
  // A one-sample loss of a one-hidden-layer network in its first-layer weights θ.
  const loss = (theta: Tensor): Tensor => A.mul(theta.reshape([1, p])).sum(1, true).add(c).tanh().mul(v).sum().softplus();
  const theta0 = randn([p], rng);
  const [exact] = grad(loss)(theta0);
  const at = (values: number[]): number => loss(tensor(values, [p])).item();
  const base = Array.from(theta0.data);
  return EXTENDED_N.map((N) => {
    const eps = 1 / N;
    let worst = 0;
    for (let i = 0; i < p; i++) {
      const plus = base.slice(), minus = base.slice();
      plus[i] += eps;
      minus[i] -= eps;
      worst = Math.max(worst, Math.abs((at(plus) - at(minus)) / (2 * eps) - exact.data[i]));
    }
    return { N, maxError: worst };
  });
}

function checkFd(reference: Reference, seed: number): Verification {
  const truncation = epsilonOrder(reference.T ?? "");
  const rounding = epsilonOrder(reference.R ?? "");
  const t = new Tally(0);
  const series = finiteDifferenceErrors(seed);
  const fit = (ns: number[]): number => {
    const pts = series.filter((s) => ns.includes(s.N) && s.maxError > 0);
    // Error against ε = 1/N: the slope in log ε is the order.
    return slope(pts.map((s) => Math.log10(1 / s.N)), pts.map((s) => Math.log10(s.maxError)));
  };
  const sTrunc = fit(TRUNCATION_N);
  const sRound = fit(ROUNDING_N);
  t.within(`log–log slope of the error for N = 10…1000 (truncation)`, sTrunc, truncation, 0.3);
  t.within(`log–log slope of the error for N = 10⁸…10¹⁰ (rounding)`, sRound, rounding, 0.45);
  const best = series.reduce((a, b) => (b.maxError < a.maxError ? b : a));
  t.holds(`the smallest error lies between the regimes (at N = ${best.N})`, best.N > 1000 && best.N < 1e8);
  return t.result(
    "finite differences vs autodiff",
    seed,
    `Max over 10 first-layer weights of |∇ᴺ − ∂L/∂θ| for ε = 1/N: slope ${sTrunc.toFixed(2)} in log ε for N ≤ 1000 and ${sRound.toFixed(2)} for N ≥ 10⁸; the best N is ${best.N} (error ${best.maxError.toExponential(2)}).`,
    {
      table: series,
      plot: {
        kind: "line",
        title: "Central differences: max error against N = 1/ε",
        xLabel: "log10 N",
        yLabel: "max_i |∇ᴺ_i − ∂L/∂θ_i|",
        logY: true,
        series: [{ name: "max error", points: series.map((s) => [Math.log10(s.N), s.maxError] as [number, number]) }],
      },
    },
  );
}

export const finiteDifferenceError: Question = withOracle(
  {
    id: "finite-difference-error",
    title: "Error of central finite differences",
    section: "B",
    source: "IFT6135 H2019 A1, problem 1 (validate gradients)",
    prompt:
      "The central difference $\\nabla^N_i = \\frac{L(\\theta + \\epsilon e_i) - L(\\theta - \\epsilon e_i)}{2\\epsilon}$ with $\\epsilon = 1/N$ approximates " +
      "$\\partial L/\\partial \\theta_i$. Give the order $T$ of the truncation error and the order $R$ of the rounding error (machine precision $u$), " +
      "and describe the plot of $\\max_i |\\nabla^N_i - \\partial L/\\partial\\theta_i|$ against $N$.",
    symbols: { symbols: [] },
    slots: ["T", "R"],
    reference: { T: "O(\\epsilon^2)", R: "O(u/\\epsilon)" },
    kind: "fact",
    grading: "manual",
    explanation:
      "Taylor: $L(\\theta \\pm \\epsilon e_i) = L \\pm \\epsilon \\partial_i L + \\frac{\\epsilon^2}{2} \\partial_i^2 L \\pm \\frac{\\epsilon^3}{6} \\partial_i^3 L + \\dots$, " +
      "so the even terms cancel and the error is $\\frac{\\epsilon^2}{6} \\partial_i^3 L$. Each evaluation carries a rounding error of about $u|L|$, divided by $2\\epsilon$. " +
      "The error falls as $N^{-2}$ until about $N \\approx u^{-1/3} \\approx 10^5$, then grows like $N$.",
  },
  checkFd,
);

export { checkFd };
