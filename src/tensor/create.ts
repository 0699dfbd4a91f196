/** Constructors: from nested or flat arrays, constant fills, identity, seeded random draws. */
import { alloc } from "./alloc.js";
import { Rng } from "./rng.js";
import { checkShape, shapeStr, sizeOf } from "./shape.js";
import { type Nested, Tensor } from "./tensor.js";

const MAX_RANK = 32;

export type TensorData = Nested | readonly Nested[] | Float64Array | readonly number[];

/**
 * A tensor from nested arrays (`tensor([[1, 2], [3, 4]])`), a number (0-d), or flat values with a
 * shape (`tensor([1, 2, 3, 4], [2, 2])`). Values are copied.
 */
export function tensor(data: TensorData | Tensor, shape?: readonly number[]): Tensor {
  if (data instanceof Tensor) return new Tensor(data.data.slice(), shape === undefined ? data.shape : checkShape("tensor", shape));
  if (shape !== undefined) {
    const s = checkShape("tensor", shape);
    const flat = typeof data === "number" ? [data] : data;
    if (!(flat instanceof Float64Array) && !(flat as readonly unknown[]).every((v) => typeof v === "number")) {
      throw new TypeError(`tensor: with a shape, data must be a flat array of numbers`);
    }
    if (flat.length !== sizeOf(s)) {
      throw new RangeError(`tensor: ${flat.length} values do not fill shape ${shapeStr(s)} (${sizeOf(s)} needed)`);
    }
    return new Tensor(Float64Array.from(flat as ArrayLike<number>), s);
  }
  if (data instanceof Float64Array) return new Tensor(data.slice(), [data.length]);
  const inferred: number[] = [];
  let probe: unknown = data;
  while (Array.isArray(probe)) {
    inferred.push(probe.length);
    if (inferred.length > MAX_RANK) throw new RangeError(`tensor: nested more than ${MAX_RANK} levels deep`);
    probe = probe[0];
  }
  const out = alloc(sizeOf(inferred));
  let pos = 0;
  const fill = (v: unknown, depth: number, path: number[]): void => {
    if (depth === inferred.length) {
      if (typeof v !== "number") throw new TypeError(`tensor: expected a number at [${path.join("][")}], got ${Array.isArray(v) ? "an array" : typeof v}`);
      out[pos++] = v;
      return;
    }
    if (!Array.isArray(v) || v.length !== inferred[depth]) {
      throw new RangeError(`tensor: ragged nested array at [${path.join("][")}]: expected ${inferred[depth]} entries like the first row, got ${Array.isArray(v) ? v.length : typeof v}`);
    }
    for (let i = 0; i < v.length; i++) fill(v[i], depth + 1, [...path, i]);
  };
  fill(data, 0, []);
  return new Tensor(out, inferred);
}

export function full(shape: readonly number[], value: number): Tensor {
  const s = checkShape("full", shape);
  return new Tensor(alloc(sizeOf(s)).fill(value), s);
}

export function zeros(shape: readonly number[]): Tensor {
  const s = checkShape("zeros", shape);
  return new Tensor(alloc(sizeOf(s)), s);
}

export function ones(shape: readonly number[]): Tensor {
  return full(shape, 1);
}

export function scalar(x: number): Tensor {
  return new Tensor(Float64Array.of(x), []);
}

/** The n×n identity (or n×m with ones on the diagonal). */
export function eye(n: number, m = n): Tensor {
  const s = checkShape("eye", [n, m]);
  const out = alloc(n * m);
  for (let i = 0; i < Math.min(n, m); i++) out[i * m + i] = 1;
  return new Tensor(out, s);
}

/** Standard normal entries (times `std`, plus `mean`), drawn from `rng`. */
export function randn(shape: readonly number[], rng: Rng, mean = 0, std = 1): Tensor {
  const s = checkShape("randn", shape);
  const out = alloc(sizeOf(s));
  for (let i = 0; i < out.length; i++) out[i] = rng.normal(mean, std);
  return new Tensor(out, s);
}

/** Uniform entries in [lo, hi), drawn from `rng`. */
export function rand(shape: readonly number[], rng: Rng, lo = 0, hi = 1): Tensor {
  const s = checkShape("rand", shape);
  const out = alloc(sizeOf(s));
  for (let i = 0; i < out.length; i++) out[i] = rng.uniform(lo, hi);
  return new Tensor(out, s);
}
