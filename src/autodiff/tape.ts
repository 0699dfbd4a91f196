/**
 * The tape: the recorder autodiff installs while a differentiated function runs, and the reverse
 * walk that applies the VJP rules. Outputs carry their own node fields, so recording one primitive
 * costs a few field writes and one array push; primitives whose inputs are all constants are not
 * recorded at all.
 */
import { alloc } from "../tensor/alloc.js";
import { type Attrs, type Recorder, setRecorder } from "../tensor/record.js";
import { sameShape, shapeStr } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { rules } from "./rules.js";

const LEAF = "leaf";
const NO_ATTRS: Attrs = Object.freeze({});
// A recorded one-input primitive always has its input on the tape.
const ONE_NEEDED: boolean[] = [true];

export class Tape implements Recorder {
  readonly nodes: Tensor[] = [];
  private readonly pair: boolean[] = [false, false];

  record(op: string, inputs: Tensor[], out: Tensor, attrs: Attrs | null): void {
    for (let i = 0; i < inputs.length; i++) {
      if (inputs[i]._tape === this) {
        out._tape = this;
        out._op = op;
        out._inputs = inputs;
        out._attrs = attrs;
        this.nodes.push(out);
        return;
      }
    }
  }

  /** A differentiable stand-in for an argument (same data, fresh identity). */
  leaf(t: Tensor): Tensor {
    const l = new Tensor(t.data, t.shape);
    l._tape = this;
    l._op = LEAF;
    this.nodes.push(l);
    return l;
  }

  tracks(t: Tensor): boolean {
    return t._tape === this;
  }

  /** Accumulates d⟨out, cotangent⟩/d(node) into every node's `_grad`. */
  backward(out: Tensor, cotangent: Tensor): void {
    const nodes = this.nodes;
    for (let i = 0; i < nodes.length; i++) nodes[i]._grad = null;
    if (out._tape !== this) return;
    out._grad = cotangent;
    const prev = setRecorder(null);
    try {
      for (let i = nodes.length - 1; i >= 0; i--) {
        const node = nodes[i];
        const g = node._grad;
        if (g === null || node._op === LEAF) continue;
        this.step(node, g);
      }
    } finally {
      setRecorder(prev);
    }
  }

  private step(node: Tensor, g: Tensor): void {
    const op = node._op;
    const rule = rules[op];
    if (rule === undefined) throw new Error(`autodiff: no VJP rule for primitive "${op}"`);
    const inputs = node._inputs as Tensor[];
    // Rules read `needs` during the call only, so one scratch array serves every binary node.
    const needs = inputs.length === 1 ? ONE_NEEDED : inputs.length === 2 ? this.pair : new Array<boolean>(inputs.length);
    if (inputs.length !== 1) for (let j = 0; j < inputs.length; j++) needs[j] = inputs[j]._tape === this;
    const grads = rule.vjp(g, node, inputs, node._attrs ?? NO_ATTRS, needs);
    if (grads.length !== inputs.length) {
      throw new Error(`autodiff: VJP rule "${op}" returned ${grads.length} gradients for ${inputs.length} inputs`);
    }
    for (let j = 0; j < inputs.length; j++) {
      if (!needs[j]) continue;
      const x = inputs[j], gx = grads[j];
      if (gx === null) throw new Error(`autodiff: VJP rule "${op}" returned no gradient for input ${j}, which needs one`);
      if (!sameShape(gx.shape, x.shape)) {
        throw new Error(`autodiff: VJP rule "${op}" returned a gradient of shape ${shapeStr(gx.shape)} for input ${j} of shape ${shapeStr(x.shape)}`);
      }
      x._grad = x._grad === null ? gx : accumulate(x._grad, gx);
    }
  }

  /** Drops the graph so tensors handed back to callers do not keep it alive. */
  release(): void {
    for (const t of this.nodes) {
      t._inputs = null;
      t._attrs = null;
      t._grad = null;
    }
    this.nodes.length = 0;
  }
}

function accumulate(a: Tensor, b: Tensor): Tensor {
  const out = alloc(a.data.length);
  const x = a.data, y = b.data;
  for (let i = 0; i < out.length; i++) out[i] = x[i] + y[i];
  return new Tensor(out, a.shape);
}
