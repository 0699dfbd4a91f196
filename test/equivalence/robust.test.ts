import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { equiv } from "../../src/equivalence/index.js";
import { derive } from "../../src/symbolic/index.js";
import { main } from "../../src/cli/main.js";

const OUTCOMES = ["equal", "different", "shape-mismatch", "invalid", "too-few-points", "timeout"];

describe("equiv on awkward input", () => {
  it("an infinity on one side is a difference, not agreement", () => {
    const r = equiv("10^{400} x", "x");
    expect(r.outcome).toBe("different");
  });
  it("undeclared names that cannot be matrices are read as scalars", () => {
    expect(equiv("\\frac{\\partial}{\\partial x} x^2", "2x").outcome).toBe("equal");
    expect(equiv("\\frac{\\partial}{\\partial x} x^2", "x").outcome).toBe("different");
  });
  it("Monte Carlo values are compared within their standard errors", () => {
    expect(equiv("\\mathbb{E}[x^2]", "1", { trials: 12 }).outcome).toBe("equal");
    expect(equiv("\\mathbb{E}[x^2]", "2", { trials: 12 }).outcome).toBe("different");
  });
  it("unreadable and oversized formulas are 'invalid' with a position", () => {
    const long = Array.from({ length: 3000 }, (_, i) => `${i} x`).join(" + ");
    expect(equiv(long, "x").reason).toMatch(/longer than/);
    const r = equiv("X", "\\foo(X)");
    expect(r.outcome).toBe("invalid");
    expect(r.reason).toMatch(/second formula.*column 1/);
  });
  it("never throws on random text, and always names an outcome", () => {
    const token = fc.constantFrom("X", "W", "x", "^\\top", "^{-1}", "(", ")", "+", "-", "\\circ", "h'", "\\sigma", "\\frac{1}{", "}", "2", "0", "\\mathbf{1}", "_i", "\\log", " ");
    fc.assert(
      fc.property(fc.array(token, { maxLength: 12 }), fc.array(token, { maxLength: 12 }), (a, b) => {
        const r = equiv(a.join(""), b.join(""), { trials: 4 });
        expect(OUTCOMES).toContain(r.outcome);
        expect(typeof r.reason).toBe("string");
        const d = derive(`Y = ${a.join("")}`, "X");
        expect(typeof d.ok).toBe("boolean");
      }),
      { numRuns: 150 },
    );
  });
  it("the CLI turns an internal failure into an exit code, never a crash, for odd arguments", async () => {
    const io = { out: () => undefined, err: () => undefined };
    for (const args of [["equiv", "--json", "", ""], ["derive", "--forward", "", "--wrt", ""], ["derive", "--forward", "Y = ", "--wrt", "X"]]) {
      expect([0, 1, 2]).toContain(await main(args, io));
    }
  });
});
