/**
 * One line of a submissions file → one batch record, whatever the line holds: a blank line, broken
 * JSON, a JSON value that is not an object, missing fields and unknown questions all give an
 * `invalid` record with the reason, so the output has exactly one record per input line.
 */
import { grade, invalidGrade, DEFAULT_BUDGET_MS, DEFAULT_SEED } from "./grade.js";
import type { BatchRecord, Grade } from "./types.js";

export interface LineTask {
  /** 1-based line number in the input file, for messages. */
  lineNo: number;
  line: string;
}

export interface LineOptions {
  seed?: number;
  budgetMs?: number;
}

type Id = string | number | null;

function withId(id: Id, g: Grade): BatchRecord {
  return { id, ...g };
}

/**
 * The longest line read as JSON; longer lines are refused before parsing. It is far above the
 * answer's own bound, so an over-long answer still keeps its id and question and gets its verdict
 * ("too long") from the grader's guard.
 */
export const MAX_LINE_LENGTH = 4_000_000;

export function gradeLine(task: LineTask, opts: LineOptions = {}): BatchRecord {
  const seed = Number.isSafeInteger(opts.seed) ? (opts.seed as number) : DEFAULT_SEED;
  const where = `line ${task.lineNo}`;
  const bad = (id: Id, question: string, code: string, message: string): BatchRecord => withId(id, invalidGrade(question, code, message, seed));
  if (task.line.trim().length === 0) return bad(null, "", "blank-line", `${where} is blank.`);
  if (task.line.length > MAX_LINE_LENGTH) return bad(null, "", "too-long", `${where} is ${task.line.length} characters long; the limit is ${MAX_LINE_LENGTH}.`);
  let value: unknown;
  try {
    value = JSON.parse(task.line);
  } catch (e) {
    return bad(null, "", "bad-json", `${where} is not valid JSON: ${e instanceof Error ? e.message : String(e)}.`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return bad(null, "", "bad-record", `${where} is not a JSON object with id, question and answer.`);
  }
  const rec = value as Record<string, unknown>;
  const id: Id = typeof rec.id === "string" || typeof rec.id === "number" ? rec.id : null;
  const question = typeof rec.question === "string" ? rec.question : "";
  const missing = ["id", "question", "answer"].filter((k) => !(k in rec));
  if (missing.length > 0) return bad(id, question, "missing-field", `${where} has no ${missing.join(" and no ")} field.`);
  if (typeof rec.question !== "string") return bad(id, "", "bad-record", `${where}: the question field must be a string.`);
  return withId(id, grade(question, rec.answer as string, { seed, budgetMs: opts.budgetMs ?? DEFAULT_BUDGET_MS }));
}

/** Splits a submissions file into lines; a final newline does not start an extra (blank) line. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}
