import { describe, expect, it } from "vitest";
import { equiv } from "../../src/equivalence/index.js";
import { grade } from "../../src/grading/index.js";
import type { SymbolTable } from "../../src/expr/types.js";

const kaiming: SymbolTable = {
  symbols: [
    { name: "\\alpha", kind: "scalar", shape: [], domain: { kind: "interval", lo: 0, hi: 1, closedLo: true, closedHi: false } },
    { name: "d_x", kind: "scalar", shape: [], domain: { kind: "integer", lo: 1, hi: 4096 } },
  ],
};
const reference = "\\frac{2}{(1+\\alpha^2) d_x}";

// A formula undefined on a real part of the domain is not the reference, even if it agrees wherever
// it is defined; the general evaluator used to skip those instances and accept it.
describe("formulas defined on one side only", () => {
  it("an answer undefined on half the domain differs from the reference", () => {
    const r = equiv(`${reference} + \\log(\\alpha - 0.5) - \\log(\\alpha - 0.5)`, reference, { symbols: kaiming, seed: 1 });
    expect(r.outcome).toBe("different");
    expect(r.reason).toMatch(/first formula is undefined there/);
  });

  it("the grader marks such answers incorrect", () => {
    expect(grade("softmax-jacobian", "S_i(\\delta_{ij} - S_j) + \\sqrt{x_i} - \\sqrt{x_i}", { seed: 1 }).verdict).toBe("incorrect");
    expect(grade("leaky-relu-kaiming", `${reference} + \\log(\\alpha - 0.5) - \\log(\\alpha - 0.5)`, { seed: 1 }).verdict).toBe("incorrect");
  });

  it("a rare overflow at an extreme instance is still a skip, not a difference", () => {
    const table: SymbolTable = { symbols: [{ name: "a", kind: "scalar", shape: [] }, { name: "b", kind: "scalar", shape: [] }] };
    const r = equiv("\\frac{e^{a}}{e^{a} + e^{b}}", "\\sigma(a - b)", { symbols: table, seed: 1 });
    expect(r.outcome).toBe("equal");
  });

  it("both sides undefined together is outside the domain, not a difference", () => {
    const r = equiv(`${reference} + \\log(\\alpha - 0.5)`, `\\log(\\alpha - 0.5) + ${reference}`, { symbols: kaiming, seed: 1 });
    expect(r.outcome).toBe("equal");
  });
});

describe("a small region is enough", () => {
  it("an answer undefined for α < 0.1 (a tenth of the domain) is still caught", () => {
    const r = equiv(`${reference} + \\log(\\alpha - 0.1) - \\log(\\alpha - 0.1)`, reference, { symbols: kaiming, seed: 1 });
    expect(r.outcome).toBe("different");
  });
});
