import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Expr } from "../../src/expr/ast.js";
import type { SymbolTable } from "../../src/expr/types.js";
import { evaluate, sampleEnv, type Env } from "../../src/numeric/index.js";
import { Rng, Tensor, prelu, scalar } from "../../src/tensor/index.js";
import { grad, jacobian } from "../../src/autodiff/index.js";
import {
  add, call, cases, dcall, delta, deriv, div, expect as E, had, I, idx, ind, inf, integral, lim, mul, neg, num, ones, pow, prod, rel, sub, sum, sym, T, tuple,
  blockTable,
} from "./ast-builders.js";

const block = blockTable;

/** Hand-written derivatives, independent of the evaluator's families. */
const H_PRIME: Record<string, (z: Tensor) => Tensor> = {
  tanh: (z) => z.tanh().mul(z.tanh()).neg().add(1),
  sigmoid: (z) => z.sigmoid().mul(z.sigmoid().neg().add(1)),
  softplus: (z) => z.sigmoid(),
  sin: (z) => z.cos(),
};

function value(e: Expr, env: Env): Tensor {
  const r = evaluate(e, env);
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.value;
}

function close(a: Tensor, b: Tensor, tol = 1e-9): void {
  expect(a.shape).toEqual(b.shape);
  a.data.forEach((x, k) => expect(Math.abs(x - b.data[k])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b.data[k]))));
}

const XWt = mul(sym("X"), T(sym("W")));

describe("evaluate agrees with direct tensor code", () => {
  it("(G V) ∘ h'(X Wᵀ) on random shapes and random h", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), (seed) => {
        const env = sampleEnv(block, new Rng(seed));
        const { X, W, V, G } = env.values;
        const truth = G.matmul(V).mul(H_PRIME[env.functions.h](X.matmul(W.T)));
        close(value(had(mul(sym("G"), sym("V")), dcall("h", 1, XWt)), env), truth);
        const C = G.T.matmul(value(call("h", XWt), env));
        expect(C.shape).toEqual([env.dims.N, env.dims.F]);
      }),
      { numRuns: 40, seed: 7 },
    );
  });

  it("bias by augmentation: [X, 1][W, b]ᵀ = X Wᵀ + 1 bᵀ, ones sized by context", () => {
    const env = sampleEnv(block, new Rng(3), { dims: { S: 4, M: 3, F: 2 } });
    const aug = value(mul(tuple(sym("X"), ones), T(tuple(sym("W"), sym("b")))), env);
    const direct = value(add(XWt, mul(ones, T(sym("b")))), env);
    const { X, W, b } = env.values;
    close(aug, X.matmul(W.T).add(b.T));
    close(direct, X.matmul(W.T).add(b.T));
  });

  it("1×1 products scale: s ∘ (g − (sᵀg)1) is Jᵀg for the softmax Jacobian", () => {
    const table: SymbolTable = { symbols: [{ name: "x", kind: "vector", shape: ["n", 1] }, { name: "g", kind: "vector", shape: ["n", 1] }] };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), (seed) => {
        const env = sampleEnv(table, new Rng(seed));
        const s = env.values.x.softmax(0);
        const envS = { ...env, values: { ...env.values, s } };
        const tableS: SymbolTable = { symbols: [...table.symbols, { name: "s", kind: "vector", shape: ["n", 1] }] };
        const vjp = value(had(sym("s"), sub(sym("g"), mul(mul(T(sym("s")), sym("g")), ones))), { ...envS, table: tableS });
        const n = env.dims.n;
        const J = jacobian((x: Tensor) => x.softmax(0))(env.values.x).reshape([n, n]);
        close(vjp, J.T.matmul(env.values.g), 1e-9);
      }),
      { numRuns: 25, seed: 11 },
    );
  });

  it("max(0, X) broadcasts the scalar and equals relu; prelu's input gradient as cases", () => {
    const table: SymbolTable = {
      symbols: [
        { name: "X", kind: "matrix", shape: ["S", "M"], domain: { kind: "awayFromKink", margin: 0.05 } },
        { name: "G", kind: "matrix", shape: ["S", "M"] },
        { name: "\\theta", kind: "scalar", domain: { kind: "positive" } },
      ],
    };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), (seed) => {
        const env = sampleEnv(table, new Rng(seed));
        const { X, G } = env.values;
        const th = env.values["\\theta"];
        close(value(call("max", num(0), sym("X")), env), X.relu());
        const E = cases([num(1), rel(">=", sym("X"), num(0))], [sym("\\theta"), null]);
        const [gX, gTheta] = grad((x: Tensor, t: Tensor) => G.mul(prelu(x, t)).sum())(X, th);
        close(value(had(sym("G"), E), env), gX);
        const D = value(had(sym("G"), call("min", num(0), sym("X"))), env);
        expect(Math.abs(D.data.reduce((a, b) => a + b, 0) - gTheta.item())).toBeLessThan(1e-9);
        const viaIndicator = value(add(ind(rel(">=", sym("X"), num(0))), mul(sym("\\theta"), ind(rel("<", sym("X"), num(0))))), env);
        close(viaIndicator.mul(G), gX);
      }),
      { numRuns: 25, seed: 5 },
    );
  });
});

/** S as softmax(x) with its definition, built by hand so these tests do not need the parser. */
function softmaxEnv(seed: number): Env {
  const table: SymbolTable = {
    symbols: [
      { name: "x", kind: "vector", shape: ["n", 1] },
      { name: "S", kind: "vector", shape: ["n", 1] },
      { name: "s", kind: "vector", shape: ["n", 1] },
      { name: "i", kind: "index", range: "n" },
      { name: "j", kind: "index", range: "n" },
      { name: "n", kind: "dimension" },
    ],
  };
  const base = sampleEnv({ symbols: table.symbols.filter((d) => d.name === "x" || d.name === "n") }, new Rng(seed), { maxDim: 8 });
  const S = base.values.x.softmax(0);
  const softmaxOfX: Expr = call("softmax", sym("x"));
  return {
    ...base,
    table,
    values: { ...base.values, S, s: S },
    definitions: { S: { params: null, body: softmaxOfX }, s: { params: null, body: softmaxOfX } },
  };
}

describe("the softmax Jacobian three ways against autodiff", () => {
  const Si = idx(sym("S"), sym("i"));
  const Sj = idx(sym("S"), sym("j"));
  it("S_i(δ_ij − S_j), diag(s) − s sᵀ and ∂S_i/∂x_j all equal jacobian(softmax)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), (seed) => {
        const env = softmaxEnv(seed);
        const n = env.dims.n;
        const J = jacobian((x: Tensor) => x.softmax(0))(env.values.x).reshape([n, n]);
        const r = evaluate(mul(Si, sub(delta("i", "j"), Sj)), env);
        expect(r.ok && r.freeIndices).toEqual(["i", "j"]);
        close(value(mul(Si, sub(delta("i", "j"), Sj)), env), J);
        close(value(sub(call("diag", sym("s")), mul(sym("s"), T(sym("s")))), env), J);
        close(value(deriv(Si, idx(sym("x"), sym("j"))), env), J);
        close(value(deriv(call("softmax", sym("x")), sym("x")), env), J);
        close(value(mul(call("diag", sym("s")), sub(I, mul(ones, T(sym("s"))))), env), J);
      }),
      { numRuns: 20, seed: 3 },
    );
  });
  it("a wrong formula (missing δ) is told apart", () => {
    const env = softmaxEnv(9);
    const n = env.dims.n;
    const J = jacobian((x: Tensor) => x.softmax(0))(env.values.x).reshape([n, n]);
    const wrong = value(neg(mul(Si, Sj)), env);
    expect(Math.max(...wrong.data.map((v, k) => Math.abs(v - J.data[k])))).toBeGreaterThan(1e-3);
  });
});

describe("derivatives, sums, products", () => {
  it("∂/∂W of 1ᵀ h(X Wᵀ) 1 matches central differences", () => {
    const env = sampleEnv(block, new Rng(21), { dims: { S: 3, M: 2, F: 4 } });
    const body = mul(T(ones), call("h", XWt), ones);
    const g = value(deriv(body, sym("W")), env);
    const W = env.values.W;
    const f = (w: Tensor): number => value(body, { ...env, values: { ...env.values, W: w } }).item();
    for (let k = 0; k < W.data.length; k++) {
      const d = new Float64Array(W.data.length);
      d[k] = 1e-6;
      const fd = (f(W.add(new Tensor(d, W.shape))) - f(W.sub(new Tensor(d, W.shape)))) / 2e-6;
      expect(Math.abs(fd - g.data[k])).toBeLessThan(1e-6);
    }
    expect(g.shape).toEqual(W.shape);
  });

  it("second derivative of σ at a point equals σ'' and d/dx of a scalar", () => {
    const table: SymbolTable = { symbols: [{ name: "x", kind: "scalar" }] };
    const env = sampleEnv(table, new Rng(4));
    const x = env.values.x.item();
    const s = 1 / (1 + Math.exp(-x));
    expect(value(deriv(call("sigma", sym("x")), sym("x")), env).item()).toBeCloseTo(s * (1 - s), 10);
    expect(value(deriv(call("sigma", sym("x")), sym("x"), 2), env).item()).toBeCloseTo(s * (1 - s) * (1 - 2 * s), 6);
    expect(value(dcall("sigma", 2, sym("x")), env).item()).toBeCloseTo(s * (1 - s) * (1 - 2 * s), 12);
  });

  it("sums and products over indices, with index arithmetic and conditions", () => {
    const table: SymbolTable = {
      symbols: [
        { name: "x", kind: "vector", shape: ["n", 1] },
        { name: "k", kind: "vector", shape: ["L", 1], domain: { kind: "integer", lo: 1, hi: 7 } },
        { name: "s", kind: "vector", shape: ["L", 1], domain: { kind: "integer", lo: 1, hi: 3 } },
        { name: "n", kind: "dimension" },
        { name: "L", kind: "dimension" },
      ],
    };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), (seed) => {
        const env = sampleEnv(table, new Rng(seed));
        const x = Array.from(env.values.x.data);
        expect(value(sum("m", num(1), sym("n"), idx(sym("x"), sym("m"))), env).item()).toBeCloseTo(x.reduce((a, b) => a + b, 0), 12);
        expect(value(prod("m", num(1), sym("n"), idx(sym("x"), sym("m"))), env).item()).toBeCloseTo(x.reduce((a, b) => a * b, 1), 12);
        // Receptive field r = 1 + Σ_l (k_l − 1) Π_{i<l} s_i, by a plain loop.
        const k = Array.from(env.values.k.data), s = Array.from(env.values.s.data);
        let r = 1, jump = 1;
        for (let l = 0; l < k.length; l++) {
          r += (k[l] - 1) * jump;
          jump *= s[l];
        }
        const rf = add(num(1), sum("l", num(1), sym("L"), mul(sub(idx(sym("k"), sym("l")), num(1)), prod("i", null, null, idx(sym("s"), sym("i")), rel("<", sym("i"), sym("l"))))));
        expect(value(rf, env).item()).toBe(r);
      }),
      { numRuns: 30, seed: 1 },
    );
  });

  it("y_i = x_{i+1} − x_1 enumerates i over its declared range", () => {
    const table: SymbolTable = {
      symbols: [
        { name: "x", kind: "vector", shape: [4, 1] },
        { name: "i", kind: "index", range: 3 },
      ],
    };
    const env = sampleEnv(table, new Rng(2));
    const x = env.values.x.data;
    const y = value(sub(idx(sym("x"), add(sym("i"), num(1))), idx(sym("x"), num(1))), env);
    expect(Array.from(y.data)).toEqual([x[1] - x[0], x[2] - x[0], x[3] - x[0]]);
  });
});

describe("limits, integrals, expectations", () => {
  const table: SymbolTable = { symbols: [{ name: "x", kind: "scalar" }, { name: "v", kind: "vector", shape: ["n", 1], domain: { kind: "awayFromKink", margin: 0.1 } }] };
  const at = (x: number): Env => ({ ...sampleEnv(table, new Rng(1)), values: { ...sampleEnv(table, new Rng(1)).values, x: scalar(x) } });

  it("lim_{k→∞} σ(kx) is H(x), with H(0) = 1/2", () => {
    const e = lim("k", inf, call("sigma", mul(sym("k"), sym("x"))));
    expect(value(e, at(0)).item()).toBe(0.5);
    expect(value(e, at(0.7)).item()).toBeCloseTo(1, 12);
    expect(value(e, at(-0.3)).item()).toBeCloseTo(0, 12);
    expect(value(call("H", sym("x")), at(0)).item()).toBe(0.5);
  });

  it("two-sided limits: sin(x)/x → 1 at 0; H jumps, so its limit at 0 does not exist", () => {
    expect(value(lim("t", num(0), div(call("sin", sym("t")), sym("t"))), at(0)).item()).toBeCloseTo(1, 9);
    const r = evaluate(lim("t", num(0), call("H", sym("t"))), at(0));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe("no-convergence");
    expect(value(lim("t", num(0), call("H", sym("t")), "+"), at(0)).item()).toBe(1);
  });

  it("∫_{-∞}^{x} H(t) dt = relu(x), entry by entry for a vector bound", () => {
    const env = sampleEnv(table, new Rng(8), { dims: { n: 5 } });
    const r = value(integral("t", neg(inf), sym("v"), call("H", sym("t"))), env);
    close(r, env.values.v.relu(), 1e-7);
    expect(value(integral("t", num(0), num(1), pow(sym("t"), num(2))), env).item()).toBeCloseTo(1 / 3, 12);
    const gauss = integral("t", neg(inf), inf, call("exp", neg(pow(sym("t"), num(2)))));
    expect(value(gauss, env).item()).toBeCloseTo(Math.sqrt(Math.PI), 7);
  });

  it("Monte Carlo: E[x²] = 1 for a standard normal, within 4 standard errors; Var too", () => {
    const env = sampleEnv(table, new Rng(5));
    const r = evaluate(E(pow(sym("x"), num(2)), sym("x")), env);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.stderr).toBeDefined();
      const se = r.stderr!.item();
      expect(se).toBeGreaterThan(0.005);
      expect(Math.abs(r.value.item() - 1)).toBeLessThan(4 * se);
    }
    const v = evaluate(E(sym("x"), null, "Var"), env);
    expect(v.ok && Math.abs(v.value.item() - 1) < 4 * v.stderr!.item()).toBe(true);
    const again = evaluate(E(pow(sym("x"), num(2)), sym("x")), env);
    expect(again.ok && r.ok && again.value.item() === r.value.item()).toBe(true);
  });
});

describe("failures are results", () => {
  const table: SymbolTable = { symbols: [{ name: "x", kind: "scalar" }, { name: "X", kind: "matrix", shape: ["S", "M"] }, { name: "W", kind: "matrix", shape: ["F", "M"] }] };
  const env = sampleEnv(table, new Rng(1), { dims: { S: 2, M: 3, F: 4 } });
  const code = (e: Expr, en: Env = env): string => {
    const r = evaluate(e, en);
    return r.ok ? "ok" : r.code;
  };
  it("domain errors: log of a negative, sqrt of a negative, division by zero, overflow", () => {
    const neg1: Env = { ...env, values: { ...env.values, x: scalar(-1) } };
    expect(code(call("log", sym("x")), neg1)).toBe("domain");
    expect(code(call("sqrt", sym("x")), neg1)).toBe("domain");
    expect(code(div(num(1), sub(sym("x"), sym("x"))))).toBe("domain");
    const tower = pow(num(2), pow(num(2), pow(num(2), pow(num(2), num(2)))));
    expect(code(tower)).toBe("domain");
  });
  it("shape mismatches and unknown symbols", () => {
    const r = evaluate(add(sym("X"), sym("W")), env);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe("shape-mismatch");
      expect(r.message).toBe("cannot add X (S×M) and W (F×M): sizes S and F differ");
    }
    expect(code(sym("Q"))).toBe("unknown-symbol");
    expect(code(call("mystery", sym("x")))).toBe("unknown-symbol");
  });
  it("work is bounded: huge sums, huge products of matrices, deep nesting", () => {
    expect(code(sum("k", num(1), num(1e9), sym("k")))).toBe("budget");
    expect(code(sum("k", num(1), num(5e4), mul(T(sym("X")), sym("X"))), { ...env, limits: { budget: 1e5 } })).toBe("budget");
    let deep: Expr = sym("x");
    for (let k = 0; k < 3000; k++) deep = neg(deep);
    expect(["budget", "unsupported"]).toContain(code(deep));
    expect(code(inf)).toBe("unsupported");
  });
  it("never throws on random small trees", () => {
    const leaves: Expr[] = [sym("x"), sym("X"), sym("W"), num(0), num(-2), num(1e300), ones, I, inf, sym("i")];
    const tree: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
      e: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.constantFrom(...leaves),
        fc.tuple(tie("e"), tie("e")).map(([a, b]) => add(a, b)),
        fc.tuple(tie("e"), tie("e")).map(([a, b]) => mul(a, b)),
        fc.tuple(tie("e"), tie("e")).map(([a, b]) => div(a, b)),
        fc.tuple(tie("e"), tie("e")).map(([a, b]) => pow(a, b)),
        tie("e").map((a) => T(a)),
        tie("e").map((a) => call("log", a)),
        tie("e").map((a) => call("diag", a)),
        tie("e").map((a) => sum("k", num(1), num(3), a)),
        tie("e").map((a) => lim("x", inf, a)),
        tie("e").map((a) => deriv(a, sym("x"))),
        tie("e").map((a) => idx(a, sym("i"))),
      ),
    })).e;
    fc.assert(
      fc.property(tree, (e) => {
        const r = evaluate(e, env);
        expect(typeof r.ok).toBe("boolean");
        if (!r.ok) expect(r.message).not.toMatch(/could not evaluate/);
      }),
      { numRuns: 300, seed: 17 },
    );
  });
});

describe("sampling", () => {
  it("respects domains: onehot, probability, integer, interval, positive, away from kinks", () => {
    const table: SymbolTable = {
      symbols: [
        { name: "y", kind: "vector", shape: ["n", 1], domain: { kind: "onehot" } },
        { name: "p", kind: "vector", shape: ["n", 1], domain: { kind: "probability" } },
        { name: "k", kind: "matrix", shape: ["n", "m"], domain: { kind: "integer", lo: 2, hi: 5 } },
        { name: "\\alpha", kind: "scalar", domain: { kind: "interval", lo: 0, hi: 1, closedLo: true, closedHi: false } },
        { name: "c", kind: "matrix", shape: ["n", "m"], domain: { kind: "positive" } },
        { name: "z", kind: "matrix", shape: ["n", "m"], domain: { kind: "awayFromKink", margin: 0.2 } },
        { name: "d_x", kind: "dimension", domain: { kind: "integer", lo: 3, hi: 9 } },
      ],
    };
    const sizes = new Set<string>();
    for (let seed = 0; seed < 200; seed++) {
      const env = sampleEnv(table, new Rng(seed));
      const { y, p, k, c, z } = env.values;
      sizes.add(`${env.dims.n}x${env.dims.m}`);
      expect(y.data.filter((v) => v === 1).length).toBe(1);
      expect(y.data.filter((v) => v === 0).length).toBe(y.data.length - 1);
      expect(Math.abs(p.data.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
      expect(p.data.every((v) => v > 0)).toBe(true);
      expect(k.data.every((v) => Number.isInteger(v) && v >= 2 && v <= 5)).toBe(true);
      const a = env.values["\\alpha"].item();
      expect(a >= 0 && a < 1).toBe(true);
      expect(c.data.every((v) => v > 0)).toBe(true);
      expect(z.data.every((v) => Math.abs(v) >= 0.2)).toBe(true);
      expect(env.dims.d_x >= 3 && env.dims.d_x <= 9 && env.values.d_x === undefined).toBe(true);
    }
    expect(sizes.has("1x1")).toBe(true);
    expect([...sizes].some((s) => s.startsWith("1x") && s !== "1x1")).toBe(true);
    expect([...sizes].some((s) => s.split("x")[0] !== s.split("x")[1])).toBe(true);
  });

  it("is deterministic: the same seed gives the same instance and the same values", () => {
    const a = sampleEnv(block, new Rng(99));
    const b = sampleEnv(block, new Rng(99));
    expect(a.dims).toEqual(b.dims);
    expect(a.functions).toEqual(b.functions);
    for (const k of Object.keys(a.values)) expect(Array.from(a.values[k].data)).toEqual(Array.from(b.values[k].data));
    const e = had(mul(sym("G"), sym("V")), dcall("h", 1, XWt));
    expect(Array.from(value(e, a).data)).toEqual(Array.from(value(e, b).data));
    const c = sampleEnv(block, new Rng(100));
    expect(JSON.stringify(c.dims) === JSON.stringify(a.dims) && c.values.X.data[0] === a.values.X.data[0]).toBe(false);
  });

  it("draws block widths such as M+1 through their parts", () => {
    const tbl: SymbolTable = { symbols: [{ name: "X", kind: "matrix", shape: ["S", "M"] }, { name: "U", kind: "matrix", shape: ["F", "M+1"] }] };
    const env = sampleEnv(tbl, new Rng(12));
    expect(Object.keys(env.dims).sort()).toEqual(["F", "M", "S"]);
    expect(env.values.U.shape).toEqual([env.dims.F, env.dims.M + 1]);
    expect(value(mul(tuple(sym("X"), ones), T(sym("U"))), env).shape).toEqual([env.dims.S, env.dims.F]);
  });

  it("draws h from its family and records the member", () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 60; seed++) seen.add(sampleEnv(block, new Rng(seed)).functions.h);
    expect([...seen].sort()).toEqual(["sigmoid", "sin", "softplus", "tanh"]);
    const only = sampleEnv({ symbols: [{ name: "g", kind: "function", family: ["cube"] }] }, new Rng(1));
    expect(only.functions.g).toBe("cube");
  });
});

describe("expectations over undeclared variables", () => {
  it("E_z[z^4] = 3 for a standard normal z that the table does not declare", () => {
    const env = sampleEnv({ symbols: [] }, new Rng(31));
    const r = evaluate(E(pow(sym("z"), num(4)), sym("z")), env);
    expect(r.ok).toBe(true);
    if (r.ok) expect(Math.abs(r.value.item() - 3)).toBeLessThan(4 * r.stderr!.item());
  });
});

describe("sizes from the table", () => {
  it("an index range K-1 follows K, and a range of 0 is a domain failure", () => {
    const table: SymbolTable = {
      symbols: [
        { name: "x", kind: "vector", shape: ["K", 1] },
        { name: "K", kind: "dimension" },
        { name: "i", kind: "index", range: "K-1" },
      ],
    };
    for (let seed = 0; seed < 20; seed++) {
      const env = sampleEnv(table, new Rng(seed));
      const r = evaluate(sub(idx(sym("x"), add(sym("i"), num(1))), idx(sym("x"), num(1))), env);
      if (env.dims.K === 1) expect(!r.ok && r.code).toBe("domain");
      else {
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.value.shape).toEqual([env.dims.K - 1]);
      }
    }
  });
  it("a lone 1 takes the only size of the table: (1/n) 1 is uniform", () => {
    const table: SymbolTable = { symbols: [{ name: "x", kind: "vector", shape: ["n", 1] }, { name: "n", kind: "dimension" }] };
    const env = sampleEnv(table, new Rng(3), { dims: { n: 4 } });
    expect(Array.from(value(mul(div(num(1), sym("n")), ones), env).data)).toEqual([0.25, 0.25, 0.25, 0.25]);
    const two = sampleEnv(blockTable, new Rng(3));
    expect(evaluate(mul(num(2), { ...I }), two).ok).toBe(false);
  });
});

describe("primes on built-ins", () => {
  const table: SymbolTable = { symbols: [{ name: "x", kind: "vector", shape: ["n", 1] }] };
  const env = sampleEnv(table, new Rng(1), { dims: { n: 3 } });
  it("exact derivative orders for the scalar built-ins", () => {
    const x = env.values.x;
    const t = x.tanh();
    close(value(dcall("tanh", 2, sym("x")), env), t.mul(t.mul(t).neg().add(1)).mul(-2), 1e-12);
    close(value(dcall("log", 1, call("exp", sym("x"))), env), x.neg().exp(), 1e-12);
    close(value(dcall("softplus", 1, sym("x")), env), x.sigmoid(), 1e-12);
  });
  it("a prime on diag, norm, softmax, max is unsupported, not silently ignored", () => {
    for (const fn of ["diag", "norm", "softmax", "max"]) {
      const r = evaluate(dcall(fn, 1, sym("x")), env);
      expect(!r.ok && r.code).toBe("unsupported");
    }
  });
});

describe("axes in a given order", () => {
  const table: SymbolTable = {
    symbols: [
      { name: "A", kind: "matrix", shape: ["n", "m"] },
      { name: "i", kind: "index", range: "n" },
      { name: "j", kind: "index", range: "m" },
    ],
  };
  const env = sampleEnv(table, new Rng(4), { dims: { n: 2, m: 3 } });
  it("E_{ji} = A_{ij} is Aᵀ; E_{ij} = 1 still has both axes", () => {
    const r = evaluate(idx(sym("A"), sym("i"), sym("j")), env, { indices: ["j", "i"] });
    expect(r.ok && r.freeIndices).toEqual(["j", "i"]);
    if (r.ok) close(r.value, env.values.A.T);
    const c = evaluate(num(1), env, { indices: ["i", "j"] });
    expect(c.ok && c.value.shape).toEqual([2, 3]);
    const plain = evaluate(idx(sym("A"), sym("i"), sym("j")), env);
    if (plain.ok) close(plain.value, env.values.A);
  });
});
