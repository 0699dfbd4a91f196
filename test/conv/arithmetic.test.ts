import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  ConvError,
  convAxis,
  convOutputSize,
  convTransposeOutputSize,
  poolAxis,
  poolOutputSize,
  resolveConvPadding,
} from "../../src/conv/index.js";
import { slideConv, slidePool, scatterTransposeLength } from "./windows.js";

const small = (lo: number, hi: number) => fc.integer({ min: lo, max: hi });

describe("convolution output size", () => {
  it("matches sliding the window along the padded axis, strides that do not divide included", () => {
    fc.assert(
      fc.property(small(1, 40), small(1, 9), small(1, 6), small(0, 6), small(1, 4), (n, k, s, p, dt) => {
        const slid = slideConv(n, k, s, p, dt);
        if (slid === 0) {
          expect(() => convAxis(n, k, s, p, dt)).toThrow(ConvError);
        } else {
          expect(convAxis(n, k, s, p, dt)).toBe(slid);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("reads dilation in both conventions: course d is pytorch d + 1", () => {
    expect(convOutputSize(64, { kernel: 3, dilation: 2, convention: "pytorch" })).toBe(60);
    expect(convOutputSize(64, { kernel: 3, dilation: 1, convention: "course" })).toBe(60);
    expect(convOutputSize(64, { kernel: 3, dilation: 0, convention: "course" })).toBe(62);
    expect(convOutputSize(64, { kernel: 3 })).toBe(62);
    expect(() => convOutputSize(64, { kernel: 3, dilation: 0, convention: "pytorch" })).toThrow(/d = 1 means no dilation/);
  });

  it("'valid' is no padding and 'same' keeps the size where it is well defined", () => {
    expect(convOutputSize(10, { kernel: 3, padding: "valid" })).toBe(8);
    fc.assert(
      fc.property(small(1, 30), small(0, 4), small(1, 3), (n, half, dt) => {
        const k = 2 * half + 1;
        expect(convOutputSize(n, { kernel: k, padding: "same", dilation: dt })).toBe(n);
      }),
    );
    // Even kernel, even dilation: d(k-1) is even, so 'same' is symmetric.
    expect(convOutputSize(9, { kernel: 4, padding: "same", dilation: 2 })).toBe(9);
    expect(() => convOutputSize(9, { kernel: 4, padding: "same" })).toThrow(/odd number/);
    expect(() => convOutputSize(9, { kernel: 3, padding: "same", stride: 2 })).toThrow(/stride 1/);
    expect(resolveConvPadding("same", 5, 1, 2)).toBe(4);
  });

  it("names the reason for an impossible configuration and never returns a size below 1", () => {
    expect(() => convAxis(4, 7, 1, 1, 1)).toThrow(/kernel \(7\) is larger than the padded input \(4 \+ 2·1 = 6\)/);
    expect(() => convAxis(8, 3, 1, 0, 4)).toThrow(/dilated kernel \(3 taps spanning 9 pixels\)/);
    expect(() => convAxis(8, 3, 0, 0, 1)).toThrow(/stride must be at least 1, got 0/);
    expect(() => convAxis(8, 3, 1, -1, 1)).toThrow(/padding must be at least 0/);
    expect(() => convAxis(8, 2.5, 1, 0, 1)).toThrow(/kernel size must be an integer/);
    expect(() => convAxis(8, 3, 1, 0, 1)).not.toThrow();
  });
});

describe("pooling output size", () => {
  it("floor and ceil modes match sliding windows with PyTorch's drop rule", () => {
    fc.assert(
      fc.property(small(1, 40), small(1, 8), small(1, 6), small(0, 4), fc.boolean(), (n, k, s, p0, ceil) => {
        const p = Math.min(p0, Math.floor(k / 2));
        const slid = slidePool(n, k, s, p, ceil);
        if (slid === 0) expect(() => poolAxis(n, k, s, p, ceil)).toThrow(ConvError);
        else expect(poolAxis(n, k, s, p, ceil)).toBe(slid);
      }),
      { numRuns: 2000 },
    );
  });

  it("drops a ceil-mode window that would start in the right padding", () => {
    // n = 5, k = 2, s = 2, p = 1: padded length 7, windows at -1, 1, 3 fit; the one at 5 starts past the input.
    expect(poolOutputSize(5, { kernel: 2, stride: 2, padding: 1, ceilMode: true })).toBe(3);
    expect(poolOutputSize(5, { kernel: 2, stride: 2, padding: 0, ceilMode: true })).toBe(3);
    expect(poolOutputSize(5, { kernel: 2, stride: 2, padding: 0 })).toBe(2);
    expect(poolOutputSize(32, { kernel: 3, stride: 2, ceilMode: true })).toBe(16);
    expect(poolOutputSize(32, { kernel: 3, stride: 2 })).toBe(15);
  });

  it("defaults the stride to the kernel and limits padding to half the kernel", () => {
    expect(poolOutputSize(31, { kernel: 3 })).toBe(10);
    expect(() => poolOutputSize(31, { kernel: 3, padding: 2 })).toThrow(/more than half the kernel 3 \(at most 1/);
    expect(() => poolOutputSize(2, { kernel: 3 })).toThrow(/larger than the padded input/);
  });
});

describe("transposed convolution output size", () => {
  it("matches the length of the scatter, and enforces output_padding < max(stride, dilation)", () => {
    fc.assert(
      fc.property(small(1, 20), small(1, 6), small(1, 5), small(0, 3), small(1, 3), small(0, 4), (n, k, s, p, dt, op) => {
        const len = scatterTransposeLength(n, k, s, p, dt, op);
        if (op >= Math.max(s, dt)) expect(() => convTransposeOutputSize(n, { kernel: k, stride: s, padding: p, dilation: dt, outputPadding: op })).toThrow(/output padding/);
        else if (len < 1) expect(() => convTransposeOutputSize(n, { kernel: k, stride: s, padding: p, dilation: dt, outputPadding: op })).toThrow(ConvError);
        else expect(convTransposeOutputSize(n, { kernel: k, stride: s, padding: p, dilation: dt, outputPadding: op })).toBe(len);
      }),
      { numRuns: 1000 },
    );
  });

  it("inverts the shape of the convolution it pairs with, given the right output padding", () => {
    fc.assert(
      fc.property(small(1, 40), small(1, 7), small(1, 5), small(0, 4), small(1, 3), (n, k, s, p, dt) => {
        const m = slideConv(n, k, s, p, dt);
        fc.pre(m >= 1);
        const op = (n + 2 * p - dt * (k - 1) - 1) % s;
        expect(op).toBeLessThan(Math.max(s, dt));
        expect(convTransposeOutputSize(m, { kernel: k, stride: s, padding: p, dilation: dt, outputPadding: op })).toBe(n);
      }),
      { numRuns: 1000 },
    );
  });
});
