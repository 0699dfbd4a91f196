import { afterEach, describe, expect, it } from "vitest";
import { grad, gradcheck, rules, type Rule } from "../../src/autodiff/index.js";
import { Rng, randn, tensor, Tensor } from "../../src/tensor/index.js";

const saved = new Map<string, Rule | undefined>();
function patch(op: string, rule: Rule | undefined): void {
  if (!saved.has(op)) saved.set(op, rules[op]);
  if (rule === undefined) delete rules[op];
  else rules[op] = rule;
}
afterEach(() => {
  for (const [op, rule] of saved) {
    if (rule === undefined) delete rules[op];
    else rules[op] = rule;
  }
  saved.clear();
});

describe("gradcheck", () => {
  it("passes correct gradients with torch's default tolerances", () => {
    const rng = new Rng(5);
    const r = gradcheck((a, b) => a.matmul(b).tanh().sum(), [randn([3, 4], rng), randn([4, 2], rng)]);
    expect(r.ok).toBe(true);
    expect(r.maxAbsError).toBeLessThan(1e-8);
    expect(r.maxRelError).toBeLessThan(1e-6);
  });

  it("finds a wrong rule and reports where the worst entry is", () => {
    // sin with a 1.01 factor: wrong by 1% everywhere, furthest beyond tolerance where |cos x| is largest (x = 0.1).
    patch("sin", { forward: "y = sin x", vjp: (g, _y, [x]) => [g.mul(x.cos()).mul(1.01)] });
    const x = tensor([[0.1, 3.0], [1.5, -0.2]]);
    const r = gradcheck((x) => x.sin().sum(), [x]);
    expect(r.ok).toBe(false);
    expect(r.worst).toMatchObject({ arg: 0, index: [0, 0] });
    expect(r.worst?.analytic).toBeCloseTo(1.01 * Math.cos(0.1), 12);
    expect(r.worst?.numeric).toBeCloseTo(Math.cos(0.1), 8);
    expect(r.maxRelError).toBeCloseTo(0.01, 6);
  });

  it("checks full Jacobians of non-scalar outputs", () => {
    patch("exp", { forward: "y = eˣ", vjp: (g, y) => [g.mul(y).mul(tensor([1, 1, 2]))] });
    const r = gradcheck((x) => x.exp(), [tensor([0.5, -1, 2])]);
    expect(r.ok).toBe(false);
    expect(r.worst).toMatchObject({ arg: 0, index: [2], output: [2] });
  });

  it("random-direction mode catches the same error with few evaluations", () => {
    const rng = new Rng(1);
    const args = [randn([30, 40], rng), randn([40, 20], rng)];
    const f = (a: Tensor, b: Tensor) => a.matmul(b).sigmoid().mul(a.sum(1, true)).sum();
    expect(gradcheck(f, args, { mode: "random", directions: 4, seed: 3 }).ok).toBe(true);
    patch("sigmoid", { forward: "y = σ(x)", vjp: (g, y) => [g.mul(y)] });
    const bad = gradcheck(f, args, { mode: "random", directions: 4, seed: 3 });
    expect(bad.ok).toBe(false);
    expect(bad.worst).toMatchObject({ arg: -1, index: [] });
    expect(bad.worst?.direction).toBeGreaterThanOrEqual(0);
  });

  it("applies the given tolerances and step", () => {
    const x = tensor([0.3, -1.2, 2.0]);
    const f = (x: Tensor) => x.exp().sum();
    // Central differences carry ~1e-10 of truncation and rounding error at eps 1e-6.
    expect(gradcheck(f, [x]).ok).toBe(true);
    expect(gradcheck(f, [x], { atol: 1e-15, rtol: 0 }).ok).toBe(false);
    // A coarse step makes the O(eps²) truncation error visible: e^x·eps²/6 ≈ 1.2e-3 at x = 2, eps = 0.1.
    const coarse = gradcheck(f, [x], { eps: 0.1, atol: 0, rtol: 1e-4 });
    expect(coarse.ok).toBe(false);
    expect(coarse.worst?.index).toEqual([2]);
    expect(coarse.maxAbsError).toBeCloseTo(Math.exp(2) * (Math.sinh(0.1) / 0.1 - 1), 12);
  });

  it("does not modify its arguments", () => {
    const x = tensor([1, 2, 3]);
    gradcheck((x) => x.mul(x).sum(), [x]);
    expect(Array.from(x.data)).toEqual([1, 2, 3]);
  });
});

describe("the rule table's guarantees", () => {
  it("a missing rule is a hard error naming the primitive", () => {
    patch("cos", undefined);
    expect(() => grad((x) => x.cos().sum())(tensor([1]))).toThrow('autodiff: no VJP rule for primitive "cos"');
  });

  it("a gradient of the wrong shape is rejected", () => {
    patch("tanh", { forward: "y = tanh x", vjp: (g) => [g.sum()] });
    expect(() => grad((x) => x.tanh().sum())(tensor([1, 2]))).toThrow(/"tanh" returned a gradient of shape \[\] for input 0 of shape \[2\]/);
  });

  it("a wrong number of gradients is rejected", () => {
    patch("add", { forward: "y = a + b", vjp: (g) => [g] });
    expect(() => grad((a, b) => a.add(b).sum())(tensor([1]), tensor([2]))).toThrow(/"add" returned 1 gradients for 2 inputs/);
  });

  it("softmax backward is the O(n) form: a 20,000-wide softmax differentiates instantly", () => {
    // The n×n Jacobian would be 3.2 GB; the rule must never build it.
    const x = randn([20_000], new Rng(2));
    const w = randn([20_000], new Rng(3));
    const [g] = grad((x) => x.softmax().mul(w).sum())(x);
    const s = x.softmax().data;
    let sw = 0;
    for (let i = 0; i < s.length; i++) sw += s[i] * w.data[i];
    for (const i of [0, 777, 19_999]) expect(g.data[i]).toBeCloseTo(s[i] * (w.data[i] - sw), 15);
  });

  it("follows PyTorch's kink conventions", () => {
    const x = tensor([-1, 0, 2]);
    expect(Array.from(grad((x) => x.relu().sum())(x)[0].data)).toEqual([0, 0, 1]);
    expect(Array.from(grad((x) => x.leakyRelu(0.1).sum())(x)[0].data)).toEqual([0.1, 0.1, 1]);
    expect(Array.from(grad((x) => x.abs().sum())(x)[0].data)).toEqual([-1, 0, 1]);
    const [ga, gb] = grad((a, b) => a.maximum(b).sum())(tensor([1, 2, 3]), tensor([1, 5, 0]));
    expect(Array.from(ga.data)).toEqual([0.5, 0, 1]);
    expect(Array.from(gb.data)).toEqual([0.5, 1, 0]);
    expect(Array.from(grad((x) => x.max())(tensor([3, 1, 3]))[0].data)).toEqual([0.5, 0, 0.5]);
    expect(Array.from(grad((x) => x.pow(0).sum())(tensor([0, 2]))[0].data)).toEqual([0, 0]);
  });
});
