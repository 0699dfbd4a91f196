/**
 * Numeric evaluator workloads: the grader evaluates about 64 trials per answer, so the cost that
 * matters is one trial, a fresh random instance (`sampleEnv`) plus one `evaluate`, on the section A
 * formulas. Reported as microseconds per trial (median of three runs), with the Monte Carlo and
 * quadrature nodes, which are far heavier, timed per evaluation.
 */
import { parse } from "../src/expr/index.js";
import type { SymbolTable } from "../src/expr/types.js";
import { evaluate, sampleEnv } from "../src/numeric/index.js";
import { Rng } from "../src/tensor/index.js";
import { blockSymbols } from "../src/questions/a/index.js";

// The question bank's table for the block, plus the scalar loss whose gradient autodiff computes.
const block: SymbolTable = {
  symbols: [...blockSymbols.symbols, { name: "L", kind: "scalar", definition: "\\mathbf{1}^\\top (G \\circ Y) \\mathbf{1}" }],
};

const softmax: SymbolTable = {
  symbols: [
    { name: "x", kind: "vector", shape: ["n", 1] },
    { name: "S", kind: "vector", shape: ["n", 1], definition: "\\mathrm{softmax}(x)" },
    { name: "n", kind: "dimension", domain: { kind: "integer", lo: 1, hi: 8 } },
    { name: "i", kind: "index", range: "n" },
    { name: "j", kind: "index", range: "n" },
  ],
};

const scalars: SymbolTable = {
  symbols: [
    { name: "x", kind: "scalar" },
    { name: "\\alpha", kind: "scalar", domain: { kind: "interval", lo: 0, hi: 1, closedLo: true, closedHi: false } },
  ],
};

function perTrial(table: SymbolTable, latex: string, trials: number): number {
  const p = parse(latex, { symbols: table });
  if (!p.ok) throw new Error(`bench: ${latex} does not parse: ${p.error.message}`);
  const times: number[] = [];
  for (let rep = 0; rep < 3; rep++) {
    const rng = new Rng(rep);
    const t0 = performance.now();
    for (let t = 0; t < trials; t++) {
      const r = evaluate(p.value, sampleEnv(table, rng.fork(`t${t}`)));
      if (!r.ok && r.code !== "domain") throw new Error(`bench: ${latex}: ${r.message}`);
    }
    times.push(((performance.now() - t0) * 1000) / trials);
  }
  return Number(times.sort((a, b) => a - b)[1].toFixed(1));
}

export async function run(): Promise<Record<string, unknown>> {
  return {
    unit: "microseconds per trial (sampleEnv + evaluate), median of 3",
    blockAB: perTrial(block, "(G V) \\circ h'(X W^\\top)", 2000),
    blockC: perTrial(block, "G^\\top h(X W^\\top)", 2000),
    blockGradByAutodiff: perTrial(block, "\\frac{\\partial L}{\\partial X}", 500),
    softmaxIndexJacobian: perTrial(softmax, "S_i(\\delta_{ij} - S_j)", 1000),
    softmaxMatrixJacobian: perTrial(softmax, "\\mathrm{diag}(S) - S S^\\top", 2000),
    softmaxJacobianByAutodiff: perTrial(softmax, "\\frac{\\partial S_i}{\\partial x_j}", 300),
    kaimingMonteCarlo4000: perTrial(scalars, "\\mathbb{E}_{x}[\\mathrm{lrelu}(x, \\alpha)^2]", 10),
    reluIntegral: perTrial(scalars, "\\int_{-\\infty}^{x} H(t)\\,dt", 20),
    sigmoidLimit: perTrial(scalars, "\\lim_{k\\to\\infty} \\sigma(kx)", 200),
  };
}
