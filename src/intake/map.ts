/**
 * The answer map (`answers.yaml`): which label of a notebook, or which column of a CSV export, is
 * which question and slot.
 *
 * ```yaml
 * student: Username            # CSV only: the column naming the student
 * answers:
 *   Q1: softmax-jacobian       # the whole question
 *   Q3a: {question: block-gradients-ab, slot: A}
 *   Q3b: {question: block-gradients-ab, slot: B, points: 2}
 * ```
 *
 * Every problem is reported with the file and line. A question split into slots must have every
 * slot mapped exactly once (joint slots are judged together), and no label may map a split question
 * whole as well.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Node, type Pair } from "yaml";
import type { Question } from "../questions/types.js";
import { labelKey } from "./labels.js";

export interface MapEntry {
  /** The notebook label or CSV column header, as written in the map. */
  label: string;
  question: string;
  /** The slot this label answers; null when it answers the whole question. */
  slot: string | null;
  /** Gradescope points for this entry (default 1). */
  points: number;
}

export interface AnswerMap {
  entries: MapEntry[];
  /** CSV: the header of the column that names the student. */
  student: string | null;
}

export class MapError extends Error {}

export type QuestionLookup = (id: string) => Question | undefined;

const TOP_KEYS = new Set(["answers", "student"]);
const ENTRY_KEYS = new Set(["question", "slot", "points"]);

export function readAnswerMap(text: string, file: string, lookup: QuestionLookup, knownIds: () => string[]): AnswerMap {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const at = (node: Node | null | undefined): string => (node?.range ? `${file}:${lines.linePos(node.range[0]).line}` : file);
  const fail = (node: Node | null | undefined, message: string): never => {
    throw new MapError(`${at(node)}: ${message}`);
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    throw new MapError(`${file}:${e.linePos?.[0].line ?? 1}: ${e.message.split("\n")[0]}`);
  }
  const root = doc.contents;
  if (!isMap(root)) fail(root, "the map must be a YAML mapping with an `answers:` key");
  const top = root as unknown as { items: Pair<Node, Node>[] };
  let student: string | null = null;
  let answers: Pair<Node, Node>[] | null = null;
  for (const pair of top.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : "";
    if (!TOP_KEYS.has(key)) fail(pair.key, `unknown key '${key}' (the map has \`answers:\` and, for CSV, \`student:\`)`);
    if (key === "student") {
      if (!isScalar(pair.value) || typeof pair.value.value !== "string" || pair.value.value.trim() === "") fail(pair.value ?? pair.key, "`student:` must name a column header");
      student = String((pair.value as { value: string }).value);
    } else {
      if (!isMap(pair.value)) fail(pair.value ?? pair.key, "`answers:` must map each label (or column header) to a question id or {question, slot, points}");
      answers = (pair.value as unknown as { items: Pair<Node, Node>[] }).items;
    }
  }
  if (answers === null || answers.length === 0) fail(root, "the map has no `answers:` (label: question id)");
  const entries = (answers as Pair<Node, Node>[]).map((pair) => readEntry(pair, fail, lookup, knownIds));
  checkSlots(entries, answers as Pair<Node, Node>[], fail, lookup);
  return { entries, student };
}

type Fail = (node: Node | null | undefined, message: string) => never;

function readEntry(pair: Pair<Node, Node>, fail: Fail, lookup: QuestionLookup, knownIds: () => string[]): MapEntry {
  const label = isScalar(pair.key) && pair.key.value !== null ? String(pair.key.value).trim() : "";
  if (label === "") fail(pair.key, "a label must be non-empty text");
  let question: unknown;
  let slot: unknown = null;
  let points: unknown = 1;
  const v = pair.value;
  if (isScalar(v)) question = v.value;
  else if (isMap(v)) {
    for (const p of (v as unknown as { items: Pair<Node, Node>[] }).items) {
      const k = isScalar(p.key) ? String(p.key.value) : "";
      if (!ENTRY_KEYS.has(k)) fail(p.key, `${label}: unknown key '${k}' (an entry has question, slot and points)`);
      const value = isScalar(p.value) ? p.value.value : undefined;
      if (k === "question") question = value;
      else if (k === "slot") slot = value === undefined ? undefined : String(value);
      else points = value;
    }
  } else fail(v ?? pair.key, `${label}: give a question id, or {question: ID, slot: NAME}`);
  if (typeof question !== "string" || question === "") return fail(v ?? pair.key, `${label}: no question id`);
  const q = lookup(question);
  if (!q) return fail(v, `${label}: unknown question '${question}'; questions: ${knownIds().join(", ")}`);
  if (slot !== null && (typeof slot !== "string" || !q.slots.includes(slot))) fail(v, `${label}: question ${question} has no slot '${String(slot)}'; its slots are ${q.slots.join(", ")}`);
  if (typeof points !== "number" || !Number.isFinite(points) || points < 0) fail(v, `${label}: points must be a number ≥ 0`);
  return { label, question, slot: slot as string | null, points: points as number };
}

function checkSlots(entries: MapEntry[], pairs: Pair<Node, Node>[], fail: Fail, lookup: QuestionLookup): void {
  const seen = new Map<string, number>();
  entries.forEach((e, k) => {
    const node = pairs[k].key;
    const other = entries.findIndex((o, j) => j < k && labelKey(o.label) === labelKey(e.label));
    if (other >= 0) fail(node, `label ${e.label} is given twice (labels compare case-insensitively)`);
    if (e.slot === null) return;
    const key = `${e.question}\u0000${e.slot}`;
    if (seen.has(key)) fail(node, `${e.label}: slot ${e.slot} of ${e.question} is already mapped by ${entries[seen.get(key) as number].label}`);
    seen.set(key, k);
  });
  const split = new Set(entries.filter((e) => e.slot !== null).map((e) => e.question));
  for (const id of split) {
    const q = lookup(id) as Question;
    const k = entries.findIndex((e) => e.question === id);
    const whole = entries.find((e) => e.question === id && e.slot === null);
    if (whole) fail(pairs[k].key, `${id} is mapped whole by ${whole.label} and by slots too; map it one way`);
    const missing = q.slots.filter((s) => !seen.has(`${id}\u0000${s}`));
    if (missing.length > 0) fail(pairs[k].key, `${id} is split into slots, but slot ${missing.join(", ")} has no label (its slots are judged together)`);
  }
}
