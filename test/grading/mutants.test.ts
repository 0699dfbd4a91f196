import { describe, expect, it } from "vitest";
import { toLatex } from "../../src/expr/index.js";
import { grade } from "../../src/grading/index.js";
import { prepare } from "../../src/grading/prepare.js";
import { sectionA, sectionAOracles } from "../../src/questions/a/index.js";

/**
 * Mutants of every section-A reference (the grader's own mistake generator) graded, and the verdict
 * compared with the question's independent oracle run on the same mutant: the grader may call a
 * mutant correct only when the oracle agrees (some mutants are right: the transpose of a symmetric
 * Jacobian), and must call it correct when the oracle does.
 */
const questions = sectionA.filter((q) => q.id !== "leaky-relu-kaiming" && q.id !== "bias-by-augmentation");

describe("grader verdicts on mutants agree with the independent oracles", () => {
  it.each(questions.map((q) => [q.id, q] as const))("%s", (_id, q) => {
    const p = prepare(q);
    let checked = 0;
    const disagreements: string[] = [];
    for (const slot of q.slots) {
      const ref = (p.references.get(slot) ?? [])[0];
      for (const m of p.mutations(`${slot}#0`, ref).slice(0, 24)) {
        const latex = toLatex(m.expr);
        const reference = { ...q.reference, [slot]: latex };
        const oracle = sectionAOracles[q.id](reference, 13);
        const answer = q.slots.length === 1 ? latex : q.slots.map((s) => `${s} = ${reference[s]}`).join(", ");
        const g = grade(q.id, answer, { seed: 13 });
        if (g.verdict === "invalid") continue;
        checked++;
        const graderSaysRight = g.verdict === "correct";
        if (graderSaysRight !== oracle.ok) disagreements.push(`${slot} = ${latex} [${m.code}]: grader ${g.verdict}, oracle ${oracle.ok ? "right" : "wrong"}`);
      }
    }
    expect(disagreements).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(3);
  });
});
