/** What the proof checker reports, step by step. */

export type CounterexampleValue = number | number[] | number[][];

export interface Counterexample {
  /** The symbols' values at the point where the two sides differ. */
  at: Record<string, CounterexampleValue>;
  left: CounterexampleValue;
  right: CounterexampleValue;
}

export interface StepResult {
  /** "step": operand k against operand k − 1 of a chain; "answer": a chain's end against the reference. */
  kind: "step" | "answer";
  ok: boolean;
  file: string;
  /** Line of the right-hand side (the new expression) in the proof file. */
  line: number;
  /** Index of the chain in the proof, from 0. */
  chain: number;
  /** Index of the display block (in reading order) the step's new expression sits in. */
  block: number;
  left: string;
  right: string;
  /** The prose or `\tag` that justifies the step, if any. */
  reason: string | null;
  /** How the step was judged: "equivalence engine, 8 trials", "Monte Carlo, 4000 samples, z = 4 bound". */
  method: string;
  /** Why the step failed (or a note on how it passed). */
  message: string;
  /** Largest relative difference seen (or for Monte Carlo, |difference| / bound). */
  maxError?: number;
  counterexample?: Counterexample;
}

export interface ProofResult {
  ok: boolean;
  file: string;
  question?: string;
  steps: StepResult[];
  /** Problems that stop the proof from being checked at all (front matter, unknown question). */
  errors: Array<{ line: number; message: string }>;
}
