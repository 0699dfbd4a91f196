/**
 * Batch grading: one record per input line, in input order, spread over the machine's cores.
 *
 * Workers run `worker.js` next to this module, i.e. compiled JavaScript in dist/. When this module
 * itself runs from TypeScript source (under vitest), a worker thread could not load the .ts graph,
 * so the batch is graded in-process instead (same records; only the wall-clock cut of a hung answer
 * needs a worker). The pool itself is tested with a plain-JS worker (test/grading/pool.test.ts).
 */
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { existsSync } from "node:fs";
import { runPool } from "./pool.js";
import { gradeLine, splitLines, type LineTask, type LineOptions } from "./line.js";
import { invalidGrade, DEFAULT_BUDGET_MS, DEFAULT_SEED } from "./grade.js";
import type { BatchRecord } from "./types.js";

export interface BatchOptions extends LineOptions {
  /**
   * Worker threads; 1 (or 0) grades in-process. Default: one per LINES_PER_WORKER lines, at most
   * os.availableParallelism() — a worker costs about a second of module loading, which a small
   * batch never earns back.
   */
  workers?: number;
  /** Lines per chunk handed to a worker at a time. */
  chunkSize?: number;
}

/** Lines a worker must have to grade before starting one pays for its module loading. */
export const LINES_PER_WORKER = 2000;

/** Extra time a worker gets beyond an answer's budget before it is cut (a busy machine). */
const WORKER_SLACK_MS = 4000;

function workerUrl(): URL | null {
  const url = new URL("./worker.js", import.meta.url);
  if (!import.meta.url.endsWith(".js")) return null;
  return existsSync(fileURLToPath(url)) ? url : null;
}

function inProcess(tasks: LineTask[], opts: LineOptions): BatchRecord[] {
  return tasks.map((t) => gradeLine(t, opts));
}

/** Grades every line of a submissions file (JSON Lines text). */
export async function gradeBatch(text: string, opts: BatchOptions = {}): Promise<BatchRecord[]> {
  const tasks = splitLines(text).map((line, k): LineTask => ({ lineNo: k + 1, line }));
  const lineOpts: LineOptions = { seed: opts.seed ?? DEFAULT_SEED, budgetMs: opts.budgetMs ?? DEFAULT_BUDGET_MS };
  const workers = opts.workers ?? Math.max(1, Math.min(availableParallelism(), Math.floor(tasks.length / LINES_PER_WORKER)));
  const url = workerUrl();
  if (workers <= 1 || url === null || tasks.length <= 1) return inProcess(tasks, lineOpts);
  const chunkSize = opts.chunkSize ?? Math.max(1, Math.min(64, Math.ceil(tasks.length / (workers * 8))));
  const budget = lineOpts.budgetMs as number;
  return runPool<LineTask, BatchRecord>({
    workerUrl: url,
    workerData: lineOpts,
    workers,
    tasks,
    chunkSize,
    taskTimeoutMs: budget + WORKER_SLACK_MS,
    onFailure: (task, _index, why, detail) => {
      const id = idOf(task.line);
      const grade =
        why === "timeout"
          ? invalidGrade(questionOf(task.line), "time-budget", `Line ${task.lineNo}: grading took longer than its time budget (${budget} ms) and was cut.`, lineOpts.seed ?? DEFAULT_SEED)
          : invalidGrade(questionOf(task.line), "internal-error", `Line ${task.lineNo}: the grading worker failed (${detail}).`, lineOpts.seed ?? DEFAULT_SEED);
      return { id, ...grade };
    },
  });
}

function parsed(line: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(line);
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function idOf(line: string): string | number | null {
  const v = parsed(line)?.id;
  return typeof v === "string" || typeof v === "number" ? v : null;
}

function questionOf(line: string): string {
  const v = parsed(line)?.question;
  return typeof v === "string" ? v : "";
}

/** The records as JSON Lines text (one per line, trailing newline). */
export function toJsonLines(records: BatchRecord[]): string {
  return records.map((r) => JSON.stringify(r)).join("\n") + (records.length > 0 ? "\n" : "");
}
