/**
 * The sheet's own figures, computed when the sheet is built (seeded, so the same seed draws the
 * same figure): the finite-difference error against the step size, the second moment of
 * activations through a deep LeakyReLU network under three initialisations, and the receptive
 * field growing through a convolution stack.
 */
import { Rng } from "../tensor/rng.js";
import { analyze } from "../conv/index.js";
import type { LinePlot, LineSeries } from "./svg.js";

const UNIT_ROUNDOFF = 2 ** -53;

/**
 * Central differences (f(x+ε) − f(x−ε))/2ε against the exact derivative, for ε from 1e-1 to 1e-13:
 * the error falls as ε² (truncation) until rounding, about u|f|/ε, takes over.
 */
export function finiteDifferencePlot(): LinePlot {
  const cases = [
    { name: "sin at x = 1", f: Math.sin, df: Math.cos(1), d3: Math.abs(-Math.cos(1)), fx: Math.sin(1) },
    { name: "exp at x = 1", f: Math.exp, df: Math.E, d3: Math.E, fx: Math.E },
  ];
  const steps: number[] = [];
  for (let e = -1; e >= -13; e -= 0.25) steps.push(10 ** e);
  const series: LineSeries[] = cases.map((c) => ({
    name: `measured error, ${c.name}`,
    points: steps.map((eps): [number, number] => [1 / eps, Math.max(1e-17, Math.abs((c.f(1 + eps) - c.f(1 - eps)) / (2 * eps) - c.df))]),
  }));
  const model = cases[1];
  series.push({
    name: "ε²|f'''|/6 + u|f|/ε (exp)",
    dashed: true,
    points: steps.map((eps): [number, number] => [1 / eps, (eps * eps * model.d3) / 6 + (UNIT_ROUNDOFF * model.fx) / eps]),
  });
  return {
    title: "Central-difference error against N = 1/ε",
    xLabel: "N = 1/ε (log scale)",
    yLabel: "absolute error (log scale)",
    logX: true,
    logY: true,
    series,
  };
}

/**
 * Mean squared pre-activation per layer of a deep LeakyReLU MLP (width 128, 24 layers, batch 32,
 * α = 0.5) with weights of variance 2/((1+α²)d) (corrected), 2/d (Kaiming for ReLU) and 1/d.
 */
export function secondMomentPlot(seed: number, opts: { alpha?: number; width?: number; depth?: number; batch?: number } = {}): LinePlot {
  const alpha = opts.alpha ?? 0.5;
  const d = opts.width ?? 128;
  const depth = opts.depth ?? 24;
  const batch = opts.batch ?? 32;
  const inits = [
    { name: `2/((1+α²)d), LeakyReLU-corrected`, variance: 2 / ((1 + alpha * alpha) * d) },
    { name: "2/d, Kaiming for ReLU", variance: 2 / d },
    { name: "1/d, LeCun (ignores the activation)", variance: 1 / d },
  ];
  const series = inits.map((init, k) => {
    const rng = new Rng(seed).fork(`second-moment-${k}`);
    let z = Array.from({ length: batch * d }, () => rng.normal(0, 1));
    const points: Array<[number, number]> = [];
    const std = Math.sqrt(init.variance);
    for (let layer = 1; layer <= depth; layer++) {
      const w = Array.from({ length: d * d }, () => rng.normal(0, std));
      const a = z.map((v) => (v > 0 ? v : alpha * v));
      const next = new Array<number>(batch * d).fill(0);
      let sq = 0;
      for (let b = 0; b < batch; b++) {
        for (let i = 0; i < d; i++) {
          let s = 0;
          for (let j = 0; j < d; j++) s += w[i * d + j] * a[b * d + j];
          next[b * d + i] = s;
          sq += s * s;
        }
      }
      z = next;
      points.push([layer, sq / (batch * d)]);
    }
    return { name: init.name, points };
  });
  return {
    title: `Second moment of pre-activations, LeakyReLU α = ${alpha}, width ${d}`,
    xLabel: "layer",
    yLabel: "E[z²] (log scale)",
    logY: true,
    series,
  };
}

/** Receptive field size after each layer, from the conv calculator, for the stacks of section D.2. */
export function receptiveFieldPlot(): LinePlot {
  const stacks = [
    { name: "five Conv5, stride 1, padding 2", spec: "Input 64x64x1; Conv5-1-P2-S1; Conv5-1-P2-S1; Conv5-1-P2-S1; Conv5-1-P2-S1; Conv5-1-P2-S1" },
    { name: "D.2: Conv4-S2, Pool3, Conv3, Pool2", spec: "Input 64x64x1; Conv4-5-Pvalid-S2; Pool3; Conv3-5-Pvalid-S1; Pool2" },
  ];
  const series: LineSeries[] = [];
  for (const s of stacks) {
    const a = analyze(s.spec);
    if (!a.ok) throw new Error(`receptive field plot: ${a.layer}: ${a.error}`);
    const points: Array<[number, number]> = [[0, 1]];
    for (const l of a.layers) if (l.receptiveField) points.push([l.index, l.receptiveField.h.size]);
    series.push({ name: s.name, points });
  }
  return { title: "Receptive field through the convolution stack", xLabel: "layer", yLabel: "receptive field (input pixels)", series };
}
