import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gradeBatch, toGradescope, toJsonLines, type BatchRecord } from "../../src/grading/index.js";
import { main } from "../../src/cli/main.js";
import { MAX_LINE_LENGTH } from "../../src/grading/line.js";

const lines = [
  JSON.stringify({ id: "s1", question: "block-gradients-c", answer: "C = G^\\top h(X W^\\top)" }),
  "{not json",
  "",
  JSON.stringify({ id: 7, question: "block-gradients-c" }),
  JSON.stringify({ id: "s4", question: "nope", answer: "x" }),
  "[1, 2]",
  JSON.stringify({ id: "s6", question: "block-gradients-ab", answer: "A = G V, B = h(X W^\\top)" }),
  JSON.stringify({ id: "s7", question: "block-gradients-ab", answer: 12 }),
];
const text = lines.join("\n") + "\n";

function check(records: BatchRecord[]): void {
  expect(records).toHaveLength(lines.length);
  expect(records.map((r) => r.id)).toEqual(["s1", null, null, 7, "s4", null, "s6", "s7"]);
  expect(records.map((r) => r.verdict)).toEqual(["correct", "invalid", "invalid", "invalid", "invalid", "invalid", "incorrect", "invalid"]);
  expect(records[1].codes).toEqual(["bad-json"]);
  expect(records[1].feedback[0]).toContain("line 2");
  expect(records[2].codes).toEqual(["blank-line"]);
  expect(records[3].codes).toEqual(["missing-field"]);
  expect(records[3].feedback[0]).toContain("answer");
  expect(records[4].codes).toEqual(["unknown-question"]);
  expect(records[5].codes).toEqual(["bad-record"]);
  expect(records[6].codes).toContain("h-for-hprime");
  expect(records[7].codes).toEqual(["bad-input"]);
}

describe("batch grading", () => {
  it("gives one record per input line, in order, whatever the line holds", async () => {
    check(await gradeBatch(text, { seed: 1, workers: 1 }));
  });

  it("hostile lines get clean records too", async () => {
    const hostile = [
      JSON.stringify({ id: "h1", question: "softmax-jacobian", answer: "(".repeat(100_000) }),
      JSON.stringify({ id: "h2", question: "softmax-jacobian", answer: "S_i\u0000" }),
      '{"id": "h3", "question": "softmax-jacobian", "answer": "S_i \\ud800"}',
      JSON.stringify({ id: "h4", question: "softmax-jacobian", answer: null }),
      JSON.stringify({ id: "h5", question: 5, answer: "x" }),
      JSON.stringify({ id: "h6", question: "softmax-jacobian", answer: "S_i + ".repeat(20_000) }),
      JSON.stringify({ id: "h7", question: "leaky-relu-kaiming", answer: "2^{2^{2^{2^{2^{2}}}}}" }),
    ];
    const records = await gradeBatch(hostile.join("\n"), { seed: 1, workers: 1 });
    expect(records).toHaveLength(hostile.length);
    expect(records.map((r) => r.verdict)).toEqual(["invalid", "invalid", "invalid", "invalid", "invalid", "invalid", "incorrect"]);
    expect(records.map((r) => r.codes[0])).toEqual(["too-long", "bad-character", "bad-character", "bad-input", "bad-record", "too-long", records[6].codes[0]]);
    expect(records[1].feedback[0]).toContain("NUL");
    expect(records[1].feedback[0]).not.toMatch(/\. at line/);
    expect(records[5].id).toBe("h6");
  });

  it("a line too long to read as JSON, and a line lacking its id, still get a record each", async () => {
    const records = await gradeBatch(["x".repeat(MAX_LINE_LENGTH + 1), JSON.stringify({ question: "softmax-jacobian", answer: "S_i" })].join("\n"), { seed: 1, workers: 1 });
    expect(records.map((r) => [r.verdict, r.codes[0]])).toEqual([
      ["invalid", "too-long"],
      ["invalid", "missing-field"],
    ]);
    expect(records[1].feedback[0]).toMatch(/no id field/);
  });

  it("records are the single-answer grades plus the id", async () => {
    const [r] = await gradeBatch(lines[0], { seed: 4, workers: 1 });
    expect(Object.keys(r).slice(0, 3)).toEqual(["id", "question", "verdict"]);
    expect(r.evidence.seed).toBe(4);
  });

  it("writes JSON Lines and the Gradescope results shape", async () => {
    const records = await gradeBatch(text, { seed: 1, workers: 1 });
    const jsonl = toJsonLines(records).trimEnd().split("\n");
    expect(jsonl).toHaveLength(lines.length);
    expect(JSON.parse(jsonl[0]).id).toBe("s1");
    const gs = toGradescope(records);
    expect(gs.tests).toHaveLength(lines.length);
    expect(gs.tests[0]).toMatchObject({ name: "s1: block-gradients-c", score: 1, max_score: 1 });
    expect(gs.tests[6].score).toBe(0.5);
    expect(gs.tests[6].output).toContain("h-for-hprime");
    expect(gs.score).toBe(1.5);
  });

  const dist = new URL("../../dist/src/grading/batch.js", import.meta.url);
  it.skipIf(!existsSync(dist))("runs on worker threads from the compiled build (dist/) with the same records", async () => {
    const mod = (await import(dist.href)) as { gradeBatch: typeof gradeBatch };
    const viaWorkers = await mod.gradeBatch(text, { seed: 1, workers: 2, chunkSize: 2 });
    check(viaWorkers);
    expect(JSON.stringify(viaWorkers)).toBe(JSON.stringify(await gradeBatch(text, { seed: 1, workers: 1 })));
  });
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

describe("gradsheet grade and questions", () => {
  it("grades one answer as JSON", async () => {
    const c = capture();
    const code = await main(["grade", "--question", "block-gradients-c", "--answer", "C = G^\\top h(X W^\\top)", "--json", "--seed", "2"], c.io);
    expect(code).toBe(0);
    const g = JSON.parse(c.out.join("\n"));
    expect(g).toMatchObject({ question: "block-gradients-c", verdict: "correct", score: 1, slots: { C: "correct" } });
    expect(g.evidence.seed).toBe(2);
  });

  it("prints a human-readable grade by default; incorrect is still exit 0", async () => {
    const c = capture();
    expect(await main(["grade", "--question", "block-gradients-c", "--answer", "C = G^\\top h'(X W^\\top)"], c.io)).toBe(0);
    expect(c.out.join("\n")).toMatch(/incorrect.*\n.*\[hprime-for-h\]/);
  });

  it("exits 2 for an unknown question or missing flags", async () => {
    const c = capture();
    expect(await main(["grade", "--question", "nope", "--answer", "x"], c.io)).toBe(2);
    expect(c.err.join("\n")).toContain("softmax-jacobian");
    expect(await main(["grade", "--answer", "x"], capture().io)).toBe(2);
    expect(await main(["grade", "--question", "block-gradients-c", "--seed", "-1", "--answer", "x"], capture().io)).toBe(2);
  });

  it("grades a submissions file to --out and --gradescope", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gradsheet-grade-"));
    const input = join(dir, "subs.jsonl");
    writeFileSync(input, text);
    const c = capture();
    const code = await main(["grade", "--submissions", input, "--out", join(dir, "out.jsonl"), "--gradescope", join(dir, "results.json"), "--workers", "1"], c.io);
    expect(code).toBe(0);
    check(readFileSync(join(dir, "out.jsonl"), "utf8").trimEnd().split("\n").map((l) => JSON.parse(l) as BatchRecord));
    const gs = JSON.parse(readFileSync(join(dir, "results.json"), "utf8"));
    expect(gs.tests).toHaveLength(lines.length);
    expect(c.err.join("\n")).toContain("graded 8 line(s)");
  });

  it("exits 2 when the submissions file cannot be read or the output cannot be written", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gradsheet-grade-"));
    const c = capture();
    expect(await main(["grade", "--submissions", join(dir, "missing.jsonl")], c.io)).toBe(2);
    expect(c.err.join("\n")).toContain("missing.jsonl");
    const input = join(dir, "subs.jsonl");
    writeFileSync(input, lines[0] + "\n");
    const d = capture();
    expect(await main(["grade", "--submissions", input, "--out", join(dir, "no", "such", "dir", "out.jsonl")], d.io)).toBe(2);
    expect(d.err.join("\n")).toContain("cannot write --out");
  });

  it("lists the questions with slots and symbols", async () => {
    const c = capture();
    expect(await main(["questions", "--json"], c.io)).toBe(0);
    const list = JSON.parse(c.out.join("\n")) as Array<{ id: string; slots: string[]; symbols: Array<{ name: string; aliases?: string[]; shape?: unknown }> }>;
    const ab = list.find((q) => q.id === "block-gradients-ab");
    expect(ab?.slots).toEqual(["A", "B"]);
    const G = ab?.symbols.find((s) => s.name === "G");
    expect(G?.shape).toEqual(["S", "N"]);
    expect(G?.aliases).toContain("dL/dY");
    const h = capture();
    expect(await main(["questions"], h.io)).toBe(0);
    expect(h.out.join("\n")).toContain("leaky-relu-kaiming");
  });
});
