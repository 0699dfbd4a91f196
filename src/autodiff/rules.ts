/**
 * THE table of vector-Jacobian products: one entry per primitive the tensor layer records, each with
 * its forward formula beside its backward rule (micrograd's nearness), returning one gradient per
 * input (null only for an input that needs none). The tape asserts every gradient's shape; rules
 * for broadcasting primitives sum their gradients back to the input's shape with `unb`.
 * Kink conventions follow PyTorch and are listed in docs/autodiff.md.
 */
import { alloc } from "../tensor/alloc.js";
import { Bin, binaryKernel, Un, unaryKernel } from "../tensor/kernels/elementwise.js";
import { broadcastTo, maxBackward, sumTo } from "../tensor/kernels/reduce.js";
import { around, windowCopy } from "../tensor/kernels/layout.js";
import { softmaxBackwardKernel } from "../tensor/kernels/softmax.js";
import { inverseOf, luDecompose, transposeSquare } from "../tensor/kernels/linalg.js";
import type { Attrs } from "../tensor/record.js";
import { broadcastShapes, keptShape, sameShape } from "../tensor/shape.js";
import { matmulForward, permuted, Tensor } from "../tensor/tensor.js";
import { conv2dBackwardInput, conv2dBackwardWeight } from "../tensor/kernels/conv.js";
import { avgPoolBackward, maxPoolBackward } from "../tensor/kernels/pool.js";

type Grads = Array<Tensor | null>;
export type Vjp = (g: Tensor, y: Tensor, x: Tensor[], a: Attrs, needs: boolean[]) => Grads;
export interface Rule {
  /** The forward computation, for the reader. */
  forward: string;
  vjp: Vjp;
}

/** X⁻ᵀ for the determinant rules; a singular X is an error naming the primitive. */
function inverseTransposed(op: string, x: Tensor): Tensor {
  const n = x.shape[0];
  const inv = inverseOf(luDecompose(x.data, n), n);
  if (inv === null) throw new RangeError(`autodiff: the gradient of ${op} at a singular ${n}×${n} matrix is not computed`);
  return new Tensor(transposeSquare(inv, n), x.shape);
}

/** Sum a broadcast gradient back to the input's shape. */
function unb(g: Tensor, x: Tensor): Tensor {
  if (sameShape(g.shape, x.shape)) return g;
  return new Tensor(sumTo(g.data, g.shape, x.shape), x.shape);
}

/** g times a local derivative that is a function of one tensor (no broadcasting). */
function times(g: Tensor, code: Un, x: Tensor, p = 0): Tensor {
  const d = unaryKernel(code, x.data, p), gd = g.data;
  for (let i = 0; i < d.length; i++) d[i] *= gd[i];
  return new Tensor(d, x.shape);
}

/** g times a local derivative depending on both operands of a broadcasting primitive, summed back to `to`. */
function times2(g: Tensor, code: Bin, a: Tensor, b: Tensor, to: Tensor, complement = false): Tensor {
  const s = broadcastShapes("vjp", a.shape, b.shape);
  const d = binaryKernel(code, a.data, a.shape, b.data, b.shape, s), gd = g.data;
  if (complement) for (let i = 0; i < d.length; i++) d[i] = (1 - d[i]) * gd[i];
  else for (let i = 0; i < d.length; i++) d[i] *= gd[i];
  return unb(new Tensor(d, s), to);
}

/**
 * The VJP of a broadcasting binary primitive whose local derivatives are elementwise functions of
 * both operands: `da(a, b)` for a, and `db(a, b)` (or 1 − db with `complementB`) for b.
 */
function localPair(da: Bin, db: Bin, complementB = false): Vjp {
  return (g, _y, [a, b], _, n) => [n[0] ? times2(g, da, a, b, a) : null, n[1] ? times2(g, db, a, b, b, complementB) : null];
}

/** Elementwise g ∘ f(y) where f is given inline: avoids temporaries for the hot activations. */
function mapGY(g: Tensor, y: Tensor, f: (g: number, y: number) => number): Tensor {
  const out = alloc(g.data.length), gd = g.data, yd = y.data;
  for (let i = 0; i < out.length; i++) out[i] = f(gd[i], yd[i]);
  return new Tensor(out, y.shape);
}

export const rules: Record<string, Rule> = {
  add: { forward: "y = a + b", vjp: (g, _y, [a, b]) => [unb(g, a), unb(g, b)] },
  sub: { forward: "y = a − b", vjp: (g, _y, [a, b], _, n) => [unb(g, a), n[1] ? unb(g.neg(), b) : null] },
  mul: {
    forward: "y = a ∘ b",
    vjp: (g, _y, [a, b], _, n) => [n[0] ? unb(g.mul(b), a) : null, n[1] ? unb(g.mul(a), b) : null],
  },
  div: {
    forward: "y = a / b",
    vjp: (g, y, [a, b], _, n) => [n[0] ? unb(g.div(b), a) : null, n[1] ? unb(g.mul(y).div(b).neg(), b) : null],
  },
  pow: { forward: "y = a^b", vjp: localPair(Bin.PowDa, Bin.PowDb) },
  powScalar: {
    forward: "y = x^p (p a number)",
    // torch returns zeros for p = 0 (instead of 0·x^-1, NaN at 0).
    vjp: (g, _y, [x], { p = 0 }) => [p === 0 ? g.mul(0) : times(g, Un.PowScalar, x, p - 1).mul(p)],
  },
  neg: { forward: "y = −x", vjp: (g) => [g.neg()] },
  exp: { forward: "y = eˣ", vjp: (g, y) => [mapGY(g, y, (gi, yi) => gi * yi)] },
  log: { forward: "y = log x", vjp: (g, _y, [x]) => [g.div(x)] },
  tanh: { forward: "y = tanh x", vjp: (g, y) => [mapGY(g, y, (gi, yi) => gi * (1 - yi * yi))] },
  sigmoid: { forward: "y = 1/(1+e⁻ˣ)", vjp: (g, y) => [mapGY(g, y, (gi, yi) => gi * yi * (1 - yi))] },
  relu: { forward: "y = max(x, 0)", vjp: (g, _y, [x]) => [times(g, Un.ReluMask, x)] },
  leakyRelu: { forward: "y = x > 0 ? x : αx", vjp: (g, _y, [x], { p = 0 }) => [times(g, Un.LeakyMask, x, p)] },
  softplus: { forward: "y = log(1 + eˣ)", vjp: (g, _y, [x]) => [times(g, Un.Sigmoid, x)] },
  sin: { forward: "y = sin x", vjp: (g, _y, [x]) => [times(g, Un.Cos, x)] },
  cos: { forward: "y = cos x", vjp: (g, _y, [x]) => [times(g, Un.Sin, x).neg()] },
  abs: { forward: "y = |x|", vjp: (g, _y, [x]) => [times(g, Un.Sign, x)] },
  sqrt: { forward: "y = √x", vjp: (g, y) => [mapGY(g, y, (gi, yi) => gi / (2 * yi))] },
  // Ties split the gradient evenly (the masks are 1/2 there), so b's mask is 1 − a's.
  maximum: { forward: "y = max(a, b) elementwise", vjp: localPair(Bin.MaxMask, Bin.MaxMask, true) },
  minimum: { forward: "y = min(a, b) elementwise", vjp: localPair(Bin.MinMask, Bin.MinMask, true) },
  prelu: { forward: "y = x > 0 ? x : θx (θ broadcast over x)", vjp: localPair(Bin.PreluDx, Bin.PreluDt) },
  matmul: {
    forward: "Y = A B (batched over leading axes)",
    vjp: (g, _y, [a, b], _, n) => [
      n[0] ? unb(matmulForward(g, b, false, true), a) : null,
      n[1] ? unb(matmulForward(a, g, true, false), b) : null,
    ],
  },
  permute: {
    forward: "y = x with axes permuted (output axis j = input axis perm[j])",
    vjp: (g, _y, _x, { perm = [] }) => {
      const inv = new Array<number>(perm.length);
      for (let j = 0; j < perm.length; j++) inv[perm[j]] = j;
      return [permuted(g, inv)];
    },
  },
  reshape: { forward: "y = x with a new shape", vjp: (g, _y, [x]) => [new Tensor(g.data, x.shape)] },
  slice: {
    forward: "y = x[..., start:end, ...] along an axis",
    vjp: (g, _y, [x], { axis = 0, start = 0, end = 0 }) => {
      const [outer, n, inner] = around(x.shape, axis);
      const dx = alloc(x.size);
      windowCopy(dx, g.data, outer, n, start, end - start, inner, true);
      return [new Tensor(dx, x.shape)];
    },
  },
  pick: {
    forward: "y[i] = x[i, index[i]]",
    vjp: (g, _y, [x], { index = new Int32Array(0) }) => {
      const dx = alloc(x.size), C = x.shape[1];
      for (let b = 0; b < index.length; b++) dx[b * C + index[b]] = g.data[b];
      return [new Tensor(dx, x.shape)];
    },
  },
  concat: {
    forward: "y = [x₀, x₁, ...] joined along an axis",
    vjp: (g, _y, xs, { axis = 0 }) => {
      let start = 0;
      return xs.map((x) => {
        const part = g.slice(axis, start, start + x.shape[axis]);
        start += x.shape[axis];
        return part;
      });
    },
  },
  expand: { forward: "y = x broadcast to a larger shape", vjp: (g, _y, [x]) => [unb(g, x)] },
  sum: {
    forward: "y = Σ x over axes",
    vjp: (g, _y, [x], { axes = [] }) => [new Tensor(broadcastTo(g.data, keptShape(x.shape, axes), x.shape), x.shape)],
  },
  max: {
    forward: "y = max x over axes",
    vjp: (g, y, [x], { axes = [] }) => [new Tensor(maxBackward(x.data, x.shape, y.data, g.data, keptShape(x.shape, axes)), x.shape)],
  },
  softmax: {
    forward: "s = e^(x − max x) / Σ e^(x − max x) along an axis",
    vjp: (g, y, [x], { axis = 0 }) => [new Tensor(softmaxBackwardKernel(y.data, g.data, x.shape, axis, false), x.shape)],
  },
  logSoftmax: {
    forward: "y = x − logΣeˣ along an axis",
    vjp: (g, y, [x], { axis = 0 }) => [new Tensor(softmaxBackwardKernel(y.data, g.data, x.shape, axis, true), x.shape)],
  },
  inverse: {
    forward: "Y = X⁻¹",
    // dY = −Y dX Y, so X̄ = −Yᵀ Ȳ Yᵀ.
    vjp: (g, y) => [matmulForward(matmulForward(y, g, true, false), y, false, true).neg()],
  },
  det: {
    forward: "y = det X",
    // ∂det X/∂X = det X · X⁻ᵀ (Jacobi's formula); singular X has no inverse to write it with.
    vjp: (g, y, [x]) => [inverseTransposed("det", x).mul(g.item() * y.item())],
  },
  logAbsDet: {
    forward: "y = log|det X|",
    vjp: (g, _y, [x]) => [inverseTransposed("logAbsDet", x).mul(g.item())],
  },
  norm: {
    forward: "y = ‖x‖₂ over all entries (Frobenius for a matrix)",
    // torch's subgradient at x = 0 is 0.
    vjp: (g, y, [x]) => {
      const r = y.item();
      return [r === 0 ? x.mul(0) : x.mul(g.item() / r)];
    },
  },
  conv2d: {
    forward: "y[n,o] = Σ_c w[o,c] ⋆ x[n,c] (+ bias[o]), NCHW, stride/padding/dilation",
    vjp: (g, _y, x, { conv }, n) => {
      const [inp, w] = x;
      if (conv === undefined) throw new Error("autodiff: conv2d recorded without its parameters");
      return [
        n[0] ? new Tensor(conv2dBackwardInput(g, w, inp.shape, conv), inp.shape) : null,
        n[1] ? new Tensor(conv2dBackwardWeight(g, inp, w.shape, conv), w.shape) : null,
        ...(x.length === 3 ? [n[2] ? new Tensor(sumTo(g.data, g.shape, [1, g.shape[1], 1, 1]), x[2].shape) : null] : []),
      ];
    },
  },
  maxPool2d: {
    forward: "y = max over each (dilated) window, padding ignored",
    vjp: (g, _y, [x], { argmax }) => {
      if (argmax === undefined) throw new Error("autodiff: maxPool2d recorded without its argmax");
      return [new Tensor(maxPoolBackward(g.data, argmax, x.data.length), x.shape)];
    },
  },
  avgPool2d: {
    forward: "y = mean over each window (torch's count_include_pad divisor by default)",
    vjp: (g, _y, [x], { pool }) => {
      if (pool === undefined) throw new Error("autodiff: avgPool2d recorded without its parameters");
      return [new Tensor(avgPoolBackward(g.data, x.shape, pool), x.shape)];
    },
  },
};
