import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FEEDBACK_CODES } from "../../src/grading/index.js";
import { sectionA } from "../../src/questions/a/index.js";
import { guardAnswer } from "../../src/grading/guard.js";
import { pointAt, positionOf } from "../../src/grading/location.js";

const docs = readFileSync(new URL("../../docs/grading.md", import.meta.url), "utf8");

describe("feedback codes", () => {
  it("every code the grader can emit is documented in docs/grading.md", () => {
    for (const code of Object.keys(FEEDBACK_CODES)) expect(docs, code).toContain("`" + code + "`");
  });

  it("every question-specific code of section A is documented", () => {
    for (const q of sectionA) for (const m of q.mistakes ?? []) expect(docs, `${q.id}: ${m.code}`).toContain("`" + m.code + "`");
  });
});

describe("guard and location", () => {
  it("points at the line and column with a caret under the place", () => {
    const text = "A = G V,\nB = h'(X W^\\top";
    const pos = positionOf(text, 14);
    expect(pos).toEqual({ offset: 14, line: 2, column: 6 });
    const shown = pointAt(text, pos);
    expect(shown).toContain("line 2, column 6");
    const [, excerpt, caret] = shown.split("\n");
    expect(excerpt.trim()).toBe("B = h'(X W^\\top");
    expect(caret.indexOf("^") - excerpt.indexOf("B")).toBe(5);
  });

  it("cuts long lines to a window around the place", () => {
    const text = "x".repeat(500) + "?" + "y".repeat(500);
    const shown = pointAt(text, positionOf(text, 500));
    const [, excerpt, caret] = shown.split("\n");
    expect(excerpt.length).toBeLessThan(80);
    expect(excerpt[caret.indexOf("^")]).toBe("?");
  });

  it("refuses bad text before parsing, naming what and where", () => {
    expect(guardAnswer("ab\u0000c")).toMatchObject({ code: "bad-character", pos: { offset: 2, column: 3 } });
    expect(guardAnswer("\ud83d\ude00 fine")).toBeNull();
    expect(guardAnswer("x \ud83d")).toMatchObject({ code: "bad-character" });
    expect(guardAnswer("[".repeat(65))).toMatchObject({ code: "too-deep" });
    expect(guardAnswer("(".repeat(64) + ")".repeat(64))).toBeNull();
    expect(guardAnswer(undefined)).toMatchObject({ code: "bad-input" });
    expect(guardAnswer("")).toMatchObject({ code: "empty" });
  });
});
