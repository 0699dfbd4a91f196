import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { grade } from "../../src/grading/index.js";

interface Case {
  q: string;
  a: string;
  v: "correct" | "incorrect" | "invalid";
  code?: string;
  score?: number;
}

const corpus = JSON.parse(readFileSync(new URL("./corpus-a.json", import.meta.url), "utf8")) as { cases: Case[] };

describe("section-A accuracy corpus", () => {
  it.each(corpus.cases.map((c) => [`${c.q}: ${c.a}`, c] as const))("%s", (_label, c) => {
    const g = grade(c.q, c.a, { seed: 1 });
    const seen = `${g.verdict} ${JSON.stringify(g.codes)} ${JSON.stringify(g.feedback)}`;
    expect(g.verdict, seen).toBe(c.v);
    if (c.code) expect(g.codes, seen).toContain(c.code);
    if (c.score !== undefined) expect(g.score, seen).toBeCloseTo(c.score, 9);
    if (c.v === "correct") expect(g.score).toBe(1);
    if (c.v !== "correct") expect(g.score).toBeLessThan(1);
  });

  it("covers every section-A question this corpus is for with both accepted and rejected answers", () => {
    const ids = new Set(corpus.cases.map((c) => c.q));
    for (const id of ids) {
      expect(corpus.cases.some((c) => c.q === id && c.v === "correct")).toBe(true);
      expect(corpus.cases.some((c) => c.q === id && c.v !== "correct")).toBe(true);
    }
    expect(ids.size).toBeGreaterThanOrEqual(11);
  });
});
