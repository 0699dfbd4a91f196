import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readProof, splitEqualities } from "../../src/proofs/read.js";
import { parseSymbolLine, readFrontMatter } from "../../src/proofs/frontmatter.js";

const proofsDir = join(import.meta.dirname, "..", "..", "proofs");

describe("front matter", () => {
  it("reads the question, local symbols, random laws and answers", () => {
    const text = [
      "---",
      "question: block-gradients-ab",
      "symbols:",
      "  L: scalar := \\mathrm{trace}(G^\\top Y)",
      "  z: scalar, random",
      "  u: scalar, random uniform -1..1",
      "  K: matrix n x n",
      "  x: vector n, awayFromKink 0.05",
      "  p: scalar, interval (0, 1]",
      "answers:",
      "  - (A \\circ B) W",
      "  - (A \\circ B)^\\top X",
      "---",
      "body",
    ].join("\n");
    const r = readFrontMatter(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const fm = r.value;
    expect(fm.question).toBe("block-gradients-ab");
    expect(fm.symbols.map((s) => s.name)).toEqual(["L", "z", "u", "K", "x", "p"]);
    expect(fm.symbols[0]).toMatchObject({ kind: "scalar", shape: [], definition: "\\mathrm{trace}(G^\\top Y)" });
    expect(fm.random).toEqual({ z: { kind: "normal" }, u: { kind: "uniform", lo: -1, hi: 1 } });
    expect(fm.symbols[3].shape).toEqual(["n", "n"]);
    expect(fm.symbols[4]).toMatchObject({ shape: ["n", 1], domain: { kind: "awayFromKink", margin: 0.05 } });
    expect(fm.symbols[5].domain).toEqual({ kind: "interval", lo: 0, hi: 1, closedLo: false, closedHi: true });
    expect(fm.answers).toEqual(["(A \\circ B) W", "(A \\circ B)^\\top X"]);
    expect(fm.answerLines).toEqual([11, 12]);
    expect(fm.bodyLine).toBe(14);
  });

  it("names the line of a bad declaration", () => {
    const r = readFrontMatter("---\nquestion: q\nsymbols:\n  X: tensor 3\n---\n");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.line).toBe(4);
    expect(r.error.message).toMatch(/kind must be one of/);
  });

  it("requires front matter naming a question", () => {
    expect(readFrontMatter("# no front matter").ok).toBe(false);
    expect(readFrontMatter("---\nsymbols:\n---\n").ok).toBe(false);
    expect(readFrontMatter("---\nquestion: q\n").ok).toBe(false);
  });

  it("parses matrix and integer declarations", () => {
    expect(parseSymbolLine("W: matrix F x M", 1)).toMatchObject({ kind: "matrix", shape: ["F", "M"] });
    expect(parseSymbolLine("k: dimension, integer 1..9", 1)).toMatchObject({ kind: "dimension", domain: { kind: "integer", lo: 1, hi: 9 } });
    expect(() => parseSymbolLine("k: dimension, integer 1-9", 3)).toThrow(/LO\.\.HI/);
  });
});

describe("splitting a chain at top-level equals signs", () => {
  it("ignores = inside braces, brackets and environments", () => {
    const parts = splitEqualities("= \\sum_{k=1}^{n} a_k = \\begin{cases} 1 & x = 0 \\end{cases} = f(x = 1)");
    expect(parts.map((p) => p.text.trim())).toEqual(["", "\\sum_{k=1}^{n} a_k", "\\begin{cases} 1 & x = 0 \\end{cases}", "f(x = 1)"]);
  });
});

describe("reading a proof body", () => {
  const text = [
    "---", // 1
    "question: q", // 2
    "---", // 3
    "# Title", // 4
    "", // 5
    "First prose.", // 6
    "", // 7
    "$$", // 8
    "a = b", // 9
    "$$", // 10
    "", // 11
    "Because of the quotient rule.", // 12
    "$$", // 13
    "= c", // 14
    "  = d \\tag{symmetry}.", // 15
    "$$", // 16
    "Lemma: $$e = f$$ done.", // 17
  ].join("\n");

  it("finds blocks with their lines, chains and reasons", () => {
    const r = readProof(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { blocks, chains } = r.value;
    expect(blocks).toHaveLength(3);
    expect(blocks.map((b) => b.line)).toEqual([8, 13, 17]);
    expect(chains).toHaveLength(2);
    expect(chains[0].operands.map((o) => [o.latex, o.line])).toEqual([
      ["a", 9],
      ["b", 9],
      ["c", 14],
      ["d", 15],
    ]);
    expect(chains[0].reasons).toEqual([null, "First prose.", "symmetry", "symmetry"]);
    expect(chains[1].operands.map((o) => o.latex)).toEqual(["e", "f"]);
  });

  it("rejects an unclosed block and a chain that continues nothing", () => {
    const open = readProof("---\nquestion: q\n---\n$$ a = b\n");
    expect(open.ok).toBe(false);
    if (!open.ok) expect(open.error.line).toBe(4);
    const dangling = readProof("---\nquestion: q\n---\n\n$$= b$$\n");
    expect(dangling.ok).toBe(false);
    if (!dangling.ok) expect(dangling.error.line).toBe(5);
  });

  it("reads every proof in proofs/ and finds at least one equality in each", () => {
    const files = readdirSync(proofsDir).filter((f) => f.endsWith(".md"));
    expect(files.length).toBeGreaterThanOrEqual(20);
    for (const f of files) {
      const r = readProof(readFileSync(join(proofsDir, f), "utf8"));
      expect(r.ok, f).toBe(true);
      if (!r.ok) continue;
      expect(r.value.front.question, f).toBe(f.replace(/\.md$/, ""));
      expect(r.value.chains.some((c) => c.operands.length >= 2), f).toBe(true);
    }
  });
});
