/**
 * The checker on the real proofs: every proof in proofs/ passes, and each proof with its last step
 * corrupted (doubled, shifted, a term dropped) fails, at the right line, with a counterexample.
 * "A checker that accepts a wrong step is worse than none."
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { checkProof, proofFiles, readProof, splitEqualities, substituteSlots } from "../../src/proofs/index.js";
import { getQuestion } from "../../src/questions/index.js";

const files = proofFiles();
const proofs = files.map((f) => ({ name: `proofs/${basename(f)}`, text: readFileSync(f, "utf8"), id: basename(f, ".md") }));
const pending = proofs.filter((p) => !getQuestion(p.id)).map((p) => p.id);
if (pending.length) console.warn(`proofs whose question is not in the bank yet (their checks are skipped): ${pending.join(", ")}`);

/** The text with the last operand of the last chain replaced by `change(operand)`. */
function corruptLast(text: string, change: (latex: string) => string | null): { text: string; line: number } | null {
  const r = readProof(text);
  if (!r.ok) throw new Error(r.error.message);
  const chain = r.value.chains[r.value.chains.length - 1];
  const last = chain.operands[chain.operands.length - 1];
  const replacement = change(last.latex);
  if (replacement === null) return null;
  const block = r.value.blocks[chain.blockOf[chain.blockOf.length - 1]];
  const blockAt = text.lastIndexOf(block.latex);
  const opAt = text.lastIndexOf(last.latex, blockAt + block.latex.length);
  if (blockAt < 0 || opAt < blockAt) throw new Error(`cannot locate '${last.latex}'`);
  return { text: text.slice(0, opAt) + replacement + text.slice(opAt + last.latex.length), line: last.line };
}

/** Drops the last top-level term of a sum, if the expression is one. */
function dropTerm(latex: string): string | null {
  let depth = 0;
  let cut = -1;
  for (let k = 1; k < latex.length; k++) {
    const c = latex[k];
    if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth--;
    else if ((c === "+" || c === "-") && depth === 0 && latex[k - 1] !== "^" && latex[k - 1] !== "_") cut = k;
  }
  return cut > 0 && latex.slice(0, cut).trim() ? latex.slice(0, cut).trim() : null;
}

const corruptions: Array<{ name: string; change: (latex: string) => string | null }> = [
  { name: "doubled", change: (l) => `2 \\left(${l}\\right)` },
  { name: "plus one", change: (l) => `\\left(${l}\\right) + 1` },
  { name: "last term dropped", change: dropTerm },
];

describe("the proofs in proofs/", () => {
  it("there is one for each core derivation", () => {
    const ids = proofs.map((p) => basename(p.name, ".md"));
    for (const id of ["softmax-jacobian", "softmax-jacobian-matrix", "softmax-ce-grad", "softmax-vjp", "sigmoid-jacobian", "block-gradients-ab", "block-gradients-c", "bias-by-augmentation", "prelu-theta-grad", "prelu-input-grad", "leaky-relu-kaiming", "conv-output-size", "receptive-field"]) {
      expect(ids).toContain(id);
    }
  });

  for (const p of proofs) {
    const inBank = getQuestion(p.id) !== undefined;
    it.skipIf(!inBank)(`${p.name} passes`, () => {
      const r = checkProof(p.text, { file: p.name, seed: 1 });
      const failures = r.steps.filter((s) => !s.ok).map((s) => `${s.file}:${s.line}: ${s.left} = ${s.right}: ${s.message}`);
      expect([...r.errors.map((e) => `${p.name}:${e.line}: ${e.message}`), ...failures]).toEqual([]);
      expect(r.ok).toBe(true);
      expect(r.steps.some((s) => s.kind === "answer")).toBe(true);
    });

    it.skipIf(!inBank)(`${p.name} fails when its last step is corrupted`, () => {
      let tried = 0;
      for (const c of corruptions) {
        const bad = corruptLast(p.text, c.change);
        if (!bad) continue;
        tried++;
        const r = checkProof(bad.text, { file: p.name, seed: 1 });
        expect(r.ok, `${c.name}`).toBe(false);
        const failed = r.steps.filter((s) => !s.ok);
        expect(failed.length, c.name).toBeGreaterThan(0);
        expect(failed.every((s) => s.line === bad.line), `${c.name}: failures at ${failed.map((s) => s.line).join(", ")}, expected ${bad.line}`).toBe(true);
      }
      expect(tried).toBeGreaterThanOrEqual(2);
    });
  }
});

/** The text with operand `k` of chain `c` replaced by `change(operand)`, and that operand's line. */
function corruptAt(text: string, c: number, k: number, change: (latex: string) => string): { text: string; line: number; latex: string } {
  const r = readProof(text);
  if (!r.ok) throw new Error(r.error.message);
  const chain = r.value.chains[c];
  const op = chain.operands[k];
  const block = r.value.blocks[chain.blockOf[k]];
  const blockAt = text.indexOf(block.latex, text.indexOf("$$"));
  const opAt = text.indexOf(op.latex, blockAt);
  if (blockAt < 0 || opAt < 0) throw new Error(`cannot locate '${op.latex}'`);
  const latex = change(op.latex);
  return { text: text.slice(0, opAt) + latex + text.slice(opAt + op.latex.length), line: op.line, latex };
}

describe("every step is checked, not only the last", () => {
  // One operand inside a chain of two or more steps (at most two chains per proof), chosen
  // deterministically, is shifted by 1: the step into it and the step out of it fail, nothing else.
  for (const p of proofs) {
    it.skipIf(!getQuestion(p.id))(`${p.name}: a shifted middle step fails`, () => {
      const r = readProof(p.text);
      if (!r.ok) throw new Error(r.error.message);
      const targets = r.value.chains.flatMap((ch, c) => (ch.operands.length >= 3 ? [{ c, k: 1 + (c % (ch.operands.length - 2)) }] : []));
      for (const { c, k } of targets.slice(0, 2)) {
        const bad = corruptAt(p.text, c, k, (l) => `\\left(${l}\\right) + 1`);
        const checked = checkProof(bad.text, { file: p.name, seed: 1 });
        const failed = checked.steps.filter((s) => !s.ok);
        const into = failed.find((s) => s.kind === "step" && s.right === bad.latex);
        const out = failed.find((s) => s.kind === "step" && s.left === bad.latex);
        expect(into?.line, `chain ${c} operand ${k}: the step into it`).toBe(bad.line);
        expect(out, `chain ${c} operand ${k}: the step out of it`).toBeDefined();
        expect(failed.filter((s) => s !== into && s !== out).map((s) => `${s.line}: ${s.message}`)).toEqual([]);
      }
    });
  }
});

describe("checker reports", () => {
  const good = ["---", "question: softmax-jacobian", "---", "", "$$", "\\frac{e^{x_1}}{e^{x_1} + e^{x_2}} = \\frac{1}{1 + e^{x_2 - x_1}}", "$$", ""].join("\n");

  it("names file, line, both sides and a counterexample for a wrong step", () => {
    const wrong = good.replace("\\frac{1}{1 + e^{x_2 - x_1}}", "\\frac{1}{1 + e^{x_1 - x_2}}");
    const r = checkProof(wrong, { file: "demo.md" });
    expect(r.ok).toBe(false);
    const step = r.steps.find((s) => s.kind === "step" && !s.ok);
    expect(step).toBeDefined();
    expect(step?.file).toBe("demo.md");
    expect(step?.line).toBe(6);
    expect(step?.left).toBe("\\frac{e^{x_1}}{e^{x_1} + e^{x_2}}");
    expect(step?.right).toBe("\\frac{1}{1 + e^{x_1 - x_2}}");
    expect(step?.counterexample).toBeDefined();
    expect(Object.keys(step?.counterexample?.at ?? {})).toContain("x");
  });

  it("rejects a wrong Monte Carlo step and accepts the right one", () => {
    const mc = (rhs: string) =>
      ["---", "question: leaky-relu-kaiming", "symbols:", "  z: scalar, random", "answer: \\frac{2}{(1 + \\alpha^2) d_x}", "---", "$$", `\\mathbb{E}_{z}\\left[\\max(z, \\alpha z)^2\\right] = ${rhs}`, "$$", "$$", "\\frac{2}{(1 + \\alpha^2) d_x}", "$$"].join("\n");
    const right = checkProof(mc("\\frac{1 + \\alpha^2}{2} \\mathbb{E}_{z}[z^2]"));
    expect(right.steps[0].ok, right.steps[0].message).toBe(true);
    expect(right.steps[0].method).toMatch(/Monte Carlo/);
    const wrong = checkProof(mc("\\frac{1 + \\alpha^2}{2.2} \\mathbb{E}_{z}[z^2]"));
    expect(wrong.steps[0].ok).toBe(false);
    expect(wrong.steps[0].message).toMatch(/standard errors/);
  });

  it("reports unknown questions, unreadable formulas and missing conclusions", () => {
    expect(checkProof("---\nquestion: no-such-question\n---\n$$a = a$$").errors[0].message).toMatch(/unknown question/);
    const unreadable = checkProof(good.replace("\\frac{1}{1 + e^{x_2 - x_1}}", "\\frac{1}{"));
    expect(unreadable.ok).toBe(false);
    expect(unreadable.steps.some((s) => /does not parse|shape/.test(s.message))).toBe(true);
    const multi = checkProof("---\nquestion: block-gradients-ab\n---\n$$G V = G V$$");
    expect(multi.errors[0].message).toMatch(/answer slots/);
  });

  it("substitutes slot references as whole names", () => {
    expect(substituteSlots("(A \\circ B) W", { A: "G V", B: "h'(X W^\\top)" })).toBe("(\\left(G V\\right) \\circ \\left(h'(X W^\\top)\\right)) W");
    expect(substituteSlots("\\Beta + AB", { A: "1", B: "2" })).toBe("\\Beta + AB");
    expect(splitEqualities("E_{ij} = 1").map((p) => p.text.trim())).toEqual(["E_{ij}", "1"]);
  });
});
