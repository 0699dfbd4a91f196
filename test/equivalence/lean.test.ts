import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Expr } from "../../src/expr/ast.js";
import type { SymbolTable } from "../../src/expr/types.js";
import { parse } from "../../src/expr/index.js";
import { equiv } from "../../src/equivalence/index.js";
import { compilePair, type Instance } from "../../src/equivalence/compile.js";
import { evaluate, type Env } from "../../src/numeric/index.js";
import { randn, Rng, Tensor } from "../../src/tensor/index.js";
import { blockTable } from "../symbolic/fixtures.js";

const table: SymbolTable = blockTable({ name: "b", kind: "vector", shape: ["F", 1] }, { name: "c", kind: "scalar" });
const read = (t: string): Expr => {
  const r = parse(t, { symbols: table });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const formulas = [
  "((G V) \\circ h'(X W^\\top)) W",
  "(h''(X W^T + \\mathbf{1} b^T) \\circ G V)^T X",
  "\\max(0, X W^\\top - c) \\circ \\sigma(X W^T) + I X W^T / 2",
  "\\mathbb{1}[X W^\\top > 0] \\circ \\tanh(X W^T)^2 - \\exp(-X W^T)",
  "\\mathbf{1}^\\top (G \\circ (h(X W^T) V^T)) \\mathbf{1} \\cdot X W^T",
].map(read);

describe("the lean compiled path computes what the general evaluator computes", () => {
  it("on random instances of every formula", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.constantFrom(...formulas), fc.constantFrom("tanh", "sigmoid", "softplus", "sin"), (seed, f, h) => {
        const program = compilePair(f, f, table);
        expect(program).not.toBeNull();
        if (!program) return;
        const rng = new Rng(seed);
        const dims = { S: rng.int(1, 4), M: rng.int(1, 4), F: rng.int(1, 4), N: rng.int(1, 4) };
        const shapes: Record<string, number[]> = { X: [dims.S, dims.M], W: [dims.F, dims.M], V: [dims.N, dims.F], G: [dims.S, dims.N], b: [dims.F, 1], c: [1, 1] };
        const tensors = Object.fromEntries(Object.entries(shapes).map(([k, s]) => [k, randn(s, rng)]));
        const inst: Instance = { dims, functions: { h }, values: Object.fromEntries(Object.entries(tensors).map(([k, t]) => [k, { d: t.data, r: t.shape[0], c: t.shape[1] }])) };
        const lean = program.left(inst);
        const env: Env = { table, dims, values: { ...tensors, c: new Tensor(tensors.c.data, []) }, functions: { h }, definitions: {}, seed: 1 };
        const general = evaluate(f, env);
        expect(general.ok).toBe(true);
        if (!general.ok) return;
        expect(lean.d.length).toBe(general.value.data.length);
        lean.d.forEach((v, i) => expect(v).toBeCloseTo(general.value.data[i], 10));
      }),
      { numRuns: 60 },
    );
  });
  it("gives the same verdicts as the general path", () => {
    const pairs: [string, string, boolean][] = [
      ["((G V) \\circ h'(X W^\\top)) W", "(h'(X W^\\top) \\circ (G V)) W", true],
      ["((G V) \\circ h'(X W^\\top)) W", "((G V) \\circ h(X W^\\top)) W", false],
      ["(X W^T)^T", "W X^T", true],
      ["\\max(0, X W^T)", "X W^T \\circ \\mathbb{1}[X W^T > 0]", true],
      ["\\max(0, X W^T)", "X W^T \\circ \\mathbb{1}[X W^T < 0]", false],
    ];
    for (const [a, b, want] of pairs) {
      expect(equiv(a, b, { symbols: table }).equivalent).toBe(want);
      expect(equiv(a, b, { symbols: table, lean: false }).equivalent).toBe(want);
    }
  });
  it("falls back to the general evaluator for what it does not compile (softmax, index notation)", () => {
    const vt: SymbolTable = { symbols: [{ name: "z", kind: "vector", shape: ["n", 1] }] };
    expect(compilePair(parse("\\mathrm{softmax}(z)").ok ? (parse("\\mathrm{softmax}(z)") as { value: Expr }).value : formulas[0], formulas[0], vt)).toBeNull();
    expect(equiv("\\mathrm{softmax}(z + 1)", "\\mathrm{softmax}(z)", { symbols: vt }).outcome).toBe("equal");
  });
});

describe("sizes the lean path does not draw", () => {
  it("falls back to the general path for sums of sizes and dimension symbols", () => {
    const t: SymbolTable = {
      symbols: [
        { name: "n", kind: "dimension", domain: { kind: "integer", lo: 1, hi: 4 } },
        { name: "A", kind: "matrix", shape: ["n", "M+1"] },
      ],
    };
    expect(equiv("(A^T)^T", "A", { symbols: t }).outcome).toBe("equal");
    expect(equiv("2 A", "A + A", { symbols: t }).outcome).toBe("equal");
    expect(equiv("2 A", "A", { symbols: t }).outcome).toBe("different");
  });
});
