/**
 * The front matter of a proof file:
 *
 *     ---
 *     question: block-gradients-ab
 *     symbols:
 *       L: scalar := \mathrm{trace}(G^\top Y)
 *       z: scalar, random
 *     assume:
 *       - W + 2P \ge F
 *     answers:
 *       - (A \circ B) W
 *     ---
 *
 * A proof reads its formulas in the symbol table of its question; `symbols` adds local symbols (or
 * replaces a question symbol of the same name). One declaration per line:
 *
 *     NAME: KIND [SIZE] [, DOMAIN]... [:= DEFINITION]
 *
 * KIND is scalar, vector N, matrix R x C, index [N], dimension, elementwise [f|g|...] or function;
 * DOMAIN is real, positive, nonnegative, integer LO..HI, interval (LO, HI], onehot, probability,
 * awayFromKink MARGIN, or `random [normal | uniform LO..HI]` for a variable an expectation
 * `\mathbb{E}_{z}[...]` averages over (standard normal by default; the law becomes the symbol's domain). DEFINITION is LaTeX in the other symbols.
 *
 * `assume:` lists relations the proof takes for granted (x \ne 0 as `\max(|x|) > 0`): they join the
 * question's constraints, so steps are judged only on instances where they hold.
 *
 * `answer:` (or a list under `answers:`) is LaTeX in the question's slot names: the last chain of
 * the proof must end in it with the reference answer substituted for each slot (with several
 * answers, the last chains in order). Without one, a one-slot question's reference is the target.
 */
import type { SymbolDecl } from "../expr/types.js";
import { parseSymbolLine, SymbolLineError, type RandomLaw } from "../expr/symbol-line.js";

export { parseSymbolLine, type RandomLaw };

export interface FrontMatter {
  question: string | null;
  symbols: SymbolDecl[];
  random: Record<string, RandomLaw>;
  answers: string[];
  /** Relations assumed by the proof, added to the table's constraints. */
  assumptions: string[];
  /** Line (1-based) of each answer, for error reports. */
  answerLines: number[];
  /** The first line after the closing `---` (1-based); the body starts here. */
  bodyLine: number;
}

export interface FrontMatterError {
  message: string;
  line: number;
}

export type FrontMatterResult = { ok: true; value: FrontMatter; body: string } | { ok: false; error: FrontMatterError };

/**
 * Splits `text` into front matter and body. A file without front matter is an error: a proof must
 * say which question it proves.
 */
export function readFrontMatter(text: string): FrontMatterResult {
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== "---") {
    return { ok: false, error: { message: "a proof starts with front matter: '---', 'question: ID', '---'", line: 1 } };
  }
  const close = lines.findIndex((l, k) => k > 0 && l.trim() === "---");
  if (close < 0) return { ok: false, error: { message: "the front matter is not closed by a '---' line", line: 1 } };
  const fm: FrontMatter = { question: null, symbols: [], random: {}, answers: [], assumptions: [], answerLines: [], bodyLine: close + 2 };
  let section: "symbols" | "answers" | "assume" | null = null;
  try {
    for (let k = 1; k < close; k++) {
      const raw = lines[k];
      const line = k + 1;
      if (raw.trim() === "" || raw.trim().startsWith("#")) continue;
      const indented = /^\s/.test(raw);
      if (indented && section === "symbols") {
        fm.symbols.push(parseSymbolLine(raw, line, fm.random));
        continue;
      }
      if (indented && (section === "answers" || section === "assume")) {
        const m = /^\s*-\s+(.+)$/.exec(raw);
        if (!m) throw new SymbolLineError(`an item of '${section}' is written '  - LATEX', found '${raw.trim()}'`, line);
        if (section === "assume") fm.assumptions.push(m[1].trim());
        else {
          fm.answers.push(m[1].trim());
          fm.answerLines.push(line);
        }
        continue;
      }
      const m = /^(\w+):\s*(.*)$/.exec(raw);
      if (!m) throw new SymbolLineError(`front matter lines are 'key: value', found '${raw.trim()}'`, line);
      const [, key, value] = m;
      section = null;
      if (key === "question") fm.question = value.trim() || null;
      else if (key === "symbols" && value.trim() === "") section = "symbols";
      else if (key === "answers" && value.trim() === "") section = "answers";
      else if (key === "assume" && value.trim() === "") section = "assume";
      else if (key === "answer" && value.trim() !== "") {
        fm.answers.push(value.trim());
        fm.answerLines.push(line);
      } else throw new SymbolLineError(`unknown front matter key '${key}' (question, symbols, assume, answer, answers)`, line);
    }
  } catch (e) {
    if (e instanceof SymbolLineError) return { ok: false, error: { message: e.message, line: e.line } };
    throw e;
  }
  if (!fm.question) return { ok: false, error: { message: "the front matter must name the question: 'question: ID'", line: 1 } };
  return { ok: true, value: fm, body: lines.slice(close + 1).join("\n") };
}
