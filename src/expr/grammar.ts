/**
 * Precedence levels (relation, sum, sign, Hadamard, product), postfix scripts and application, and
 * brackets. Every recursive path passes through `parsePrimary`, whose one depth check bounds nesting.
 */
import type { Expr, RelOp } from "./ast.js";
import { type Atom, CLOSERS, PROSE, STOP_COMMANDS, TEXT_LIKE } from "./cursor.js";
import { ScriptReader } from "./scripts.js";
import { fail } from "./errors.js";
import type { Token } from "./tokenize.js";
import { RELATIONS } from "./vocabulary.js";

export abstract class Grammar extends ScriptReader {
  protected abstract idPrimary(t: Token, sym: (n: string) => Atom): Atom;
  protected abstract cmdPrimary(t: Token, sym: (n: string) => Atom): Atom;
  protected abstract textPrimary(t: Token, sym: (n: string) => Atom): Atom;
  protected abstract environment(t: Token): Expr;
  protected abstract indicator(start: number): Expr;

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

  protected parseAdditive(): Expr {
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

  protected parseSigned(): Expr {
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

  protected parseHadamard(): Expr {
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
  protected explicitOperand(op: Token, parse: () => Expr): Expr {
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

  protected parseProduct(): Expr {
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
          const operand = this.explicitOperand(t, () => this.parseFactor());
          const prev = acc[acc.length - 1];
          if (t.text === "cdot" && prev.kind === "sym" && operand.kind === "sym") {
            acc[acc.length - 1] = { kind: "mul", factors: [prev, operand], dot: true, span: this.span(prev.span?.start ?? start) };
          } else acc.push(operand);
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
  protected startsFactor(t: Token): boolean {
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

  protected parseFactor(opts: { noCall?: boolean } = {}): Expr {
    const t = this.peek();
    return this.parsePostfix(this.parsePrimary(), t.start, opts.noCall ?? false);
  }

  protected parsePostfix(atom: Atom, start: number, noCall: boolean): Expr {
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
          if (sub && e.kind === "call" && e.fn === "norm" && e.args.length === 1 && sub.length === 1) {
            e = { ...e, args: [e.args[0], sub[0]], span: this.span(start) }; // \|x\|_2: the 2-norm
          } else if (sub) {
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
          if (sup?.kind === "suffix" && sup.transposed) {
            settle();
            wrap();
            e = { kind: "transpose", arg: e, span: this.span(start) };
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

  /** `(a, b)` or `\left( a \right)` (or `[a]` after a primed name): the arguments of an application. */
  protected parseArgs(): Expr[] {
    const open = this.next();
    const left = open.kind === "cmd";
    if (left) this.next();
    const close = this.isOp(this.toks[this.p - 1], "[") ? "]" : ")";
    const items = this.inGroup(() => this.parseItems(close, left, open));
    if (items.length === 0) fail("syntax", "empty argument list", open.start);
    return items;
  }

  /** Comma-separated relations up to the closer (`\right` + closer when `left`). */
  protected parseItems(close: string, left: boolean, open: Token): Expr[] {
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

  /** Every recursive path of the grammar passes through here, so this one check bounds the depth. */
  protected parsePrimary(): Atom {
    this.enter(this.peek().start);
    const atom = this.primary();
    this.leave();
    return atom;
  }

  protected primary(): Atom {
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

  protected opPrimary(t: Token): Expr {
    const start = t.start;
    switch (t.text) {
      case "(":
      case "[":
      case "\\{":
        return this.bracket(t);
      case "{":
        return this.grouped("}");
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
  protected bracket(open: Token): Expr {
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

  /** `\left( ... \right)` and friends: grouping, abs, norm, floor, ceil by delimiter. */
  protected leftRight(): Expr {
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
    // `\right.` closes anything invisibly (`\left\{ ... \right.` around cases): then it is only grouping.
    const closesOk = expected === null || rkey === expected || (rkey === "." && r.kind === "op");
    if (!closesOk) fail("syntax", `\\left${key} is closed by \\right${rkey}`, right.start);
    const span = this.span(left.start);
    if (items.length === 0) fail("syntax", "empty \\left \\right pair", left.start);
    const fn = rkey === "." ? undefined : { "|": "abs", lvert: "abs", "\\|": "norm", lVert: "norm", lfloor: "floor", lceil: "ceil" }[key];
    if (fn) {
      if (items.length !== 1) fail("syntax", `${fn} takes one expression`, left.start);
      return { kind: "call", fn, args: items, order: 0, span };
    }
    if (key === "langle") fail("unsupported", "\\langle \\rangle is not supported; write a^\\top b", left.start);
    if (items.length === 1) return items[0];
    return { kind: "tuple", brackets: key === "[" ? "[]" : "()", items, span };
  }

  /** `\lfloor x \rfloor`, `\lceil x \rceil`, `\lvert x \rvert`, `\lVert x \rVert`. */
  protected delimited(open: Token): Expr {
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
}
