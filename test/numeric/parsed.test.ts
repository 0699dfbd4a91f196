/** The evaluator on formulas as course staff write them, parsed, with definitions in the table. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parse } from "../../src/expr/index.js";
import { inferShapes } from "../../src/expr/shapes.js";
import type { SymbolTable } from "../../src/expr/types.js";
import { evaluate, sampleEnv, SymbolTableError, type Env } from "../../src/numeric/index.js";
import { Rng, Tensor } from "../../src/tensor/index.js";
import { jacobian } from "../../src/autodiff/index.js";

function ev(latex: string, env: Env): Tensor {
  const p = parse(latex, { symbols: env.table });
  if (!p.ok) throw new Error(`parse ${latex}: ${p.error.message}`);
  const r = evaluate(p.value, env);
  if (!r.ok) throw new Error(`${latex}: ${r.code}: ${r.message}`);
  return r.value;
}

function close(a: Tensor, b: Tensor, tol = 1e-8): void {
  expect(a.shape).toEqual(b.shape);
  a.data.forEach((x, k) => expect(Math.abs(x - b.data[k])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b.data[k]))));
}

const block: SymbolTable = {
  symbols: [
    { name: "X", kind: "matrix", shape: ["S", "M"] },
    { name: "W", kind: "matrix", shape: ["F", "M"] },
    { name: "V", kind: "matrix", shape: ["N", "F"] },
    { name: "h", kind: "elementwise" },
    { name: "Y", kind: "matrix", shape: ["S", "N"], definition: "h(X W^\\top) V^\\top" },
    { name: "G", kind: "matrix", shape: ["S", "N"], aliases: ["\\frac{\\partial L}{\\partial Y}"] },
    { name: "L", kind: "scalar", definition: "\\mathbf{1}^\\top (G \\circ Y) \\mathbf{1}" },
  ],
};

describe("block gradients through definitions", () => {
  it("∂L/∂X by autodiff through Y = h(XWᵀ)Vᵀ equals (G V ∘ h'(XWᵀ)) W", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), (seed) => {
        const env = sampleEnv(block, new Rng(seed));
        const AB = "(G V \\circ h'(X W^\\top))";
        close(ev("\\frac{\\partial L}{\\partial X}", env), ev(`${AB} W`, env));
        close(ev("\\frac{\\partial L}{\\partial W}", env), ev(`${AB}^\\top X`, env));
        close(ev("\\frac{\\partial L}{\\partial V}", env), ev("G^\\top h(X W^\\top)", env));
      }),
      { numRuns: 15, seed: 4 },
    );
  });
});

const softmax: SymbolTable = {
  symbols: [
    { name: "x", kind: "vector", shape: ["n", 1] },
    { name: "S", kind: "vector", shape: ["n", 1], definition: "\\mathrm{softmax}(x)" },
    { name: "n", kind: "dimension", domain: { kind: "integer", lo: 1, hi: 8 } },
    { name: "i", kind: "index", range: "n" },
    { name: "j", kind: "index", range: "n" },
    { name: "k", kind: "index", range: "n" },
  ],
};

describe("the softmax Jacobian, parsed", () => {
  it("S_i(δ_ij − S_j), ∂S_i/∂x_j and the explicit exponential form equal autodiff", () => {
    for (let seed = 0; seed < 10; seed++) {
      const env = sampleEnv(softmax, new Rng(seed));
      const n = env.dims.n;
      const J = jacobian((x: Tensor) => x.softmax(0))(env.values.x).reshape([n, n]);
      close(ev("S_i(\\delta_{ij} - S_j)", env), J);
      close(ev("\\frac{\\partial S_i}{\\partial x_j}", env), J);
      close(ev("\\frac{e^{x_i}}{\\sum_{k=1}^{n} e^{x_k}} \\left(\\delta_{ij} - \\frac{e^{x_j}}{\\sum_{k=1}^{n} e^{x_k}}\\right)", env), J);
      close(ev("\\mathrm{diag}(S) - S S^\\top", env), J);
    }
  });
});

describe("section B facts by numbers", () => {
  it("scaled sigmoid: σ̂'(z) = 2σ̂(z)(1 − σ̂(z)) for σ̂(z) = 1/(1+e^{-2z})", () => {
    const table: SymbolTable = {
      symbols: [
        { name: "z", kind: "scalar" },
        { name: "\\hat{\\sigma}", kind: "function", params: ["t"], definition: "\\frac{1}{1+e^{-2t}}" },
      ],
    };
    for (let seed = 0; seed < 10; seed++) {
      const env = sampleEnv(table, new Rng(seed));
      close(ev("\\hat\\sigma'(z)", env), ev("2\\hat\\sigma(z)(1-\\hat\\sigma(z))", env), 1e-9);
    }
  });

  it("relu-heaviside and sigmoid-to-heaviside", () => {
    const table: SymbolTable = { symbols: [{ name: "x", kind: "vector", shape: ["n", 1], domain: { kind: "awayFromKink", margin: 0.05 } }] };
    const env = sampleEnv(table, new Rng(6), { dims: { n: 6 } });
    close(ev("\\int_{-\\infty}^{x} H(t)\\,dt", env), env.values.x.relu(), 1e-7);
    close(ev("\\lim_{k\\to\\infty} \\sigma(kx)", env), ev("H(x)", env), 1e-7);
    close(ev("\\lim_{\\beta \\to \\infty} x \\circ \\sigma(\\beta x)", env), ev("\\max(0, x)", env), 1e-6);
    close(ev("\\lim_{\\beta \\to 0} x \\circ \\sigma(\\beta x)", env), env.values.x.mul(0.5), 1e-6);
    const bad = parse("\\lim_{\\beta \\to 0} x \\sigma(\\beta x)", { symbols: table });
    const r = bad.ok ? evaluate(bad.value, env) : null;
    expect(r && !r.ok && r.message).toBe("x (n×1) times σ(β x) (n×1): the inner sizes 1 and n differ");
  });

  it("Kaiming: E_x[LReLU(x, α)²] = (1+α²)/2 for a standard normal x", () => {
    const table: SymbolTable = {
      symbols: [
        { name: "x", kind: "scalar", domain: { kind: "real" } },
        { name: "\\alpha", kind: "scalar", domain: { kind: "interval", lo: 0, hi: 1, closedLo: true, closedHi: false } },
      ],
    };
    const env = sampleEnv(table, new Rng(13));
    const p = parse("\\mathbb{E}_{x}[\\mathrm{lrelu}(x, \\alpha)^2]", { symbols: table });
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    const r = evaluate(p.value, env);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const a = env.values["\\alpha"].item();
    expect(Math.abs(r.value.item() - (1 + a * a) / 2)).toBeLessThan(4 * r.stderr!.item());
  });
});

describe("tables that cannot be instantiated", () => {
  it("circular definitions are an error that names the cycle", () => {
    const table: SymbolTable = {
      symbols: [
        { name: "A", kind: "scalar", definition: "B + 1" },
        { name: "B", kind: "scalar", definition: "2A" },
      ],
    };
    expect(() => sampleEnv(table, new Rng(1))).toThrow(SymbolTableError);
    expect(() => sampleEnv(table, new Rng(1))).toThrow(/circular: A → B → A|circular: B → A → B/);
  });
  it("a definition of the wrong shape is an error", () => {
    const table: SymbolTable = {
      symbols: [
        { name: "x", kind: "vector", shape: ["n", 1] },
        { name: "y", kind: "vector", shape: ["m", 1], definition: "x" },
      ],
    };
    expect(() => sampleEnv(table, new Rng(3), { dims: { n: 2, m: 3 } })).toThrow(/declared 3×1/);
  });
});

describe("shape errors on parsed text quote the student", () => {
  it("quotes V^\\top as written", () => {
    const src = "\\mathbf{G} V^\\top";
    const p = parse(src, { symbols: block });
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    const r = inferShapes(p.value, block, { source: src });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^(\\mathbf\{G\}|G) \(S×N\) times V\^\\top \(F×N\): the inner sizes N and F differ$/);
  });
});


describe("defined functions that read other symbols", () => {
  it("g(t) = a t: E_a[g(1)] varies with a, and d/da g(2) = 2", () => {
    const table: SymbolTable = {
      symbols: [
        { name: "a", kind: "scalar" },
        { name: "g", kind: "function", params: ["t"], definition: "a t" },
      ],
    };
    const env = sampleEnv(table, new Rng(2));
    const p = parse("\\mathbb{E}_{a}[g(1)^2]", { symbols: table });
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    const r = evaluate(p.value, env);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.stderr!.item()).toBeGreaterThan(0.01);
      expect(Math.abs(r.value.item() - 1)).toBeLessThan(4 * r.stderr!.item());
    }
    expect(ev("\\frac{d}{da} g(2)", env).item()).toBeCloseTo(2, 12);
  });
});

describe("derivatives with respect to a defined symbol", () => {
  it("∂L/∂Y without the alias G is G itself (L = 1ᵀ(G ∘ Y)1, Y held as a value)", () => {
    const table: SymbolTable = { symbols: block.symbols.map((d) => (d.name === "G" ? { ...d, aliases: [] } : d)) };
    const env = sampleEnv(table, new Rng(8));
    close(ev("\\frac{\\partial L}{\\partial Y}", env), env.values.G, 1e-12);
  });
});

describe("standard errors through affine steps", () => {
  it("c·E[x²] − E[x²] + 1 carries a standard error, and the estimate is within it", () => {
    const table: SymbolTable = { symbols: [{ name: "x", kind: "scalar" }, { name: "c", kind: "scalar", domain: { kind: "positive" } }] };
    const env = sampleEnv(table, new Rng(21));
    const c = env.values.c.item();
    const p = parse("c \\mathbb{E}_{x}[x^2] - \\frac{\\mathbb{E}_{x}[x^2]}{2} + 1", { symbols: table });
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    const r = evaluate(p.value, env);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const se = r.stderr!.item();
    // Each estimate of E[x²] = 1 has standard error about sqrt(2/4000).
    const each = Math.sqrt(2 / 4000);
    expect(se).toBeGreaterThan(0.7 * each * Math.sqrt(c * c + 0.25));
    expect(se).toBeLessThan(1.3 * each * Math.sqrt(c * c + 0.25));
    expect(Math.abs(r.value.item() - (c - 0.5 + 1))).toBeLessThan(4 * se);
    const plain = parse("c + 1", { symbols: table });
    expect(plain.ok && evaluate(plain.value, env).ok && (evaluate(plain.value, env) as { stderr?: unknown }).stderr).toBeUndefined();
  });
});

describe("more limits", () => {
  it("(1 + 1/k)^k → e and k(e^{1/k} − 1) → 1 at ∞; one-sided limits of |t|/t at 0", () => {
    const table: SymbolTable = { symbols: [{ name: "x", kind: "scalar" }] };
    const env = sampleEnv(table, new Rng(1));
    expect(ev("\\lim_{k \\to \\infty} (1 + 1/k)^k", env).item()).toBeCloseTo(Math.E, 6);
    expect(ev("\\lim_{k \\to \\infty} k \\cdot (e^{1/k} - 1)", env).item()).toBeCloseTo(1, 6);
    expect(ev("\\lim_{t \\to 0^+} \\frac{|t|}{t}", env).item()).toBe(1);
    expect(ev("\\lim_{t \\to 0^-} \\frac{|t|}{t}", env).item()).toBe(-1);
    const p = parse("\\lim_{k \\to \\infty} (k x^2 + k)", { symbols: table });
    const r = p.ok ? evaluate(p.value, env) : null;
    expect(r && !r.ok && r.code).toBe("no-convergence");
  });
});

describe("improper integrals", () => {
  it("∫_0^1 log t dt = −1 despite the singular end; ∫_{-∞}^{∞} e^{-t²/2} = √(2π)", () => {
    const env = sampleEnv({ symbols: [] }, new Rng(1));
    expect(ev("\\int_0^1 \\log t \\, dt", env).item()).toBeCloseTo(-1, 5);
    expect(ev("\\int_{-\\infty}^{\\infty} e^{-t^2/2} \\, dt", env).item()).toBeCloseTo(Math.sqrt(2 * Math.PI), 7);
  });
});

describe("limits where the expression lives on one side", () => {
  it("lim_{t→0} (√t)² + 1 = 1 from the only side where √t is defined; √t itself converges too slowly to be trusted", () => {
    const env = sampleEnv({ symbols: [] }, new Rng(1));
    expect(ev("\\lim_{t \\to 0} \\sqrt{t}^2 + 1", env).item()).toBeCloseTo(1, 7);
    const p = parse("\\lim_{t \\to 0} \\sqrt{t}");
    const r = p.ok ? evaluate(p.value, env) : null;
    expect(r && !r.ok && r.code).toBe("no-convergence");
  });
});

describe("batched expectations", () => {
  it("a scalar entry-by-entry body gives exactly the sample-by-sample estimate", () => {
    const table: SymbolTable = {
      symbols: [
        { name: "x", kind: "scalar" },
        { name: "\\alpha", kind: "scalar", domain: { kind: "interval", lo: 0, hi: 1, closedLo: true, closedHi: false } },
        { name: "h", kind: "elementwise" },
      ],
    };
    const env = sampleEnv(table, new Rng(17));
    const run = (latex: string): { v: number; se: number } => {
      const p = parse(latex, { symbols: table });
      if (!p.ok) throw new Error(p.error.message);
      const r = evaluate(p.value, env);
      if (!r.ok) throw new Error(r.message);
      return { v: r.value.item(), se: r.stderr!.item() };
    };
    // The sum over one k makes the body unbatchable: the loop runs, on the same draws.
    for (const body of ["\\mathrm{lrelu}(x, \\alpha)^2", "h(x) \\cdot x + \\max(0, x) - 2", "\\mathbb{1}[x > 0] + \\sigma(x)^3"]) {
      const fast = run(`\\mathbb{E}_{x}[${body}]`);
      const slow = run(`\\mathbb{E}_{x}[\\sum_{k=1}^{1} (${body})]`);
      expect(fast.v).toBe(slow.v);
      expect(fast.se).toBe(slow.se);
    }
    const p = parse("\\mathbb{E}_{x}[\\sqrt{x}]", { symbols: table });
    const r = p.ok ? evaluate(p.value, env) : null;
    expect(r && !r.ok && r.code).toBe("domain");
  });
});
