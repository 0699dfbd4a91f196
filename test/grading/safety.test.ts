import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { grade, MAX_ANSWER_LENGTH } from "../../src/grading/index.js";

const verdicts = ["correct", "incorrect", "invalid"];

function wellFormed(g: ReturnType<typeof grade>): void {
  expect(verdicts).toContain(g.verdict);
  expect(g.score).toBeGreaterThanOrEqual(0);
  expect(g.score).toBeLessThanOrEqual(1);
  expect(g.feedback.length).toBe(g.codes.length);
  expect(g.feedback.length).toBeGreaterThan(0);
  // The grade must survive JSON unchanged (no NaN, no Infinity, no undefined).
  expect(JSON.parse(JSON.stringify(g))).toEqual(g);
}

describe("hostile answers get clean verdicts", () => {
  const hostile: Array<[string, string, string]> = [
    ["100k open parentheses", "(".repeat(100_000), "too-long"],
    ["1 MB answer", "x+".repeat(500_000), "too-long"],
    ["deep nesting within the length limit", "(".repeat(1000) + "x" + ")".repeat(1000), "too-deep"],
    ["deep braces", "\\frac{".repeat(300) + "1" + "}{2}".repeat(300), "too-deep"],
    ["NUL byte", "s s^\\top\u0000", "bad-character"],
    ["lone high surrogate", "\\mathrm{diag}(s) \ud800", "bad-character"],
    ["lone low surrogate", "\udc00 - s s^\\top", "bad-character"],
    ["empty", "   ", "empty"],
  ];
  it.each(hostile)("%s", (_name, answer, code) => {
    const g = grade("softmax-jacobian-matrix", answer, { seed: 3 });
    expect(g.verdict).toBe("invalid");
    expect(g.codes).toContain(code);
    wellFormed(g);
  });

  it("an exponent tower is judged, not evaluated into a hang", () => {
    const g = grade("leaky-relu-kaiming", "2^{2^{2^{2^{2^{2}}}}}", { seed: 3 });
    expect(g.verdict).not.toBe("correct");
    wellFormed(g);
  });

  it("a \\frac bomb within the limits is judged", () => {
    const bomb = "\\frac{2}{".repeat(20) + "d_x" + "}".repeat(20);
    const g = grade("leaky-relu-kaiming", bomb, { seed: 3 });
    expect(g.verdict).not.toBe("correct");
    wellFormed(g);
  });

  it("a huge product within the length limit is judged", () => {
    const g = grade("block-gradients-c", "C = " + "G^\\top G ".repeat(Math.floor((MAX_ANSWER_LENGTH - 20) / 10)), { seed: 3 });
    expect(g.verdict).not.toBe("correct");
    wellFormed(g);
  });

  it("a non-string answer and an unknown question are invalid with a reason", () => {
    const g1 = grade("softmax-jacobian", 42 as unknown as string);
    expect(g1.verdict).toBe("invalid");
    expect(g1.codes).toEqual(["bad-input"]);
    const g2 = grade("no-such-question", "x");
    expect(g2.verdict).toBe("invalid");
    expect(g2.codes).toEqual(["unknown-question"]);
    expect(g2.feedback[0]).toContain("softmax-jacobian");
  });

  it("random text never throws and always gives a well-formed, reproducible grade", () => {
    const alphabet = fc.constantFrom(..."()[]{}^_\\+-*/=,;&01 2xXsSGVWhT'".split(""), "\\frac", "\\circ", "\\top", "\\mathrm{diag}", "\\sqrt", "\\left(", "\\right)");
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }).map((a) => a.join("")), fc.constantFrom("softmax-jacobian-matrix", "block-gradients-ab", "leaky-relu-kaiming"), (text, id) => {
        const g = grade(id, text, { seed: 5 });
        wellFormed(g);
        expect(grade(id, text, { seed: 5 })).toEqual(g);
      }),
      { numRuns: 60, seed: 17 },
    );
  });
});

describe("determinism", () => {
  it("the same answer and seed give byte-identical JSON", () => {
    for (const [id, answer] of [
      ["block-gradients-ab", "A = G V, B = h(X W^\\top)"],
      ["softmax-jacobian", "S_i(\\delta_{ij} - S_j)"],
      ["leaky-relu-kaiming", "\\frac{2}{d_x}"],
    ] as const) {
      expect(JSON.stringify(grade(id, answer, { seed: 9 }))).toBe(JSON.stringify(grade(id, answer, { seed: 9 })));
    }
  });

  it("the verdict does not depend on the seed", () => {
    for (const seed of [1, 2, 3, 99]) {
      expect(grade("block-gradients-c", "C = G^\\top h(X W^\\top)", { seed }).verdict).toBe("correct");
      expect(grade("block-gradients-c", "C = G^\\top h'(X W^\\top)", { seed }).verdict).toBe("incorrect");
    }
  });
});
