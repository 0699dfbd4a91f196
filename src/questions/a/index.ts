/**
 * Section A of QUESTIONS.md (the core), except the convolution questions (src/questions/conv/):
 * every one is a file in bank/; this module names them for tests and tools that want section A.
 */
import type { Question, Verification } from "../types.js";
import { CATALOGUE_ORDER, getQuestion } from "../index.js";

/** The built-in files of section A, in catalogue order. */
export const SECTION_A_IDS: readonly string[] = CATALOGUE_ORDER.filter((id) => getQuestion(id)?.section === "A");

function question(id: string): Question {
  const q = getQuestion(id);
  if (!q) throw new Error(`section A: the bank has no question '${id}'`);
  return q;
}

export const sectionA: Question[] = SECTION_A_IDS.map(question);

/**
 * Each question's oracle with the reference as a parameter: `verify(seed)` is the oracle applied to
 * the published reference; tests apply it to wrong references to show the oracle can fail.
 */
export const sectionAOracles: Record<string, (reference: Record<string, string>, seed: number) => Verification> = Object.fromEntries(
  sectionA.map((q) => [q.id, (reference: Record<string, string>, seed: number) => ({ ...q, reference }).verify(seed)]),
);

/** The block's symbols (X, W, V, h, Y, G), as bank/block-gradients-ab.md declares them. */
export const blockSymbols = question("block-gradients-ab").symbols;
