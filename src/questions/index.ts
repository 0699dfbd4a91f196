/**
 * The question bank: every question of QUESTIONS.md sections A, B and D, by id.
 * Each family module exports an array of `Question`s; add one import line and one entry to
 * `families` below to register a module (in QUESTIONS.md order).
 */
import type { Question } from "./types.js";
import { sectionA } from "./a/index.js";
import { convQuestions } from "./conv/index.js";
import { sectionB } from "./b/index.js";
import { sectionD } from "./d/index.js";

export type * from "./types.js";

const families: Question[][] = [
  sectionA,
  convQuestions,
  sectionB,
  sectionD,
];

let catalogue: Question[] | null = null;
let byId: Map<string, Question> | null = null;

function load(): Map<string, Question> {
  if (byId) return byId;
  const all = families.flat();
  const map = new Map<string, Question>();
  for (const q of all) {
    if (map.has(q.id)) throw new Error(`question bank: id '${q.id}' is registered twice`);
    map.set(q.id, q);
  }
  catalogue = all;
  byId = map;
  return map;
}

/** Every question, in catalogue order. */
export function questions(): Question[] {
  load();
  return (catalogue as Question[]).slice();
}

/** The question with this id, or undefined. */
export function getQuestion(id: string): Question | undefined {
  return load().get(id);
}

/** Every id, for error messages that list what exists. */
export function questionIds(): string[] {
  return questions().map((q) => q.id);
}
