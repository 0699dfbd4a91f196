/**
 * Recursive descent from tokens to a raw AST: names are not yet checked against a symbol table, and
 * `name(...)` is always a `call` (resolve.ts decides between application and product, and between
 * a subscripted name `d_x` and indexed access `S_i`). This file reads primaries: letters and words,
 * commands, text arguments, built-in functions, decorations and bold.
 */
import type { Expr } from "./ast.js";
import { type Atom, PROSE, STOP_COMMANDS } from "./cursor.js";
import { Constructs } from "./constructs.js";
import { fail } from "./errors.js";
import type { Token } from "./tokenize.js";
import { BOLD, DECORATIONS, FUNCTION_COMMANDS, FUNCTION_WORDS, greekName, RELATIONS, suggestCommand } from "./vocabulary.js";

export class Parser extends Constructs {
  protected idPrimary(t: Token, sym: (n: string) => Atom): Atom {
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

  protected cmdPrimary(t: Token, sym: (n: string) => Atom): Atom {
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

  protected textPrimary(t: Token, sym: (n: string) => Atom): Atom {
    const content = t.text.trim();
    const cmd = t.arg ?? "text";
    const start = t.start;
    if (cmd === "mathbb") {
      if (content === "1" || content === "I") {
        this.next();
        if (this.opensCondition()) return { e: this.indicator(start) };
        // Alone, \mathbb{1} is the ones vector and \mathbb{I} the identity.
        return { e: { kind: "const", name: content === "1" ? "ones" : "I", span: this.span(start) } };
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

  /** A built-in function: `\exp(x)`, `\log p`, `\tanh'(x)`, `\max(0, x)`. */
  protected application(fn: string, t: Token): Expr {
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
  protected decorate(deco: string, t: Token, ascii: boolean): Atom {
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
  protected bold(t: Token): Atom {
    const u = this.peek();
    const isOne =
      (this.isOp(u, "{") && this.braces[this.p] === this.p + 2 && this.toks[this.p + 1].kind === "num" && this.toks[this.p + 1].text === "1") ||
      (u.kind === "num" && u.text === "1");
    if (isOne) {
      this.p = u.kind === "num" ? this.p + 1 : this.p + 3;
      this.lastEnd = this.toks[this.p - 1].end;
      // `\mathbf{1}[X < 0]` is how many students write the indicator; a parenthesis stays a product.
      if (this.opensCondition() && !this.opensParen()) return { e: this.indicator(t.start) };
      return { e: { kind: "const", name: "ones", span: this.span(t.start) } };
    }
    if (this.isOp(u, "{")) {
      const e = this.grouped("}");
      return { e, name: e.kind === "sym" ? e.name : undefined };
    }
    if (u.kind === "eof" || !this.startsFactor(u)) fail("syntax", `\\${t.text} needs an argument`, u.start);
    return this.parsePrimary();
  }
}
