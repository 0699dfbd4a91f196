/**
 * Parser throughput: staff-style answers (with and without a symbol table), and hostile inputs
 * near the bounds (deep nesting, long flat sums), in microseconds per parse.
 */
import { parse, parseAnswer } from "../src/expr/index.js";
import { blockSymbols } from "../src/questions/a/index.js";

// The question bank's own table: what the grader parses against.
const block = blockSymbols;

const ANSWERS = [
  "A = \\frac{\\partial L}{\\partial Y} V, B = h'(X W^\\top)",
  "A = dL/dY V; B = h'(X W^T)",
  "\\mathbf{A} = \\mathbf{G}\\mathbf{V} \\quad \\mathbf{B} = h^\\prime(\\mathbf{X}\\mathbf{W}^{\\intercal})",
  "A = G V\nB = h'(XWᵀ)",
];

const FORMULAS = [
  "S_i(\\delta_{ij} - S_j)",
  "\\mathrm{diag}(s) - s s^\\top",
  "\\left\\lfloor \\frac{W - F + 2P}{S} \\right\\rfloor + 1",
  "r_0 = 1 + \\sum_{l=1}^{L} (k_l - 1) \\prod_{i<l} s_i",
  "E_{ij} = \\begin{cases} 1 & \\text{if } X_{ij} \\ge 0 \\\\ \\theta & \\text{otherwise} \\end{cases}",
];

function time(n: number, f: () => unknown): number {
  const t0 = performance.now();
  for (let k = 0; k < n; k++) f();
  return ((performance.now() - t0) * 1000) / n;
}

export async function run(): Promise<Record<string, unknown>> {
  const n = 2000;
  time(200, () => ANSWERS.forEach((a) => parseAnswer(a, { symbols: block })));
  const answerUs = time(n, () => ANSWERS.forEach((a) => parseAnswer(a, { symbols: block }))) / ANSWERS.length;
  const formulaUs = time(n, () => FORMULAS.forEach((f) => parse(f))) / FORMULAS.length;
  const deep = "(".repeat(190) + "x" + ")".repeat(190);
  const tooDeep = "(".repeat(10_000) + "x" + ")".repeat(10_000);
  const wide = Array.from({ length: 1500 }, (_, k) => `x_{${k % 9}}`).join(" + ");
  return {
    answerWithTableUs: Number(answerUs.toFixed(1)),
    formulaUs: Number(formulaUs.toFixed(1)),
    nested190Us: Number(time(200, () => parse(deep)).toFixed(1)),
    rejectTooDeep20kCharsUs: Number(time(50, () => parse(tooDeep)).toFixed(1)),
    flatSum1500TermsUs: Number(time(50, () => parse(wide)).toFixed(1)),
  };
}
