/**
 * Shape arithmetic shared by every kernel: sizes, NumPy broadcasting, axis normalisation, and the
 * index maps that let one loop serve broadcasting, reductions and un-broadcasting alike.
 */

export type Shape = readonly number[];

export function shapeStr(s: Shape): string {
  // String() so a missing entry reads "undefined" rather than vanishing.
  return `[${s.map(String).join(",")}]`;
}

export function sizeOf(s: Shape): number {
  let n = 1;
  for (let i = 0; i < s.length; i++) n *= s[i];
  return n;
}

export function sameShape(a: Shape, b: Shape): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function checkShape(op: string, s: readonly unknown[]): number[] {
  for (const d of s) {
    if (typeof d !== "number" || !Number.isInteger(d) || d < 0) {
      throw new RangeError(`${op}: shape entries must be non-negative integers, got ${JSON.stringify(s)}`);
    }
  }
  if (sizeOf(s as number[]) > MAX_ELEMENTS) {
    throw new RangeError(`${op}: shape ${shapeStr(s as number[])} has more than ${MAX_ELEMENTS} elements`);
  }
  return s as number[];
}

/** 2^27 doubles = 1 GiB: far beyond any verification workload, well inside typed-array limits. */
const MAX_ELEMENTS = 2 ** 27;

/** NumPy broadcasting: align trailing axes; each pair must be equal or contain a 1. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  if (sameShape(a, b)) return a as number[];
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)];
    const db = i < n - b.length ? 1 : b[i - (n - b.length)];
    if (da !== db && da !== 1 && db !== 1) {
      throw new RangeError(`${op}: shapes ${shapeStr(a)} and ${shapeStr(b)} do not broadcast (axis ${i - n}: ${da} vs ${db})`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Whether `small` broadcasts to exactly `big` (used to validate explicit broadcasts). */
export function broadcastsTo(small: Shape, big: Shape): boolean {
  if (small.length > big.length) return false;
  const off = big.length - small.length;
  for (let i = 0; i < small.length; i++) if (small[i] !== 1 && small[i] !== big[i + off]) return false;
  return true;
}

/**
 * For every element of `outShape` (row-major), the flat index of the element of `inShape` that
 * broadcasting reads. `inShape` must broadcast to `outShape`. Reductions use it the other way round:
 * the kept shape (reduced axes as 1) broadcast to the input maps each input element to its output slot.
 */
export function broadcastIndex(outShape: Shape, inShape: Shape): Int32Array {
  const n = outShape.length;
  const off = n - inShape.length;
  const strides = new Array<number>(n).fill(0);
  let st = 1;
  for (let i = n - 1; i >= off; i--) {
    const d = inShape[i - off];
    strides[i] = d === 1 ? 0 : st;
    st *= d;
  }
  return stridedOffsets(outShape, strides);
}

/** For every element of `shape` in row-major order, Σ index[axis] · strides[axis]. */
export function stridedOffsets(shape: Shape, strides: readonly number[]): Int32Array {
  const n = shape.length;
  const size = sizeOf(shape);
  const map = new Int32Array(size);
  const idx = new Array<number>(n).fill(0);
  let pos = 0;
  for (let k = 0; k < size; k++) {
    map[k] = pos;
    for (let ax = n - 1; ax >= 0; ax--) {
      idx[ax]++;
      pos += strides[ax];
      if (idx[ax] < shape[ax]) break;
      pos -= strides[ax] * idx[ax];
      idx[ax] = 0;
    }
  }
  return map;
}

/** Normalise `axis` (a number, a list, or undefined for all) to a sorted list of distinct axes. */
export function normAxes(op: string, axis: number | readonly number[] | undefined, ndim: number): number[] {
  if (axis === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof axis === "number" ? [axis] : axis;
  const out: number[] = [];
  for (const a of list) {
    out.push(normAxis(op, a, ndim));
  }
  out.sort((x, y) => x - y);
  for (let i = 1; i < out.length; i++) {
    if (out[i] === out[i - 1]) throw new RangeError(`${op}: axis ${out[i]} repeated in ${JSON.stringify(list)}`);
  }
  return out;
}

export function normAxis(op: string, a: number, ndim: number): number {
  if (!Number.isInteger(a) || a < -ndim || a >= ndim) {
    throw new RangeError(`${op}: axis ${a} is out of range for a tensor with ${ndim} dimension(s)`);
  }
  return a < 0 ? a + ndim : a;
}

/** The shape with the given axes set to 1 (keepdims form of a reduction). */
export function keptShape(s: Shape, axes: readonly number[]): number[] {
  const out = s.slice();
  for (const a of axes) out[a] = 1;
  return out;
}

export function droppedShape(s: Shape, axes: readonly number[]): number[] {
  return s.filter((_, i) => !axes.includes(i));
}
