import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { derive } from "../../src/symbolic/index.js";
import { equiv } from "../../src/equivalence/index.js";

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t: string) => out.push(t), err: (t: string) => err.push(t) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const TWO_LAYERS = "H = \\sigma(X W_1^\\top), Y = H W_2^\\top";

describe("stacked layers named by a subscript (W_1, W_2, b_1) with no --symbols", () => {
  it("derives ∂L/∂W_1 with W_1 and W_2 read as two matrices, not entries of W", () => {
    const r = derive(TWO_LAYERS, "W_1");
    expect(r.ok, r.ok ? "" : r.message).toBe(true);
    if (!r.ok) return;
    expect(r.evidence.ok).toBe(true);
    const names = r.table.symbols.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(["W_1", "W_2", "X"]));
    expect(names).not.toContain("W");
    // Hand-derived reference: the sigmoid's derivative σ(1 − σ) between the layers.
    const reference = "\\left(G W_2 \\circ \\sigma(X W_1^\\top) \\circ (1 - \\sigma(X W_1^\\top))\\right)^\\top X";
    expect(equiv(r.latex, reference).outcome).toBe("equal");
    const forgotDerivative = "(G W_2)^\\top X";
    expect(equiv(r.latex, forgotDerivative).equivalent).toBe(false);
  });

  it("accepts --wrt W_{2} for the name the pass writes W_2", () => {
    const r = derive(TWO_LAYERS, "W_{2}");
    expect(r.ok && r.wrt).toBe("W_2");
    if (r.ok) expect(equiv(r.latex, "G^\\top \\sigma(X W_1^\\top)").outcome).toBe("equal");
  });

  it("reads biases b_1, b_2 and layer letters W_h, W_o as names in a forward pass", () => {
    const bias = derive("H_1 = \\max(0, X W_1^\\top + \\mathbf{1} b_1^\\top), Y = H_1 W_2^\\top + \\mathbf{1} b_2^\\top", "b_1");
    expect(bias.ok && bias.evidence.ok, bias.ok ? "" : bias.message).toBe(true);
    const letters = derive("H = \\tanh(X W_h^\\top), Y = H W_o^\\top", "W_h");
    expect(letters.ok && letters.evidence.ok, letters.ok ? "" : letters.message).toBe(true);
  });

  it("gradsheet derive exits 0 on the QA command line", async () => {
    const r = await run(["derive", "--forward", TWO_LAYERS, "--wrt", "W_1"]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^\\frac\{\\partial L\}\{\\partial W_1\} = /);
  });

  it("equiv reads digit subscripts of an undeclared base as names, but keeps entries of a declared vector", () => {
    expect(equiv("W_2 W_1 x_0", "(W_1^\\top W_2^\\top)^\\top x_0").outcome).toBe("equal");
    expect(equiv("W_2 W_1 x_0", "W_1 W_2 x_0").equivalent).toBe(false);
    const entries = equiv("x_1 x_2", "x_2 x_1", { symbols: "x: vector 3" });
    expect(entries.outcome).toBe("equal");
    expect(equiv("x_1", "x_2", { symbols: "x: vector 3" }).outcome).toBe("different");
  });
});

describe("softmax in a forward pass", () => {
  it("reads an undeclared lowercase input as a column vector when the matrix reading cannot be differentiated", () => {
    const r = derive("y = \\mathrm{softmax}(W x + b)", "W");
    expect(r.ok && r.evidence.ok, r.ok ? "" : r.message).toBe(true);
    if (!r.ok) return;
    expect(r.table.symbols.find((s) => s.name === "x")?.shape?.[1]).toBe(1);
    // Hand-derived: the softmax VJP s ∘ g − (sᵀg) s, times xᵀ.
    const sm = "\\mathrm{softmax}(W x + b)";
    const symbols = "x: vector M, b: vector N, W: N x M, G: vector N";
    expect(equiv(r.latex, `\\left(${sm} \\circ G - (${sm}^\\top G) ${sm}\\right) x^\\top`, { symbols }).outcome).toBe("equal");
    expect(equiv(r.latex, `(${sm} \\circ G) x^\\top`, { symbols }).equivalent).toBe(false);
  });

  it("a matrix argument is normalised row by row (a batch of logits), derived and verified", () => {
    const r = derive("Y = \\mathrm{softmax}(X W^\\top)", "W", { symbols: "X: B x n, W: C x n" });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.latex).toBe("\\left(\\mathrm{softmax}(X W^\\top) \\circ \\left(G - \\left(G \\circ \\mathrm{softmax}(X W^\\top)\\right) \\mathbf{1} {\\mathbf{1}}^\\top\\right)\\right)^\\top X");
    // Undeclared, the matrix's sizes are not known: a clear error, not a guess between rows and columns.
    const bare = derive("Y = \\mathrm{softmax}(X W^\\top)", "W");
    expect(bare.ok).toBe(false);
    if (!bare.ok) expect(bare.message).toMatch(/column vector or a matrix/);
  });
});
