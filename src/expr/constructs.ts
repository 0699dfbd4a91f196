/** Fractions and derivatives, roots, big operators, limits, integrals, expectations, indicators, environments, ASCII forms. */
import type { CaseBranch, Expr } from "./ast.js";
import { MATRIX_ENVS, STOP_COMMANDS } from "./cursor.js";
import { Grammar } from "./grammar.js";
import { fail } from "./errors.js";
import type { Token } from "./tokenize.js";
import { greekName } from "./vocabulary.js";

export abstract class Constructs extends Grammar {
  /** Words that are the same as a command or an ASCII word: `\sum` and `sum`, `\infty` and `infty`. */
  protected keyword(w: string, t: Token): Expr | undefined {
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

  protected fraction(t: Token): Expr {
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

  /** `\frac{\partial L}{\partial Y}`, `\frac{d}{dx}`, `\frac{dL}{dY}`: checked on tokens before committing. */
  protected isDerivFrac(a: number, c: number): boolean {
    const n0 = this.toks[a + 1];
    const d0 = this.toks[c + 1];
    if (!this.isDOrPartial(n0) || !this.isDOrPartial(d0)) return false;
    if (this.isCmd(n0, "partial") && this.isCmd(d0, "partial")) return true;
    const n1 = this.toks[a + 2];
    const numOk = this.isOp(n1, "}") || this.isOp(n1, "^") || (n1.kind !== "op" || ["(", "[", "|", "\\|", "\\{", "{"].includes(n1.text));
    const numNotOp = !(n1.kind === "cmd" && STOP_COMMANDS.has(n1.text));
    return numOk && numNotOp && this.skipName(c + 2) > 0;
  }

  protected fracDeriv(t: Token): Expr {
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

  protected orderArg(): number {
    const t = this.peek();
    let e: Expr;
    if (this.isOp(t, "{")) e = this.braceOrToken("missing order");
    else e = this.singleTokenArg();
    if (e.kind !== "num" || !Number.isInteger(e.value) || e.value < 1 || e.value > 10) {
      fail("syntax", "the order of a derivative must be a whole number from 1 to 10", t.start);
    }
    return e.value;
  }

  protected dDeriv(): Expr {
    const t = this.next();
    const operator = this.isOp(this.peek(), "/");
    const body = operator ? null : this.parseFactor({ noCall: true });
    this.expectOp("/", '"/"');
    this.next();
    const wrt = this.parseFactor({ noCall: true });
    if (body !== null) return { kind: "deriv", body, wrt, order: 1, partial: false, span: this.span(t.start) };
    // `d/dx f(x)`: the operator form differentiates the factor after it.
    const v = this.peek();
    if (v.kind === "eof" || v.kind === "sep" || !this.startsFactor(v)) fail("syntax", "d/dx needs what it differentiates after it, as in d/dx f(x)", v.start);
    return { kind: "deriv", body: this.parseFactor(), wrt, order: 1, partial: false, span: this.span(t.start) };
  }

  /** `\partial L/\partial Y`. */
  protected partialSlash(): Expr {
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
  protected nabla(): Expr {
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

  protected sqrt(t: Token): Expr {
    let index: Expr | null = null;
    if (this.isOp(this.peek(), "[")) index = this.grouped("]");
    const arg = this.braceOrToken("\\sqrt needs an argument");
    const span = this.span(t.start);
    if (index === null) return { kind: "call", fn: "sqrt", args: [arg], order: 0, span };
    return { kind: "pow", base: arg, exp: { kind: "div", num: { kind: "num", value: 1 }, den: index }, span };
  }

  /** `\sum_{k=1}^{n}`, `\prod_{i<l}`, `\sum_k`: the body is one signed term. */
  protected bigOp(op: "sum" | "prod", t: Token): Expr {
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
  protected bigOpIndices(op: string): Expr[] {
    const open = this.next();
    const items = this.inGroup(() => this.parseItems("}", false, open));
    if (items.length === 0) fail("syntax", `\\${op}_ needs an index`, open.start);
    // `\sum_{ij}`: letters written together are one index each.
    const only = items[0];
    if (items.length === 1 && only.kind === "mul" && only.factors.every((f) => f.kind === "sym" && f.name.length === 1)) return only.factors;
    return items;
  }

  protected body(t: Token): Expr {
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
  protected limit(t: Token): Expr {
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
  protected integral(t: Token): Expr {
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

  protected expectation(op: "E" | "Var", start: number): Expr {
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
  protected indicator(start: number): Expr {
    let cond: Expr;
    if (this.isOp(this.toks[this.p], "_")) {
      this.next();
      cond = this.braceOrToken("the indicator needs a condition");
      // `\mathbf{1}_n` is the ones vector of size n, not an indicator.
      if (cond.kind !== "rel") return { kind: "const", name: "ones", span: this.span(start) };
    } else cond = this.bracketedArg("\\mathbb{1}[x > 0]");
    return { kind: "indicator", cond, span: this.span(start) };
  }

  /** A single expression in ( ), [ ], \{ \} or \left..\right. */
  protected bracketedArg(example: string): Expr {
    const u = this.peek();
    if (this.isOp(u, "[") || this.isOp(u, "(") || this.isOp(u, "\\{")) {
      const e = this.bracket(u);
      if (e.kind === "tuple" && e.span?.start === u.start) fail("syntax", `expected one expression, as in ${example}`, u.start);
      return e;
    }
    if (this.isCmd(u, "left")) return this.leftRight();
    fail("syntax", `expected a bracket, as in ${example}`, u.start);
  }

  protected environment(t: Token): Expr {
    if (t.text === "cases" || t.text === "dcases") return this.cases(t);
    if (MATRIX_ENVS.has(t.text)) return this.matrixEnv(t);
    fail("unsupported", `the environment ${t.text} is not supported (use cases or bmatrix)`, t.start);
  }

  protected cases(begin: Token): Expr {
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

  protected matrixEnv(begin: Token): Expr {
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
  protected asciiCases(t: Token): Expr {
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
  protected asciiDeriv(partial: boolean, t: Token): Expr {
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
