import { existsSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { UsageError, type Command } from "./command.js";
import { takeSeed } from "./check.js";
import { renderSheet, selectQuestions, sheetSummary, summaryLine } from "../sheet/index.js";

/** Writes the sheet, or says which file could not be written (exit 2, no stack trace). */
function writeSheet(file: string, html: string): void {
  try {
    writeFileSync(file, html);
  } catch (e) {
    throw new UsageError(`cannot write --out ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

const usage = `usage: gradsheet sheet [--out FILE] [--questions ID,...] [--seed N]

Writes the verified answer sheet: one self-contained HTML file (KaTeX rendered, fonts embedded,
readable offline and printable) with every question's prompt, answer, checked derivation and
verification badge, plots and tables. Prints one line per question: id, verified or not, how.
  --out FILE          where to write (default answer-sheet.html)
  --questions ID,...  only these questions, in this order (default: all)
  --seed N            the random instances of every oracle and proof check (default 1)
Exit 1 when any question fails verification, a proof step fails, or a formula does not render.`;

export const sheetCommand: Command = {
  name: "sheet",
  summary: "write the verified answer sheet (self-contained HTML)",
  usage,
  async run(argv, io) {
    const { seed, rest } = takeSeed(argv);
    let out = "answer-sheet.html";
    let ids: string[] | undefined;
    for (let k = 0; k < rest.length; k++) {
      const a = rest[k];
      const [name, inline] = a.startsWith("--") && a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
      if (name !== "--out" && name !== "--questions") throw new UsageError(`unknown argument '${a}'`);
      const value = inline ?? rest[++k];
      if (value === undefined || value === "") throw new UsageError(`${name} needs a value`);
      if (name === "--out") out = value;
      else ids = value.split(",").map((s) => s.trim()).filter(Boolean);
    }
    // Checked before the minutes of verification, not after them; the write itself is guarded too.
    const dir = dirname(out);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`cannot write --out ${out}: no such directory '${dir}'`);
    try {
      selectQuestions(ids);
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
    const sheet = renderSheet({ questions: ids, seed: seed ?? 1 });
    for (const r of sheet.results) {
      io.out(summaryLine(r));
      if (!r.verified && r.detail) io.out(`    ${r.detail}`);
      for (const p of r.proof?.problems ?? []) io.out(`    ${p}`);
      for (const f of r.renderFailures) io.out(`    KaTeX: ${f}`);
    }
    writeSheet(out, sheet.html);
    io.out(`wrote ${out}: ${sheetSummary(sheet.results)}${sheet.ok ? "" : "; see the lines marked NOT VERIFIED / FAILED above"}`);
    return sheet.ok ? 0 : 1;
  },
};
