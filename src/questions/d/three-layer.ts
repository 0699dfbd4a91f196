/**
 * D.1: backpropagation through h = W₁x + b₁, a = σ(W₂h + b₂), o = W₃a + b₃, and the memory the
 * backward pass needs. Oracles: the autodiff gradients of the network; and a backward pass that
 * reads forward values only through a store which counts what it hands out.
 */
import { Rng } from "../../tensor/rng.js";
import { randn, type Tensor } from "../../tensor/index.js";
import { grad } from "../../autodiff/index.js";
import type { SymbolTable } from "../../expr/types.js";
import { evalAt, evalScalar, toRows as rows } from "../b/formula.js";
import { Tally, withOracle, type Reference } from "../b/oracle.js";
import type { Question, Verification } from "../types.js";

export const threeLayerTable: SymbolTable = {
  symbols: [
    { name: "x", kind: "vector", shape: ["n", 1], domain: { kind: "real" } },
    { name: "W_1", kind: "matrix", shape: ["m", "n"], domain: { kind: "real" } },
    { name: "b_1", kind: "vector", shape: ["m", 1], domain: { kind: "real" } },
    { name: "W_2", kind: "matrix", shape: ["r", "m"], domain: { kind: "real" } },
    { name: "b_2", kind: "vector", shape: ["r", 1], domain: { kind: "real" } },
    { name: "W_3", kind: "matrix", shape: ["s", "r"], domain: { kind: "real" } },
    { name: "b_3", kind: "vector", shape: ["s", 1], domain: { kind: "real" } },
    { name: "h", kind: "vector", shape: ["m", 1], definition: "h = W_1 x + b_1" },
    { name: "a", kind: "vector", shape: ["r", 1], definition: "a = \\sigma(W_2 h + b_2)" },
    { name: "o", kind: "vector", shape: ["s", 1], definition: "o = W_3 a + b_3" },
    {
      name: "\\delta_o",
      aliases: ["\\frac{\\partial L}{\\partial o}", "\\partial L/\\partial o", "dL/do", "\\nabla_o L"],
      kind: "vector",
      shape: ["s", 1],
      domain: { kind: "real" },
      description: "the gradient of the loss with respect to o",
    },
  ],
};

const SLOTS = ["A", "B", "C", "D", "E", "F"] as const;
const WRT = ["W_3", "b_3", "W_2", "b_2", "W_1", "b_1"] as const;

/** Random parameters of the network for sizes n → m → r → s. */
function randomParams(rng: Rng, n: number, m: number, r: number, s: number): Record<"W_1" | "b_1" | "W_2" | "b_2" | "W_3" | "b_3", Tensor> {
  return {
    W_1: randn([m, n], rng), b_1: randn([m, 1], rng), W_2: randn([r, m], rng), b_2: randn([r, 1], rng),
    W_3: randn([s, r], rng), b_3: randn([s, 1], rng),
  };
}

function checkBackprop(reference: Reference, seed: number): Verification {
  const rng = new Rng(seed).fork("three-layer");
  const t = new Tally(1e-9);
  for (let trial = 0; trial < 12; trial++) {
    const [n, m, r, s] = [rng.int(1, 5), rng.int(1, 5), rng.int(1, 5), rng.int(1, 4)];
    const p = randomParams(rng, n, m, r, s);
    const x = randn([n, 1], rng);
    const delta = randn([s, 1], rng);
    // L = δᵀo, so that ∂L/∂o is exactly the δ_o the reference is written in.
    const loss = (W1: Tensor, b1: Tensor, W2: Tensor, b2: Tensor, W3: Tensor, b3: Tensor): Tensor => {
      const h = W1.matmul(x).add(b1);
      const a = W2.matmul(h).add(b2).sigmoid();
      return W3.matmul(a).add(b3).mul(delta).sum();
    };
    const g = grad(loss)(p.W_1, p.b_1, p.W_2, p.b_2, p.W_3, p.b_3);
    const byName: Record<string, Tensor> = { W_1: g[0], b_1: g[1], W_2: g[2], b_2: g[3], W_3: g[4], b_3: g[5] };
    const values = { x: rows(x), "\\delta_o": rows(delta), ...Object.fromEntries(Object.entries(p).map(([k, v]) => [k, rows(v)])) };
    SLOTS.forEach((slot, i) => {
      const got = evalAt(reference[slot], threeLayerTable, values, seed);
      t.holds(`slot ${slot} (∂L/∂${WRT[i]}) has shape [${got.shape.join(", ")}], the gradient [${byName[WRT[i]].shape.join(", ")}]`, got.data.length === byName[WRT[i]].data.length);
      t.closeAll(`slot ${slot} = ∂L/∂${WRT[i]}, n = ${n}, m = ${m}, r = ${r}, s = ${s}`, byName[WRT[i]].data, got.data);
    });
  }
  return t.result(
    "autodiff gradient",
    seed,
    "12 random networks (every size in 1..5, sizes 1 included) with L = δ_oᵀ o: the reverse-mode gradients with respect to all six parameters against the reference formulas evaluated at the same values.",
  );
}

export const threeLayerBackprop: Question = withOracle(
  {
    id: "three-layer-backprop",
    title: "Backpropagation through a three-layer network",
    section: "D",
    source: "fourth assignment, D.1",
    prompt:
      "A network $h = W_1 x + b_1$, $a = \\sigma(W_2 h + b_2)$, $o = W_3 a + b_3$ with $x \\in \\mathbb{R}^n$, $h \\in \\mathbb{R}^m$, $a \\in \\mathbb{R}^r$, $o \\in \\mathbb{R}^s$ " +
      "feeds a loss $L(o, y)$. With $\\delta_o = \\partial L/\\partial o$, give $A = \\partial L/\\partial W_3$, $B = \\partial L/\\partial b_3$, $C = \\partial L/\\partial W_2$, " +
      "$D = \\partial L/\\partial b_2$, $E = \\partial L/\\partial W_1$, $F = \\partial L/\\partial b_1$ (each the shape of what it differentiates).",
    symbols: threeLayerTable,
    slots: [...SLOTS],
    reference: {
      A: "\\delta_o a^\\top",
      B: "\\delta_o",
      C: "((W_3^\\top \\delta_o) \\circ a \\circ (\\mathbf{1} - a)) h^\\top",
      D: "(W_3^\\top \\delta_o) \\circ a \\circ (\\mathbf{1} - a)",
      E: "W_2^\\top ((W_3^\\top \\delta_o) \\circ a \\circ (\\mathbf{1} - a)) x^\\top",
      F: "W_2^\\top ((W_3^\\top \\delta_o) \\circ a \\circ (\\mathbf{1} - a))",
    },
    kind: "formula",
    mistakes: [
      { code: "sigmoid-derivative-missing", message: "Going back through a = σ(·) multiplies by σ' = a ∘ (1 − a).", answer: { C: "(W_3^\\top \\delta_o) h^\\top" } },
      { code: "sigmoid-derivative-missing", message: "Going back through a = σ(·) multiplies by σ' = a ∘ (1 − a).", answer: { D: "W_3^\\top \\delta_o" } },
    ],
    explanation:
      "Going backwards: $\\partial L/\\partial W_3 = \\delta_o a^\\top$ and $\\partial L/\\partial b_3 = \\delta_o$; then $\\delta_2 = (W_3^\\top \\delta_o) \\circ a \\circ (1 - a)$ " +
      "(σ' = σ(1 − σ)) gives $\\partial L/\\partial W_2 = \\delta_2 h^\\top$, $\\partial L/\\partial b_2 = \\delta_2$; finally $\\delta_1 = W_2^\\top \\delta_2$ (the first layer is linear), " +
      "$\\partial L/\\partial W_1 = \\delta_1 x^\\top$, $\\partial L/\\partial b_1 = \\delta_1$.",
  },
  checkBackprop,
);

// ---------------------------------------------------------------- memory

const memoryTable: SymbolTable = {
  // Moderate sizes: an answer off by a constant number of bytes must differ visibly in relative terms.
  symbols: ["n", "m", "r", "s"].map((name) => ({ name, kind: "dimension" as const, domain: { kind: "integer" as const, lo: 1, hi: 64 } })),
};

/**
 * Backward pass of the network with L = ½‖o − y‖², reading forward values only through `read`,
 * which records how many numbers each value holds. Returns the six gradients.
 */
function countedBackward(params: Record<string, Tensor>, y: Tensor, read: (name: string) => Tensor): Tensor[] {
  const deltaO = read("o").sub(y);
  const a = read("a");
  const dW3 = deltaO.matmul(a.T);
  const delta2 = params.W_3.T.matmul(deltaO).mul(a).mul(a.neg().add(1));
  const dW2 = delta2.matmul(read("h").T);
  const delta1 = params.W_2.T.matmul(delta2);
  const dW1 = delta1.matmul(read("x").T);
  return [dW1, delta1, dW2, delta2, dW3, deltaO];
}

function checkMemory(reference: Reference, seed: number): Verification {
  const rng = new Rng(seed).fork("backprop-memory");
  const t = new Tally(1e-9);
  for (let trial = 0; trial < 15; trial++) {
    const [n, m, r, s] = [rng.int(1, 9), rng.int(1, 9), rng.int(1, 9), rng.int(1, 9)];
    const params = randomParams(rng, n, m, r, s);
    const x = randn([n, 1], rng);
    const y = randn([s, 1], rng);
    const h = params.W_1.matmul(x).add(params.b_1);
    const z2 = params.W_2.matmul(h).add(params.b_2);
    const a = z2.sigmoid();
    const o = params.W_3.matmul(a).add(params.b_3);
    const forward: Record<string, Tensor> = { x, h, z2, a, o };
    const readCount = new Map<string, number>();
    const read = (name: string): Tensor => {
      readCount.set(name, forward[name].size);
      return forward[name];
    };
    const mine = countedBackward(params, y, read);
    // The counted backward pass must be a complete and correct one: compare with autodiff.
    const auto = grad((W1: Tensor, b1: Tensor, W2: Tensor, b2: Tensor, W3: Tensor, b3: Tensor) => {
      const oo = W3.matmul(W2.matmul(W1.matmul(x).add(b1)).add(b2).sigmoid()).add(b3);
      return oo.sub(y).pow(2).sum().mul(0.5);
    })(params.W_1, params.b_1, params.W_2, params.b_2, params.W_3, params.b_3);
    mine.forEach((g, i) => t.closeAll(`gradient ${i + 1} of the counted backward pass`, g.data, auto[i].data));
    const numbers = [...readCount.values()].reduce((acc, v) => acc + v, 0);
    t.close(`bytes read from the forward pass, n = ${n}, m = ${m}, r = ${r}, s = ${s}`, 2 * numbers, evalScalar(reference.M, memoryTable, { n, m, r, s }));
  }
  return t.result(
    "counted backward pass",
    seed,
    "15 random networks with L = ½‖o − y‖²: a backward pass that reads forward values only through a counting store (it reads x, h, a and o, never the pre-activation W₂h + b₂) gives the autodiff gradients; the numbers it read, at 2 bytes each, against the reference.",
  );
}

export const backpropMemory: Question = withOracle(
  {
    id: "backprop-memory",
    title: "Memory kept for the backward pass",
    section: "D",
    source: "fourth assignment, D.1",
    prompt:
      "For the network $h = W_1 x + b_1$, $a = \\sigma(W_2 h + b_2)$, $o = W_3 a + b_3$ ($x \\in \\mathbb{R}^n$, $h \\in \\mathbb{R}^m$, $a \\in \\mathbb{R}^r$, $o \\in \\mathbb{R}^s$) " +
      "with a loss whose gradient needs $o$ (e.g. squared error), which forward values must be kept so that the backward pass recomputes nothing? " +
      "Give the memory $M$ in bytes at two bytes per number (parameters are not counted: they are kept anyway).",
    symbols: memoryTable,
    slots: ["M"],
    reference: { M: "2(n + m + r + s)" },
    kind: "formula",
    mistakes: [{ code: "memory-output-missing", message: "The loss gradient ∂L/∂o (e.g. o − y) needs o itself: keep it too.", answer: { M: "2(n + m + r)" } }],
    explanation:
      "$\\partial L/\\partial o$ needs $o$; $\\partial L/\\partial W_3 = \\delta_o a^\\top$ and $\\sigma' = a(1 - a)$ need $a$; $\\partial L/\\partial W_2 = \\delta_2 h^\\top$ needs $h$; " +
      "$\\partial L/\\partial W_1 = \\delta_1 x^\\top$ needs $x$. The pre-activation $W_2 h + b_2$ is not needed because σ' is computed from $a$. " +
      "That is $n + m + r + s$ numbers, $2(n + m + r + s)$ bytes in half precision.",
  },
  checkMemory,
);

export { checkBackprop, checkMemory };
