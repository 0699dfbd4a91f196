/**
 * Deriv nodes on random well-shaped formulas: ∂/∂X of the sum of the entries of a random formula,
 * computed by the evaluator through the autodiff engine, against central differences of the
 * evaluator's own values (the derivative path records concatenations, entry picks and families).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Expr } from "../../src/expr/ast.js";
import { inferShapes } from "../../src/expr/shapes.js";
import type { SymbolTable } from "../../src/expr/types.js";
import { evaluate, sampleEnv, type Env } from "../../src/numeric/index.js";
import { Rng, Tensor } from "../../src/tensor/index.js";
import { add, blockTable, call, dcall, deriv, div, had, I, mul, num, ones, pow, sym, T, tuple } from "./ast-builders.js";

const table: SymbolTable = { symbols: [...blockTable.symbols, { name: "c", kind: "scalar", domain: { kind: "positive" } }] };

const leaf = fc.constantFrom("X", "W", "V", "G", "b", "c", "2", "I", "1").map((k): Expr =>
  k === "I" ? { ...I } : k === "1" ? { ...ones } : k === "2" ? num(2) : sym(k),
);

const tree: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    leaf,
    fc.tuple(tie("e"), tie("e")).map(([a, b]) => add(a, b)),
    fc.tuple(tie("e"), tie("e")).map(([a, b]) => mul(a, b)),
    fc.tuple(tie("e"), tie("e")).map(([a, b]) => had(a, b)),
    fc.tuple(tie("e"), tie("e")).map(([a, b]) => tuple(a, b)),
    tie("e").map((a) => div(a, sym("c"))),
    tie("e").map((a) => T(a)),
    tie("e").map((a) => pow(a, num(2))),
    tie("e").map((a) => call("h", a)),
    tie("e").map((a) => dcall("h", 1, a)),
    tie("e").map((a) => call("diag", a)),
    tie("e").map((a) => call("softmax", a)),
  ),
})).e;

function total(e: Expr, env: Env): number | null {
  const r = evaluate(e, env);
  return r.ok ? r.value.data.reduce((a, b) => a + b, 0) : null;
}

describe("Deriv nodes on random formulas", () => {
  it("∂/∂X of 1ᵀ f 1 matches central differences", () => {
    let checked = 0;
    let nonzero = 0;
    fc.assert(
      fc.property(tree, fc.integer({ min: 0, max: 1e6 }), (f, seed) => {
        const s = inferShapes(f, table);
        if (!s.ok || s.shape.length === 0) return;
        const body = mul({ kind: "transpose", arg: { ...ones } }, f, { ...ones });
        if (!inferShapes(body, table).ok) return;
        const env = sampleEnv(table, new Rng(seed), { dims: { S: 2, M: 3, F: 2, N: 3 } });
        const r = evaluate(deriv(body, sym("X")), env);
        if (!r.ok) {
          expect(["domain", "unsupported"]).toContain(r.code);
          return;
        }
        const X = env.values.X;
        expect(r.value.shape).toEqual(X.shape);
        const h = 1e-6;
        for (let k = 0; k < X.data.length; k++) {
          const at = (d: number): number | null => {
            const data = Float64Array.from(X.data);
            data[k] += d;
            return total(body, { ...env, values: { ...env.values, X: new Tensor(data, X.shape) } });
          };
          const up = at(h), down = at(-h);
          if (up === null || down === null) return;
          const fd = (up - down) / (2 * h);
          expect(Math.abs(fd - r.value.data[k])).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(fd)));
        }
        checked++;
        if (r.value.data.some((v) => Math.abs(v) > 1e-6)) nonzero++;
      }),
      { numRuns: 300, seed: 31 },
    );
    expect(checked).toBeGreaterThan(30);
    expect(nonzero).toBeGreaterThan(10);
  });
});
