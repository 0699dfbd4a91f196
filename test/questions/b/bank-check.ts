/** The checks every B and D question gets: its oracle accepts its reference on seeds fast-check draws, and rejects real mistakes. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Question } from "../../../src/questions/types.js";
import { grade } from "../../../src/grading/index.js";
import { checkTable } from "../../../src/numeric/index.js";

/** The answer text that fills every slot from `slots`. */
export function answerText(question: Question, slots: Record<string, string>): string {
  return question.slots.length === 1 ? slots[question.slots[0]] : question.slots.map((s) => `${s} = ${slots[s]}`).join("; ");
}

export type Corruptions = Record<string, Array<Record<string, string>>>;

export function checkBank(section: string, questions: Question[], corruptions: Corruptions, numRuns: number): void {
  for (const question of questions) {
    describe(question.id, () => {
      it("verifies on random instances (seeds drawn by fast-check)", () => {
        fc.assert(
          fc.property(fc.integer({ min: 0, max: 1e6 }), (seed) => {
            const v = question.verify(seed);
            expect(v.ok, `${question.id} seed ${seed}: ${v.detail}`).toBe(true);
            expect(v.trials).toBeGreaterThan(0);
            expect(v.seed).toBe(seed);
          }),
          { numRuns },
        );
      });
      it("rejects corrupted references", () => {
        const wrong = corruptions[question.id];
        expect(wrong, `every ${section} question has corruptions`).toBeDefined();
        for (const patch of wrong) {
          const v = { ...question, reference: { ...question.reference, ...patch } }.verify(7);
          expect(v.ok, `${question.id} accepted ${JSON.stringify(patch)}`).toBe(false);
        }
      });
      it("known mistakes are wrong by the oracle and named by the grader", () => {
        for (const m of question.mistakes ?? []) {
          const filled = { ...question.reference, ...m.answer };
          expect({ ...question, reference: filled }.verify(3).ok, `${m.code} passes the oracle`).toBe(false);
          const g = grade(question.id, answerText(question, filled), { seed: 1 });
          expect(g.verdict, m.code).toBe("incorrect");
          expect(g.codes, `${m.code}: ${g.feedback.join(" | ")}`).toContain(m.code);
        }
      });
      it("has a symbol table the numeric layer finds no problem with", () => {
        expect(checkTable(question.symbols)).toEqual([]);
      });
      it("declares a slot for every reference and the right section", () => {
        expect(Object.keys(question.reference).sort()).toEqual([...question.slots].sort());
        expect(question.section).toBe(section === "conv" ? "A" : section);
      });
    });
  }
}
