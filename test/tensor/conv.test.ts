import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { avgPool2d, conv2d, maxPool2d, Rng, randn, tensor, Tensor } from "../../src/tensor/index.js";

const grid = (rows: number, cols: number, from = 1): Tensor =>
  tensor(Array.from({ length: rows * cols }, (_, i) => i + from), [1, 1, rows, cols]);
const row = (n: number): Tensor => tensor(Array.from({ length: n }, (_, i) => i), [1, 1, 1, n]);
const plane = (t: Tensor): number[][] => (t.toArray() as number[][][][])[0][0];

describe("conv2d known values (hand-computed)", () => {
  it("valid cross-correlation", () => {
    const y = conv2d(grid(4, 4), tensor([[[[1, 0], [0, -1]]]]));
    expect(plane(y)).toEqual([[-5, -5, -5], [-5, -5, -5], [-5, -5, -5]]);
  });

  it("padding and stride", () => {
    const y = conv2d(grid(4, 4), tensor([[[[1, 1], [1, 1]]]]), { padding: 1, stride: 2 });
    expect(plane(y)).toEqual([[1, 5, 4], [14, 34, 20], [13, 29, 16]]);
  });

  it("dilation", () => {
    const y = conv2d(grid(4, 4), tensor([[[[1, 1], [1, 1]]]]), { dilation: 2 });
    expect(plane(y)).toEqual([[24, 28], [40, 44]]);
  });

  it("several channels with a bias, and an unbatched input", () => {
    const x = tensor([[[[1, 2], [3, 4]], [[5, 6], [7, 8]]]]);
    const w = tensor([[[[1]], [[1]]], [[[1]], [[-1]]]]);
    const y = conv2d(x, w, { bias: tensor([0.5, -1]) });
    expect(y.toArray()).toEqual([[[[6.5, 8.5], [10.5, 12.5]], [[-5, -5], [-5, -5]]]]);
    expect(conv2d(x.reshape(2, 2, 2), w).shape).toEqual([2, 2, 2]);
    expect(conv2d(x, w, tensor([0.5, -1]), { stride: 1 }).toArray()).toEqual(y.toArray());
  });

  it("explains bad shapes", () => {
    expect(() => conv2d(grid(4, 4), tensor([[[[1]], [[1]]]]))).toThrow(/input \[1,1,4,4\] has 1 channels but weight \[1,2,1,1\] expects 2/);
    expect(() => conv2d(grid(2, 2), tensor([[[[1, 1, 1]]]]))).toThrow(/larger than the padded input/);
    expect(() => conv2d(tensor([1, 2]), tensor([[[[1]]]]))).toThrow(/NCHW \(4-D\) or CHW \(3-D\), got shape \[2\]/);
    expect(() => conv2d(grid(3, 3), tensor([[[[1]]]]), { stride: 0 })).toThrow(/stride must be an integer >= 1/);
    expect(() => conv2d(grid(3, 3), tensor([[[[1]]]]), { bias: tensor([1, 2]) })).toThrow(/bias must have shape \[1\]/);
  });
});

describe("pooling known values (hand-computed)", () => {
  it("max and average 2×2 windows", () => {
    expect(plane(maxPool2d(grid(4, 4), { kernel: 2 }))).toEqual([[6, 8], [14, 16]]);
    expect(plane(maxPool2d(grid(4, 4), 2))).toEqual([[6, 8], [14, 16]]);
    expect(plane(avgPool2d(grid(4, 4), { kernel: 2 }))).toEqual([[3.5, 5.5], [11.5, 13.5]]);
    expect(plane(maxPool2d(grid(4, 4), { kernel: 2, stride: 1, dilation: 2 }))).toEqual([[11, 12], [15, 16]]);
    expect(plane(maxPool2d(grid(4, 4), { kernelSize: [1, 3], stride: [2, 1] }))).toEqual([[3, 4], [11, 12]]);
  });

  it("ceil mode keeps a partial last window that starts inside the input", () => {
    // n=5, k=2, s=2: windows [0,1] [2,3] [4]
    expect(plane(maxPool2d(row(5), { kernel: [1, 2], ceilMode: true }))).toEqual([[1, 3, 4]]);
    expect(plane(maxPool2d(row(5), { kernel: [1, 2] }))).toEqual([[1, 3]]);
    // avg of a partial window divides by its size inside input + padding: [4] → 4/1
    expect(plane(avgPool2d(row(5), { kernel: [1, 2], ceilMode: true }))).toEqual([[0.5, 2.5, 4]]);
  });

  it("ceil mode drops a last window that would start in the right padding", () => {
    // n=5, k=2, s=2, p=1: ceil((5+2−1−1)/2)+1 = 4, but window 4 starts at 5 = n: dropped → 3
    expect(plane(maxPool2d(row(5), { kernel: [1, 2], padding: [0, 1], ceilMode: true }))).toEqual([[0, 2, 4]]);
    // n=6, k=3, s=2, p=1: the 4th window starts at 5 (inside) and is kept
    expect(plane(maxPool2d(row(6), { kernel: [1, 3], stride: [1, 2], padding: [0, 1], ceilMode: true }))).toEqual([[1, 3, 5, 5]]);
  });

  it("average pooling counts padding like torch (count_include_pad) unless told not to", () => {
    // n=6, k=3, s=2, p=1 windows: {pad,0,1} {1,2,3} {3,4,5} {5,pad}; the last is clipped to input+padding (size 2)
    expect(plane(avgPool2d(row(6), { kernel: [1, 3], stride: [1, 2], padding: [0, 1], ceilMode: true }))).toEqual([[1 / 3, 2, 4, 2.5]]);
    expect(plane(avgPool2d(row(6), { kernel: [1, 3], stride: [1, 2], padding: [0, 1], ceilMode: true, countIncludePad: false }))).toEqual([[0.5, 2, 4, 5]]);
    // n=4, k=2, s=2, p=1: {pad,0} {1,2} {3,pad}
    expect(plane(avgPool2d(row(4), { kernel: [1, 2], padding: [0, 1], ceilMode: true }))).toEqual([[0, 1.5, 1.5]]);
    expect(plane(avgPool2d(row(4), { kernel: [1, 2], padding: [0, 1], divisorOverride: 1 }))).toEqual([[0, 3, 3]]);
  });

  it("max pooling never picks the padding", () => {
    const neg = grid(2, 2, -10);
    expect(plane(maxPool2d(neg, { kernel: 2, stride: 1, padding: 1 }))).toEqual([[-10, -9, -9], [-8, -7, -7], [-8, -7, -7]]);
  });

  it("explains impossible settings", () => {
    expect(() => maxPool2d(row(5), { kernel: [1, 2], padding: [0, 2] })).toThrow(/padding 2 should be at most half the kernel size 2/);
    expect(() => maxPool2d(row(2), { kernel: [1, 3] })).toThrow(/input size 2 is too small for kernel 3/);
    expect(() => avgPool2d(row(4), { kernel: 2, dilation: 2 })).toThrow(/dilation is not supported/);
    expect(() => maxPool2d(row(4), {})).toThrow(/kernel size is required/);
  });
});

/** Convolution by its definition on an explicitly zero-padded copy. */
function naiveConv(x: Tensor, w: Tensor, s: number[], p: number[], d: number[], Ho: number, Wo: number): number[] {
  const [N, C, H, W] = x.shape, [O, , KH, KW] = w.shape;
  const Hp = H + 2 * p[0], Wp = W + 2 * p[1];
  const xp = new Float64Array(N * C * Hp * Wp);
  for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) for (let h = 0; h < H; h++) for (let v = 0; v < W; v++) {
    xp[((n * C + c) * Hp + h + p[0]) * Wp + v + p[1]] = x.data[((n * C + c) * H + h) * W + v];
  }
  const out: number[] = [];
  for (let n = 0; n < N; n++) for (let o = 0; o < O; o++) for (let i = 0; i < Ho; i++) for (let j = 0; j < Wo; j++) {
    let acc = 0;
    for (let c = 0; c < C; c++) for (let a = 0; a < KH; a++) for (let b = 0; b < KW; b++) {
      acc += w.data[((o * C + c) * KH + a) * KW + b] * xp[((n * C + c) * Hp + i * s[0] + a * d[0]) * Wp + j * s[1] + b * d[1]];
    }
    out.push(acc);
  }
  return out;
}

describe("conv2d and max pooling against brute force", () => {
  it("conv2d matches the definition for random geometry", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e6 }), (seed) => {
      const rng = new Rng(seed);
      const N = rng.int(1, 2), C = rng.int(1, 3), O = rng.int(1, 3), KH = rng.int(1, 3), KW = rng.int(1, 3);
      const s = [rng.int(1, 3), rng.int(1, 3)], p = [rng.int(0, 2), rng.int(0, 2)], d = [rng.int(1, 2), rng.int(1, 2)];
      const H = rng.int(Math.max(1, d[0] * (KH - 1) + 1 - 2 * p[0]), 7), W = rng.int(Math.max(1, d[1] * (KW - 1) + 1 - 2 * p[1]), 7);
      const x = randn([N, C, H, W], rng), w = randn([O, C, KH, KW], rng);
      const y = conv2d(x, w, { stride: s, padding: p, dilation: d });
      const Ho = Math.floor((H + 2 * p[0] - d[0] * (KH - 1) - 1) / s[0]) + 1;
      const Wo = Math.floor((W + 2 * p[1] - d[1] * (KW - 1) - 1) / s[1]) + 1;
      expect(y.shape).toEqual([N, O, Ho, Wo]);
      naiveConv(x, w, s, p, d, Ho, Wo).forEach((v, i) => expect(y.data[i]).toBeCloseTo(v, 12));
    }), { numRuns: 40 });
  });

  it("max pooling picks the largest in-bounds entry of each window", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e6 }), fc.boolean(), (seed, ceilMode) => {
      const rng = new Rng(seed);
      const k = [rng.int(1, 3), rng.int(1, 3)], s = [rng.int(1, 3), rng.int(1, 3)], dl = [rng.int(1, 2), rng.int(1, 2)];
      const p = [rng.int(0, Math.floor(k[0] / 2)), rng.int(0, Math.floor(k[1] / 2))];
      const H = rng.int(dl[0] * (k[0] - 1) + 1, 8), W = rng.int(dl[1] * (k[1] - 1) + 1, 8);
      const x = randn([1, 2, H, W], rng);
      const y = maxPool2d(x, { kernel: k, stride: s, padding: p, dilation: dl, ceilMode });
      const [, , Ho, Wo] = y.shape;
      for (let c = 0; c < 2; c++) for (let i = 0; i < Ho; i++) for (let j = 0; j < Wo; j++) {
        let best = -Infinity;
        for (let a = 0; a < k[0]; a++) for (let b = 0; b < k[1]; b++) {
          const h = i * s[0] - p[0] + a * dl[0], v = j * s[1] - p[1] + b * dl[1];
          if (h >= 0 && h < H && v >= 0 && v < W) best = Math.max(best, x.data[(c * H + h) * W + v]);
        }
        expect(y.data[(c * Ho + i) * Wo + j]).toBe(best);
      }
      // The last window starts inside the input or its left padding.
      expect((Ho - 1) * s[0] - p[0]).toBeLessThan(H);
      expect((Wo - 1) * s[1] - p[1]).toBeLessThan(W);
    }), { numRuns: 40 });
  });
});
