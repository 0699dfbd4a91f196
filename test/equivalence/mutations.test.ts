import { describe, expect, it } from "vitest";
import type { Expr } from "../../src/expr/ast.js";
import { derive, parseSymbolsSpec, mapChildren, children } from "../../src/symbolic/index.js";
import { equiv } from "../../src/equivalence/index.js";
import { mul, neg, num } from "../../src/symbolic/build.js";
import { show } from "../symbolic/show.js";

/** Every single-site mistake a student makes: a sign, a factor 2, h for h', a dropped transpose, ∘ for a product. */
function mutations(e: Expr): Expr[] {
  const out: Expr[] = [];
  const local = (x: Expr): Expr[] => {
    const m: Expr[] = [];
    if (x.kind !== "num" && x.kind !== "const") m.push(neg(x), mul(num(2), x));
    if (x.kind === "call" && x.fn.length === 1) m.push({ ...x, order: x.order + 1 }, ...(x.order > 0 ? [{ ...x, order: x.order - 1 }] : []));
    if (x.kind === "transpose") m.push(x.arg);
    if (x.kind === "hadamard") m.push({ kind: "mul", factors: x.factors });
    return m;
  };
  const walk = (x: Expr, rebuild: (y: Expr) => Expr): void => {
    for (const m of local(x)) out.push(rebuild(m));
    if (x.kind === "indicator") return; // 1[2u > 0] = 1[u > 0]: scaling inside a condition is no mistake
    children(x).forEach((c, i) => {
      walk(c, (y) => rebuild(mapChildren(x, (d) => (d === c && children(x).indexOf(d) === i ? y : d))));
    });
  };
  walk(e, (y) => y);
  return out;
}

const SYMBOLS = "X: S x M, W: F x M, V: N x F, b: vector F, h: elementwise, g: elementwise";
const blocks: [string, string][] = [
  ["Y = h(X W^\\top) V^\\top", "X"],
  ["Y = h(X W^\\top) V^\\top", "W"],
  ["Y = h(X W^\\top + \\mathbf{1} b^\\top) V^\\top", "b"],
  ["Y = \\max(0, X W^\\top) V^\\top", "W"],
  ["Y = h(X W^\\top) \\circ g(X W^\\top)", "X"],
];

describe("equiv tells every single-site mutation of a derived gradient apart from it", () => {
  for (const [forward, wrt] of blocks) {
    it(`${forward}, ∂L/∂${wrt}`, () => {
      const spec = parseSymbolsSpec(SYMBOLS);
      if (!spec.ok) throw new Error(spec.message);
      const d = derive(forward, wrt, { symbols: spec.table });
      if (!d.ok) throw new Error(d.message);
      const ms = mutations(d.expr);
      expect(ms.length).toBeGreaterThan(4);
      for (const m of ms) {
        const r = equiv(d.expr, m, { symbols: d.table });
        expect(r.equivalent, `${show(d.expr)} vs ${show(m)}: ${r.reason}`).toBe(false);
        expect(["different", "shape-mismatch"]).toContain(r.outcome);
      }
    });
  }
});
