/**
 * Enumerating free indices must agree with substituting numbers for them: entry (a, b) of the value of
 * e(i, j) is the value of e(a, b). This checks the memo (nodes that do not depend on i or j are computed
 * once) against plain evaluation, on random index formulas with sums, deltas and derivatives.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Expr } from "../../src/expr/ast.js";
import { mapChildren } from "../../src/expr/walk.js";
import type { SymbolTable } from "../../src/expr/types.js";
import { evaluate, sampleEnv } from "../../src/numeric/index.js";
import { Rng } from "../../src/tensor/index.js";
import { add, call, delta, deriv, had, idx, mul, neg, num, sub, sum, sym } from "./ast-builders.js";

const table: SymbolTable = {
  symbols: [
    { name: "x", kind: "vector", shape: ["n", 1] },
    { name: "A", kind: "matrix", shape: ["n", "n"] },
    { name: "s", kind: "vector", shape: ["n", 1] },
    { name: "n", kind: "dimension" },
    { name: "i", kind: "index", range: "n" },
    { name: "j", kind: "index", range: "n" },
  ],
};

function substitute(e: Expr, values: Record<string, number>): Expr {
  if (e.kind === "sym" && values[e.name] !== undefined) return num(values[e.name]);
  return mapChildren(e, (c) => substitute(c, values));
}

const leaf = fc.constantFrom<() => Expr>(
  () => idx(sym("x"), sym("i")),
  () => idx(sym("x"), sym("j")),
  () => idx(sym("s"), sym("i")),
  () => idx(sym("A"), sym("i"), sym("j")),
  () => idx(sym("A"), sym("j"), sym("i")),
  () => delta("i", "j"),
  () => sym("i"),
  () => num(2),
  () => sum("k", num(1), sym("n"), mul(idx(sym("A"), sym("i"), sym("k")), idx(sym("x"), sym("k")))),
  () => deriv(idx(sym("s"), sym("i")), idx(sym("x"), sym("j"))),
  () => sum("k", num(1), sym("n"), idx(sym("s"), sym("k"))),
).map((f) => f());

const tree: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: "small" },
    leaf,
    fc.tuple(tie("e"), tie("e")).map(([a, b]) => add(a, b)),
    fc.tuple(tie("e"), tie("e")).map(([a, b]) => mul(a, b)),
    fc.tuple(tie("e"), tie("e")).map(([a, b]) => sub(a, b)),
    fc.tuple(tie("e"), tie("e")).map(([a, b]) => had(a, b)),
    tie("e").map((a) => neg(a)),
    tie("e").map((a) => call("tanh", a)),
  ),
})).e;

describe("free indices", () => {
  it("entry (a, b) of e(i, j) is e(a, b)", () => {
    fc.assert(
      fc.property(tree, fc.integer({ min: 0, max: 1e6 }), (e, seed) => {
        const base = sampleEnv(table, new Rng(seed), { maxDim: 4 });
        const env = {
          ...base,
          values: { ...base.values, s: base.values.x.softmax(0) },
          definitions: { s: { params: null, body: call("softmax", sym("x")) } },
        };
        const r = evaluate(e, env);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        const n = env.dims.n;
        const names = r.freeIndices;
        const count = names.length === 0 ? 1 : n ** names.length;
        for (let k = 0; k < count; k++) {
          const at: Record<string, number> = {};
          names.forEach((name, d) => (at[name] = Math.floor(k / n ** (names.length - 1 - d)) % n + 1));
          const one = evaluate(substitute(e, at), env);
          expect(one.ok).toBe(true);
          if (!one.ok) return;
          expect(one.freeIndices).toEqual([]);
          const got = r.value.data[k];
          expect(Math.abs(got - one.value.data[0])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(got)));
        }
      }),
      { numRuns: 120, seed: 77 },
    );
  });
});
