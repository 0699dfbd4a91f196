/**
 * The parser's token cursor: position, lookahead without parsing, the depth bound, bracket state and
 * error helpers. The grammar is layered on it: scripts.ts (sub- and superscripts), grammar.ts
 * (precedence, postfix, brackets), constructs.ts (fractions, derivatives, big operators,
 * environments, ASCII forms) and parser.ts (primaries: names, commands, text). Recursive descent
 * builds a raw AST; resolve.ts then checks names against a symbol table.
 */
import type { Expr, RelOp, Span } from "./ast.js";
import { fail } from "./errors.js";
import type { ParseLimits } from "./limits.js";
import { type Dialect, matchBraces, type Token } from "./tokenize.js";
import { BOLD, DECORATIONS, greekName, RELATIONS } from "./vocabulary.js";

export interface ParserOptions {
  dialect: Dialect;
  limits: ParseLimits;
  /** Reading an answer: at top level, line breaks and \quad end an implicit product. */
  answer: boolean;
}

/** A parsed primary; `name` is set when it is a bare name that may be applied (`h`, `\hat{\sigma}`). */
export interface Atom {
  e: Expr;
  name?: string;
}

export type Sup =
  | { kind: "transpose" }
  | { kind: "prime"; n: number }
  | { kind: "suffix"; text: string; inner: Expr | null; transposed?: boolean }
  | { kind: "power"; e: Expr }
  | { kind: "side"; side: "+" | "-" };

export const PROSE = new Set(["if", "otherwise", "else", "for", "and", "when", "where", "o.w.", "if and only if", ",", "."]);
export const TEXT_LIKE = new Set(["text", "textrm", "mbox", "textit", "textbf", "textsf", "texttt"]);
/** Commands that never begin a term: a product stops in front of them. */
export const STOP_COMMANDS = new Set([
  "cdot", "times", "circ", "odot", "right", "to", "rightarrow", "longrightarrow", "top", "intercal",
  "prime", "rfloor", "rceil", "rvert", "rVert", "rangle", "mid", "in", "sim", "colon", "pm", "mp",
  "le", "leq", "leqslant", "ge", "geq", "geqslant", "ne", "neq", "lt", "gt", "approx", "equiv",
]);
export const MATRIX_ENVS = new Set(["bmatrix", "pmatrix", "matrix", "Bmatrix", "smallmatrix"]);
export const CLOSERS: Record<string, string> = { "(": ")", "[": "]", "\\{": "\\}", "|": "|", "\\|": "\\|", lfloor: "rfloor", lceil: "rceil", lvert: "rvert", lVert: "rVert", langle: "rangle" };

export abstract class TokenCursor {
  protected p = 0;
  protected depth = 0;
  protected groupDepth = 0;
  protected absOpen = 0;
  protected normOpen = 0;
  protected integralStop = false;
  protected allowSide = false;
  protected side: "+" | "-" | null = null;
  protected lastEnd = 0;
  protected readonly braces: Int32Array;
  protected readonly parens: Int32Array;
  protected readonly squares: Int32Array;

  constructor(
    protected readonly toks: Token[],
    protected readonly opts: ParserOptions,
  ) {
    this.braces = matchBraces(toks);
    this.parens = matchBraces(toks, "(", ")");
    this.squares = matchBraces(toks, "[", "]");
  }

  protected isSeparator(t: Token): boolean {
    return t.kind === "sep" || (t.kind === "op" && (t.text === "," || t.text === ";" || t.text === "\\\\"));
  }

  /** A sentence's `.` or `,`, or an align line's `\\`, after the formula. */
  protected skipTrailingPunctuation(): void {
    const trailing = (t: Token): boolean => t.kind === "sep" || (t.kind === "op" && [".", ",", ";", "\\\\"].includes(t.text));
    let k = this.p;
    while (trailing(this.toks[k])) k++;
    if (this.toks[k].kind === "eof") this.p = k;
  }

  protected sensitive(): boolean {
    return this.opts.answer && this.groupDepth === 0;
  }

  protected peek(): Token {
    if (!this.sensitive()) while (this.toks[this.p].kind === "sep") this.p++;
    return this.toks[this.p];
  }

  protected next(): Token {
    const t = this.peek();
    if (t.kind !== "eof") this.p++;
    this.lastEnd = t.end;
    return t;
  }

  protected isOp(t: Token | undefined, text: string): boolean {
    return t !== undefined && t.kind === "op" && t.text === text;
  }

  protected isCmd(t: Token | undefined, name: string): boolean {
    return t !== undefined && t.kind === "cmd" && t.text === name;
  }

  protected span(start: number): Span {
    return { start, end: Math.max(start, this.lastEnd) };
  }

  protected describe(t: Token): string {
    switch (t.kind) {
      case "eof":
        return "the end of the formula";
      case "cmd":
        return `\\${t.text}`;
      case "begin":
        return `\\begin{${t.text}}`;
      case "end":
        return `\\end{${t.text}}`;
      case "text":
        return `\\${t.arg}{${t.text}}`;
      case "sep":
        return t.text === "newline" ? "a line break" : `\\${t.text}`;
      default:
        return `"${t.text}"`;
    }
  }

  protected unexpected(t: Token, expected?: string): never {
    if (t.kind === "eof") fail("syntax", `the formula ends too early${expected ? `: expected ${expected}` : ""}`, t.start);
    fail("syntax", `unexpected ${this.describe(t)}${expected ? `: expected ${expected}` : ""}`, t.start);
  }

  protected expectOp(text: string, what: string): Token {
    const t = this.peek();
    if (!this.isOp(t, text)) this.unexpected(t, what);
    return this.next();
  }

  protected enter(offset: number): void {
    if (++this.depth > this.opts.limits.maxDepth) {
      fail("too-deep", `the formula is nested more than ${this.opts.limits.maxDepth} levels deep`, offset);
    }
  }

  protected leave(n = 1): void {
    this.depth -= n;
  }

  /** Runs `f` inside brackets: separators are plain space, and |, \| and integrals start afresh. */
  protected inGroup<T>(f: () => T): T {
    const saved = [this.absOpen, this.normOpen, this.integralStop, this.allowSide] as const;
    this.groupDepth++;
    this.absOpen = 0;
    this.normOpen = 0;
    this.integralStop = false;
    this.allowSide = false;
    try {
      return f();
    } finally {
      this.groupDepth--;
      [this.absOpen, this.normOpen, this.integralStop, this.allowSide] = saved;
    }
  }

  /** The next token that can continue an expression; in answer mode, looks past a line break only for a binary operator. */
  protected continueTok(): Token {
    const t = this.peek();
    if (t.kind !== "sep") return t;
    let k = this.p;
    while (this.toks[k].kind === "sep") k++;
    const after = this.toks[k];
    if (this.isBinary(after)) {
      this.p = k;
      return after;
    }
    return t;
  }

  protected isBinary(t: Token): boolean {
    if (t.kind === "op") return ["+", "-", "*", "/", ".*", "(.)", "=", "<", ">", "<=", ">=", "!="].includes(t.text);
    if (t.kind === "cmd") return ["cdot", "times", "circ", "odot"].includes(t.text) || `\\${t.text}` in RELATIONS;
    return false;
  }

  protected relOf(t: Token): RelOp | undefined {
    if (t.kind === "op") return RELATIONS[t.text];
    if (t.kind === "cmd") return RELATIONS[`\\${t.text}`];
    return undefined;
  }

  /** `d t` / `\mathrm{d} t` at index k, as the differential ending an integral. */
  protected isDifferential(k: number): boolean {
    const t = this.toks[k];
    const isD = (t.kind === "id" && t.text === "d") || (t.kind === "text" && t.text.trim() === "d");
    if (!isD) return false;
    const v = this.toks[k + 1];
    return (v.kind === "id" && (v.text.length === 1 || greekName(v.text) !== undefined)) || (v.kind === "cmd" && greekName(v.text) !== undefined);
  }

  protected opensCall(t: Token, order: number): boolean {
    if (this.isOp(t, "(")) return true;
    if (this.isCmd(t, "left") && this.isOp(this.toks[this.p + 1], "(")) return true;
    return order > 0 && this.isOp(t, "[");
  }

  protected neverClosed(open: Token): never {
    const what = open.kind === "cmd" ? `\\${open.text}` : open.text;
    fail("syntax", `${what} is never closed`, open.start);
  }

  protected leafOf(k: Token): Expr {
    const span = { start: k.start, end: k.end };
    if (k.kind === "num") return { kind: "num", value: k.value ?? Number(k.text), span };
    const g = greekName(k.text);
    return { kind: "sym", name: g ? `\\${g}` : k.text, span };
  }

  protected matrixOf(rows: Expr[][], at: number, span: Span): Expr {
    const n = rows[0].length;
    if (n === 0 || rows.some((r) => r.length !== n)) fail("syntax", "every row of a matrix needs the same number of entries", at);
    return { kind: "matrix", rows, span };
  }

  protected isDOrPartial(k: Token): boolean {
    return this.isCmd(k, "partial") || (k.kind === "id" && k.text === "d") || (k.kind === "text" && k.text.trim() === "d");
  }

  /** Index just past a name and its scripts starting at k, or -1: lookahead without parsing. */
  protected skipName(k: number): number {
    const t = this.toks[k];
    if (!t) return -1;
    if (this.isOp(t, "{")) {
      if (this.braces[k] < 0) return -1;
      k = this.braces[k] + 1;
    } else if (t.kind === "id" && !["if", "otherwise", "else", "odot", "circ", "cdot", "times"].includes(t.text)) k++;
    else if (t.kind === "cmd" && greekName(t.text)) k++;
    else if (t.kind === "text" && /^[A-Za-z]$/.test(t.text.trim())) k++;
    else if (t.kind === "cmd" && (BOLD.has(t.text) || t.text in DECORATIONS)) {
      const u = this.toks[k + 1];
      if (this.isOp(u, "{")) {
        if (this.braces[k + 1] < 0) return -1;
        k = this.braces[k + 1] + 1;
      } else if (u && (u.kind === "id" || u.kind === "cmd")) k += 2;
      else return -1;
    } else return -1;
    while (this.isOp(this.toks[k], "_") || this.isOp(this.toks[k], "^")) {
      const u = this.toks[k + 1];
      if (!u || u.kind === "eof") return -1;
      if (this.isOp(u, "{")) {
        if (this.braces[k + 1] < 0) return -1;
        k = this.braces[k + 1] + 1;
      } else k += 2;
    }
    return k;
  }

  /** `dL/dY`, `dx_i/dx_j`: decided on tokens, so a plain `d` costs nothing. */
  protected derivAhead(): boolean {
    const slash = this.isOp(this.toks[this.p + 1], "/") ? this.p + 1 : this.skipName(this.p + 1);
    if (slash < 0 || !this.isOp(this.toks[slash], "/")) return false;
    const d = this.toks[slash + 1];
    const isD = (d.kind === "id" && d.text === "d") || (d.kind === "text" && d.text.trim() === "d");
    return isD && this.skipName(slash + 2) > 0;
  }

  /** Whether an expectation's or indicator's bracket follows. */
  protected opensCondition(): boolean {
    const u = this.toks[this.p];
    return this.isOp(u, "[") || this.isOp(u, "\\{") || this.isOp(u, "(") || this.isOp(u, "_") || (this.isCmd(u, "left") && !!this.toks[this.p + 1] && ["[", "\\{", "("].includes(this.toks[this.p + 1].text));
  }

  /** A `(` (or `\left(`) next: after `\mathbf{1}` it is a product, not a condition. */
  protected opensParen(): boolean {
    const u = this.toks[this.p];
    return this.isOp(u, "(") || (this.isCmd(u, "left") && this.toks[this.p + 1]?.text === "(");
  }

  /** `E[...]` or `E_{x}[...]` ahead (so that a slot named E still reads as a name). */
  protected expectAhead(): boolean {
    let k = this.p + 1;
    if (this.isOp(this.toks[k], "_")) {
      const u = this.toks[k + 1];
      if (!u) return false;
      k = this.isOp(u, "{") ? this.braces[k + 1] + 1 : k + 2;
      if (k <= 0) return false;
    }
    const u = this.toks[k];
    return this.isOp(u, "[") || (this.isCmd(u, "left") && this.isOp(this.toks[k + 1], "["));
  }

  protected endsEnv(t: Token, name: string): boolean {
    return t.kind === "end" && t.text === name;
  }

  protected checkEnvOpen(begin: Token): Token {
    const t = this.peek();
    if (t.kind === "eof") fail("syntax", `\\begin{${begin.text}} is never closed by \\end{${begin.text}}`, begin.start);
    if (t.kind === "end" && t.text !== begin.text) fail("syntax", `\\begin{${begin.text}} is closed by \\end{${t.text}}`, t.start);
    return t;
  }

  protected isWordTok(t: Token, words: string[]): boolean {
    return (t.kind === "id" || t.kind === "text") && words.includes(t.text.trim());
  }
}
