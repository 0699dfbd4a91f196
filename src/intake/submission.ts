/**
 * One student's Gradescope submission folder → one submission: every notebook (`.ipynb`) and
 * Markdown or text answers file (`.md`, `.markdown`, `.txt`) in it, sub-folders included (to a few
 * levels; hidden folders such as `.ipynb_checkpoints` and `__MACOSX` skipped), read in path order as
 * one document with the same label convention. Files that cannot be read are named in a note; only
 * when nothing readable is left does the whole submission fail.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { findAnswers, TAG_PREFIX, type Cell } from "./labels.js";
import { notebookCells, type IntakeFailure } from "./notebook.js";
import type { Submission, SubmittedAnswer } from "./grade-answers.js";

/** Largest notebook read (outputs with images make real ones tens of MB). */
export const MAX_NOTEBOOK_BYTES = 64 * 1024 * 1024;

/** Hidden files and folders (`.ipynb_checkpoints`) and macOS zip debris are never submissions. */
export function isSkippedName(name: string): boolean {
  return name.startsWith(".") || name === "__MACOSX";
}

/** The submission made of these cells, answering the map's labels. */
export function cellSubmission(id: string, source: string, cells: Cell[], labels: string[]): Submission {
  const found = findAnswers(cells, labels);
  const answers = new Map<string, SubmittedAnswer>();
  for (const [label, a] of found.answers) {
    const notes =
      a.occurrences > 1
        ? [{ code: "duplicate-answer", message: `${label} is answered ${a.occurrences} times; the last one (${a.where}) is graded.` }]
        : [];
    answers.set(label, { markdown: a.markdown, notes });
  }
  const others = found.unknownLabels.length > 0 ? ` Labels found that the answer map does not know: ${found.unknownLabels.slice(0, 10).join(", ")}.` : "";
  return {
    id,
    source,
    answers,
    missing: (label) => ({
      code: "missing-answer",
      message: `No answer to ${label} in ${source}: write it in a markdown cell after a line starting **${label}:**, or tag the cell ${TAG_PREFIX}${label}.${others}`,
    }),
  };
}

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
    if (isSkippedName(name)) continue;
    const path = join(dir, name);
    let st;
    try {
      st = statSync(path);
    } catch {
      continue; // a dangling link holds no answer
    }
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
