import { describe, expect, it } from "vitest";
import { grade, gradeBatch } from "../../src/index.js";
import type { Grade } from "../../src/index.js";
import { CASES, HOSTILE, HOSTILE_QUESTIONS, type HeldoutCase } from "./heldout-corpus.js";

/**
 * The held-out corpus (heldout-corpus.ts) run through `grade`. Wrong answers are graded under
 * several seeds: a false accept under any seed is a false accept.
 */
const ACCEPT_SEEDS = [1, 2];
const REJECT_SEEDS = [1, 2, 3];
/** Generous: grade's own budget is 2 s; this only catches a hang, not a slow box. */
const HOSTILE_LIMIT_MS = 4000;

const VERDICTS = new Set(["correct", "incorrect", "invalid"]);
/** The only codes a right answer may carry (the slot notes are about the form, not the maths). */
const PRAISE = new Set(["correct", "joint-correct", "duplicate-slot", "unknown-slot"]);
const SLOT_VERDICTS = new Set(["correct", "incorrect", "invalid", "missing"]);

function seen(g: Grade): string {
  return `${g.verdict} ${JSON.stringify(g.codes)} ${JSON.stringify(g.feedback)}`;
}

/** The grade object's invariants (INTERFACE.md "Grades", docs/grading.md). */
function expectWellFormed(g: Grade, questionId: string): void {
  expect(g.question).toBe(questionId);
  expect(VERDICTS.has(g.verdict), seen(g)).toBe(true);
  expect(g.score).toBeGreaterThanOrEqual(0);
  expect(g.score).toBeLessThanOrEqual(1);
  expect(g.codes.length, seen(g)).toBe(g.feedback.length);
  expect(g.feedback.length, "every verdict says why").toBeGreaterThan(0);
  for (const m of g.feedback) expect(typeof m).toBe("string");
  for (const v of Object.values(g.slots)) expect(SLOT_VERDICTS.has(v)).toBe(true);
  expect(JSON.parse(JSON.stringify(g))).toEqual(g);
}

function label(c: HeldoutCase): string {
  const a = c.a.length > 90 ? `${c.a.slice(0, 90)}…` : c.a;
  return `${c.v}: ${JSON.stringify(a)}`;
}

function check(c: HeldoutCase, seed: number): void {
  const g = grade(c.q, c.a, { seed });
  const why = `${c.q} seed ${seed} ${c.why ?? ""} -> ${seen(g)}`;
  expectWellFormed(g, c.q);
  expect(g.verdict, why).toBe(c.v);
  expect(g.evidence.seed).toBe(seed);
  if (c.v === "correct") {
    expect(g.score, why).toBe(1);
    // A right answer gets no message that says something is wrong with it.
    for (const k of g.codes) expect(PRAISE.has(k), `"${k}" on a right answer: ${why}`).toBe(true);
    return;
  }
  expect(g.score, why).toBeLessThan(1);
  if (c.v === "invalid") expect(g.score, why).toBe(0);
  if (c.codes) expect(c.codes.some((k) => g.codes.includes(k)), `expected one of ${c.codes.join(", ")}: ${why}`).toBe(true);
  if (c.avoid) for (const k of c.avoid) expect(g.codes, `"${k}" is false here: ${why}`).not.toContain(k);
}

const byQuestion = new Map<string, HeldoutCase[]>();
for (const c of CASES) byQuestion.set(c.q, [...(byQuestion.get(c.q) ?? []), c]);

describe("held-out corpus, section A", () => {
  for (const [q, cases] of byQuestion) {
    describe(q, () => {
      it.each(cases.map((c) => [label(c), c] as const))("%s", (_l, c) => {
        for (const seed of c.v === "correct" ? ACCEPT_SEEDS : REJECT_SEEDS) check(c, seed);
      });
    });
  }

  it("covers every section-A formula question with accepted and rejected answers", () => {
    expect(byQuestion.size).toBeGreaterThanOrEqual(14);
    for (const [q, cases] of byQuestion) {
      expect(cases.some((c) => c.v === "correct"), q).toBe(true);
      expect(cases.some((c) => c.v === "incorrect"), q).toBe(true);
    }
  });
});

describe("held-out corpus, slots", () => {
  it("grades the first of duplicate slots and says so", () => {
    const right = grade("block-gradients-ab", String.raw`A = G V, A = V G, B = h'(X W^\top)`, { seed: 1 });
    expect(right.codes).toContain("duplicate-slot");
    expect(right.verdict, seen(right)).toBe("correct");
    const wrong = grade("block-gradients-ab", String.raw`A = V G, A = G V, B = h'(X W^\top)`, { seed: 1 });
    expect(wrong.codes).toContain("duplicate-slot");
    expect(wrong.verdict, seen(wrong)).not.toBe("correct");
  });

  it("says so when a number slot is given twice (conv1d-modes)", () => {
    const g = grade("conv1d-modes", "F = [1, 2, 5, 8, 6, 8], V = [5, 8], S = [2, 5, 8, 6], S = [1, 2, 5, 8]", { seed: 1 });
    expect(g.codes, seen(g)).toContain("duplicate-slot");
    const wrongFirst = grade("conv1d-modes", "F = [1, 2, 5, 8, 6, 8], V = [5, 8], S = [1, 2, 5, 8], S = [2, 5, 8, 6]", { seed: 1 });
    expect(wrongFirst.verdict, seen(wrongFirst)).toBe("incorrect");
  });

  it("gives partial credit when one slot of two is right", () => {
    const g = grade("block-gradients-ab", String.raw`A = G V, B = h(X W^\top)`, { seed: 1 });
    expect(g.score).toBeGreaterThan(0);
    expect(g.score).toBeLessThan(1);
  });

  it("rejects an unknown question with the known ids, without throwing", () => {
    const g = grade("no-such-question", "G V", { seed: 1 });
    expect(g.verdict).toBe("invalid");
    expect(g.codes).toContain("unknown-question");
  });
});

describe("held-out corpus, hostile input", () => {
  it.each(HOSTILE.map((h) => [h.name, h] as const))("%s: a clean verdict on every question, never correct", (_n, h) => {
    const answer = h.make();
    for (const q of HOSTILE_QUESTIONS) {
      const t0 = performance.now();
      let g: Grade | undefined;
      expect(() => {
        g = grade(q, answer, { seed: 5 });
      }, `${q}: grade threw`).not.toThrow();
      const ms = performance.now() - t0;
      const got = g as Grade;
      expect(ms, `${q}: ${h.name} took ${Math.round(ms)} ms`).toBeLessThan(HOSTILE_LIMIT_MS);
      expectWellFormed(got, q);
      expect(h.v, `${q}: ${seen(got)}`).toContain(got.verdict);
      if (h.codes) expect(h.codes.some((k) => got.codes.includes(k)), `${q}: expected one of ${h.codes.join(", ")}: ${seen(got)}`).toBe(true);
      // The student's text is reported, never executed or echoed unbounded.
      expect(JSON.stringify(got).length, `${q}: feedback size`).toBeLessThan(20_000);
    }
  });
});

describe("held-out corpus, determinism", () => {
  const sample = CASES.filter((_c, k) => k % 4 === 0);
  it("the same answer and seed give byte-identical JSON", () => {
    for (const c of sample) {
      for (const seed of [1, 9]) {
        const a = JSON.stringify(grade(c.q, c.a, { seed }));
        const b = JSON.stringify(grade(c.q, c.a, { seed }));
        expect(b, `${c.q}: ${c.a}`).toBe(a);
      }
    }
  });

  it("the default seed is 1", () => {
    for (const c of sample.slice(0, 20)) expect(JSON.stringify(grade(c.q, c.a)), c.a).toBe(JSON.stringify(grade(c.q, c.a, { seed: 1 })));
  });

  it("hostile answers are graded deterministically too", () => {
    for (const h of HOSTILE.filter((x) => x.make().length < 10_000)) {
      const answer = h.make();
      const a = JSON.stringify(grade("block-gradients-ab", answer, { seed: 4 }));
      const b = JSON.stringify(grade("block-gradients-ab", answer, { seed: 4 }));
      expect(b, h.name).toBe(a);
    }
  });

  it("grading other answers in between does not change a grade", () => {
    const first = sample.map((c) => JSON.stringify(grade(c.q, c.a, { seed: 3 })));
    const again = [...sample].reverse().map((c) => JSON.stringify(grade(c.q, c.a, { seed: 3 }))).reverse();
    expect(again).toEqual(first);
  });
});

describe("held-out corpus, a batch with broken lines", () => {
  it("answers every line, in order, with the same grade as one at a time", async () => {
    const sample = CASES.filter((_c, k) => k % 9 === 0);
    const broken = [
      "{not json",
      "[1, 2, 3]",
      '{"id": "x1", "question": "softmax-jacobian"}',
      '{"id": "x2", "answer": "S_i"}',
      '{"id": "x3", "question": "softmax-jacobian", "answer": 42}',
      '{"id": "x4", "question": "no-such-question", "answer": "G V"}',
      "   ",
      '{"id": "x5", "question": "block-gradients-ab", "answer": "' + "(".repeat(5000) + '"}',
      "x".repeat(70_000),
    ];
    const lines: string[] = [];
    sample.forEach((c, k) => {
      lines.push(JSON.stringify({ id: `s${k}`, question: c.q, answer: c.a }));
      if (k < broken.length) lines.push(broken[k]);
    });
    const records = await gradeBatch(lines.join("\n") + "\n", { seed: 2, workers: 1 });
    expect(records).toHaveLength(lines.length);
    let k = 0;
    lines.forEach((line, n) => {
      const r = records[n];
      if (line.startsWith('{"id":"s')) {
        const c = sample[k++];
        expect(r.id).toBe(`s${k - 1}`);
        const { id: _id, ...g } = r;
        expect(JSON.stringify(g), c.a).toBe(JSON.stringify(grade(c.q, c.a, { seed: 2 })));
      } else {
        expect(r.verdict, line.slice(0, 60)).toBe("invalid");
        expect(r.codes.length).toBeGreaterThan(0);
      }
    });
  });
});
