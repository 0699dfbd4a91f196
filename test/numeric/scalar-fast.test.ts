import { describe, expect } from "vitest";
import { fc, test } from "@fast-check/vitest";
import type { Expr } from "../../src/expr/ast.js";
import type { SymbolTable } from "../../src/expr/types.js";
import { evaluate, sampleEnv } from "../../src/numeric/index.js";
import { evaluateScalarFast } from "../../src/numeric/scalar-fast.js";
import { Rng } from "../../src/tensor/rng.js";

const table: SymbolTable = {
  symbols: [
    { name: "a", kind: "scalar", shape: [] },
    { name: "b", kind: "scalar", shape: [], domain: { kind: "positive" } },
    { name: "n", kind: "dimension", domain: { kind: "integer", lo: 1, hi: 9 } },
  ],
};

const FNS = ["exp", "log", "sqrt", "abs", "sigma", "tanh", "softplus", "relu", "floor", "ceil", "sign", "H", "sin", "cos"];

const scalarExpr: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom<Expr>({ kind: "sym", name: "a" }, { kind: "sym", name: "b" }, { kind: "sym", name: "n" }, { kind: "const", name: "pi" }),
    fc.integer({ min: 0, max: 5 }).map((v): Expr => ({ kind: "num", value: v })),
    tie("e").map((arg): Expr => ({ kind: "neg", arg })),
    fc.array(tie("e"), { minLength: 2, maxLength: 3 }).map((terms): Expr => ({ kind: "add", terms })),
    fc.array(tie("e"), { minLength: 2, maxLength: 3 }).map((factors): Expr => ({ kind: "mul", factors })),
    fc.tuple(tie("e"), tie("e")).map(([num, den]): Expr => ({ kind: "div", num, den })),
    fc.tuple(tie("e"), fc.integer({ min: -2, max: 3 })).map(([base, k]): Expr => ({ kind: "pow", base, exp: { kind: "num", value: k } })),
    fc.tuple(fc.constantFrom(...FNS), tie("e")).map(([fn, x]): Expr => ({ kind: "call", fn, args: [x], order: 0 })),
    fc.tuple(fc.constantFrom("max", "min"), tie("e"), tie("e")).map(([fn, x, y]): Expr => ({ kind: "call", fn, args: [x, y], order: 0 })),
  ),
})).e;

describe("the scalar fast path", () => {
  test.prop([scalarExpr, fc.integer({ min: 1, max: 10_000 })], { numRuns: 300 })(
    "agrees with the general evaluator, value for value and failure for failure",
    (e, seed) => {
      const env = sampleEnv(table, new Rng(seed));
      const fast = evaluateScalarFast(e, env.values, env.dims);
      expect(fast).not.toBeNull();
      // A Hadamard product with 1 is outside the fast path: the general evaluator decides it.
      const general = evaluate({ kind: "hadamard", factors: [e, { kind: "num", value: 1 }] }, env);
      if (fast === null) return;
      if (general.ok) {
        expect(fast.ok).toBe(true);
        if (fast.ok) {
          const want = general.value.item();
          expect(Math.abs(fast.value - want)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));
        }
      } else {
        expect(general.code).toBe("domain");
        expect(fast.ok).toBe(false);
      }
    },
  );

  test.prop([fc.integer({ min: 1, max: 100 })], { numRuns: 20 })("declines what it does not cover", (seed) => {
    const env = sampleEnv(table, new Rng(seed));
    const matrixSym: Expr = { kind: "sym", name: "unknown" };
    expect(evaluateScalarFast(matrixSym, env.values, env.dims)).toBeNull();
    expect(evaluateScalarFast({ kind: "call", fn: "h", args: [{ kind: "sym", name: "a" }], order: 1 }, env.values, env.dims)).toBeNull();
  });
});
