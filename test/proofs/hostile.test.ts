/** The checker on text nobody should write: it reports, it never throws or hangs. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { checkProof } from "../../src/proofs/index.js";

const head = (symbols = "") => `---\nquestion: softmax-vjp\n${symbols}---\n`;

describe("checkProof on hostile input", () => {
  it("reports a local definition that cannot be read or evaluated", () => {
    for (const def of ["\\frac{", "\\log(-\\mathbf{1}^\\top s s^\\top \\mathbf{1} - 1)", "s"]) {
      const r = checkProof(`${head(`symbols:\n  q: scalar := ${def}\n`)}$$\nq = q\n$$\n$$\n= s \\circ (g - (s^\\top g)\\mathbf{1})\n$$\n`);
      expect(r.ok, def).toBe(false);
      expect(r.errors.length + r.steps.filter((s) => !s.ok).length, def).toBeGreaterThan(0);
    }
  });

  it("refuses huge, deep and unknown formulas with a message", () => {
    const bad = ["2^{2^{2^{2^{2^{2}}}}} s", "(".repeat(5000) + "s" + ")".repeat(5000), "\\unknowncommand{s}", "s + t", "9".repeat(400)];
    for (const f of bad) {
      const r = checkProof(`${head()}$$\n${f} = s\n$$\n`);
      expect(r.ok, f.slice(0, 30)).toBe(false);
      const failed = r.steps.filter((s) => !s.ok);
      expect(failed.length, f.slice(0, 30)).toBeGreaterThan(0);
      expect(failed[0].message.length).toBeGreaterThan(10);
    }
  });

  it("never throws on arbitrary text with math blocks", () => {
    const pieces = fc.constantFrom("s", "g", "=", "$$", "\\frac{", "}", "{", "\\mathbf{1}", "^\\top", "\\circ", "(", ")", "\n", "---", "question: softmax-vjp", "symbols:", "  x: vector n", "\\tag{x}", " ");
    fc.assert(
      fc.property(fc.boolean(), fc.array(pieces, { maxLength: 40 }), (withHead, parts) => {
        const r = checkProof((withHead ? head() : "") + parts.join(""), { trials: 2 });
        expect(typeof r.ok).toBe("boolean");
        if (!r.ok) expect(r.errors.length + r.steps.filter((s) => !s.ok).length).toBeGreaterThan(0);
      }),
      { numRuns: 60, seed: 7 },
    );
  });
});
