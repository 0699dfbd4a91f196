/**
 * Neural-network primitives as free functions with torch.nn.functional semantics: conv2d, pooling,
 * PReLU and cross-entropy. Inputs are NCHW; an unbatched CHW input is accepted and returned unbatched.
 */
import { conv2dForward } from "./kernels/conv.js";
import { Bin, binaryKernel } from "./kernels/elementwise.js";
import { avgPoolForward, maxPoolForward, poolOutSize } from "./kernels/pool.js";
import { type ConvAttrs, type PoolAttrs, recorder } from "./record.js";
import { broadcastShapes, shapeStr } from "./shape.js";
import { Tensor } from "./tensor.js";

export type Pair = number | readonly [number, number] | readonly number[];

export interface Conv2dOptions {
  stride?: Pair;
  padding?: Pair;
  dilation?: Pair;
  bias?: Tensor | null;
}

export interface PoolOptions {
  kernel?: Pair;
  /** Alias of `kernel` (torch's name). */
  kernelSize?: Pair;
  stride?: Pair | null;
  padding?: Pair;
  /** Max pooling only. */
  dilation?: Pair;
  ceilMode?: boolean;
  /** Average pooling only; torch's default true. */
  countIncludePad?: boolean;
  divisorOverride?: number | null;
}

function pair(op: string, name: string, v: Pair | undefined, dflt: number, min: number): [number, number] {
  const p: readonly number[] = v === undefined ? [dflt, dflt] : typeof v === "number" ? [v, v] : v;
  if (p.length !== 2 || !p.every((d) => Number.isInteger(d) && d >= min)) {
    throw new RangeError(`${op}: ${name} must be an integer >= ${min} or a pair [h, w] of them, got ${JSON.stringify(v)}`);
  }
  return [p[0], p[1]];
}

/** Runs `f` on a 4-D view of a CHW or NCHW input and restores an unbatched result. */
function batched(op: string, x: Tensor, f: (x4: Tensor) => Tensor): Tensor {
  if (x.ndim === 4) return f(x);
  if (x.ndim === 3) {
    const y = f(x.reshape([1, ...x.shape]));
    return y.reshape(y.shape.slice(1));
  }
  throw new RangeError(`${op}: input must be NCHW (4-D) or CHW (3-D), got shape ${shapeStr(x.shape)}`);
}

/**
 * 2-D cross-correlation like torch.nn.functional.conv2d: x [N,C,H,W], w [O,C,kh,kw], bias [O]
 * (in the options, or positional as in torch: `conv2d(x, w, bias, opts)`).
 */
export function conv2d(x: Tensor, w: Tensor, biasOrOpts: Tensor | Conv2dOptions | null = {}, more: Conv2dOptions = {}): Tensor {
  const opts = biasOrOpts instanceof Tensor || biasOrOpts === null ? { ...more, bias: biasOrOpts } : biasOrOpts;
  const a: ConvAttrs = {
    stride: pair("conv2d", "stride", opts.stride, 1, 1),
    padding: pair("conv2d", "padding", opts.padding, 0, 0),
    dilation: pair("conv2d", "dilation", opts.dilation, 1, 1),
  };
  const bias = opts.bias ?? null;
  return batched("conv2d", x, (x4) => {
    if (w.ndim !== 4) throw new RangeError(`conv2d: weight must be [out, in, kh, kw], got shape ${shapeStr(w.shape)}`);
    if (x4.shape[1] !== w.shape[1]) {
      throw new RangeError(`conv2d: input ${shapeStr(x.shape)} has ${x4.shape[1]} channels but weight ${shapeStr(w.shape)} expects ${w.shape[1]}`);
    }
    if (bias !== null && (bias.ndim !== 1 || bias.shape[0] !== w.shape[0])) {
      throw new RangeError(`conv2d: bias must have shape [${w.shape[0]}] for weight ${shapeStr(w.shape)}, got ${shapeStr(bias.shape)}`);
    }
    for (let i = 0; i < 2; i++) {
      const span = x4.shape[2 + i] + 2 * a.padding[i], eff = a.dilation[i] * (w.shape[2 + i] - 1) + 1;
      if (eff > span) {
        throw new RangeError(`conv2d: kernel ${shapeStr(w.shape.slice(2))} (dilated to ${eff}) is larger than the padded input ${shapeStr(x4.shape.slice(2))} + 2·${a.padding[i]} along ${i === 0 ? "height" : "width"}`);
      }
    }
    const r = conv2dForward(x4, w, bias, a);
    const out = new Tensor(r.data, r.shape);
    if (recorder !== null) recorder.record("conv2d", bias === null ? [x4, w] : [x4, w, bias], out, { conv: a });
    return out;
  });
}

/** `maxPool2d(x, 2)` is short for `maxPool2d(x, { kernel: 2 })`. */
function asPoolOptions(o: PoolOptions | Pair): PoolOptions {
  return typeof o === "number" || Array.isArray(o) ? { kernel: o as Pair } : (o as PoolOptions);
}

function poolAttrs(op: string, x4: Tensor, o: PoolOptions, allowDilation: boolean): PoolAttrs {
  const k = o.kernel ?? o.kernelSize;
  if (k === undefined) throw new RangeError(`${op}: the kernel size is required ({ kernel: k })`);
  const kernel = pair(op, "kernel", k, 1, 1);
  const stride = o.stride === undefined || o.stride === null ? kernel : pair(op, "stride", o.stride, 1, 1);
  const padding = pair(op, "padding", o.padding, 0, 0);
  if (!allowDilation && o.dilation !== undefined) throw new RangeError(`${op}: dilation is not supported (torch's avg_pool2d has none)`);
  const dilation = pair(op, "dilation", o.dilation, 1, 1);
  const ceil = o.ceilMode ?? false;
  const outH = poolOutSize(op, x4.shape[2], kernel[0], stride[0], padding[0], dilation[0], ceil);
  const outW = poolOutSize(op, x4.shape[3], kernel[1], stride[1], padding[1], dilation[1], ceil);
  const div = o.divisorOverride ?? null;
  if (div !== null && !(Number.isInteger(div) && div > 0)) throw new RangeError(`${op}: divisorOverride must be a positive integer, got ${div}`);
  return { kernel, stride, padding, dilation, outH, outW, countIncludePad: o.countIncludePad ?? true, divisorOverride: div };
}

/** torch.nn.functional.max_pool2d (values only). */
export function maxPool2d(x: Tensor, opts: PoolOptions | Pair): Tensor {
  return batched("maxPool2d", x, (x4) => {
    const a = poolAttrs("maxPool2d", x4, asPoolOptions(opts), true);
    const { y, argmax } = maxPoolForward(x4.data, x4.shape, a);
    const out = new Tensor(y, [x4.shape[0], x4.shape[1], a.outH, a.outW]);
    if (recorder !== null) recorder.record("maxPool2d", [x4], out, { pool: a, argmax });
    return out;
  });
}

/** torch.nn.functional.avg_pool2d. */
export function avgPool2d(x: Tensor, opts: PoolOptions | Pair): Tensor {
  return batched("avgPool2d", x, (x4) => {
    const a = poolAttrs("avgPool2d", x4, asPoolOptions(opts), false);
    const out = new Tensor(avgPoolForward(x4.data, x4.shape, a), [x4.shape[0], x4.shape[1], a.outH, a.outW]);
    if (recorder !== null) recorder.record("avgPool2d", [x4], out, { pool: a });
    return out;
  });
}

/**
 * PReLU: x where x > 0, θ·x elsewhere. θ is a number, a one-element tensor, or one value per
 * channel (axis 1 of x, as torch).
 */
export function prelu(x: Tensor, theta: Tensor | number): Tensor {
  let t: Tensor;
  if (typeof theta === "number") t = new Tensor(Float64Array.of(theta), []);
  else if (theta.size === 1) t = theta.reshape([]);
  else {
    const c = x.ndim >= 2 ? x.shape[1] : 1;
    if (theta.size !== c) {
      throw new RangeError(`prelu: θ ${shapeStr(theta.shape)} must be a scalar or have one value per channel (axis 1 of x ${shapeStr(x.shape)}: ${c})`);
    }
    t = theta.reshape(x.shape.map((d, i) => (i === 1 ? d : 1)));
  }
  const shape = broadcastShapes("prelu", x.shape, t.shape);
  const out = new Tensor(binaryKernel(Bin.Prelu, x.data, x.shape, t.data, t.shape, shape), shape);
  if (recorder !== null) recorder.record("prelu", [x, t], out, null);
  return out;
}

/**
 * Mean softmax cross-entropy over the batch, as torch.nn.functional.cross_entropy: logits [B, C]
 * (or [C] for one example); targets are class indices [B] (a tensor or an array) or class
 * probabilities / one-hot rows [B, C].
 */
export function crossEntropy(logits: Tensor, targets: Tensor | readonly number[]): Tensor {
  if (logits.ndim === 1) {
    const probs = targets instanceof Tensor && targets.ndim === 1 && targets.size === logits.size && targets.size > 1;
    const t = targets instanceof Tensor ? targets.reshape(probs ? [1, -1] : [1]) : targets;
    return crossEntropy(logits.reshape([1, -1]), t);
  }
  if (logits.ndim !== 2) throw new RangeError(`crossEntropy: logits must be [batch, classes], got shape ${shapeStr(logits.shape)}`);
  const [B, C] = logits.shape;
  const logp = logits.logSoftmax(1);
  if (targets instanceof Tensor && targets.ndim === 2) {
    if (targets.shape[0] !== B || targets.shape[1] !== C) {
      throw new RangeError(`crossEntropy: probability targets ${shapeStr(targets.shape)} must match logits ${shapeStr(logits.shape)}`);
    }
    return logp.mul(targets).sum().mul(-1 / B);
  }
  const idx = targets instanceof Tensor ? targets.data : targets;
  if (idx.length !== B || (targets instanceof Tensor && targets.ndim !== 1)) {
    throw new RangeError(`crossEntropy: class-index targets must have shape [${B}] for logits ${shapeStr(logits.shape)}, got ${targets instanceof Tensor ? shapeStr(targets.shape) : `${idx.length} values`}`);
  }
  for (let b = 0; b < B; b++) {
    const c = idx[b];
    if (!Number.isInteger(c) || c < 0 || c >= C) throw new RangeError(`crossEntropy: target ${b} is ${c}, not a class index in 0..${C - 1}`);
  }
  // Picking the target log-probabilities (not a one-hot product) keeps the loss finite when
  // another class has logit −∞, as torch's does.
  return logp.pick(idx).sum().mul(-1 / B);
}
