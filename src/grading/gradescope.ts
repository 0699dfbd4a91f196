/**
 * The Gradescope autograder `results.json` shape: one test per record, scored out of 1 (partial
 * credit carried over) unless the caller gives points, the verdict and feedback as the test's output.
 */
import type { BatchRecord } from "./types.js";

export interface GradescopeTest {
  name: string;
  score: number;
  max_score: number;
  output: string;
}

export interface GradescopeResults {
  score: number;
  tests: GradescopeTest[];
}

export interface GradescopeOptions<R extends BatchRecord> {
  /** The test's name (default: the record's id and question). */
  name?: (r: R, index: number) => string;
  /** The test's max_score (default 1); its score is the record's score times this. */
  points?: (r: R) => number;
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

export function toGradescope<R extends BatchRecord>(records: R[], opts: GradescopeOptions<R> = {}): GradescopeResults {
  const tests = records.map((r, k): GradescopeTest => {
    const label = r.id === null ? `line ${k + 1}` : String(r.id);
    const max = opts.points ? opts.points(r) : 1;
    return {
      name: opts.name ? opts.name(r, k) : r.question ? `${label}: ${r.question}` : label,
      score: round(r.score * max),
      max_score: max,
      output: [`${r.verdict} (${r.codes.join(", ")})`, ...r.feedback].join("\n"),
    };
  });
  return { score: round(tests.reduce((a, t) => a + t.score, 0)), tests };
}
