/**
 * Zeroed Float64Array allocation. V8 keeps typed arrays of at most 64 bytes on the JS heap, but gives
 * every larger one its own off-heap backing store, which costs ~15× more to create. Small-tensor
 * workloads (the verification oracles) allocate millions of arrays of 9–256 doubles, so those are
 * carved as views out of shared 16 KB slabs; a slab is freed when its last view is. Memory is never
 * reused, so every array starts zeroed like `new Float64Array(n)`. Consequence for callers: a
 * tensor's `data.buffer` may be shared with other tensors, so copy (`data.slice()`) before
 * transferring a buffer to a worker.
 */
const SLAB_BYTES = 16384;
const MAX_SLAB_LEN = 256;

let slab = new ArrayBuffer(SLAB_BYTES);
let offset = 0;

export function alloc(n: number): Float64Array {
  if (n <= 8 || n > MAX_SLAB_LEN) return new Float64Array(n);
  const bytes = n * 8;
  if (offset + bytes > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    offset = 0;
  }
  const out = new Float64Array(slab, offset, n);
  offset += bytes;
  return out;
}

/** A copy of `x` in freshly allocated memory. */
export function copyOf(x: Float64Array): Float64Array {
  const out = alloc(x.length);
  out.set(x);
  return out;
}
