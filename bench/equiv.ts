/**
 * The equivalence engine's speed on the block-gradient answers: 1000 decisions of
 * `(G V) \circ h'(X W^\top)` against rewrites (equal: every trial runs) and against plausible wrong
 * answers (different: the first counterexample ends it), formulas parsed once. Target: < 2 ms per
 * decision on one core. `equalFreshAnswer` gives every decision a new answer object, so the
 * answer's canonical form is never cached (the reference's is, as in grading).
 */
import { parse } from "../src/expr/index.js";
import type { Expr } from "../src/expr/ast.js";
import type { SymbolTable } from "../src/expr/types.js";
import { equiv } from "../src/equivalence/index.js";
import { blockSymbols } from "../src/questions/a/index.js";

// The question bank's own table for the block (with Y's definition, as grading uses it).
const table: SymbolTable = blockSymbols;

function read(text: string): Expr {
  const r = parse(text, { symbols: table });
  if (!r.ok) throw new Error(`${text}: ${r.error.message}`);
  return r.value;
}

const reference = read("(G V) \\circ h'(X W^\\top)");
const equal = ["h'(X W^\\top) \\circ (G V)", "((V^\\top G^\\top) \\circ h'(W X^\\top))^\\top", "(G V) \\circ h'(X W^\\top) + 0 G V"].map(read);
const wrong = ["(G V) \\circ h(X W^\\top)", "G V", "-(G V) \\circ h'(X W^\\top)", "2 (G V) \\circ h'(X W^\\top)"].map(read);

function timeDecisions(others: Expr[], n: number, symbolic: boolean, fresh = false): { msPerDecision: number; allAsExpected: boolean; trialsPerDecision: number } {
  let expected = true;
  let trials = 0;
  const want = others === equal;
  const start = performance.now();
  for (let k = 0; k < n; k++) {
    // fresh: a new answer object each time, as when every student's text is parsed anew (no cache hits).
    const answer = fresh ? structuredClone(others[k % others.length]) : others[k % others.length];
    const r = equiv(reference, answer, { symbols: table, seed: k + 1, symbolic });
    trials += r.evidence.trials;
    if (r.equivalent !== want) expected = false;
  }
  return { msPerDecision: (performance.now() - start) / n, allAsExpected: expected, trialsPerDecision: trials / n };
}

export async function run(): Promise<Record<string, unknown>> {
  timeDecisions(equal, 300, true); // warm-up: JIT and caches
  timeDecisions(wrong, 300, true);
  const n = 1000;
  const eq = timeDecisions(equal, n, true);
  const ne = timeDecisions(wrong, n, true);
  const numericOnly = timeDecisions(equal, n, false);
  const fresh = timeDecisions(equal, n, true, true);
  return {
    decisions: 2 * n,
    equalMsPerDecision: eq.msPerDecision,
    equalTrialsPerDecision: eq.trialsPerDecision,
    differentMsPerDecision: ne.msPerDecision,
    equalNumericOnlyMsPerDecision: numericOnly.msPerDecision,
    equalFreshAnswerMsPerDecision: fresh.msPerDecision,
    meanMsPerDecision: (eq.msPerDecision + ne.msPerDecision) / 2,
    under2ms: Math.max(eq.msPerDecision, ne.msPerDecision, fresh.msPerDecision) < 2,
    verdictsAsExpected: eq.allAsExpected && ne.allAsExpected,
  };
}
