/**
 * A folder of notebooks → one submission per `.ipynb` file (sorted by name so the output order never
 * depends on the file system). The student is the file name without `.ipynb`: `alice.ipynb` →
 * `alice`; a sub-folder is one student too, named by the folder. A file that cannot be read, is too
 * large, or is not a notebook is still a submission, whose records all say why.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { notebookCells, type IntakeFailure } from "./notebook.js";
import type { Submission } from "./grade-answers.js";
import { cellSubmission, readSubmission, isSkippedName, MAX_NOTEBOOK_BYTES } from "./submission.js";

export function isNotebookName(name: string): boolean {
  return /\.ipynb$/i.test(name);
}

export function studentOf(fileName: string): string {
  return fileName.replace(/\.ipynb$/i, "");
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

/**
 * Every submission of `dir`, sorted by name: each `.ipynb` file, and each sub-folder (a Gradescope
 * export has one per submission) read like a Gradescope submission, the student being the folder's
 * name. Throws when `dir` itself cannot be listed.
 */
export function readNotebookFolder(dir: string, labels: string[]): Submission[] {
  const subs: Submission[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (isSkippedName(name)) continue;
    const path = join(dir, name);
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      // A dangling link: read as a file below, which reports it unreadable.
    }
    if (isDir) subs.push(folderSubmission(path, name, labels));
    else if (isNotebookName(name)) subs.push(readNotebookFile(path, name, labels));
  }
  return subs;
}

function folderSubmission(path: string, name: string, labels: string[]): Submission {
  try {
    const got = readSubmission(path, labels, name);
    return { ...got.submission, source: got.read.length > 0 ? got.read.map((f) => `${name}/${f}`).join(", ") : `${name}/` };
  } catch (e) {
    return failed(name, `${name}/`, { code: "unreadable", message: `${name}/ could not be read: ${e instanceof Error ? e.message : String(e)}.` });
  }
}
