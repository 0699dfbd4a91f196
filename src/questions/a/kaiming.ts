/**
 * Kaiming initialisation for LeakyReLU (Homework 3, problem 3). Two independent checks of the
 * reference variance 2/((1+α²) d_x):
 * - the one-layer identity E[LReLU(z)²] = (1+α²)/2 · E[z²] for symmetric zero-mean z, by Monte Carlo;
 * - in deep LeakyReLU MLPs initialised with the reference variance, the mean one-step ratio of the
 *   activations' second moment, E[q_l / q_(l-1)], is 1 within five standard errors (over independent
 *   networks) at every layer, while with Kaiming's ReLU variance 2/d_x it exceeds 1 at every layer and
 *   the second moment drifts by (1+α²) per layer. The per-layer series goes to the sheet as a plot.
 */
import { randn, tensor, type Tensor } from "../../tensor/index.js";
import { Rng } from "../../tensor/rng.js";
import type { SymbolTable } from "../../expr/types.js";
import type { Verification, PlotSeries } from "../types.js";
import { evalReference, sampleInstance, withValue } from "../oracle.js";

/** Sizes of the Monte Carlo: public so the sheet can state them. */
export const KAIMING_MC = { depth: 24, width: 128, batch: 16, nets: 24, sigmas: 5 };

interface Moments {
  /** Per layer (0 = input): the mean over networks of q_l / q_0, q the mean squared activation. */
  mean: number[];
  /** Per layer: the standard error of that mean. */
  stderr: number[];
  /** Per layer l ≥ 1: the mean over networks of the one-step ratio q_l / q_(l-1), and its standard error. */
  step: number[];
  stepErr: number[];
}

function meanSquare(t: Tensor): number {
  let s = 0;
  for (const v of t.data) s += v * v;
  return s / t.data.length;
}

function meanAndErr(xs: number[]): [number, number] {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - m) * (b - m), 0) / Math.max(1, xs.length - 1);
  return [m, Math.sqrt(v / xs.length)];
}

/**
 * Propagates random inputs through `nets` independent LeakyReLU MLPs with weights of this variance.
 * With the right variance E[q_l | q_(l-1)] = q_(l-1) exactly, so every one-step ratio has mean 1;
 * one-step ratios are nearly Gaussian (unlike the heavy-tailed products q_l / q_0), which makes the
 * standard-error bound on them reliable.
 */
function propagate(alpha: number, variance: number, rng: Rng): Moments {
  const { depth, width, batch, nets } = KAIMING_MC;
  const ratios: number[][] = Array.from({ length: depth + 1 }, () => []);
  const steps: number[][] = Array.from({ length: depth + 1 }, () => []);
  const std = Math.sqrt(variance);
  for (let k = 0; k < nets; k++) {
    const r = rng.fork(`net-${k}`);
    let x = randn([batch, width], r);
    const q0 = meanSquare(x);
    let prev = q0;
    ratios[0].push(1);
    for (let l = 1; l <= depth; l++) {
      const W = randn([width, width], r).mul(std);
      x = x.matmul(W.T).leakyRelu(alpha);
      const q = meanSquare(x);
      ratios[l].push(q / q0);
      steps[l].push(q / prev);
      prev = q;
    }
  }
  const cumulative = ratios.map(meanAndErr);
  const oneStep = steps.map((xs) => (xs.length > 0 ? meanAndErr(xs) : [1, 0]));
  return {
    mean: cumulative.map((c) => c[0]),
    stderr: cumulative.map((c) => c[1]),
    step: oneStep.map((c) => c[0]),
    stepErr: oneStep.map((c) => c[1]),
  };
}

/** E[LReLU(z)²] / E[z²] for z ~ N(0, 1) by Monte Carlo, with its standard error. */
function oneLayerRatio(alpha: number, rng: Rng, samples = 200_000): { ratio: number; stderr: number } {
  let sz = 0;
  let sl = 0;
  let sl2 = 0;
  for (let k = 0; k < samples; k++) {
    const z = rng.normal();
    const y = z >= 0 ? z : alpha * z;
    sz += z * z;
    sl += y * y;
    sl2 += y ** 4;
  }
  const ml = sl / samples;
  const sdl = Math.sqrt(Math.max(0, sl2 / samples - ml * ml) / samples);
  return { ratio: ml / (sz / samples), stderr: sdl };
}

function series(name: string, m: Moments): PlotSeries {
  return { name, points: m.mean.map((v, l): [number, number] => [l, v]) };
}

/** `kaimingSymbols`: the question's table (bank/leaky-relu-kaiming.md), with α and the fan-in d_x. */
export function checkKaiming(ref: Record<string, string>, seed: number, kaimingSymbols: SymbolTable): Verification {
  const rng = new Rng(seed);
  const alpha = rng.fork("alpha").uniform(0.5, 0.9);
  const { width, depth, nets, sigmas } = KAIMING_MC;
  const base = sampleInstance(kaimingSymbols, rng.fork("env"), { dims: { d_x: width } });
  const env = withValue(base, "\\alpha", tensor([alpha], []));
  let variance: number;
  try {
    variance = evalReference(kaimingSymbols, ref["\\sigma^2"], env).item();
  } catch (e) {
    return { ok: false, method: "Monte Carlo", trials: 0, maxError: Infinity, seed, detail: e instanceof Error ? e.message : String(e) };
  }
  const one = oneLayerRatio(alpha, rng.fork("one-layer"));
  const oneOk = Math.abs(one.ratio - (1 + alpha * alpha) / 2) <= sigmas * one.stderr + 1e-3;
  const good = propagate(alpha, variance, rng.fork("reference"));
  const relu = propagate(alpha, 2 / width, rng.fork("relu-kaiming"));
  let maxError = 0;
  let steady = true;
  let drifts = true;
  for (let l = 1; l <= depth; l++) {
    maxError = Math.max(maxError, Math.abs(good.mean[l] - 1));
    if (Math.abs(good.step[l] - 1) > sigmas * good.stepErr[l]) steady = false;
    if (relu.step[l] - 1 <= sigmas * relu.stepErr[l]) drifts = false;
  }
  const drift = relu.mean[depth];
  const ok = oneOk && steady && drifts;
  return {
    ok,
    method: "Monte Carlo",
    trials: nets,
    maxError,
    seed,
    detail:
      `α = ${alpha.toFixed(3)}, ${nets} independent ${depth}-layer LeakyReLU MLPs of width ${width}: with variance 2/((1+α²)d_x) the mean second moment ` +
      `keeps its one-step ratio E[q_l/q_(l-1)] within ${sigmas} standard errors of 1 at every layer (the second moment relative to the input stays within ${(maxError * 100).toFixed(1)}% of 1), ` +
      `while with 2/d_x every one-step ratio exceeds 1 by more than ${sigmas} standard errors and the second moment grows ${drift.toFixed(2)}-fold after ${depth} layers ((1+α²)^${depth} = ${((1 + alpha * alpha) ** depth).toFixed(2)}). ` +
      `One layer: E[LReLU(z)²]/E[z²] = ${one.ratio.toFixed(4)} against (1+α²)/2 = ${((1 + alpha * alpha) / 2).toFixed(4)}.`,
    plot: {
      kind: "line",
      title: `Second moment of activations, LeakyReLU α = ${alpha.toFixed(2)}`,
      xLabel: "layer",
      yLabel: "E[x²] relative to the input",
      logY: true,
      series: [series("2/((1+α²) d_x)", good), series("2/d_x", relu)],
    },
  };
}
