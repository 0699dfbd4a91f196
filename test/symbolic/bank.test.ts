import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Expr } from "../../src/expr/ast.js";
import type { SymbolTable } from "../../src/expr/types.js";
import { BANK_REFERENCE_IDS, deriveBankReference, evalScalar } from "../../src/symbolic/index.js";
import { mul, sym } from "../../src/symbolic/build.js";
import { evaluate, type Env } from "../../src/numeric/index.js";
import { tensor, prelu, randn, Rng, type Tensor } from "../../src/tensor/index.js";
import { grad, jacobian, vjp } from "../../src/autodiff/index.js";
import { blockTable } from "./fixtures.js";

const memo = new Map<string, { expr: Expr; slots: Record<string, Expr> }>();
function ref(id: string): { expr: Expr; slots: Record<string, Expr> } {
  const known = memo.get(id);
  if (known) return known;
  const r = deriveBankReference(id);
  if (!r.ok) throw new Error(`${id}: ${r.message}`);
  const out = { expr: r.expr, slots: r.slots ?? {} };
  memo.set(id, out);
  return out;
}

function value(e: Expr, table: SymbolTable, values: Record<string, Tensor>, dims: Record<string, number>, functions: Record<string, string> = {}): Tensor {
  const env: Env = { table, dims, values, functions, definitions: {}, seed: 1 };
  const r = evaluate(e, env);
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

function close(a: Tensor, b: Tensor, tol = 1e-9): void {
  expect(a.data.length).toBe(b.data.length);
  let scale = 1;
  for (let i = 0; i < a.data.length; i++) scale = Math.max(scale, Math.abs(b.data[i]));
  for (let i = 0; i < a.data.length; i++) expect(Math.abs(a.data[i] - b.data[i])).toBeLessThanOrEqual(tol * scale);
}

const seeds = fc.integer({ min: 1, max: 1_000_000 });
const runs = { numRuns: 12 };
const vecT = (rng: Rng, n: number) => randn([n, 1], rng);

describe("every bank reference derives", () => {
  it.each([...BANK_REFERENCE_IDS])("%s", (id) => {
    expect(deriveBankReference(id).ok).toBe(true);
  });
  it("an unknown id is a clear failure", () => {
    const r = deriveBankReference("nope");
    expect(!r.ok && r.message).toMatch(/no derivation for 'nope'/);
  });
});

describe("bank references against independent oracles", () => {
  const vt = (names: string[]): SymbolTable => ({
    symbols: [...names.map((name) => ({ name, kind: "vector" as const, shape: ["n", 1] as ["n", 1] })), { name: "i", kind: "index", range: "n" }, { name: "j", kind: "index", range: "n" }],
  });

  it("softmax Jacobian, index and matrix forms, equal the autodiff Jacobian", () => {
    fc.assert(
      fc.property(seeds, fc.integer({ min: 1, max: 8 }), (seed, n) => {
        const x = vecT(new Rng(seed), n);
        const J = jacobian((t) => t.softmax(0))(x).reshape([n, n]);
        const s = x.softmax(0);
        close(value(ref("softmax-jacobian").expr, vt(["S"]), { S: s }, { n }), J);
        close(value(ref("softmax-jacobian-matrix").expr, vt(["s"]), { s }, { n }), J);
      }),
      runs,
    );
  });
  it("softmax VJP equals the autodiff vector-Jacobian product", () => {
    fc.assert(
      fc.property(seeds, fc.integer({ min: 1, max: 8 }), (seed, n) => {
        const rng = new Rng(seed);
        const z = vecT(rng, n);
        const g = vecT(rng, n);
        const auto = vjp((t) => t.softmax(0), [z], g).grads[0];
        close(value(ref("softmax-vjp").expr, vt(["s", "g"]), { s: z.softmax(0), g }, { n }), auto);
      }),
      runs,
    );
  });
  it("softmax cross-entropy gradient o - y equals autodiff for one-hot y", () => {
    fc.assert(
      fc.property(seeds, fc.integer({ min: 1, max: 8 }), (seed, n) => {
        const rng = new Rng(seed);
        const v = vecT(rng, n);
        const hot = rng.int(0, n - 1);
        const y = tensor(Array.from({ length: n }, (_, k) => (k === hot ? 1 : 0)), [n, 1]);
        const auto = grad((t) => y.mul(t.logSoftmax(0)).sum().neg())(v)[0];
        close(value(ref("softmax-ce-grad").slots.vector, vt(["o", "y"]), { o: v.softmax(0), y }, { n }), auto);
        close(value(ref("softmax-ce-grad").expr, vt(["o", "y"]), { o: v.softmax(0), y }, { n }), auto);
      }),
      runs,
    );
  });
  it("sigmoid Jacobian equals the autodiff Jacobian", () => {
    fc.assert(
      fc.property(seeds, fc.integer({ min: 1, max: 8 }), (seed, n) => {
        const x = vecT(new Rng(seed), n);
        close(value(ref("sigmoid-jacobian").expr, vt(["x"]), { x }, { n }), jacobian((t) => t.sigmoid())(x).reshape([n, n]));
      }),
      runs,
    );
  });

  const block: SymbolTable = blockTable({ name: "b", kind: "vector", shape: ["F", 1] });
  it("block gradients: (A∘B) W, (A∘B)^T X, C and the bias gradient equal autodiff (h = tanh)", () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const rng = new Rng(seed);
        const dims = { S: rng.int(1, 5), M: rng.int(1, 5), F: rng.int(1, 5), N: rng.int(1, 5) };
        const [X, W, V, G] = [randn([dims.S, dims.M], rng), randn([dims.F, dims.M], rng), randn([dims.N, dims.F], rng), randn([dims.S, dims.N], rng)];
        const b = randn([dims.F, 1], rng);
        const loss = (x: Tensor, w: Tensor, v: Tensor, bb: Tensor) => x.matmul(w.T).add(bb.T).tanh().matmul(v.T).mul(G).sum();
        const [gX, gW, gV, gb] = grad(loss)(X, W, V, b);
        const values = { X, W, V, G, b };
        const fns = { h: "tanh" };
        const zero = tensor(new Array(dims.F).fill(0), [dims.F, 1]);
        const [gX0, gW0, gV0] = grad(loss)(X, W, V, zero);
        const { A, B } = ref("block-gradients-ab").slots;
        const AoB = { kind: "hadamard", factors: [A, B] } as Expr;
        close(value(mul(AoB, sym("W")), block, values, dims, fns), gX0);
        close(value(mul({ kind: "transpose", arg: AoB }, sym("X")), block, values, dims, fns), gW0);
        close(value(ref("block-gradients-c").expr, block, values, dims, fns), gV0);
        close(value(ref("bias-gradient").expr, block, values, dims, fns), gb);
        expect(gX.shape).toEqual([dims.S, dims.M]);
        expect(gW.shape).toEqual([dims.F, dims.M]);
        expect(gV.shape).toEqual([dims.N, dims.F]);
      }),
      runs,
    );
  });
  it("PReLU: sum(D) is ∂L/∂θ and G ∘ E is ∂L/∂X (autodiff, away from the kink)", () => {
    const table: SymbolTable = {
      symbols: [
        { name: "X", kind: "matrix", shape: ["S", "M"] },
        { name: "G", kind: "matrix", shape: ["S", "M"] },
        { name: "\\theta", kind: "scalar" },
      ],
    };
    fc.assert(
      fc.property(seeds, (seed) => {
        const rng = new Rng(seed);
        const dims = { S: rng.int(1, 5), M: rng.int(1, 5) };
        const X = randn([dims.S, dims.M], rng).add(0);
        const G = randn([dims.S, dims.M], rng);
        const theta = tensor([rng.uniform(0.05, 0.9)], []);
        const [gX, gT] = grad((x: Tensor, t: Tensor) => prelu(x, t).mul(G).sum())(X, theta);
        const values = { X, G, "\\theta": theta };
        expect(value(ref("prelu-theta-grad").expr, table, values, dims).sum().item()).toBeCloseTo(gT.item(), 9);
        const E = ref("prelu-input-grad").slots.E;
        close(value(E, table, values, dims).mul(G), gX);
        close(value(ref("prelu-input-grad").expr, table, values, dims).mul(G), gX);
      }),
      runs,
    );
  });
  it("LeakyReLU Kaiming: the moment identity by Monte Carlo, and a 20-layer net keeps its second moment", () => {
    const { expr, slots } = ref("leaky-relu-kaiming");
    fc.assert(
      fc.property(seeds, fc.double({ min: 0, max: 0.9, noNaN: true }), (seed, alpha) => {
        const rng = new Rng(seed);
        const n = 20000;
        let m2 = 0;
        let x2 = 0;
        for (let k = 0; k < n; k++) {
          const x = rng.normal();
          const y = x > 0 ? x : alpha * x;
          m2 += y * y;
          x2 += x * x;
        }
        const coef = evalScalar(slots.moment, { "\\alpha": alpha });
        // Standard error of the mean of y² is below 2/√n times E[y²] for Gaussians: allow 5 of them.
        expect(Math.abs(m2 / n - coef * (x2 / n))).toBeLessThan((5 * Math.sqrt(2)) / Math.sqrt(n));
      }),
      { numRuns: 5 },
    );
    const rng = new Rng(11);
    const alpha = 0.3;
    const width = 64;
    const variance = evalScalar(expr, { "\\alpha": alpha, d_x: width });
    let x = randn([width, 256], rng);
    const m0 = x.mul(x).mean().item();
    for (let l = 0; l < 20; l++) {
      const W = randn([width, width], rng).mul(Math.sqrt(variance));
      x = W.matmul(x).leakyRelu(alpha);
    }
    const ratio = x.mul(x).mean().item() / m0;
    // E[LReLU(z)^2] = (1+α²)/2 E[z²] per layer and the variance undoes it; allow the sampling drift of 20 layers.
    expect(ratio).toBeGreaterThan(0.3);
    expect(ratio).toBeLessThan(3);
    expect(variance).toBeCloseTo(2 / ((1 + alpha * alpha) * width), 12);
  });
  it("conv output size counts the windows of a brute-force sweep, strides that do not divide included", () => {
    const { expr } = ref("conv-output-size");
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 5 }), (W, F, P, S) => {
        fc.pre(W + 2 * P >= F);
        let windows = 0;
        for (let start = 0; start + F <= W + 2 * P; start += S) windows++;
        expect(evalScalar(expr, { W, F, P, S })).toBe(windows);
      }),
      { numRuns: 200 },
    );
  });
  it("scaled sigmoid derivative and ReLU's Heaviside derivative equal autodiff", () => {
    const hat = (z: number) => 1 / (1 + Math.exp(-2 * z));
    fc.assert(
      fc.property(fc.double({ min: -5, max: 5, noNaN: true }).filter((z) => Math.abs(z) > 1e-6), (z) => {
        const auto = grad((t: Tensor) => t.mul(2).sigmoid().sum())(tensor([z], []))[0].item();
        expect(evalScalar(ref("scaled-sigmoid-grad").expr, { z }, { "\\hat{\\sigma}": hat })).toBeCloseTo(auto, 12);
        const relu = grad((t: Tensor) => t.relu().sum())(tensor([z], []))[0].item();
        expect(evalScalar(ref("relu-heaviside").expr, { x: z })).toBe(relu);
      }),
      { numRuns: 50 },
    );
  });
  it("limits: σ(kx) → H(x), swish → x/2 and max(0, x), compared with values far along the limit", () => {
    const sig = (t: number) => 1 / (1 + Math.exp(-t));
    fc.assert(
      fc.property(fc.double({ min: -4, max: 4, noNaN: true }).filter((x) => Math.abs(x) > 1e-2), (x) => {
        expect(evalScalar(ref("sigmoid-to-heaviside").expr, { x })).toBeCloseTo(sig(1e6 * x), 9);
        expect(evalScalar(ref("swish-limit-zero").expr, { x })).toBeCloseTo(x * sig(1e-9 * x), 8);
        expect(evalScalar(ref("swish-limit-infinity").expr, { x })).toBeCloseTo(x * sig(1e6 * x), 8);
      }),
      { numRuns: 50 },
    );
    expect(evalScalar(ref("sigmoid-to-heaviside").expr, { x: 0 })).toBe(sig(0));
  });
  it("Glorot bound: U(-d, d) has variance 2/(h_{l-1} + h_l) by Monte Carlo", () => {
    const { expr } = ref("glorot-uniform-bound");
    const rng = new Rng(5);
    for (const [a, b] of [[784, 512], [10, 3], [1, 1]]) {
      const d = evalScalar(expr, { "h_{l-1}": a, h_l: b });
      let s = 0;
      const n = 40000;
      for (let k = 0; k < n; k++) s += rng.uniform(-d, d) ** 2;
      const target = 2 / (a + b);
      expect(Math.abs(s / n - target)).toBeLessThan(6 * target * Math.sqrt(0.8 / n));
    }
  });
});
