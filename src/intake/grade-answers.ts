/**
 * Grades what students submitted, one record per student per map entry (label or column), whatever
 * the submission holds: a broken file, a missing or empty answer, unclosed math all give `invalid`
 * records with the reason. Answers go through the batch grader (worker pool, time budgets); a
 * question split into slots over several labels is assembled into one `A = ..., B = ...` answer so
 * joint slots are judged together, and each slot's record carries that slot's verdict.
 */
import { parseAnswer } from "../expr/index.js";
import { gradeBatch, type BatchOptions } from "../grading/batch.js";
import { invalidGrade, DEFAULT_SEED } from "../grading/grade.js";
import { guardAnswer } from "../grading/guard.js";
import type { BatchRecord, Grade } from "../grading/types.js";
import type { Question } from "../questions/types.js";
import type { AnswerMap, MapEntry, QuestionLookup } from "./map.js";
import { mathText } from "./math.js";
import type { IntakeFailure } from "./notebook.js";

export interface Note {
  code: string;
  message: string;
}

export interface SubmittedAnswer {
  /** The answer as the student wrote it (Markdown, math delimiters and all). */
  markdown: string;
  /** Said in the record's feedback before the grade (e.g. an answer given twice). */
  notes: Note[];
}

export interface Submission {
  /** The student. */
  id: string;
  /** Where the answers came from: "alice.ipynb", "row 3". */
  source: string;
  /** The answers by map label, or why none could be read (then every entry gets that reason). */
  answers: Map<string, SubmittedAnswer> | IntakeFailure;
  /** Why the answer to a label is missing, for the record. */
  missing(label: string): IntakeFailure;
}

export interface IntakeRecord extends BatchRecord {
  id: string;
  source: string;
  label: string;
  slot: string | null;
  /** The entry's Gradescope points (the map's `points`, default 1). */
  points: number;
}

export interface IntakeOptions extends Pick<BatchOptions, "seed" | "budgetMs" | "workers"> {
  lookup: QuestionLookup;
}

interface Task {
  question: string;
  answer: string;
}

type Pending = IntakeRecord | ((grades: Grade[]) => IntakeRecord);

function record(sub: Submission, e: MapEntry, g: Grade, notes: Note[] = []): IntakeRecord {
  return {
    id: sub.id,
    source: sub.source,
    label: e.label,
    slot: e.slot,
    points: e.points,
    ...g,
    feedback: [...notes.map((n) => n.message), ...g.feedback],
    codes: [...notes.map((n) => n.code), ...g.codes],
  };
}

/** One slot's record from a grade of the assembled answer: that slot's verdict, other slots' gaps left to their own records. */
function slotGrade(g: Grade, slot: string): Grade {
  const v = g.slots[slot] ?? "invalid";
  const keep = g.codes.map((c) => c !== "missing-slot");
  return {
    ...g,
    verdict: v === "correct" || v === "incorrect" ? v : "invalid",
    score: v === "correct" ? 1 : 0,
    feedback: g.feedback.filter((_, k) => keep[k]),
    codes: g.codes.filter((_, k) => keep[k]),
  };
}

/** The readable answer text, or why there is none. */
function answerText(question: string, answer: SubmittedAnswer | undefined, missing: () => IntakeFailure, seed: number): { text: string } | { grade: Grade } {
  if (!answer) {
    const m = missing();
    return { grade: invalidGrade(question, m.code, m.message, seed) };
  }
  const t = mathText(answer.markdown);
  if (!t.ok) return { grade: invalidGrade(question, t.code, t.message, seed) };
  const bad = guardAnswer(t.text);
  if (bad) return { grade: invalidGrade(question, bad.code, bad.message, seed) };
  return { text: t.text };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** `text` as the answer to `slot`: as written when it already says `slot = ...`, else prefixed. */
function slotPiece(q: Question, slot: string, text: string): { piece: string; parses: boolean } {
  const alone = parseAnswer(text, { symbols: q.symbols });
  const named = alone.ok ? alone.value.some((s) => s.name !== null) : new RegExp(`^\\s*(?:\\\\mathbf\\{)?${escapeRegExp(slot)}\\}?\\s*=`).test(text);
  const piece = named ? text : `${slot} = ${text}`;
  return { piece, parses: named ? alone.ok : parseAnswer(piece, { symbols: q.symbols }).ok };
}

function planWhole(sub: Submission, e: MapEntry, answers: Map<string, SubmittedAnswer>, tasks: Task[], seed: number): Pending {
  const a = answers.get(e.label);
  const t = answerText(e.question, a, () => sub.missing(e.label), seed);
  if ("grade" in t) return record(sub, e, t.grade, a?.notes);
  const k = tasks.push({ question: e.question, answer: t.text }) - 1;
  return (grades) => record(sub, e, grades[k], a?.notes);
}

/** Records of a question split over several labels, in the entries' order. */
function planSplit(sub: Submission, q: Question, entries: MapEntry[], answers: Map<string, SubmittedAnswer>, tasks: Task[], seed: number): Pending[] {
  const pieces: string[] = [];
  const together: MapEntry[] = [];
  const out = new Map<MapEntry, Pending>();
  for (const e of entries) {
    const a = answers.get(e.label);
    const t = answerText(q.id, a, () => sub.missing(e.label), seed);
    if ("grade" in t) {
      out.set(e, record(sub, e, slotGrade(t.grade, e.slot as string), a?.notes));
      continue;
    }
    const { piece, parses } = slotPiece(q, e.slot as string, t.text);
    if (parses) {
      pieces.push(piece);
      together.push(e);
    } else {
      // Graded alone, so one slot's syntax error does not sink the other slots.
      const k = tasks.push({ question: q.id, answer: piece }) - 1;
      out.set(e, (grades) => record(sub, e, slotGrade(grades[k], e.slot as string), a?.notes));
    }
  }
  if (pieces.length > 0) {
    const k = tasks.push({ question: q.id, answer: pieces.join("\n") }) - 1;
    for (const e of together) out.set(e, (grades) => record(sub, e, slotGrade(grades[k], e.slot as string), answers.get(e.label)?.notes));
  }
  return entries.map((e) => out.get(e) as Pending);
}

/** Every submission's records: for each submission, one per map entry, in the map's order. */
export async function gradeSubmissions(subs: Submission[], map: AnswerMap, opts: IntakeOptions): Promise<IntakeRecord[]> {
  const seed = opts.seed ?? DEFAULT_SEED;
  const tasks: Task[] = [];
  const pending: Pending[] = [];
  for (const sub of subs) {
    const answers = sub.answers;
    if (!(answers instanceof Map)) {
      for (const e of map.entries) pending.push(record(sub, e, invalidGrade(e.question, answers.code, answers.message, seed)));
      continue;
    }
    const planned = new Map<MapEntry, Pending>();
    for (const e of map.entries) {
      if (planned.has(e)) continue;
      if (e.slot === null) {
        planned.set(e, planWhole(sub, e, answers, tasks, seed));
        continue;
      }
      const split = map.entries.filter((x) => x.question === e.question);
      const records = planSplit(sub, opts.lookup(e.question) as Question, split, answers, tasks, seed);
      split.forEach((x, k) => planned.set(x, records[k]));
    }
    for (const e of map.entries) pending.push(planned.get(e) as Pending);
  }
  const text = tasks.map((t, k) => JSON.stringify({ id: k, question: t.question, answer: t.answer })).join("\n");
  const grades: Grade[] = tasks.length === 0 ? [] : (await gradeBatch(text, { seed, budgetMs: opts.budgetMs, workers: opts.workers })).map(({ id: _id, ...g }) => g);
  return pending.map((p) => (typeof p === "function" ? p(grades) : p));
}
