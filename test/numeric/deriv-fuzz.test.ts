/**
 * Deriv nodes on random well-shaped formulas: ∂/∂X of the sum of the entries of a random formula,
 * computed by the evaluator through the autodiff engine, against central differences of the
 * evaluator's own values (the derivative path records concatenations, entry picks and families).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Expr } from "../../src/expr/ast.js";
import { inferShapes } from "../../src/expr/shapes.js";
import { evaluate, sampleEnv, type Env } from "../../src/numeric/index.js";
import { Rng, Tensor } from "../../src/tensor/index.js";
import { deriv, mul, ones, sym } from "./ast-builders.js";
import { blockPlusC, blockTree } from "./arbitraries.js";

const table = blockPlusC;
const tree = blockTree;

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
