/**
 * The answer convention for notebooks and Markdown answer files: where a student's answer to a
 * labelled part is.
 *
 * - A markdown cell tagged `gradsheet:Q3a` (cell metadata `tags`) holds the answer to Q3a.
 * - Otherwise a line starting with the bold label `**Q3a:**` (or `**Q3a**:`, `__Q3a:__`, optionally
 *   after a heading's `#`s) starts the answer to Q3a; it runs, over as many lines as it takes, to the
 *   next known label or the end of the cell. Text on the label's own line belongs to the answer.
 *   A label that ends its cell with nothing after it (a template's `**Q3a:**` cell) takes the
 *   markdown cell right below it, when that cell has no label or tag of its own.
 *
 * Labels compare case-insensitively, with spaces collapsed. A tagged cell wins over label lines for
 * the same part; a part given more than once counts its last occurrence (a template's prompt cell
 * often carries the label too, and the answer comes after it), and says so. Bold labels that are not
 * in the map do not split answers (so `**Answer:**` inside an answer is just text) but are reported
 * when a part is missing, to catch a misspelt label.
 */

export interface Cell {
  /** The cell's Markdown source. */
  source: string;
  tags: string[];
  /** Where the cell is, for messages: "cell 4". */
  where: string;
  /** The cell comes right after the previous markdown cell (no other cell between them). */
  follows?: boolean;
}

export interface FoundAnswer {
  markdown: string;
  where: string;
  /** How many times the part was given (more than 1: the last one counts). */
  occurrences: number;
}

export interface LabelledAnswers {
  answers: Map<string, FoundAnswer>;
  /** Bold labels that the map does not know, as written. */
  unknownLabels: string[];
}

export const TAG_PREFIX = "gradsheet:";

const LABEL_LINE = /^[ \t]{0,3}(?:#{1,6}[ \t]+)?(\*\*|__)[ \t]*([^*_:\n]{1,64}?)[ \t]*(?::[ \t]*\1|\1[ \t]*:)/;

/** The key a label is compared by. */
export function labelKey(label: string): string {
  return label.trim().replace(/\s+/g, " ").toLowerCase();
}

interface Section {
  key: string | null;
  label: string | null;
  lines: string[];
}

function sections(source: string, known: Set<string>, unknown: Set<string>): Section[] {
  const out: Section[] = [{ key: null, label: null, lines: [] }];
  for (const line of source.replace(/\r\n?/g, "\n").split("\n")) {
    const m = LABEL_LINE.exec(line);
    const key = m ? labelKey(m[2]) : null;
    if (m && key !== null && known.has(key)) {
      out.push({ key, label: m[2], lines: [line.slice(m[0].length)] });
      continue;
    }
    if (m) unknown.add(m[2].trim());
    out[out.length - 1].lines.push(line);
  }
  return out;
}

/** Finds the answer to every label of `labels` in `cells`, by the convention above. */
export function findAnswers(cells: Cell[], labels: string[]): LabelledAnswers {
  const known = new Set(labels.map(labelKey));
  const unknown = new Set<string>();
  const tagged = new Map<string, FoundAnswer>();
  const lined = new Map<string, FoundAnswer>();
  const put = (into: Map<string, FoundAnswer>, key: string, markdown: string, where: string): void => {
    const before = into.get(key);
    into.set(key, { markdown, where, occurrences: (before?.occurrences ?? 0) + 1 });
  };
  let waiting: string | null = null;
  for (const cell of cells) {
    const tag = cell.tags.map((t) => (t.toLowerCase().startsWith(TAG_PREFIX) ? labelKey(t.slice(TAG_PREFIX.length)) : null)).find((k) => k !== null && known.has(k));
    const parts = sections(cell.source, known, unknown);
    const [head, ...rest] = parts;
    if (waiting !== null && cell.follows && !tag && rest.length === 0) {
      // The answer cell under a label-only cell: it replaces that label's blank answer.
      const before = lined.get(waiting) as FoundAnswer;
      lined.set(waiting, { ...before, markdown: head.lines.join("\n"), where: cell.where });
      waiting = null;
      continue;
    }
    const last = rest[rest.length - 1];
    waiting = last && last.key !== tag && last.lines.join("").trim() === "" ? last.key : null;
    if (tag) {
      // The tagged cell's text, with a leading label of its own part read as part of it.
      const own = rest.filter((p) => p.key === tag);
      put(tagged, tag, [head, ...own].flatMap((p) => p.lines).join("\n"), cell.where);
    }
    for (const p of rest) if (p.key !== null && p.key !== tag) put(lined, p.key, p.lines.join("\n"), cell.where);
  }
  const answers = new Map<string, FoundAnswer>();
  for (const label of labels) {
    const key = labelKey(label);
    const found = tagged.get(key) ?? lined.get(key);
    if (found) answers.set(label, found);
  }
  return { answers, unknownLabels: [...unknown].filter((l) => !known.has(labelKey(l))) };
}
