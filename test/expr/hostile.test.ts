import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { ParseError } from "../../src/expr/ast.js";
import type { SymbolTable } from "../../src/expr/types.js";
import { parse, parseAnswer } from "../../src/expr/index.js";

const TOKENS = [
  "\\frac", "\\dfrac", "{", "}", "^", "_", "\\left(", "\\right)", "\\left|", "\\right|", "\\left.", "(", ")", "[", "]",
  "x", "X", "d", "E", "e", "I", "h", "1", "2", "0.5", "1e3", "\\sum", "\\prod", "\\int", "\\lim", "\\to", "\\infty",
  "\\begin{cases}", "\\end{cases}", "\\begin{bmatrix}", "\\end{bmatrix}", "&", "\\\\", "'", "\\prime", "\\partial",
  "\\nabla", "/", "|", "\\|", "\\mathbf{1}", "\\mathbb{1}", "\\mathbb{E}", "\\mathrm{diag}", "\\operatorname{Var}",
  "\\text{if }", "\\text{otherwise}", "-", "+", "*", "\\cdot", "\\circ", "\\odot", "\\sqrt", "\\hat", "\\tilde",
  "\\alpha", "\\sigma", "\\delta", "=", "<", "\\le", "\\ne", ",", ";", " ", "\n", "\\quad", "\\,", "\\top", "T",
  "\\lfloor", "\\rfloor", "\\max", "\\exp", "\\log", "\\foo", "ᵀ", "−", "∑", "α", "√", "⊙", "→", "≤", "𝟙", "%", "$",
  "\\", "\\{", "\\}", ".*", "(.)", "odot", "sum", "->", "**", "!", "~", "\\big(", "\\Bigr)", "\\hspace{1em}",
];

function checkError(text: string, error: ParseError): void {
  expect(error.code).not.toBe("internal");
  expect(typeof error.message).toBe("string");
  expect(error.message.length).toBeGreaterThan(0);
  expect(error.pos.offset).toBeGreaterThanOrEqual(0);
  expect(error.pos.offset).toBeLessThanOrEqual(text.length);
  expect(error.pos.line).toBeGreaterThanOrEqual(1);
  expect(error.pos.column).toBeGreaterThanOrEqual(1);
}

const table: SymbolTable = {
  symbols: [
    { name: "X", kind: "matrix", shape: ["S", "M"] },
    { name: "h", kind: "elementwise" },
    { name: "d_x", kind: "dimension", aliases: ["n_{in}"] },
    { name: "G", kind: "matrix", shape: ["S", "N"], aliases: ["\\frac{\\partial L}{\\partial Y}", "dL/dY", "\\nabla_Y L"] },
    { name: "S", kind: "vector", shape: ["n", 1], aliases: ["o", "S(x)"] },
    { name: "x", kind: "vector", shape: ["n", 1] },
  ],
};

function neverThrows(text: string): void {
  for (const dialect of ["auto", "latex", "ascii"] as const) {
    const r = parse(text, { dialect });
    if (!r.ok) checkError(text, r.error);
    const a = parseAnswer(text, { dialect });
    if (!a.ok) checkError(text, a.error);
  }
  const t = parseAnswer(text, { symbols: table });
  if (!t.ok) checkError(text, t.error);
}

describe("hostile input is data", () => {
  test("token soup never throws", () => {
    const soup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((ts) => ts.join(""));
    fc.assert(fc.property(soup, neverThrows), { numRuns: 2000, seed: 1 });
  });

  test("raw unicode never throws", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 60 }), neverThrows), { numRuns: 1000, seed: 2 });
  });

  test("ascii-ish soup never throws", () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(..."xyXd_^'()[]{}+-*/.,;=<>!|12 \nTe"), maxLength: 60 }), neverThrows), { numRuns: 1000, seed: 3 });
  });

  const big = { limits: { maxLength: 1_000_000 } };
  test.each([
    ["nested parentheses", "(".repeat(30000) + "x" + ")".repeat(30000)],
    ["nested braces", "{".repeat(30000) + "x" + "}".repeat(30000)],
    ["nested fractions", "\\frac{".repeat(5000) + "x" + "}{y}".repeat(5000)],
    ["minus signs", "-".repeat(50000) + "x"],
    ["square roots", "\\sqrt".repeat(20000) + "x"],
    ["hats", "\\hat".repeat(20000) + "x"],
    ["divisions", "a/".repeat(20000) + "b"],
    ["transposes", "X" + "^T".repeat(20000)],
    ["exponent towers", "x" + "^{x".repeat(10000) + "}".repeat(10000)],
    ["sums", "\\sum_k ".repeat(10000) + "x"],
    ["subscripts", "x" + "_{x".repeat(10000) + "}".repeat(10000)],
  ])("%s: too-deep, no stack overflow", (_, text) => {
    const r = parse(text, { ...big, dialect: text.includes("\\") || text.includes("{") ? "latex" : "ascii" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe("too-deep");
  });

  test("wide input within the depth bound is fine", () => {
    const text = Array.from({ length: 2000 }, (_, k) => `x_{${k % 7}}`).join(" + ");
    expect(parse(text).ok).toBe(true);
    expect(parse("x" + "'".repeat(5000) + "(y)", big).ok).toBe(true);
  });

  test("length bound", () => {
    const r = parse("x".repeat(20001));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: "too-long", pos: { offset: 20000 } });
    const s = parse("a + b + c", { limits: { maxLength: 5 } });
    expect(!s.ok && s.error.code).toBe("too-long");
  });

  test.each(["1e16", "2000000000000000", "1234567890123456789012345678901", "1e999", "0.0000000000000000000000000000001"])("number bound: %s", (text) => {
    const r = parse(text);
    expect(!r.ok && r.error.code).toBe("number-too-large");
  });

  test("exponent towers within bounds parse (evaluation bounds them)", () => {
    expect(parse("10^{10^{10^{10}}}").ok).toBe(true);
  });

  test("empty answers", () => {
    for (const t of ["", "   ", "\n\n"]) {
      const r = parseAnswer(t);
      expect(!r.ok && r.error.code).toBe("empty");
    }
  });
});

describe("broken LaTeX: an error at the right place", () => {
  test.each([
    ["\\frac{a}", 8, "missing its denominator"],
    ["x^", 2, "exponent"],
    ["x_", 2, "subscript"],
    ["{a + b", 0, "never closed"],
    ["a + b}", 5, 'unexpected "}"'],
    ["(a + b", 0, "never closed"],
    ["\\left( x", 0, "no matching \\right"],
    ["\\left( x \\right]", 9, "closed by"],
    ["\\foo + 1", 0, "unknown command \\foo"],
    ["a + \\foo", 4, "unknown command \\foo"],
    ["A = ", 4, "ends too early"],
    ["\\begin{cases} 1 & x > 0", 0, "never closed"],
    ["\\begin{cases} 1 & x > 0 \\end{bmatrix}", 24, "closed by"],
    ["\\sqrt", 5, "argument"],
    ["a + ", 4, "ends too early"],
    ["\\sum x", 0, "index"],
    ["(XW)'", 4, "prime"],
    ["|x", 0, "never closed"],
    ["\\lim x", 5, "variable"],
    ["x @ y", 2, "unexpected character"],
  ])("%s", (text, offset, message) => {
    const r = parse(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.pos.offset).toBe(offset);
    expect(r.error.message).toContain(message);
    expect(r.error.code).not.toBe("internal");
  });

  test("line and column on a later line", () => {
    const r = parseAnswer("A = G V\nB = \\foo(x)");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.pos).toEqual({ offset: 12, line: 2, column: 5 });
  });
});

describe("misspelt commands", () => {
  test.each([
    ["\\simga(x)", "\\sigma"],
    ["\\farc{1}{2}", "\\frac"],
    ["\\alpah", "\\alpha"],
    ["\\mathbff{X}", "\\mathbf"],
  ])("%s suggests %s", (text, near) => {
    const r = parse(text);
    expect(!r.ok && r.error.message).toContain(`did you mean ${near}?`);
  });

  test("no suggestion when nothing is close", () => {
    const r = parse("\\qwertyuiop");
    expect(!r.ok && r.error.message).toBe("unknown command \\qwertyuiop");
  });
});
