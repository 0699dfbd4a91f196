/**
 * Tensor helpers the evaluator needs beyond the Tensor API: picking an entry, concatenating,
 * stacking. Each is written with recorded Tensor operations when autodiff is watching (so a Deriv
 * node differentiates through `S_i` and `[X, \mathbf{1}]`), and as a direct copy otherwise.
 */
import { Tensor } from "../tensor/tensor.js";
import { recorder } from "../tensor/record.js";
import { scalar } from "../tensor/create.js";

function unit(rows: number, cols: number, r: number, c: number): Tensor {
  const d = new Float64Array(rows * cols);
  d[r * cols + c] = 1;
  return new Tensor(d, [rows, cols]);
}

/** Entry (r, c) of a matrix (0-based) as a 0-d tensor. */
export function pickEntry(t: Tensor, r: number, c: number): Tensor {
  const cols = t.shape[1];
  if (recorder === null) return scalar(t.data[r * cols + c]);
  return t.mul(unit(t.shape[0], cols, r, c)).sum();
}

/** A 0-d tensor from a [1,1] one (so `grad` sees a scalar output). */
export function asScalar(t: Tensor): Tensor {
  return t.shape.length === 0 ? t : t.reshape([]);
}

/** Matrices side by side: [A, B]. */
export function concatCols(parts: Tensor[]): Tensor {
  const rows = parts[0].shape[0];
  const total = parts.reduce((n, p) => n + p.shape[1], 0);
  if (recorder === null) {
    const out = new Float64Array(rows * total);
    let off = 0;
    for (const p of parts) {
      const c = p.shape[1];
      for (let r = 0; r < rows; r++) for (let k = 0; k < c; k++) out[r * total + off + k] = p.data[r * c + k];
      off += c;
    }
    return new Tensor(out, [rows, total]);
  }
  let acc: Tensor | null = null;
  let off = 0;
  for (const p of parts) {
    const c = p.shape[1];
    const sel = new Float64Array(c * total);
    for (let k = 0; k < c; k++) sel[k * total + off + k] = 1;
    const term = p.matmul(new Tensor(sel, [c, total]));
    acc = acc === null ? term : acc.add(term);
    off += c;
  }
  return acc as Tensor;
}

/** Matrices stacked vertically. */
export function concatRows(parts: Tensor[]): Tensor {
  return concatCols(parts.map((p) => p.transpose())).transpose();
}

/** Equal-shaped values stacked along new leading axes of sizes `outer`. */
export function stack(values: Tensor[], outer: number[]): Tensor {
  const inner = values[0].shape;
  const n = values[0].data.length;
  if (recorder === null) {
    const out = new Float64Array(values.length * n);
    values.forEach((v, k) => out.set(v.data, k * n));
    return new Tensor(out, [...outer, ...inner]);
  }
  const flat = values.map((v) => v.reshape([1, n]));
  return concatRows(flat).reshape([...outer, ...inner]);
}

/** 1 where every entry is finite. */
export function allFinite(t: Tensor): boolean {
  const d = t.data;
  for (let k = 0; k < d.length; k++) if (!Number.isFinite(d[k])) return false;
  return true;
}
