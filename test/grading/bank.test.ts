import { describe, expect, it } from "vitest";
import { grade } from "../../src/grading/index.js";
import { questions } from "../../src/questions/index.js";

function referenceAnswer(q: ReturnType<typeof questions>[number]): string {
  return q.slots.length === 1 ? q.reference[q.slots[0]] : q.slots.map((s) => `${s} = ${q.reference[s]}`).join(", ");
}

describe("the grader on the whole bank", () => {
  const all = questions();

  it("grades every gradable question's own reference as correct", () => {
    const wrong: string[] = [];
    for (const q of all) {
      if (q.grading === "manual") continue;
      const g = grade(q.id, referenceAnswer(q), { seed: 2 });
      if (g.verdict !== "correct") wrong.push(`${q.id}: ${g.verdict} ${g.codes.join(",")} ${g.feedback[0]}`);
    }
    expect(wrong).toEqual([]);
    expect(all.length).toBeGreaterThanOrEqual(40);
  });

  it("says a prose question is not graded automatically", () => {
    const manual = all.filter((q) => q.grading === "manual");
    for (const q of manual) {
      const g = grade(q.id, "anything", { seed: 2 });
      expect(g.verdict).toBe("invalid");
      expect(g.codes).toEqual(["manual-only"]);
    }
  });

  it("an answer over its time budget gets a verdict saying so", () => {
    const g = grade("block-gradients-ab", "A = G V, B = h'(X W^\\top)", { seed: 2, budgetMs: 0 });
    expect(g.verdict).toBe("invalid");
    expect(g.codes).toEqual(["time-budget"]);
    expect(g.feedback[0]).toMatch(/time budget/);
  });
});
