/**
 * 2-D max and average pooling over NCHW tensors with PyTorch's semantics: padding never wins a max,
 * ties go to the first maximum in row-major window order, and the average divides by the window
 * clipped to the padded input (count_include_pad) unless told otherwise.
 */
import { alloc } from "../alloc.js";
import type { PoolAttrs } from "../record.js";

/**
 * Output size of one axis: floor (or ceil) of (n + 2p − d(k−1) − 1)/s, plus 1; in ceil mode a last
 * window that would start in the right padding or beyond is dropped. Throws on sizes torch rejects.
 */
export function poolOutSize(op: string, n: number, k: number, s: number, p: number, d: number, ceil: boolean): number {
  if (p > Math.floor(k / 2)) throw new RangeError(`${op}: padding ${p} should be at most half the kernel size ${k}`);
  const span = n + 2 * p - d * (k - 1) - 1;
  let out = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
  if (ceil && (out - 1) * s >= n + p) out--;
  if (out < 1) throw new RangeError(`${op}: input size ${n} is too small for kernel ${k} (dilation ${d}, padding ${p}): output size would be ${out}`);
  return out;
}

export function maxPoolForward(x: Float64Array, xs: readonly number[], a: PoolAttrs): { y: Float64Array; argmax: Int32Array } {
  const [N, C, H, W] = xs;
  const { outH, outW } = a;
  const [kh, kw] = a.kernel, [sh, sw] = a.stride, [ph, pw] = a.padding, [dh, dw] = a.dilation;
  const y = alloc(N * C * outH * outW);
  const argmax = new Int32Array(y.length);
  let o = 0;
  for (let plane = 0; plane < N * C; plane++) {
    const base = plane * H * W;
    for (let oh = 0; oh < outH; oh++) {
      let h0 = oh * sh - ph;
      const h1 = Math.min(h0 + (kh - 1) * dh + 1, H);
      while (h0 < 0) h0 += dh;
      for (let ow = 0; ow < outW; ow++, o++) {
        let w0 = ow * sw - pw;
        const w1 = Math.min(w0 + (kw - 1) * dw + 1, W);
        while (w0 < 0) w0 += dw;
        let best = -Infinity, at = h0 < h1 && w0 < w1 ? base + h0 * W + w0 : -1;
        for (let ih = h0; ih < h1; ih += dh) {
          for (let iw = w0; iw < w1; iw += dw) {
            const v = x[base + ih * W + iw];
            if (v > best || v !== v) { best = v; at = base + ih * W + iw; }
          }
        }
        y[o] = best;
        argmax[o] = at;
      }
    }
  }
  return { y, argmax };
}

export function maxPoolBackward(g: Float64Array, argmax: Int32Array, inputSize: number): Float64Array {
  const dx = alloc(inputSize);
  for (let o = 0; o < g.length; o++) if (argmax[o] >= 0) dx[argmax[o]] += g[o];
  return dx;
}

/** Calls visit(outIndex, planeBase, h0, h1, w0, w1, divisor) for every output of an average pool. */
function avgWindows(xs: readonly number[], a: PoolAttrs, visit: (o: number, base: number, h0: number, h1: number, w0: number, w1: number, div: number) => void): void {
  const [N, C, H, W] = xs;
  const { outH, outW } = a;
  const [kh, kw] = a.kernel, [sh, sw] = a.stride, [ph, pw] = a.padding;
  let o = 0;
  for (let plane = 0; plane < N * C; plane++) {
    const base = plane * H * W;
    for (let oh = 0; oh < outH; oh++) {
      let h0 = oh * sh - ph;
      let h1 = Math.min(h0 + kh, H + ph);
      const hs = h1 - h0;
      h0 = Math.max(h0, 0);
      h1 = Math.min(h1, H);
      for (let ow = 0; ow < outW; ow++, o++) {
        let w0 = ow * sw - pw;
        let w1 = Math.min(w0 + kw, W + pw);
        const poolSize = hs * (w1 - w0);
        w0 = Math.max(w0, 0);
        w1 = Math.min(w1, W);
        if (h0 >= h1 || w0 >= w1) continue;
        const div = a.divisorOverride ?? (a.countIncludePad ? poolSize : (h1 - h0) * (w1 - w0));
        visit(o, base, h0, h1, w0, w1, div);
      }
    }
  }
}

export function avgPoolForward(x: Float64Array, xs: readonly number[], a: PoolAttrs): Float64Array {
  const W = xs[3];
  const y = alloc(xs[0] * xs[1] * a.outH * a.outW);
  avgWindows(xs, a, (o, base, h0, h1, w0, w1, div) => {
    let s = 0;
    for (let ih = h0; ih < h1; ih++) for (let iw = w0; iw < w1; iw++) s += x[base + ih * W + iw];
    y[o] = s / div;
  });
  return y;
}

export function avgPoolBackward(g: Float64Array, xs: readonly number[], a: PoolAttrs): Float64Array {
  const W = xs[3];
  const dx = alloc(xs[0] * xs[1] * xs[2] * xs[3]);
  avgWindows(xs, a, (o, base, h0, h1, w0, w1, div) => {
    const v = g[o] / div;
    for (let ih = h0; ih < h1; ih++) for (let iw = w0; iw < w1; iw++) dx[base + ih * W + iw] += v;
  });
  return dx;
}
