import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { mathText } from "../../src/intake/math.js";

const text = (s: string): string => {
  const r = mathText(s);
  if (!r.ok) throw new Error(r.message);
  return r.text;
};

describe("math in a Markdown answer", () => {
  it("strips every display and inline delimiter", () => {
    expect(text("$S_i$")).toBe("S_i");
    expect(text("$$ S_i(\\delta_{ij} - S_j) $$")).toBe("S_i(\\delta_{ij} - S_j)");
    expect(text("\\(x^2\\)")).toBe("x^2");
    expect(text("\\[ \\frac{1}{2} \\]")).toBe("\\frac{1}{2}");
    expect(text("\\begin{align} A &= G V \\end{align}")).toBe("\\begin{align} A &= G V \\end{align}");
  });

  it("keeps only the math when there is prose around it, one line per span", () => {
    expect(text("So $A = G V$ and then $$B = h'(X W^\\top)$$ as shown.")).toBe("A = G V\nB = h'(X W^\\top)");
    expect(text("A = $G V$, B = $h'(XW^T)$")).toBe("A = G V\nB = h'(XW^T)");
    // A span that already names its slot keeps its own name.
    expect(text("Result = $A = G V$")).toBe("A = G V");
  });

  it("keeps the lines of a formula over several lines", () => {
    expect(text("$$\n\\frac{\\partial S_i}{\\partial x_j}\n= S_i(\\delta_{ij} - S_j)\n$$")).toBe("\\frac{\\partial S_i}{\\partial x_j}\n= S_i(\\delta_{ij} - S_j)");
  });

  it("an escaped dollar is text, and does not close math", () => {
    expect(text("costs \\$5")).toBe("costs $5");
    expect(text("$a \\$ b$")).toBe("a \\$ b");
  });

  it("without math, the first paragraph is the answer, Markdown marks removed", () => {
    expect(text("**2/d_x**\n\nbecause the variance doubles")).toBe("2/d_x");
    expect(text("A = G V<br>B = `h'(XW^T)`")).toBe("A = G V\nB = h'(XW^T)");
  });

  it("unclosed math is an error naming the delimiter and line", () => {
    for (const [s, open] of [["x\n$A = G", "$"], ["$$A", "$$"], ["\\(A", "\\("], ["\\[A", "\\["], ["\\begin{align} A", "\\begin{align}"]] as const) {
      const r = mathText(s);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.code).toBe("unclosed-math");
        expect(r.message).toContain(open);
      }
    }
    const r = mathText("ok\n\nthen $x");
    expect(!r.ok && r.message).toContain("line 3");
  });

  test.prop([fc.string({ maxLength: 300 })])("never throws, and its text is no longer than what it read (plus slot names)", (s) => {
    const r = mathText(s);
    if (r.ok) expect(r.text.length).toBeLessThanOrEqual(s.length + 40 * (s.split("$").length + 1));
  });

  it("reads a hostile megabyte in linear time", () => {
    const t0 = performance.now();
    mathText("$".repeat(1_000_001));
    mathText("\\(".repeat(500_000));
    mathText("$x$ ".repeat(250_000));
    expect(performance.now() - t0).toBeLessThan(20_000);
  });
});
