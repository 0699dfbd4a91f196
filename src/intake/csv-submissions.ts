/**
 * An LMS export (Moodle's quiz responses, Canvas's student analysis: one row per student, one column
 * per question) → one submission per row. The map's labels are column headers; the student is the
 * map's `student:` column, or else the first of the usual identity columns. A row that cannot be read
 * (a quote never closed) still gets its records; so does a row shorter than the header.
 */
import { parseCsv } from "./csv.js";
import { labelKey } from "./labels.js";
import { MapError, type AnswerMap } from "./map.js";
import type { Submission, SubmittedAnswer } from "./grade-answers.js";

/** Identity columns looked for when the map names none, in order (compared case-insensitively). */
export const STUDENT_COLUMNS = ["id", "student id", "student", "username", "user name", "email address", "email", "login id", "sis_user_id", "sis user id", "sis_id", "name"];

/** The column a label names: the header itself, or a header `label: text` (Canvas: `123456: What is...`). */
function columnOf(headers: string[], label: string): number {
  const key = labelKey(label);
  const exact = headers.findIndex((h) => labelKey(h) === key);
  if (exact >= 0) return exact;
  return headers.findIndex((h) => labelKey(h).startsWith(`${key}:`));
}

/** A cell Moodle fills for "no response". */
const NO_RESPONSE = "-";

export function csvSubmissions(text: string, file: string, map: AnswerMap): Submission[] {
  const table = parseCsv(text);
  const [header, ...rows] = table.rows;
  if (!header) throw new MapError(`${file}: no header row${table.error ? ` (${table.error.message})` : ""}`);
  const headers = header.fields.map((h) => h.trim());
  const shown = headers.map((h) => JSON.stringify(h)).join(", ");
  const columns = map.entries.map((e) => {
    const k = columnOf(headers, e.label);
    if (k < 0) throw new MapError(`${file}: no column ${JSON.stringify(e.label)} for the map's entry ${e.label}; the columns are ${shown}`);
    return k;
  });
  let student: number;
  if (map.student !== null) {
    student = columnOf(headers, map.student);
    if (student < 0) throw new MapError(`${file}: no column ${JSON.stringify(map.student)} (the map's student:); the columns are ${shown}`);
  } else {
    const found = STUDENT_COLUMNS.map((c) => headers.findIndex((h) => labelKey(h) === c)).find((k) => k >= 0);
    if (found === undefined) throw new MapError(`${file}: say which column names the student (student: HEADER in the map); the columns are ${shown}`);
    student = found;
  }
  const idOf = (fields: string[], where: string): string => fields[student]?.trim() || where;
  const subs: Submission[] = rows.map((row) => {
    const where = `line ${row.line}`;
    const id = idOf(row.fields, where);
    const answers = new Map<string, SubmittedAnswer>();
    map.entries.forEach((e, k) => {
      const cell = row.fields[columns[k]];
      if (cell !== undefined) answers.set(e.label, { markdown: cell.trim() === NO_RESPONSE ? "" : cell, notes: [] });
    });
    return {
      id,
      source: where,
      answers,
      missing: (label) => ({ code: "missing-answer", message: `${file} ${where} has ${row.fields.length} fields, too few for the column ${JSON.stringify(label)}.` }),
    };
  });
  if (table.error) {
    const why = { code: "bad-csv", message: `${file}: ${table.error.message}; this row and the rest of the file could not be read.` };
    const where = `line ${table.error.line}`;
    subs.push({ id: idOf(table.error.fields, where), source: where, answers: why, missing: () => why });
  }
  return subs;
}
