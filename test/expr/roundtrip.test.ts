import fc from "fast-check";
import katex from "katex";
import { describe, expect, test } from "vitest";
import { exprEquals, parse, toAscii, toLatex } from "../../src/expr/index.js";
import { arbExpr } from "./arbitrary.js";

function reparse(text: string, dialect: "latex" | "ascii"): ReturnType<typeof parse> {
  return parse(text, { dialect });
}

describe("printers round-trip through the parser", () => {
  test("parse(toLatex(e)) equals e", () => {
    fc.assert(
      fc.property(arbExpr(), (e) => {
        const text = toLatex(e);
        const r = reparse(text, "latex");
        if (!r.ok) throw new Error(`${text}\n${r.error.message} at ${r.error.pos.offset}`);
        if (!exprEquals(r.value, e)) throw new Error(`${text}\nreparsed as ${toLatex(r.value)}\n${JSON.stringify(r.value)}\nvs ${JSON.stringify(e)}`);
      }),
      { numRuns: 600, seed: 7 },
    );
  });

  test("parse(toAscii(e), ascii) equals e", () => {
    fc.assert(
      fc.property(arbExpr(), (e) => {
        const text = toAscii(e);
        const r = reparse(text, "ascii");
        if (!r.ok) throw new Error(`${text}\n${r.error.message} at ${r.error.pos.offset}`);
        if (!exprEquals(r.value, e)) throw new Error(`${text}\nreparsed as ${toAscii(r.value)}\n${JSON.stringify(r.value)}\nvs ${JSON.stringify(e)}`);
      }),
      { numRuns: 600, seed: 12 },
    );
  });

  test("toLatex renders in KaTeX without error", () => {
    fc.assert(
      fc.property(arbExpr(), (e) => {
        const text = toLatex(e);
        expect(() => katex.renderToString(text, { throwOnError: true })).not.toThrow();
      }),
      { numRuns: 300, seed: 12 },
    );
  });
});
