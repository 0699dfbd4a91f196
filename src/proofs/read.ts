/**
 * Reads the body of a proof: prose paragraphs and display-math blocks (`$$ ... $$`), in order.
 * Each block is a chain of equalities split at its top-level `=` signs; a block that starts with
 * `=` continues the chain of the block before it, any other block starts a new chain. A step's
 * reason is its block's `\tag{...}` if it has one, else the prose paragraph just before the block.
 */
import { readFrontMatter, type FrontMatter, type FrontMatterError } from "./frontmatter.js";

/** One side of one equality: the LaTeX of an expression and where it is. */
export interface Operand {
  latex: string;
  /** 1-based line in the proof file. */
  line: number;
}

export interface MathBlock {
  /** The block's LaTeX as written (without the `$$`). */
  latex: string;
  line: number;
  operands: Operand[];
  /** True when the block starts with `=`. */
  continues: boolean;
  reason: string | null;
}

/** The body in reading order: prose (Markdown) and math blocks. */
export type Segment = { kind: "prose"; text: string; line: number } | { kind: "math"; block: MathBlock };

export interface Chain {
  /** Consecutive operands; each is claimed equal to the one before. */
  operands: Operand[];
  /** The reason given for reaching operands[k] (k ≥ 1) from the one before, per operand. */
  reasons: Array<string | null>;
  /** Index of the block (in `blocks`) each operand comes from. */
  blockOf: number[];
}

export interface ProofDoc {
  front: FrontMatter;
  segments: Segment[];
  blocks: MathBlock[];
  chains: Chain[];
}

export type ReadResult = { ok: true; value: ProofDoc } | { ok: false; error: FrontMatterError };

const OPEN = "([{";
const CLOSE = ")]}";

/**
 * Splits a chain at `=` signs outside brackets and environments. Returns each operand's offset too;
 * an empty first operand means the block continues a chain.
 */
export function splitEqualities(latex: string): Array<{ text: string; offset: number }> {
  const parts: Array<{ text: string; offset: number }> = [];
  let depth = 0;
  let env = 0;
  let start = 0;
  for (let k = 0; k < latex.length; k++) {
    const c = latex[k];
    if (c === "\\") {
      const word = /^\\([a-zA-Z]+)/.exec(latex.slice(k));
      if (word) {
        if (word[1] === "begin") env++;
        else if (word[1] === "end") env--;
        k += word[0].length - 1;
      } else k++; // an escaped character such as \{ or \, is never a bracket or an equals sign
      continue;
    }
    if (OPEN.includes(c)) depth++;
    else if (CLOSE.includes(c)) depth--;
    else if (c === "=" && depth === 0 && env === 0) {
      parts.push({ text: latex.slice(start, k), offset: start });
      start = k + 1;
    }
  }
  parts.push({ text: latex.slice(start), offset: start });
  return parts;
}

/** Removes `\tag{...}` (returned as the reason) and trailing punctuation and spacing. */
function cleanBlock(latex: string): { latex: string; tag: string | null } {
  let tag: string | null = null;
  const m = /\\tag\*?\{([^{}]*)\}/.exec(latex);
  let text = latex;
  if (m) {
    tag = m[1].trim();
    text = text.slice(0, m.index) + " ".repeat(m[0].length) + text.slice(m.index + m[0].length);
  }
  text = text.replace(/(\\[,;:!]|\\quad|\\qquad|[\s.,;])+$/, (s) => " ".repeat(s.length));
  return { latex: text, tag };
}

function lineAt(text: string, offset: number, firstLine: number): number {
  let line = firstLine;
  for (let k = 0; k < offset && k < text.length; k++) if (text[k] === "\n") line++;
  return line;
}

/** Prose paragraphs' last paragraph, stripped of heading lines, as the reason for the next block. */
function lastParagraph(prose: string): string | null {
  const paras = prose.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p && !p.startsWith("#"));
  const last = paras[paras.length - 1];
  return last ? last.replace(/\s+/g, " ") : null;
}

/** Reads a whole proof file: front matter, then body segments, blocks and chains. */
export function readProof(text: string): ReadResult {
  const fm = readFrontMatter(text);
  if (!fm.ok) return fm;
  const body = fm.body;
  const first = fm.value.bodyLine;
  const segments: Segment[] = [];
  const blocks: MathBlock[] = [];
  let pos = 0;
  let proseSinceBlock = "";
  while (pos <= body.length) {
    const open = body.indexOf("$$", pos);
    if (open < 0) {
      const rest = body.slice(pos);
      if (rest.trim()) segments.push({ kind: "prose", text: rest, line: lineAt(body, pos, first) });
      break;
    }
    const close = body.indexOf("$$", open + 2);
    if (close < 0) {
      return { ok: false, error: { message: "a display block '$$' is never closed", line: lineAt(body, open, first) } };
    }
    const before = body.slice(pos, open);
    if (before.trim()) segments.push({ kind: "prose", text: before, line: lineAt(body, pos, first) });
    proseSinceBlock += before;
    const inner = body.slice(open + 2, close);
    const innerLine = lineAt(body, open + 2, first);
    const { latex, tag } = cleanBlock(inner);
    const parts = splitEqualities(latex);
    const continues = parts[0].text.trim() === "";
    const operands: Operand[] = [];
    for (const [k, p] of parts.entries()) {
      if (k === 0 && continues) continue;
      if (p.text.trim() === "") {
        return { ok: false, error: { message: "an empty side of '=' in a display block", line: lineAt(inner, p.offset, innerLine) } };
      }
      const lead = p.text.length - p.text.trimStart().length;
      operands.push({ latex: p.text.trim(), line: lineAt(inner, p.offset + lead, innerLine) });
    }
    const block: MathBlock = { latex: inner.trim(), line: innerLine, operands, continues, reason: tag ?? lastParagraph(proseSinceBlock) };
    blocks.push(block);
    segments.push({ kind: "math", block });
    proseSinceBlock = "";
    pos = close + 2;
  }
  const chains: Chain[] = [];
  for (const [b, block] of blocks.entries()) {
    let chain = chains[chains.length - 1];
    if (!block.continues || !chain) {
      if (block.continues) {
        return { ok: false, error: { message: "the first display block starts with '=': there is nothing before it to continue", line: block.line } };
      }
      chain = { operands: [], reasons: [], blockOf: [] };
      chains.push(chain);
    }
    for (const [k, op] of block.operands.entries()) {
      chain.operands.push(op);
      chain.reasons.push(k === 0 && !block.continues ? null : block.reason);
      chain.blockOf.push(b);
    }
  }
  return { ok: true, value: { front: fm.value, segments, blocks, chains } };
}
