import { describe, expect, it } from "vitest";
import { derive } from "../../src/symbolic/index.js";
import { equiv } from "../../src/equivalence/index.js";

describe("forward passes through log and sqrt: verification draws where they are defined", () => {
  it("derives and verifies Y = log(X W^T) with respect to W", () => {
    const r = derive("Y = \\log(X W^\\top)", "W");
    expect(r.ok, r.ok ? "" : r.message).toBe(true);
    if (!r.ok) return;
    expect(r.evidence.ok).toBe(true);
    // A script on a bare \frac would read as the denominator's: the fraction is bracketed.
    expect(r.latex).not.toMatch(/\\frac\{[^{}]*\}\{[^{}]*\}\^/);
    expect(r.latex).toContain("\\right)^\\top");
    expect(equiv(r.latex, "\\left(\\frac{G}{X W^\\top}\\right)^\\top X").outcome).toBe("equal");
    expect(equiv(r.latex, "(G \\circ X W^\\top)^\\top X").equivalent).toBe(false);
  });

  it("redraws instances where the pass is undefined: sqrt(X + 1) on seed 3", () => {
    const r = derive("Y = \\sqrt{X + 1}", "X", { seed: 3 });
    expect(r.ok && r.evidence.ok && r.evidence.trials, r.ok ? "" : r.message).toBe(8);
    if (r.ok) expect(equiv(r.latex, "G \\circ \\frac{1}{2} (X + 1)^{-1/2}").outcome).toBe("equal");
  });

  it("derives and verifies Y = sqrt(X W^T) with respect to X", () => {
    const r = derive("Y = \\sqrt{X W^\\top}", "X");
    expect(r.ok && r.evidence.ok, r.ok ? "" : r.message).toBe(true);
    if (r.ok) expect(equiv(r.latex, "\\left(G \\circ \\frac{1}{2} (X W^\\top)^{-1/2}\\right) W").outcome).toBe("equal");
  });
});

describe("equiv on undeclared symbols under a log or a root", () => {
  it("decides equal formulas as equal instead of too-few-points", () => {
    for (const f of ["\\log(x)", "\\sqrt{x}", "\\log(x) + \\sqrt{y}"]) {
      const r = equiv(f, f);
      expect(r.outcome, f).toBe("equal");
      expect(r.evidence.trials).toBeGreaterThanOrEqual(8);
    }
    expect(equiv("\\log(x) - \\log(y)", "-(\\log(y) - \\log(x))").outcome).toBe("equal");
  });

  it("still tells apart formulas that differ, on real draws first", () => {
    expect(equiv("\\sqrt{x^2}", "x").outcome).toBe("different");
    expect(equiv("\\log(x)", "\\log(2x)").outcome).toBe("different");
    expect(equiv("\\sqrt{x}", "x^{1/3}").equivalent).toBe(false);
  });
});
