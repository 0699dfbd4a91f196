/** Sub- and superscripts: TeX's one-token arguments, index lists, transposes, primes, name suffixes. */
import type { Expr } from "./ast.js";
import { type Atom, type Sup, TokenCursor } from "./cursor.js";
import { fail } from "./errors.js";
import { DEFAULT_INDEX_LETTERS } from "./names.js";
import { toLatex } from "./print.js";
import type { Token } from "./tokenize.js";
import { SUB_WORDS } from "./vocabulary.js";

/** `l-1`, not `l - 1`: the spelling of a parenthesised superscript inside a name (`x^{(l-1)}`). */
function compactLatex(e: Expr): string {
  return toLatex(e).replace(/ ([-+=<>,]) /g, "$1").replace(/, /g, ",");
}

export abstract class ScriptReader extends TokenCursor {
  protected abstract parseRelation(): Expr;
  protected abstract parseItems(close: string, left: boolean, open: Token): Expr[];
  protected abstract parsePrimary(): Atom;
  protected abstract startsFactor(t: Token): boolean;

  /** One cluster of scripts: at most one `_` and one `^`, in either order (TeX's rule). */
  protected readScripts(): { sub?: Expr[]; sup?: Sup } {
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

  protected parseSubscript(op: Token): Expr[] {
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
  protected adjacentIndices(): Expr[] {
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

  /** ASCII `delta_ij`, `x_12`, `d_x`: letters are one index each, a digit run is one number. */
  protected splitRun(t: Token): Expr[] {
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

  protected parseSuperscript(op: Token): Sup {
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
        if (this.isTransposeMark(k)) {
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
      // `x^{(l)}`, `W^{[l]}`: a layer index, part of the name; `x^{(N)\top}` also transposes it.
      const transposed = n >= 3 && this.isTransposeMark(this.toks[close - 1]);
      const last = transposed ? close - 2 : close - 1;
      const paren = n >= 2 && this.isOp(this.toks[a], "(") && this.parens[a] === last;
      const square = n >= 2 && this.isOp(this.toks[a], "[") && this.squares[a] === last;
      if (paren || square) {
        const [o, c] = paren ? ["(", ")"] : ["[", "]"];
        this.next();
        const e = this.grouped(c);
        if (transposed) this.next();
        this.expectOp("}", '"}"');
        return { kind: "suffix", text: `^{${o}${compactLatex(e)}${c}}`, inner: e, transposed };
      }
      return { kind: "power", e: this.grouped("}") };
    }
    if (this.isTransposeMark(t)) {
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
  protected scriptOperand(): Expr {
    return this.opts.dialect === "latex" ? this.singleTokenArg() : this.parsePrimary().e;
  }

  /** TeX's one-token argument: `\frac12` is 1 over 2, `x^23` is x squared times 3 (LaTeX only). */
  protected singleTokenArg(): Expr {
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

  /** `T`, `\top`, `\intercal`, `\mathsf{T}`, `\mathrm{T}`: what a superscript transposes with. */
  private isTransposeMark(k: Token): boolean {
    return (k.kind === "id" && k.text === "T") || (k.kind === "cmd" && (k.text === "top" || k.text === "intercal")) || (k.kind === "text" && k.text.trim() === "T");
  }

  /** The bracketed relation at the cursor (its opener is the current token), up to `close`. */
  protected grouped(close: string): Expr {
    const open = this.next();
    const e = this.inGroup(() => this.parseRelation());
    const c = this.peek();
    if (!this.isOp(c, close)) {
      if (c.kind === "eof") this.neverClosed(open);
      this.unexpected(c, `"${close}"`);
    }
    this.next();
    return e;
  }

  /** `{...}` or a single token: arguments of \frac, \sqrt, limits of \int, upper limits of \sum. */
  protected braceOrToken(missing: string): Expr {
    const t = this.peek();
    if (this.isOp(t, "{")) {
      return this.grouped("}");
    }
    if (t.kind === "eof" || t.kind === "sep" || !this.startsFactor(t)) fail("syntax", missing, t.start);
    return this.singleTokenArg();
  }
}
