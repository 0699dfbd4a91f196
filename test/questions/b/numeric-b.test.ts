import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { finiteDifferenceError, checkFd, epsilonOrder, finiteDifferenceErrors } from "../../../src/questions/b/finite-difference.js";
import { choleskySucceeds, fromEigen, randomOrthogonal, solve, symmetricEigenvalues } from "../../../src/questions/b/linalg.js";
import { Tally, readNumbers } from "../../../src/questions/b/oracle.js";
import { Rng } from "../../../src/tensor/rng.js";

describe("oracle helpers", () => {
  it("reads the numbers of a reference", () => {
    expect(readNumbers("31 \\times 31 \\times 5")).toEqual([31, 31, 5]);
    expect(readNumbers("(1, -19)")).toEqual([1, -19]);
    expect(readNumbers("73\\,728")).toEqual([73728]);
    expect(readNumbers("\\frac{1}{2}")).toEqual([0.5]);
  });
  it("Jacobi eigenvalues match the construction, Cholesky decides definiteness", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), (seed) => {
        const rng = new Rng(seed);
        const n = rng.int(1, 7);
        const lambda = Array.from({ length: n }, () => rng.normal(0, 2)).sort((a, b) => a - b);
        const h = fromEigen(randomOrthogonal(n, rng), lambda);
        symmetricEigenvalues(h).forEach((l, i) => expect(l).toBeCloseTo(lambda[i], 8));
        expect(choleskySucceeds(h)).toBe(lambda[0] > 1e-9);
      }),
      { numRuns: 50 },
    );
  });
  it("solve inverts", () => {
    const x = solve([[2, 1], [1, 3]], [[3], [5]]);
    expect(x[0][0]).toBeCloseTo(0.8, 12);
    expect(x[1][0]).toBeCloseTo(1.4, 12);
  });
});

describe("finite-difference-error", () => {
  it("reads orders from the reference", () => {
    expect(epsilonOrder("O(\\epsilon^2)")).toBe(2);
    expect(epsilonOrder("O(u/\\epsilon)")).toBe(-1);
    expect(epsilonOrder("O(\\epsilon^{-1})")).toBe(-1);
    expect(epsilonOrder("O(\\epsilon)")).toBe(1);
  });
  it("truncation ε², rounding u/ε, with the curve for the sheet", () => {
    const v = finiteDifferenceError.verify(1);
    expect(v.ok, v.detail).toBe(true);
    expect(v.plot?.series[0].points.length).toBeGreaterThan(15);
  });
  it("a wrong order fails", () => {
    expect(checkFd({ T: "O(\\epsilon)", R: "O(u/\\epsilon)" }, 1).ok).toBe(false);
    expect(checkFd({ T: "O(\\epsilon^2)", R: "O(u/\\epsilon^2)" }, 1).ok).toBe(false);
  });
  it("the error is smallest between the regimes for random networks", () => {
    for (const seed of [2, 3]) {
      const s = finiteDifferenceErrors(seed);
      const best = s.reduce((a, b) => (b.maxError < a.maxError ? b : a));
      expect(best.N).toBeGreaterThan(1000);
      expect(best.N).toBeLessThan(1e8);
    }
  });
});

describe("finite-difference-error across seeds", () => {
  it("both regimes show on random losses", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), (seed) => {
        const v = finiteDifferenceError.verify(seed);
        expect(v.ok, v.detail).toBe(true);
      }),
      { numRuns: 8 },
    );
  });
});

describe("withOracle and Tally", () => {
  it("a reference the oracle cannot read is a failed verification with the reason, never a throw", async () => {
    const { withOracle, readNumber } = await import("../../../src/questions/b/oracle.js");
    const q = withOracle(
      { id: "x", title: "x", section: "B", source: "test", prompt: "", symbols: { symbols: [] }, slots: ["r"], reference: { r: "21" }, kind: "numeric" },
      (ref, seed) => {
        const t = new Tally(0);
        t.close("r", 21, readNumber(ref, "r"));
        return t.result("test", seed, "r against 21");
      },
    );
    expect(q.verify(1).ok).toBe(true);
    const broken = { ...q, reference: { r: "twenty-one" } }.verify(1);
    expect(broken.ok).toBe(false);
    expect(broken.detail).toMatch(/could not check the reference: reference slot 'r' should hold one number/);
    // Called detached from its object, verify still checks the question's own reference.
    const detached = q.verify;
    expect(detached(2).ok).toBe(true);
  });
  it("NaN and infinities never pass", () => {
    const t = new Tally(1e-6);
    expect(t.close("nan", NaN, 1)).toBe(false);
    expect(t.within("nan", NaN, 1, 10)).toBe(false);
    expect(t.close("inf", Infinity, Infinity)).toBe(true);
    expect(t.ok).toBe(false);
    expect(new Tally(0).ok, "no comparison made is not a pass").toBe(false);
  });
  it("reads signed decimals and exponents", () => {
    expect(readNumbers("[-0.5, 1e-3, 2.5E+2]")).toEqual([-0.5, 0.001, 250]);
    expect(() => epsilonOrder("O(1)")).toThrow(/no order in ε/);
  });
});
