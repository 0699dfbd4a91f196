/**
 * A folder of notebooks → one submission per `.ipynb` file (top level, sorted by name so the output
 * order never depends on the file system). The student is the file name without `.ipynb`:
 * `alice.ipynb` → `alice`. A file that cannot be read, is too large, or is not a notebook is still a
 * submission, whose records all say why.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { findAnswers, type Cell, TAG_PREFIX } from "./labels.js";
import { notebookCells, type IntakeFailure } from "./notebook.js";
import type { Submission, SubmittedAnswer } from "./grade-answers.js";

/** Largest notebook read (outputs with images make real ones tens of MB). */
export const MAX_NOTEBOOK_BYTES = 64 * 1024 * 1024;

export function isNotebookName(name: string): boolean {
  return /\.ipynb$/i.test(name) && !name.startsWith(".");
}

export function studentOf(fileName: string): string {
  return fileName.replace(/\.ipynb$/i, "");
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

function failed(id: string, source: string, why: IntakeFailure): Submission {
  return { id, source, answers: why, missing: () => why };
}

/** One notebook file's submission. */
export function readNotebookFile(path: string, fileName: string, labels: string[]): Submission {
  const id = studentOf(fileName);
  let text: string;
  try {
    const size = statSync(path).size;
    if (size > MAX_NOTEBOOK_BYTES) return failed(id, fileName, { code: "too-large", message: `${fileName} is ${size} bytes; notebooks over ${MAX_NOTEBOOK_BYTES} bytes are not read (clear the outputs and resubmit).` });
    text = readFileSync(path, "utf8");
  } catch (e) {
    return failed(id, fileName, { code: "unreadable", message: `${fileName} could not be read: ${e instanceof Error ? e.message : String(e)}.` });
  }
  const nb = notebookCells(text);
  if (!nb.ok) return failed(id, fileName, { code: nb.code, message: `${fileName}: ${nb.message}` });
  return cellSubmission(id, fileName, nb.cells, labels);
}

/** Every notebook of `dir`, sorted by file name. Throws when `dir` itself cannot be listed. */
export function readNotebookFolder(dir: string, labels: string[]): Submission[] {
  const names = readdirSync(dir).filter(isNotebookName).sort();
  return names.map((name) => readNotebookFile(join(dir, name), name, labels));
}
