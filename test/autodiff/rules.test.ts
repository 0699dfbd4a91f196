/**
 * Every VJP rule against float64 central differences (gradcheck), on shapes drawn by fast-check:
 * ranks 0–3, sizes 1–4 (size-1 axes included), broadcast partners, and values sampled away from
 * each primitive's kinks. Outputs are weighed by a fixed random tensor so the cotangent is generic.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { gradcheck, rules } from "../../src/autodiff/index.js";
import { avgPool2d, concat, conv2d, crossEntropy, maxPool2d, prelu, Rng, randn, stack, tensor, Tensor } from "../../src/tensor/index.js";

type Dom = (rng: Rng) => number;
const any: Dom = (r) => r.normal();
const pos: Dom = (r) => r.uniform(0.5, 2);
const nonzero: Dom = (r) => (r.next() < 0.5 ? -1 : 1) * r.uniform(0.2, 2);
// Odd and even multiples of 0.1: an operand from each never ties (maximum/minimum kinks).
const odd: Dom = (r) => (2 * r.int(-10, 10) + 1) * 0.1;
const even: Dom = (r) => 2 * r.int(-10, 10) * 0.1;

function fill(shape: number[], rng: Rng, dom: Dom): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(Array.from({ length: n }, () => dom(rng)), shape);
}

/** Distinct values 0.1 apart in random order: no near-ties for max or max pooling. */
function distinct(shape: number[], rng: Rng): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = Array.from({ length: n }, (_, i) => 0.1 * (i - n / 2));
  for (let i = n - 1; i > 0; i--) { const j = rng.int(0, i); [v[i], v[j]] = [v[j], v[i]]; }
  return tensor(v, shape);
}

/** ⟨y, C⟩ for a fixed random C shaped like y: a scalar whose gradient exercises a generic cotangent. */
function weigh(y: Tensor, seed: number): Tensor {
  return y.mul(randn([...y.shape], new Rng(seed))).sum();
}

const dim = fc.integer({ min: 1, max: 4 });
const shapeArb = fc.array(dim, { minLength: 0, maxLength: 3 });
/** A shape and a partner that broadcasts against it (axes set to 1, leading axes dropped), in either order. */
const bcastArb = fc.tuple(shapeArb, fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), fc.nat(3), fc.boolean()).map(([s, ones, drop, swap]) => {
  const t = s.map((d, i) => (ones[i] ? 1 : d)).slice(Math.min(drop, s.length));
  return swap ? [t, s] : [s, t];
});
const seedArb = fc.integer({ min: 0, max: 2 ** 30 });

function check(f: (...a: Tensor[]) => Tensor, args: Tensor[]): void {
  const r = gradcheck(f, args);
  if (!r.ok) throw new Error(`gradcheck failed: ${JSON.stringify(r)}`);
  expect(r.ok).toBe(true);
}

const RUNS = { numRuns: 30 };
const covered = new Set<string>();
function prop(rule: string, name: string, p: fc.IPropertyWithHooks<never> | fc.IProperty<never> | (() => fc.IProperty<unknown>)): void {
  covered.add(rule);
  it(`${rule}: ${name}`, () => fc.assert((typeof p === "function" ? p() : p) as fc.IProperty<unknown>, RUNS));
}

const unaries: Array<[string, Dom, (x: Tensor) => Tensor]> = [
  ["neg", any, (x) => x.neg()],
  ["exp", any, (x) => x.exp()],
  ["log", pos, (x) => x.log()],
  ["tanh", any, (x) => x.tanh()],
  ["sigmoid", any, (x) => x.sigmoid()],
  ["relu", nonzero, (x) => x.relu()],
  ["leakyRelu", nonzero, (x) => x.leakyRelu(0.2)],
  ["softplus", any, (x) => x.softplus()],
  ["sin", any, (x) => x.sin()],
  ["cos", any, (x) => x.cos()],
  ["abs", nonzero, (x) => x.abs()],
  ["sqrt", pos, (x) => x.sqrt()],
];

const binaries: Array<[string, Dom, Dom, (a: Tensor, b: Tensor) => Tensor]> = [
  ["add", any, any, (a, b) => a.add(b)],
  ["sub", any, any, (a, b) => a.sub(b)],
  ["mul", any, any, (a, b) => a.mul(b)],
  ["div", any, nonzero, (a, b) => a.div(b)],
  ["pow", pos, any, (a, b) => a.pow(b)],
  ["maximum", odd, even, (a, b) => a.maximum(b)],
  ["minimum", odd, even, (a, b) => a.minimum(b)],
];

describe("VJP rules agree with central differences", () => {
  for (const [rule, dom, op] of unaries) {
    prop(rule, "random shapes", () => fc.property(shapeArb, seedArb, (s, seed) => {
      const rng = new Rng(seed);
      check((x) => weigh(op(x), seed + 1), [fill(s, rng, dom)]);
    }));
  }

  for (const [rule, da, db, op] of binaries) {
    prop(rule, "broadcast shapes", () => fc.property(bcastArb, seedArb, ([sa, sb], seed) => {
      const rng = new Rng(seed);
      check((a, b) => weigh(op(a, b), seed + 1), [fill(sa, rng, da), fill(sb, rng, db)]);
    }));
  }

  prop("powScalar", "numeric exponents", () => fc.property(shapeArb, seedArb, fc.constantFrom(-1.5, -1, 0.5, 2, 3), (s, seed, p) => {
    const rng = new Rng(seed);
    check((x) => weigh(x.pow(p), seed + 1), [fill(s, rng, Number.isInteger(p) ? nonzero : pos)]);
  }));

  prop("prelu", "scalar and per-channel θ", () => fc.property(fc.array(dim, { minLength: 2, maxLength: 4 }), fc.boolean(), seedArb, (s, perChannel, seed) => {
    const rng = new Rng(seed);
    const theta = perChannel ? fill([s[1]], rng, any) : fill([1], rng, any);
    check((x, t) => weigh(prelu(x, t), seed + 1), [fill(s, rng, nonzero), theta]);
  }));

  prop("matmul", "2-D, batched with broadcast batch axes, and vectors", () => fc.property(
    dim, dim, dim, fc.constantFrom<number[]>([], [1], [3], [2, 1]), fc.constantFrom<number[]>([], [1], [2, 3]), fc.constantFrom("mm", "mv", "vm"), seedArb,
    (m, k, n, ba, bb, kind, seed) => {
      const rng = new Rng(seed);
      const A = kind === "vm" ? fill([k], rng, any) : fill([...(kind === "mm" ? ba : []), m, k], rng, any);
      const B = kind === "mv" ? fill([k], rng, any) : fill([...(kind === "mm" ? bb.slice(-ba.length || 0) : []), k, n], rng, any);
      check((a, b) => weigh(a.matmul(b), seed + 1), [A, B]);
    }));

  prop("permute", "random permutations, transpose and T", () => fc.property(fc.array(dim, { minLength: 1, maxLength: 4 }), seedArb, (s, seed) => {
    const rng = new Rng(seed);
    const perm = s.map((_, i) => i);
    for (let i = perm.length - 1; i > 0; i--) { const j = rng.int(0, i); [perm[i], perm[j]] = [perm[j], perm[i]]; }
    const x = fill(s, rng, any);
    check((x) => weigh(x.permute(perm), seed + 1), [x]);
    check((x) => weigh(x.ndim === 2 ? x.T : x.transpose(0, -1), seed + 2), [x]);
  }));

  prop("reshape", "flatten and regroup", () => fc.property(shapeArb, seedArb, (s, seed) => {
    const x = fill(s, new Rng(seed), any);
    check((x) => weigh(x.reshape(-1).reshape([...s].reverse()).tanh().reshape(s), seed + 1), [x]);
  }));

  prop("slice", "windows of a random axis (and select, at, squeeze)", () => fc.property(fc.array(dim, { minLength: 1, maxLength: 3 }), seedArb, (s, seed) => {
    const rng = new Rng(seed);
    const axis = rng.int(0, s.length - 1), n = s[axis];
    const lo = rng.int(0, n - 1), hi = rng.int(lo + 1, n);
    const x = fill(s, rng, any);
    check((x) => weigh(x.slice(axis, lo, hi), seed + 1), [x]);
    check((x) => weigh(x.select(axis, -1).unsqueeze(0).squeeze(0), seed + 2), [x]);
    check((x) => x.at(...s.map((d) => d - 1)).mul(x.at(...s.map(() => 0))), [x]);
  }));

  prop("concat", "parts along a random axis (and stack)", () => fc.property(fc.array(dim, { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 3 }), seedArb, (s, parts, seed) => {
    const rng = new Rng(seed);
    const axis = rng.int(0, s.length - 1);
    const xs = Array.from({ length: parts }, () => fill(s.map((d, i) => (i === axis ? rng.int(1, 3) : d)), rng, any));
    check((...xs) => weigh(concat(xs, axis), seed + 1), xs);
    const same = Array.from({ length: parts }, () => fill(s, rng, any));
    check((...xs) => weigh(stack(xs, -1), seed + 2), same);
  }));

  prop("expand", "broadcast to a larger shape", () => fc.property(bcastArb, seedArb, ([sa, sb], seed) => {
    const [small, big] = sa.length <= sb.length && sa.every((d, i) => d === 1 || d === sb[i + sb.length - sa.length]) ? [sa, sb] : [sb, sa];
    check((x) => weigh(x.expand(big), seed + 1), [fill(small, new Rng(seed), any)]);
  }));

  const axesArb = fc.tuple(fc.array(dim, { minLength: 1, maxLength: 3 }), fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), fc.boolean());
  prop("sum", "over axis subsets, with and without keepdims (and mean)", () => fc.property(axesArb, seedArb, ([s, pick, keep], seed) => {
    const axes = s.map((_, i) => i).filter((i) => pick[i]);
    const x = fill(s, new Rng(seed), any);
    check((x) => weigh(x.sum(axes, keep), seed + 1), [x]);
    check((x) => weigh(x.mean(axes.length ? axes : undefined, keep), seed + 2), [x]);
  }));

  prop("max", "over axis subsets (and min), tie-free values", () => fc.property(axesArb, seedArb, ([s, pick, keep], seed) => {
    const axes = s.map((_, i) => i).filter((i) => pick[i]);
    const x = distinct(s, new Rng(seed));
    check((x) => weigh(x.max(axes.length ? axes : undefined, keep), seed + 1), [x]);
    check((x) => weigh(x.min(axes.length ? axes : undefined, keep), seed + 2), [x]);
  }));

  for (const rule of ["softmax", "logSoftmax"] as const) {
    prop(rule, "along a random axis", () => fc.property(fc.array(dim, { minLength: 1, maxLength: 3 }), seedArb, (s, seed) => {
      const rng = new Rng(seed);
      const axis = rng.int(-s.length, s.length - 1);
      check((x) => weigh(x[rule](axis), seed + 1), [fill(s, rng, (r) => 3 * r.normal())]);
    }));
  }

  prop("conv2d", "stride, padding, dilation, bias", () => fc.property(seedArb, fc.boolean(), (seed, withBias) => {
    const rng = new Rng(seed);
    const N = rng.int(1, 2), C = rng.int(1, 2), O = rng.int(1, 2), KH = rng.int(1, 3), KW = rng.int(1, 3);
    const s = [rng.int(1, 2), rng.int(1, 2)], p = [rng.int(0, 1), rng.int(0, 1)], d = [rng.int(1, 2), rng.int(1, 2)];
    const H = rng.int(Math.max(1, d[0] * (KH - 1) + 1 - 2 * p[0]), 5), W = rng.int(Math.max(1, d[1] * (KW - 1) + 1 - 2 * p[1]), 5);
    const args = [fill([N, C, H, W], rng, any), fill([O, C, KH, KW], rng, any), ...(withBias ? [fill([O], rng, any)] : [])];
    check((x, w, b) => weigh(conv2d(x, w, { stride: s, padding: p, dilation: d, bias: b ?? null }), seed + 1), args);
  }));

  const poolArb = fc.tuple(seedArb, fc.boolean(), fc.boolean());
  prop("maxPool2d", "kernel, stride, padding, dilation, ceil mode; tie-free values", () => fc.property(poolArb, ([seed, ceilMode]) => {
    const rng = new Rng(seed);
    const k = [rng.int(1, 3), rng.int(1, 3)], st = [rng.int(1, 3), rng.int(1, 2)], dl = [rng.int(1, 2), 1];
    const p = [rng.int(0, k[0] >> 1), rng.int(0, k[1] >> 1)];
    const x = distinct([rng.int(1, 2), 2, rng.int(dl[0] * (k[0] - 1) + 1, 6), rng.int(k[1], 6)], rng);
    check((x) => weigh(maxPool2d(x, { kernel: k, stride: st, padding: p, dilation: dl, ceilMode }), seed + 1), [x]);
  }));

  prop("avgPool2d", "kernel, stride, padding, ceil mode, count_include_pad", () => fc.property(poolArb, ([seed, ceilMode, countIncludePad]) => {
    const rng = new Rng(seed);
    const k = [rng.int(1, 3), rng.int(1, 3)], st = [rng.int(1, 3), rng.int(1, 2)];
    const p = [rng.int(0, k[0] >> 1), rng.int(0, k[1] >> 1)];
    const x = fill([rng.int(1, 2), 2, rng.int(k[0], 6), rng.int(k[1], 6)], rng, any);
    check((x) => weigh(avgPool2d(x, { kernel: k, stride: st, padding: p, ceilMode, countIncludePad }), seed + 1), [x]);
  }));

  prop("pick", "one column per row", () => fc.property(dim, dim, seedArb, (B, C, seed) => {
    const rng = new Rng(seed);
    const cols = Array.from({ length: B }, () => rng.int(0, C - 1));
    check((x) => weigh(x.pick(cols), seed + 1), [fill([B, C], rng, any)]);
  }));

  /** A random n×n matrix kept away from singular: random entries plus 2 on the diagonal. */
  const wellConditioned = (n: number, rng: Rng): Tensor => fill([n, n], rng, any).add(tensor(Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 2 : 0)), [n, n]));
  prop("inverse", "of well-conditioned n×n matrices (and a product with it)", () => fc.property(dim, seedArb, (n, seed) => {
    const rng = new Rng(seed);
    const x = wellConditioned(n, rng), a = fill([n, 2], rng, any);
    check((x) => weigh(x.inverse(), seed + 1), [x]);
    check((x, a) => weigh(x.inverse().matmul(a), seed + 2), [x, a]);
  }));
  prop("det", "of n×n matrices, any sign", () => fc.property(dim, seedArb, (n, seed) => {
    const rng = new Rng(seed);
    const c = rng.normal();
    check((x) => x.det().mul(c), [fill([n, n], rng, any).mul(1.5)]);
  }));
  prop("logAbsDet", "of n×n matrices, negative determinants included", () => fc.property(dim, seedArb, (n, seed) => {
    const rng = new Rng(seed);
    check((x) => x.logAbsDet().mul(0.7), [wellConditioned(n, rng).neg()]);
  }));
  prop("norm", "2-norm of vectors and Frobenius norm of matrices (and the 1-norm, variance)", () => fc.property(shapeArb, seedArb, (s, seed) => {
    const rng = new Rng(seed);
    const x = fill(s, rng, nonzero);
    check((x) => x.norm().mul(1.3), [x]);
    check((x) => x.norm(1).mul(1.3), [x]);
    if (s.length > 0 && s[0] > 1) check((x) => weigh(x.variance(0, true), seed + 1), [x]);
  }));

  it("crossEntropy (composite) with class indices and with probabilities", () => {
    fc.assert(fc.property(dim, fc.integer({ min: 2, max: 5 }), seedArb, (B, C, seed) => {
      const rng = new Rng(seed);
      const idx = Array.from({ length: B }, () => rng.int(0, C - 1));
      check((z) => crossEntropy(z, idx), [fill([B, C], rng, any)]);
      check((z, t) => crossEntropy(z, t.softmax(1)), [fill([B, C], rng, any), fill([B, C], rng, any)]);
    }), RUNS);
  });

  it("covers every rule in the table", () => {
    expect(Object.keys(rules).filter((r) => !covered.has(r))).toEqual([]);
  });
});
