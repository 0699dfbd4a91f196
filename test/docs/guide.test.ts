/**
 * docs/guide.md is checked like code: every formula parses, every command example names a real
 * command and only options its usage lists, the example proof passes the checker, and the
 * example submissions are valid JSON Lines for a real question.
 */
import { describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "../../src/expr/index.js";
import { loadCommands } from "../../src/cli/commands.js";
import { main } from "../../src/cli/main.js";
import { checkProof } from "../../src/proofs/index.js";
import { getQuestion } from "../../src/questions/index.js";
import { formulasOf, fencedBlocks } from "./extract.js";

const guide = readFileSync(join(import.meta.dirname, "..", "..", "docs", "guide.md"), "utf8");

describe("docs/guide.md", () => {
  it("has formulas, and every one parses", () => {
    const formulas = formulasOf(guide);
    expect(formulas.length).toBeGreaterThanOrEqual(5);
    for (const f of formulas) {
      const r = parse(f.latex);
      expect(r.ok, `line ${f.line}: ${f.latex}: ${r.ok ? "" : r.error.message}`).toBe(true);
    }
  });

  it("uses only real commands and options", async () => {
    const commands = await loadCommands();
    const shell = fencedBlocks(guide).filter((b) => b.lang === "sh");
    const lines = shell.flatMap((b) => b.text.split("\n")).filter((l) => l.includes("gradsheet "));
    expect(lines.length).toBeGreaterThanOrEqual(5);
    const seen = new Set<string>();
    for (const line of lines) {
      const words = line.slice(line.indexOf("gradsheet ") + "gradsheet ".length).split(/\s+/);
      const cmd = commands.find((c) => c.name === words[0]);
      expect(cmd, `unknown command in '${line}'`).toBeDefined();
      if (!cmd) continue;
      seen.add(cmd.name);
      for (const w of words.filter((x) => x.startsWith("--"))) expect(cmd.usage, `'${w}' in '${line}'`).toContain(w.split("=")[0]);
    }
    expect([...seen].sort()).toEqual(expect.arrayContaining(["check", "grade", "questions", "sheet"]));
  });

  it("shows an example proof that the checker accepts", () => {
    const proof = fencedBlocks(guide).find((b) => b.lang === "markdown");
    expect(proof).toBeDefined();
    const r = checkProof(proof?.text ?? "", { file: "guide example" });
    expect(r.errors).toEqual([]);
    expect(r.steps.length).toBeGreaterThanOrEqual(3);
    expect(r.steps.filter((s) => !s.ok)).toEqual([]);
  });

  it("shows submissions that are JSON Lines for real questions", () => {
    const block = fencedBlocks(guide).find((b) => b.lang === "json");
    const lines = (block?.text ?? "").split("\n").filter((l) => l.trim());
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const l of lines) {
      const rec = JSON.parse(l) as { id: string; question: string; answer: string };
      expect(getQuestion(rec.question), rec.question).toBeDefined();
      expect(typeof rec.answer).toBe("string");
    }
  });

  it("runs every command example and each does its job", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gradsheet-guide-"));
    const submissions = fencedBlocks(guide).find((b) => b.lang === "json")?.text ?? "";
    writeFileSync(join(dir, "answers.jsonl"), submissions + "\n");
    // The notebook example: one student's notebook made of the guide's markdown answer, and its map.
    const answerCell = fencedBlocks(guide).find((b) => b.lang === "markdown" && b.text.includes("**Q3a:**"))?.text ?? "";
    mkdirSync(join(dir, "hw3"));
    writeFileSync(join(dir, "hw3", "s17.ipynb"), JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: "markdown", metadata: {}, source: answerCell }] }));
    writeFileSync(join(dir, "answers.yaml"), fencedBlocks(guide).find((b) => b.lang === "yaml" && b.text.startsWith("answers:"))?.text ?? "");
    const lines = fencedBlocks(guide)
      .filter((b) => b.lang === "sh")
      .flatMap((b) => b.text.split("\n"))
      .filter((l) => l.includes("gradsheet "));
    // The full `check` of every proof runs in test/proofs; here it would only repeat that work.
    const runnable = lines.filter((l) => !/gradsheet check\s*$/.test(l));
    expect(runnable.length).toBeGreaterThanOrEqual(5);
    for (const line of runnable) {
      const args = shellWords(line.slice(line.indexOf("gradsheet ") + "gradsheet ".length)).map((a) =>
        /\.(html|jsonl?|yaml)$|^hw3\/$/.test(a) ? join(dir, a) : a,
      );
      const out: string[] = [];
      const code = await main(args, { out: (t) => void out.push(t), err: (t) => void out.push(t) });
      expect(code, `${line}\n${out.join("\n")}`).toBe(0);
    }
    const grades = readFileSync(join(dir, "grades.jsonl"), "utf8").trim().split("\n");
    expect(grades).toHaveLength(submissions.trim().split("\n").length);
    expect(readFileSync(join(dir, "week3.html"), "utf8")).toContain("seed 7");
    const notebook = readFileSync(join(dir, "notebook-grades.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { label: string; verdict: string });
    expect(notebook.map((r) => `${r.label} ${r.verdict}`)).toEqual(["Q1 invalid", "Q3a correct", "Q3b correct"]);
  });
});

/** Splits a command line into words, honouring double quotes and the escapes a shell would remove. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) words.push(m[1] !== undefined ? m[1].replace(/\\(["\\$`])/g, "$1") : m[2]);
  return words;
}
