/**
 * Softmax and log-softmax along one axis, stabilised by subtracting the running maximum, and their
 * O(n) backward passes (s ∘ (g − Σ s∘g) and g − e^y Σ g), never the n×n Jacobian.
 */
import { alloc } from "../alloc.js";
import type { Shape } from "../shape.js";
import { around } from "./layout.js";

export function softmaxKernel(x: Float64Array, xs: Shape, axis: number, log: boolean): Float64Array {
  const [outer, len, inner] = around(xs, axis);
  const out = alloc(x.length);
  for (let o = 0; o < outer; o++) {
    for (let q = 0; q < inner; q++) {
      const base = o * len * inner + q;
      let mx = -Infinity;
      for (let i = 0; i < len; i++) { const v = x[base + i * inner]; if (v > mx) mx = v; }
      if (mx === -Infinity) mx = 0;
      let s = 0;
      for (let i = 0; i < len; i++) {
        const e = Math.exp(x[base + i * inner] - mx);
        out[base + i * inner] = e;
        s += e;
      }
      if (log) {
        // (x − max) − log Σ, in torch's order: exact when x is the maximum.
        const ls = Math.log(s);
        for (let i = 0; i < len; i++) out[base + i * inner] = x[base + i * inner] - mx - ls;
      } else {
        const r = 1 / s;
        for (let i = 0; i < len; i++) out[base + i * inner] *= r;
      }
    }
  }
  return out;
}

/** dx given y = softmax(x) (or log-softmax when `log`) and the upstream gradient g. */
export function softmaxBackwardKernel(y: Float64Array, g: Float64Array, xs: Shape, axis: number, log: boolean): Float64Array {
  const [outer, len, inner] = around(xs, axis);
  const dx = alloc(y.length);
  for (let o = 0; o < outer; o++) {
    for (let q = 0; q < inner; q++) {
      const base = o * len * inner + q;
      let s = 0;
      if (log) {
        for (let i = 0; i < len; i++) s += g[base + i * inner];
        for (let i = 0; i < len; i++) { const k = base + i * inner; dx[k] = g[k] - Math.exp(y[k]) * s; }
      } else {
        for (let i = 0; i < len; i++) { const k = base + i * inner; s += y[k] * g[k]; }
        for (let i = 0; i < len; i++) { const k = base + i * inner; dx[k] = y[k] * (g[k] - s); }
      }
    }
  }
  return dx;
}
