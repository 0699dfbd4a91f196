import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { inferShapes } from "../../src/expr/shapes.js";
import { dimValue } from "../../src/expr/shape-dims.js";
import { evaluate, sampleEnv } from "../../src/numeric/index.js";
import { Rng } from "../../src/tensor/index.js";
import { blockPlusC, blockTree } from "./arbitraries.js";

const table = blockPlusC;
const tree = blockTree;

describe("shape inference and evaluation agree", () => {
  it("an inferred shape is the shape of the value; a shape error is an error in both", () => {
    let agreed = 0;
    fc.assert(
      fc.property(tree, fc.integer({ min: 0, max: 1e6 }), (e, seed) => {
        const inferred = inferShapes(e, table);
        // Distinct sizes, so that a wrong matmul cannot pass by coincidence.
        const env = sampleEnv(table, new Rng(seed), { dims: { S: 2, M: 3, F: 4, N: 5 } });
        const r = evaluate(e, env);
        if (!inferred.ok) {
          expect(r.ok).toBe(false);
          if (!r.ok) expect(r.code).toBe(inferred.code);
          return;
        }
        if (!r.ok) {
          // Values may be undefined (division by a zero entry, overflow) or sizes undetermined (a lone I).
          expect(["domain", "unsupported"]).toContain(r.code);
          return;
        }
        const want = inferred.shape.map((d) => dimValue(d, env.dims));
        if (want.some((d) => d === null)) return;
        const got = r.value.shape.length === 0 ? [] : [...r.value.shape];
        if (want.length === 2 && want[0] === 1 && want[1] === 1 && got.length === 0) return;
        expect(got).toEqual(want);
        agreed++;
      }),
      { numRuns: 400, seed: 2024 },
    );
    expect(agreed).toBeGreaterThan(40);
  });
});
