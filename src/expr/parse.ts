/**
 * The public entry points: text -> AST (`parse`) and text -> filled slots (`parseAnswer`). Both
 * return a result, never throw: every failure is a ParseError with a position and a code.
 */
import type { Expr, ParseResult, Slot } from "./ast.js";
import { toParseError } from "./errors.js";
import type { ParseLimits } from "./limits.js";
import { DEFAULT_INDEX_LETTERS, subscriptedName } from "./names.js";
import { parseRawExpr, parseRawList, type DialectOption } from "./raw.js";
import { resolveExpr, tableInfo } from "./resolve.js";
import type { SymbolTable } from "./types.js";

export interface ParseOptions {
  /** Resolve names against this table (aliases, declared names, unknown-symbol errors). */
  symbols?: SymbolTable;
  /** "auto" (default) reads LaTeX when the text has a backslash or a brace. */
  dialect?: DialectOption;
  /** Override the bounds on length, depth and number size. */
  limits?: Partial<ParseLimits>;
}

function rawOptions(opts: ParseOptions) {
  return {
    dialect: opts.dialect ?? "auto",
    limits: opts.limits,
    words: opts.symbols ? tableInfo(opts.symbols).words : undefined,
  };
}

/** One expression (a relation such as `a = b` is one expression). */
export function parse(text: string, opts: ParseOptions = {}): ParseResult<Expr> {
  try {
    const raw = parseRawExpr(text, rawOptions(opts));
    return { ok: true, value: resolveExpr(raw, opts.symbols) };
  } catch (err) {
    return { ok: false, error: toParseError(text, err) };
  }
}

/**
 * An answer: `A = G V, B = h'(XW^\top)` (separated by `,` `;` `\\` `\quad` or line breaks), or a
 * bare expression (one slot named null). `E_{ij} = ...` is slot "E" with indices ["i", "j"].
 */
export function parseAnswer(text: string, opts: ParseOptions = {}): ParseResult<Slot[]> {
  try {
    const raws = parseRawList(text, rawOptions(opts));
    const slots = raws.map((raw) => {
      const head = slotHead(raw);
      if (!head || raw.kind !== "rel") return { name: null, expr: resolveExpr(raw, opts.symbols), span: raw.span };
      const rest: Expr =
        raw.operands.length === 2 ? raw.operands[1] : { kind: "rel", ops: raw.ops.slice(1), operands: raw.operands.slice(1) };
      const slot: Slot = { name: head.name, expr: resolveExpr(rest, opts.symbols), span: raw.span };
      if (head.indices) slot.indices = head.indices;
      return slot;
    });
    return { ok: true, value: slots };
  } catch (err) {
    return { ok: false, error: toParseError(text, err) };
  }
}

/** `A = ...`, `\mathbf{A} = ...`, `\tilde X = ...`, `E_{ij} = ...`: the slot being filled, if any. */
function slotHead(raw: Expr): { name: string; indices?: string[] } | null {
  if (raw.kind !== "rel" || raw.ops[0] !== "=") return null;
  const lhs = raw.operands[0];
  if (lhs.kind === "sym") return { name: lhs.name };
  if (lhs.kind === "index" && lhs.base.kind === "sym") {
    const letters = lhs.indices.every((x) => x.kind === "sym" && DEFAULT_INDEX_LETTERS.has(x.name));
    if (letters) return { name: lhs.base.name, indices: lhs.indices.map((x) => (x as { name: string }).name) };
    return { name: subscriptedName(lhs.base.name, lhs.indices) };
  }
  return null;
}
