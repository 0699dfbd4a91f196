import { describe, expect, test } from "vitest";
import { parse, parseAnswer, toLatex } from "../../src/expr/index.js";
import { add, call, cnst, delta, deriv, div, had, idx, mul, neg, num, ok, pow, strip, sym, tr } from "./helpers.js";

const S = sym("S");
describe("core LaTeX", () => {
  test.each([
    ["S_i(\\delta_{ij} - S_j)", mul(idx(S, sym("i")), add(delta(sym("i"), sym("j")), neg(idx(S, sym("j")))))],
    ["\\mathrm{diag}(s) - s s^\\top", add(call("diag", [sym("s")]), neg(mul(sym("s"), tr(sym("s")))))],
    ["((G V) \\circ h'(X W^\\top)) W", mul(had(mul(sym("G"), sym("V")), call("h", [mul(sym("X"), tr(sym("W")))], 1)), sym("W"))],
    ["\\frac{2}{(1+\\alpha^2) d_x}", div(num(2), mul(add(num(1), pow(sym("\\alpha"), num(2))), sym("d_x")))],
    ["\\frac{\\partial L}{\\partial Y}", deriv(sym("L"), sym("Y"))],
    ["\\partial L/\\partial Y", deriv(sym("L"), sym("Y"))],
    ["\\nabla_Y L", deriv(sym("L"), sym("Y"))],
    ["dL/dY", deriv(sym("L"), sym("Y"), false)],
    ["\\mathbf{1}", cnst("ones")],
    ["I - \\mathbf{X}", add(cnst("I"), neg(sym("X")))],
    ["e^{x}", call("exp", [sym("x")])],
    ["\\max(0, x)", call("max", [num(0), sym("x")])],
    ["\\sigma(x) \\odot (1 - \\sigma(x))", had(call("sigma", [sym("x")]), add(num(1), neg(call("sigma", [sym("x")]))))],
    ["\\tanh x \\cdot 2", mul(call("tanh", [sym("x")]), num(2))],
    ["X^T + X^{T} + X^\\intercal + X^{\\intercal} + Xᵀ", add(...Array.from({ length: 5 }, () => tr(sym("X"))))],
  ])("%s", (text, expected) => {
    expect(strip(ok(text, { dialect: "latex" }))).toEqual(expected);
  });
});

describe("slots", () => {
  test("A = ..., B = ...", () => {
    const r = parseAnswer("\\mathbf{A} = G V, B = h'(XW^\\top)");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.map((s) => s.name)).toEqual(["A", "B"]);
    expect(toLatex(r.value[1].expr)).toBe("h'(X W^\\top)");
  });
});

describe("index letters typed without braces", () => {
  test.each([
    ["\\delta_ij", delta(sym("i"), sym("j"))],
    ["X_ij", idx(sym("X"), sym("i"), sym("j"))],
    ["X_i j", mul(idx(sym("X"), sym("i")), sym("j"))],
    ["x_ix_j", mul(idx(sym("x"), sym("i")), idx(sym("x"), sym("j")))],
  ])("%s", (text, expected) => {
    expect(strip(ok(text, { dialect: "latex" }))).toEqual(expected);
  });
});

describe("layout environments", () => {
  test("aligned lines are slots", () => {
    const r = parseAnswer("\\begin{aligned} A &= G V \\\\ B &= h'(X W^\\top) \\end{aligned}");
    expect(r.ok && r.value.map((s) => s.name)).toEqual(["A", "B"]);
  });

  test("a continued chain of equalities stays one relation", () => {
    const e = ok("\\begin{align*} \\sigma'(a) &= \\sigma(a)(1 - \\sigma(a)) \\\\ &= \\sigma(a) - \\sigma(a)^2 \\end{align*}");
    expect(e.kind === "rel" && e.operands.length).toBe(3);
  });

  test("cases inside aligned keeps its own & and \\\\", () => {
    const r = parseAnswer("\\begin{aligned} E_{ij} &= \\begin{cases} 1 & x > 0 \\\\ 0 & \\text{otherwise} \\end{cases} \\end{aligned}");
    expect(r.ok && r.value[0].expr.kind).toBe("cases");
  });
});

describe("ASCII derivative operator", () => {
  test("d/dx f(x)", () => {
    expect(strip(ok("d/dx f(x)"))).toEqual(deriv(call("f", [sym("x")]), sym("x"), false));
    expect(strip(ok("d/dx (x^2) + 1"))).toEqual(add(deriv(pow(sym("x"), num(2)), sym("x"), false), num(1)));
  });
  test("d/dx alone is an error with a position", () => {
    const r = parse("d/dx");
    expect(!r.ok && r.error.pos.offset).toBe(4);
  });
});

describe("\\left and \\right", () => {
  test("\\right. closes anything", () => {
    expect(strip(ok("\\left( a + b \\right.", { dialect: "latex" }))).toEqual(add(sym("a"), sym("b")));
    expect(ok("\\left\\{ \\begin{cases} 1 & x > 0 \\\\ 0 & \\text{otherwise} \\end{cases} \\right.").kind).toBe("cases");
  });
  test("a \\left without \\right, and a mismatched pair, are errors at the right place", () => {
    const r = parse("x + \\left[ y \\right)");
    expect(!r.ok && r.error.pos.offset).toBe(13);
    const s = parse("x + \\right)");
    expect(!s.ok && s.error.pos.offset).toBe(4);
  });
});

describe("Unicode from PDF pastes reads as the LaTeX it shows", () => {
  test.each([
    ["a − b", "a - b"],
    ["a × b · c ⋅ d", "a \\times b \\cdot c \\cdot d"],
    ["G ⊙ H ∘ K", "G \\odot H \\circ K"],
    ["Xᵀ W", "X^\\top W"],
    ["h′(x) + g″(x)", "h'(x) + g''(x)"],
    ["α β σ θ δ_o", "\\alpha \\beta \\sigma \\theta \\delta_o"],
    ["∂L/∂Y", "\\partial L/\\partial Y"],
    ["∇_Y L", "\\nabla_Y L"],
    ["∑_{k=1}^{n} ∏_{i<l} s_i", "\\sum_{k=1}^{n} \\prod_{i<l} s_i"],
    ["√{x}", "\\sqrt{x}"],
    ["0 ≤ x ≠ y ≥ 1", "0 \\le x \\ne y \\ge 1"],
    ["\\lim_{x → ∞} x", "\\lim_{x \\to \\infty} x"],
    ["⌊x⌋ + ⌈y⌉", "\\lfloor x \\rfloor + \\lceil y \\rceil"],
    ["x² + y³", "x^2 + y^3"],
    ["ε φ ϕ", "\\epsilon \\phi \\phi"],
  ])("%s", (unicode, latex) => {
    expect(strip(ok(unicode))).toEqual(strip(ok(latex)));
  });
});

describe("trailing punctuation", () => {
  test.each(["a + b.", "a + b,", "a + b \\\\", "a + b. \\\\"])("%s", (text) => {
    expect(strip(ok(text))).toEqual(add(sym("a"), sym("b")));
  });
});
