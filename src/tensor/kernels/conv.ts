/**
 * Direct 2-D convolution (cross-correlation, as torch.nn.functional.conv2d) over NCHW tensors with
 * stride, zero padding and dilation. The forward pass and both backward passes share one walk over
 * (batch, out channel, in channel, kernel tap); per tap, the valid output columns are computed once
 * so the inner loop has no bounds tests.
 */
import { alloc } from "../alloc.js";
import type { ConvAttrs } from "../record.js";

export interface Arr {
  readonly data: Float64Array;
  readonly shape: readonly number[];
}

/** Output size of one spatial axis (PyTorch's rule; floor division). */
export function convOutSize(n: number, k: number, s: number, p: number, d: number): number {
  return Math.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1;
}

const enum Mode { Forward, Input, Weight }

/**
 * Forward: y += w ⋆ x. Input: dx += wᵀ ⋆ g (scatter). Weight: dw += g ⋆ x.
 * `xs` is the NCHW input shape, `ws` [O, C, kh, kw], and `ys` [N, O, Ho, Wo].
 */
function walk(mode: Mode, x: Float64Array, w: Float64Array, y: Float64Array, xs: readonly number[], ws: readonly number[], ys: readonly number[], a: ConvAttrs): void {
  const [N, C, H, W] = xs;
  const [O, , KH, KW] = ws;
  const Ho = ys[2], Wo = ys[3];
  const [sh, sw] = a.stride, [ph, pw] = a.padding, [dh, dw] = a.dilation;
  for (let kj = 0; kj < KW; kj++) {
    // Output columns whose input column ow*sw - pw + kj*dw lies inside [0, W).
    const off = kj * dw - pw;
    const owLo = Math.max(0, Math.ceil(-off / sw));
    const owHi = Math.min(Wo, Math.floor((W - 1 - off) / sw) + 1);
    if (owLo >= owHi) continue;
    for (let ki = 0; ki < KH; ki++) {
      const offH = ki * dh - ph;
      const ohLo = Math.max(0, Math.ceil(-offH / sh));
      const ohHi = Math.min(Ho, Math.floor((H - 1 - offH) / sh) + 1);
      if (ohLo >= ohHi) continue;
      for (let n = 0; n < N; n++) {
        for (let o = 0; o < O; o++) {
          const yBase = (n * O + o) * Ho * Wo;
          for (let c = 0; c < C; c++) {
            const wi = ((o * C + c) * KH + ki) * KW + kj;
            const xBase = (n * C + c) * H * W;
            const wv = w[wi];
            let acc = 0;
            for (let oh = ohLo; oh < ohHi; oh++) {
              const yr = yBase + oh * Wo;
              const xr = xBase + (oh * sh + offH) * W + off;
              if (mode === Mode.Forward) {
                for (let ow = owLo; ow < owHi; ow++) y[yr + ow] += wv * x[xr + ow * sw];
              } else if (mode === Mode.Input) {
                for (let ow = owLo; ow < owHi; ow++) x[xr + ow * sw] += wv * y[yr + ow];
              } else {
                for (let ow = owLo; ow < owHi; ow++) acc += y[yr + ow] * x[xr + ow * sw];
              }
            }
            if (mode === Mode.Weight) w[wi] += acc;
          }
        }
      }
    }
  }
}

export function conv2dForward(x: Arr, w: Arr, bias: Arr | null, a: ConvAttrs): { data: Float64Array; shape: number[] } {
  const [N, , H, W] = x.shape;
  const [O, , KH, KW] = w.shape;
  const Ho = convOutSize(H, KH, a.stride[0], a.padding[0], a.dilation[0]);
  const Wo = convOutSize(W, KW, a.stride[1], a.padding[1], a.dilation[1]);
  const shape = [N, O, Ho, Wo];
  const y = alloc(N * O * Ho * Wo);
  if (bias !== null) {
    const plane = Ho * Wo;
    for (let n = 0; n < N; n++) for (let o = 0; o < O; o++) y.fill(bias.data[o], (n * O + o) * plane, (n * O + o + 1) * plane);
  }
  walk(Mode.Forward, x.data, w.data, y, x.shape, w.shape, shape, a);
  return { data: y, shape };
}

export function conv2dBackwardInput(g: Arr, w: Arr, xs: readonly number[], a: ConvAttrs): Float64Array {
  const dx = alloc(xs[0] * xs[1] * xs[2] * xs[3]);
  walk(Mode.Input, dx, w.data, g.data, xs, w.shape, g.shape, a);
  return dx;
}

export function conv2dBackwardWeight(g: Arr, x: Arr, ws: readonly number[], a: ConvAttrs): Float64Array {
  const dw = alloc(ws[0] * ws[1] * ws[2] * ws[3]);
  walk(Mode.Weight, x.data, dw, g.data, x.shape, ws, g.shape, a);
  return dw;
}
