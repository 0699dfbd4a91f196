/**
 * The two ways courses write dilation. `pytorch`: d = 1 means no dilation and the kernel spans
 * d(k − 1) + 1 pixels. `course`: d = 0 means no dilation and the kernel spans k + (k − 1)d pixels,
 * i.e. PyTorch's d is the course's d + 1. Everything inside the calculator uses PyTorch's d.
 */
import { ConvError } from "./errors.js";

export type Convention = "pytorch" | "course";

export const CONVENTIONS: readonly Convention[] = ["pytorch", "course"];

/** The dilation meaning "none" in a convention. */
export function noDilation(convention: Convention): number {
  return convention === "pytorch" ? 1 : 0;
}

/** PyTorch's dilation for a dilation written in `convention` (null: none). */
export function toTorchDilation(d: number | null, convention: Convention): number {
  if (d === null) return 1;
  if (!Number.isInteger(d)) throw new ConvError(`dilation must be an integer, got ${d}`);
  if (convention === "pytorch") {
    if (d < 1) throw new ConvError(`dilation ${d} is not allowed under the pytorch convention, where d = 1 means no dilation (use d = 1, or the course convention where d = 0 means none)`);
    return d;
  }
  if (d < 0) throw new ConvError(`dilation ${d} is negative; under the course convention d = 0 means no dilation`);
  return d + 1;
}

/** The dilation written in `convention` for PyTorch's dilation `dt`. */
export function fromTorchDilation(dt: number, convention: Convention): number {
  return convention === "pytorch" ? dt : dt - 1;
}

/** One line stating a convention, for every output that depends on it. */
export function describeConvention(convention: Convention): string {
  return convention === "pytorch"
    ? "pytorch (d = 1 means no dilation; effective kernel d(k-1)+1)"
    : "course (d = 0 means no dilation; effective kernel k+(k-1)d)";
}

export function isConvention(s: string): s is Convention {
  return (CONVENTIONS as readonly string[]).includes(s);
}
