/** Every formula reference of the question bank has a shape and a value on random instances of its table. */
import { describe, expect, it } from "vitest";
import { parse } from "../../src/expr/index.js";
import { inferShapes } from "../../src/expr/shapes.js";
import { evaluate, sampleEnv, checkTable } from "../../src/numeric/index.js";
import { questions } from "../../src/questions/index.js";
import { Rng } from "../../src/tensor/index.js";

describe("the question bank's references", () => {
  const formulas = questions().filter((q) => q.kind === "formula");

  it("has section A in it", () => {
    expect(formulas.filter((q) => q.section === "A").length).toBeGreaterThanOrEqual(10);
  });

  for (const q of formulas) {
    it(`${q.id}: the table checks, every reference infers a shape and evaluates`, () => {
      expect(checkTable(q.symbols)).toEqual([]);
      for (const [slot, ref] of Object.entries(q.reference)) {
        const p = parse(ref, { symbols: q.symbols });
        expect(p.ok, `${slot} = ${ref} parses`).toBe(true);
        if (!p.ok) continue;
        const s = inferShapes(p.value, q.symbols, { source: ref });
        expect(s.ok ? "ok" : s.message, `${slot} = ${ref}`).toBe("ok");
        let valid = 0;
        for (let seed = 0; seed < 8; seed++) {
          const env = sampleEnv(q.symbols, new Rng(seed), { limits: { mcSamples: 200 } });
          const r = evaluate(p.value, env);
          if (r.ok) valid++;
          else expect(["domain", "no-convergence"], `${slot} = ${ref}: ${r.message}`).toContain(r.code);
        }
        expect(valid, `${slot} = ${ref} evaluates on some instance`).toBeGreaterThan(0);
      }
    });
  }
});
