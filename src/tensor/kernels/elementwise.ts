/**
 * Elementwise kernels on flat Float64Arrays. Binary operations broadcast (NumPy rules) through
 * index maps; the same-shape and scalar cases, which dominate small workloads, get plain loops.
 */
import { alloc } from "../alloc.js";
import { broadcastIndex, sameShape, sizeOf, type Shape } from "../shape.js";

export enum Bin {
  Add, Sub, Mul, Div, Pow, Maximum, Minimum, Prelu,
  // Backward helpers: local derivatives that depend on both operands.
  MaxMask, MinMask, PreluDx, PreluDt, PowDa, PowDb, Eq,
}

const scalarFns: Array<(x: number, y: number) => number> = [];
scalarFns[Bin.Add] = (x, y) => x + y;
scalarFns[Bin.Sub] = (x, y) => x - y;
scalarFns[Bin.Mul] = (x, y) => x * y;
scalarFns[Bin.Div] = (x, y) => x / y;
scalarFns[Bin.Pow] = (x, y) => Math.pow(x, y);
// NaN propagates like torch.maximum / torch.minimum.
scalarFns[Bin.Maximum] = (x, y) => (x !== x || y !== y ? NaN : x > y ? x : y);
scalarFns[Bin.Minimum] = (x, y) => (x !== x || y !== y ? NaN : x < y ? x : y);
scalarFns[Bin.Prelu] = (x, t) => (x > 0 ? x : t * x);
// Ties split the gradient evenly, as torch.maximum / torch.minimum do.
scalarFns[Bin.MaxMask] = (x, y) => (x > y ? 1 : x === y ? 0.5 : 0);
scalarFns[Bin.MinMask] = (x, y) => (x < y ? 1 : x === y ? 0.5 : 0);
scalarFns[Bin.PreluDx] = (x, t) => (x > 0 ? 1 : t);
scalarFns[Bin.PreluDt] = (x, _t) => (x > 0 ? 0 : x);
scalarFns[Bin.PowDa] = (x, y) => (y === 0 ? 0 : y * Math.pow(x, y - 1));
// torch masks d(x^y)/dy to 0 where x == 0 and y >= 0 (the limit of x^y log x).
scalarFns[Bin.PowDb] = (x, y) => (x === 0 && y >= 0 ? 0 : Math.pow(x, y) * Math.log(x));
scalarFns[Bin.Eq] = (x, y) => (x === y ? 1 : 0);

/** out = a (op) b with `outShape` the broadcast of both shapes. */
export function binaryKernel(code: Bin, a: Float64Array, as: Shape, b: Float64Array, bs: Shape, outShape: Shape): Float64Array {
  const n = sizeOf(outShape);
  const out = alloc(n);
  if (a.length === n && b.length === n && sameShape(as, bs)) {
    switch (code) {
      case Bin.Add: for (let i = 0; i < n; i++) out[i] = a[i] + b[i]; return out;
      case Bin.Sub: for (let i = 0; i < n; i++) out[i] = a[i] - b[i]; return out;
      case Bin.Mul: for (let i = 0; i < n; i++) out[i] = a[i] * b[i]; return out;
      case Bin.Div: for (let i = 0; i < n; i++) out[i] = a[i] / b[i]; return out;
      default: {
        const f = scalarFns[code];
        for (let i = 0; i < n; i++) out[i] = f(a[i], b[i]);
        return out;
      }
    }
  }
  if (b.length === 1 && a.length === n) {
    const y = b[0];
    switch (code) {
      case Bin.Add: for (let i = 0; i < n; i++) out[i] = a[i] + y; return out;
      case Bin.Sub: for (let i = 0; i < n; i++) out[i] = a[i] - y; return out;
      case Bin.Mul: for (let i = 0; i < n; i++) out[i] = a[i] * y; return out;
      case Bin.Div: for (let i = 0; i < n; i++) out[i] = a[i] / y; return out;
      default: {
        const f = scalarFns[code];
        for (let i = 0; i < n; i++) out[i] = f(a[i], y);
        return out;
      }
    }
  }
  if (a.length === 1 && b.length === n) {
    const x = a[0];
    const f = scalarFns[code];
    for (let i = 0; i < n; i++) out[i] = f(x, b[i]);
    return out;
  }
  const ia = sameShape(as, outShape) ? null : broadcastIndex(outShape, as);
  const ib = sameShape(bs, outShape) ? null : broadcastIndex(outShape, bs);
  const f = scalarFns[code];
  for (let i = 0; i < n; i++) out[i] = f(a[ia === null ? i : ia[i]], b[ib === null ? i : ib[i]]);
  return out;
}

export enum Un {
  Neg, Exp, Log, Tanh, Sigmoid, Relu, LeakyRelu, Softplus, Sin, Cos, Abs, Sqrt, PowScalar,
  // Backward helpers.
  Sign, ReluMask, LeakyMask,
}

/** out = f(x) elementwise; `p` is the op's parameter (alpha, exponent) where it has one. */
export function unaryKernel(code: Un, x: Float64Array, p = 0): Float64Array {
  const n = x.length;
  const out = alloc(n);
  switch (code) {
    case Un.Neg: for (let i = 0; i < n; i++) out[i] = -x[i]; break;
    case Un.Exp: for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]); break;
    case Un.Log: for (let i = 0; i < n; i++) out[i] = Math.log(x[i]); break;
    case Un.Tanh: for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]); break;
    case Un.Sigmoid:
      // Split by sign so exp never overflows.
      for (let i = 0; i < n; i++) {
        const v = x[i];
        if (v >= 0) out[i] = 1 / (1 + Math.exp(-v));
        else { const e = Math.exp(v); out[i] = e / (1 + e); }
      }
      break;
    case Un.Relu: for (let i = 0; i < n; i++) { const v = x[i]; out[i] = v > 0 ? v : v !== v ? v : 0; } break;
    case Un.LeakyRelu: for (let i = 0; i < n; i++) { const v = x[i]; out[i] = v > 0 ? v : p * v; } break;
    case Un.Softplus:
      // log(1 + e^x) = max(x, 0) + log1p(e^-|x|): exact in float64 for every x, no overflow.
      for (let i = 0; i < n; i++) { const v = x[i]; out[i] = (v > 0 ? v : 0) + Math.log1p(Math.exp(-Math.abs(v))); }
      break;
    case Un.Sin: for (let i = 0; i < n; i++) out[i] = Math.sin(x[i]); break;
    case Un.Cos: for (let i = 0; i < n; i++) out[i] = Math.cos(x[i]); break;
    case Un.Abs: for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]); break;
    case Un.Sqrt: for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]); break;
    case Un.PowScalar:
      if (p === 2) for (let i = 0; i < n; i++) out[i] = x[i] * x[i];
      else for (let i = 0; i < n; i++) out[i] = Math.pow(x[i], p);
      break;
    case Un.Sign: for (let i = 0; i < n; i++) { const v = x[i]; out[i] = v > 0 ? 1 : v < 0 ? -1 : 0; } break;
    case Un.ReluMask: for (let i = 0; i < n; i++) out[i] = x[i] > 0 ? 1 : 0; break;
    case Un.LeakyMask: for (let i = 0; i < n; i++) out[i] = x[i] > 0 ? 1 : p; break;
  }
  return out;
}
