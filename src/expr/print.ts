/**
 * Printers: LaTeX (renders in KaTeX) and ASCII (re-parses with dialect "ascii"). Parentheses are the
 * fewest the parser needs to rebuild the same tree; see docs/notation.md for the canonical forms.
 */
import type { Expr } from "./ast.js";
import { SUB_WORDS, greekName } from "./vocabulary.js";

type Style = "latex" | "ascii";

// Precedence: a child printed where `min` is required gets brackets when its own level is lower.
const REL = 0;
const ADD = 1;
const SIGNED = 2; // neg, and \sum \lim \int, whose body runs to the end of the term
const HAD = 3;
const MUL = 4;
const POST = 5; // scripts: x_i, x^2, X^\top
const ATOM = 6;

const LATEX_FUNCTIONS: Record<string, string> = {
  exp: "\\exp", log: "\\log", tanh: "\\tanh", max: "\\max", min: "\\min", sin: "\\sin", cos: "\\cos",
  sigma: "\\sigma", H: "H", diag: "\\mathrm{diag}", softplus: "\\mathrm{softplus}",
  relu: "\\mathrm{ReLU}", lrelu: "\\mathrm{LReLU}", prelu: "\\mathrm{PReLU}",
  softmax: "\\mathrm{softmax}", logsoftmax: "\\mathrm{logsoftmax}", sign: "\\mathrm{sign}",
  trace: "\\mathrm{tr}", sqrt: "\\operatorname{sqrt}", abs: "\\operatorname{abs}",
  norm: "\\operatorname{norm}", det: "\\det", mean: "\\mathrm{mean}", var: "\\mathrm{var}", floor: "\\operatorname{floor}", ceil: "\\operatorname{ceil}",
};

const DELIMITED: Record<string, [string, string]> = {
  abs: ["\\left|", "\\right|"],
  norm: ["\\left\\|", "\\right\\|"],
  floor: ["\\left\\lfloor ", "\\right\\rfloor"],
  ceil: ["\\left\\lceil ", "\\right\\rceil"],
};

const LATEX_REL: Record<string, string> = { "=": "=", "<": "<", ">": ">", "<=": "\\le", ">=": "\\ge", "!=": "\\ne" };

export function toLatex(e: Expr): string {
  return new Printer("latex").print(e, REL);
}

export function toAscii(e: Expr): string {
  return new Printer("ascii").print(e, REL);
}

/** A symbol name in the ASCII dialect: `\alpha` is alpha, `\hat{\sigma}` is hat(sigma). */
export function nameToAscii(name: string): string {
  let out = "";
  let i = 0;
  while (i < name.length) {
    if (name[i] === "\\") {
      let j = i + 1;
      while (j < name.length && /[A-Za-z]/.test(name[j])) j++;
      const word = name.slice(i + 1, j);
      if (["hat", "tilde", "bar"].includes(word) && name[j] === "{") {
        const close = matchingBrace(name, j);
        out += `${word}(${nameToAscii(name.slice(j + 1, close))})`;
        i = close + 1;
        continue;
      }
      const g = greekName(word);
      out += g ?? name.slice(i, j);
      if (g && /[A-Za-z]/.test(name[j] ?? "")) out += " ";
      i = j;
      continue;
    }
    out += name[i];
    i++;
  }
  return /^[A-Za-z]{2,}$/.test(name) ? `\\mathrm{${name}}` : out;
}

function matchingBrace(s: string, open: number): number {
  let depth = 0;
  for (let k = open; k < s.length; k++) {
    if (s[k] === "{") depth++;
    else if (s[k] === "}" && --depth === 0) return k;
  }
  return s.length - 1;
}

class Printer {
  constructor(private readonly style: Style) {}

  private get latex(): boolean {
    return this.style === "latex";
  }

  /** Prints `e` where the context needs at least precedence `min`. */
  print(e: Expr, min: number): string {
    const s = this.bare(e);
    return this.prec(e) < min ? this.paren(s) : s;
  }

  private paren(s: string): string {
    return this.latex ? `\\left(${s}\\right)` : `(${s})`;
  }

  private prec(e: Expr): number {
    switch (e.kind) {
      case "rel":
        return REL;
      case "add":
        return ADD;
      case "neg":
      case "bigop":
      case "limit":
      case "integral":
        return SIGNED;
      case "hadamard":
        return HAD;
      case "mul":
        return MUL;
      case "div":
        return this.latex ? ATOM : MUL;
      case "num":
        return e.value < 0 ? SIGNED : ATOM;
      case "pow":
      case "transpose":
      case "index":
      case "delta":
        return POST;
      case "deriv":
        return this.derivInline(e) ? ATOM : POST;
      default:
        return ATOM;
    }
  }

  /** Whether a derivative prints as `\frac{\partial L}{\partial Y}` rather than as an operator. */
  private derivInline(e: Extract<Expr, { kind: "deriv" }>): boolean {
    return this.prec(e.body) >= POST && e.body.kind !== "deriv";
  }

  /** A base that scripts attach to: brackets unless atomic; braces around names that carry scripts. */
  private scriptBase(e: Expr, allowScripted: boolean): string {
    if (e.kind === "sym" && /[_^']/.test(e.name)) return `{${this.bare(e)}}`;
    if (e.kind === "const" && e.name === "ones") return this.latex ? "{\\mathbf{1}}" : "(ones)";
    // A script on a bare \frac reads as belonging to its denominator: \left(\frac{G}{Z}\right)^\top.
    const ok = (this.prec(e) === ATOM && e.kind !== "div") || (allowScripted && (e.kind === "index" || e.kind === "delta"));
    if (e.kind === "deriv" && !this.derivInline(e)) return this.paren(this.bare(e));
    return ok ? this.bare(e) : this.paren(this.bare(e));
  }

  private bare(e: Expr): string {
    const L = this.latex;
    switch (e.kind) {
      case "num":
        return e.value < 0 ? `-${numText(-e.value)}` : numText(e.value);
      case "sym":
        return L ? symLatex(e.name) : nameToAscii(e.name);
      case "const":
        return L ? { I: "I", ones: "\\mathbf{1}", inf: "\\infty", pi: "\\pi", e: "e" }[e.name] : { I: "I", ones: "ones", inf: "inf", pi: "pi", e: "e" }[e.name];
      case "add":
        return e.terms
          .map((t, k) => {
            if (t.kind === "neg" && k > 0) return ` - ${this.print(t.arg, SIGNED)}`;
            const s = this.print(t, SIGNED);
            return k === 0 ? s : ` + ${s}`;
          })
          .join("");
      case "neg":
        return `-${this.print(e.arg, e.arg.kind === "neg" ? ATOM : SIGNED)}`;
      case "mul":
        return this.product(e.factors);
      case "hadamard":
        return e.factors.map((f) => this.print(f, MUL)).join(L ? " \\circ " : " .* ");
      case "div":
        if (L) return `\\frac{${this.print(e.num, REL)}}{${this.print(e.den, REL)}}`;
        return `${this.print(e.num, MUL)}/${this.print(e.den, POST)}`;
      case "pow":
        return `${this.scriptBase(e.base, true)}^${this.exponent(e.exp)}`;
      case "transpose":
        return `${this.scriptBase(e.arg, true)}${L ? "^\\top" : "^T"}`;
      case "index":
        return `${this.scriptBase(e.base, false)}_${this.indices(e.indices)}`;
      case "delta":
        return `${L ? "\\delta" : "delta"}_${this.indices([e.i, e.j])}`;
      case "call":
        return this.call(e.fn, e.args, e.order);
      case "indicator":
        return L ? `\\mathbb{1}\\left[${this.print(e.cond, REL)}\\right]` : `ind(${this.print(e.cond, REL)})`;
      case "rel":
        return e.operands
          .map((o, k) => (k === 0 ? "" : ` ${L ? LATEX_REL[e.ops[k - 1]] : e.ops[k - 1]} `) + this.print(o, ADD))
          .join("");
      case "cases":
        if (L) {
          const rows = e.branches.map((b) => `${this.print(b.value, REL)} & ${b.cond ? `\\text{if } ${this.print(b.cond, REL)}` : "\\text{otherwise}"}`);
          return `\\begin{cases} ${rows.join(" \\\\ ")} \\end{cases}`;
        }
        return `cases(${e.branches.map((b) => `${this.print(b.value, REL)} ${b.cond ? `if ${this.print(b.cond, REL)}` : "otherwise"}`).join("; ")})`;
      case "bigop": {
        const head = L ? `\\${e.op}` : e.op;
        let below = e.index;
        if (e.lower) below = `${e.index} = ${this.print(e.lower, ADD)}`;
        else if (e.cond) below = this.print(e.cond, REL);
        const above = e.upper ? `^{${this.print(e.upper, REL)}}` : "";
        return `${head}_{${below}}${above} ${this.print(e.body, SIGNED)}`;
      }
      case "limit": {
        const to = e.side ? `${this.scriptBase(e.to, true)}^{${e.side}}` : this.print(e.to, ADD);
        const v = L ? symLatex(e.variable) : nameToAscii(e.variable);
        return L ? `\\lim_{${v} \\to ${to}} ${this.print(e.body, SIGNED)}` : `lim_{${v} -> ${to}} ${this.print(e.body, SIGNED)}`;
      }
      case "integral": {
        const lo = e.lower ? `_{${this.print(e.lower, REL)}}` : "";
        const hi = e.upper ? `^{${this.print(e.upper, REL)}}` : "";
        const v = L ? symLatex(e.variable) : nameToAscii(e.variable);
        const d = e.variable ? (L ? ` \\, d${v}` : ` d ${v}`) : "";
        return `${L ? "\\int" : "int"}${lo}${hi} ${this.print(e.body, SIGNED)}${d}`;
      }
      case "deriv":
        return this.deriv(e);
      case "expect": {
        const over = e.over ? `_{${this.print(e.over, REL)}}` : "";
        const head = e.op === "E" ? (L ? "\\mathbb{E}" : "E") : L ? "\\mathrm{Var}" : "Var";
        return L ? `${head}${over}\\left[${this.print(e.body, REL)}\\right]` : `${head}${over}[${this.print(e.body, REL)}]`;
      }
      case "tuple": {
        const items = e.items.map((x) => this.print(x, REL)).join(", ");
        if (!L) return e.brackets === "()" ? `(${items})` : `[${items}]`;
        return e.brackets === "()" ? `\\left(${items}\\right)` : `\\left[${items}\\right]`;
      }
      case "matrix": {
        if (L) return `\\begin{bmatrix} ${e.rows.map((r) => r.map((x) => this.print(x, REL)).join(" & ")).join(" \\\\ ")} \\end{bmatrix}`;
        const rows = e.rows.map((r) => r.map((x) => this.print(x, REL)).join(", "));
        return rows.length === 1 ? `[${rows[0]};]` : `[${rows.join("; ")}]`;
      }
    }
  }

  private product(factors: Expr[]): string {
    if (!this.latex) return factors.map((f, k) => this.print(f, k === 0 && f.kind === "div" ? MUL : POST)).join("*");
    let out = "";
    factors.forEach((f, k) => {
      const s = this.print(f, POST);
      if (k > 0) {
        const prev = factors[k - 1];
        // A bare name before a bracket would read as an application, `d x` as a differential.
        const named = prev.kind === "sym" || prev.kind === "const";
        const cdot = /^[0-9.]/.test(s) || (named && /^(\\left)?[([]/.test(s)) || (prev.kind === "sym" && prev.name === "d");
        out += cdot ? " \\cdot " : " ";
      }
      out += s;
    });
    return out;
  }

  private exponent(x: Expr): string {
    if (this.latex) {
      if (x.kind === "sym" && x.name === "T") return "{{T}}";
      const s = this.print(x, REL);
      return /^[A-Za-z0-9]$/.test(s) ? s : `{${s}}`;
    }
    const s = this.print(x, REL);
    const bare =
      (x.kind === "num" && /^\d+(\.\d+)?$/.test(s)) ||
      (x.kind === "sym" && x.name !== "T" && /^[A-Za-z]+$/.test(s)) ||
      x.kind === "const";
    return bare ? s : `(${s})`;
  }

  private indices(xs: Expr[]): string {
    const letters = xs.length > 1 && xs.every((x) => x.kind === "sym" && /^[A-Za-z]$/.test(x.name));
    const word = letters ? xs.map((x) => (x as { name: string }).name).join("") : "";
    if (letters && !SUB_WORDS.has(word)) return `{${word}}`;
    const parts = xs.map((x) => this.print(x, ADD));
    return parts.length === 1 && /^[A-Za-z0-9]$/.test(parts[0]) ? parts[0] : `{${parts.join(",")}}`;
  }

  private call(fn: string, args: Expr[], order: number): string {
    const L = this.latex;
    const primes = "'".repeat(order);
    const list = args.map((a) => this.print(a, REL)).join(", ");
    if (L && order === 0 && fn === "norm" && args.length === 2) {
      return `\\left\\|${this.print(args[0], REL)}\\right\\|_${this.indices([args[1]])}`;
    }
    if (L && order === 0 && args.length === 1) {
      if (fn === "sqrt") return `\\sqrt{${list}}`;
      const d = DELIMITED[fn];
      if (d) return `${d[0]}${list}${d[1]}`;
    }
    let head: string;
    if (fn in LATEX_FUNCTIONS) head = L ? LATEX_FUNCTIONS[fn] : fn;
    else if (/^[A-Za-z]{2,}$/.test(fn)) head = `\\operatorname{${fn}}`;
    else head = L ? symLatex(fn) : nameToAscii(fn);
    return `${head}${primes}(${list})`;
  }

  private deriv(e: Extract<Expr, { kind: "deriv" }>): string {
    const L = this.latex;
    if (!L) {
      const args = [this.print(e.body, REL), this.print(e.wrt, REL)];
      if (e.order > 1) args.push(String(e.order));
      return `${e.partial ? "partial" : "deriv"}(${args.join(", ")})`;
    }
    const d = e.partial ? "\\partial" : "d";
    const top = e.order > 1 ? `${d}^{${e.order}}` : d;
    const wrt = e.order > 1 ? `${this.scriptBase(e.wrt, true)}^{${e.order}}` : this.print(e.wrt, POST);
    if (this.derivInline(e)) return `\\frac{${top} ${this.print(e.body, REL)}}{${d} ${wrt}}`;
    return `\\frac{${top}}{${d} ${wrt}}${this.paren(this.print(e.body, REL))}`;
  }
}

function numText(v: number): string {
  return String(v);
}

/** A name as LaTeX: canonical names already are, except multi-letter plain words. */
function symLatex(name: string): string {
  return /^[A-Za-z]{2,}$/.test(name) ? `\\mathrm{${name}}` : name;
}
