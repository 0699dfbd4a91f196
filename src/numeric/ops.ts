/**
 * Small tensor helpers of the evaluator. Concatenation and stacking are the tensor engine's
 * (recorded, so a Deriv node differentiates through `[X, \mathbf{1}]`); picking an entry reads the
 * data directly when autodiff is not watching, which is the common case in index enumeration.
 */
import { Tensor } from "../tensor/tensor.js";
import { recorder } from "../tensor/record.js";
import { concat, scalar, stack as stackAxis } from "../tensor/index.js";

/** Entry (r, c) of a matrix (0-based) as a 0-d tensor. */
export function pickEntry(t: Tensor, r: number, c: number): Tensor {
  return recorder === null ? scalar(t.data[r * t.shape[1] + c]) : t.at(r, c);
}

/** A 0-d tensor from a [1,1] one (so `grad` sees a scalar output). */
export function asScalar(t: Tensor): Tensor {
  return t.shape.length === 0 ? t : t.reshape([]);
}

/** Matrices side by side: [A, B]. */
export function concatCols(parts: Tensor[]): Tensor {
  return concat(parts, 1);
}

/** Matrices stacked vertically. */
export function concatRows(parts: Tensor[]): Tensor {
  return concat(parts, 0);
}

/** Equal-shaped values stacked along new leading axes of sizes `outer`. */
export function stack(values: Tensor[], outer: number[]): Tensor {
  const shape = [...outer, ...values[0].shape];
  if (recorder !== null) return stackAxis(values, 0).reshape(shape);
  // The enumeration of free indices stacks n² scalars outside any tape: one copy, no intermediates.
  const n = values[0].data.length;
  const out = new Float64Array(values.length * n);
  values.forEach((v, k) => out.set(v.data, k * n));
  return new Tensor(out, shape);
}

/** True when every entry is finite. */
export function allFinite(t: Tensor): boolean {
  const d = t.data;
  for (let k = 0; k < d.length; k++) if (!Number.isFinite(d[k])) return false;
  return true;
}
