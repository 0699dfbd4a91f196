/**
 * How course staff write: the formulas of QUESTIONS.md and the assignment texts. A subset is checked
 * node by node; every LaTeX formula in those files must parse, except notation that is not a value
 * (set membership, signatures, distributions, ellipses), listed with the reason.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import type { Expr } from "../../src/expr/ast.js";
import { exprEquals, parse, parseAnswer, toAscii, toLatex } from "../../src/expr/index.js";
import { add, call, cnst, delta, deriv, div, had, idx, mul, neg, num, ok, pow, rel, strip, sym, tr } from "./helpers.js";

const bigop = (op: "sum" | "prod", index: string, lower: Expr | null, upper: Expr | null, cond: Expr | null, body: Expr): Expr => ({ kind: "bigop", op, index, lower, upper, cond, body });
const i = sym("i");
const j = sym("j");

describe("staff formulas, node by node", () => {
  test.each<[string, Expr]>([
    ["S_i(\\delta_{ij} - S_j)", mul(idx(sym("S"), i), add(delta(i, j), neg(idx(sym("S"), j))))],
    ["\\mathrm{diag}(s) - s s^\\top", add(call("diag", [sym("s")]), neg(mul(sym("s"), tr(sym("s")))))],
    ["((G V) \\circ h'(X W^\\top)) W", mul(had(mul(sym("G"), sym("V")), call("h", [mul(sym("X"), tr(sym("W")))], 1)), sym("W"))],
    ["\\left\\lfloor \\frac{W - F + 2P}{S} \\right\\rfloor + 1", add(call("floor", [div(add(sym("W"), neg(sym("F")), mul(num(2), sym("P"))), sym("S"))]), num(1))],
    ["\\frac{2}{(1+\\alpha^2) d_x}", div(num(2), mul(add(num(1), pow(sym("\\alpha"), num(2))), sym("d_x")))],
    [
      "r_0 = 1 + \\sum_{l=1}^{L} (k_l - 1) \\prod_{i<l} s_i",
      rel(["="], idx(sym("r"), num(0)), add(num(1), bigop("sum", "l", num(1), sym("L"), null, mul(add(idx(sym("k"), sym("l")), neg(num(1))), bigop("prod", "i", null, null, rel(["<"], i, sym("l")), idx(sym("s"), i)))))),
    ],
    ["\\lim_{k\\to\\infty} \\sigma(kx) = H(x)", rel(["="], { kind: "limit", variable: "k", to: cnst("inf"), side: null, body: call("sigma", [mul(sym("k"), sym("x"))]) }, call("H", [sym("x")]))],
    ["\\hat\\sigma'(z) = 2\\hat\\sigma(z)(1-\\hat\\sigma(z))", rel(["="], call("\\hat{\\sigma}", [sym("z")], 1), mul(num(2), call("\\hat{\\sigma}", [sym("z")]), add(num(1), neg(call("\\hat{\\sigma}", [sym("z")])))))],
    ["\\tilde\\omega^{(2)}_{kj}", idx(sym("\\tilde{\\omega}^{(2)}"), sym("k"), j)],
    ["\\tilde\\omega^{(2)}_{k0} = \\omega^{(2)}_{k0} + \\frac12 \\sum_j \\omega^{(2)}_{kj}", rel(["="], idx(sym("\\tilde{\\omega}^{(2)}"), sym("k"), num(0)), add(idx(sym("\\omega^{(2)}"), sym("k"), num(0)), mul(div(num(1), num(2)), bigop("sum", "j", null, null, null, idx(sym("\\omega^{(2)}"), sym("k"), j)))))],
    ["\\hat\\sigma(z) = 1/(1+e^{-2z})", rel(["="], call("\\hat{\\sigma}", [sym("z")]), div(num(1), add(num(1), call("exp", [neg(mul(num(2), sym("z")))]))))],
    ["g(x) = \\int_{-\\infty}^{x} H(t)\\,dt", rel(["="], call("g", [sym("x")]), { kind: "integral", variable: "t", lower: neg(cnst("inf")), upper: sym("x"), body: call("H", [sym("t")]) })],
    ["s \\circ (g - (s^\\top g)\\mathbf{1})", had(sym("s"), add(sym("g"), neg(mul(mul(tr(sym("s")), sym("g")), cnst("ones")))))],
    ["\\mathrm{diag}(\\sigma(x) \\circ (1 - \\sigma(x)))", call("diag", [had(call("sigma", [sym("x")]), add(num(1), neg(call("sigma", [sym("x")]))))])],
    ["G \\circ \\min(0, X)", had(sym("G"), call("min", [num(0), sym("X")]))],
    ["[X, \\mathbf{1}]", { kind: "tuple", brackets: "[]", items: [sym("X"), cnst("ones")] }],
    ["\\sqrt{6/(h_{l-1}+h_l)}", call("sqrt", [div(num(6), add(idx(sym("h"), add(sym("l"), neg(num(1)))), idx(sym("h"), sym("l"))))])],
    ["x_{t+1} - p = (I - \\eta H)(x_t - p)", rel(["="], add(idx(sym("x"), add(sym("t"), num(1))), neg(sym("p"))), mul(add(cnst("I"), neg(mul(sym("\\eta"), sym("H")))), add(idx(sym("x"), sym("t")), neg(sym("p")))))],
    ["\\delta_2 = (W_3^\\top \\delta_o) \\circ a \\circ (1 - a)", rel(["="], idx(sym("\\delta"), num(2)), had(mul(tr(idx(sym("W"), num(3))), sym("\\delta_o")), sym("a"), add(num(1), neg(sym("a")))))],
    ["\\partial L/\\partial W_3 = \\delta_o a^\\top", rel(["="], deriv(sym("L"), idx(sym("W"), num(3))), mul(sym("\\delta_o"), tr(sym("a"))))],
    ["\\mathrm{diag}(\\mathbb{1}[\\tilde x^{(l)} > 0])", call("diag", [{ kind: "indicator", cond: rel([">"], sym("\\tilde{x}^{(l)}"), num(0)) }])],
    ["L = -\\sum_i t_i \\log x^{(N)}_i", rel(["="], sym("L"), neg(bigop("sum", "i", null, null, null, mul(idx(sym("t"), i), call("log", [idx(sym("x^{(N)}"), i)])))))],
    ["\\partial L/\\partial W^{(l)} = (\\partial L/\\partial \\tilde x^{(l)})^\\top (x^{(l-1)})^\\top", rel(["="], deriv(sym("L"), sym("W^{(l)}")), mul(tr(deriv(sym("L"), sym("\\tilde{x}^{(l)}"))), tr(sym("x^{(l-1)}"))))],
    ["g(x) = x\\sigma(\\beta x)", rel(["="], call("g", [sym("x")]), mul(sym("x"), call("sigma", [mul(sym("\\beta"), sym("x"))])))],
    ["\\frac{d}{dx}f(x) = \\lim_{\\epsilon \\to 0} \\frac{f(x+\\epsilon) - f(x)}{\\epsilon}", rel(["="], deriv(call("f", [sym("x")]), sym("x"), false), { kind: "limit", variable: "\\epsilon", to: num(0), side: null, body: div(add(call("f", [add(sym("x"), sym("\\epsilon"))]), neg(call("f", [sym("x")]))), sym("\\epsilon")) })],
    ["\\sigma(a) = (1 + \\tanh(a/2))/2", rel(["="], call("sigma", [sym("a")]), div(add(num(1), call("tanh", [div(sym("a"), num(2))])), num(2)))],
    ["(784+1)h_1 + (h_1+1)h_2 + (h_2+1)10", add(mul(add(num(784), num(1)), idx(sym("h"), num(1))), mul(add(idx(sym("h"), num(1)), num(1)), idx(sym("h"), num(2))), mul(add(idx(sym("h"), num(2)), num(1)), num(10)))],
  ])("%s", (text, expected) => {
    expect(strip(ok(text))).toEqual(expected);
  });

  test("cases for E_{ij}, as a slot with indices", () => {
    const r = parseAnswer("E_{ij} = \\begin{cases} 1 & \\text{if } X_{ij} \\ge 0 \\\\ \\theta & \\text{otherwise} \\end{cases}");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value[0].name).toBe("E");
    expect(r.value[0].indices).toEqual(["i", "j"]);
    expect(strip(r.value[0].expr)).toEqual({
      kind: "cases",
      branches: [
        { value: num(1), cond: rel([">="], idx(sym("X"), i, j), num(0)) },
        { value: sym("\\theta"), cond: null },
      ],
    });
  });

  test("piecewise definitions from the assignment texts", () => {
    const phi = ok("\\phi(z) = \\begin{cases} z & \\text{if } z > 0 \\\\ 0.01z & \\text{if } z \\leq 0. \\end{cases}");
    expect(toLatex(phi)).toBe("\\phi(z) = \\begin{cases} z & \\text{if } z > 0 \\\\ 0.01 z & \\text{if } z \\le 0 \\end{cases}");
    const h = ok("h_{\\theta}(z) = \\begin{cases} z, & z \\geq 0 \\\\ \\theta z, & z < 0 \\end{cases}");
    expect(h.kind).toBe("rel");
    const H = ok("H(x) = \\begin{cases} 1 & \\text{if } x > 0\\\\ \\frac{1}{2} & \\text{if } x = 0\\\\ 0 & \\text{if } x < 0 \\end{cases}");
    expect(H.kind === "rel" && H.operands[1].kind === "cases" && H.operands[1].branches.length).toBe(3);
  });

  test("the answer conventions of QUESTIONS.md: one slot, many spellings", () => {
    const spellings = ["A = G V, B = h'(X W^\\top)", "\\mathbf{A} = G V; \\mathbf{B} = h^\\prime(XW^T)", "A = GV \\\\ B = h'(XW^{T})", "A = G V \\quad B = h'(X W^{\\intercal})", "A = G V\nB = h'(XWᵀ)"];
    const first = parseAnswer(spellings[0]);
    expect(first.ok).toBe(true);
    for (const s of spellings) {
      const r = parseAnswer(s);
      expect(r.ok, s).toBe(true);
      if (r.ok && first.ok) expect(strip(r.value.map((x) => [x.name, x.expr]))).toEqual(strip(first.value.map((x) => [x.name, x.expr])));
    }
  });
});

/** Notation in the source texts that is not a value, with why it is refused. */
const NOT_VALUES: [RegExp, string][] = [
  [/\\in\b|\\subset|\\mapsto|^[A-Za-z]+\s*:/, "set membership or a function signature"],
  [/\\sim/, "a distribution"],
  [/\\dots|\\cdots|\.\.\./, "an ellipsis"],
  [/\\max_|\\nabla\^|\\nabla_i\^|\\doteq|\\forall|\\theta_\{1:p\}|KL\(|y\(x, \\Theta'/, "notation outside the language (max over an index, finite-difference names)"],
  [/^(\^.*|\\circ|\\odot|\\max|\\min|.*\(\\cdot\).*|.*\[\\cdot\].*|[a-z\\]+ \\to .*|0 < \\epsilon <|\(\\phi\(x\) = 0|\\sum \|x_i\|\^p|p\(y=1\|x\).*)$/, "a fragment of a sentence, not a formula"],
];

describe("every LaTeX formula in the question bank and the assignments", () => {
  const q = readFileSync("/work/shared/QUESTIONS.md", "utf8");
  const spans = [...q.matchAll(/`([^`]+)`/g)].map((m) => m[1]).filter((s) => s.includes("\\"));
  const texts = ["homework3-softmax-init.txt", "ift6135-h2019-a1.txt", "uva-dl-mlp-backprop.txt"].map((f) => readFileSync(`/work/shared/assignments/${f}`, "utf8"));
  const math = texts.flatMap((t) => [...t.matchAll(/\$\$([^$]+)\$\$|\$([^$]+)\$/g)].map((m) => (m[1] ?? m[2]).trim()));
  const all = [...new Set([...spans, ...math])];

  test("the corpus is substantial", () => {
    expect(all.length).toBeGreaterThan(150);
  });

  test("each parses, or is notation that is not a value", () => {
    const failures: string[] = [];
    let refused = 0;
    for (const s of all) {
      const r = parseAnswer(s);
      const excuse = NOT_VALUES.find(([re]) => re.test(s));
      if (r.ok) continue;
      if (excuse) refused++;
      else failures.push(`${s}: ${r.error.message}`);
    }
    expect(failures).toEqual([]);
    expect(refused).toBeLessThan(all.length / 4);
  });

  test("what parses prints back to the same tree, in both dialects", () => {
    let checked = 0;
    for (const s of all) {
      const r = parseAnswer(s);
      if (!r.ok) continue;
      for (const slot of r.value) {
        for (const [print, dialect] of [[toLatex, "latex"], [toAscii, "ascii"]] as const) {
          const again = parse(print(slot.expr), { dialect });
          expect(again.ok && exprEquals(again.value, slot.expr), `${s} -> ${print(slot.expr)}`).toBe(true);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(150);
  });
});

describe("proof notation", () => {
  test("\\sum_{ij} is a double sum", () => {
    expect(strip(ok("\\sum_{ij} G_{ij} Y_{ij}"))).toEqual(
      bigop("sum", "i", null, null, null, bigop("sum", "j", null, null, null, mul(idx(sym("G"), i, j), idx(sym("Y"), i, j)))),
    );
    expect(strip(ok("\\sum_{i,j} D_{ij}"))).toEqual(bigop("sum", "i", null, null, null, bigop("sum", "j", null, null, null, idx(sym("D"), i, j))));
  });
});

describe("more staff habits", () => {
  test.each<[string, Expr]>([
    ["W^{[l]} a^{[l-1]}", mul(sym("W^{[l]}"), sym("a^{[l-1]}"))],
    ["\\|w\\|_2^2", pow(call("norm", [sym("w"), num(2)]), num(2))],
    ["\\left\\| x \\right\\|_\\infty", call("norm", [sym("x"), cnst("inf")])],
    ["\\mathbf{1}_n^\\top x", mul(tr(cnst("ones")), sym("x"))],
    ["\\mathbf{1}_{x > 0}", { kind: "indicator", cond: rel([">"], sym("x"), num(0)) }],
    ["I_n - x x^\\top", add(cnst("I"), neg(mul(sym("x"), tr(sym("x")))))],
    ["W^{\\mathsf{T}} + W^\\mathrm{T}", add(tr(sym("W")), tr(sym("W")))],
  ])("%s", (text, expected) => {
    expect(strip(ok(text))).toEqual(expected);
  });
});
