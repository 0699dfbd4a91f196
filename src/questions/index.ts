/**
 * The question bank: every question of QUESTIONS.md sections A, B and D, by id.
 * Most questions are files in the bank directory (`bank/` unless `useBank(dir)` chose another; see
 * src/question-files/). The questions whose oracle or whose numbers are TypeScript (brute-force
 * convolution, Monte Carlo, a variant generator) are family modules: add one import line and one
 * entry to `families` below to register a module.
 */
import type { Question } from "./types.js";
import { Bank, builtinBankDir } from "../question-files/load.js";
import { bespokeOracles } from "./oracles.js";
import type { Derivation } from "./types.js";
import { toLatex } from "../expr/index.js";
import { BANK_REFERENCE_IDS, deriveBankReference } from "../symbolic/index.js";
import { convQuestions } from "./conv/index.js";
import { sectionB } from "./b/index.js";
import { sectionD } from "./d/index.js";

export type * from "./types.js";

const families: Question[][] = [
  convQuestions,
  sectionB,
  sectionD,
];

let byId: Map<string, Question> | null = null;
let bankDir: string | null = null;
let bank: Bank | null = null;

function modules(): Map<string, Question> {
  if (byId) return byId;
  const map = new Map<string, Question>();
  for (const q of families.flat()) {
    if (map.has(q.id)) throw new Error(`question bank: id '${q.id}' is registered twice`);
    map.set(q.id, q);
  }
  byId = map;
  return map;
}

/** The symbolic engine's derivation of a bank question's reference (src/symbolic/bank.ts), where it has one. */
function bankDerivation(id: string, slots: readonly string[]): (() => Derivation | null) | null {
  if (!BANK_REFERENCE_IDS.includes(id)) return null;
  return () => {
    const d = deriveBankReference(id);
    if (!d.ok) return null;
    const out: Record<string, string> = {};
    if (slots.length === 1) out[slots[0]] = toLatex(d.expr);
    else for (const slot of slots) if (d.slots?.[slot]) out[slot] = toLatex(d.slots[slot]);
    return { slots: out, steps: d.steps };
  };
}

/** The question files in use (opened on first use). */
export function currentBank(): Bank {
  bank ??= new Bank(bankDir ?? builtinBankDir(), { oracles: bespokeOracles, derivation: bankDerivation });
  return bank;
}

/**
 * Reads the question files from `dir` instead of the built-in `bank/` (null: back to the built-in
 * one). The TypeScript family questions stay. Throws a `BankError` when `dir` is not a directory.
 */
export function useBank(dir: string | null): Bank {
  bankDir = dir;
  bank = null;
  return currentBank();
}

const SECTION_ORDER = ["A", "B", "D"];

/**
 * The built-in question files in QUESTIONS.md order; a file not listed (a course's own) follows
 * the listed ones of its section, by file name.
 */
export const CATALOGUE_ORDER: readonly string[] = [
  "softmax-jacobian",
  "softmax-jacobian-matrix",
  "softmax-ce-grad",
  "softmax-vjp",
  "sigmoid-jacobian",
  "block-gradients-ab",
  "block-gradients-c",
  "bias-by-augmentation",
  "prelu-theta-grad",
  "prelu-input-grad",
  "leaky-relu-kaiming",
];

/** Catalogue order: by section; within one, the files (in CATALOGUE_ORDER, then by name) before the modules. */
function ordered(): Array<{ id: string; file: boolean }> {
  const b = currentBank();
  const files = b.ids().filter((id) => !modules().has(id));
  const rank = (id: string): number => {
    const k = CATALOGUE_ORDER.indexOf(id);
    return k < 0 ? CATALOGUE_ORDER.length : k;
  };
  const entries = [
    ...files.map((id, k) => ({ id, file: true, section: b.section(id), key: rank(id) * 1e4 + k })),
    ...[...modules().values()].map((q, k) => ({ id: q.id, file: false, section: q.section, key: 1e9 + k })),
  ];
  return entries.sort((x, y) => SECTION_ORDER.indexOf(x.section) - SECTION_ORDER.indexOf(y.section) || x.key - y.key);
}

/** Every question, in catalogue order. */
export function questions(): Question[] {
  return ordered()
    .map((e) => (e.file ? currentBank().get(e.id) : modules().get(e.id)))
    .filter((q): q is Question => q !== null && q !== undefined);
}

/** The question with this id, or undefined. */
export function getQuestion(id: string): Question | undefined {
  return modules().get(id) ?? currentBank().get(id) ?? undefined;
}

/** Every id in catalogue order, for error messages that list what exists (without building the files' questions). */
export function questionIds(): string[] {
  return ordered().map((e) => e.id);
}
