/**
 * Output sizes along one spatial axis, with PyTorch's formulas and checks. Dilations here are
 * PyTorch's (1 = none); `convention.ts` converts the course's. Every impossible configuration is a
 * `ConvError` saying why: a size of 0 or less never comes out.
 */
import { ConvError } from "./errors.js";
import { type Convention, toTorchDilation } from "./convention.js";

export type Padding = number | "valid" | "same";

/** The largest number any size, kernel, stride or padding may be, so that products stay exact. */
export const MAX_SIZE = 1_000_000;

export function requireInt(name: string, value: number, min: number): number {
  if (!Number.isInteger(value)) throw new ConvError(`${name} must be an integer, got ${value}`);
  if (value < min) {
    const why = name === "stride" && value === 0 ? " (a stride of 0 never moves the window)" : "";
    throw new ConvError(`${name} must be at least ${min}, got ${value}${why}`);
  }
  if (value > MAX_SIZE) throw new ConvError(`${name} ${value} is too large (at most ${MAX_SIZE})`);
  return value;
}

/** The pixels a kernel of k taps with PyTorch dilation dt spans. */
export function effectiveKernel(k: number, dt: number): number {
  return dt * (k - 1) + 1;
}

/** The padding on each side for `valid`, `same` or an integer. */
export function resolveConvPadding(padding: Padding, k: number, stride: number, dt: number): number {
  if (padding === "valid") return 0;
  if (padding === "same") {
    if (stride !== 1) {
      throw new ConvError(
        `padding 'same' needs stride 1: with stride ${stride} the output cannot have the input's size (PyTorch rejects padding='same' with a stride above 1 too)`,
      );
    }
    const total = dt * (k - 1);
    if (total % 2 !== 0) {
      throw new ConvError(
        `padding 'same' would need ${total} padding pixels in total (d(k-1) with k = ${k}, d = ${dt} in PyTorch's convention), an odd number that cannot be split equally between the two sides; use an odd effective kernel or an explicit padding`,
      );
    }
    return total / 2;
  }
  return requireInt("padding", padding, 0);
}

/** floor((n + 2p − d(k−1) − 1)/s) + 1, after checking the kernel fits in the padded input. */
export function convAxis(n: number, k: number, s: number, p: number, dt: number): number {
  requireInt("input size", n, 1);
  requireInt("kernel size", k, 1);
  requireInt("stride", s, 1);
  requireInt("padding", p, 0);
  requireInt("dilation", dt, 1);
  const ke = effectiveKernel(k, dt);
  if (n + 2 * p < ke) {
    const span = dt === 1 ? `the kernel (${k})` : `the dilated kernel (${k} taps spanning ${ke} pixels)`;
    throw new ConvError(`${span} is larger than the padded input (${n} + 2·${p} = ${n + 2 * p}): the output would be empty`);
  }
  return Math.floor((n + 2 * p - ke) / s) + 1;
}

/**
 * Pooling output with PyTorch's floor and ceil modes. In ceil mode a last window that would start
 * in the right padding (or beyond) is dropped, so every window starts inside the input or the
 * left padding. PyTorch also requires the padding to be at most half the kernel.
 */
export function poolAxis(n: number, k: number, s: number, p: number, ceilMode: boolean): number {
  requireInt("input size", n, 1);
  requireInt("kernel size", k, 1);
  requireInt("stride", s, 1);
  requireInt("padding", p, 0);
  if (2 * p > k) {
    throw new ConvError(`pooling padding ${p} is more than half the kernel ${k} (at most ${Math.floor(k / 2)}; PyTorch rejects it)`);
  }
  const span = n + 2 * p - k + (ceilMode ? s - 1 : 0);
  let out = Math.floor(span / s) + 1;
  if (ceilMode && (out - 1) * s >= n + p) out -= 1;
  if (out < 1) {
    throw new ConvError(`the pooling window (${k}) is larger than the padded input (${n} + 2·${p} = ${n + 2 * p}): the output would be empty`);
  }
  return out;
}

/** (n − 1)s − 2p + d(k − 1) + output_padding + 1, with output_padding < max(s, d) as PyTorch demands. */
export function convTransposeAxis(n: number, k: number, s: number, p: number, dt: number, op: number): number {
  requireInt("input size", n, 1);
  requireInt("kernel size", k, 1);
  requireInt("stride", s, 1);
  requireInt("padding", p, 0);
  requireInt("dilation", dt, 1);
  requireInt("output padding", op, 0);
  if (op >= Math.max(s, dt)) {
    throw new ConvError(
      `output padding ${op} must be smaller than the stride (${s}) or the dilation (${dt} in PyTorch's convention)`,
    );
  }
  const out = (n - 1) * s - 2 * p + dt * (k - 1) + op + 1;
  if (out < 1) {
    throw new ConvError(`padding ${p} crops more than the transposed convolution produces: the output would be ${out} wide`);
  }
  return out;
}

export interface ConvSizeOptions {
  kernel: number;
  stride?: number;
  padding?: Padding;
  /** In `convention`; omitted or null: no dilation. */
  dilation?: number | null;
  convention?: Convention;
}

/** Output size of a convolution along one axis. */
export function convOutputSize(n: number, o: ConvSizeOptions): number {
  const dt = toTorchDilation(o.dilation ?? null, o.convention ?? "pytorch");
  const k = requireInt("kernel size", o.kernel, 1);
  const s = requireInt("stride", o.stride ?? 1, 1);
  return convAxis(n, k, s, resolveConvPadding(o.padding ?? 0, k, s, dt), dt);
}

export interface PoolSizeOptions {
  kernel: number;
  /** Defaults to the kernel (non-overlapping windows). */
  stride?: number;
  padding?: number;
  ceilMode?: boolean;
}

/** Output size of max or average pooling along one axis. */
export function poolOutputSize(n: number, o: PoolSizeOptions): number {
  return poolAxis(n, o.kernel, o.stride ?? o.kernel, o.padding ?? 0, o.ceilMode ?? false);
}

export interface ConvTransposeSizeOptions {
  kernel: number;
  stride?: number;
  padding?: number;
  dilation?: number | null;
  outputPadding?: number;
  convention?: Convention;
}

/** Output size of a transposed convolution along one axis. */
export function convTransposeOutputSize(n: number, o: ConvTransposeSizeOptions): number {
  const dt = toTorchDilation(o.dilation ?? null, o.convention ?? "pytorch");
  return convTransposeAxis(n, o.kernel, o.stride ?? 1, o.padding ?? 0, dt, o.outputPadding ?? 0);
}
