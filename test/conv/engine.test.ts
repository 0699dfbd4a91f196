/**
 * Brute force on the tensor engine: every predicted shape is the shape of actually running the
 * layer, and every predicted receptive field is the support of the gradient of one output pixel
 * with respect to the input (autodiff, positive weights, an input large enough that the field
 * does not touch the border). Average pooling spreads the gradient over the whole window, so it
 * shows the full field; max pooling routes it through one pixel per window, so its support is only
 * checked to lie inside the field.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Rng, Tensor, avgPool2d, conv2d, maxPool2d, rand, zeros } from "../../src/tensor/index.js";
import { grad } from "../../src/autodiff/index.js";
import { analyze, parseSpec, solveConv, toTorchDilation, type Convention, type ConvSpec, type LayerSpec, type PoolSpec, type SolveQuery } from "../../src/conv/index.js";

/** A layer drawn at random, before it is written in the notation. */
type Gen = Omit<ConvSpec, "text"> | Omit<PoolSpec, "text">;

function text(l: Gen): string {
  const kernel = `${l.kh}${l.kw === l.kh ? "" : `x${l.kw}`}`;
  if (l.kind === "conv") {
    return `Conv${kernel}-${l.filters}-P${l.padding}-S${l.stride}${l.dilation === null ? "" : `-D${l.dilation}`}`;
  }
  return `${l.mode === "max" ? "MaxPool" : "AvgPool"}${kernel}${l.stride === null ? "" : `-S${l.stride}`}-P${l.padding}${l.ceil ? "-ceil" : ""}`;
}

const kernel = (max: number) =>
  fc.tuple(fc.integer({ min: 1, max }), fc.integer({ min: 1, max }), fc.boolean()).map(([a, b, square]) => ({ kh: a, kw: square ? a : b }));

function convGen(convention: Convention, maxK: number, maxS: number, maxP: number, maxD: number, named: boolean): fc.Arbitrary<Gen> {
  const none = convention === "pytorch" ? 1 : 0;
  return fc
    .record({
      k: kernel(maxK),
      filters: fc.integer({ min: 1, max: 2 }),
      padding: named ? fc.oneof(fc.integer({ min: 0, max: maxP }), fc.constantFrom<"valid" | "same">("valid", "same")) : fc.integer({ min: 0, max: maxP }),
      stride: fc.integer({ min: 1, max: maxS }),
      dilation: fc.option(fc.integer({ min: none, max: none + maxD - 1 }), { nil: null }),
    })
    .map(({ k, ...r }) => ({ kind: "conv" as const, ...k, ...r }));
}

function poolGen(maxK: number, maxS: number, modes: Array<"max" | "avg">): fc.Arbitrary<Gen> {
  return fc
    .record({
      k: kernel(maxK),
      mode: fc.constantFrom(...modes),
      stride: fc.option(fc.integer({ min: 1, max: maxS }), { nil: null }),
      padding: fc.integer({ min: 0, max: 2 }),
      ceil: fc.boolean(),
    })
    .map(({ k, padding, ...r }) => ({ kind: "pool" as const, ...k, padding: Math.min(padding, Math.floor(Math.min(k.kh, k.kw) / 2)), ...r }));
}

/** Runs one parsed layer on the engine with positive weights; returns the output and its parameter tensors. */
function runLayer(layer: LayerSpec, x: Tensor, convention: Convention, rng: Rng): { y: Tensor; params: Tensor[] } {
  if (layer.kind === "conv") {
    const dt = toTorchDilation(layer.dilation, convention);
    const pad = (k: number) => (layer.padding === "valid" ? 0 : layer.padding === "same" ? (dt * (k - 1)) / 2 : layer.padding);
    const w = rand([layer.filters, x.shape[1], layer.kh, layer.kw], rng, 0.5, 1.5);
    const bias = rand([layer.filters], rng, 0.5, 1.5);
    return { y: conv2d(x, w, { stride: layer.stride, padding: [pad(layer.kh), pad(layer.kw)], dilation: dt, bias }), params: [w, bias] };
  }
  if (layer.kind === "pool") {
    const opts = { kernel: [layer.kh, layer.kw], stride: layer.stride === null ? null : layer.stride, padding: layer.padding, ceilMode: layer.ceil };
    return { y: layer.mode === "max" ? maxPool2d(x, opts) : avgPool2d(x, opts), params: [] };
  }
  throw new Error(`the engine test does not run ${layer.kind} layers`);
}

describe("predicted shapes equal the engine's", () => {
  it("on random architectures of convolutions and poolings, both conventions; impossible layers fail on the engine too", () => {
    const arch = fc.constantFrom<Convention>("pytorch", "course").chain((convention) =>
      fc.record({
        convention: fc.constant(convention),
        h: fc.integer({ min: 1, max: 14 }),
        w: fc.integer({ min: 1, max: 14 }),
        c: fc.integer({ min: 1, max: 2 }),
        layers: fc.array(fc.oneof(convGen(convention, 4, 3, 3, 3, true), poolGen(4, 3, ["max", "avg"])), { minLength: 1, maxLength: 4 }),
        seed: fc.integer({ min: 0, max: 1 << 30 }),
      }),
    );
    let checkedOk = 0;
    let checkedErrors = 0;
    fc.assert(
      fc.property(arch, ({ convention, h, w, c, layers, seed }) => {
        const spec = `Input ${h}x${w}x${c}; ${layers.map(text).join("; ")}`;
        const parsed = parseSpec(spec);
        if (!parsed.ok) throw new Error(parsed.error);
        const a = analyze(parsed.spec, { convention });
        const rng = new Rng(seed);
        let x = rand([1, c, h, w], rng);
        const upTo = a.ok ? layers.length : a.index - 1;
        for (let i = 0; i < upTo; i++) {
          const { y, params } = runLayer(parsed.spec.layers[i], x, convention, rng);
          x = y;
          if (!a.ok) continue;
          const [oh, ow, oc] = a.layers[i].output;
          expect(y.shape).toEqual([1, oc, oh, ow]);
          expect(a.layers[i].params).toBe(params.reduce((n, t) => n + t.size, 0));
        }
        if (a.ok) {
          checkedOk++;
          return;
        }
        checkedErrors++;
        const bad = parsed.spec.layers[a.index - 1];
        expect(a.error).toMatch(new RegExp(`^layer ${a.index} \\(`));
        if (bad.kind === "conv" && bad.padding === "same") {
          // 'same' has no engine counterpart; the reason must be one of its two conditions.
          if (/'same'/.test(a.error)) {
            expect(a.error).toMatch(/stride 1|odd number/);
            return;
          }
        }
        expect(() => runLayer(bad, x, convention, rng)).toThrow(RangeError);
      }),
      { numRuns: 300 },
    );
    expect(checkedOk).toBeGreaterThan(50);
    expect(checkedErrors).toBeGreaterThan(5);
  });
});

/** The rows and columns where a 2-D gradient is non-zero: [min, max] along each axis. */
function support(g: Tensor): { h: [number, number]; w: [number, number] } | null {
  const [, , H, W] = g.shape;
  let h0 = Infinity, h1 = -Infinity, w0 = Infinity, w1 = -Infinity;
  for (let i = 0; i < H; i++) {
    for (let j = 0; j < W; j++) {
      let any = false;
      for (let ch = 0; ch < g.shape[1]; ch++) if (g.data[(ch * H + i) * W + j] !== 0) any = true;
      if (!any) continue;
      h0 = Math.min(h0, i);
      h1 = Math.max(h1, i);
      w0 = Math.min(w0, j);
      w1 = Math.max(w1, j);
    }
  }
  return h0 === Infinity ? null : { h: [h0, h1], w: [w0, w1] };
}

describe("predicted receptive fields equal the support of the gradient of one output pixel", () => {
  const MAX_FIELD = 30;

  function checkField(convention: Convention, layers: Gen[], extra: [number, number], seed: number, exact: boolean): boolean {
    // The field does not depend on the input size: read it from an analysis on a large input first.
    const probe = analyze(`Input 400x400x1; ${layers.map(text).join("; ")}`, { convention });
    if (!probe.ok) return false;
    const f = probe.layers[probe.layers.length - 1].receptiveField;
    if (f === null || f.h.size > MAX_FIELD || f.w.size > MAX_FIELD) return false;
    // Output pixel q sees input pixels [q·jump + start − (size−1)/2, … + size − 1]; find the first q inside the input.
    const first = (a: { size: number; jump: number; start: number }) => Math.max(0, Math.ceil(((a.size - 1) / 2 - a.start) / a.jump));
    const qh = first(f.h);
    const qw = first(f.w);
    const lo = (a: { size: number; jump: number; start: number }, q: number) => q * a.jump + a.start - (a.size - 1) / 2;
    const H = lo(f.h, qh) + f.h.size + extra[0];
    const W = lo(f.w, qw) + f.w.size + extra[1];
    const parsed = parseSpec(`Input ${H}x${W}x1; ${layers.map(text).join("; ")}`);
    if (!parsed.ok) throw new Error(parsed.error);
    const a = analyze(parsed.spec, { convention });
    if (!a.ok) return false;
    const out = a.layers[a.layers.length - 1].output;
    if (qh >= out[0] || qw >= out[1]) return false;
    expect(a.layers[a.layers.length - 1].receptiveField).toEqual(f);

    const rng = new Rng(seed);
    // One channel all the way: the field does not depend on the number of filters.
    const weights = parsed.spec.layers.map((l) => (l.kind === "conv" ? rand([1, 1, l.kh, l.kw], rng, 0.5, 1.5) : null));
    const x = rand([1, 1, H, W], rng, 0.5, 1.5);
    const mask = zeros([1, 1, out[0], out[1]]);
    mask.data[qh * out[1] + qw] = 1;
    const [g] = grad((input: Tensor) => {
      let y = input;
      parsed.spec.layers.forEach((l, i) => {
        if (l.kind === "conv") {
          const dt = toTorchDilation(l.dilation, convention);
          const pad = (k: number) => (l.padding === "valid" ? 0 : l.padding === "same" ? (dt * (k - 1)) / 2 : l.padding);
          y = conv2d(y, weights[i] as Tensor, { stride: l.stride, padding: [pad(l.kh), pad(l.kw)], dilation: dt });
        } else if (l.kind === "pool") {
          const opts = { kernel: [l.kh, l.kw], stride: l.stride, padding: l.padding, ceilMode: l.ceil };
          y = l.mode === "max" ? maxPool2d(y, opts) : avgPool2d(y, opts);
        }
      });
      return y.mul(mask).sum();
    })(x);
    const s = support(g);
    expect(s).not.toBeNull();
    if (s === null) return true;
    const predicted = { h: [lo(f.h, qh), lo(f.h, qh) + f.h.size - 1], w: [lo(f.w, qw), lo(f.w, qw) + f.w.size - 1] };
    if (exact) {
      expect(s).toEqual(predicted);
    } else {
      expect(s.h[0]).toBeGreaterThanOrEqual(predicted.h[0]);
      expect(s.h[1]).toBeLessThanOrEqual(predicted.h[1]);
      expect(s.w[0]).toBeGreaterThanOrEqual(predicted.w[0]);
      expect(s.w[1]).toBeLessThanOrEqual(predicted.w[1]);
    }
    return true;
  }

  const stack = (modes: Array<"max" | "avg">) =>
    fc.constantFrom<Convention>("pytorch", "course").chain((convention) =>
      fc.record({
        convention: fc.constant(convention),
        layers: fc.array(fc.oneof(convGen(convention, 3, 2, 2, 2, true), poolGen(3, 2, modes)), { minLength: 1, maxLength: 3 }),
        extra: fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })),
        seed: fc.integer({ min: 0, max: 1 << 30 }),
      }),
    );

  it.each([
    ["through convolutions (dilation, padding, stride, non-square kernels) and average pooling, both conventions: exactly", "avg", 150, 60],
    ["through max pooling the gradient takes one path per window: inside the predicted field", "max", 80, 30],
  ] as const)("%s", (_, mode, numRuns, least) => {
    let checked = 0;
    fc.assert(
      fc.property(stack([mode]), ({ convention, layers, extra, seed }) => {
        if (checkField(convention, layers, extra, seed, mode === "avg")) checked++;
      }),
      { numRuns },
    );
    expect(checked).toBeGreaterThan(least);
  });

  it("five 5x5 convolutions, stride 1, padding 2: the gradient of one pixel covers 21x21", () => {
    const layers: Gen[] = Array.from({ length: 5 }, () => ({ kind: "conv", kh: 5, kw: 5, filters: 1, padding: 2, stride: 1, dilation: null }));
    expect(checkField("pytorch", layers, [0, 0], 7, true)).toBe(true);
  });
});

describe("IFT6135 Q8 answers from solveConv, each run on the engine", () => {
  const course = "course" as const;
  const queries: Array<[string, SolveQuery, number]> = [
    ["1(a)", { convention: course, input: [64, 64, 3], output: [32, 32, 64], kernel: 8, dilation: 0 }, 1],
    ["1(b)", { convention: course, input: [64, 64, 3], output: [32, 32, 64], dilation: 6, stride: 2 }, 10],
    ["2(a)", { convention: course, layer: "pool", input: [32, 32, 64], output: [8, 8, 64], padding: 0, nonOverlapping: true }, 1],
    ["2(b)", { convention: course, layer: "pool", input: [32, 32, 64], output: [7, 7, 64], kernel: 8, stride: 4, padding: 0 }, 1],
    ["3(a)", { convention: course, input: [8, 8, 64], output: [4, 4, 128], padding: 0, dilation: 0 }, 3],
    ["3(b)", { convention: course, input: [8, 8, 64], output: [4, 4, 128], padding: 2, dilation: 1 }, 3],
    ["3(c)", { convention: course, input: [8, 8, 64], output: [4, 4, 128], padding: 1, dilation: 0 }, 3],
  ];
  it.each(queries)("%s", (_, q, count) => {
    const r = solveConv(q);
    expect(r.solutions.length).toBe(count);
    const rng = new Rng(8);
    for (const sol of r.solutions) {
      // The spatial size does not depend on the channels: run with few of them, and check the channels by the weight shape.
      const x = rand([2, q.input[0], q.input[1]], rng);
      const dt = toTorchDilation(sol.d, course);
      const y =
        q.layer === "pool"
          ? maxPool2d(x, { kernel: sol.k, stride: sol.s, padding: sol.p })
          : conv2d(x, rand([1, 2, sol.k, sol.k], rng), { stride: sol.s, padding: sol.p, dilation: dt });
      expect(y.shape.slice(1)).toEqual([q.output[0], q.output[1]]);
      // And the notation the solver prints means the same layer to the architecture table.
      const a = analyze(`Input ${q.input.join("x")}; ${sol.layer}`, { convention: course });
      expect(a.ok && a.layers[0].output).toEqual(q.output);
      expect(a.ok && a.layers[0].params).toBe(sol.params);
    }
  });

  it("1(a) with all 64 filters on the 3x64x64 input", () => {
    const [sol] = solveConv(queries[0][1]).solutions;
    const rng = new Rng(1);
    const w = rand([64, 3, sol.k, sol.k], rng);
    expect(conv2d(rand([3, 64, 64], rng), w, { stride: sol.s, padding: sol.p }).shape).toEqual([64, 32, 32]);
    expect(w.size + 64).toBe(sol.params);
  });
});

describe("a fully connected layer's field is the union of the fields of its inputs", () => {
  it("equals the gradient support of the FC outputs, for stacks without padding (so nothing is clipped)", () => {
    const layer = fc.oneof(
      convGen("pytorch", 3, 2, 0, 2, false),
      poolGen(3, 2, ["avg"]).map((l) => ({ ...l, padding: 0, ceil: false })),
    );
    fc.assert(
      fc.property(fc.array(layer, { minLength: 0, maxLength: 3 }), fc.integer({ min: 6, max: 16 }), fc.integer({ min: 6, max: 16 }), fc.integer({ min: 0, max: 1 << 30 }), (layers, H, W, seed) => {
        const parsed = parseSpec(`Input ${H}x${W}x1; ${[...layers.map(text), "FC3"].join("; ")}`);
        if (!parsed.ok) throw new Error(parsed.error);
        const a = analyze(parsed.spec);
        fc.pre(a.ok);
        if (!a.ok) return;
        const f = a.layers[a.layers.length - 1].receptiveField;
        if (f === null) throw new Error("an FC layer after convolutions has a field");
        const rng = new Rng(seed);
        const convs = parsed.spec.layers.map((l) => (l.kind === "conv" ? rand([1, 1, l.kh, l.kw], rng, 0.5, 1.5) : null));
        const [g] = grad((x: Tensor) => {
          let y = x;
          parsed.spec.layers.forEach((l, i) => {
            if (l.kind === "conv") y = conv2d(y, convs[i] as Tensor, { stride: l.stride, dilation: l.dilation ?? 1 });
            else if (l.kind === "pool") y = avgPool2d(y, { kernel: [l.kh, l.kw], stride: l.stride });
            else if (l.kind === "fc") y = y.reshape([1, y.size]).matmul(rand([y.size, l.units], new Rng(seed + 1), 0.5, 1.5));
          });
          return y.sum(1).sum();
        })(rand([1, 1, H, W], rng));
        const s = support(g);
        const span = (a: { size: number; start: number }) => [a.start - (a.size - 1) / 2, a.start + (a.size - 1) / 2];
        expect(s).toEqual({ h: span(f.h), w: span(f.w) });
      }),
      { numRuns: 100 },
    );
  });
});

describe("the calculator never throws on text", () => {
  it("returns an error naming a layer, or a table with sizes of at least 1, for arbitrary notation-like text", () => {
    const piece = fc.constantFrom(
      "Input ", "Conv", "ConvT", "Pool", "MaxPool", "AvgPool", "FC", "-", ";", "\n", "x", "P", "S", "D", "O", "valid", "same", "ceil",
      "0", "1", "2", "3", "7", "12", "999999999", " ", "#", "×", "-P1", "-S2", "-D0",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.constantFrom<Convention>("pytorch", "course"), (pieces, convention) => {
        const textIn = pieces.join("");
        const r = analyze(textIn, { convention });
        if (r.ok) {
          for (const l of r.layers) {
            expect(l.output.every((n) => Number.isInteger(n) && n >= 1)).toBe(true);
            expect(Number.isSafeInteger(l.params) && l.params >= 0).toBe(true);
          }
        } else {
          expect(r.index).toBeGreaterThanOrEqual(0);
          expect(r.error.length).toBeGreaterThan(10);
          if (r.layer !== "") expect(r.error).toContain(`layer ${r.index} (${r.layer})`);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
