/**
 * The Gradescope autograder `results.json` shape: one test per submission line, scored out of 1
 * (partial credit carried over), the verdict and feedback as the test's output.
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

export function toGradescope(records: BatchRecord[]): GradescopeResults {
  const tests = records.map((r, k): GradescopeTest => {
    const label = r.id === null ? `line ${k + 1}` : String(r.id);
    return {
      name: r.question ? `${label}: ${r.question}` : label,
      score: r.score,
      max_score: 1,
      output: [`${r.verdict} (${r.codes.join(", ")})`, ...r.feedback].join("\n"),
    };
  });
  const score = Math.round(tests.reduce((a, t) => a + t.score, 0) * 1e6) / 1e6;
  return { score, tests };
}
