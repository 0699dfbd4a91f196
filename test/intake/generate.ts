/**
 * Generates a class of notebooks for the end-to-end tests: from a seed, 30 students whose answers are
 * drawn from known-correct and known-wrong forms (every math delimiter, labels and tags, a label cell
 * with the answer in the cell below, answers over several lines), and a fixed set of broken notebooks (invalid JSON, nbformat 3, a missing cell, a
 * wrong label, an empty answer, a huge answer, hostile LaTeX, unclosed math). Each answer's expected
 * verdict (and, where it is known, its code) comes with it.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Rng } from "../../src/tensor/rng.js";

export const MAP_YAML = `# which label is which question
answers:
  Q1: softmax-jacobian
  Q2: leaky-relu-kaiming
  Q3a: {question: block-gradients-ab, slot: A}
  Q3b: {question: block-gradients-ab, slot: B, points: 2}
`;

export const LABELS = ["Q1", "Q2", "Q3a", "Q3b"] as const;
export type Label = (typeof LABELS)[number];

export interface Expected {
  verdict: "correct" | "incorrect" | "invalid";
  /** A code the record must carry, where the form pins one. */
  code?: string;
}

interface Form {
  text: string;
  expect: Expected;
}

const ok = (text: string): Form => ({ text, expect: { verdict: "correct" } });
const wrong = (text: string, code: string): Form => ({ text, expect: { verdict: "incorrect", code } });

/** Known forms per label; for Q3a/Q3b the verdicts hold when the other slot is right. */
const FORMS: Record<Label, Form[]> = {
  Q1: [
    ok("$$S_i(\\delta_{ij} - S_j)$$"),
    ok("The Jacobian is \\(S_i (\\delta_{ij} - S_j)\\), by the quotient rule."),
    ok("$$\n\\frac{\\partial S_i}{\\partial x_j}\n= S_i(\\delta_{ij} - S_j)\n$$"),
    ok("\\[ S_i\\delta_{ij} - S_i S_j \\]"),
    wrong("$-S_i S_j$", "off-diagonal-only"),
    wrong("$$S_i(1 - S_i)$$", "diagonal-only"),
  ],
  Q2: [
    ok("$$\\sigma^2 = \\frac{2}{(1+\\alpha^2) d_x}$$"),
    ok("$\\frac{2}{(1 + \\alpha^2)\\, d_x}$"),
    ok("2/((1+alpha^2)*d_x)"),
    wrong("$\\frac{2}{d_x}$", "alpha-ignored"),
    wrong("$$\\sqrt{\\frac{2}{(1+\\alpha^2) d_x}}$$", "std-for-variance"),
  ],
  Q3a: [ok("$A = G V$"), ok("$$\\frac{\\partial L}{\\partial Y} V$$"), ok("A = $G V$")],
  Q3b: [ok("$$B = h'(X W^\\top)$$"), ok("\\(h'(X W^T)\\)"), wrong("$B = h(X W^\\top)$", "h-for-hprime")],
};

interface Cell {
  cell_type: "markdown" | "code";
  metadata: Record<string, unknown>;
  source: string[] | string;
}

function md(text: string, tags?: string[]): Cell {
  const lines = text.split(/(?<=\n)/);
  return { cell_type: "markdown", metadata: tags ? { tags } : {}, source: lines };
}

function code(text: string): Cell {
  return { cell_type: "code", metadata: {}, source: text };
}

function notebook(cells: Cell[]): string {
  return JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: "python3" } }, cells: cells.map((c) => (c.cell_type === "code" ? { ...c, outputs: [], execution_count: null } : c)) }, null, 1);
}

export interface Student {
  id: string;
  expect: Record<Label, Expected>;
}

export interface GeneratedClass {
  dir: string;
  students: Student[];
}

type Answers = Record<Label, string>;

/** An ordinary notebook: a prompt cell, code cells, and each answer by label or (drawn) by tag. */
function ordinary(rng: Rng, answers: Answers, omit: Label[] = []): Cell[] {
  const cells: Cell[] = [md("# Homework 3\n\nAnswer each part in the markdown cell after its label.\n"), code("import numpy as np\n")];
  for (const label of LABELS.filter((l) => !omit.includes(l))) {
    const body = answers[label];
    const layout = rng.int(0, 3);
    if (layout === 0) cells.push(md(body, [`gradsheet:${label}`]));
    else if (layout === 1) cells.push(md(`**${label}:** ${body}\n`));
    else if (layout === 2) cells.push(md(`**${label}:**\n\n${body}\n\nSome words on how I got it.`));
    else cells.push(md(`### **${label}:**\n`), md(`${body}\n\nSome words on how I got it.`));
  }
  return cells;
}

function allOk(): Record<Label, Expected> {
  return { Q1: { verdict: "correct" }, Q2: { verdict: "correct" }, Q3a: { verdict: "correct" }, Q3b: { verdict: "correct" } };
}

const RIGHT: Answers = { Q1: FORMS.Q1[0].text, Q2: FORMS.Q2[0].text, Q3a: FORMS.Q3a[0].text, Q3b: FORMS.Q3b[0].text };
const invalid = (code: string): Expected => ({ verdict: "invalid", code });

/** The broken notebooks: name, file text, expected records. */
function broken(rng: Rng): Array<{ text: string; expect: Record<Label, Expected> }> {
  const every = (e: Expected): Record<Label, Expected> => ({ Q1: e, Q2: e, Q3a: e, Q3b: e });
  const hostile = "$$\\def\\x{\\x}\\x \\input{/etc/passwd} " + "{".repeat(500) + "$$";
  return [
    { text: '{"nbformat": 4, "cells": [', expect: every(invalid("bad-notebook")) },
    { text: JSON.stringify({ nbformat: 3, worksheets: [{ cells: [] }] }), expect: every(invalid("bad-notebook")) },
    { text: "", expect: every(invalid("bad-notebook")) },
    // Q2's cell is missing.
    { text: notebook(ordinary(rng, RIGHT, ["Q2"])), expect: { ...allOk(), Q2: invalid("missing-answer") } },
    // A wrong label: "Question 2" is not in the map.
    { text: notebook([md(`**Q1:** ${RIGHT.Q1}`), md(`**Question 2:** ${RIGHT.Q2}`), md(`**Q3a:** ${RIGHT.Q3a}\n**Q3b:** ${RIGHT.Q3b}`)]), expect: { ...allOk(), Q2: invalid("missing-answer") } },
    // An empty answer, then the other parts in one cell over several lines.
    { text: notebook([md("**Q1:**\n\n"), md(`**Q2:**\n${RIGHT.Q2}\n**Q3a:**\n${RIGHT.Q3a}\n**Q3b:**\n${RIGHT.Q3b}`)]), expect: { ...allOk(), Q1: invalid("empty") } },
    // A huge answer.
    { text: notebook(ordinary(rng, { ...RIGHT, Q2: "$$" + "\\alpha + ".repeat(200_000) + "1$$" })), expect: { ...allOk(), Q2: invalid("too-long") } },
    // Hostile LaTeX in Q1, unclosed math in Q3b (Q3a is still graded alone and right).
    { text: notebook(ordinary(rng, { ...RIGHT, Q1: hostile, Q3b: "$B = h'(X W^\\top)" })), expect: { ...allOk(), Q1: { verdict: "invalid" }, Q3b: invalid("unclosed-math") } },
    // The template's prompt carries the label too; the answer after it counts, and the repeat is said.
    { text: notebook([md("**Q1:** Derive the softmax Jacobian."), ...ordinary(rng, RIGHT)]), expect: { ...allOk(), Q1: { verdict: "correct", code: "duplicate-answer" } } },
  ];
}

/** Writes `count` notebooks (the broken ones first, then drawn ones) to `dir`, from `seed`. */
export function generateClass(dir: string, seed: number, count = 30): GeneratedClass {
  mkdirSync(dir, { recursive: true });
  const rng = new Rng(seed);
  const students: Student[] = [];
  const bad = broken(rng.fork("broken"));
  for (let k = 0; k < count; k++) {
    const id = `s${String(k + 1).padStart(2, "0")}`;
    if (k < bad.length) {
      writeFileSync(join(dir, `${id}.ipynb`), bad[k].text);
      students.push({ id, expect: bad[k].expect });
      continue;
    }
    const pick = (label: Label): Form => rng.pick(FORMS[label]);
    const forms = { Q1: pick("Q1"), Q2: pick("Q2"), Q3a: pick("Q3a"), Q3b: pick("Q3b") };
    const expect = { Q1: forms.Q1.expect, Q2: forms.Q2.expect, Q3a: forms.Q3a.expect, Q3b: forms.Q3b.expect };
    // A wrong B leaves A right: the grader compares each slot alone when the product is wrong.
    writeFileSync(join(dir, `${id}.ipynb`), notebook(ordinary(rng, { Q1: forms.Q1.text, Q2: forms.Q2.text, Q3a: forms.Q3a.text, Q3b: forms.Q3b.text })));
    students.push({ id, expect });
  }
  writeFileSync(join(dir, "notes.txt"), "not a notebook: ignored\n");
  return { dir, students };
}

export const CSV_MAP_YAML = `student: Email address
answers:
  Response 1: softmax-jacobian
  Response 2: leaky-relu-kaiming
  Response 3: {question: block-gradients-ab, slot: A}
  Response 4: {question: block-gradients-ab, slot: B, points: 2}
`;

const COLUMN: Record<Label, string> = { Q1: "Response 1", Q2: "Response 2", Q3a: "Response 3", Q3b: "Response 4" };

function csvField(s: string): string {
  return /[",\r\n]/.test(s) || s.startsWith(" ") ? `"${s.replace(/"/g, '""')}"` : s;
}

export interface GeneratedCsv {
  text: string;
  /** Students in row order; the last row's quote is never closed. */
  students: Student[];
}

/**
 * A Moodle-style quiz responses export (BOM, CRLF, quoted fields with commas, line breaks and
 * quotes): `count` rows drawn from the known forms, a "-" (no response), a row cut short, and a last
 * row whose quote is never closed.
 */
export function generateCsv(seed: number, count = 30): GeneratedCsv {
  const rng = new Rng(seed);
  const header = ["Surname", "First name", "Email address", "State", "Grade/10.00", ...LABELS.map((l) => COLUMN[l])];
  const lines = [header.map(csvField).join(",")];
  const students: Student[] = [];
  for (let k = 0; k < count; k++) {
    const id = `s${String(k + 1).padStart(2, "0")}@uni.example`;
    const forms = { Q1: rng.pick(FORMS.Q1), Q2: rng.pick(FORMS.Q2), Q3a: rng.pick(FORMS.Q3a), Q3b: rng.pick(FORMS.Q3b) };
    const expect = { Q1: forms.Q1.expect, Q2: forms.Q2.expect, Q3a: forms.Q3a.expect, Q3b: forms.Q3b.expect };
    const answers = LABELS.map((l) => forms[l].text);
    if (k === 0) {
      answers[0] = 'By the quotient rule, "as in class", \\(S_i(\\delta_{ij} - S_j)\\)';
      expect.Q1 = { verdict: "correct" };
    }
    if (k === 1) {
      answers[1] = "-";
      expect.Q2 = { verdict: "invalid", code: "empty" };
    }
    const row = [`Student${k + 1}`, "Ann, B.", id, "Finished", "7.50", ...answers];
    if (k === 2) {
      // Cut short after the first response.
      lines.push(row.slice(0, 6).map(csvField).join(","));
      students.push({ id, expect: { ...expect, Q2: { verdict: "invalid", code: "missing-answer" }, Q3a: { verdict: "invalid", code: "missing-answer" }, Q3b: { verdict: "invalid", code: "missing-answer" } } });
      continue;
    }
    lines.push(row.map(csvField).join(","));
    students.push({ id, expect });
  }
  const broken = "s99@uni.example";
  lines.push(`Late,Student,${broken},Finished,0,"$S_i$ and a quote never closed`);
  const bad: Expected = { verdict: "invalid", code: "bad-csv" };
  students.push({ id: broken, expect: { Q1: bad, Q2: bad, Q3a: bad, Q3b: bad } });
  return { text: "\ufeff" + lines.join("\r\n") + "\r\n", students };
}

export { COLUMN };
