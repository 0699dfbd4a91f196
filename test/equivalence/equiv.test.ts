import { describe, expect, it } from "vitest";
import type { Expr } from "../../src/expr/ast.js";
import type { SymbolTable } from "../../src/expr/types.js";
import { equiv } from "../../src/equivalence/index.js";
import { add, call, had, indicator, log, mul, neg, num, pow, rel, sym, tr } from "./build.js";
import { blockTable } from "../symbolic/fixtures.js";

const [X, W, V, G, x] = ["X", "W", "V", "G", "x"].map(sym);
const block: SymbolTable = blockTable();
const scalarX: SymbolTable = { symbols: [{ name: "x", kind: "scalar" }] };
const XWt = mul(X, tr(W));
const dX = mul(had(mul(G, V), call("h", [XWt], 1)), W);
const dW = mul(tr(had(mul(G, V), call("h", [XWt], 1))), X);

describe("equiv: block gradients and their rewrites", () => {
  it("accepts reorderings and transpose rewrites, with the symbolic confirmation recorded", () => {
    const rewrites: Expr[] = [
      mul(had(call("h", [XWt], 1), mul(G, V)), W),
      add(mul(had(mul(G, V), call("h", [XWt], 1)), W), num(0)),
      tr(mul(tr(W), tr(had(mul(G, V), call("h", [XWt], 1))))),
    ];
    for (const r of rewrites) {
      const res = equiv(dX, r, { symbols: block });
      expect(res.outcome).toBe("equal");
      expect(res.equivalent).toBe(true);
      expect(res.evidence.trials).toBeGreaterThanOrEqual(32);
      expect(res.evidence.maxRelError).toBeLessThan(1e-12);
    }
    expect(equiv(dW, mul(had(mul(tr(V), tr(G)), call("h", [mul(W, tr(X))], 1)), X), { symbols: block }).outcome).toBe("equal");
  });
  it("rejects plausible wrong answers with a counterexample", () => {
    const wrongs: Expr[] = [
      mul(had(mul(G, V), call("h", [XWt])), W), // h for h'
      neg(dX), // sign
      mul(num(2), dX), // factor 2
      mul(had(mul(G, V), call("h", [mul(X, tr(W))], 2)), W), // h''
    ];
    for (const w of wrongs) {
      const res = equiv(dX, w, { symbols: block });
      expect(res.outcome).toBe("different");
      expect(res.equivalent).toBe(false);
      expect(res.counterexample).toBeDefined();
      expect(res.symbolic?.canonicalEqual).toBe(false);
    }
  });
  it("reports a shape mismatch naming the shapes, without trials", () => {
    const res = equiv(dX, mul(had(mul(G, V), call("h", [XWt], 1)), tr(W)), { symbols: block });
    expect(res.outcome).toBe("shape-mismatch");
    expect(res.reason).toMatch(/F and M differ|M and F differ/);
    expect(res.evidence.trials).toBe(0);
    const dims = equiv(dX, dW, { symbols: block });
    expect(dims.outcome).toBe("shape-mismatch");
    expect(dims.reason).toMatch(/S×M/);
    expect(dims.reason).toMatch(/F×M/);
    const scalarVsMatrix = equiv(X, num(1), { symbols: block });
    expect(scalarVsMatrix.outcome).toBe("shape-mismatch");
    expect(scalarVsMatrix.reason).toMatch(/scalar/);
  });
});

describe("equiv: semantics of the trials", () => {
  it("is deterministic for a seed", () => {
    const w = mul(had(mul(G, V), call("h", [XWt])), W);
    expect(JSON.stringify(equiv(dX, w, { symbols: block, seed: 5 }))).toBe(JSON.stringify(equiv(dX, w, { symbols: block, seed: 5 })));
  });
  it("catches an answer wrong only on a small region of a scalar's domain", () => {
    const relu = call("max", [num(0), x]);
    const wrongFar = add(relu, mul(num(0.5), call("max", [num(0), add(x, num(-1.5))])));
    const res = equiv(relu, wrongFar, { symbols: scalarX });
    expect(res.outcome).toBe("different");
    expect(equiv(relu, had(x, indicator(rel(">", x, num(0)))), { symbols: scalarX }).outcome).toBe("equal");
  });
  it("uses sizes 1 and non-square sizes: A A^T vs A^T A differ, (AB)^T = B^T A^T for undeclared A, B", () => {
    const [A, B] = [sym("A"), sym("B")];
    expect(equiv(tr(mul(A, B)), mul(tr(B), tr(A))).outcome).toBe("equal");
    const ab = equiv(mul(A, B), mul(B, A));
    expect(ab.outcome).toBe("different");
    const sq: SymbolTable = { symbols: [{ name: "A", kind: "matrix", shape: ["m", "n"] }] };
    expect(equiv(mul(A, tr(A)), mul(tr(A), A), { symbols: sq }).outcome).toBe("shape-mismatch");
  });
  it("integer sizes with strides that do not divide: the floor matters, the ceil identity holds", () => {
    const conv: SymbolTable = {
      symbols: [
        { name: "W", kind: "scalar", domain: { kind: "integer", lo: 1, hi: 64 } },
        { name: "F", kind: "scalar", domain: { kind: "integer", lo: 1, hi: 9 } },
        { name: "P", kind: "scalar", domain: { kind: "integer", lo: 0, hi: 4 } },
        { name: "S", kind: "scalar", domain: { kind: "integer", lo: 1, hi: 5 } },
      ],
    };
    const ref = "\\left\\lfloor \\frac{W - F + 2P}{S} \\right\\rfloor + 1";
    expect(equiv(ref, "\\frac{W - F + 2P}{S} + 1", { symbols: conv }).outcome).toBe("different");
    expect(equiv(ref, "\\left\\lceil \\frac{W - F + 2P + 1}{S} \\right\\rceil", { symbols: conv }).outcome).toBe("equal");
  });
  it("one-hot targets: o - y equals o - y (1^T y), not o - 1^T y", () => {
    const t: SymbolTable = {
      symbols: [
        { name: "o", kind: "vector", shape: ["n", 1], domain: { kind: "probability" } },
        { name: "y", kind: "vector", shape: ["n", 1], domain: { kind: "onehot" } },
      ],
    };
    expect(equiv("o - y", "o - y \\mathbf{1}^\\top y", { symbols: t }).outcome).toBe("equal");
    expect(equiv("o - y", "o - \\mathbf{1}^\\top y", { symbols: t }).outcome).toBe("different");
  });
  it("says when too few points could be evaluated, and how many", () => {
    const bad = log(neg(add(pow(x, num(2)), num(1))));
    const res = equiv(bad, bad, { symbols: scalarX });
    expect(res.outcome).toBe("too-few-points");
    expect(res.equivalent).toBe(false);
    expect(res.reason).toMatch(/Only 0 of 64/);
  });
  it("stops with 'timeout' when the budget runs out", () => {
    const res = equiv(dX, dX, { symbols: block, budgetMs: 0 });
    expect(res.outcome).toBe("timeout");
    expect(res.evidence.trials).toBeLessThan(32);
  });
});
