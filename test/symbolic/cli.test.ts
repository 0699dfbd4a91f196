import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { equiv } from "../../src/equivalence/index.js";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const c = capture();
  const code = await main(args, c.io);
  return { code, out: c.out.join("\n"), err: c.err.join("\n") };
}

const SYMBOLS = "X: S x M, W: F x M, V: N x F, h: elementwise";

async function deriveJson(forward: string, wrt: string, symbols = SYMBOLS): Promise<{ latex: string; ascii: string; evidence: { ok: boolean; trials: number } }> {
  const r = await run(["derive", "--forward", forward, "--wrt", wrt, "--symbols", symbols, "--json"]);
  expect(r.code, r.err + r.out).toBe(0);
  return JSON.parse(r.out);
}

describe("gradsheet derive", () => {
  it("prints the block gradients in textbook form", async () => {
    expect((await deriveJson("Y = h(X W^\\top) V^\\top", "X")).latex).toBe("\\left(G V \\circ h'(X W^\\top)\\right) W");
    const dW = await deriveJson("Y = h(X W^\\top) V^\\top", "W");
    expect(dW.evidence.ok).toBe(true);
    expect(dW.evidence.trials).toBeGreaterThanOrEqual(8);
    expect((await deriveJson("Y = h(X W^\\top) V^\\top", "V")).latex).toBe("G^\\top h(X W^\\top)");
  });
  it("prints LaTeX without --json, with the evidence on stderr", async () => {
    const r = await run(["derive", "--forward", "Y = h(X W^T) V^T", "--wrt", "V"]);
    expect(r.code).toBe(0);
    expect(r.out).toBe("\\frac{\\partial L}{\\partial V} = G^\\top h(X W^\\top)");
    expect(r.err).toMatch(/verified: autodiff/);
  });

  // Held-out kinds: each derived result must be equivalent to an independently written right
  // gradient, and equiv must tell a plausible wrong one apart.
  const heldOut: { forward: string; wrt: string; right: string; wrong: string; symbols?: string }[] = [
    { forward: "Y = h(X W^\\top + \\mathbf{1} b^\\top) V^\\top", wrt: "b", right: "(h'(X W^T + \\mathbf{1} b^T) \\circ (G V))^T \\mathbf{1}", wrong: "(h(X W^T + \\mathbf{1} b^T) \\circ (G V))^T \\mathbf{1}" },
    { forward: "H = \\tanh(X W^\\top), Y = \\sigma(H V^\\top)", wrt: "V", right: "(G \\circ \\sigma(\\tanh(XW^T)V^T) \\circ (1 - \\sigma(\\tanh(XW^T)V^T)))^T \\tanh(X W^T)", wrong: "(G \\circ \\sigma(\\tanh(XW^T)V^T))^T \\tanh(X W^T)" },
    { forward: "Y = h(X W^\\top) \\circ g(X W^\\top)", wrt: "W", right: "(G \\circ h'(XW^T) \\circ g(XW^T) + G \\circ h(XW^T) \\circ g'(XW^T))^T X", wrong: "(G \\circ h'(XW^T) \\circ g'(XW^T))^T X", symbols: "X: S x M, W: F x M, h: elementwise, g: elementwise" },
    { forward: "Y = \\max(0, X W^\\top) V^\\top", wrt: "X", right: "((G V) \\circ \\mathbb{1}[X W^T > 0]) W", wrong: "(G V) W" },
    { forward: "Y = \\max(0, X W^\\top) V^\\top", wrt: "W", right: "(\\mathbb{1}[X W^T > 0] \\circ (G V))^T X", wrong: "((G V) \\circ \\mathbb{1}[X W^T > 0]) X^T" },
  ];
  for (const k of heldOut) {
    it(`held-out: ${k.forward} w.r.t. ${k.wrt}`, async () => {
      const symbols = k.symbols ?? SYMBOLS;
      const d = await deriveJson(k.forward, k.wrt, symbols);
      const eq = await run(["equiv", "--symbols", symbols, "--json", d.latex, k.right]);
      expect(eq.code).toBe(0);
      expect(JSON.parse(eq.out).equivalent, eq.out).toBe(true);
      const ne = JSON.parse((await run(["equiv", "--symbols", symbols, "--json", d.latex, k.wrong])).out);
      expect(ne.equivalent).toBe(false);
      expect(["different", "shape-mismatch"]).toContain(ne.outcome);
      // The ASCII rendering reads back to the same function.
      expect(equiv(d.ascii, d.latex).equivalent).toBe(true);
    });
  }

  it("two stacked layers with subscripted names, a scalar output, diag and a square", async () => {
    const two = await deriveJson("H_1 = \\max(0, X W_1^\\top + \\mathbf{1} b_1^\\top), Y = H_1 W_2^\\top", "b_1", "X: S x M, W_1: F x M, b_1: vector F, W_2: N x F");
    expect(two.latex).toBe("\\left(\\mathbb{1}\\left[X {W_1}^\\top + \\mathbf{1} {b_1}^\\top > 0\\right] \\circ G W_2\\right)^\\top \\mathbf{1}");
    expect((await deriveJson("Y = x^\\top A x", "x", "x: vector n, A: n x n")).latex).toBe("G \\cdot \\left(A + A^\\top\\right) x");
    expect((await deriveJson("Y = \\mathrm{diag}(x) W", "x", "x: vector n, W: n x m")).evidence.ok).toBe(true);
    expect((await deriveJson("Y = (X W^\\top) \\circ (X W^\\top)", "W")).latex).toBe("2 \\left(G \\circ X W^\\top\\right)^\\top X");
  });
  it("a construct without a rule fails loudly (exit 1), never a silent zero", async () => {
    const r = await run(["derive", "--forward", "Y = A^{0.5}", "--wrt", "A", "--symbols", "A: n x n"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/a power of a square matrix needs a whole-number exponent/);
  });
  it("--jacobian: matrix and index forms, verified against the autodiff Jacobian", async () => {
    const sm = await run(["derive", "--jacobian", "--forward", "s = \\mathrm{softmax}(x)", "--wrt", "x", "--symbols", "x: vector n", "--json"]);
    expect(sm.code).toBe(0);
    expect(JSON.parse(sm.out)).toMatchObject({ latex: "\\mathrm{diag}(s) - s s^\\top", index: "s_i \\left(\\delta_{ij} - s_j\\right)", evidence: { ok: true } });
    const lin = JSON.parse((await run(["derive", "--jacobian", "--forward", "y = \\tanh(A x)", "--wrt", "x", "--symbols", "x: vector n, A: m x n", "--json"])).out);
    expect(lin.index).toBe("A_{ij} \\left(1 - y_i^2\\right)");
    expect(lin.evidence.trials).toBe(8);
  });
  it("usage errors exit 2 with a message naming the problem", async () => {
    expect((await run(["derive", "--wrt", "X"])).err).toMatch(/--forward/);
    expect((await run(["derive", "--forward", "Y = X W", "--wrt", "W", "--symbols", SYMBOLS])).code).toBe(2);
    const bad = await run(["derive", "--forward", "Y = X W^T", "--wrt", "W", "--symbols", "X S x M"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/NAME: TYPE/);
    const notInput = await run(["derive", "--forward", "Y = X W^T", "--wrt", "Q", "--json"]);
    expect(notInput.code).toBe(1);
    expect(JSON.parse(notInput.out).error).toMatch(/'Q' is not an input/);
  });
});

describe("gradsheet equiv", () => {
  it("exits 0 with equivalent true or false and a reason", async () => {
    const yes = await run(["equiv", "--json", "(A B)^T", "B^T A^T"]);
    expect(yes.code).toBe(0);
    expect(JSON.parse(yes.out)).toMatchObject({ equivalent: true, outcome: "equal" });
    const no = JSON.parse((await run(["equiv", "--json", "A B", "B A"])).out);
    expect(no).toMatchObject({ equivalent: false, outcome: "different" });
    expect(no.counterexample).toBeDefined();
    const text = await run(["equiv", "--symbols", SYMBOLS, "X W^T", "X W"]);
    expect(text.out).toMatch(/^not equivalent \(shape-mismatch\)/);
  });
  it("reports an unreadable formula as invalid, with where", async () => {
    const r = JSON.parse((await run(["equiv", "--json", "X +", "X"])).out);
    expect(r.outcome).toBe("invalid");
    expect(r.reason).toMatch(/first formula/);
  });
  it("usage errors exit 2", async () => {
    expect((await run(["equiv", "X"])).code).toBe(2);
    expect((await run(["equiv", "--trials", "many", "X", "X"])).code).toBe(2);
    expect((await run(["equiv", "--frobnicate", "X", "X"])).code).toBe(2);
  });
  it("takes a formula that starts with a minus after --", async () => {
    const r = JSON.parse((await run(["equiv", "--json", "--", "-(A - B)", "B - A"])).out);
    expect(r.equivalent).toBe(true);
  });
});
