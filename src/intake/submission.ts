/**
 * One student's Gradescope submission folder → one submission: every notebook (`.ipynb`) and
 * Markdown or text answers file (`.md`, `.markdown`, `.txt`) in it, sub-folders included (to a few
 * levels; hidden folders such as `.ipynb_checkpoints` and `__MACOSX` skipped), read in path order as
 * one document with the same label convention. Files that cannot be read are named in a note; only
 * when nothing readable is left does the whole submission fail.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import type { Cell } from "./labels.js";
import { notebookCells, type IntakeFailure } from "./notebook.js";
import { cellSubmission, MAX_NOTEBOOK_BYTES } from "./folder.js";
import type { Submission } from "./grade-answers.js";

const MAX_DEPTH = 4;
const MAX_FILES = 200;
const ANSWER_FILE = /\.(ipynb|md|markdown|txt)$/i;

export interface SubmissionRead {
  submission: Submission;
  /** Files read, and files that were not (with why), for the results' top-level output. */
  read: string[];
  skipped: string[];
}

function listFiles(dir: string, root: string, depth: number, out: string[]): void {
  if (depth > MAX_DEPTH || out.length >= MAX_FILES) return;
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith(".") || name === "__MACOSX") continue;
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) listFiles(path, root, depth + 1, out);
    else if (st.isFile() && ANSWER_FILE.test(name) && out.length < MAX_FILES) out.push(relative(root, path));
  }
}

function fileCells(root: string, file: string): Cell[] | IntakeFailure {
  const path = join(root, file);
  let text: string;
  try {
    const size = statSync(path).size;
    if (size > MAX_NOTEBOOK_BYTES) return { code: "too-large", message: `${file} is ${size} bytes; files over ${MAX_NOTEBOOK_BYTES} bytes are not read.` };
    text = readFileSync(path, "utf8");
  } catch (e) {
    return { code: "unreadable", message: `${file} could not be read: ${e instanceof Error ? e.message : String(e)}.` };
  }
  if (!/\.ipynb$/i.test(file)) return [{ source: text, tags: [], where: file }];
  const nb = notebookCells(text);
  if (!nb.ok) return { code: nb.code, message: `${file}: ${nb.message}` };
  return nb.cells.map((c) => ({ ...c, where: `${file} ${c.where}` }));
}

/** The submission in `dir` (a Gradescope `/autograder/submission`). Throws when `dir` cannot be listed. */
export function readSubmission(dir: string, labels: string[], id = "submission"): SubmissionRead {
  const files: string[] = [];
  listFiles(dir, dir, 0, files);
  const cells: Cell[] = [];
  const read: string[] = [];
  const skipped: string[] = [];
  let firstFailure: IntakeFailure | null = null;
  for (const f of files) {
    const r = fileCells(dir, f);
    if (Array.isArray(r)) {
      cells.push(...r);
      read.push(f);
    } else {
      skipped.push(r.message);
      firstFailure ??= r;
    }
  }
  if (read.length === 0) {
    const why = firstFailure ?? { code: "missing-answer", message: "The submission has no notebook (.ipynb) or answers file (.md, .txt)." };
    return { submission: { id, source: "submission", answers: why, missing: () => why }, read, skipped };
  }
  return { submission: cellSubmission(id, read.join(", "), cells, labels), read, skipped };
}
