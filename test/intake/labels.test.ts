import { describe, expect, it } from "vitest";
import { findAnswers, type Cell } from "../../src/intake/labels.js";
import { notebookCells } from "../../src/intake/notebook.js";

const cell = (source: string, tags: string[] = [], k = 1): Cell => ({ source, tags, where: `cell ${k}` });
const labels = ["Q1", "Q3a", "Q3b"];

describe("the answer convention", () => {
  it("a bold label starts an answer that runs to the next known label", () => {
    const r = findAnswers([cell("intro\n**Q3a:** $A = G V$\nmore of it\n**Q3b**: $B$\n")], labels);
    expect(r.answers.get("Q3a")?.markdown).toBe(" $A = G V$\nmore of it");
    expect(r.answers.get("Q3b")?.markdown).toBe(" $B$\n");
    expect(r.answers.has("Q1")).toBe(false);
  });

  it("labels compare case-insensitively, after a heading's #s, in either bold form", () => {
    const r = findAnswers([cell("## **q1:** x"), cell("__Q3A:__ y"), cell("**Q3b** : z")], labels);
    expect([...r.answers.keys()].sort()).toEqual(["Q1", "Q3a", "Q3b"]);
  });

  it("unknown bold labels do not split an answer but are reported", () => {
    const r = findAnswers([cell("**Q1:**\n**Answer:** $x$\n"), cell("**Question 3:** $y$")], labels);
    expect(r.answers.get("Q1")?.markdown).toBe("\n**Answer:** $x$\n");
    expect(r.unknownLabels).toEqual(["Answer", "Question 3"]);
  });

  it("a tagged cell is the answer, over label lines elsewhere", () => {
    const r = findAnswers([cell("**Q1:** from a label", [], 1), cell("**Q1:** $S_i$", ["gradsheet:Q1"], 2), cell("$$B$$", ["other", "GRADSHEET:q3b"], 3)], labels);
    expect(r.answers.get("Q1")).toEqual({ markdown: " $S_i$", where: "cell 2", occurrences: 1 });
    expect(r.answers.get("Q3b")?.markdown).toBe("$$B$$");
  });

  it("a label alone in its cell takes the markdown cell right below it", () => {
    const next = (source: string, k: number, follows = true): Cell => ({ ...cell(source, [], k), follows });
    const r = findAnswers([cell("Answer below.\n**Q1:**\n", [], 1), next("$S_i$\n\nbecause", 2), cell("**Q3a:**", [], 3), next("**Q3b:** $B$", 4)], labels);
    expect(r.answers.get("Q1")).toEqual({ markdown: "$S_i$\n\nbecause", where: "cell 2", occurrences: 1 });
    // The cell below has a label of its own: Q3a stays blank.
    expect(r.answers.get("Q3a")?.markdown.trim()).toBe("");
    expect(r.answers.get("Q3b")?.markdown).toBe(" $B$");
    // A code cell between them (follows: false) breaks the link.
    const apart = findAnswers([cell("**Q1:**", [], 1), next("$S_i$", 3, false)], labels);
    expect(apart.answers.get("Q1")?.markdown).toBe("");
  });

  it("a part given twice counts the last, and says how many times", () => {
    const r = findAnswers([cell("**Q1:** Derive the Jacobian.", [], 1), cell("**Q1:** $S_i$", [], 4)], labels);
    expect(r.answers.get("Q1")).toEqual({ markdown: " $S_i$", where: "cell 4", occurrences: 2 });
  });
});

describe("reading a notebook", () => {
  it("keeps markdown cells (source as a string or a list of lines) with tags and positions", () => {
    const nb = JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        { cell_type: "code", source: "**Q1:** not here", metadata: {}, outputs: [] },
        { cell_type: "markdown", source: ["**Q1:**\n", "$x$"], metadata: { tags: ["gradsheet:Q1", 3] } },
        { cell_type: "markdown", source: 12, metadata: {} },
        null,
      ],
    });
    const r = notebookCells("\ufeff" + nb);
    expect(r).toEqual({ ok: true, cells: [{ source: "**Q1:**\n$x$", tags: ["gradsheet:Q1"], where: "cell 2", follows: false }] });
  });

  it("names what is wrong with a file that is not an nbformat 4 notebook", () => {
    const cases: Array<[string, RegExp]> = [
      ["{", /not valid JSON/],
      ["[]", /not a Jupyter notebook/],
      ['{"nbformat": 3, "worksheets": []}', /nbformat 3/],
      ['{"cells": []}', /no nbformat field/],
      ['{"nbformat": 4}', /no list of cells/],
    ];
    for (const [text, why] of cases) {
      const r = notebookCells(text);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.code).toBe("bad-notebook");
        expect(r.message).toMatch(why);
      }
    }
  });
});
