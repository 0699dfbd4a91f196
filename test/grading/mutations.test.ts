import { describe, expect, it } from "vitest";
import { parse, toLatex } from "../../src/expr/index.js";
import type { SymbolTable } from "../../src/expr/types.js";
import { mutationsOf, MAX_MUTATIONS } from "../../src/grading/mutations.js";
import { FEEDBACK_CODES } from "../../src/grading/index.js";

const table: SymbolTable = {
  symbols: [
    { name: "X", kind: "matrix", shape: ["n", "n"] },
    { name: "W", kind: "matrix", shape: ["n", "n"] },
    { name: "s", kind: "vector", shape: ["n", 1] },
    { name: "a", kind: "scalar", shape: [] },
    { name: "b", kind: "scalar", shape: [] },
    { name: "h", kind: "elementwise", family: ["tanh"] },
    { name: "i", kind: "index", range: "n" },
    { name: "j", kind: "index", range: "n" },
  ],
};

function mutants(latex: string, nonScalar: boolean): Map<string, string[]> {
  const r = parse(latex, { symbols: table });
  if (!r.ok) throw new Error(r.error.message);
  const out = new Map<string, string[]>();
  for (const m of mutationsOf(r.value, table, { nonScalar })) out.set(m.code, [...(out.get(m.code) ?? []), toLatex(m.expr)]);
  return out;
}

describe("mutations of a reference", () => {
  it("builds each general mistake where the reference allows it, with a documented code", () => {
    const seen = new Set<string>();
    const add = (m: Map<string, string[]>) => m.forEach((_v, k) => seen.add(k));
    add(mutants("h'(X W^\\top) \\circ (I - s s^\\top)", true));
    add(mutants("\\left\\lfloor \\frac{a - b}{a} \\right\\rfloor + \\max(0, a) + s_i \\delta_{ij}", false));
    add(mutants("h(a) \\cdot b", false));
    for (const code of ["transpose", "sign", "factor-2", "factor-half", "std-for-variance", "variance-for-std", "h-for-hprime", "hprime-for-h",
      "missing-factor", "missing-term", "sign-term", "order-swapped", "transpose-missing", "transpose-extra", "floor-missing", "ceil-for-floor",
      "delta-as-one", "ones-for-identity", "max-for-min", "inverted"]) {
      expect(seen, code).toContain(code);
    }
    for (const code of seen) expect(FEEDBACK_CODES[code], code).toBeTypeOf("string");
  });

  it("names what it changed: the dropped factor, the function and its derivative", () => {
    const r = parse("G V \\circ h'(X W^\\top)", { symbols: { symbols: [...table.symbols, { name: "G", kind: "matrix", shape: ["n", "n"] }, { name: "V", kind: "matrix", shape: ["n", "n"] }] } });
    if (!r.ok) throw new Error(r.error.message);
    const ms = mutationsOf(r.value, table, { nonScalar: true });
    const h = ms.find((m) => m.code === "h-for-hprime");
    expect(h?.message).toMatch(/function h where its derivative h' belongs/);
    expect(toLatex(h!.expr)).not.toContain("h'");
    expect(ms.filter((m) => m.code === "missing-factor").map((m) => m.message).join(" ")).toMatch(/missing the factor/);
  });

  it("never returns the reference itself, repeats, or more than the cap", () => {
    const r = parse("h'(X W^\\top) \\circ (I - s s^\\top) + X^\\top W - W X + X \\circ W \\circ h(X)", { symbols: table });
    if (!r.ok) throw new Error(r.error.message);
    const ms = mutationsOf(r.value, table, { nonScalar: true });
    const texts = ms.map((m) => toLatex(m.expr));
    expect(texts).not.toContain(toLatex(r.value));
    expect(new Set(texts).size).toBe(texts.length);
    expect(ms.length).toBeLessThanOrEqual(MAX_MUTATIONS);
  });

  it("puts specific mistakes before generic ones (δ written as 1 before a dropped factor)", () => {
    const r = parse("s_i \\delta_{ij} - s_i s_j", { symbols: table });
    if (!r.ok) throw new Error(r.error.message);
    const codes = mutationsOf(r.value, table, { nonScalar: false }).map((m) => m.code);
    expect(codes.indexOf("delta-as-one")).toBeLessThan(codes.indexOf("missing-factor"));
  });
});
