import { describe, expect, it } from "vitest";
import fc from "fast-check";
import nerdamer from "nerdamer-prime";
import type { Expr } from "../../src/expr/ast.js";
import { casDerivative, casIntegrate, casLimit, casSimplify, casSolve, evalScalar } from "../../src/symbolic/index.js";
import { add, call, div, mul, num, pow, sym } from "../../src/symbolic/build.js";
import { show } from "./show.js";

const E: Expr = { kind: "const", name: "e" };
const [a, b, x, z, k, beta, alpha, v, dx] = ["a", "b", "x", "z", "k", "\\beta", "\\alpha", "v", "d_x"].map(sym);
const twoClass = div(pow(E, a), add(pow(E, a), pow(E, b)));

describe("nerdamer's two-class softmax bug is caught", () => {
  it("nerdamer-prime really rewrites e^a/(e^a+e^b) into (e^a+e^b)^(a-1), which is wrong at a=1, b=2", () => {
    const out = nerdamer("simplify(e^a/(e^a+e^b))").toString();
    expect(out.replace(/\s/g, "")).toMatch(/^\(e\^a\+e\^b\)\^\((-1\+a|a-1)\)$/);
    const wrong = Number(nerdamer(out).evaluate({ a: 1, b: 2 }).text("decimals"));
    expect(wrong).toBeCloseTo(1, 9);
    expect(Math.E / (Math.E + Math.E ** 2)).toBeCloseTo(0.2689, 4);
  });
  it("the bridge rejects nerdamer's answer with a reason and falls back to mathjs", () => {
    const r = casSimplify(twoClass, { engines: ["nerdamer simplify", "mathjs simplify"] });
    expect(r.ok).toBe(true);
    expect(r.ok && r.engine).toBe("mathjs simplify");
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0].engine).toBe("nerdamer simplify");
    expect(r.rejected[0].reason).toMatch(/differs at/);
    const only = casSimplify(twoClass, { engines: ["nerdamer simplify"] });
    expect(only.ok).toBe(false);
  });
});

describe("bridge operations, each checked", () => {
  it("derivative of the scaled sigmoid equals 2σ̂(1-σ̂) at random points", () => {
    const hat = div(num(1), add(num(1), call("exp", [mul(num(-2), z)])));
    const r = casDerivative(hat, "z");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    fc.assert(
      fc.property(fc.double({ min: -6, max: 6, noNaN: true }), (t) => {
        const s = 1 / (1 + Math.exp(-2 * t));
        expect(evalScalar(r.expr, { z: t })).toBeCloseTo(2 * s * (1 - s), 10);
      }),
      { numRuns: 50 },
    );
  });
  it("solves Var(w) d_x (1+α²)/2 = 1 for the Kaiming variance 2/((1+α²) d_x)", () => {
    const r = casSolve(mul(v, dx, div(add(num(1), pow(alpha, num(2))), num(2))), num(1), "v", {
      domains: { d_x: { kind: "positive" }, "\\alpha": { kind: "interval", lo: 0, hi: 1, closedLo: true, closedHi: false } },
    });
    expect(r.ok && show(r.expr)).toBe(show(div(num(2), mul(dx, add(num(1), pow(alpha, num(2)))))));
  });
  it("swish limits: β→0 gives x/2 (nerdamer), β→∞ gives max(0, x) (nerdamer rejected, saturation rule)", () => {
    const swish = mul(x, call("sigma", [mul(beta, x)]));
    const zero = casLimit(swish, "\\beta", 0);
    expect(zero.ok && show(zero.expr)).toBe(show(div(x, num(2))));
    const inf = casLimit(swish, "\\beta", "inf");
    expect(inf.ok && show(inf.expr)).toBe(show(call("max", [num(0), x])));
    expect(inf.ok && inf.engine).toBe("saturation rule");
    expect(inf.rejected.map((r) => r.engine)).toEqual(["nerdamer limit"]);
  });
  it("σ(kx) → H(x) as k → ∞, with H(0) = 1/2", () => {
    const r = casLimit(call("sigma", [mul(k, x)]), "k", "inf");
    expect(r.ok && show(r.expr)).toBe(show(call("H", [x])));
    expect(r.ok && evalScalar(r.expr, { x: 0 })).toBe(0.5);
  });
  it("integrates and checks by differentiating", () => {
    const r = casIntegrate(pow(x, num(2)), "x");
    expect(r.ok && show(r.expr)).toBe(show(div(pow(x, num(3)), num(3))));
  });
  it("refuses matrices and unknown functions with a message, without throwing", () => {
    const r = casSimplify({ kind: "transpose", arg: sym("X") });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/scalar algebra only/);
    expect(casDerivative(a, "q").ok).toBe(false);
  });
});
