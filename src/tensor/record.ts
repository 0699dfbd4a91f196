/**
 * The recording hook. The tensor layer knows nothing about gradients: it only reports each
 * primitive it computes to whatever recorder autodiff has installed (none outside `grad`), which
 * is how plain Tensor code becomes differentiable without change.
 */
import type { Tensor } from "./tensor.js";

/** Conv2d parameters after normalisation (pairs are [height, width]). */
export interface ConvAttrs {
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
}

/** Pool parameters after normalisation; output sizes already account for ceil mode. */
export interface PoolAttrs {
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  outH: number;
  outW: number;
  countIncludePad: boolean;
  divisorOverride: number | null;
}

/** The non-tensor parameters of a primitive, as its VJP rule needs them. */
export interface Attrs {
  p?: number;
  axes?: number[];
  axis?: number;
  /** slice: the kept range [start, end) along `axis`. */
  start?: number;
  end?: number;
  perm?: number[];
  conv?: ConvAttrs;
  pool?: PoolAttrs;
  /** max pool: flat input index of each output's maximum, -1 for an all-padding window. */
  argmax?: Int32Array;
  /** pick: the column taken from each row. */
  index?: Int32Array;
}

export interface Recorder {
  record(op: string, inputs: Tensor[], out: Tensor, attrs: Attrs | null): void;
}

export let recorder: Recorder | null = null;

/** Installs `r` (or none) and returns the previous recorder so callers can restore it. */
export function setRecorder(r: Recorder | null): Recorder | null {
  const prev = recorder;
  recorder = r;
  return prev;
}
