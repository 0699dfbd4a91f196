/**
 * The inverse problem: every (k, s, p, d) within stated bounds that maps an input shape to an
 * output shape under constraints (fixed values, no dilation, non-overlapping pooling windows).
 * Square windows; one stride, padding and dilation for both axes. By brute force over the bounds,
 * with the same per-axis arithmetic (and PyTorch's checks) as the architecture table.
 */
import { ConvError } from "./errors.js";
import { type Convention, describeConvention, noDilation, toTorchDilation } from "./convention.js";
import { convAxis, convTransposeAxis, effectiveKernel, poolAxis, requireInt } from "./arithmetic.js";
import type { Volume } from "./analyze.js";
import { alignRows } from "./format.js";

export type SolveLayer = "conv" | "pool" | "avgpool" | "convT";

export interface SolveQuery {
  layer?: SolveLayer;
  /** [height, width, channels]. */
  input: Volume;
  output: Volume;
  convention?: Convention;
  /** Fixed values; dilation in `convention` (its "none" value for no dilation). */
  kernel?: number;
  stride?: number;
  padding?: number;
  dilation?: number;
  outputPadding?: number;
  /** Pooling windows that do not overlap: s = k. */
  nonOverlapping?: boolean;
  ceilMode?: boolean;
  maxKernel?: number;
  maxStride?: number;
  maxPadding?: number;
  /** In `convention`. */
  maxDilation?: number;
  /**
   * Allow a convolution padding of the effective kernel or more, where some windows see only
   * zeros. Off by default: such paddings fit any shape and answer nothing.
   */
  allowWastefulPadding?: boolean;
}

export interface ConvSolution {
  k: number;
  s: number;
  p: number;
  /** In the query's convention. */
  d: number;
  /** Transposed convolutions only. */
  outputPadding?: number;
  /** The layer in the notation of `gradsheet conv`. */
  layer: string;
  /** Parameters with biases, and weights alone (0 for pooling). */
  params: number;
  weights: number;
}

export interface SolveResult {
  convention: Convention;
  layer: SolveLayer;
  input: Volume;
  output: Volume;
  /** The searched ranges, inclusive, dilation in the convention. */
  bounds: { k: [number, number]; s: [number, number]; p: [number, number]; d: [number, number]; outputPadding?: [number, number] };
  /** The constraints, in words. */
  constraints: string[];
  solutions: ConvSolution[];
}

export const DEFAULT_MAX = { kernel: 16, stride: 16, padding: 32, dilation: 16 } as const;
const MAX_CANDIDATES = 5_000_000;

function range(fixed: number | undefined, lo: number, hi: number): [number, number] {
  return fixed === undefined ? [lo, hi] : [fixed, fixed];
}

function shape(name: string, v: Volume): Volume {
  if (v.length !== 3) throw new ConvError(`the ${name} shape needs height, width and channels, got ${v.length} numbers`);
  return [requireInt(`${name} height`, v[0], 1), requireInt(`${name} width`, v[1], 1), requireInt(`${name} channels`, v[2], 1)];
}

/** Every configuration in the bounds that gives the output shape, sorted by k, s, p, d. */
export function solveConv(q: SolveQuery): SolveResult {
  const convention = q.convention ?? "pytorch";
  const layer = q.layer ?? "conv";
  const input = shape("input", q.input);
  const output = shape("output", q.output);
  const pooling = layer === "pool" || layer === "avgpool";
  const none = noDilation(convention);
  const constraints: string[] = [];

  if (pooling && output[2] !== input[2]) {
    throw new ConvError(`pooling keeps the number of channels: the input has ${input[2]}, the output ${output[2]}`);
  }
  if (pooling && q.dilation !== undefined && q.dilation !== none) {
    throw new ConvError("pooling here takes no dilation");
  }
  if (q.outputPadding !== undefined && layer !== "convT") throw new ConvError("only a transposed convolution has an output padding");
  if (q.ceilMode && !pooling) throw new ConvError("only pooling has a ceil mode");
  if (q.nonOverlapping && !pooling) throw new ConvError("non-overlapping windows (s = k) are a pooling constraint");
  if (q.dilation !== undefined) toTorchDilation(q.dilation, convention);

  const maxK = requireInt("maximum kernel", q.maxKernel ?? DEFAULT_MAX.kernel, 1);
  const maxS = requireInt("maximum stride", q.maxStride ?? DEFAULT_MAX.stride, 1);
  const maxP = requireInt("maximum padding", q.maxPadding ?? DEFAULT_MAX.padding, 0);
  const maxD = requireInt("maximum dilation", q.maxDilation ?? DEFAULT_MAX.dilation, none);
  const kr = range(q.kernel === undefined ? undefined : requireInt("kernel", q.kernel, 1), 1, maxK);
  const sr = range(q.stride === undefined ? undefined : requireInt("stride", q.stride, 1), 1, maxS);
  const pr = range(q.padding === undefined ? undefined : requireInt("padding", q.padding, 0), 0, maxP);
  const dr: [number, number] = pooling ? [none, none] : range(q.dilation, none, maxD);
  const opr: [number, number] =
    layer === "convT" ? range(q.outputPadding === undefined ? undefined : requireInt("output padding", q.outputPadding, 0), 0, Math.max(maxS, toTorchDilation(maxD, convention)) - 1) : [0, 0];

  if (q.kernel !== undefined) constraints.push(`k = ${q.kernel}`);
  if (q.stride !== undefined) constraints.push(`s = ${q.stride}`);
  if (q.padding !== undefined) constraints.push(`p = ${q.padding}`);
  if (q.dilation !== undefined) constraints.push(q.dilation === none ? `no dilation (d = ${none})` : `d = ${q.dilation}`);
  if (q.outputPadding !== undefined) constraints.push(`output padding = ${q.outputPadding}`);
  if (q.nonOverlapping) constraints.push("non-overlapping windows (s = k)");
  if (q.ceilMode) constraints.push("ceil mode");
  if (layer === "conv" && !q.allowWastefulPadding) constraints.push("p < effective kernel (every window overlaps the input)");
  if (pooling) constraints.push("p ≤ k/2 (PyTorch)");

  const span = (r: [number, number]) => r[1] - r[0] + 1;
  const candidates = span(kr) * span(sr) * span(pr) * span(dr) * span(opr);
  if (candidates > MAX_CANDIDATES) {
    throw new ConvError(`the search space has ${candidates} configurations (at most ${MAX_CANDIDATES}); lower the bounds or fix more values`);
  }

  const solutions: ConvSolution[] = [];
  const [hIn, wIn, cIn] = input;
  const [hOut, wOut, cOut] = output;
  for (let k = kr[0]; k <= kr[1]; k++) {
    for (let s = sr[0]; s <= sr[1]; s++) {
      if (q.nonOverlapping && s !== k) continue;
      for (let p = pr[0]; p <= pr[1]; p++) {
        for (let d = dr[0]; d <= dr[1]; d++) {
          const dt = toTorchDilation(d, convention);
          if (layer === "conv" && !q.allowWastefulPadding && p >= effectiveKernel(k, dt)) continue;
          for (let op = opr[0]; op <= opr[1]; op++) {
            const size = (n: number): number | null => {
              try {
                if (pooling) return poolAxis(n, k, s, p, q.ceilMode ?? false);
                if (layer === "convT") return convTransposeAxis(n, k, s, p, dt, op);
                return convAxis(n, k, s, p, dt);
              } catch (e) {
                if (e instanceof ConvError) return null;
                throw e;
              }
            };
            if (size(hIn) !== hOut || size(wIn) !== wOut) continue;
            solutions.push(solution(layer, convention, { k, s, p, d, op }, cIn, cOut, q.ceilMode ?? false));
          }
        }
      }
    }
  }
  const bounds: SolveResult["bounds"] = { k: kr, s: sr, p: pr, d: dr };
  if (layer === "convT") bounds.outputPadding = opr;
  return { convention, layer, input, output, bounds, constraints, solutions };
}

function solution(
  layer: SolveLayer,
  convention: Convention,
  c: { k: number; s: number; p: number; d: number; op: number },
  cIn: number,
  cOut: number,
  ceil: boolean,
): ConvSolution {
  const { k, s, p, d, op } = c;
  const dil = d === noDilation(convention) ? "" : `-D${d}`;
  if (layer === "pool" || layer === "avgpool") {
    const name = layer === "pool" ? "MaxPool" : "AvgPool";
    return { k, s, p, d, layer: `${name}${k}-S${s}${p ? `-P${p}` : ""}${ceil ? "-ceil" : ""}`, params: 0, weights: 0 };
  }
  const weights = k * k * cIn * cOut;
  if (layer === "convT") {
    return { k, s, p, d, outputPadding: op, layer: `ConvT${k}-${cOut}-P${p}-S${s}${dil}${op ? `-O${op}` : ""}`, params: weights + cOut, weights };
  }
  return { k, s, p, d, layer: `Conv${k}-${cOut}-P${p}-S${s}${dil}`, params: weights + cOut, weights };
}

/** A plain-text report of a solve, stating the convention and the bounds. */
export function formatSolve(r: SolveResult): string {
  const volume = (v: Volume) => v.join("x");
  const b = r.bounds;
  const lines = [
    `convention: ${describeConvention(r.convention)}`,
    `${r.layer} ${volume(r.input)} -> ${volume(r.output)} (HxWxC), square windows`,
    `constraints: ${r.constraints.length ? r.constraints.join("; ") : "none"}`,
    `searched: k ${b.k[0]}..${b.k[1]}, s ${b.s[0]}..${b.s[1]}, p ${b.p[0]}..${b.p[1]}, d ${b.d[0]}..${b.d[1]}` +
      (b.outputPadding ? `, output padding ${b.outputPadding[0]}..${b.outputPadding[1]}` : ""),
  ];
  if (r.solutions.length === 0) {
    lines.push("no configuration in these bounds gives this output shape");
    return lines.join("\n");
  }
  const header = ["k", "s", "p", "d", ...(r.layer === "convT" ? ["op"] : []), "layer", "params", "weights"];
  const rows = r.solutions.map((x) => [
    String(x.k),
    String(x.s),
    String(x.p),
    String(x.d),
    ...(r.layer === "convT" ? [String(x.outputPadding ?? 0)] : []),
    x.layer,
    String(x.params),
    String(x.weights),
  ]);
  lines.push("", ...alignRows([header, ...rows], [header.indexOf("layer")]), "");
  lines.push(`${r.solutions.length} configuration${r.solutions.length === 1 ? "" : "s"}`);
  return lines.join("\n");
}
