/** Joining tensors: concat along an existing axis, stack along a new one. */
import { alloc } from "./alloc.js";
import { around, windowCopy } from "./kernels/layout.js";
import { recorder } from "./record.js";
import { normAxis, shapeStr, sizeOf } from "./shape.js";
import { Tensor } from "./tensor.js";

/** Tensors of equal shape except along `axis`, joined along it (torch.cat). */
export function concat(parts: readonly Tensor[], axis = 0): Tensor {
  if (parts.length === 0) throw new RangeError("concat: need at least one tensor");
  const first = parts[0];
  const a = normAxis("concat", axis, first.ndim);
  let total = 0;
  for (const p of parts) {
    if (p.ndim !== first.ndim || p.shape.some((d, i) => i !== a && d !== first.shape[i])) {
      throw new RangeError(`concat: shapes ${shapeStr(first.shape)} and ${shapeStr(p.shape)} differ outside axis ${axis}`);
    }
    total += p.shape[a];
  }
  const shape = first.shape.slice();
  shape[a] = total;
  const [outer, , inner] = around(shape, a);
  const data = alloc(sizeOf(shape));
  let start = 0;
  for (const p of parts) {
    windowCopy(data, p.data, outer, total, start, p.shape[a], inner, true);
    start += p.shape[a];
  }
  const out = new Tensor(data, shape);
  if (recorder !== null) recorder.record("concat", parts.slice(), out, { axis: a });
  return out;
}

/** Equal-shaped tensors stacked along a new axis at position `axis` (torch.stack). */
export function stack(parts: readonly Tensor[], axis = 0): Tensor {
  if (parts.length === 0) throw new RangeError("stack: need at least one tensor");
  const s = parts[0].shape;
  for (const p of parts) {
    if (p.ndim !== s.length || p.shape.some((d, i) => d !== s[i])) throw new RangeError(`stack: shapes ${shapeStr(s)} and ${shapeStr(p.shape)} differ`);
  }
  return concat(parts.map((p) => p.unsqueeze(axis)), axis < 0 ? axis + s.length + 1 : axis);
}
