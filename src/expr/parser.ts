/**
 * Recursive descent from tokens to a raw AST: names are not yet checked against a symbol table, and
 * `name(...)` is always a `call` (resolve.ts decides between application and product, and between
 * a subscripted name `d_x` and indexed access `S_i`). Every recursion goes through `enter`, which
 * checks the depth bound before descending, so no input can overflow the stack.
 */
import type { CaseBranch, Expr, RelOp, Span } from "./ast.js";
import { fail } from "./errors.js";
import type { ParseLimits } from "./limits.js";
import { toLatex } from "./print.js";
import { matchBraces, type Dialect, type Token } from "./tokenize.js";
import { DEFAULT_INDEX_LETTERS } from "./names.js";
import { SUB_WORDS, suggestCommand } from "./vocabulary.js";
import {
  BOLD,
  DECORATIONS,
  FUNCTION_COMMANDS,
  FUNCTION_WORDS,
  RELATIONS,
  greekName,
} from "./vocabulary.js";

export interface ParserOptions {
  dialect: Dialect;
  limits: ParseLimits;
  /** Reading an answer: at top level, line breaks and \quad end an implicit product. */
  answer: boolean;
}

/** A parsed primary; `name` is set when it is a bare name that may be applied (`h`, `\hat{\sigma}`). */
interface Atom {
  e: Expr;
  name?: string;
}

type Sup =
  | { kind: "transpose" }
  | { kind: "prime"; n: number }
  | { kind: "suffix"; text: string; inner: Expr | null }
  | { kind: "power"; e: Expr }
  | { kind: "side"; side: "+" | "-" };

const PROSE = new Set(["if", "otherwise", "else", "for", "and", "when", "where", "o.w.", "if and only if", ",", "."]);
const TEXT_LIKE = new Set(["text", "textrm", "mbox", "textit", "textbf", "textsf", "texttt"]);
/** Commands that never begin a term: a product stops in front of them. */
const STOP_COMMANDS = new Set([
  "cdot", "times", "circ", "odot", "right", "to", "rightarrow", "longrightarrow", "top", "intercal",
  "prime", "rfloor", "rceil", "rvert", "rVert", "rangle", "mid", "in", "sim", "colon", "pm", "mp",
  "le", "leq", "leqslant", "ge", "geq", "geqslant", "ne", "neq", "lt", "gt", "approx", "equiv",
]);
const MATRIX_ENVS = new Set(["bmatrix", "pmatrix", "matrix", "Bmatrix", "smallmatrix"]);
const CLOSERS: Record<string, string> = { "(": ")", "[": "]", "\\{": "\\}", "|": "|", "\\|": "\\|", lfloor: "rfloor", lceil: "rceil", lvert: "rvert", lVert: "rVert", langle: "rangle" };

/** `l-1`, not `l - 1`: the spelling of a parenthesised superscript inside a name (`x^{(l-1)}`). */
function compactLatex(e: Expr): string {
  return toLatex(e).replace(/ ([-+=<>,]) /g, "$1").replace(/, /g, ",");
}

export class Parser {
  private p = 0;
  private depth = 0;
  private groupDepth = 0;
  private absOpen = 0;
  private normOpen = 0;
  private integralStop = false;
  private allowSide = false;
  private side: "+" | "-" | null = null;
  private lastEnd = 0;
  private readonly braces: Int32Array;
  private readonly parens: Int32Array;

  constructor(
    private readonly toks: Token[],
    private readonly opts: ParserOptions,
  ) {
    this.braces = matchBraces(toks);
    this.parens = matchBraces(toks, "(", ")");
  }

  // ---------------------------------------------------------------- entry points

  /** One expression filling the whole text. */
  parseWhole(): Expr {
    const e = this.parseRelation();
    this.skipTrailingPunctuation();
    const t = this.peek();
    if (t.kind !== "eof") this.unexpected(t);
    return e;
  }

  /** Slots separated by `,` `;` `\\` `\quad` or line breaks: returns the raw expression of each. */
  parseList(): Expr[] {
    const out: Expr[] = [];
    for (;;) {
      while (this.isSeparator(this.peek())) this.next();
      if (this.peek().kind === "eof") break;
      out.push(this.parseRelation());
      const t = this.peek();
      if (t.kind === "eof") break;
      if (this.isSeparator(t)) continue;
      if (this.isOp(t, ".") && this.toks[this.p + 1]?.kind === "eof") {
        this.next();
        break;
      }
      this.unexpected(t);
    }
    return out;
  }

  private isSeparator(t: Token): boolean {
    return t.kind === "sep" || (t.kind === "op" && (t.text === "," || t.text === ";" || t.text === "\\\\"));
  }

  private skipTrailingPunctuation(): void {
    const t = this.peek();
    if (this.isOp(t, ".") || this.isOp(t, ",")) {
      if (this.toks[this.p + 1]?.kind === "eof") this.next();
    }
  }

  // ---------------------------------------------------------------- token helpers

  private sensitive(): boolean {
    return this.opts.answer && this.groupDepth === 0;
  }

  private peek(): Token {
    if (!this.sensitive()) while (this.toks[this.p].kind === "sep") this.p++;
    return this.toks[this.p];
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== "eof") this.p++;
    this.lastEnd = t.end;
    return t;
  }

  private isOp(t: Token | undefined, text: string): boolean {
    return t !== undefined && t.kind === "op" && t.text === text;
  }

  private isCmd(t: Token | undefined, name: string): boolean {
    return t !== undefined && t.kind === "cmd" && t.text === name;
  }

  private span(start: number): Span {
    return { start, end: Math.max(start, this.lastEnd) };
  }

  private describe(t: Token): string {
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

  private unexpected(t: Token, expected?: string): never {
    if (t.kind === "eof") fail("syntax", `the formula ends too early${expected ? `: expected ${expected}` : ""}`, t.start);
    fail("syntax", `unexpected ${this.describe(t)}${expected ? `: expected ${expected}` : ""}`, t.start);
  }

  private expectOp(text: string, what: string): Token {
    const t = this.peek();
    if (!this.isOp(t, text)) this.unexpected(t, what);
    return this.next();
  }

  private enter(offset: number): void {
    if (++this.depth > this.opts.limits.maxDepth) {
      fail("too-deep", `the formula is nested more than ${this.opts.limits.maxDepth} levels deep`, offset);
    }
  }

  private leave(n = 1): void {
    this.depth -= n;
  }

  /** Runs `f` inside brackets: separators are plain space, and |, \| and integrals start afresh. */
  private inGroup<T>(f: () => T): T {
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
  private continueTok(): Token {
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

  private isBinary(t: Token): boolean {
    if (t.kind === "op") return ["+", "-", "*", "/", ".*", "(.)", "=", "<", ">", "<=", ">=", "!="].includes(t.text);
    if (t.kind === "cmd") return ["cdot", "times", "circ", "odot"].includes(t.text) || `\\${t.text}` in RELATIONS;
    return false;
  }

  // ---------------------------------------------------------------- precedence levels

  parseRelation(): Expr {
    const start = this.peek().start;
    const operands = [this.parseAdditive()];
    const ops: RelOp[] = [];
    for (;;) {
      const op = this.relOf(this.continueTok());
      if (!op) break;
      const t = this.next();
      if (this.peek().kind === "eof") this.unexpected(this.peek(), `an expression after ${this.describe(t)}`);
      ops.push(op);
      operands.push(this.parseAdditive());
    }
    if (ops.length === 0) return operands[0];
    return { kind: "rel", ops, operands, span: this.span(start) };
  }

  private relOf(t: Token): RelOp | undefined {
    if (t.kind === "op") return RELATIONS[t.text];
    if (t.kind === "cmd") return RELATIONS[`\\${t.text}`];
    return undefined;
  }

  private parseAdditive(): Expr {
    const start = this.peek().start;
    const terms = [this.parseSigned()];
    for (;;) {
      const t = this.continueTok();
      if (this.isOp(t, "+")) {
        this.next();
        terms.push(this.parseSigned());
      } else if (this.isOp(t, "-")) {
        this.next();
        const arg = this.parseSigned();
        terms.push({ kind: "neg", arg, span: { start: t.start, end: this.lastEnd } });
      } else break;
    }
    return terms.length === 1 ? terms[0] : { kind: "add", terms, span: this.span(start) };
  }

  private parseSigned(): Expr {
    const t = this.peek();
    if (this.isOp(t, "-") || this.isOp(t, "+")) {
      this.next();
      this.enter(t.start);
      const arg = this.parseSigned();
      this.leave();
      return t.text === "+" ? arg : { kind: "neg", arg, span: this.span(t.start) };
    }
    return this.parseHadamard();
  }

  private parseHadamard(): Expr {
    const start = this.peek().start;
    const factors = [this.parseProduct()];
    for (;;) {
      const t = this.continueTok();
      const isHad =
        (t.kind === "cmd" && (t.text === "circ" || t.text === "odot")) ||
        (t.kind === "op" && (t.text === ".*" || t.text === "(.)")) ||
        (t.kind === "id" && (t.text === "odot" || t.text === "circ"));
      if (!isHad) break;
      this.next();
      factors.push(this.explicitOperand(t, () => this.parseProduct()));
    }
    return factors.length === 1 ? factors[0] : { kind: "hadamard", factors, span: this.span(start) };
  }

  /** The operand after an explicit operator may carry its own sign: `a \cdot -b`. */
  private explicitOperand(op: Token, parse: () => Expr): Expr {
    const t = this.peek();
    if (t.kind === "eof") this.unexpected(t, `a term after ${this.describe(op)}`);
    if (this.isOp(t, "-")) {
      this.next();
      this.enter(t.start);
      const arg = parse();
      this.leave();
      return { kind: "neg", arg, span: this.span(t.start) };
    }
    return parse();
  }

  private parseProduct(): Expr {
    const start = this.peek().start;
    let acc: Expr[] = [this.parseFactor()];
    let divs = 0;
    const mulOf = (xs: Expr[]): Expr => (xs.length === 1 ? xs[0] : { kind: "mul", factors: xs, span: this.span(start) });
    try {
      for (;;) {
        const t = this.continueTok();
        const explicit =
          (t.kind === "cmd" && (t.text === "cdot" || t.text === "times")) ||
          this.isOp(t, "*") ||
          (t.kind === "id" && (t.text === "cdot" || t.text === "times"));
        if (explicit) {
          this.next();
          acc.push(this.explicitOperand(t, () => this.parseFactor()));
        } else if (this.isOp(t, "/")) {
          this.next();
          const den = this.explicitOperand(t, () => this.parseFactor());
          this.enter(t.start);
          divs++;
          acc = [{ kind: "div", num: mulOf(acc), den, span: this.span(start) }];
        } else if (t.kind !== "sep" && this.startsFactor(t)) {
          acc.push(this.parseFactor());
        } else break;
      }
    } finally {
      this.leave(divs);
    }
    return mulOf(acc);
  }

  /** Whether `t` can begin a term (so that juxtaposition means a product). */
  private startsFactor(t: Token): boolean {
    if (this.integralStop && this.isDifferential(this.p)) return false;
    switch (t.kind) {
      case "num":
      case "begin":
        return true;
      case "id":
        return !["if", "otherwise", "else", "odot", "circ", "cdot", "times"].includes(t.text);
      case "cmd":
        return !STOP_COMMANDS.has(t.text) && !(`\\${t.text}` in RELATIONS);
      case "text":
        return !(TEXT_LIKE.has(t.arg ?? "") && PROSE.has(t.text.trim()));
      case "op":
        if (t.text === "(" || t.text === "[" || t.text === "{" || t.text === "\\{") return true;
        if (t.text === "|") return this.absOpen === 0;
        if (t.text === "\\|") return this.normOpen === 0;
        return false;
      default:
        return false;
    }
  }

  /** `d t` / `\mathrm{d} t` at index k, as the differential ending an integral. */
  private isDifferential(k: number): boolean {
    const t = this.toks[k];
    const isD = (t.kind === "id" && t.text === "d") || (t.kind === "text" && t.text.trim() === "d");
    if (!isD) return false;
    const v = this.toks[k + 1];
    return (v.kind === "id" && (v.text.length === 1 || greekName(v.text) !== undefined)) || (v.kind === "cmd" && greekName(v.text) !== undefined);
  }

  private parseFactor(opts: { noCall?: boolean } = {}): Expr {
    const t = this.peek();
    return this.parsePostfix(this.parsePrimary(), t.start, opts.noCall ?? false);
  }

  // ---------------------------------------------------------------- postfix: scripts, primes, application

  private parsePostfix(atom: Atom, start: number, noCall: boolean): Expr {
    let e = atom.e;
    let name = atom.name;
    let order = 0;
    let wraps = 0;
    const wrap = (): void => {
      this.enter(start);
      wraps++;
    };
    const settle = (): void => {
      if (name !== undefined && order > 0) e = { kind: "sym", name: name + "'".repeat(order), span: this.span(start) };
      name = undefined;
      order = 0;
    };
    try {
      for (;;) {
        const t = this.toks[this.p];
        if (this.isOp(t, "'")) {
          if (name === undefined) {
            fail("syntax", "a prime (') marks the derivative of a function, as in h'(x); for a transpose write ^\\top", t.start);
          }
          this.next();
          order++;
          continue;
        }
        if (this.isOp(t, "_") || this.isOp(t, "^")) {
          const { sub, sup } = this.readScripts();
          let suffixed = false;
          if (sup?.kind === "suffix" && name !== undefined && name !== "e" && order === 0) {
            name += sup.text;
            e = { kind: "sym", name, span: this.span(start) };
            suffixed = true;
          } else if (sup?.kind === "prime") {
            if (name === undefined) fail("syntax", "\\prime marks the derivative of a function, as in h^\\prime(x)", t.start);
            order += sup.n;
          }
          if (sub) {
            settle();
            wrap();
            e = { kind: "index", base: e, indices: sub, span: this.span(start) };
          }
          if (sup && sup.kind !== "prime" && !suffixed) {
            if (sup.kind === "side") {
              if (!this.allowSide) fail("syntax", `^${sup.side} is only read after a limit's target, as in x \\to 0^+`, t.start);
              this.side = sup.side;
            } else {
              settle();
              wrap();
              if (sup.kind === "transpose") e = { kind: "transpose", arg: e, span: this.span(start) };
              else if (sup.kind === "power") e = { kind: "pow", base: e, exp: sup.e, span: this.span(start) };
              else {
                if (sup.inner === null) fail("syntax", "^* can only follow a name, as in x^*", t.start);
                e = { kind: "pow", base: e, exp: sup.inner, span: this.span(start) };
              }
            }
          }
          continue;
        }
        if (name !== undefined && !noCall && this.opensCall(t, order)) {
          const args = this.parseArgs();
          wrap();
          e = { kind: "call", fn: name, args, order, span: this.span(start) };
          name = undefined;
          order = 0;
          continue;
        }
        break;
      }
      settle();
      return e;
    } finally {
      this.leave(wraps);
    }
  }

  private opensCall(t: Token, order: number): boolean {
    if (this.isOp(t, "(")) return true;
    if (this.isCmd(t, "left") && this.isOp(this.toks[this.p + 1], "(")) return true;
    return order > 0 && this.isOp(t, "[");
  }

  /** `(a, b)` or `\left( a \right)` (or `[a]` after a primed name): the arguments of an application. */
  private parseArgs(): Expr[] {
    const open = this.next();
    const left = open.kind === "cmd";
    if (left) this.next();
    const close = this.isOp(this.toks[this.p - 1], "[") ? "]" : ")";
    const items = this.inGroup(() => this.parseItems(close, left, open));
    if (items.length === 0) fail("syntax", "empty argument list", open.start);
    return items;
  }

  /** Comma-separated relations up to the closer (`\right` + closer when `left`). */
  private parseItems(close: string, left: boolean, open: Token): Expr[] {
    const items: Expr[] = [];
    for (;;) {
      const t = this.peek();
      if (!left && this.isOp(t, close)) break;
      if (left && this.isCmd(t, "right")) break;
      if (t.kind === "eof") this.neverClosed(open);
      items.push(this.parseRelation());
      const u = this.peek();
      if (this.isOp(u, ",")) {
        this.next();
        continue;
      }
      if ((!left && this.isOp(u, close)) || (left && this.isCmd(u, "right"))) break;
      if (u.kind === "eof") this.neverClosed(open);
      this.unexpected(u, left ? "\\right" : `"," or "${close}"`);
    }
    if (left) {
      this.next();
      const d = this.next();
      if (!this.isOp(d, close)) fail("syntax", `\\left${open.text === "left" ? "(" : ""} is closed by \\right${d.text}`, d.start);
    } else this.next();
    return items;
  }

  private neverClosed(open: Token): never {
    const what = open.kind === "cmd" ? `\\${open.text}` : open.text;
    fail("syntax", `${what} is never closed`, open.start);
  }

  /** One cluster of scripts: at most one `_` and one `^`, in either order (TeX's rule). */
  private readScripts(): { sub?: Expr[]; sup?: Sup } {
    let sub: Expr[] | undefined;
    let sup: Sup | undefined;
    for (;;) {
      const t = this.toks[this.p];
      if (this.isOp(t, "_")) {
        if (sub) {
          if (this.opts.dialect === "latex") fail("syntax", "double subscript: group it with braces, as in {x_i}_j", t.start);
          break;
        }
        this.next();
        sub = this.parseSubscript(t);
      } else if (this.isOp(t, "^")) {
        if (sup) {
          if (this.opts.dialect === "latex") fail("syntax", "double superscript: group it with braces, as in {x^2}^3", t.start);
          break;
        }
        this.next();
        sup = this.parseSuperscript(t);
      } else break;
    }
    return { sub, sup };
  }

  private parseSubscript(op: Token): Expr[] {
    const t = this.peek();
    if (t.kind === "run") {
      this.next();
      return this.splitRun(t);
    }
    if (this.isOp(t, "{")) {
      const close = this.braces[this.p];
      if (close < 0) this.neverClosed(t);
      let simple = close - this.p > 2;
      for (let k = this.p + 1; simple && k < close; k++) {
        const x = this.toks[k];
        simple = (x.kind === "id" && x.text.length === 1) || (x.kind === "num" && /^\d+$/.test(x.text));
      }
      const inner = simple || close - this.p === 2 ? this.toks.slice(this.p + 1, close) : [];
      if (simple) {
        this.next();
        const word = inner.map((k) => k.text).join("");
        const out: Expr[] = SUB_WORDS.has(word)
          ? [{ kind: "sym", name: word, span: { start: inner[0].start, end: inner[inner.length - 1].end } }]
          : inner.map((k) => this.leafOf(k));
        this.p = close + 1;
        this.lastEnd = this.toks[close].end;
        return out;
      }
      if (inner.length === 1 && inner[0].kind === "id") {
        this.p = close + 1;
        this.lastEnd = this.toks[close].end;
        return [this.leafOf(inner[0])];
      }
      this.next();
      const items = this.inGroup(() => this.parseItems("}", false, t));
      if (items.length === 0) fail("syntax", "empty subscript", t.start);
      return items;
    }
    if (t.kind === "text") {
      this.next();
      return [{ kind: "sym", name: t.text.trim(), span: { start: t.start, end: t.end } }];
    }
    if (t.kind === "eof" || !this.startsFactor(t)) fail("syntax", "_ needs a subscript", t.kind === "eof" ? t.start : op.start);
    if (t.kind === "id" && DEFAULT_INDEX_LETTERS.has(t.text)) return this.adjacentIndices();
    return [this.singleTokenArg()];
  }

  /**
   * `X_ij` and `\delta_ij` typed without braces: TeX reads X_i j, but staff mean X_{ij}, so index
   * letters written right after the first one (no space) join the subscript.
   */
  private adjacentIndices(): Expr[] {
    const first = this.next();
    const run = [first];
    for (;;) {
      const u = this.toks[this.p];
      const last = run[run.length - 1];
      if (u.kind !== "id" || !DEFAULT_INDEX_LETTERS.has(u.text) || u.start !== last.end) break;
      run.push(this.next());
    }
    const word = run.map((k) => k.text).join("");
    if (run.length > 1 && SUB_WORDS.has(word)) return [{ kind: "sym", name: word, span: { start: first.start, end: this.lastEnd } }];
    return run.map((k) => this.leafOf(k));
  }

  private leafOf(k: Token): Expr {
    const span = { start: k.start, end: k.end };
    if (k.kind === "num") return { kind: "num", value: k.value ?? Number(k.text), span };
    const g = greekName(k.text);
    return { kind: "sym", name: g ? `\\${g}` : k.text, span };
  }

  /** ASCII `delta_ij`, `x_12`, `d_x`: letters are one index each, a digit run is one number. */
  private splitRun(t: Token): Expr[] {
    const out: Expr[] = [];
    const s = t.text;
    if (SUB_WORDS.has(s)) return [{ kind: "sym", name: s, span: { start: t.start, end: t.end } }];
    let i = 0;
    while (i < s.length) {
      let j = i + 1;
      const digit = s[i] >= "0" && s[i] <= "9";
      if (digit) while (j < s.length && s[j] >= "0" && s[j] <= "9") j++;
      const span = { start: t.start + i, end: t.start + j };
      const text = s.slice(i, j);
      out.push(digit ? { kind: "num", value: Number(text), span } : { kind: "sym", name: text, span });
      i = j;
    }
    return out;
  }

  private parseSuperscript(op: Token): Sup {
    const t = this.peek();
    if (this.isOp(t, "{")) {
      const close = this.braces[this.p];
      if (close < 0) this.neverClosed(t);
      const a = this.p + 1;
      const n = close - a;
      const jump = (): void => {
        this.p = close + 1;
        this.lastEnd = this.toks[close].end;
      };
      if (n === 1) {
        const k = this.toks[a];
        if ((k.kind === "id" && k.text === "T") || (k.kind === "cmd" && (k.text === "top" || k.text === "intercal"))) {
          jump();
          return { kind: "transpose" };
        }
        if (this.isOp(k, "*")) {
          jump();
          return { kind: "suffix", text: "^{*}", inner: null };
        }
        if (this.isOp(k, "+") || this.isOp(k, "-")) {
          jump();
          return { kind: "side", side: k.text as "+" | "-" };
        }
      }
      let primes = n > 0;
      for (let k = a; primes && k < close; k++) primes = this.isCmd(this.toks[k], "prime") || this.isOp(this.toks[k], "'");
      if (primes) {
        jump();
        return { kind: "prime", n };
      }
      if (n >= 2 && this.isOp(this.toks[a], "(") && this.parens[a] === close - 1) {
        this.next();
        this.next();
        const e = this.inGroup(() => this.parseRelation());
        this.expectOp(")", '")"');
        this.expectOp("}", '"}"');
        return { kind: "suffix", text: `^{(${compactLatex(e)})}`, inner: e };
      }
      this.next();
      const e = this.inGroup(() => this.parseRelation());
      const c = this.peek();
      if (!this.isOp(c, "}")) {
        if (c.kind === "eof") this.neverClosed(t);
        this.unexpected(c, '"}"');
      }
      this.next();
      return { kind: "power", e };
    }
    if ((t.kind === "id" && t.text === "T") || (t.kind === "cmd" && (t.text === "top" || t.text === "intercal"))) {
      this.next();
      return { kind: "transpose" };
    }
    if (this.isCmd(t, "prime")) {
      this.next();
      return { kind: "prime", n: 1 };
    }
    if (this.isOp(t, "*")) {
      this.next();
      return { kind: "suffix", text: "^{*}", inner: null };
    }
    if (this.isOp(t, "+") || this.isOp(t, "-")) {
      this.next();
      const u = this.peek();
      if (t.text === "-" && u.kind !== "sep" && this.startsFactor(u)) {
        this.enter(t.start);
        const arg = this.scriptOperand();
        this.leave();
        return { kind: "power", e: { kind: "neg", arg, span: this.span(t.start) } };
      }
      return { kind: "side", side: t.text as "+" | "-" };
    }
    if (t.kind === "eof" || !this.startsFactor(t)) fail("syntax", "^ needs an exponent", t.kind === "eof" ? t.start : op.start);
    return { kind: "power", e: this.scriptOperand() };
  }

  /** An unbraced script: one token in LaTeX (`x^2`, `x^\alpha`), a primary in ASCII (`x^(n-1)`). */
  private scriptOperand(): Expr {
    return this.opts.dialect === "latex" ? this.singleTokenArg() : this.parsePrimary().e;
  }

  /** TeX's one-token argument: `\frac12` is 1 over 2, `x^23` is x squared times 3 (LaTeX only). */
  private singleTokenArg(): Expr {
    const t = this.peek();
    if (t.kind === "num" && this.opts.dialect === "latex" && t.text.length > 1 && /^\d+$/.test(t.text)) {
      this.toks[this.p] = { kind: "num", text: t.text.slice(1), start: t.start + 1, end: t.end, value: Number(t.text.slice(1)) };
      this.lastEnd = t.start + 1;
      return { kind: "num", value: Number(t.text[0]), span: { start: t.start, end: t.start + 1 } };
    }
    if (t.kind === "id" && t.text.length === 1) {
      this.next();
      return { kind: "sym", name: t.text, span: { start: t.start, end: t.end } };
    }
    return this.parsePrimary().e;
  }

  /** `{...}` or a single token: arguments of \frac, \sqrt, limits of \int, upper limits of \sum. */
  private braceOrToken(missing: string): Expr {
    const t = this.peek();
    if (this.isOp(t, "{")) {
      this.next();
      const e = this.inGroup(() => this.parseRelation());
      const c = this.peek();
      if (!this.isOp(c, "}")) {
        if (c.kind === "eof") this.neverClosed(t);
        this.unexpected(c, '"}"');
      }
      this.next();
      return e;
    }
    if (t.kind === "eof" || t.kind === "sep" || !this.startsFactor(t)) fail("syntax", missing, t.start);
    return this.singleTokenArg();
  }

  // ---------------------------------------------------------------- primaries

  /** Every recursive path of the grammar passes through here, so this one check bounds the depth. */
  private parsePrimary(): Atom {
    this.enter(this.peek().start);
    const atom = this.primary();
    this.leave();
    return atom;
  }

  private primary(): Atom {
    const t = this.peek();
    const start = t.start;
    const sym = (name: string): Atom => ({ e: { kind: "sym", name, span: this.span(start) }, name });
    switch (t.kind) {
      case "num": {
        this.next();
        if (this.opts.dialect === "ascii" && t.text === "1" && this.isOp(this.toks[this.p], "[") && this.toks[this.p].start === t.end) {
          return { e: this.indicator(start) };
        }
        return { e: { kind: "num", value: t.value ?? Number(t.text), span: this.span(start) } };
      }
      case "id":
        return this.idPrimary(t, sym);
      case "cmd":
        return this.cmdPrimary(t, sym);
      case "text":
        return this.textPrimary(t, sym);
      case "begin":
        return { e: this.environment(t) };
      case "op":
        return { e: this.opPrimary(t) };
      default:
        return this.unexpected(t, "a term");
    }
  }

  private idPrimary(t: Token, sym: (n: string) => Atom): Atom {
    const w = t.text;
    const start = t.start;
    if (w === "d" && this.derivAhead()) return { e: this.dDeriv() };
    if (w === "E" && this.expectAhead()) {
      this.next();
      return { e: this.expectation("E", start) };
    }
    const keyword = this.keyword(w, t);
    if (keyword) return { e: keyword };
    switch (w) {
      case "inf":
        this.next();
        return { e: { kind: "const", name: "inf", span: this.span(start) } };
      case "ones":
        this.next();
        return { e: { kind: "const", name: "ones", span: this.span(start) } };
      case "cases":
        this.next();
        return { e: this.asciiCases(t) };
      case "hat":
      case "tilde":
      case "bar":
        this.next();
        return this.decorate(w, t, true);
      case "deriv":
      case "partial":
        this.next();
        return { e: this.asciiDeriv(w === "partial", t) };
      case "ind":
        this.next();
        return { e: this.indicator(start) };
      case "Var":
        this.next();
        return { e: this.expectation("Var", start) };
      case "if":
      case "otherwise":
      case "else":
      case "odot":
      case "circ":
      case "cdot":
      case "times":
        return this.unexpected(t, "a term");
    }
    if (w in FUNCTION_WORDS) {
      this.next();
      return { e: this.application(FUNCTION_WORDS[w], t) };
    }
    const g = greekName(w);
    this.next();
    if (g) return sym(`\\${g}`);
    return sym(w);
  }

  /** Words that are the same as a command or an ASCII word: `\sum` and `sum`, `\infty` and `infty`. */
  private keyword(w: string, t: Token): Expr | undefined {
    switch (w) {
      case "sum":
      case "prod":
        this.next();
        return this.bigOp(w, t);
      case "lim":
        this.next();
        return this.limit(t);
      case "int":
        this.next();
        return this.integral(t);
      case "infty":
        this.next();
        return { kind: "const", name: "inf", span: this.span(t.start) };
      default:
        return undefined;
    }
  }

  private cmdPrimary(t: Token, sym: (n: string) => Atom): Atom {
    const c = t.text;
    const start = t.start;
    const g = greekName(c);
    if (g) {
      this.next();
      return sym(`\\${g}`);
    }
    if (c in FUNCTION_COMMANDS) {
      this.next();
      return { e: this.application(FUNCTION_COMMANDS[c], t) };
    }
    if (c in DECORATIONS) {
      this.next();
      return this.decorate(DECORATIONS[c], t, false);
    }
    if (BOLD.has(c)) {
      this.next();
      return this.bold(t);
    }
    const keyword = this.keyword(c, t);
    if (keyword) return { e: keyword };
    switch (c) {
      case "frac":
      case "dfrac":
      case "tfrac":
      case "cfrac":
        this.next();
        return { e: this.fraction(t) };
      case "sqrt":
        this.next();
        return { e: this.sqrt(t) };
      case "left":
        return { e: this.leftRight() };
      case "partial":
        return { e: this.partialSlash() };
      case "nabla":
        return { e: this.nabla() };
      case "lfloor":
      case "lceil":
      case "lvert":
      case "lVert":
        return { e: this.delimited(t) };
    }
    if (STOP_COMMANDS.has(c) || `\\${c}` in RELATIONS) return this.unexpected(t, "a term");
    if (c === "ldots" || c === "cdots" || c === "dots" || c === "vdots") fail("unsupported", `\\${c} (an ellipsis) cannot be read as part of a formula`, start);
    const near = suggestCommand(c);
    fail("unknown-command", `unknown command \\${c}${near ? ` (did you mean \\${near}?)` : ""}`, start);
  }

  private textPrimary(t: Token, sym: (n: string) => Atom): Atom {
    const content = t.text.trim();
    const cmd = t.arg ?? "text";
    const start = t.start;
    if (cmd === "mathbb") {
      if (content === "1" || content === "I") {
        this.next();
        if (this.opensCondition()) return { e: this.indicator(start) };
        return { e: { kind: "const", name: "ones", span: this.span(start) } };
      }
      if (content === "E") {
        this.next();
        return { e: this.expectation("E", start) };
      }
      this.next();
      return sym(`\\mathbb{${content}}`);
    }
    if (cmd === "mathcal" || cmd === "mathscr" || cmd === "mathfrak") {
      this.next();
      return sym(`\\${cmd}{${content}}`);
    }
    if (content in FUNCTION_WORDS) {
      this.next();
      return { e: this.application(FUNCTION_WORDS[content], t) };
    }
    if (content === "d" && this.derivAhead()) return { e: this.dDeriv() };
    if (content === "E" && this.expectAhead()) {
      this.next();
      return { e: this.expectation("E", start) };
    }
    if (content === "Var") {
      this.next();
      return { e: this.expectation("Var", start) };
    }
    if (content.startsWith("\\") && greekName(content.slice(1))) {
      this.next();
      return sym(`\\${greekName(content.slice(1))}`);
    }
    if (content.length > 0 && /^[A-Za-z]+$/.test(content) && !PROSE.has(content)) {
      this.next();
      return sym(content);
    }
    if (content === "1" && BOLD.has(cmd)) {
      this.next();
      return { e: { kind: "const", name: "ones", span: this.span(start) } };
    }
    fail("syntax", `cannot read \\${cmd}{${content}} as part of a formula`, start);
  }

  private opPrimary(t: Token): Expr {
    const start = t.start;
    switch (t.text) {
      case "(":
      case "[":
      case "\\{":
        return this.bracket(t);
      case "{": {
        this.next();
        const e = this.inGroup(() => this.parseRelation());
        const c = this.peek();
        if (!this.isOp(c, "}")) {
          if (c.kind === "eof") this.neverClosed(t);
          this.unexpected(c, '"}"');
        }
        this.next();
        return e;
      }
      case "|":
      case "\\|": {
        this.next();
        const norm = t.text === "\\|";
        const e = this.inGroup(() => {
          if (norm) this.normOpen = 1;
          else this.absOpen = 1;
          return this.parseRelation();
        });
        const c = this.peek();
        if (!this.isOp(c, t.text)) {
          if (c.kind === "eof") this.neverClosed(t);
          this.unexpected(c, `a closing ${t.text}`);
        }
        this.next();
        return { kind: "call", fn: norm ? "norm" : "abs", args: [e], order: 0, span: this.span(start) };
      }
    }
    return this.unexpected(t, "a term");
  }

  /** `( ... )`, `[ ... ]`, `\{ ... \}`: one item is grouping, several a tuple; ASCII `[a, b; c, d]` a matrix. */
  private bracket(open: Token): Expr {
    const close = CLOSERS[open.text];
    this.next();
    const rows: Expr[][] = [];
    const items = this.inGroup(() => {
      let row: Expr[] = [];
      for (;;) {
        const t = this.peek();
        if (this.isOp(t, close)) break;
        if (t.kind === "eof") this.neverClosed(open);
        row.push(this.parseRelation());
        const u = this.peek();
        if (this.isOp(u, ",")) {
          this.next();
          continue;
        }
        if (this.isOp(u, ";") && close === "]") {
          this.next();
          rows.push(row);
          row = [];
          continue;
        }
        if (this.isOp(u, close)) break;
        if (u.kind === "eof") this.neverClosed(open);
        this.unexpected(u, `"," or "${close}"`);
      }
      this.next();
      return row;
    });
    const span = this.span(open.start);
    if (rows.length > 0) {
      if (items.length > 0) rows.push(items);
      return this.matrixOf(rows, open.start, span);
    }
    if (items.length === 0) fail("syntax", `empty ${open.text}${close}`, open.start);
    if (items.length === 1) return items[0];
    if (open.text === "\\{") fail("syntax", "a list in \\{ \\} is not a value; use ( ) or [ ]", open.start);
    return { kind: "tuple", brackets: open.text === "[" ? "[]" : "()", items, span };
  }

  private matrixOf(rows: Expr[][], at: number, span: Span): Expr {
    const n = rows[0].length;
    if (n === 0 || rows.some((r) => r.length !== n)) fail("syntax", "every row of a matrix needs the same number of entries", at);
    return { kind: "matrix", rows, span };
  }

  /** `\left( ... \right)` and friends: grouping, abs, norm, floor, ceil by delimiter. */
  private leftRight(): Expr {
    const left = this.next();
    const d = this.next();
    const key = d.kind === "cmd" ? d.text : d.text;
    const okOpen = d.kind === "op" ? ["(", "[", "|", "\\|", "\\{", "."].includes(key) : ["lfloor", "lceil", "lvert", "lVert", "langle"].includes(key);
    if (!okOpen) fail("syntax", `\\left needs a delimiter such as ( [ | \\{, not ${this.describe(d)}`, d.start);
    const items = this.inGroup(() => {
      const out: Expr[] = [];
      for (;;) {
        const t = this.peek();
        if (this.isCmd(t, "right")) break;
        if (t.kind === "eof") fail("syntax", `\\left${d.kind === "cmd" ? "\\" : ""}${key} has no matching \\right`, left.start);
        out.push(this.parseRelation());
        const u = this.peek();
        if (this.isOp(u, ",")) {
          this.next();
          continue;
        }
        if (this.isCmd(u, "right")) break;
        if (u.kind === "eof") fail("syntax", `\\left${d.kind === "cmd" ? "\\" : ""}${key} has no matching \\right`, left.start);
        this.unexpected(u, "\\right");
      }
      return out;
    });
    const right = this.next();
    const r = this.next();
    const rkey = r.text;
    const expected = key === "." ? null : CLOSERS[key];
    const closesOk = expected === null ? true : rkey === expected || (key === "\\{" && rkey === ".");
    if (!closesOk) fail("syntax", `\\left${key} is closed by \\right${rkey}`, right.start);
    const span = this.span(left.start);
    if (items.length === 0) fail("syntax", "empty \\left \\right pair", left.start);
    const fn = { "|": "abs", lvert: "abs", "\\|": "norm", lVert: "norm", lfloor: "floor", lceil: "ceil" }[key];
    if (fn) {
      if (items.length !== 1) fail("syntax", `${fn} takes one expression`, left.start);
      return { kind: "call", fn, args: items, order: 0, span };
    }
    if (key === "langle") fail("unsupported", "\\langle \\rangle is not supported; write a^\\top b", left.start);
    if (items.length === 1) return items[0];
    return { kind: "tuple", brackets: key === "[" ? "[]" : "()", items, span };
  }

  /** `\lfloor x \rfloor`, `\lceil x \rceil`, `\lvert x \rvert`, `\lVert x \rVert`. */
  private delimited(open: Token): Expr {
    this.next();
    const close = CLOSERS[open.text];
    const e = this.inGroup(() => this.parseRelation());
    const c = this.peek();
    if (!this.isCmd(c, close)) {
      if (c.kind === "eof") this.neverClosed(open);
      this.unexpected(c, `\\${close}`);
    }
    this.next();
    const fn = { lfloor: "floor", lceil: "ceil", lvert: "abs", lVert: "norm" }[open.text] as string;
    return { kind: "call", fn, args: [e], order: 0, span: this.span(open.start) };
  }

  /** A built-in function: `\exp(x)`, `\log p`, `\tanh'(x)`, `\max(0, x)`. */
  private application(fn: string, t: Token): Expr {
    let order = 0;
    for (;;) {
      if (this.isOp(this.toks[this.p], "'")) {
        this.next();
        order++;
      } else if (this.isOp(this.toks[this.p], "^") && this.isCmd(this.toks[this.p + 1], "prime")) {
        this.next();
        this.next();
        order++;
      } else break;
    }
    const u = this.peek();
    if ((fn === "max" || fn === "min") && this.isOp(u, "_")) {
      fail("unsupported", `\\${fn}_ over an index is not supported; write the ${fn} of a vector, or \\${fn}(a, b)`, u.start);
    }
    let base: Expr | null = null;
    if (fn === "log" && this.isOp(u, "_")) {
      this.next();
      base = this.braceOrToken("\\log_ needs a base");
    }
    const v = this.peek();
    let args: Expr[];
    if (this.isOp(v, "(") || (this.isCmd(v, "left") && this.isOp(this.toks[this.p + 1], "("))) args = this.parseArgs();
    else if (this.isOp(v, "\\{")) {
      const open = this.next();
      args = this.inGroup(() => this.parseItems("\\}", false, open));
    } else if (v.kind !== "sep" && v.kind !== "eof" && this.startsFactor(v)) args = [this.parseFactor()];
    else fail("syntax", `${this.describe(t)} needs an argument`, v.start);
    const span = this.span(t.start);
    const call: Expr = { kind: "call", fn, args, order, span };
    if (base === null) return call;
    return { kind: "div", num: call, den: { kind: "call", fn: "log", args: [base], order: 0 }, span };
  }

  /** `\hat\sigma`, `\tilde{x}`, ASCII `hat(sigma)`: the decoration becomes part of the name. */
  private decorate(deco: string, t: Token, ascii: boolean): Atom {
    const u = this.peek();
    let inner: Expr;
    if (this.isOp(u, "{") || (ascii && this.isOp(u, "("))) {
      this.next();
      inner = this.inGroup(() => this.parseFactor({ noCall: true }));
      this.expectOp(u.text === "{" ? "}" : ")", u.text === "{" ? '"}"' : '")"');
    } else {
      if (u.kind === "eof" || !this.startsFactor(u)) fail("syntax", `${this.describe(t)} needs a name to decorate`, u.start);
      inner = this.parsePrimary().e;
    }
    const span = this.span(t.start);
    if (inner.kind === "sym") {
      const name = `\\${deco}{${inner.name}}`;
      return { e: { kind: "sym", name, span }, name };
    }
    if (inner.kind === "index" && inner.base.kind === "sym") {
      return { e: { kind: "index", base: { kind: "sym", name: `\\${deco}{${inner.base.name}}`, span }, indices: inner.indices, span } };
    }
    fail("syntax", `${this.describe(t)} can only decorate a name`, t.start);
  }

  /** `\mathbf{X}` is X; `\mathbf{1}` the ones vector, `\mathbf{1}_{x>0}` an indicator. */
  private bold(t: Token): Atom {
    const u = this.peek();
    const isOne =
      (this.isOp(u, "{") && this.braces[this.p] === this.p + 2 && this.toks[this.p + 1].kind === "num" && this.toks[this.p + 1].text === "1") ||
      (u.kind === "num" && u.text === "1");
    if (isOne) {
      this.p = u.kind === "num" ? this.p + 1 : this.p + 3;
      this.lastEnd = this.toks[this.p - 1].end;
      if (this.isOp(this.toks[this.p], "_")) return { e: this.indicator(t.start) };
      return { e: { kind: "const", name: "ones", span: this.span(t.start) } };
    }
    if (this.isOp(u, "{")) {
      this.next();
      const e = this.inGroup(() => this.parseRelation());
      this.expectOp("}", '"}"');
      return { e, name: e.kind === "sym" ? e.name : undefined };
    }
    if (u.kind === "eof" || !this.startsFactor(u)) fail("syntax", `\\${t.text} needs an argument`, u.start);
    return this.parsePrimary();
  }

  private fraction(t: Token): Expr {
    const a = this.p;
    if (this.isOp(this.toks[a], "{") && this.braces[a] > 0) {
      const b = this.braces[a];
      const c = b + 1;
      if (this.isOp(this.toks[c], "{") && this.braces[c] > 0 && this.isDerivFrac(a, c)) return this.fracDeriv(t);
    }
    const num = this.braceOrToken(`${this.describe(t)} is missing its numerator`);
    const den = this.braceOrToken(`${this.describe(t)} is missing its denominator`);
    return { kind: "div", num, den, span: this.span(t.start) };
  }

  private isDOrPartial(k: Token): boolean {
    return this.isCmd(k, "partial") || (k.kind === "id" && k.text === "d") || (k.kind === "text" && k.text.trim() === "d");
  }

  /** `\frac{\partial L}{\partial Y}`, `\frac{d}{dx}`, `\frac{dL}{dY}`: checked on tokens before committing. */
  private isDerivFrac(a: number, c: number): boolean {
    const n0 = this.toks[a + 1];
    const d0 = this.toks[c + 1];
    if (!this.isDOrPartial(n0) || !this.isDOrPartial(d0)) return false;
    if (this.isCmd(n0, "partial") && this.isCmd(d0, "partial")) return true;
    const n1 = this.toks[a + 2];
    const numOk = this.isOp(n1, "}") || this.isOp(n1, "^") || (n1.kind !== "op" || ["(", "[", "|", "\\|", "\\{", "{"].includes(n1.text));
    const numNotOp = !(n1.kind === "cmd" && STOP_COMMANDS.has(n1.text));
    return numOk && numNotOp && this.skipName(c + 2) > 0;
  }

  private fracDeriv(t: Token): Expr {
    const open1 = this.next();
    const d1 = this.next();
    const partial = d1.kind === "cmd";
    let order = 1;
    if (this.isOp(this.toks[this.p], "^")) {
      this.next();
      order = this.orderArg();
    }
    let body: Expr | null = null;
    if (!this.isOp(this.peek(), "}")) body = this.inGroup(() => this.parseRelation());
    if (!this.isOp(this.peek(), "}")) {
      if (this.peek().kind === "eof") this.neverClosed(open1);
      this.unexpected(this.peek(), '"}"');
    }
    this.next();
    this.next(); // the denominator's {
    this.next(); // its \partial or d
    let wrt = this.inGroup(() => this.parseFactor({ noCall: true }));
    if (order > 1 && wrt.kind === "pow" && wrt.exp.kind === "num" && wrt.exp.value === order) wrt = wrt.base;
    const u = this.peek();
    if (this.isDOrPartial(u)) fail("unsupported", "mixed partial derivatives are not supported", u.start);
    if (!this.isOp(u, "}")) this.unexpected(u, '"}"');
    this.next();
    if (body === null) {
      const v = this.peek();
      if (v.kind === "eof" || v.kind === "sep" || !this.startsFactor(v)) {
        fail("syntax", `${this.describe(t)}{d}{dx} needs what it differentiates after it`, v.start);
      }
      body = this.parseFactor();
    }
    return { kind: "deriv", body, wrt, order, partial, span: this.span(t.start) };
  }

  private orderArg(): number {
    const t = this.peek();
    let e: Expr;
    if (this.isOp(t, "{")) e = this.braceOrToken("missing order");
    else e = this.singleTokenArg();
    if (e.kind !== "num" || !Number.isInteger(e.value) || e.value < 1 || e.value > 10) {
      fail("syntax", "the order of a derivative must be a whole number from 1 to 10", t.start);
    }
    return e.value;
  }

  /** Index just past a name and its scripts starting at k, or -1: lookahead without parsing. */
  private skipName(k: number): number {
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
  private derivAhead(): boolean {
    const j = this.skipName(this.p + 1);
    if (j < 0 || !this.isOp(this.toks[j], "/")) return false;
    const d = this.toks[j + 1];
    const isD = (d.kind === "id" && d.text === "d") || (d.kind === "text" && d.text.trim() === "d");
    return isD && this.skipName(j + 2) > 0;
  }

  private dDeriv(): Expr {
    const t = this.next();
    const body = this.parseFactor({ noCall: true });
    this.expectOp("/", '"/"');
    this.next();
    const wrt = this.parseFactor({ noCall: true });
    return { kind: "deriv", body, wrt, order: 1, partial: false, span: this.span(t.start) };
  }

  /** `\partial L/\partial Y`. */
  private partialSlash(): Expr {
    const t = this.next();
    let order = 1;
    if (this.isOp(this.toks[this.p], "^")) {
      this.next();
      order = this.orderArg();
    }
    const u = this.peek();
    if (u.kind === "eof" || !this.startsFactor(u)) fail("syntax", "\\partial needs what it differentiates, as in \\partial L/\\partial Y", u.start);
    const body = this.parseFactor({ noCall: true });
    const slash = this.peek();
    if (!this.isOp(slash, "/")) fail("syntax", "write a partial derivative as \\partial L/\\partial Y or \\frac{\\partial L}{\\partial Y}", slash.start);
    this.next();
    const p2 = this.peek();
    if (!this.isCmd(p2, "partial")) fail("syntax", "expected \\partial after / in \\partial L/\\partial Y", p2.start);
    this.next();
    let wrt = this.parseFactor({ noCall: true });
    if (order > 1 && wrt.kind === "pow" && wrt.exp.kind === "num" && wrt.exp.value === order) wrt = wrt.base;
    return { kind: "deriv", body, wrt, order, partial: true, span: this.span(t.start) };
  }

  /** `\nabla_Y L`. */
  private nabla(): Expr {
    const t = this.next();
    const u = this.peek();
    if (!this.isOp(u, "_")) fail("syntax", "write a gradient as \\nabla_Y L, naming the variable in the subscript", u.start);
    this.next();
    const sub = this.parseSubscript(u);
    if (sub.length !== 1) fail("syntax", "\\nabla_ takes one variable", u.start);
    const v = this.peek();
    if (v.kind === "eof" || v.kind === "sep" || !this.startsFactor(v)) fail("syntax", "\\nabla_Y needs what it differentiates, as in \\nabla_Y L", v.start);
    const body = this.parseFactor();
    return { kind: "deriv", body, wrt: sub[0], order: 1, partial: true, span: this.span(t.start) };
  }

  private sqrt(t: Token): Expr {
    let index: Expr | null = null;
    if (this.isOp(this.peek(), "[")) {
      const open = this.next();
      index = this.inGroup(() => this.parseRelation());
      if (!this.isOp(this.peek(), "]")) {
        if (this.peek().kind === "eof") this.neverClosed(open);
        this.unexpected(this.peek(), '"]"');
      }
      this.next();
    }
    const arg = this.braceOrToken("\\sqrt needs an argument");
    const span = this.span(t.start);
    if (index === null) return { kind: "call", fn: "sqrt", args: [arg], order: 0, span };
    return { kind: "pow", base: arg, exp: { kind: "div", num: { kind: "num", value: 1 }, den: index }, span };
  }

  /** `\sum_{k=1}^{n}`, `\prod_{i<l}`, `\sum_k`: the body is one signed term. */
  private bigOp(op: "sum" | "prod", t: Token): Expr {
    let index: string | undefined;
    let lower: Expr | null = null;
    let upper: Expr | null = null;
    let cond: Expr | null = null;
    for (let n = 0; n < 2; n++) {
      const u = this.toks[this.p];
      if (this.isOp(u, "_")) {
        this.next();
        const v = this.peek();
        const e = v.kind === "run" ? this.splitRun(this.next()) : this.isOp(v, "{") ? this.bigOpIndices(op) : [this.braceOrToken(`\\${op}_ needs an index`)];
        if (e.length > 1) {
          if (!e.every((x) => x.kind === "sym")) fail("syntax", `\\${op} over several indices takes plain names, as in \\${op}_{i,j}`, v.start);
          const body = this.body(t);
          const names = e.map((x) => (x as { name: string }).name);
          return names.reduceRight<Expr>((inner, index) => ({ kind: "bigop", op, index, lower: null, upper: null, cond: null, body: inner, span: this.span(t.start) }), body);
        }
        const s = e[0];
        if (s.kind === "sym") index = s.name;
        else if (s.kind === "rel" && s.operands[0].kind === "sym") {
          index = s.operands[0].name;
          if (s.ops.length === 1 && s.ops[0] === "=") lower = s.operands[1];
          else cond = s;
        } else fail("syntax", `cannot read the index of \\${op}: write \\${op}_{k=1}^{n} or \\${op}_{i<l}`, v.start);
      } else if (this.isOp(u, "^")) {
        this.next();
        upper = this.braceOrToken(`\\${op}^ needs an upper limit`);
      } else break;
    }
    if (index === undefined) fail("syntax", `\\${op} needs an index below it, as in \\${op}_{k=1}^{n}`, t.start);
    const body = this.body(t);
    return { kind: "bigop", op, index, lower, upper, cond, body, span: this.span(t.start) };
  }

  /** The braced subscript of \sum: one relation (`k=1`, `i<l`) or a list of indices (`i,j`). */
  private bigOpIndices(op: string): Expr[] {
    const open = this.next();
    const items = this.inGroup(() => this.parseItems("}", false, open));
    if (items.length === 0) fail("syntax", `\\${op}_ needs an index`, open.start);
    // `\sum_{ij}`: letters written together are one index each.
    const only = items[0];
    if (items.length === 1 && only.kind === "mul" && only.factors.every((f) => f.kind === "sym" && f.name.length === 1)) return only.factors;
    return items;
  }

  private body(t: Token): Expr {
    const u = this.peek();
    if (u.kind === "eof" || u.kind === "sep" || (!this.startsFactor(u) && !this.isOp(u, "-"))) {
      fail("syntax", `${this.describe(t)} needs a body`, u.start);
    }
    this.enter(u.start);
    const e = this.parseSigned();
    this.leave();
    return e;
  }

  /** `\lim_{x \to a} body`, `x \to 0^+`. */
  private limit(t: Token): Expr {
    const u = this.peek();
    if (!this.isOp(u, "_")) fail("syntax", "\\lim needs its variable below it, as in \\lim_{x \\to 0}", u.start);
    this.next();
    const brace = this.isOp(this.peek(), "(") ? ")" : "}";
    const open = this.expectOp(brace === ")" ? "(" : "{", "{ after \\lim_");
    const { variable, to, side } = this.inGroup(() => {
      const v = this.parseFactor({ noCall: true });
      if (v.kind !== "sym") fail("syntax", "the variable of a limit must be a name", v.span?.start ?? open.start);
      const arrow = this.peek();
      const isArrow = (arrow.kind === "cmd" && ["to", "rightarrow", "longrightarrow"].includes(arrow.text)) || this.isOp(arrow, "->");
      if (!isArrow) this.unexpected(arrow, "\\to");
      this.next();
      this.allowSide = true;
      this.side = null;
      const target = this.parseAdditive();
      return { variable: v.name, to: target, side: this.side };
    });
    const c = this.peek();
    if (!this.isOp(c, brace)) {
      if (c.kind === "eof") this.neverClosed(open);
      this.unexpected(c, `"${brace}"`);
    }
    this.next();
    const body = this.body(t);
    return { kind: "limit", variable, to, side, body, span: this.span(t.start) };
  }

  /** `\int_{a}^{b} body \, dt`; the differential is optional (variable "" when absent). */
  private integral(t: Token): Expr {
    let lower: Expr | null = null;
    let upper: Expr | null = null;
    for (let n = 0; n < 2; n++) {
      const u = this.toks[this.p];
      if (this.isOp(u, "_")) {
        this.next();
        lower = this.braceOrToken("\\int_ needs a lower limit");
      } else if (this.isOp(u, "^")) {
        this.next();
        upper = this.braceOrToken("\\int^ needs an upper limit");
      } else break;
    }
    const saved = this.integralStop;
    this.integralStop = true;
    let body: Expr;
    try {
      body = this.body(t);
    } finally {
      this.integralStop = saved;
    }
    let variable = "";
    if (this.isDifferential(this.p)) {
      this.next();
      const v = this.next();
      const g = greekName(v.text);
      variable = g ? `\\${g}` : v.text;
    }
    return { kind: "integral", variable, lower, upper, body, span: this.span(t.start) };
  }

  /** Whether an expectation's or indicator's bracket follows. */
  private opensCondition(): boolean {
    const u = this.toks[this.p];
    return this.isOp(u, "[") || this.isOp(u, "\\{") || this.isOp(u, "(") || this.isOp(u, "_") || (this.isCmd(u, "left") && !!this.toks[this.p + 1] && ["[", "\\{", "("].includes(this.toks[this.p + 1].text));
  }

  /** `E[...]` or `E_{x}[...]` ahead (so that a slot named E still reads as a name). */
  private expectAhead(): boolean {
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

  private expectation(op: "E" | "Var", start: number): Expr {
    let over: Expr | null = null;
    if (this.isOp(this.toks[this.p], "_")) {
      const u = this.next();
      const sub = this.parseSubscript(u);
      if (sub.length !== 1) fail("syntax", "an expectation is over one variable", u.start);
      over = sub[0];
    }
    const body = this.bracketedArg(op === "E" ? "\\mathbb{E}[x]" : "\\mathrm{Var}[x]");
    return { kind: "expect", op, over, body, span: this.span(start) };
  }

  /** `\mathbb{1}[c]`, `\mathbb{1}\{c\}`, `\mathbf{1}_{c}`, ASCII `1[c]`, `ind(c)`. */
  private indicator(start: number): Expr {
    let cond: Expr;
    if (this.isOp(this.toks[this.p], "_")) {
      this.next();
      cond = this.braceOrToken("the indicator needs a condition");
    } else cond = this.bracketedArg("\\mathbb{1}[x > 0]");
    return { kind: "indicator", cond, span: this.span(start) };
  }

  /** A single expression in ( ), [ ], \{ \} or \left..\right. */
  private bracketedArg(example: string): Expr {
    const u = this.peek();
    if (this.isOp(u, "[") || this.isOp(u, "(") || this.isOp(u, "\\{")) {
      const e = this.bracket(u);
      if (e.kind === "tuple" && e.span?.start === u.start) fail("syntax", `expected one expression, as in ${example}`, u.start);
      return e;
    }
    if (this.isCmd(u, "left")) return this.leftRight();
    fail("syntax", `expected a bracket, as in ${example}`, u.start);
  }

  // ---------------------------------------------------------------- environments and ASCII forms

  private environment(t: Token): Expr {
    if (t.text === "cases" || t.text === "dcases") return this.cases(t);
    if (MATRIX_ENVS.has(t.text)) return this.matrixEnv(t);
    fail("unsupported", `the environment ${t.text} is not supported (use cases or bmatrix)`, t.start);
  }

  private endsEnv(t: Token, name: string): boolean {
    return t.kind === "end" && t.text === name;
  }

  private checkEnvOpen(begin: Token): Token {
    const t = this.peek();
    if (t.kind === "eof") fail("syntax", `\\begin{${begin.text}} is never closed by \\end{${begin.text}}`, begin.start);
    if (t.kind === "end" && t.text !== begin.text) fail("syntax", `\\begin{${begin.text}} is closed by \\end{${t.text}}`, t.start);
    return t;
  }

  private isWordTok(t: Token, words: string[]): boolean {
    return (t.kind === "id" || t.kind === "text") && words.includes(t.text.trim());
  }

  private cases(begin: Token): Expr {
    this.next();
    const branches: CaseBranch[] = this.inGroup(() => {
      const out: CaseBranch[] = [];
      for (;;) {
        let t = this.checkEnvOpen(begin);
        if (this.endsEnv(t, begin.text)) break;
        const value = this.parseRelation();
        const skip = (): void => {
          while (this.isOp(this.peek(), ",") || this.isOp(this.peek(), "&") || this.isOp(this.peek(), ".") || (this.peek().kind === "text" && [",", ".", ""].includes(this.peek().text.trim()))) this.next();
        };
        skip();
        if (this.isWordTok(this.peek(), ["if", "for", "when", "where"])) this.next();
        let cond: Expr | null = null;
        t = this.checkEnvOpen(begin);
        if (this.isWordTok(t, ["otherwise", "else", "o.w."])) this.next();
        else if (!this.isOp(t, "\\\\") && !this.endsEnv(t, begin.text)) cond = this.parseRelation();
        skip();
        out.push({ value, cond });
        t = this.checkEnvOpen(begin);
        if (this.isOp(t, "\\\\")) this.next();
        else if (!this.endsEnv(t, begin.text)) this.unexpected(t, `\\\\ or \\end{${begin.text}}`);
      }
      return out;
    });
    this.next();
    if (branches.length === 0) fail("syntax", "\\begin{cases} has no branches", begin.start);
    return { kind: "cases", branches, span: this.span(begin.start) };
  }

  private matrixEnv(begin: Token): Expr {
    this.next();
    const rows = this.inGroup(() => {
      const out: Expr[][] = [];
      let row: Expr[] = [];
      for (;;) {
        const t = this.checkEnvOpen(begin);
        if (this.endsEnv(t, begin.text)) {
          if (row.length > 0) out.push(row);
          break;
        }
        row.push(this.parseRelation());
        const u = this.checkEnvOpen(begin);
        if (this.isOp(u, "&")) this.next();
        else if (this.isOp(u, "\\\\")) {
          this.next();
          out.push(row);
          row = [];
        } else if (!this.endsEnv(u, begin.text)) this.unexpected(u, "& or \\\\");
      }
      return out;
    });
    this.next();
    if (rows.length === 0) fail("syntax", `empty ${begin.text}`, begin.start);
    return this.matrixOf(rows, begin.start, this.span(begin.start));
  }

  /** ASCII `cases(1 if x >= 0; theta otherwise)`. */
  private asciiCases(t: Token): Expr {
    const open = this.expectOp("(", '"(" after cases');
    const branches = this.inGroup(() => {
      const out: CaseBranch[] = [];
      for (;;) {
        if (this.peek().kind === "eof") this.neverClosed(open);
        const value = this.parseRelation();
        const u = this.peek();
        let cond: Expr | null = null;
        if (this.isWordTok(u, ["if"])) {
          this.next();
          cond = this.parseRelation();
        } else if (this.isWordTok(u, ["otherwise", "else"])) this.next();
        else this.unexpected(u, '"if" or "otherwise"');
        out.push({ value, cond });
        const v = this.peek();
        if (this.isOp(v, ";")) {
          this.next();
          continue;
        }
        if (this.isOp(v, ")")) break;
        if (v.kind === "eof") this.neverClosed(open);
        this.unexpected(v, '";" or ")"');
      }
      return out;
    });
    this.next();
    return { kind: "cases", branches, span: this.span(t.start) };
  }

  /** ASCII `deriv(f, x)`, `partial(L, Y)`, `deriv(f, x, 2)`. */
  private asciiDeriv(partial: boolean, t: Token): Expr {
    if (!this.opensCall(this.peek(), 0)) fail("syntax", `write ${t.text}(f, x)`, this.peek().start);
    const args = this.parseArgs();
    if (args.length < 2 || args.length > 3) fail("syntax", `${t.text}(f, x) takes two arguments (and an optional order)`, t.start);
    let order = 1;
    if (args.length === 3) {
      const o = args[2];
      if (o.kind !== "num" || !Number.isInteger(o.value) || o.value < 1 || o.value > 10) fail("syntax", "the order must be a whole number from 1 to 10", t.start);
      order = o.value;
    }
    return { kind: "deriv", body: args[0], wrt: args[1], order, partial, span: this.span(t.start) };
  }
}
