/** Every example of docs/notation.md parses: table examples and ```latex lines with parse, ```answer blocks with parseAnswer. */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { parse, parseAnswer } from "../../src/expr/index.js";

const doc = readFileSync(new URL("../../docs/notation.md", import.meta.url), "utf8");
const rows = [...doc.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
const blocks = (lang: string): string[] => [...doc.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]);
const latexLines = blocks("latex").flatMap((b) => b.split("\n").filter((l) => l.trim() !== ""));
const answers = blocks("answer").map((b) => b.trim());

describe("docs/notation.md examples", () => {
  test("there are many", () => {
    expect(rows.length).toBeGreaterThan(100);
    expect(answers.length).toBeGreaterThanOrEqual(4);
  });

  test.each([...rows, ...latexLines])("%s", (text) => {
    const r = parse(text);
    expect(r.ok ? "ok" : `${r.error.message} at ${r.error.pos.offset}`).toBe("ok");
  });

  test.each(answers)("answer: %s", (text) => {
    const r = parseAnswer(text);
    expect(r.ok ? "ok" : `${r.error.message} at ${r.error.pos.offset}`).toBe("ok");
    if (r.ok) expect(r.value.every((s) => s.name !== null)).toBe(true);
  });
});
