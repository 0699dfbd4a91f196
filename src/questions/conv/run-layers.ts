/**
 * The brute-force side of every convolution question: run a layer stack on the tensor engine and
 * read the output volume from the tensors that come out, and the parameter count from the sizes
 * of the weight tensors the layers actually need. Nothing here uses the calculator's arithmetic;
 * only the spec parser is shared, so a wrong size or count formula in `src/conv/` shows up.
 */
import { Rng } from "../../tensor/rng.js";
import { type Tensor, conv2d, maxPool2d, avgPool2d, randn, zeros } from "../../tensor/index.js";
import type { Spec } from "../../conv/index.js";

export interface RunLayer {
  text: string;
  /** [height, width, channels] read from the output tensor (channels: of the full-size layer). */
  output: [number, number, number];
  /** Number of entries of the weight and bias tensors the layer needs. */
  params: number;
}

export interface RunOptions {
  /** Count biases (default true). */
  bias?: boolean;
  /**
   * Run convolutions with at most this many filters (default: all). The spatial size does not
   * depend on the filter count, so large published networks are run cheaply; the channel count
   * reported is the first axis of the full-size weight tensor, which is built and counted.
   */
  maxRunFilters?: number;
  seed?: number;
}

/** Runs `spec` (PyTorch dilation convention) on a random input; throws if a layer cannot run. */
export function runLayers(spec: Spec, opts: RunOptions = {}): RunLayer[] {
  const rng = new Rng(opts.seed ?? 1).fork("run-layers");
  const bias = opts.bias ?? true;
  const cap = opts.maxRunFilters ?? Infinity;
  let x: Tensor = randn([1, Math.min(spec.input.c, cap), spec.input.h, spec.input.w], rng);
  // Channels of the full-size network, which the weight tensors are built for.
  let fullChannels = spec.input.c;
  const out: RunLayer[] = [];
  for (const layer of spec.layers) {
    switch (layer.kind) {
      case "conv": {
        const d = layer.dilation ?? 1;
        const pad = (k: number): number =>
          layer.padding === "valid" ? 0 : layer.padding === "same" ? (d * (k - 1)) / 2 : layer.padding;
        const full = zeros([layer.filters, fullChannels, layer.kh, layer.kw]);
        const params = full.data.length + (bias ? layer.filters : 0);
        const runFilters = Math.min(layer.filters, cap);
        const w = randn([runFilters, x.shape[1], layer.kh, layer.kw], rng);
        const b = bias ? randn([runFilters], rng) : undefined;
        x = conv2d(x, w, { stride: layer.stride, padding: [pad(layer.kh), pad(layer.kw)], dilation: d, ...(b ? { bias: b } : {}) });
        fullChannels = full.shape[0];
        out.push({ text: layer.text, output: [x.shape[2], x.shape[3], fullChannels], params });
        break;
      }
      case "pool": {
        const o = { kernel: [layer.kh, layer.kw] as [number, number], stride: (layer.stride === null ? [layer.kh, layer.kw] : [layer.stride, layer.stride]) as [number, number], padding: layer.padding, ceilMode: layer.ceil };
        x = layer.mode === "max" ? maxPool2d(x, o) : avgPool2d(x, o);
        out.push({ text: layer.text, output: [x.shape[2], x.shape[3], fullChannels], params: 0 });
        break;
      }
      case "fc": {
        const nIn = x.shape[2] * x.shape[3] * fullChannels;
        const full = zeros([nIn, layer.units]);
        const params = full.data.length + (bias ? layer.units : 0);
        const flat = x.reshape([1, x.shape[1] * x.shape[2] * x.shape[3]]);
        const w = randn([flat.shape[1], layer.units], rng);
        const y = flat.matmul(w);
        x = y.reshape([1, layer.units, 1, 1]);
        fullChannels = layer.units;
        out.push({ text: layer.text, output: [1, 1, layer.units], params });
        break;
      }
      default:
        throw new Error(`the brute-force runner has no ${layer.kind} layer (${layer.text})`);
    }
  }
  return out;
}
