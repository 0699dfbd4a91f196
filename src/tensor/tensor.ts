/**
 * The float64 N-d tensor: a Float64Array in row-major order plus a shape. Tensors are immutable
 * values; every method returns a new tensor and reports the primitive it computed to the active
 * recorder (see record.ts), so code written against these methods is differentiable unchanged.
 */
import { alloc } from "./alloc.js";
import { Bin, binaryKernel, Un, unaryKernel } from "./kernels/elementwise.js";
import { around, permuteKernel, windowCopy } from "./kernels/layout.js";
import { gemm } from "./kernels/matmul.js";
import { broadcastTo, maxTo, sumTo } from "./kernels/reduce.js";
import { softmaxKernel } from "./kernels/softmax.js";
import { detOf, inverseOf, logAbsDetOf, luDecompose } from "./kernels/linalg.js";
import { type Attrs, recorder } from "./record.js";
import {
  broadcastIndex, broadcastShapes, broadcastsTo, checkShape, droppedShape, keptShape, normAxes, normAxis,
  sameShape, shapeStr, sizeOf,
} from "./shape.js";

export type Nested = number | Nested[];
export type Axis = number | readonly number[];

export class Tensor {
  readonly shape: readonly number[];
  readonly data: Float64Array;

  // Autodiff bookkeeping, written only by the recorder that src/autodiff installs.
  /** @internal */ _tape: object | null = null;
  /** @internal */ _op = "";
  /** @internal */ _inputs: Tensor[] | null = null;
  /** @internal */ _attrs: Attrs | null = null;
  /** @internal */ _grad: Tensor | null = null;

  constructor(data: Float64Array, shape: readonly number[]) {
    if (!(data instanceof Float64Array)) throw new TypeError("Tensor: data must be a Float64Array (use tensor(...) for arrays)");
    if (data.length !== sizeOf(shape)) {
      if (!shape.every((d) => Number.isInteger(d) && d >= 0)) throw new RangeError(`Tensor: shape ${shapeStr(shape)} has an entry that is not a size`);
      throw new RangeError(`Tensor: ${data.length} values do not fill shape ${shapeStr(shape)} (${sizeOf(shape)} needed)`);
    }
    this.data = data;
    this.shape = shape;
  }

  get ndim(): number { return this.shape.length; }
  get size(): number { return this.data.length; }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.data.length !== 1) throw new RangeError(`item: tensor of shape ${shapeStr(this.shape)} has ${this.data.length} elements, not 1`);
    return this.data[0];
  }

  /** Nested arrays (a number for a 0-d tensor). */
  toArray(): Nested {
    const rec = (axis: number, off: number): Nested => {
      if (axis === this.shape.length) return this.data[off];
      let inner = 1;
      for (let i = axis + 1; i < this.shape.length; i++) inner *= this.shape[i];
      const out: Nested[] = [];
      for (let i = 0; i < this.shape[axis]; i++) out.push(rec(axis + 1, off + i * inner));
      return out;
    };
    return rec(0, 0);
  }

  /** JSON.stringify(t): the shape and the values (never the autodiff bookkeeping). */
  toJSON(): { shape: number[]; data: number[] } {
    return { shape: this.shape.slice(), data: Array.from(this.data) };
  }

  toString(): string {
    return `Tensor(${shapeStr(this.shape)}) ${JSON.stringify(this.toArray())}`;
  }

  // ---- elementwise, broadcasting ----
  add(o: Tensor | number): Tensor { return binary("add", Bin.Add, this, o); }
  sub(o: Tensor | number): Tensor { return binary("sub", Bin.Sub, this, o); }
  mul(o: Tensor | number): Tensor { return binary("mul", Bin.Mul, this, o); }
  div(o: Tensor | number): Tensor { return binary("div", Bin.Div, this, o); }
  maximum(o: Tensor | number): Tensor { return binary("maximum", Bin.Maximum, this, o); }
  minimum(o: Tensor | number): Tensor { return binary("minimum", Bin.Minimum, this, o); }
  /** x^p: a number exponent is its own primitive (no log(x) needed, negative bases fine). */
  pow(o: Tensor | number): Tensor {
    return typeof o === "number" ? unary("powScalar", Un.PowScalar, this, o) : binary("pow", Bin.Pow, this, o);
  }
  square(): Tensor { return unary("powScalar", Un.PowScalar, this, 2); }

  neg(): Tensor { return unary("neg", Un.Neg, this); }
  exp(): Tensor { return unary("exp", Un.Exp, this); }
  log(): Tensor { return unary("log", Un.Log, this); }
  tanh(): Tensor { return unary("tanh", Un.Tanh, this); }
  sigmoid(): Tensor { return unary("sigmoid", Un.Sigmoid, this); }
  relu(): Tensor { return unary("relu", Un.Relu, this); }
  /** max(x, 0) + alpha·min(x, 0); torch's default alpha 0.01. */
  leakyRelu(alpha = 0.01): Tensor { return unary("leakyRelu", Un.LeakyRelu, this, alpha); }
  /** log(1 + eˣ), computed without overflow. */
  softplus(): Tensor { return unary("softplus", Un.Softplus, this); }
  sin(): Tensor { return unary("sin", Un.Sin, this); }
  cos(): Tensor { return unary("cos", Un.Cos, this); }
  abs(): Tensor { return unary("abs", Un.Abs, this); }
  sqrt(): Tensor { return unary("sqrt", Un.Sqrt, this); }

  // ---- linear algebra and layout ----
  /**
   * Matrix product with torch.matmul semantics: 2-D @ 2-D, batched (leading axes broadcast), and a
   * 1-D operand promoted to a row (left) or column (right) and dropped from the result.
   */
  matmul(o: Tensor): Tensor {
    if (this.ndim === 0 || o.ndim === 0) {
      throw new RangeError(`matmul: both operands need at least 1 dimension, got ${shapeStr(this.shape)} @ ${shapeStr(o.shape)}`);
    }
    if (this.ndim === 1 || o.ndim === 1) {
      const a = this.ndim === 1 ? this.reshape([1, this.shape[0]]) : this;
      const b = o.ndim === 1 ? o.reshape([o.shape[0], 1]) : o;
      if (a.shape[a.ndim - 1] !== b.shape[b.ndim - 2]) {
        throw new RangeError(`matmul: inner sizes differ: ${shapeStr(this.shape)} @ ${shapeStr(o.shape)}`);
      }
      const r = a.matmul(b);
      const s = r.shape.slice();
      if (o.ndim === 1) s.splice(s.length - 1, 1);
      if (this.ndim === 1) s.splice(s.length - (o.ndim === 1 ? 1 : 2), 1);
      return r.reshape(s);
    }
    const out = matmulForward(this, o, false, false);
    if (recorder !== null) recorder.record("matmul", [this, o], out, null);
    return out;
  }

  /**
   * No axes: reverse all axes (the matrix transpose for 2-D). Two axes: swap them (torch.transpose;
   * the same axis twice is the identity). A full permutation of 3 or more axes: permute (numpy.transpose).
   */
  transpose(...axes: Array<number | readonly number[]>): Tensor {
    const flat = flatArgs(axes);
    const n = this.ndim;
    let perm: number[];
    if (flat.length === 0) perm = Array.from({ length: n }, (_, i) => n - 1 - i);
    else if (flat.length === 2) {
      const i = normAxis("transpose", flat[0], n), j = normAxis("transpose", flat[1], n);
      perm = Array.from({ length: n }, (_, k) => k);
      perm[i] = j;
      perm[j] = i;
    } else perm = flat;
    return this.permute(perm);
  }

  /** The 2-D transpose. */
  get T(): Tensor {
    if (this.ndim !== 2) throw new RangeError(`T: needs a 2-D tensor, got shape ${shapeStr(this.shape)}; use transpose(...) for other ranks`);
    return permuted(this, SWAP2, SWAP2_ATTRS);
  }

  /** Output axis j is input axis perm[j]. */
  permute(...perm: Array<number | readonly number[]>): Tensor {
    const p = flatArgs(perm);
    const n = this.ndim;
    if (p.length !== n) throw new RangeError(`permute: need ${n} axes for shape ${shapeStr(this.shape)}, got [${p.join(",")}]`);
    const norm = p.map((a) => normAxis("permute", a, n));
    if (new Set(norm).size !== n) throw new RangeError(`permute: [${p.join(",")}] is not a permutation of the axes of ${shapeStr(this.shape)}`);
    if (norm.every((a, i) => a === i)) return this.reshape(this.shape);
    return permuted(this, norm);
  }

  /** Same data, new shape; one entry may be -1 (inferred). */
  reshape(...shape: Array<number | readonly number[]>): Tensor {
    const want = flatArgs(shape);
    const hole = want.indexOf(-1);
    if (want.lastIndexOf(-1) !== hole) throw new RangeError(`reshape: only one -1 allowed, got ${shapeStr(want)}`);
    const s = checkShape("reshape", want.map((d) => (d === -1 ? 1 : d)));
    const known = sizeOf(s);
    if (hole >= 0 && known > 0 && this.size % known === 0) s[hole] = this.size / known;
    if (sizeOf(s) !== this.size || (hole >= 0 && known === 0)) {
      throw new RangeError(`reshape: cannot reshape ${shapeStr(this.shape)} (${this.size} elements) to ${shapeStr(want)}`);
    }
    const out = new Tensor(this.data, s);
    if (recorder !== null) recorder.record("reshape", [this], out, null);
    return out;
  }

  /** The entries [start, end) along `axis` (negative positions count from the end, like Array.slice). */
  slice(axis: number, start: number, end?: number): Tensor {
    const a = normAxis("slice", axis, this.ndim);
    const n = this.shape[a];
    const lo = clampIndex(start, n), hi = end === undefined ? n : clampIndex(end, n);
    if (!Number.isInteger(start) || (end !== undefined && !Number.isInteger(end)) || hi < lo) {
      throw new RangeError(`slice: cannot take [${start}, ${end ?? n}) of axis ${axis} (size ${n}) of ${shapeStr(this.shape)}`);
    }
    const shape = this.shape.slice();
    shape[a] = hi - lo;
    const [outer, , inner] = around(this.shape, a);
    const data = alloc(sizeOf(shape));
    windowCopy(this.data, data, outer, n, lo, hi - lo, inner, false);
    const out = new Tensor(data, shape);
    if (recorder !== null) recorder.record("slice", [this], out, { axis: a, start: lo, end: hi });
    return out;
  }

  /** Entry `index` of `axis`, the axis removed (torch.select); negative indices count from the end. */
  select(axis: number, index: number): Tensor {
    const a = normAxis("select", axis, this.ndim);
    const n = this.shape[a];
    if (!Number.isInteger(index) || index < -n || index >= n) {
      throw new RangeError(`select: index ${index} is out of range for axis ${axis} (size ${n}) of ${shapeStr(this.shape)}`);
    }
    const i = index < 0 ? index + n : index;
    return this.slice(a, i, i + 1).reshape(this.shape.filter((_, k) => k !== a));
  }

  /** One entry as a 0-d tensor: `X.at(i, j)`. */
  at(...index: number[]): Tensor {
    if (index.length !== this.ndim) throw new RangeError(`at: need ${this.ndim} indices for shape ${shapeStr(this.shape)}, got ${index.length}`);
    let t: Tensor = this;
    for (const i of index) t = t.select(0, i);
    return t;
  }

  /** x[i, columns[i]] for every row i of a matrix (torch: x[arange(B), columns]), shape [B]. */
  pick(columns: ArrayLike<number>): Tensor {
    if (this.ndim !== 2) throw new RangeError(`pick: needs a matrix, got shape ${shapeStr(this.shape)}`);
    const [B, C] = this.shape;
    if (columns.length !== B) throw new RangeError(`pick: need one column per row (${B}), got ${columns.length}`);
    const index = new Int32Array(B);
    const data = alloc(B);
    for (let b = 0; b < B; b++) {
      const c = columns[b];
      if (!Number.isInteger(c) || c < 0 || c >= C) throw new RangeError(`pick: column ${c} for row ${b} is not in 0..${C - 1}`);
      index[b] = c;
      data[b] = this.data[b * C + c];
    }
    const out = new Tensor(data, [B]);
    if (recorder !== null) recorder.record("pick", [this], out, { index });
    return out;
  }

  /** Drops `axis` (which must have size 1), or every size-1 axis. */
  squeeze(axis?: number): Tensor {
    if (axis === undefined) return this.reshape(this.shape.filter((d) => d !== 1));
    const a = normAxis("squeeze", axis, this.ndim);
    if (this.shape[a] !== 1) throw new RangeError(`squeeze: axis ${axis} of ${shapeStr(this.shape)} has size ${this.shape[a]}, not 1`);
    return this.reshape(this.shape.filter((_, k) => k !== a));
  }

  /** Inserts a size-1 axis at position `axis` (0..ndim; negative counts from the end). */
  unsqueeze(axis: number): Tensor {
    const a = normAxis("unsqueeze", axis, this.ndim + 1);
    const s = this.shape.slice();
    s.splice(a, 0, 1);
    return this.reshape(s);
  }

  /** Broadcast to a larger shape (NumPy rules). */
  expand(...shape: Array<number | readonly number[]>): Tensor {
    const s = checkShape("expand", flatArgs(shape));
    if (!broadcastsTo(this.shape, s)) throw new RangeError(`expand: shape ${shapeStr(this.shape)} does not broadcast to ${shapeStr(s)}`);
    const out = new Tensor(broadcastTo(this.data, this.shape, s), s);
    if (recorder !== null) recorder.record("expand", [this], out, null);
    return out;
  }

  // ---- reductions ----
  sum(axis?: Axis, keepdims = false): Tensor {
    if (axis === undefined && !keepdims) {
      // The common loss reduction: no index maps, no shape bookkeeping.
      const d = this.data;
      let s = 0;
      for (let i = 0; i < d.length; i++) s += d[i];
      const out = new Tensor(Float64Array.of(s), []);
      if (recorder !== null) recorder.record("sum", [this], out, sumAllAttrs(this.ndim));
      return out;
    }
    const axes = normAxes("sum", axis, this.ndim);
    const kept = keptShape(this.shape, axes);
    const out = new Tensor(sumTo(this.data, this.shape, kept), keepdims ? kept : droppedShape(this.shape, axes));
    if (recorder !== null) recorder.record("sum", [this], out, { axes });
    return out;
  }

  mean(axis?: Axis, keepdims = false): Tensor {
    const axes = normAxes("mean", axis, this.ndim);
    let n = 1;
    for (const a of axes) n *= this.shape[a];
    if (n === 0) throw new RangeError(`mean: reducing an empty axis of shape ${shapeStr(this.shape)}`);
    return this.sum(axes, keepdims).mul(1 / n);
  }

  max(axis?: Axis, keepdims = false): Tensor {
    const axes = normAxes("max", axis, this.ndim);
    for (const a of axes) {
      if (this.shape[a] === 0) throw new RangeError(`max: reducing an empty axis of shape ${shapeStr(this.shape)}`);
    }
    const kept = keptShape(this.shape, axes);
    const out = new Tensor(maxTo(this.data, this.shape, kept), keepdims ? kept : droppedShape(this.shape, axes));
    if (recorder !== null) recorder.record("max", [this], out, { axes });
    return out;
  }

  min(axis?: Axis, keepdims = false): Tensor {
    return this.neg().max(axis, keepdims).neg();
  }

  /** Numerically stable softmax along `axis` (default the last). */
  softmax(axis = -1): Tensor {
    const a = normAxis("softmax", axis, this.ndim);
    const out = new Tensor(softmaxKernel(this.data, this.shape, a, false), this.shape);
    if (recorder !== null) recorder.record("softmax", [this], out, { axis: a });
    return out;
  }

  /** x − logsumexp(x) along `axis` (default the last). */
  logSoftmax(axis = -1): Tensor {
    const a = normAxis("logSoftmax", axis, this.ndim);
    const out = new Tensor(softmaxKernel(this.data, this.shape, a, true), this.shape);
    if (recorder !== null) recorder.record("logSoftmax", [this], out, { axis: a });
    return out;
  }

  // ---- linear algebra (square 2-D matrices) and norms ----
  /** A⁻¹ (torch.linalg.inv); a singular matrix is an error. */
  inverse(): Tensor {
    const n = squareSize("inverse", this);
    const inv = inverseOf(luDecompose(this.data, n), n);
    if (inv === null) throw new RangeError(`inverse: the ${n}×${n} matrix is singular`);
    const out = new Tensor(inv, [n, n]);
    if (recorder !== null) recorder.record("inverse", [this], out, null);
    return out;
  }

  /** det A (torch.linalg.det), 0-d. */
  det(): Tensor {
    const n = squareSize("det", this);
    const out = scalarTensor(detOf(luDecompose(this.data, n), n));
    if (recorder !== null) recorder.record("det", [this], out, null);
    return out;
  }

  /** log|det A| (the second output of torch.linalg.slogdet), 0-d; −∞ for a singular matrix. */
  logAbsDet(): Tensor {
    const n = squareSize("logAbsDet", this);
    const out = scalarTensor(logAbsDetOf(luDecompose(this.data, n), n));
    if (recorder !== null) recorder.record("logAbsDet", [this], out, null);
    return out;
  }

  /**
   * The norm of all entries (torch.linalg.vector_norm): p = 2 is the Euclidean norm of a vector and
   * the Frobenius norm of a matrix, p = 1 the sum of absolute values, p = Infinity the largest one.
   */
  norm(p: 1 | 2 | number = 2): Tensor {
    if (p === 1) return this.abs().sum();
    if (p === Infinity) return this.abs().max();
    if (p !== 2) return this.abs().pow(p).sum().pow(1 / p);
    const d = this.data;
    let s = 0;
    for (let i = 0; i < d.length; i++) s += d[i] * d[i];
    const out = scalarTensor(Math.sqrt(s));
    if (recorder !== null) recorder.record("norm", [this], out, null);
    return out;
  }

  /**
   * The variance over `axis` (all entries by default) with `correction` subtracted from the count:
   * 0 (the default) is the population variance that layer and batch norm use; torch.var's default is 1.
   */
  variance(axis?: Axis, keepdims = false, correction = 0): Tensor {
    const axes = normAxes("variance", axis, this.ndim);
    let n = 1;
    for (const a of axes) n *= this.shape[a];
    if (n - correction <= 0) throw new RangeError(`variance: ${n} entries with correction ${correction}`);
    const d = this.sub(this.mean(axes, true));
    return d.mul(d).sum(axes, keepdims).mul(1 / (n - correction));
  }
}

const SWAP2: readonly number[] = [1, 0];

/** `f(2, 3)` and `f([2, 3])` alike. */
function flatArgs(args: ReadonlyArray<number | readonly number[]>): number[] {
  return args.flatMap((a) => (typeof a === "number" ? [a] : [...a]));
}

function clampIndex(i: number, n: number): number {
  return Math.min(n, Math.max(0, i < 0 ? i + n : i));
}

/** Permutes with a validated, normalised `perm` (autodiff's permute rule calls it directly). */
export function permuted(x: Tensor, perm: readonly number[], attrs?: Attrs): Tensor {
  const s = x.shape;
  const out = new Tensor(permuteKernel(x.data, s, perm), perm.length === 2 ? [s[perm[0]], s[perm[1]]] : perm.map((a) => s[a]));
  if (recorder !== null) recorder.record("permute", [x], out, attrs ?? { perm: perm as number[] });
  return out;
}

// Attrs are read-only to the rules, so the common ones are shared instead of allocated per op.
const SWAP2_ATTRS: Attrs = Object.freeze({ perm: [1, 0] });
const SUM_ALL_ATTRS: Attrs[] = [];

function sumAllAttrs(n: number): Attrs {
  let a = SUM_ALL_ATTRS[n];
  if (a === undefined) {
    a = Object.freeze({ axes: Array.from({ length: n }, (_, i) => i) });
    SUM_ALL_ATTRS[n] = a;
  }
  return a;
}

/** n for an n×n matrix; anything else is an error naming the operation. */
function squareSize(op: string, x: Tensor): number {
  if (x.ndim !== 2 || x.shape[0] !== x.shape[1]) throw new RangeError(`${op}: needs a square 2-D matrix, got shape ${shapeStr(x.shape)}`);
  return x.shape[0];
}

function scalarTensor(x: number): Tensor {
  return new Tensor(Float64Array.of(x), []);
}

function binary(op: string, code: Bin, a: Tensor, other: Tensor | number): Tensor {
  const b = typeof other === "number" ? scalarTensor(other) : other;
  if (!(b instanceof Tensor)) throw new TypeError(`${op}: the operand must be a Tensor or a number, got ${typeof other}`);
  const shape = broadcastShapes(op, a.shape, b.shape);
  const out = new Tensor(binaryKernel(code, a.data, a.shape, b.data, b.shape, shape), shape);
  if (recorder !== null) recorder.record(op, [a, b], out, null);
  return out;
}

function unary(op: string, code: Un, x: Tensor, p?: number): Tensor {
  const out = new Tensor(unaryKernel(code, x.data, p), x.shape);
  if (recorder !== null) recorder.record(op, [x], out, p === undefined ? null : { p });
  return out;
}

/**
 * op(a) @ op(b) with leading (batch) axes broadcast. `ta`/`tb` read an operand as transposed in its
 * last two axes without moving data; backward passes use them for g·Bᵀ and Aᵀ·g.
 */
export function matmulForward(a: Tensor, b: Tensor, ta: boolean, tb: boolean): Tensor {
  if (a.ndim < 2 || b.ndim < 2) {
    throw new RangeError(`matmul: need at least 2-D operands here, got ${shapeStr(a.shape)} @ ${shapeStr(b.shape)}`);
  }
  const ar = a.shape[a.ndim - 2], ac = a.shape[a.ndim - 1];
  const br = b.shape[b.ndim - 2], bc = b.shape[b.ndim - 1];
  const m = ta ? ac : ar, k = ta ? ar : ac, kb = tb ? bc : br, n = tb ? br : bc;
  if (k !== kb) throw new RangeError(`matmul: inner sizes differ: ${shapeStr(a.shape)} @ ${shapeStr(b.shape)}`);
  if (a.ndim === 2 && b.ndim === 2) {
    const out = alloc(m * n);
    gemm(ta, tb, m, n, k, a.data, 0, b.data, 0, out, 0);
    return new Tensor(out, [m, n]);
  }
  const aBatch = a.shape.slice(0, -2), bBatch = b.shape.slice(0, -2);
  const batch = broadcastShapes("matmul (batch axes)", aBatch, bBatch);
  const nb = sizeOf(batch);
  const out = alloc(nb * m * n);
  if (nb === 1) {
    gemm(ta, tb, m, n, k, a.data, 0, b.data, 0, out, 0);
  } else {
    const ia = sameShape(aBatch, batch) ? null : broadcastIndex(batch, aBatch);
    const ib = sameShape(bBatch, batch) ? null : broadcastIndex(batch, bBatch);
    for (let t = 0; t < nb; t++) {
      const oa = (ia === null ? t : ia[t]) * m * k, ob = (ib === null ? t : ib[t]) * k * n;
      gemm(ta, tb, m, n, k, a.data, oa, b.data, ob, out, t * m * n);
    }
  }
  return new Tensor(out, [...batch, m, n]);
}
