/** The grader: single answers, batches, Gradescope export, and the catalogue of feedback codes. */
export { grade, invalidGrade, DEFAULT_SEED, DEFAULT_BUDGET_MS } from "./grade.js";
export { gradeBatch, toJsonLines, type BatchOptions } from "./batch.js";
export { gradeLine, splitLines, type LineTask, type LineOptions } from "./line.js";
export { toGradescope, type GradescopeResults, type GradescopeTest } from "./gradescope.js";
export { FEEDBACK_CODES, describe } from "./codes.js";
export { MAX_ANSWER_LENGTH, MAX_NESTING } from "./guard.js";
export type { Grade, BatchRecord, Verdict, SlotVerdict, Evidence, GradeOptions } from "./types.js";
