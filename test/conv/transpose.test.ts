/**
 * Transposed convolution, which the tensor engine does not have, by its definition: every input
 * pixel scatters its value times the kernel into the output (input pixel i, tap m lands at
 * i·s + m·d), the result is cropped by the padding on both sides and extended by the output
 * padding at the bottom and right. Its adjoint identity with the engine's conv2d proves the scatter
 * right; its shape is then compared with the calculator's, and with the convolution it inverts.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Rng, conv2d, rand, type Tensor } from "../../src/tensor/index.js";
import { analyze, convTransposeOutputSize } from "../../src/conv/index.js";

interface Cfg {
  k: number;
  s: number;
  p: number;
  d: number;
  op: number;
}

/** x [O, m, m'], w [O, C, k, k] -> [C, H, W] by scatter-add; the output grows to hold every write. */
function scatterTranspose(x: Tensor, w: Tensor, c: Cfg): { shape: [number, number, number]; data: Float64Array } {
  const [O, m1, m2] = x.shape;
  const C = w.shape[1];
  const k = w.shape[2];
  // Uncropped output: big enough for every tap, and for the output padding past the crop.
  let rows = 0;
  let cols = 0;
  for (let i = 0; i < m1; i++) for (let a = 0; a < k; a++) rows = Math.max(rows, i * c.s + a * c.d + 1);
  for (let j = 0; j < m2; j++) for (let b = 0; b < k; b++) cols = Math.max(cols, j * c.s + b * c.d + 1);
  const H = rows - 2 * c.p + c.op;
  const W = cols - 2 * c.p + c.op;
  const bufH = Math.max(rows, c.p + H);
  const bufW = Math.max(cols, c.p + W);
  const buf = new Float64Array(C * bufH * bufW);
  for (let o = 0; o < O; o++)
    for (let i = 0; i < m1; i++)
      for (let j = 0; j < m2; j++)
        for (let ch = 0; ch < C; ch++)
          for (let a = 0; a < k; a++)
            for (let b = 0; b < k; b++) {
              buf[(ch * bufH + i * c.s + a * c.d) * bufW + j * c.s + b * c.d] += x.data[(o * m1 + i) * m2 + j] * w.data[((o * C + ch) * k + a) * k + b];
            }
  if (H < 1 || W < 1) return { shape: [C, H, W], data: new Float64Array(0) };
  const out = new Float64Array(C * H * W);
  for (let ch = 0; ch < C; ch++)
    for (let r = 0; r < H; r++) for (let q = 0; q < W; q++) out[(ch * H + r) * W + q] = buf[(ch * bufH + r + c.p) * bufW + q + c.p];
  return { shape: [C, H, W], data: out };
}

const cfg = fc
  .record({ k: fc.integer({ min: 1, max: 4 }), s: fc.integer({ min: 1, max: 3 }), p: fc.integer({ min: 0, max: 3 }), d: fc.integer({ min: 1, max: 3 }) })
  .chain((c) => fc.record({ k: fc.constant(c.k), s: fc.constant(c.s), p: fc.constant(c.p), d: fc.constant(c.d), op: fc.integer({ min: 0, max: Math.max(c.s, c.d) - 1 }) }));

describe("transposed convolution", () => {
  it("the scatter is the adjoint of the engine's conv2d, and its shape is the calculator's; it inverts the conv's shape", () => {
    let checked = 0;
    fc.assert(
      fc.property(cfg, fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 1 << 30 }), (c, m1, m2, seed) => {
        const rng = new Rng(seed);
        const x = rand([2, m1, m2], rng, -1, 1);
        const w = rand([2, 3, c.k, c.k], rng, -1, 1);
        const t = scatterTranspose(x, w, c);
        const size = (m: number) => {
          try {
            return convTransposeOutputSize(m, { kernel: c.k, stride: c.s, padding: c.p, dilation: c.d, outputPadding: c.op });
          } catch {
            return null;
          }
        };
        if (t.shape[1] < 1 || t.shape[2] < 1) {
          expect(size(m1) === null || size(m2) === null).toBe(true);
          return;
        }
        expect([size(m1), size(m2)]).toEqual([t.shape[1], t.shape[2]]);
        // The convolution with the same k, s, p, d maps the transposed output back to m when op < s.
        const y = rand([3, t.shape[1], t.shape[2]], rng, -1, 1);
        let conv: Tensor;
        try {
          conv = conv2d(y, w, { stride: c.s, padding: c.p, dilation: c.d });
        } catch {
          // The kernel does not fit the transposed output: only possible when the padding crops it away.
          expect(c.p).toBeGreaterThan(0);
          return;
        }
        const grow = Math.floor(c.op / c.s);
        expect(conv.shape).toEqual([2, m1 + grow, m2 + grow]);
        if (grow > 0) return; // output padding ≥ stride: the transposed output is no conv input of size m
        let lhs = 0;
        for (let i = 0; i < conv.size; i++) lhs += conv.data[i] * x.data[i];
        let rhs = 0;
        for (let i = 0; i < y.size; i++) rhs += y.data[i] * t.data[i];
        expect(Math.abs(lhs - rhs)).toBeLessThan(1e-9 * (1 + Math.abs(lhs)));
        checked++;
      }),
      { numRuns: 300 },
    );
    expect(checked).toBeGreaterThan(100);
  });

  it("a transposed convolution restores the size its paired convolution took, with the right output padding", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 3 }), (n, k, s, p, d) => {
        const there = analyze(`Input ${n}x${n}x4; Conv${k}-2-P${p}-S${s}-D${d}`);
        fc.pre(there.ok);
        if (!there.ok) return;
        const m = there.layers[0].output[0];
        const x = rand([4, n, n], new Rng(n * 31 + k));
        expect(conv2d(x, rand([2, 4, k, k], new Rng(1)), { stride: s, padding: p, dilation: d }).shape).toEqual([2, m, m]);
        const op = (n + 2 * p - d * (k - 1) - 1) % s;
        const back = analyze(`Input ${m}x${m}x2; ConvT${k}-4-P${p}-S${s}-D${d}-O${op}`);
        if (!back.ok) throw new Error(back.error);
        expect(back.layers[0].output).toEqual([n, n, 4]);
      }),
      { numRuns: 300 },
    );
  });
});
