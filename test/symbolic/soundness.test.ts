import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { simplify } from "../../src/symbolic/index.js";
import { equiv } from "../../src/equivalence/index.js";
import { show } from "./show.js";
import { matrixExpr, squareTable as table, vectorExpr, vectorTable as vectors } from "./generators.js";

describe("the simplifier is sound: simplify(e) equals e on random instances", () => {
  it("for random matrix expressions of every rewritten operation", () => {
    fc.assert(
      fc.property(matrixExpr, (e) => {
        const s = simplify(e, table);
        const r = equiv(e, s, { symbols: table, trials: 12, symbolic: false });
        expect(r.outcome, `${show(e)}  ->  ${show(s)}: ${r.reason}`).toBe("equal");
        expect(show(simplify(s, table))).toBe(show(s));
      }),
      { numRuns: 250 },
    );
  });
});

describe("the simplifier is sound where vectors, 1×1 products and outer products meet", () => {
  it("simplify(e) equals e for random vector expressions", () => {
    fc.assert(
      fc.property(vectorExpr, (e) => {
        const s = simplify(e, vectors);
        const r = equiv(e, s, { symbols: vectors, trials: 12, symbolic: false });
        expect(r.outcome, `${show(e)}  ->  ${show(s)}: ${r.reason}`).toBe("equal");
      }),
      { numRuns: 250 },
    );
  });
});
