import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { getQuestion, questionIds } from "../../src/questions/index.js";
import { gradeSubmissions, readAnswerMap, readNotebookFolder, type IntakeRecord } from "../../src/intake/index.js";
import { generateClass, LABELS, MAP_YAML } from "./generate.js";

const root = mkdtempSync(join(tmpdir(), "gradsheet-nb-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const map = readAnswerMap(MAP_YAML, "answers.yaml", getQuestion, questionIds);

async function gradeFolder(dir: string, seed = 1): Promise<IntakeRecord[]> {
  return gradeSubmissions(readNotebookFolder(dir, map.entries.map((e) => e.label)), map, { lookup: getQuestion, seed, workers: 1 });
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
}

describe("grading a folder of notebooks", () => {
  const cls = generateClass(join(root, "class"), 7);

  it("gives one record per student per label, with the expected verdicts", async () => {
    const records = await gradeFolder(cls.dir);
    expect(records).toHaveLength(30 * LABELS.length);
    const byKey = new Map(records.map((r) => [`${r.id}/${r.label}`, r]));
    expect(byKey.size).toBe(records.length);
    for (const s of cls.students) {
      for (const label of LABELS) {
        const r = byKey.get(`${s.id}/${label}`) as IntakeRecord;
        const want = s.expect[label];
        expect(r, `${s.id} ${label}`).toBeDefined();
        expect(r.source).toBe(`${s.id}.ipynb`);
        expect(`${s.id} ${label}: ${r.verdict}`).toBe(`${s.id} ${label}: ${want.verdict}`);
        if (want.code) expect(r.codes, `${s.id} ${label}: ${r.feedback.join(" | ")}`).toContain(want.code);
        expect(r.feedback.length).toBeGreaterThan(0);
      }
    }
    // Both right and wrong answers, and every kind of breakage, are in the class.
    const verdicts = new Set(records.map((r) => r.verdict));
    expect([...verdicts].sort()).toEqual(["correct", "incorrect", "invalid"]);
  });

  it("says why a part is missing, naming a misspelt label", async () => {
    const records = await gradeFolder(cls.dir);
    const wrongLabel = records.find((r) => r.id === "s05" && r.label === "Q2") as IntakeRecord;
    expect(wrongLabel.feedback[0]).toContain("**Q2:**");
    expect(wrongLabel.feedback[0]).toContain("Question 2");
    const broken = records.find((r) => r.id === "s01") as IntakeRecord;
    expect(broken.feedback[0]).toMatch(/s01\.ipynb.*not valid JSON/);
  });

  it("is deterministic for a seed: same files, same records", async () => {
    const again = generateClass(join(root, "again"), 7);
    for (const name of readdirSync(cls.dir)) expect(readFileSync(join(again.dir, name), "utf8")).toBe(readFileSync(join(cls.dir, name), "utf8"));
    const a = JSON.stringify(await gradeFolder(cls.dir, 3));
    const b = JSON.stringify(await gradeFolder(again.dir, 3));
    expect(a).toBe(b);
    const other = generateClass(join(root, "other"), 8);
    expect(other.students.map((s) => JSON.stringify(s.expect))).not.toEqual(cls.students.map((s) => JSON.stringify(s.expect)));
  });

  it("runs from the command line with --out and --gradescope", async () => {
    const mapFile = join(root, "answers.yaml");
    writeFileSync(mapFile, MAP_YAML);
    const out = join(root, "grades.jsonl");
    const gs = join(root, "results.json");
    const c = capture();
    const code = await main(["grade", "--notebooks", cls.dir, "--map", mapFile, "--out", out, "--gradescope", gs, "--workers", "1"], c.io);
    expect(code).toBe(0);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines).toHaveLength(120);
    const first = JSON.parse(lines[0]) as IntakeRecord;
    expect(Object.keys(first).slice(0, 6)).toEqual(["id", "source", "label", "slot", "points", "question"]);
    const results = JSON.parse(readFileSync(gs, "utf8")) as { score: number; tests: Array<{ name: string; score: number; max_score: number }> };
    expect(results.tests).toHaveLength(120);
    // Q3b is worth 2 points: its tests say so and a right Q3b scores 2.
    const q3b = results.tests.filter((t) => t.name.includes(" Q3b:"));
    expect(q3b.every((t) => t.max_score === 2)).toBe(true);
    expect(q3b.some((t) => t.score === 2)).toBe(true);
    expect(c.err.join("\n")).toContain("graded 120 record(s)");
  });

  it("reads a sub-folder as one student (a Gradescope export), skipping hidden folders", async () => {
    const dir = join(root, "export");
    mkdirSync(join(dir, "submission_17", "work"), { recursive: true });
    mkdirSync(join(dir, ".ipynb_checkpoints"), { recursive: true });
    mkdirSync(join(dir, "submission_18"), { recursive: true });
    writeFileSync(join(dir, "submission_17", "work", "hw3.ipynb"), readFileSync(join(cls.dir, "s12.ipynb"), "utf8"));
    writeFileSync(join(dir, "submission_18", "scan.pdf"), "%PDF");
    writeFileSync(join(dir, ".ipynb_checkpoints", "s01-checkpoint.ipynb"), "{}");
    const records = await gradeFolder(dir);
    expect(records.map((r) => `${r.id} ${r.label}`)).toEqual(["submission_17", "submission_18"].flatMap((id) => LABELS.map((l) => `${id} ${l}`)));
    expect(records[0].source).toBe("submission_17/work/hw3.ipynb");
    const s12 = await gradeFolder(cls.dir);
    expect(records.slice(0, 4).map((r) => r.verdict)).toEqual(s12.filter((r) => r.id === "s12").map((r) => r.verdict));
    expect(records.slice(4).every((r) => r.verdict === "invalid" && r.codes[0] === "missing-answer")).toBe(true);
  });

  it("refuses a bad map or folder with a usage error naming it", async () => {
    const bad = join(root, "bad.yaml");
    writeFileSync(bad, "answers:\n  Q1: softmax-jacobian\n  Q3a: {question: block-gradients-ab, slot: A}\n");
    const c = capture();
    expect(await main(["grade", "--notebooks", cls.dir, "--map", bad], c.io)).toBe(2);
    expect(c.err.join("\n")).toMatch(/bad\.yaml:3: .*slot B has no label/);
    const c2 = capture();
    expect(await main(["grade", "--notebooks", join(root, "nope"), "--map", bad], c2.io)).toBe(2);
    const c3 = capture();
    expect(await main(["grade", "--notebooks", cls.dir], c3.io)).toBe(2);
    expect(c3.err.join("\n")).toContain("--map");
  });
});
