import { describe, expect, it } from "vitest";
import { equiv } from "../../src/equivalence/index.js";
import { derive } from "../../src/symbolic/index.js";

describe("equal for all shapes: a size only equating the two sides fixes is a mismatch", () => {
  it("G^T 1 against 1^T G with G undeclared: equal only when G has one column", () => {
    const r = equiv("G^\\top \\mathbf{1}", "\\mathbf{1}^\\top G");
    expect(r.equivalent).toBe(false);
    expect(r.outcome).toBe("shape-mismatch");
    expect(r.reason).toMatch(/G has 1 column/);
  });

  it("a declared shape is kept: for a declared column G both sides are the same number", () => {
    expect(equiv("G^\\top \\mathbf{1}", "\\mathbf{1}^\\top G", { symbols: "G: n x 1" }).outcome).toBe("equal");
    expect(equiv("x^\\top y", "y^\\top x", { symbols: "x: vector n, y: vector n" }).outcome).toBe("equal");
  });

  it("identities that hold for every shape stay equal with undeclared shapes", () => {
    for (const [a, b] of [
      ["(A B)^\\top", "B^\\top A^\\top"],
      ["(G \\circ H)^\\top \\mathbf{1}", "(H \\circ G)^\\top \\mathbf{1}"],
      ["X^\\top G", "(G^\\top X)^\\top"],
      ["\\mathrm{tr}(A B)", "\\mathrm{tr}(B A)"],
      ["\\left(G V \\circ h'(X W^\\top)\\right)^\\top X", "\\left(X^\\top \\left(h'(X W^\\top) \\circ (G V)\\right)\\right)^\\top"],
    ]) {
      expect(equiv(a, b).outcome, `${a} vs ${b}`).toBe("equal");
    }
  });

  it("where a counterexample exists on the joined shapes, it is still the answer", () => {
    const r = equiv("A B", "B A");
    expect(r.outcome).toBe("different");
    expect(r.counterexample).toBeDefined();
  });
});

describe("library callers may pass the --symbols spec string", () => {
  it("derive accepts 'X: S x M' and reports a bad spec or a wrong type as a message", () => {
    const r = derive("Y = X W^\\top", "W", { symbols: "X: S x M, W: F x M" });
    expect(r.ok && r.evidence.ok).toBe(true);
    if (r.ok) expect(r.table.symbols.find((s) => s.name === "X")?.shape).toEqual(["S", "M"]);
    const bad = derive("Y = X W^\\top", "W", { symbols: "X: S by M" });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toMatch(/symbol entry 'X: S by M'/);
    const wrongType = derive("Y = X W^\\top", "W", { symbols: 42 as unknown as string });
    expect(wrongType.ok).toBe(false);
  });

  it("equiv accepts a spec string and reports a bad one as invalid", () => {
    expect(equiv("X W^\\top", "(W X^\\top)^\\top", { symbols: "X: S x M, W: F x M" }).outcome).toBe("equal");
    expect(equiv("X W", "X W", { symbols: "X: S x M, W: F x M" }).outcome).toBe("shape-mismatch");
    expect(equiv("X", "X", { symbols: "X: S by M" }).outcome).toBe("invalid");
  });
});
