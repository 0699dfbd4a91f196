/**
 * Functional reverse mode: each call records the function on a fresh tape (the recorder the tensor
 * layer reports to), walks it backwards once per cotangent, and hands back detached tensors.
 */
import { alloc } from "../tensor/alloc.js";
import { setRecorder } from "../tensor/record.js";
import { sameShape, shapeStr } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { Tape } from "./tape.js";

export type Fn = (...args: Tensor[]) => Tensor;

function checkArgs(op: string, args: readonly unknown[]): void {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!(a instanceof Tensor)) throw new TypeError(`${op}: argument ${i} must be a Tensor, got ${a === null ? "null" : typeof a}`);
  }
}

/** Runs f on tape leaves standing in for `args`. */
function record(op: string, f: Fn, args: readonly Tensor[]): { tape: Tape; leaves: Tensor[]; out: Tensor } {
  const tape = new Tape();
  checkArgs(op, args);
  const leaves = new Array<Tensor>(args.length);
  for (let i = 0; i < args.length; i++) leaves[i] = tape.leaf(args[i]);
  const prev = setRecorder(tape);
  let out: unknown;
  try {
    out = f.apply(undefined, leaves);
  } finally {
    setRecorder(prev);
  }
  if (!(out instanceof Tensor)) throw new TypeError(`${op}: the function must return a Tensor, got ${out === null ? "null" : typeof out}`);
  return { tape, leaves, out };
}

function detach(t: Tensor): Tensor {
  return new Tensor(t.data, t.shape);
}

function leafGrads(leaves: readonly Tensor[]): Tensor[] {
  const out = new Array<Tensor>(leaves.length);
  for (let i = 0; i < leaves.length; i++) {
    const l = leaves[i], g = l._grad;
    // Gradients are never tape nodes (rules run unrecorded), so they need no detaching.
    out[i] = g === null ? new Tensor(alloc(l.size), l.shape) : g;
  }
  return out;
}

/** f's value and the gradient of ⟨f(args), cotangent⟩ with respect to every argument. */
export function vjp(f: Fn, args: readonly Tensor[], cotangent: Tensor): { value: Tensor; grads: Tensor[] } {
  const { tape, leaves, out } = record("vjp", f, args);
  if (!(cotangent instanceof Tensor) || !sameShape(cotangent.shape, out.shape)) {
    throw new RangeError(`vjp: cotangent shape ${cotangent instanceof Tensor ? shapeStr(cotangent.shape) : typeof cotangent} must equal the output shape ${shapeStr(out.shape)}`);
  }
  tape.backward(out, cotangent);
  const grads = leafGrads(leaves);
  tape.release();
  return { value: detach(out), grads };
}

/** valueAndGrad(f)(...args): f must return a one-element tensor (a scalar loss). */
export function valueAndGrad(f: Fn): (...args: Tensor[]) => { value: Tensor; grads: Tensor[] } {
  return (...args) => {
    const { tape, leaves, out } = record("grad", f, args);
    if (out.size !== 1) {
      throw new RangeError(`grad: the function must return a scalar (one element), got shape ${shapeStr(out.shape)}; use vjp or jacobian for other outputs`);
    }
    tape.backward(out, new Tensor(Float64Array.of(1), out.shape));
    const grads = leafGrads(leaves);
    tape.release();
    return { value: detach(out), grads };
  };
}

/** grad(f)(...args): one gradient per argument, each shaped like it. */
export function grad(f: Fn): (...args: Tensor[]) => Tensor[] {
  const vg = valueAndGrad(f);
  return (...args) => vg(...args).grads;
}

/**
 * Records f once and returns its value with a pullback that can be applied to many cotangents
 * (jacobian and gradcheck use it). Call `release` when done.
 */
export function linearize(f: Fn, args: readonly Tensor[]): { value: Tensor; pullback: (cot: Tensor) => Tensor[]; release: () => void } {
  const { tape, leaves, out } = record("linearize", f, args);
  return {
    value: detach(out),
    pullback: (cot) => {
      if (!sameShape(cot.shape, out.shape)) throw new RangeError(`pullback: cotangent shape ${shapeStr(cot.shape)} must equal the output shape ${shapeStr(out.shape)}`);
      tape.backward(out, cot);
      return leafGrads(leaves);
    },
    release: () => tape.release(),
  };
}

/** jacobian(f)(x): shape [...f(x).shape, ...x.shape], one reverse pass per output element. */
export function jacobian(f: (x: Tensor) => Tensor): (x: Tensor) => Tensor {
  return (x) => {
    const lin = linearize(f as Fn, [x]);
    const m = lin.value.size, n = x.size;
    const J = new Float64Array(m * n);
    for (let i = 0; i < m; i++) {
      const cot = new Float64Array(m);
      cot[i] = 1;
      J.set(lin.pullback(new Tensor(cot, lin.value.shape))[0].data, i * n);
    }
    lin.release();
    return new Tensor(J, [...lin.value.shape, ...x.shape]);
  };
}
