import { describe, expect, it } from "vitest";
import { inferShapes } from "../../src/expr/shapes.js";
import type { SymbolTable } from "../../src/expr/types.js";
import {
  add, call, cases, dcall, delta, deriv, div, had, I, idx, ind, integral, lim, mul, neg, num, ones, pow, prod, rel, sub, sum, sym, T, tuple,
  blockTable,
} from "../numeric/ast-builders.js";

const block: SymbolTable = {
  symbols: [
    ...blockTable.symbols,
    { name: "Y", kind: "matrix", shape: ["S", "N"] },
    { name: "A", kind: "matrix", shape: ["S", "F"] },
    { name: "B", kind: "matrix", shape: ["S", "F"] },
    { name: "\\theta", kind: "scalar" },
    { name: "L", kind: "scalar" },
  ],
};

const softmax: SymbolTable = {
  symbols: [
    { name: "S", kind: "vector", shape: ["n", 1] },
    { name: "s", kind: "vector", shape: ["n", 1] },
    { name: "o", kind: "vector", shape: ["n", 1] },
    { name: "y", kind: "vector", shape: ["n", 1] },
    { name: "g", kind: "vector", shape: ["n", 1] },
    { name: "x", kind: "vector", shape: ["n", 1] },
    { name: "i", kind: "index", range: "n" },
    { name: "j", kind: "index", range: "n" },
    { name: "n", kind: "dimension" },
  ],
};

const scalars: SymbolTable = {
  symbols: [
    { name: "\\alpha", kind: "scalar" },
    { name: "d_x", kind: "dimension" },
    { name: "W", kind: "dimension" },
    { name: "F", kind: "dimension" },
    { name: "P", kind: "dimension" },
    { name: "S", kind: "dimension" },
    { name: "L", kind: "dimension" },
    { name: "k", kind: "vector", shape: ["L", 1] },
    { name: "s", kind: "vector", shape: ["L", 1] },
  ],
};

function shapeOf(e: Parameters<typeof inferShapes>[0], table: SymbolTable): unknown {
  const r = inferShapes(e, table);
  if (!r.ok) throw new Error(r.message);
  return r.shape;
}

function errorOf(e: Parameters<typeof inferShapes>[0], table: SymbolTable): string {
  const r = inferShapes(e, table);
  if (r.ok) throw new Error(`expected a shape error, got ${JSON.stringify(r.shape)}`);
  return r.message;
}

const XWt = mul(sym("X"), T(sym("W")));

describe("shapes of the section A formulas", () => {
  it("softmax-jacobian: S_i(δ_ij − S_j) is a scalar entry", () => {
    expect(shapeOf(mul(idx(sym("S"), sym("i")), sub(delta("i", "j"), idx(sym("S"), sym("j")))), softmax)).toEqual([]);
  });
  it("softmax-jacobian-matrix: diag(s) − s sᵀ is n×n, and I − 1 sᵀ too", () => {
    expect(shapeOf(sub(call("diag", sym("s")), mul(sym("s"), T(sym("s")))), softmax)).toEqual(["n", "n"]);
    expect(shapeOf(mul(call("diag", sym("s")), sub(I, mul(ones, T(sym("s"))))), softmax)).toEqual(["n", "n"]);
  });
  it("softmax-ce-grad: o_i − y_i and o − y", () => {
    expect(shapeOf(sub(idx(sym("o"), sym("i")), idx(sym("y"), sym("i"))), softmax)).toEqual([]);
    expect(shapeOf(sub(sym("o"), sym("y")), softmax)).toEqual(["n", 1]);
  });
  it("softmax-vjp: s ∘ (g − (sᵀg)1) is an n-vector (the 1×1 product scales)", () => {
    const e = had(sym("s"), sub(sym("g"), mul(mul(T(sym("s")), sym("g")), ones)));
    expect(shapeOf(e, softmax)).toEqual(["n", 1]);
  });
  it("sigmoid-jacobian: diag(σ(x) ∘ (1 − σ(x))) is n×n", () => {
    expect(shapeOf(call("diag", had(call("sigma", sym("x")), sub(num(1), call("sigma", sym("x"))))), softmax)).toEqual(["n", "n"]);
  });
  it("block gradients A, B, C and the combined checks", () => {
    expect(shapeOf(mul(sym("G"), sym("V")), block)).toEqual(["S", "F"]);
    expect(shapeOf(dcall("h", 1, XWt), block)).toEqual(["S", "F"]);
    expect(shapeOf(mul(T(sym("G")), call("h", XWt)), block)).toEqual(["N", "F"]);
    expect(shapeOf(mul(had(sym("A"), sym("B")), sym("W")), block)).toEqual(["S", "M"]);
    expect(shapeOf(mul(T(had(sym("A"), sym("B"))), sym("X")), block)).toEqual(["F", "M"]);
  });
  it("bias by augmentation: [X, 1] is S×(M+1), and [X, 1][W, b]ᵀ is S×F", () => {
    expect(shapeOf(tuple(sym("X"), ones), block)).toEqual(["S", "M+1"]);
    expect(shapeOf(tuple(sym("W"), sym("b")), block)).toEqual(["F", "M+1"]);
    expect(shapeOf(mul(tuple(sym("X"), ones), T(tuple(sym("W"), sym("b")))), block)).toEqual(["S", "F"]);
    expect(shapeOf(mul(T(had(sym("A"), sym("B"))), ones), block)).toEqual(["F", 1]);
    expect(shapeOf(add(XWt, mul(ones, T(sym("b")))), block)).toEqual(["S", "F"]);
  });
  it("prelu: G ∘ min(0, X), indicators and cases broadcast scalars", () => {
    const tbl: SymbolTable = {
      symbols: [
        { name: "X", kind: "matrix", shape: ["S", "M"] },
        { name: "G", kind: "matrix", shape: ["S", "M"] },
        { name: "\\theta", kind: "scalar" },
      ],
    };
    expect(shapeOf(had(sym("G"), call("min", num(0), sym("X"))), tbl)).toEqual(["S", "M"]);
    expect(shapeOf(add(ind(rel(">=", sym("X"), num(0))), mul(sym("\\theta"), ind(rel("<", sym("X"), num(0))))), tbl)).toEqual(["S", "M"]);
    expect(shapeOf(cases([num(1), rel(">=", sym("X"), num(0))], [sym("\\theta"), null]), tbl)).toEqual(["S", "M"]);
  });
  it("scalar formulas: Kaiming variance, conv output size, receptive field", () => {
    expect(shapeOf(div(num(2), mul(add(num(1), pow(sym("\\alpha"), num(2))), sym("d_x"))), scalars)).toEqual([]);
    const size = add(call("floor", div(add(sym("W"), neg(sym("F")), mul(num(2), sym("P"))), sym("S"))), num(1));
    expect(shapeOf(size, scalars)).toEqual([]);
    const rf = add(num(1), sum("l", num(1), sym("L"), mul(sub(idx(sym("k"), sym("l")), num(1)), prod("i", null, null, idx(sym("s"), sym("i")), rel("<", sym("i"), sym("l"))))));
    expect(shapeOf(rf, scalars)).toEqual([]);
  });
  it("derivatives: of a scalar has the shape of the variable; entries are scalars; vector by vector is a Jacobian", () => {
    expect(shapeOf(deriv(sym("L"), sym("Y")), block)).toEqual(["S", "N"]);
    expect(shapeOf(deriv(idx(sym("S"), sym("i")), idx(sym("x"), sym("j"))), softmax)).toEqual([]);
    expect(shapeOf(deriv(call("softmax", sym("x")), sym("x")), softmax)).toEqual(["n", "n"]);
  });
  it("limits, integrals and bound variables are scalars in their scope", () => {
    expect(shapeOf(lim("k", { kind: "const", name: "inf" }, call("sigma", mul(sym("k"), sym("x")))), softmax)).toEqual(["n", 1]);
    expect(shapeOf(integral("t", neg({ kind: "const", name: "inf" }), sym("x"), call("H", sym("t"))), softmax)).toEqual(["n", 1]);
  });
  it("a bracket of scalars is a column vector", () => {
    expect(shapeOf(tuple(num(1), num(2), num(3)), softmax)).toEqual([3, 1]);
  });
});

describe("shape errors a student understands", () => {
  it("names both factors and the inner sizes", () => {
    expect(errorOf(mul(sym("G"), T(sym("V"))), block)).toBe("G (S×N) times Vᵀ (F×N): the inner sizes N and F differ");
  });
  it("names both terms of a sum", () => {
    expect(errorOf(add(sym("X"), sym("W")), block)).toBe("cannot add X (S×M) and W (F×M): sizes S and F differ");
  });
  it("words a difference as a subtraction and points at the term that does not fit", () => {
    const src = "X - W";
    const e = add({ kind: "sym", name: "X", span: { start: 0, end: 1 } }, { kind: "neg", arg: { kind: "sym", name: "W", span: { start: 4, end: 5 } }, span: { start: 2, end: 5 } });
    const r = inferShapes(e, block, { source: src });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toBe("cannot subtract W (F×M) from X (S×M): sizes S and F differ");
      expect(r.span).toEqual({ start: 2, end: 5 });
    }
  });
  it("quotes the source text when it is given", () => {
    const src = "\\mathbf{G} V^\\top";
    const e = mul({ kind: "sym", name: "G", span: { start: 0, end: 10 } }, { kind: "transpose", arg: sym("V"), span: { start: 11, end: 17 } });
    const r = inferShapes(e, block, { source: src });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toBe("\\mathbf{G} (S×N) times V^\\top (F×N): the inner sizes N and F differ");
      expect(r.span).toEqual({ start: 11, end: 17 });
      expect(r.code).toBe("shape-mismatch");
    }
  });
  it("names the product so far when a chain breaks", () => {
    expect(errorOf(mul(sym("X"), T(sym("W")), sym("G")), block)).toBe("X Wᵀ (S×F) times G (S×N): the inner sizes F and S differ");
  });
  it("elementwise product and division", () => {
    expect(errorOf(had(sym("G"), sym("X")), block)).toBe("cannot multiply G (S×N) and X (S×M) entry by entry: sizes N and M differ");
    expect(errorOf(div(sym("G"), sym("X")), block)).toContain("cannot divide G (S×N) by X (S×M)");
  });
  it("ones sized by one context cannot serve another", () => {
    expect(errorOf(add(sym("X"), mul(ones, T(sym("b"))), sym("G")), block)).toMatch(/cannot add X \(S×M\) and .*: sizes M and F differ/);
  });
  it("unknown symbols and functions list the allowed ones", () => {
    const r = inferShapes(mul(sym("Q"), sym("X")), block);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe("unknown-symbol");
      expect(r.message).toContain("unknown symbol Q");
      expect(r.message).toContain("X, W, V");
    }
    const f = inferShapes(call("f", sym("X")), block);
    expect(!f.ok && f.message).toBe("unknown function f; the functions here are h");
  });
  it("a function used as a value, entries of scalars, too many indices", () => {
    expect(errorOf(mul(sym("h"), sym("X")), block)).toContain("h is a function");
    expect(errorOf(idx(sym("\\theta"), sym("i")), { symbols: [...block.symbols, { name: "i", kind: "index" }] })).toContain("is a scalar");
    expect(errorOf(idx(sym("X"), sym("i")), block)).toContain("needs two indices");
  });
  it("matrix exponents and non-square traces", () => {
    expect(errorOf(pow(sym("\\theta"), sym("X")), block)).toContain("must be a number");
    expect(errorOf(call("trace", sym("X")), block)).toContain("not square");
  });
  it("undeclared names may be read as scalars on request", () => {
    const r = inferShapes(add(sym("a"), mul(sym("b"), sym("c"))), { symbols: [] }, { undeclared: "scalar" });
    expect(r.ok && r.shape).toEqual([]);
  });
  it("deep nesting is an error, not a stack overflow", () => {
    let e = sym("\\theta");
    for (let k = 0; k < 5000; k++) e = neg(e);
    const r = inferShapes(e, block);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe("unsupported");
  });
});

describe("declared block sizes", () => {
  it("a width declared as M+1 unifies with [X, 1]", () => {
    const tbl: SymbolTable = {
      symbols: [
        { name: "X", kind: "matrix", shape: ["S", "M"] },
        { name: "U", kind: "matrix", shape: ["F", "M+1"] },
      ],
    };
    expect(shapeOf(mul(tuple(sym("X"), ones), T(sym("U"))), tbl)).toEqual(["S", "F"]);
    expect(errorOf(mul(sym("X"), T(sym("U"))), tbl)).toBe("X (S×M) times Uᵀ ((M+1)×F): the inner sizes M and (M+1) differ");
  });
});

describe("declared differences", () => {
  it("K-1 prints as K-1 and unifies with itself", () => {
    const tbl: SymbolTable = { symbols: [{ name: "y", kind: "vector", shape: ["K-1", 1] }, { name: "z", kind: "vector", shape: ["K-1", 1] }] };
    expect(shapeOf(add(sym("y"), sym("z")), tbl)).toEqual(["K-1", 1]);
  });
});
