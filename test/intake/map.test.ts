import { describe, expect, it } from "vitest";
import { getQuestion, questionIds } from "../../src/questions/index.js";
import { readAnswerMap, MapError } from "../../src/intake/map.js";

const read = (yaml: string) => readAnswerMap(yaml, "answers.yaml", getQuestion, questionIds);

function error(yaml: string): string {
  try {
    read(yaml);
  } catch (e) {
    if (e instanceof MapError) return e.message;
    throw e;
  }
  throw new Error("no error");
}

describe("the answer map", () => {
  it("reads whole questions, slots, points and the CSV student column", () => {
    const m = read('student: "Email address"\nanswers:\n  Q1: softmax-jacobian\n  "Response 2": {question: block-gradients-ab, slot: A}\n  Q3b: {question: block-gradients-ab, slot: B, points: 2.5}\n');
    expect(m.student).toBe("Email address");
    expect(m.entries).toEqual([
      { label: "Q1", question: "softmax-jacobian", slot: null, points: 1 },
      { label: "Response 2", question: "block-gradients-ab", slot: "A", points: 1 },
      { label: "Q3b", question: "block-gradients-ab", slot: "B", points: 2.5 },
    ]);
  });

  it("reports every kind of mistake with file and line", () => {
    expect(error("answers:\n  Q1: nope\n")).toMatch(/^answers\.yaml:2: Q1: unknown question 'nope'; questions: softmax-jacobian/);
    expect(error("answers:\n  Q1: {question: block-gradients-ab, slot: C}\n")).toMatch(/^answers\.yaml:2: .*no slot 'C'; its slots are A, B/);
    expect(error("answers:\n  Q1: softmax-jacobian\n  Q1: softmax-jacobian\n")).toMatch(/^answers\.yaml:3: .*unique/);
    expect(error("answers:\n  Q1: softmax-jacobian\n  q1: softmax-jacobian\n")).toMatch(/^answers\.yaml:3: label q1 is given twice/);
    expect(error("answer:\n  Q1: softmax-jacobian\n")).toMatch(/^answers\.yaml:1: unknown key 'answer'/);
    expect(error("answers:\n  Q1: {question: softmax-jacobian, slots: J}\n")).toMatch(/answers\.yaml:2: Q1: unknown key 'slots'/);
    expect(error("answers:\n  Q1: {question: softmax-jacobian, points: -1}\n")).toMatch(/points must be a number/);
    expect(error("answers:\n  A: {question: block-gradients-ab, slot: A}\n  B: {question: block-gradients-ab, slot: A}\n")).toMatch(/^answers\.yaml:3: B: slot A of block-gradients-ab is already mapped by A/);
    expect(error("answers:\n  A: {question: block-gradients-ab, slot: A}\n  AB: block-gradients-ab\n")).toMatch(/mapped whole by AB and by slots too/);
    expect(error("answers: {}\n")).toMatch(/no `answers:`/);
    expect(error("- a\n- b\n")).toMatch(/YAML mapping/);
    expect(error("answers:\n  Q1: [softmax-jacobian\n")).toMatch(/^answers\.yaml:\d+: /);
  });
});
