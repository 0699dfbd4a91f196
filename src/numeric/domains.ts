/**
 * Drawing values from a symbol's domain: the evaluator compares formulas only where the symbols
 * live (WeBWorK's lesson: `ln` of a negative sample rejects a right answer).
 */
import type { Domain } from "../expr/types.js";
import type { Rng } from "../tensor/rng.js";
import { Tensor } from "../tensor/tensor.js";

/** One real number from a domain (not for onehot/probability, which are whole-vector domains). */
export function drawNumber(d: Domain, rng: Rng): number {
  switch (d.kind) {
    case "real":
      return rng.normal();
    case "positive":
      // Log-normal: spans small and large positives, never 0.
      return Math.exp(rng.normal(0, 0.75));
    case "nonnegative":
      // Zero itself is drawn now and then: the boundary is part of the domain.
      return rng.next() < 0.1 ? 0 : Math.exp(rng.normal(0, 0.75));
    case "interval": {
      const lo = Number.isFinite(d.lo) ? d.lo : (Number.isFinite(d.hi) ? d.hi : 0) - 5;
      const hi = Number.isFinite(d.hi) ? d.hi : lo + 10;
      if (d.closedLo && rng.next() < 0.05) return lo;
      if (d.closedHi && rng.next() < 0.05) return hi;
      let v = rng.uniform(lo, hi);
      // uniform() is [lo, hi): an open lower end must not give lo itself.
      while (!d.closedLo && v === lo) v = rng.uniform(lo, hi);
      return v;
    }
    case "integer":
      return rng.int(Math.ceil(d.lo), Math.floor(d.hi));
    case "awayFromKink": {
      const s = rng.next() < 0.5 ? -1 : 1;
      return s * (d.margin + Math.abs(rng.normal()));
    }
    case "onehot":
    case "probability":
      return rng.normal();
  }
}

/** A rows×cols tensor (or a 0-d one when `shape` is []) drawn from `d`; vector domains act per column. */
export function drawTensor(d: Domain, shape: number[], rng: Rng): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const out = new Float64Array(size);
  if (d.kind === "onehot" || d.kind === "probability") {
    const rows = shape.length === 2 ? shape[0] : 1;
    const cols = shape.length === 2 ? shape[1] : 1;
    for (let c = 0; c < cols; c++) {
      if (d.kind === "onehot") {
        out[rng.int(0, rows - 1) * cols + c] = 1;
        continue;
      }
      let total = 0;
      for (let r = 0; r < rows; r++) total += out[r * cols + c] = Math.exp(rng.normal());
      for (let r = 0; r < rows; r++) out[r * cols + c] /= total;
    }
    return new Tensor(out, shape);
  }
  for (let k = 0; k < size; k++) out[k] = drawNumber(d, rng);
  return new Tensor(out, shape);
}
