import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { getQuestion, useBank, questionIds } from "../../../src/questions/index.js";
import { grade } from "../../../src/grading/index.js";
import { builtinBankDir, questionFiles, validateFile, formatProblem } from "../../../src/question-files/load.js";
import { bespokeOracles } from "../../../src/questions/oracles.js";

const fixtures = fileURLToPath(new URL("./fixtures", import.meta.url));

afterAll(() => {
  useBank(null);
});

describe("a question written only as a file (a forward pass the bank does not have)", () => {
  const bank = useBank(fixtures);
  const q = getQuestion("tanh-layer-weights");
  const tanh = "\\tanh(X W^\\top + \\mathbf{1} b^\\top)";

  it("is read without problems and its reference is derived and verified against autodiff", () => {
    expect(bank.problems).toEqual([]);
    expect(q).toBeDefined();
    expect(q!.reference.D).toContain("\\tanh");
    expect(q!.derivation?.()?.steps.length).toBeGreaterThan(0);
    const v = q!.verify(5);
    expect(v.ok, v.detail).toBe(true);
    expect(v.method).toMatch(/autodiff/);
    expect(v.trials).toBeGreaterThanOrEqual(8);
  });

  it("the generic oracle rejects wrong references", () => {
    for (const wrong of [`(G \\circ ${tanh})^\\top X`, `G^\\top X`, `X^\\top (G \\circ (1 - ${tanh}^2))`]) {
      expect({ ...q!, reference: { D: wrong } }.verify(5).ok, wrong).toBe(false);
    }
  });

  it("grades a right answer in another form as correct", () => {
    const g = grade("tanh-layer-weights", `(G \\circ (1 - ${tanh}^2))^\\top X`, { seed: 3 });
    expect(g.verdict, g.feedback.join(" | ")).toBe("correct");
  });

  it("names a transposed answer", () => {
    const g = grade("tanh-layer-weights", `X^\\top (G \\circ (1 - ${tanh}^2))`, { seed: 3 });
    expect(g.verdict).toBe("incorrect");
    expect(g.codes).toContain("transpose");
  });

  it("names a missing tanh' and says what it is", () => {
    const g = grade("tanh-layer-weights", "G^\\top X", { seed: 3 });
    expect(g.verdict).toBe("incorrect");
    expect(g.codes).toContain("missing-activation-derivative");
    expect(g.feedback.join(" ")).toMatch(/tanh's derivative/);
  });

  it("names a sign slip", () => {
    const g = grade("tanh-layer-weights", `-(G \\circ (1 - ${tanh}^2))^\\top X`, { seed: 3 });
    expect(g.codes).toContain("sign");
  });

  it("replaces the built-in files but keeps the TypeScript questions", () => {
    expect(questionIds()).toContain("tanh-layer-weights");
    expect(questionIds()).toContain("conv-output-size");
    expect(questionIds()).not.toContain("block-gradients-c");
  });
});

function writeQuestion(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "gradsheet-q-"));
  const path = join(dir, "q.md");
  writeFileSync(path, text);
  return path;
}

const opts = { oracles: bespokeOracles };

describe("validate: every problem with its line", () => {
  it("bad YAML", () => {
    const path = writeQuestion("---\nid: x\ntitle: [unclosed\n---\nbody\n");
    const ps = validateFile(path, opts);
    expect(ps.length).toBeGreaterThan(0);
    expect(formatProblem(ps[0])).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+: YAML`));
  });

  it("several problems at once, each at its line", () => {
    const path = writeQuestion(
      [
        "---", // 1
        "id: Bad_Id", // 2
        "title: t", // 3
        "colour: blue", // 4
        "symbols:", // 5
        "  X: matrix S x M", // 6
        "  W: tensor F x M", // 7
        "slots: [D]", // 8
        "reference:", // 9
        "  D: X Q^\\top", // 10
        "oracle: nonesuch", // 11
        "---",
        "prompt",
      ].join("\n"),
    );
    const lines = validateFile(path, opts).map((p) => [p.line, p.message] as const);
    const at = (line: number, re: RegExp) => expect(lines.some(([l, m]) => l === line && re.test(m)), `${line} ${re}: ${JSON.stringify(lines)}`).toBe(true);
    at(2, /lowercase/);
    at(4, /unknown key 'colour'/);
    at(7, /kind must be one of/);
  });

  it("an unknown symbol in a formula, a shape error, an unknown oracle", () => {
    const path = writeQuestion(
      ["---", "id: q", "title: t", "symbols:", "  X: matrix S x M", "  W: matrix F x M", "slots: [D]", "reference:", "  D: X Q^\\top", "oracle: nonesuch", "---", "prompt"].join("\n"),
    );
    const ps = validateFile(path, opts);
    expect(ps.some((p) => p.line === 9 && /Q/.test(p.message)), JSON.stringify(ps)).toBe(true);
    expect(ps.some((p) => p.line === 10 && /no oracle named 'nonesuch'/.test(p.message))).toBe(true);
    const shapes = writeQuestion(["---", "id: q", "title: t", "symbols:", "  X: matrix S x M", "  W: matrix F x K", "forward: Y = X W", "ask: gradient of L wrt W", "slots: [D]", "---", "p"].join("\n"));
    const sp = validateFile(shapes, opts);
    expect(sp.some((p) => p.line === 7 && /fit together|sizes/.test(p.message)), JSON.stringify(sp)).toBe(true);
  });

  it("a published reference that fails verification, and a 'mistake' that is right", () => {
    const path = writeQuestion(
      [
        "---",
        "id: q",
        "title: t",
        "symbols:",
        "  X: matrix S x M",
        "  W: matrix F x M",
        "forward: Y = X W^\\top",
        "ask: gradient of L wrt W",
        "slots: [D]",
        "reference:",
        "  D: X^\\top G",
        "mistakes:",
        "  - code: fine",
        "    message: not really a mistake",
        "    answer: G^\\top X",
        "---",
        "p",
      ].join("\n"),
    );
    const ps = validateFile(path, opts);
    expect(ps.some((p) => p.line === 11 && /fails verification/.test(p.message)), JSON.stringify(ps)).toBe(true);
    const ok = writeQuestion(["---", "id: q", "title: t", "symbols:", "  X: matrix S x M", "  W: matrix F x M", "forward: Y = X W^\\top", "ask: gradient of L wrt W", "slots: [D]", "mistakes:", "  - code: fine", "    message: not really a mistake", "    answer: G^\\top X", "---", "p"].join("\n"));
    const mp = validateFile(ok, opts);
    expect(mp.some((p) => p.line === 11 && /passes the oracle/.test(p.message)), JSON.stringify(mp)).toBe(true);
  });

  it("every built-in question file validates (the Monte Carlo one is tested with its oracle)", () => {
    const files = questionFiles(builtinBankDir()).filter((f) => !f.endsWith("leaky-relu-kaiming.md"));
    expect(files.length).toBeGreaterThanOrEqual(10);
    const problems = files.flatMap((f) => validateFile(f, opts).map(formatProblem));
    expect(problems).toEqual([]);
  });
});
