/** Token soup through parse, inferShapes and evaluate: every outcome is a result, never an internal error. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parse } from "../../src/expr/index.js";
import { inferShapes } from "../../src/expr/shapes.js";
import type { SymbolTable } from "../../src/expr/types.js";
import { evaluate, sampleEnv } from "../../src/numeric/index.js";
import { Rng } from "../../src/tensor/index.js";

const table: SymbolTable = {
  symbols: [
    { name: "X", kind: "matrix", shape: ["S", "M"] },
    { name: "W", kind: "matrix", shape: ["F", "M"] },
    { name: "G", kind: "matrix", shape: ["S", "F"] },
    { name: "x", kind: "vector", shape: ["n", 1] },
    { name: "s", kind: "vector", shape: ["n", 1], definition: "\\mathrm{softmax}(x)" },
    { name: "a", kind: "scalar" },
    { name: "n", kind: "dimension" },
    { name: "i", kind: "index", range: "n" },
    { name: "j", kind: "index", range: "n" },
    { name: "h", kind: "elementwise" },
  ],
};

const TOKENS = [
  "X", "W", "G", "x", "s", "a", "n", "i", "j", "h", "h'", "2", "0", "1", "10", "0.5", "+", "-", "*", " ", "(", ")", "{", "}", "^", "_",
  "^\\top", "\\circ", "\\cdot", "\\frac{", "}{", "\\sigma(", "\\exp(", "\\log(", "\\sqrt{", "\\mathrm{diag}(", "\\mathrm{softmax}(",
  "\\max(0,", "\\delta_{ij}", "s_i", "s_j", "x_j", "\\sum_{k=1}^{n}", "\\prod_{k=1}^{3}", "\\lim_{t\\to\\infty}", "\\int_0^1", "dt", "t",
  "\\mathbf{1}", "I", "\\mathbb{1}[", "]", "<", ">", "\\le", "=", ",", "\\frac{\\partial s_i}{\\partial x_j}", "\\frac{d}{da}",
  "\\mathbb{E}_{a}[", "\\infty", "|", "\\begin{cases}", "\\end{cases}", "&", "\\\\", "\\text{otherwise}", "e^{",
];

describe("fuzzed formulas", () => {
  it("parse → inferShapes → evaluate never throws and never needs the last-resort guard", () => {
    const env = sampleEnv(table, new Rng(5), { dims: { S: 2, M: 3, F: 4, n: 3 }, limits: { mcSamples: 200 } });
    let evaluated = 0;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 14 }), (toks) => {
        const p = parse(toks.join(""), { symbols: table });
        if (!p.ok) return;
        const s = inferShapes(p.value, table);
        if (!s.ok) expect(s.message).not.toMatch(/could not check the shapes/);
        const r = evaluate(p.value, env);
        if (!r.ok) expect(r.message).not.toMatch(/could not evaluate/);
        else evaluated++;
      }),
      { numRuns: 1500, seed: 99 },
    );
    expect(evaluated).toBeGreaterThan(50);
  });
});
