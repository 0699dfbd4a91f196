/**
 * True (kernel-flipped) 1-D convolution in numpy.convolve's three modes:
 *   full  y[n] = Σ_m x[m] k[n − m], length |x| + |k| − 1
 *   valid the entries where the shorter vector overlaps the longer one completely
 *   same  length max(|x|, |k|), centred: full[⌊(min(|x|, |k|) − 1)/2] onward
 */
import { ConvError } from "./errors.js";

export type Conv1dMode = "full" | "valid" | "same";

export const MAX_CONV1D_LENGTH = 1_000_000;

export function conv1d(x: readonly number[], k: readonly number[], mode: Conv1dMode = "full"): number[] {
  for (const [name, v] of [["input", x], ["kernel", k]] as const) {
    if (v.length === 0) throw new ConvError(`conv1d: the ${name} is empty`);
    if (v.length > MAX_CONV1D_LENGTH) throw new ConvError(`conv1d: the ${name} is too long (at most ${MAX_CONV1D_LENGTH})`);
    const bad = v.findIndex((t) => typeof t !== "number" || !Number.isFinite(t));
    if (bad >= 0) throw new ConvError(`conv1d: ${name}[${bad}] is not a finite number`);
  }
  if (mode !== "full" && mode !== "valid" && mode !== "same") {
    throw new ConvError(`conv1d: unknown mode '${String(mode)}'; expected full, valid or same`);
  }
  const full = new Array<number>(x.length + k.length - 1).fill(0);
  for (let i = 0; i < x.length; i++) {
    for (let j = 0; j < k.length; j++) full[i + j] += x[i] * k[j];
  }
  const short = Math.min(x.length, k.length);
  const long = Math.max(x.length, k.length);
  if (mode === "full") return full;
  if (mode === "valid") return full.slice(short - 1, long);
  const from = Math.floor((short - 1) / 2);
  return full.slice(from, from + long);
}
