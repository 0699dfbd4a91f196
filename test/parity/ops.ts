/**
 * gradsheet's side of the parity programs: one entry per op name, calling the public API exactly as
 * INTERFACE.md names it. bench/peers/make_torch_fixtures.py holds the torch side under the same names;
 * the programs themselves (which ops, on which inputs) live only in the fixtures.
 */
import { avgPool2d, concat, conv2d, crossEntropy, maxPool2d, prelu, stack, type Tensor, tensor } from "../../src/index.js";

export type Pair = number | [number, number];

/** The options a program step may carry (torch's keyword arguments, in gradsheet's spelling). */
export interface StepOpts {
  alpha?: number;
  axes?: number[];
  shape?: number[];
  axis?: number | number[];
  keepdims?: boolean;
  stride?: Pair;
  padding?: Pair;
  dilation?: Pair;
  kernel?: Pair;
  ceilMode?: boolean;
  countIncludePad?: boolean;
  divisorOverride?: number;
  /** slice / select positions. */
  start?: number;
  end?: number;
  index?: number;
  /**
   * Other call forms: "positional" for conv2d(x, w, bias, opts) and maxPool2d(x, kernel); "array"
   * for crossEntropy with the class indices as a number[]; "number" for prelu with θ a plain number.
   */
  form?: "positional" | "array" | "number";
}

export type Arg = Tensor | number;
type Op = (args: Arg[], o: StepOpts) => Tensor;

function t(a: Arg, op: string, i: number): Tensor {
  if (typeof a === "number") throw new TypeError(`${op}: argument ${i} must be a tensor, got the number ${a}`);
  return a;
}

/** A number on the left of a binary op becomes a 0-d tensor (torch promotes it the same way). */
function left(a: Arg): Tensor {
  return typeof a === "number" ? tensor(a) : a;
}

function need<T>(v: T | undefined, op: string, name: string): T {
  if (v === undefined) throw new TypeError(`${op}: option ${name} is required`);
  return v;
}

function unary(f: (x: Tensor) => Tensor, op: string): Op {
  return ([x]) => f(t(x, op, 0));
}

export const OPS: Record<string, Op> = {
  add: ([a, b]) => left(a).add(b),
  sub: ([a, b]) => left(a).sub(b),
  mul: ([a, b]) => left(a).mul(b),
  div: ([a, b]) => left(a).div(b),
  pow: ([a, b]) => left(a).pow(b),
  maximum: ([a, b]) => left(a).maximum(b),
  minimum: ([a, b]) => left(a).minimum(b),
  matmul: ([a, b]) => t(a, "matmul", 0).matmul(t(b, "matmul", 1)),
  neg: unary((x) => x.neg(), "neg"),
  exp: unary((x) => x.exp(), "exp"),
  log: unary((x) => x.log(), "log"),
  tanh: unary((x) => x.tanh(), "tanh"),
  sigmoid: unary((x) => x.sigmoid(), "sigmoid"),
  relu: unary((x) => x.relu(), "relu"),
  softplus: unary((x) => x.softplus(), "softplus"),
  sin: unary((x) => x.sin(), "sin"),
  cos: unary((x) => x.cos(), "cos"),
  abs: unary((x) => x.abs(), "abs"),
  sqrt: unary((x) => x.sqrt(), "sqrt"),
  // Without alpha: gradsheet's default, which must be torch's 0.01.
  leakyRelu: ([x], o) => (o.alpha === undefined ? t(x, "leakyRelu", 0).leakyRelu() : t(x, "leakyRelu", 0).leakyRelu(o.alpha)),
  square: unary((x) => x.square(), "square"),
  T: ([x]) => t(x, "T", 0).T,
  transpose: ([x], o) => t(x, "transpose", 0).transpose(...(o.axes ?? [])),
  reshape: ([x], o) => t(x, "reshape", 0).reshape(need(o.shape, "reshape", "shape")),
  sum: ([x], o) => t(x, "sum", 0).sum(o.axis, o.keepdims ?? false),
  mean: ([x], o) => t(x, "mean", 0).mean(o.axis, o.keepdims ?? false),
  max: ([x], o) => t(x, "max", 0).max(o.axis, o.keepdims ?? false),
  min: ([x], o) => t(x, "min", 0).min(o.axis, o.keepdims ?? false),
  slice: ([x], o) => t(x, "slice", 0).slice(axisOf(o, "slice"), need(o.start, "slice", "start"), o.end),
  select: ([x], o) => t(x, "select", 0).select(axisOf(o, "select"), need(o.index, "select", "index")),
  squeeze: ([x], o) => (o.axis === undefined ? t(x, "squeeze", 0).squeeze() : t(x, "squeeze", 0).squeeze(axisOf(o, "squeeze"))),
  unsqueeze: ([x], o) => t(x, "unsqueeze", 0).unsqueeze(axisOf(o, "unsqueeze")),
  concat: (xs, o) => concat(xs.map((x, i) => t(x, "concat", i)), axisOf(o, "concat")),
  stack: (xs, o) => stack(xs.map((x, i) => t(x, "stack", i)), axisOf(o, "stack")),
  // Without axis: gradsheet's default, which must be torch's dim -1 as used by the generator.
  softmax: ([x], o) => (o.axis === undefined ? t(x, "softmax", 0).softmax() : t(x, "softmax", 0).softmax(axisOf(o, "softmax"))),
  logSoftmax: ([x], o) => (o.axis === undefined ? t(x, "logSoftmax", 0).logSoftmax() : t(x, "logSoftmax", 0).logSoftmax(axisOf(o, "logSoftmax"))),
  conv2d: ([x, w, b], o) => {
    const bias = b === undefined ? null : t(b, "conv2d", 2);
    const geometry = { stride: o.stride, padding: o.padding, dilation: o.dilation };
    return o.form === "positional"
      ? conv2d(t(x, "conv2d", 0), t(w, "conv2d", 1), bias, geometry)
      : conv2d(t(x, "conv2d", 0), t(w, "conv2d", 1), { ...geometry, bias });
  },
  maxPool2d: ([x], o) =>
    o.form === "positional" ? maxPool2d(t(x, "maxPool2d", 0), need(o.kernel, "maxPool2d", "kernel")) : maxPool2d(t(x, "maxPool2d", 0), {
      kernel: need(o.kernel, "maxPool2d", "kernel"), stride: o.stride, padding: o.padding, dilation: o.dilation, ceilMode: o.ceilMode,
    }),
  avgPool2d: ([x], o) =>
    o.form === "positional" ? avgPool2d(t(x, "avgPool2d", 0), need(o.kernel, "avgPool2d", "kernel")) : avgPool2d(t(x, "avgPool2d", 0), {
      kernel: need(o.kernel, "avgPool2d", "kernel"), stride: o.stride, padding: o.padding, ceilMode: o.ceilMode,
      countIncludePad: o.countIncludePad, divisorOverride: o.divisorOverride,
    }),
  prelu: ([x, theta], o) => prelu(t(x, "prelu", 0), o.form === "number" ? t(theta, "prelu", 1).item() : t(theta, "prelu", 1)),
  crossEntropy: ([z, y], o) =>
    crossEntropy(t(z, "crossEntropy", 0), o.form === "array" ? Array.from(t(y, "crossEntropy", 1).data) : t(y, "crossEntropy", 1)),
};

function axisOf(o: StepOpts, op: string): number {
  const a = o.axis;
  if (typeof a !== "number") throw new TypeError(`${op}: axis must be one number`);
  return a;
}
