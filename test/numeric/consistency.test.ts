import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Expr } from "../../src/expr/ast.js";
import type { Dim, SymbolTable } from "../../src/expr/types.js";
import { inferShapes } from "../../src/expr/shapes.js";
import { evaluate, sampleEnv } from "../../src/numeric/index.js";
import { Rng } from "../../src/tensor/index.js";
import { add, blockTable, call, dcall, div, had, I, mul, neg, num, ones, pow, T, sym, tuple } from "./ast-builders.js";

const table: SymbolTable = { symbols: [...blockTable.symbols, { name: "c", kind: "scalar", domain: { kind: "positive" } }] };

// Fresh nodes each time: the parser never shares `I` or `\mathbf{1}` between places.
const leaf = fc.constantFrom("X", "W", "V", "G", "b", "c", "2", "I", "1").map((k): Expr =>
  k === "I" ? { ...I } : k === "1" ? { ...ones } : k === "2" ? num(2) : sym(k),
);

const tree: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.tuple(tie("e"), tie("e")).map(([a, b]) => add(a, b)),
    fc.tuple(tie("e"), tie("e")).map(([a, b]) => mul(a, b)),
    fc.tuple(tie("e"), tie("e")).map(([a, b]) => had(a, b)),
    fc.tuple(tie("e"), tie("e")).map(([a, b]) => tuple(a, b)),
    fc.tuple(tie("e"), leaf).map(([a, b]) => div(a, b)),
    tie("e").map((a) => T(a)),
    tie("e").map((a) => neg(a)),
    tie("e").map((a) => pow(a, num(2))),
    tie("e").map((a) => call("h", a)),
    tie("e").map((a) => dcall("h", 1, a)),
    tie("e").map((a) => call("diag", a)),
    tie("e").map((a) => call("softmax", a)),
  ),
})).e;

function concrete(d: Dim, dims: Record<string, number>): number | null {
  let total = 0;
  for (const part of String(d).split("+")) {
    if (/^\d+$/.test(part)) total += Number(part);
    else if (dims[part] !== undefined) total += dims[part];
    else return null;
  }
  return total;
}

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
        const want = inferred.shape.map((d) => concrete(d, env.dims));
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
