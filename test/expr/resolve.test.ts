import { describe, expect, test } from "vitest";
import type { SymbolTable } from "../../src/expr/types.js";
import { exprEquals, parse, parseAnswer, resolveSymbols } from "../../src/expr/index.js";
import { add, call, cnst, delta, div, had, idx, mul, neg, num, ok, pow, strip, sym, tr } from "./helpers.js";

const upstream = ["\\frac{\\partial L}{\\partial Y}", "dL/dY"];
const block: SymbolTable = {
  symbols: [
    { name: "X", kind: "matrix", shape: ["S", "M"] },
    { name: "W", kind: "matrix", shape: ["F", "M"] },
    { name: "V", kind: "matrix", shape: ["N", "F"] },
    { name: "h", kind: "elementwise", family: ["tanh"] },
    { name: "G", kind: "matrix", shape: ["S", "N"], aliases: upstream },
    ...["S", "M", "F", "N"].map((name) => ({ name, kind: "dimension" as const })),
  ],
};

const softmax: SymbolTable = {
  symbols: [
    { name: "x", kind: "vector", shape: ["n", 1], aliases: ["v"] },
    { name: "S", kind: "vector", shape: ["n", 1], aliases: ["o", "S(x)", "\\mathrm{softmax}(x)"] },
    { name: "n", kind: "dimension" },
    { name: "i", kind: "index", range: "n" },
    { name: "j", kind: "index", range: "n" },
  ],
};

const layers: SymbolTable = {
  symbols: [
    { name: "d_x", kind: "dimension", aliases: ["n_{in}"] },
    { name: "\\alpha", kind: "scalar" },
    { name: "W_1", kind: "matrix", shape: ["m", "n"] },
    { name: "b^{(1)}", kind: "vector", shape: ["m", 1] },
    { name: "x", kind: "vector", shape: ["n", 1] },
    { name: "x^{(N)}", kind: "vector", shape: ["n", 1] },
    { name: "m", kind: "dimension" },
    { name: "n", kind: "dimension" },
  ],
};

describe("aliases", () => {
  test.each(["\\frac{\\partial L}{\\partial Y} V", "dL/dY V", "\\partial L/\\partial Y V", "\\nabla_Y L V", "\\frac{dL}{dY} V", "\\mathbf{G}\\mathbf{V}", "\\boldsymbol{G} V", "∂L/∂Y V"])(
    "%s is G V",
    (text) => {
      expect(strip(ok(text, { symbols: block }))).toEqual(mul(sym("G"), sym("V")));
    },
  );

  test("o_i and S(x)_i are S_i where declared so", () => {
    const want = mul(idx(sym("S"), sym("i")), add(delta(sym("i"), sym("j")), neg(idx(sym("S"), sym("j")))));
    for (const t of ["S_i(\\delta_{ij} - S_j)", "o_i(\\delta_{ij} - o_j)", "S(x)_i(\\delta_{ij} - S(x)_j)", "\\mathrm{softmax}(x)_i (\\delta_{ij} - o_j)"]) {
      expect(strip(ok(t, { symbols: softmax })), t).toEqual(want);
    }
    expect(strip(ok("v_i", { symbols: softmax }))).toEqual(idx(sym("x"), sym("i")));
  });

  test("the same text resolves the same, with the alias cache warm", () => {
    const a = ok("dL/dY V", { symbols: block });
    const b = ok("dL/dY V", { symbols: block });
    expect(exprEquals(a, b)).toBe(true);
  });
});

describe("declared subscripted names against indexed access", () => {
  test.each<[string, ReturnType<typeof sym>]>([
    ["\\frac{2}{(1+\\alpha^2) d_x}", div(num(2), mul(add(num(1), pow(sym("\\alpha"), num(2))), sym("d_x")))],
    ["\\frac{2}{(1+\\alpha^2) d_{x}}", div(num(2), mul(add(num(1), pow(sym("\\alpha"), num(2))), sym("d_x")))],
    ["2/n_{in}", div(num(2), sym("d_x"))],
    ["W_1 x + b^{(1)}", add(mul(sym("W_1"), sym("x")), sym("b^{(1)}"))],
    ["x_{i+1}", idx(sym("x"), add(sym("i"), num(1)))],
    ["x_n", idx(sym("x"), sym("n"))],
    ["W_{1}", sym("W_1")],
    ["x^{(N)} (x^{(N)})^\\top", mul(sym("x^{(N)}"), tr(sym("x^{(N)}")))],
    ["\\alpha (1 - \\alpha)", mul(sym("\\alpha"), add(num(1), neg(sym("\\alpha"))))],
    ["I - x x^\\top", add(cnst("I"), neg(mul(sym("x"), tr(sym("x")))))],
    ["e^{\\alpha}", call("exp", [sym("\\alpha")])],
  ])("%s", (text, want) => {
    expect(strip(ok(text, { symbols: layers }))).toEqual(want);
  });

  test("X_{ij} and applications of a declared elementwise function", () => {
    expect(strip(ok("X_{ij} + h'(X W^\\top)_{ij}", { symbols: block }))).toEqual(
      add(idx(sym("X"), sym("i"), sym("j")), idx(call("h", [mul(sym("X"), tr(sym("W")))], 1), sym("i"), sym("j"))),
    );
    expect(strip(ok("X(W)", { symbols: block }))).toEqual(mul(sym("X"), sym("W")));
    expect(strip(ok("\\sigma(X) \\circ \\tanh(X)", { symbols: block }))).toEqual(had(call("sigma", [sym("X")]), call("tanh", [sym("X")])));
  });
});

describe("unknown symbols", () => {
  test.each<[string, number, string]>([
    ["q V", 0, "q"],
    ["G V + U_2", 6, "U_2"],
    ["f(X)", 0, "f"],
    ["G \\circ Z", 8, "Z"],
    ["W_x", 0, "W_x"],
    ["h'", 0, "h'"],
  ])("%s", (text, offset, name) => {
    const r = parse(text, { symbols: block });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("unknown-symbol");
    expect(r.error.pos.offset).toBe(offset);
    expect(r.error.message).toContain(`unknown ${name === "f" ? "function" : "symbol"} ${name}`);
    expect(r.error.message).toContain("X, W, V, h (function), G (or \\frac{\\partial L}{\\partial Y}, dL/dY)");
  });

  test("a value cannot carry a prime", () => {
    const r = parse("X'(W)", { symbols: block });
    expect(!r.ok && r.error.code).toBe("not-a-function");
  });

  test("bound indices and limit variables need no declaration", () => {
    expect(parse("\\sum_{k=1}^{n} x_k", { symbols: layers }).ok).toBe(true);
    expect(parse("\\lim_{t \\to 0} t \\alpha", { symbols: layers }).ok).toBe(true);
    expect(parse("\\int_0^1 t \\, dt", { symbols: layers }).ok).toBe(true);
  });

  test("an unreadable alias in a table is reported, not thrown", () => {
    const r = parse("x", { symbols: { symbols: [{ name: "x", kind: "scalar", aliases: ["\\frac{"] }] } });
    expect(!r.ok && r.error.code).toBe("bad-alias");
  });
});

describe("defaults without a table", () => {
  test.each<[string, ReturnType<typeof sym>]>([
    ["h(x)", call("h", [sym("x")])],
    ["x(1 - x)", mul(sym("x"), add(num(1), neg(sym("x"))))],
    ["d_x", sym("d_x")],
    ["x_i", idx(sym("x"), sym("i"))],
    ["W_1", idx(sym("W"), num(1))],
    ["C_{in}", sym("C_{in}")],
    ["\\delta_{ij}", delta(sym("i"), sym("j"))],
    ["e", cnst("e")],
    ["\\pi", cnst("pi")],
    ["h'", sym("h'")],
    ["u'(t)", call("u", [sym("t")], 1)],
  ])("%s", (text, want) => {
    expect(strip(ok(text))).toEqual(want);
  });
});

describe("slots", () => {
  test("bare expression is one unnamed slot", () => {
    const r = parseAnswer("G V");
    expect(r.ok && r.value.map((s) => s.name)).toEqual([null]);
  });

  test("slot names are not resolved, their expressions are", () => {
    const r = parseAnswer("A = dL/dY V, \\mathbf{B} = h'(XW^\\top)", { symbols: block });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.map((s) => s.name)).toEqual(["A", "B"]);
    expect(strip(r.value[0].expr)).toEqual(mul(sym("G"), sym("V")));
    const bad = parseAnswer("A = G V, B = Q", { symbols: block });
    expect(!bad.ok && bad.error).toMatchObject({ code: "unknown-symbol", pos: { offset: 13 } });
  });

  test("decorated slot names", () => {
    const r = parseAnswer("\\tilde X = [X, \\mathbf{1}], \\tilde W = [W, b]");
    expect(r.ok && r.value.map((s) => s.name)).toEqual(["\\tilde{X}", "\\tilde{W}"]);
  });

  test("a relation whose left side is not a name is one unnamed slot", () => {
    const r = parseAnswer("g'(x) = H(x)");
    expect(r.ok && r.value[0].name).toBe(null);
    expect(r.ok && r.value[0].expr.kind).toBe("rel");
  });

  test("a line break continues an expression when an operator follows", () => {
    const r = parseAnswer("A = G\n  + V\nB = X");
    expect(r.ok && r.value.map((s) => s.name)).toEqual(["A", "B"]);
    expect(r.ok && strip(r.value[0].expr)).toEqual(add(sym("G"), sym("V")));
  });
});

describe("helpful refusals", () => {
  test("a MATLAB-style transpose X' on a declared matrix", () => {
    const r = parse("X' W", { symbols: block });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe("not-a-function");
      expect(r.error.message).toContain("X^\\top");
    }
  });

  test("e^{(x)} is still the exponential", () => {
    expect(strip(ok("e^{(x)}"))).toEqual(call("exp", [sym("x")]));
  });
});

describe("resolveSymbols on trees built by hand", () => {
  test("applies the table's rules and reports unknown names as results", () => {
    const r = resolveSymbols(mul(sym("X"), call("h", [sym("W")])), block);
    expect(r.ok && strip(r.value)).toEqual(mul(sym("X"), call("h", [sym("W")])));
    const bad = resolveSymbols({ kind: "sym", name: "q", span: { start: 3, end: 4 } }, block, "a + q");
    expect(!bad.ok && bad.error).toMatchObject({ code: "unknown-symbol", pos: { offset: 3, line: 1, column: 4 } });
    const alias = resolveSymbols({ kind: "deriv", body: sym("L"), wrt: sym("Y"), order: 1, partial: false }, block);
    expect(alias.ok && strip(alias.value)).toEqual(sym("G"));
  });
});

describe("tables that spell names differently from the canonical form", () => {
  const spelled: SymbolTable = {
    symbols: [
      { name: "\\hat\\sigma", kind: "function" },
      { name: "\\tilde x", kind: "vector", shape: ["n", 1] },
      { name: "d_{x}", kind: "dimension" },
    ],
  };
  test("the declared spelling is what resolution produces", () => {
    expect(strip(ok("\\hat{\\sigma}'(z) + \\hat\\sigma(z)", { symbols: { symbols: [...spelled.symbols, { name: "z", kind: "scalar" }] } }))).toEqual(
      add(call("\\hat\\sigma", [sym("z")], 1), call("\\hat\\sigma", [sym("z")])),
    );
    expect(strip(ok("\\tilde{x}_i / d_x", { symbols: spelled }))).toEqual(div(idx(sym("\\tilde x"), sym("i")), sym("d_{x}")));
  });
});

describe("notations students bring", () => {
  const mlp: SymbolTable = { symbols: [{ name: "x^{(N)}", kind: "vector", shape: ["n", 1] }, { name: "h", kind: "elementwise" }, { name: "z", kind: "scalar" }, { name: "s", kind: "vector", shape: ["n", 1] }] };
  test("x^{(N)\\top} transposes the declared name", () => {
    expect(strip(ok("x^{(N)} x^{(N)\\top}", { symbols: mlp }))).toEqual(mul(sym("x^{(N)}"), tr(sym("x^{(N)}"))));
    expect(strip(ok("x^{(N)T}", { symbols: mlp }))).toEqual(tr(sym("x^{(N)}")));
  });
  test("\\mathbb{I} alone is the identity", () => {
    expect(strip(ok("\\mathrm{diag}(s)(\\mathbb{I} - \\mathbf{1} s^\\top)", { symbols: mlp }))).toEqual(
      mul(call("diag", [sym("s")]), add(cnst("I"), neg(mul(cnst("ones"), tr(sym("s")))))),
    );
  });
  test("Newton's dot on a function is its derivative", () => {
    expect(strip(ok("\\dot{h}(z) + \\ddot{h}(z)", { symbols: mlp }))).toEqual(add(call("h", [sym("z")], 1), call("h", [sym("z")], 2)));
  });
});
