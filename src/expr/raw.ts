/** Text -> raw AST (before symbol resolution): tokenizer and parser with the limits applied. */
import type { Expr } from "./ast.js";
import { fail } from "./errors.js";
import { DEFAULT_LIMITS, type ParseLimits } from "./limits.js";
import { Parser } from "./parser.js";
import { tokenize, unwrapLayout, type Dialect } from "./tokenize.js";

export type DialectOption = Dialect | "auto";

export interface RawOptions {
  dialect?: DialectOption;
  limits?: Partial<ParseLimits>;
  /** Multi-letter names the ASCII dialect keeps whole. */
  words?: ReadonlySet<string>;
}

/** "auto" reads LaTeX when the text has a backslash or a brace, ASCII otherwise. */
export function chooseDialect(text: string, dialect: DialectOption | undefined): Dialect {
  if (dialect === "latex" || dialect === "ascii") return dialect;
  return /[\\{}]/.test(text) ? "latex" : "ascii";
}

function setUp(text: string, opts: RawOptions, answer: boolean): Parser {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  if (text.length > limits.maxLength) {
    fail("too-long", `the formula is longer than ${limits.maxLength} characters`, limits.maxLength);
  }
  if (text.trim() === "") fail("empty", "the answer is empty", 0);
  const dialect = chooseDialect(text, opts.dialect);
  const toks = unwrapLayout(tokenize(text, { dialect, limits, words: opts.words }));
  return new Parser(toks, { dialect, limits, answer });
}

/** One expression; throws ParseFailure (callers convert it). */
export function parseRawExpr(text: string, opts: RawOptions = {}): Expr {
  return setUp(text, opts, false).parseWhole();
}

/** Slots as raw expressions (`A = ...` is a relation here). */
export function parseRawList(text: string, opts: RawOptions = {}): Expr[] {
  return setUp(text, opts, true).parseList();
}
