import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { conv1d } from "../../src/conv/index.js";
import { convolveByDefinition } from "./windows.js";

describe("conv1d", () => {
  it("IFT6135 Q6: [1,2,3,4] * [1,0,2]", () => {
    expect(conv1d([1, 2, 3, 4], [1, 0, 2], "full")).toEqual([1, 2, 5, 8, 6, 8]);
    expect(conv1d([1, 2, 3, 4], [1, 0, 2], "valid")).toEqual([5, 8]);
    expect(conv1d([1, 2, 3, 4], [1, 0, 2], "same")).toEqual([2, 5, 8, 6]);
  });

  it("matches numpy.convolve's centring for even kernels and kernels longer than the input", () => {
    // Values printed by numpy 1.x: np.convolve(a, v, mode).
    expect(conv1d([1, 2, 3], [1, 1], "same")).toEqual([1, 3, 5]);
    expect(conv1d([1, 2, 3, 4, 5, 6], [1, 2, 3, 4], "same")).toEqual([4, 10, 20, 30, 40, 43]);
    expect(conv1d([1, 2, 3, 4], [1, 2, 3, 4, 5, 6], "same")).toEqual([4, 10, 20, 30, 40, 43]);
    expect(conv1d([1, 2], [1, 2, 3, 4, 5], "same")).toEqual([1, 4, 7, 10, 13]);
    expect(conv1d([1, 2, 3], [1, 2, 3, 4, 5, 6], "valid")).toEqual([10, 16, 22, 28]);
  });

  it("full is the definition Σ_m x[m] k[n−m]; valid and same are its windows; convolution commutes", () => {
    const vec = fc.array(fc.integer({ min: -9, max: 9 }), { minLength: 1, maxLength: 9 });
    fc.assert(
      fc.property(vec, vec, (x, k) => {
        const full = convolveByDefinition(x, k);
        expect(conv1d(x, k, "full")).toEqual(full);
        const valid = conv1d(x, k, "valid");
        expect(valid.length).toBe(Math.abs(x.length - k.length) + 1);
        // A valid entry sums over every tap of the shorter vector: it sits where the overlap is complete.
        const short = Math.min(x.length, k.length);
        expect(valid).toEqual(full.slice(short - 1, short - 1 + valid.length));
        const same = conv1d(x, k, "same");
        expect(same.length).toBe(Math.max(x.length, k.length));
        expect(conv1d(k, x, "same")).toEqual(same);
        expect(conv1d(k, x, "valid")).toEqual(valid);
      }),
      { numRuns: 300 },
    );
  });

  it("flips the kernel: convolving with a shifted impulse shifts the input", () => {
    expect(conv1d([1, 2, 3], [0, 1], "full")).toEqual([0, 1, 2, 3]);
    expect(conv1d([1, 2, 3], [1, 0], "full")).toEqual([1, 2, 3, 0]);
  });

  it("rejects empty vectors, non-finite numbers and unknown modes", () => {
    expect(() => conv1d([], [1])).toThrow(/input is empty/);
    expect(() => conv1d([1], [NaN])).toThrow(/kernel\[0\] is not a finite number/);
    expect(() => conv1d([1], [1], "circular" as "full")).toThrow(/unknown mode 'circular'/);
  });
});
