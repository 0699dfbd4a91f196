/**
 * Reads a Jupyter notebook (nbformat 4 JSON) into its markdown cells. Anything else — text that is
 * not JSON, JSON that is not a notebook, an nbformat 3 notebook — is a failure with a reason, never
 * an exception, so a broken notebook still gets its records.
 */
import type { Cell } from "./labels.js";

export interface IntakeFailure {
  code: string;
  message: string;
}

export type NotebookCells = { ok: true; cells: Cell[] } | ({ ok: false } & IntakeFailure);

function sourceText(source: unknown): string | null {
  if (typeof source === "string") return source;
  if (Array.isArray(source) && source.every((l) => typeof l === "string")) return source.join("");
  return null;
}

function tagsOf(cell: Record<string, unknown>): string[] {
  const meta = cell.metadata;
  if (typeof meta !== "object" || meta === null) return [];
  const tags = (meta as Record<string, unknown>).tags;
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === "string") : [];
}

/** The markdown cells of a notebook's JSON text, each with its tags and position. */
export function notebookCells(text: string): NotebookCells {
  const fail = (code: string, message: string): NotebookCells => ({ ok: false, code, message });
  let nb: unknown;
  try {
    nb = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return fail("bad-notebook", `The notebook is not valid JSON (${e instanceof Error ? e.message : String(e)}); open and save it again in Jupyter.`);
  }
  if (typeof nb !== "object" || nb === null || Array.isArray(nb)) return fail("bad-notebook", "The file is JSON but not a Jupyter notebook (no top-level object).");
  const doc = nb as Record<string, unknown>;
  if (doc.nbformat !== 4) {
    const v = doc.nbformat;
    const said = typeof v === "number" ? `nbformat ${v}` : "no nbformat field";
    return fail("bad-notebook", `The file is not an nbformat 4 Jupyter notebook (${said}); save it with a current Jupyter.`);
  }
  if (!Array.isArray(doc.cells)) return fail("bad-notebook", "The notebook has no list of cells.");
  const cells: Cell[] = [];
  let previous = -2;
  doc.cells.forEach((c: unknown, k: number) => {
    if (typeof c !== "object" || c === null) return;
    const cell = c as Record<string, unknown>;
    if (cell.cell_type !== "markdown") return;
    const source = sourceText(cell.source);
    if (source === null) return;
    cells.push({ source, tags: tagsOf(cell), where: `cell ${k + 1}`, follows: previous === k - 1 });
    previous = k;
  });
  return { ok: true, cells };
}
