/** The grade object of INTERFACE.md ("Grades"), plus the stable feedback codes beside the messages. */

export type Verdict = "correct" | "incorrect" | "invalid";

/** Per slot: "missing" when the answer has no such slot. */
export type SlotVerdict = "correct" | "incorrect" | "invalid" | "missing";

export interface Evidence {
  /** Random instances the equivalence engine evaluated, over every comparison made. */
  trials: number;
  /** Largest relative difference seen in the decisive comparison; null when none was numeric. */
  maxRelError: number | null;
  seed: number;
}

export interface Grade {
  question: string;
  verdict: Verdict;
  score: number;
  /** Messages for the student, in order. */
  feedback: string[];
  /** One stable code per feedback message (same order), documented in docs/grading.md. */
  codes: string[];
  slots: Record<string, SlotVerdict>;
  evidence: Evidence;
}

/** A batch record: a grade with the submission's id (null when the line had none). */
export interface BatchRecord extends Grade {
  id: string | number | null;
}

export interface GradeOptions {
  seed?: number;
  /** Wall-clock budget for one answer in ms (default 2000); exceeding it gives "time-budget". */
  budgetMs?: number;
}
