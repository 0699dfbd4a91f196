import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { main } from "../../src/cli/main.js";
import { getQuestion, questionIds } from "../../src/questions/index.js";
import { csvSubmissions, gradeSubmissions, parseCsv, readAnswerMap, MapError, type IntakeRecord } from "../../src/intake/index.js";
import { COLUMN, CSV_MAP_YAML, generateCsv, LABELS } from "./generate.js";

const root = mkdtempSync(join(tmpdir(), "gradsheet-csv-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("RFC 4180 CSV", () => {
  it("reads quoted fields with commas, line breaks and doubled quotes, a BOM and CRLF", () => {
    const t = parseCsv('\ufeffa,b,c\r\n"x, y","line 1\r\nline 2","say ""hi"""\r\n\r\nplain,,end\nlast,"",x');
    expect(t.error).toBeNull();
    expect(t.rows.map((r) => r.fields)).toEqual([["a", "b", "c"], ["x, y", "line 1\r\nline 2", 'say "hi"'], ["plain", "", "end"], ["last", "", "x"]]);
    expect(t.rows.map((r) => r.line)).toEqual([1, 2, 5, 6]);
  });

  it("keeps stray quotes in unquoted fields and text after a closing quote", () => {
    expect(parseCsv('a"b,"c"d\r').rows[0].fields).toEqual(['a"b', "cd"]);
  });

  it("a quoted field never closed keeps the rows before it and names its line", () => {
    const t = parseCsv('h1,h2\nok,1\nbad,"open\nstill open');
    expect(t.rows.map((r) => r.fields)).toEqual([["h1", "h2"], ["ok", "1"]]);
    expect(t.error).toEqual({ line: 3, message: "a quoted field opened on line 3 is never closed", fields: ["bad"] });
  });

  test.prop([fc.array(fc.array(fc.string({ maxLength: 12 }), { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 8 })])("reads back what a writer quoted", (rows) => {
    const q = (s: string): string => `"${s.replace(/"/g, '""')}"`;
    const t = parseCsv(rows.map((r) => r.map(q).join(",")).join("\r\n"));
    expect(t.error).toBeNull();
    expect(t.rows.map((r) => r.fields)).toEqual(rows);
  });
});

describe("grading a CSV export", () => {
  const map = readAnswerMap(CSV_MAP_YAML, "answers.yaml", getQuestion, questionIds);
  const gen = generateCsv(11);

  async function gradeCsv(text: string, seed = 1): Promise<IntakeRecord[]> {
    return gradeSubmissions(csvSubmissions(text, "quiz.csv", map), map, { lookup: getQuestion, seed, workers: 1 });
  }

  it("gives one record per student per column, with the expected verdicts", async () => {
    const records = await gradeCsv(gen.text);
    expect(records).toHaveLength(gen.students.length * LABELS.length);
    const byKey = new Map(records.map((r) => [`${r.id}/${r.label}`, r]));
    expect(byKey.size).toBe(records.length);
    for (const s of gen.students) {
      for (const label of LABELS) {
        const r = byKey.get(`${s.id}/${COLUMN[label]}`) as IntakeRecord;
        expect(r, `${s.id} ${label}`).toBeDefined();
        expect(`${s.id} ${label}: ${r.verdict}`).toBe(`${s.id} ${label}: ${s.expect[label].verdict}`);
        const code = s.expect[label].code;
        if (code) expect(r.codes, `${s.id} ${label}: ${r.feedback.join(" | ")}`).toContain(code);
      }
    }
    expect(new Set(records.map((r) => r.verdict)).size).toBe(3);
    expect(records[0].source).toBe("line 2");
    const lastLine = gen.text.slice(0, gen.text.lastIndexOf("Late,Student")).split(/\r\n|\r|\n/).length;
    expect(lastLine).toBeGreaterThan(gen.students.length + 1);
    expect(records.at(-1)?.feedback[0]).toContain(`quiz.csv: a quoted field opened on line ${lastLine} is never closed`);
    expect(records.at(-1)?.source).toBe(`line ${lastLine}`);
  });

  it("is deterministic for a seed", async () => {
    expect(generateCsv(11).text).toBe(gen.text);
    expect(JSON.stringify(await gradeCsv(gen.text, 5))).toBe(JSON.stringify(await gradeCsv(generateCsv(11).text, 5)));
  });

  it("finds the student column by its usual names, and Canvas's `id: question` headers", () => {
    const m = readAnswerMap("answers:\n  '4021': softmax-jacobian\n", "m.yaml", getQuestion, questionIds);
    const subs = csvSubmissions('name,id,"4021: What is dS/dx?"\nAnn,u1,$S_i$\n', "c.csv", m);
    expect(subs.map((s) => s.id)).toEqual(["u1"]);
    expect((subs[0].answers as Map<string, { markdown: string }>).get("4021")?.markdown).toBe("$S_i$");
  });

  it("refuses a map that names a column the export lacks, naming the columns", () => {
    expect(() => csvSubmissions("Email address,Response 1\nx,y\n", "q.csv", map)).toThrow(MapError);
    expect(() => csvSubmissions("Email address,Response 1\nx,y\n", "q.csv", map)).toThrow(/no column "Response 2".*"Email address", "Response 1"/);
    const noId = readAnswerMap("answers:\n  R: softmax-jacobian\n", "m.yaml", getQuestion, questionIds);
    expect(() => csvSubmissions("Who,R\nx,y\n", "q.csv", noId)).toThrow(/student: HEADER/);
  });

  it("runs from the command line", async () => {
    const csv = join(root, "quiz.csv");
    const mapFile = join(root, "answers.yaml");
    const out = join(root, "grades.jsonl");
    writeFileSync(csv, gen.text);
    writeFileSync(mapFile, CSV_MAP_YAML);
    const err: string[] = [];
    const code = await main(["grade", "--csv", csv, "--map", mapFile, "--out", out, "--workers", "1"], { out: () => {}, err: (t) => err.push(t) });
    expect(code).toBe(0);
    expect(readFileSync(out, "utf8").trim().split("\n")).toHaveLength(gen.students.length * 4);
    const bad = join(root, "short.csv");
    writeFileSync(bad, "Email address,Response 1\nx,y\n");
    const err2: string[] = [];
    expect(await main(["grade", "--csv", bad, "--map", mapFile], { out: () => {}, err: (t) => err2.push(t) })).toBe(2);
    expect(err2.join("\n")).toContain('no column "Response 2"');
    expect(await main(["grade", "--csv", bad, "--notebooks", root, "--map", mapFile], { out: () => {}, err: () => {} })).toBe(2);
  });
});
