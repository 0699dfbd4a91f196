/**
 * A bank: a directory of question files. Reading a file is cheap and done for all of them when the
 * bank is opened (ids and problems are known at once); building a question (a derivation, a
 * verification) happens the first time it is asked for. `validateFile` does everything, verification
 * included, and reports every problem as `file:line: message`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Question, Section } from "../questions/types.js";
import { readQuestionFile, type QuestionFile } from "./read.js";
import { buildQuestion, type BuildOptions } from "./build.js";
import type { Problem } from "./front-matter.js";

export interface FileProblem extends Problem {
  file: string;
}

export function formatProblem(p: FileProblem): string {
  return `${p.file}:${p.line}: ${p.message}`;
}

/** The built-in bank: `bank/` at the package root, found from this module in src/ or dist/src/. */
export function builtinBankDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "bank"))) return join(dir, "bank");
    const up = dirname(dir);
    if (up === dir) throw new Error("gradsheet: cannot find the built-in bank/ (no package root with a bank/ folder above the question-files module)");
    dir = up;
  }
}

/** The question files of a directory (`*.md`, sorted by name). */
export function questionFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".md") && !f.startsWith("_") && f.toLowerCase() !== "readme.md")
    .sort()
    .map((f) => join(dir, f));
}

export class Bank {
  private readonly files = new Map<string, { path: string; file: QuestionFile }>();
  private readonly built = new Map<string, Question | null>();
  /** Problems found while reading (and, once built, building) the files. */
  readonly problems: FileProblem[] = [];

  constructor(
    readonly dir: string,
    private readonly opts: BuildOptions,
  ) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new BankError(`the bank '${dir}' is not a directory`);
    for (const path of questionFiles(dir)) {
      const r = readQuestionFile(readFileSync(path, "utf8"), basename(path));
      this.problems.push(...r.problems.map((p) => ({ ...p, file: path })));
      if (!r.ok) continue;
      const seen = this.files.get(r.file.id);
      if (seen) {
        this.problems.push({ file: path, line: r.file.line, message: `the id '${r.file.id}' is also used by ${seen.path}` });
        continue;
      }
      this.files.set(r.file.id, { path, file: r.file });
    }
  }

  ids(): string[] {
    return [...this.files.keys()];
  }

  /** The section a file says its question belongs to (read without building it). */
  section(id: string): Section {
    return this.files.get(id)?.file.section ?? "B";
  }

  has(id: string): boolean {
    return this.files.has(id);
  }

  /** The question, built on first use; null (with its problems recorded) when the file does not make one. */
  get(id: string): Question | null {
    if (this.built.has(id)) return this.built.get(id) ?? null;
    const entry = this.files.get(id);
    if (!entry) return null;
    const r = buildQuestion(entry.file, this.opts);
    this.problems.push(...r.problems.map((p) => ({ ...p, file: entry.path })));
    this.built.set(id, r.question);
    return r.question;
  }

  all(): Question[] {
    return this.ids()
      .map((id) => this.get(id))
      .filter((q): q is Question => q !== null);
  }
}

export class BankError extends Error {}

/**
 * Every problem of one file: its form, its formulas and shapes, and whether its reference passes
 * its oracle and each of its known mistakes fails it (a "mistake" the oracle accepts is right).
 */
export function validateFile(path: string, opts: BuildOptions, seed = 1): FileProblem[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    return [{ file: path, line: 1, message: `cannot read the file: ${e instanceof Error ? e.message : String(e)}` }];
  }
  const at = (ps: Problem[]): FileProblem[] => ps.map((p) => ({ ...p, file: path }));
  const read = readQuestionFile(text, basename(path));
  if (!read.ok) return at(read.problems);
  const built = buildQuestion(read.file, opts);
  const problems = at([...read.problems, ...built.problems]);
  const q = built.question;
  if (!q || problems.length > 0) return problems;
  const firstRef = Object.values(read.file.reference)[0]?.line ?? read.file.forward?.line ?? read.file.line;
  const v = q.verify(seed);
  if (!v.ok) problems.push({ file: path, line: firstRef, message: `the reference fails verification (${v.method}): ${v.detail ?? "mismatch"}` });
  for (const m of read.file.mistakes) {
    const wrong = { ...q, reference: { ...q.reference, ...m.answer } }.verify(seed);
    if (wrong.ok) problems.push({ file: path, line: m.line, message: `mistake '${m.code}' passes the oracle: it is a right answer, not a mistake` });
  }
  return problems;
}
