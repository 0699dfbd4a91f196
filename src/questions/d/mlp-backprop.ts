/**
 * D.4: the pieces of backpropagation through a softmax-output MLP with ReLU hidden layers, as
 * row-vector gradients and Jacobians, and the batch form of the weight gradient. The oracle builds
 * the network on the tensor engine and takes every derivative with the autodiff engine.
 */
import { Rng } from "../../tensor/rng.js";
import { randn, tensor, type Tensor } from "../../tensor/index.js";
import { grad, jacobian } from "../../autodiff/index.js";
import type { SymbolTable } from "../../expr/types.js";
import { evalAt, toRows as rows } from "../b/formula.js";
import { Tally, withOracle, type Reference } from "../b/oracle.js";
import type { Question, Verification } from "../types.js";

const mlpTable: SymbolTable = {
  symbols: [
    { name: "x^{(N)}", kind: "vector", shape: ["k", 1], domain: { kind: "probability" }, description: "the softmax output" },
    { name: "t", kind: "vector", shape: ["k", 1], domain: { kind: "onehot" }, description: "the one-hot target" },
    { name: "\\tilde{x}^{(l)}", kind: "vector", shape: ["d", 1], domain: { kind: "awayFromKink", margin: 0.05 }, description: "pre-activation of layer l" },
    { name: "x^{(l-1)}", kind: "vector", shape: ["e", 1], domain: { kind: "real" }, description: "input of layer l" },
    { name: "W^{(l)}", kind: "matrix", shape: ["d", "e"], domain: { kind: "real" } },
    {
      name: "\\delta^{(l)}",
      aliases: ["\\frac{\\partial L}{\\partial \\tilde{x}^{(l)}}", "\\partial L/\\partial \\tilde{x}^{(l)}"],
      kind: "matrix",
      shape: [1, "d"],
      domain: { kind: "real" },
      description: "∂L/∂x̃⁽ˡ⁾ as a row vector",
    },
    { name: "\\Delta^{(l)}", kind: "matrix", shape: ["B", "d"], domain: { kind: "real" }, description: "the rows δ⁽ˡ⁾ of the B samples of a batch" },
    { name: "X^{(l-1)}", kind: "matrix", shape: ["B", "e"], domain: { kind: "real" }, description: "the rows x⁽ˡ⁻¹⁾ᵀ of the B samples" },
  ],
};

const SLOTS = {
  A: "∂L/∂x⁽ᴺ⁾ (row)",
  S: "∂x⁽ᴺ⁾/∂x̃⁽ᴺ⁾ (softmax Jacobian)",
  R: "∂x⁽ˡ⁾/∂x̃⁽ˡ⁾ (ReLU Jacobian)",
  J: "∂x̃⁽ˡ⁾/∂x⁽ˡ⁻¹⁾",
  C: "∂L/∂x̃⁽ᴺ⁾ (row)",
  G: "∂L/∂W⁽ˡ⁾",
  T: "∂L/∂W⁽ˡ⁾ for a batch",
} as const;

const square = (j: Tensor, n: number, m: number): Tensor => j.reshape([n, m]);

interface Net {
  W: Tensor[];
  b: Tensor[];
}

/** Pre-activations x̃⁽ˡ⁾ and activations x⁽ˡ⁾ (x⁽⁰⁾ the input, x⁽ᴺ⁾ the softmax output). */
function forward(net: Net, x0: Tensor): { pre: Tensor[]; act: Tensor[] } {
  const act = [x0];
  const pre: Tensor[] = [x0];
  for (let l = 1; l <= net.W.length; l++) {
    const z = net.W[l - 1].matmul(act[l - 1]).add(net.b[l - 1]);
    pre.push(z);
    act.push(l === net.W.length ? z.softmax(0) : z.relu());
  }
  return { pre, act };
}

function checkMlp(reference: Reference, seed: number): Verification {
  const rng = new Rng(seed).fork("mlp-backprop");
  const t = new Tally(1e-8);
  const ev = (slot: keyof typeof SLOTS, values: Record<string, number[][]>): Tensor => evalAt(reference[slot], mlpTable, values, seed);
  for (let trial = 0; trial < 8; trial++) {
    const depth = rng.int(2, 4);
    const widths = Array.from({ length: depth + 1 }, () => rng.int(1, 5));
    widths[depth] = rng.int(2, 5);
    const net: Net = { W: [], b: [] };
    for (let l = 1; l <= depth; l++) {
      net.W.push(randn([widths[l], widths[l - 1]], rng));
      net.b.push(randn([widths[l], 1], rng));
    }
    const k = widths[depth];
    const target = Array.from({ length: k }, () => [0]);
    target[rng.int(0, k - 1)][0] = 1;
    const tT = tensor(target);
    const loss = (out: Tensor): Tensor => tT.mul(out.log()).sum().neg();
    const batch = Array.from({ length: rng.int(1, 4) }, () => randn([widths[0], 1], rng));
    const sample = batch[0];
    const { pre, act } = forward(net, sample);
    const xN = act[depth], zN = pre[depth];
    const base = { "x^{(N)}": rows(xN), t: target };

    const [dOut] = grad(loss)(xN);
    t.closeAll(`A = ${SLOTS.A}`, dOut.data, ev("A", base).data);
    t.closeAll(`S = ${SLOTS.S}`, square(jacobian((z: Tensor) => z.softmax(0))(zN), k, k).data, ev("S", base).data);
    const [dZ] = grad((z: Tensor) => loss(z.softmax(0)))(zN);
    t.closeAll(`C = ${SLOTS.C}`, dZ.data, ev("C", base).data);

    for (let l = 1; l <= depth; l++) {
      const d = widths[l], e = widths[l - 1];
      // δ⁽ˡ⁾ = ∂L/∂x̃⁽ˡ⁾ by autodiff: the rest of the network run from a free pre-activation.
      const fromLayer = (z: Tensor): Tensor => {
        let h = l === depth ? z.softmax(0) : z.relu();
        for (let j = l + 1; j <= depth; j++) {
          const zz = net.W[j - 1].matmul(h).add(net.b[j - 1]);
          h = j === depth ? zz.softmax(0) : zz.relu();
        }
        return loss(h);
      };
      const [delta] = grad((z: Tensor) => fromLayer(z))(pre[l]);
      const values = {
        ...base,
        "\\tilde{x}^{(l)}": rows(pre[l]),
        "x^{(l-1)}": rows(act[l - 1]),
        "W^{(l)}": rows(net.W[l - 1]),
        "\\delta^{(l)}": [Array.from(delta.data)],
      };
      if (l < depth && pre[l].data.every((v) => Math.abs(v) > 1e-6)) {
        t.closeAll(`R = ${SLOTS.R}, layer ${l}`, square(jacobian((z: Tensor) => z.relu())(pre[l]), d, d).data, ev("R", values).data);
      }
      t.closeAll(`J = ${SLOTS.J}, layer ${l}`, square(jacobian((x: Tensor) => net.W[l - 1].matmul(x).add(net.b[l - 1]))(act[l - 1]), d, e).data, ev("J", values).data);
      const [dW] = grad((W: Tensor) => {
        const z = W.matmul(act[l - 1]).add(net.b[l - 1]);
        return fromLayer(z);
      })(net.W[l - 1]);
      t.closeAll(`G = ${SLOTS.G}, layer ${l}`, dW.data, ev("G", values).data);

      // The batch: L = Σ_b L_b; its gradient has W's shape and is the sum over samples.
      const perSample = batch.map((xb) => {
        const f = forward(net, xb);
        const [db] = grad((z: Tensor) => fromLayer(z))(f.pre[l]);
        return { delta: Array.from(db.data), input: Array.from(f.act[l - 1].data) };
      });
      const [dWBatch] = grad((W: Tensor) => {
        let total: Tensor | null = null;
        for (const xb of batch) {
          let h = xb;
          for (let j = 1; j <= depth; j++) {
            const zz = (j === l ? W : net.W[j - 1]).matmul(h).add(net.b[j - 1]);
            h = j === depth ? zz.softmax(0) : zz.relu();
          }
          total = total === null ? loss(h) : total.add(loss(h));
        }
        return total as Tensor;
      })(net.W[l - 1]);
      t.holds(`the batch gradient of W⁽${l}⁾ has W's shape`, dWBatch.shape.join() === [d, e].join());
      const batchValues = { ...values, "\\Delta^{(l)}": perSample.map((p) => p.delta), "X^{(l-1)}": perSample.map((p) => p.input) };
      t.closeAll(`T = ${SLOTS.T}, layer ${l}, batch of ${batch.length}`, dWBatch.data, ev("T", batchValues).data);
    }
  }
  return t.result(
    "autodiff on the network",
    seed,
    "8 random MLPs (2–4 layers, widths 1–5, softmax output, cross-entropy): every Jacobian and gradient by the autodiff engine, δ⁽ˡ⁾ included, against the reference evaluated at the network's own values; batch gradients summed over 1–4 samples.",
  );
}

export const mlpBackprop: Question = withOracle(
  {
    id: "mlp-backprop",
    title: "Backpropagation through a softmax MLP, as row vectors",
    section: "D",
    source: "fourth assignment, D.4",
    prompt:
      "An MLP with ReLU hidden layers, $\\tilde x^{(l)} = W^{(l)} x^{(l-1)} + b^{(l)}$, $x^{(l)} = \\mathrm{ReLU}(\\tilde x^{(l)})$ for $l < N$, " +
      "$x^{(N)} = \\mathrm{softmax}(\\tilde x^{(N)})$, and $L = -\\sum_i t_i \\log x^{(N)}_i$. Gradients are row vectors. Give " +
      `$A$ = ${SLOTS.A}, $S$ = ${SLOTS.S}, $R$ = ${SLOTS.R}, $J$ = ${SLOTS.J}, $C$ = ${SLOTS.C}, ` +
      `$G$ = ${SLOTS.G} in terms of $\\delta^{(l)} = \\partial L/\\partial \\tilde x^{(l)}$, and $T$ = ${SLOTS.T} in terms of the matrices $\\Delta^{(l)}$ and $X^{(l-1)}$ whose rows are the samples' $\\delta^{(l)}$ and $(x^{(l-1)})^\\top$.`,
    symbols: mlpTable,
    slots: Object.keys(SLOTS),
    reference: {
      A: "-(t / x^{(N)})^\\top",
      S: "\\mathrm{diag}(x^{(N)}) - x^{(N)} (x^{(N)})^\\top",
      R: "\\mathrm{diag}(\\mathbb{1}[\\tilde{x}^{(l)} > 0])",
      J: "W^{(l)}",
      C: "(x^{(N)} - t)^\\top",
      G: "(\\delta^{(l)})^\\top (x^{(l-1)})^\\top",
      T: "(\\Delta^{(l)})^\\top X^{(l-1)}",
    },
    kind: "formula",
    explanation:
      "Chain the row vectors: $\\partial L/\\partial \\tilde x^{(N)} = -(t/x^{(N)})^\\top (\\mathrm{diag}(x^{(N)}) - x^{(N)} x^{(N)\\top}) = (x^{(N)} - t)^\\top$ since $\\sum_i t_i = 1$; " +
      "then $\\delta^{(l-1)} = \\delta^{(l)} W^{(l)} \\mathrm{diag}(\\mathbb{1}[\\tilde x^{(l-1)} > 0])$. The weight gradient is the outer product $\\delta^{(l)\\top} x^{(l-1)\\top}$; " +
      "over a batch the loss is a sum, so the gradients add up: $\\Delta^\\top X$, the shape of $W$, not a new batch axis.",
  },
  checkMlp,
);

export { checkMlp };
