/**
 * The shape of one entry of the question bank. Every module under `src/questions/` exports one or
 * more `Question`s; the catalogue (`index.ts`) lists them; the grader, the answer sheet and the CLI
 * read only this interface.
 */
import type { SymbolTable } from "../expr/types.js";

/** Which section of QUESTIONS.md a question comes from. */
export type Section = "A" | "B" | "D";

/** What kind of answer the question expects (CONTRACTS.md). */
export type QuestionKind = "formula" | "numeric" | "table" | "fact";

/**
 * How the grader judges a slot:
 * - "formula": the equivalence engine against the reference under the symbol table;
 * - "number": a single number, compared with `tolerance`;
 * - "vector": a bracketed list of numbers compared entry by entry;
 * - "table": rows of numbers (conv architecture table), compared entry by entry;
 * - "manual": prose; the grader does not judge it (verdict "invalid" with code "manual-only").
 */
export type GradingMode = "formula" | "number" | "vector" | "table" | "manual";

/**
 * A known wrong answer, specific to one question, that the grader recognises and explains
 * (the general mutations — transpose, sign, factor 2 — are built by the grader itself).
 * `answer` is LaTeX per slot, in the question's symbols; a one-slot question may give one string.
 */
export interface KnownMistake {
  /** Stable code, counted by staff (documented in docs/grading.md). */
  code: string;
  /** What to tell the student, in words. */
  message: string;
  answer: Record<string, string>;
}

/**
 * Slots that are only determined together: the grader combines the student's slots with `combine`
 * (LaTeX in which the slot names are symbols, e.g. `A \circ B`) and compares that with the same
 * combination of the reference slots. Used by `block-gradients-ab`, whose split of A ∘ B into A and B
 * is not unique.
 */
export interface JointSlots {
  slots: string[];
  combine: string;
  /** Said when the combination is right, so the student knows why a different split is accepted. */
  note?: string;
}

/** A curve for the sheet (e.g. the per-layer second moment of the Kaiming Monte Carlo). */
export interface PlotSeries {
  name: string;
  points: Array<[number, number]>;
}

export interface Plot {
  kind: "line";
  title: string;
  xLabel: string;
  yLabel: string;
  /** Log scale on y helps where one series drifts geometrically. */
  logY?: boolean;
  series: PlotSeries[];
}

/** The outcome of running a question's independent oracle against its reference answer. */
export interface Verification {
  ok: boolean;
  /** "autodiff Jacobian", "autodiff gradient", "brute-force conv2d", "Monte Carlo", ... */
  method: string;
  trials: number;
  /** Largest relative (or stated) error seen between reference and oracle. */
  maxError: number;
  seed: number;
  /** One or two sentences: what was compared, on what instances, and the tolerance or bound. */
  detail?: string;
  table?: unknown;
  plot?: Plot;
}

/** How the symbolic engine derived a reference (src/symbolic/bank.ts): per slot LaTeX, and the steps. */
export interface Derivation {
  slots: Record<string, string>;
  steps: string[];
}

export interface Question {
  id: string;
  title: string;
  section: Section;
  /** Where the question comes from (assignment and item). */
  source: string;
  /** Markdown with $...$ / $$...$$ LaTeX. */
  prompt: string;
  symbols: SymbolTable;
  /** Slot names; a one-expression question has one slot named for its answer. */
  slots: string[];
  /** slot -> LaTeX of the published answer. */
  reference: Record<string, string>;
  /**
   * Other published renderings of the same answer in another notation (index form vs matrix form:
   * `o_i - y_i` and `o - y`): an answer equivalent to any form is right.
   */
  referenceForms?: Record<string, string[]>;
  kind: QuestionKind;
  /** How each slot is graded; defaults to "formula" for kind "formula", "number" for "numeric". */
  grading?: GradingMode;
  /** For "number"/"vector"/"table" grading: relative tolerance (default 1e-6). */
  tolerance?: number;
  /** Slots judged together (see JointSlots). */
  joint?: JointSlots;
  /** Question-specific known mistakes, tried after the grader's general mutations. */
  mistakes?: KnownMistake[];
  /** Runs the independent oracle against the reference on instances drawn from `seed`. */
  verify(seed: number): Verification;
  /** For parametrised questions (conv sizes, step sizes): the instance drawn from `seed`. */
  variant?(seed: number): Question;
  /**
   * The symbolic engine's own derivation of the reference, where it has one (computed on demand;
   * null when the derivation fails). A test keeps it equivalent to `reference`.
   */
  derivation?(): Derivation | null;
  /** Model-answer prose shown on the sheet. */
  explanation?: string;
}
