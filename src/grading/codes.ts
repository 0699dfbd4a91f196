/**
 * Every feedback code the grader can emit, with what it means. Staff count them (like STACK's answer
 * notes); docs/grading.md lists the same table and a test keeps the two in step. Question-specific
 * codes (a question's `mistakes`) are listed by `gradsheet questions --json`.
 */
export const FEEDBACK_CODES: Record<string, string> = {
  // verdicts
  correct: "the slot (or the answer) is equivalent to the reference",
  "joint-correct": "slots judged together (A ∘ B) are right as a combination, whatever the split",
  "not-equivalent": "well-formed and of the right shape, but different from the reference; a counterexample is given",
  // reading the answer
  syntax: "the answer could not be parsed; the message points at the line and column",
  "unknown-command": "a LaTeX command the grammar does not know",
  "unknown-symbol": "a name that the question does not declare; the allowed names are listed",
  "too-long": "the answer is longer than the limit",
  "too-deep": "brackets or fractions nested deeper than the limit",
  "number-too-large": "a number literal or power too large to evaluate",
  "bad-character": "a control character, NUL byte or broken UTF-16 surrogate in the answer",
  empty: "the answer (or a slot) is empty",
  "bad-input": "the answer is not text (batch: the field is not a string)",
  "unknown-question": "no question has this id; the known ids are listed",
  "bad-json": "batch: the line is not valid JSON",
  "bad-record": "batch: the line is JSON but not an object",
  "missing-field": "batch: the line lacks `question` or `answer`",
  "blank-line": "batch: the line is blank (it still gets a record, so output lines match input lines)",
  "missing-slot": "a slot the question asks for is not in the answer",
  "unknown-slot": "the answer names a slot the question does not have",
  "duplicate-slot": "the answer gives the same slot twice",
  "time-budget": "grading the answer took longer than its time budget and was abandoned",
  "domain": "the answer cannot be evaluated where the question's symbols live (log of a negative, division by zero)",
  unsupported: "the answer uses a construct the evaluator cannot compute here",
  "internal-error": "the grader failed on this answer; the message says where (a bug to report)",
  "not-closed-form": "the answer still contains a derivative, limit, integral or expectation (it restates the question)",
  // shape
  "free-indices": "an index-notation answer with other free indices than the right one, or a left side naming other indices than the right side uses",
  "shape-mismatch": "the answer, or a product inside it, has the wrong shape; the shapes are named",
  // known mistakes found by mutating the reference
  transpose: "the answer is the transpose of the right one",
  "transpose-missing": "a transpose in the reference is missing from the answer",
  "transpose-extra": "the answer transposes a factor that should not be transposed",
  sign: "the answer has the opposite sign",
  "sign-term": "one term of a sum has the wrong sign",
  "factor-2": "the answer is twice the right one",
  "factor-half": "the answer is half the right one",
  "hprime-for-h": "the derivative h' appears where the function h belongs",
  "h-for-hprime": "the function h appears where its derivative h' belongs",
  "missing-factor": "a factor of a product (or Hadamard product) is missing",
  "missing-term": "a term of a sum is missing",
  "order-swapped": "the factors of a matrix product are in the wrong order",
  "std-for-variance": "the answer is the standard deviation (square root) where the variance is asked",
  "variance-for-std": "the answer is the variance (square) where the standard deviation is asked",
  "floor-missing": "the floor (integer division) is missing",
  "ceil-for-floor": "ceiling where the floor belongs",
  "delta-as-one": "1 written where the Kronecker delta δ_ij belongs (right only on the diagonal)",
  "ones-for-identity": "an all-ones matrix where the identity belongs",
  "max-for-min": "max where min belongs (or the other way round)",
  inverted: "a fraction upside down",
  // manual questions
  "manual-only": "the question is prose and is not graded automatically",
  "wrong-value": "a number or table entry that differs from the reference",
  // notebooks and CSV exports (src/intake/)
  "bad-notebook": "the submitted file is not an nbformat 4 Jupyter notebook (broken JSON, another format)",
  unreadable: "the submitted file could not be read",
  "too-large": "the submitted file is larger than the limit",
  "missing-answer": "the submission has no answer for this label (no tagged cell, no bold label line, no CSV cell)",
  "duplicate-answer": "the label is answered more than once; the last answer is graded",
  "unclosed-math": "math opened with $, $$, \\(, \\[ or \\begin{...} is never closed",
  "bad-csv": "the CSV row could not be read (a quoted field is never closed)",
};

/** The message for a code, for codes that carry no per-answer detail. */
export function describe(code: string): string {
  return FEEDBACK_CODES[code] ?? code;
}
