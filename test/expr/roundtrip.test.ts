import fc from "fast-check";
import katex from "katex";
import { describe, expect, test } from "vitest";
import type { Expr } from "../../src/expr/ast.js";
import { exprEquals, parse, toAscii, toLatex } from "../../src/expr/index.js";
import { arbExpr } from "./arbitrary.js";

/** parse(print(e), dialect) must give back e. */
function roundTrips(print: (e: Expr) => string, dialect: "latex" | "ascii", seed: number): void {
  fc.assert(
    fc.property(arbExpr(), (e) => {
      const text = print(e);
      const r = parse(text, { dialect });
      if (!r.ok) throw new Error(`${text}\n${r.error.message} at ${r.error.pos.offset}`);
      if (!exprEquals(r.value, e)) throw new Error(`${text}\nreparsed as ${print(r.value)}\n${JSON.stringify(r.value)}\nvs ${JSON.stringify(e)}`);
    }),
    { numRuns: 600, seed },
  );
}

describe("printers round-trip through the parser", () => {
  test("parse(toLatex(e)) equals e", () => roundTrips(toLatex, "latex", 7));

  test("parse(toAscii(e), ascii) equals e", () => roundTrips(toAscii, "ascii", 11));

  test("toLatex renders in KaTeX without error", () => {
    fc.assert(
      fc.property(arbExpr(), (e) => {
        const text = toLatex(e);
        expect(() => katex.renderToString(text, { throwOnError: true })).not.toThrow();
      }),
      { numRuns: 300, seed: 3 },
    );
  });
});
