/**
 * Name resolution: turns the raw tree into the final AST, against a symbol table when one is given.
 * - aliases: each alias string (and each declared subscripted name such as `d_x`) is parsed once,
 *   cached per table, and replaced wherever the raw tree has the same structure;
 * - `name_{...}`: a declared name wins, else indexed access on a declared base, else unknown;
 * - `name(...)`: application for functions, implicit product for declared values;
 * - `I`, `e`, `\pi` are constants unless declared; `e^{x}` is exp(x).
 * Without a table, the defaults of names.ts apply and nothing is unknown.
 */
import type { Expr, ParseResult, Span } from "./ast.js";
import { sameIgnoring } from "./equals.js";
import { ParseFailure, fail, toParseError } from "./errors.js";
import { DEFAULT_INDEX_LETTERS, isDefaultFunction, subscriptedName } from "./names.js";
import { parseRawExpr } from "./raw.js";
import type { SymbolDecl, SymbolTable } from "./types.js";
import { BUILTIN_FUNCTIONS } from "./vocabulary.js";
import { mapChildren } from "./walk.js";

interface Alias {
  expr: Expr;
  name: string;
}

/** What resolution needs from a table, computed once per table object. */
export interface TableInfo {
  /** By declared name, and by canonical spelling when the table spells a name otherwise (`\hat\sigma`). */
  decls: Map<string, SymbolDecl>;
  aliases: Map<string, Alias[]>;
  /** Multi-letter plain names, kept whole by the ASCII tokenizer. */
  words: Set<string>;
  /** "X, W, V, G (= \frac{\partial L}{\partial Y}), h (function)" for error messages. */
  listing: string;
}

const cache = new WeakMap<SymbolTable, TableInfo>();

/** Structural key of a node's head, so an alias is compared only with nodes that could match. */
function headKey(e: Expr): string {
  switch (e.kind) {
    case "sym":
      return `sym:${e.name}`;
    case "call":
      return `call:${e.fn}`;
    case "index":
      return `index:${headKey(e.base)}`;
    default:
      return e.kind;
  }
}

export function tableInfo(table: SymbolTable): TableInfo {
  const hit = cache.get(table);
  if (hit) return hit;
  const decls = new Map<string, SymbolDecl>();
  const aliases = new Map<string, Alias[]>();
  const words = new Set<string>();
  const add = (text: string, name: string, isAlias: boolean): void => {
    let expr: Expr;
    try {
      expr = parseRawExpr(text, { dialect: "auto" });
    } catch (err) {
      if (!isAlias) return;
      const why = err instanceof ParseFailure ? err.message : String(err);
      throw new ParseFailure("bad-alias", `the symbol table's alias "${text}" for ${name} cannot be read: ${why}`, 0);
    }
    if (expr.kind === "sym") {
      if (expr.name !== name && !decls.has(expr.name)) decls.set(expr.name, decls.get(name) as SymbolDecl);
      return;
    }
    const key = headKey(expr);
    const list = aliases.get(key) ?? [];
    list.push({ expr, name });
    aliases.set(key, list);
  };
  for (const d of table.symbols) {
    decls.set(d.name, d);
    if (/^[A-Za-z]{2,}$/.test(d.name)) words.add(d.name);
  }
  for (const d of table.symbols) {
    if (d.kind !== "function" && d.kind !== "elementwise") add(d.name, d.name, false);
    else {
      // A function's canonical spelling (`\hat{\sigma}` for `\hat\sigma`) finds its declaration.
      try {
        const e = parseRawExpr(d.name, { dialect: "latex" });
        if (e.kind === "sym" && e.name !== d.name && !decls.has(e.name)) decls.set(e.name, d);
      } catch {
        // A name that does not parse can only be used spelled as declared.
      }
    }
    for (const a of d.aliases ?? []) add(a, d.name, true);
  }
  const listing = table.symbols
    .map((d) => {
      const extra = d.kind === "function" || d.kind === "elementwise" ? " (function)" : d.aliases?.length ? ` (or ${d.aliases.join(", ")})` : "";
      return `${d.name}${extra}`;
    })
    .join(", ");
  const info = { decls, aliases, words, listing };
  cache.set(table, info);
  return info;
}

/** Resolves a raw tree; `text` (the source) gives line and column to errors. Never throws. */
export function resolveSymbols(e: Expr, table?: SymbolTable, text = ""): ParseResult<Expr> {
  try {
    return { ok: true, value: resolveExpr(e, table) };
  } catch (err) {
    return { ok: false, error: toParseError(text, err) };
  }
}

/** Throws ParseFailure on an unknown symbol. */
export function resolveExpr(e: Expr, table?: SymbolTable): Expr {
  return new Resolver(table ? tableInfo(table) : undefined).resolve(e, false);
}

class Resolver {
  /** Variables bound by \lim and \int, and (also in `indices`) by \sum and \prod. */
  private readonly bound: string[] = [];
  private readonly indices: string[] = [];

  constructor(private readonly info: TableInfo | undefined) {}

  private at(e: Expr): number {
    return e.span?.start ?? 0;
  }

  private declared(name: string): SymbolDecl | undefined {
    return this.info?.decls.get(name);
  }

  private isBound(name: string): boolean {
    return this.bound.includes(name);
  }

  private aliasOf(e: Expr): string | undefined {
    const list = this.info?.aliases.get(headKey(e));
    if (!list) return undefined;
    for (const a of list) if (sameIgnoring(e, a.expr, ALIAS_IGNORED)) return a.name;
    return undefined;
  }

  private unknown(name: string, at: number, what = "symbol"): never {
    const listing = this.info?.listing ?? "";
    fail("unknown-symbol", `unknown ${what} ${name}; the symbols here are: ${listing}`, at);
  }

  private withBound<T>(name: string, isIndex: boolean, f: () => T): T {
    this.bound.push(name);
    if (isIndex) this.indices.push(name);
    try {
      return f();
    } finally {
      this.bound.pop();
      if (isIndex) this.indices.pop();
    }
  }

  resolve(e: Expr, inIndex: boolean): Expr {
    const alias = this.info ? this.aliasOf(e) : undefined;
    if (alias !== undefined) return withSpan({ kind: "sym", name: alias }, e.span);
    const distributed = this.scriptOnProduct(e, inIndex);
    if (distributed) return distributed;
    switch (e.kind) {
      case "sym":
        return this.name(e.name, e.span, inIndex);
      case "index":
        return this.indexed(e, inIndex);
      case "call":
        return this.call(e);
      case "pow":
        if (e.base.kind === "sym" && e.base.name === "e" && !this.declared("e") && !this.isBound("e")) {
          return withSpan({ kind: "call", fn: "exp", args: [this.resolve(e.exp, false)], order: 0 }, e.span);
        }
        return mapChildren(e, (x) => this.resolve(x, inIndex));
      case "bigop": {
        const idx = e.index;
        return this.withBound(idx, true, () => mapChildren(e, (x) => this.resolve(x, x === e.body ? inIndex : true)));
      }
      case "limit":
        return { ...e, to: this.resolve(e.to, inIndex), body: this.withBound(e.variable, false, () => this.resolve(e.body, inIndex)) };
      case "integral":
        return this.withBound(e.variable, false, () => mapChildren(e, (x) => this.resolve(x, inIndex)));
      case "delta":
        return mapChildren(e, (x) => this.resolve(x, true));
      case "mul":
        return this.product(e, inIndex);
      default:
        return mapChildren(e, (x) => this.resolve(x, inIndex));
    }
  }

  /** Products, with the raw `a \cdot b` marks read as dot products or spliced back into the product. */
  private product(e: Extract<Expr, { kind: "mul" }>, inIndex: boolean): Expr {
    const isDot = (m: Extract<Expr, { kind: "mul" }>): boolean =>
      m.dot === true && m.factors.length === 2 && m.factors.every((f) => this.isColumnVector(this.resolve(f, inIndex)));
    const factors = e.factors.flatMap((x) => {
      const r = this.resolve(x, inIndex);
      // A dropped mark splices back (`a \cdot b c` is one product); a dot product stays one factor.
      return x.kind === "mul" && x.dot && !isDot(x) && r.kind === "mul" ? r.factors : [r];
    });
    if (isDot(e)) {
      return withSpan({ kind: "mul", factors: [{ kind: "transpose", arg: factors[0] }, factors[1]] }, e.span);
    }
    return withSpan({ kind: "mul", factors }, e.span);
  }

  /** A declared n×1 vector whose length is not fixed at 1. */
  private isColumnVector(x: Expr): boolean {
    if (x.kind !== "sym") return false;
    const d = this.declared(x.name);
    if (!d) return false;
    if (d.shape && d.shape.length === 2) return d.shape[1] === 1 && d.shape[0] !== 1;
    return d.kind === "vector";
  }

  private name(name: string, span: Span | undefined, inIndex: boolean): Expr {
    const sym: Expr = withSpan({ kind: "sym", name }, span);
    if (this.isBound(name)) return sym;
    const decl = this.info ? this.declared(name) : undefined;
    if (decl) return decl.name === name ? sym : withSpan({ kind: "sym", name: decl.name }, span);
    if (name === "I" || name === "e" || name === "\\pi") {
      return withSpan({ kind: "const", name: name === "\\pi" ? "pi" : name }, span);
    }
    if (!this.info) return sym;
    if (inIndex && DEFAULT_INDEX_LETTERS.has(name)) return sym;
    const unprimed = name.replace(/'+$/, "");
    const d = unprimed !== name ? this.declared(unprimed) : undefined;
    if (d && d.kind !== "function" && d.kind !== "elementwise") {
      fail("not-a-function", `${name}: a prime (') marks the derivative of a function; for a transpose write ${unprimed}^\\top (ASCII ${unprimed}^T)`, span?.start ?? 0);
    }
    this.unknown(name, span?.start ?? 0);
  }

  private indexLike(x: Expr): boolean {
    switch (x.kind) {
      case "num":
        return Number.isInteger(x.value) && x.value >= 0;
      case "sym": {
        if (this.indices.includes(x.name)) return true;
        const d = this.declared(x.name);
        if (d) return d.kind === "index" || d.kind === "dimension";
        return DEFAULT_INDEX_LETTERS.has(x.name);
      }
      case "add":
        return x.terms.every((t) => this.indexLike(t));
      case "neg":
        return this.indexLike(x.arg);
      default:
        return false;
    }
  }

  private indexed(e: Extract<Expr, { kind: "index" }>, inIndex: boolean): Expr {
    const base = e.base;
    const indices = (): Expr[] => e.indices.map((x) => this.resolve(x, true));
    if (base.kind !== "sym") return { ...e, base: this.resolve(base, inIndex), indices: indices() };
    const baseName = (this.info && this.aliasOf(base)) ?? base.name;
    if (baseName === "\\delta" && e.indices.length === 2 && !this.declared("\\delta")) {
      const [i, j] = indices();
      return withSpan({ kind: "delta", i, j }, e.span);
    }
    if (baseName === "I" && !this.declared("I") && !this.isBound("I")) {
      return withSpan({ kind: "const", name: "I" }, e.span); // I_n: the identity, its size left to shapes
    }
    const full = subscriptedName(baseName, e.indices);
    const allIndexLike = e.indices.every((x) => this.indexLike(x));
    if (!this.info) {
      if (!allIndexLike) return withSpan({ kind: "sym", name: full }, e.span);
      return { ...e, base: this.name(baseName, base.span, inIndex), indices: indices() };
    }
    const whole = this.declared(full);
    if (whole) return withSpan({ kind: "sym", name: whole.name }, e.span);
    const d = this.declared(baseName);
    const isValue = (d && d.kind !== "function" && d.kind !== "elementwise") || this.isBound(baseName);
    if (isValue && allIndexLike) return { ...e, base: withSpan({ kind: "sym", name: d?.name ?? baseName }, base.span), indices: indices() };
    this.unknown(full, this.at(e));
  }

  /**
   * `x (y)^\top` is read as x(y) with a script; when x turns out to be a value, not a function, the
   * script belongs to the bracketed factor: x · (y^\top).
   */
  private scriptOnProduct(e: Expr, inIndex: boolean): Expr | undefined {
    const inner = e.kind === "transpose" ? e.arg : e.kind === "pow" || e.kind === "index" ? e.base : undefined;
    if (inner?.kind !== "call" || (this.info && this.aliasOf(inner) !== undefined)) return undefined;
    const r = this.call(inner);
    if (r.kind !== "mul") return undefined;
    const [head, tail] = r.factors;
    let scripted: Expr;
    if (e.kind === "transpose") scripted = { ...e, arg: tail };
    else if (e.kind === "pow") scripted = { ...e, base: tail, exp: this.resolve(e.exp, inIndex) };
    else if (e.kind === "index") scripted = { ...e, base: tail, indices: e.indices.map((x) => this.resolve(x, true)) };
    else return undefined;
    return withSpan({ kind: "mul", factors: [head, scripted] }, e.span);
  }

  private call(e: Extract<Expr, { kind: "call" }>): Expr {
    const dotted = /^\\(dot|ddot)\{(.+)\}$/.exec(e.fn);
    if (dotted && !this.declared(e.fn)) {
      // Newton's dots: \dot{h}(z) is h'(z) when h is a function.
      const inner = this.declared(dotted[2]);
      const isFn = inner ? inner.kind === "function" || inner.kind === "elementwise" : !this.info && isDefaultFunction(dotted[2]);
      if (isFn) return this.call({ ...e, fn: dotted[2], order: e.order + (dotted[1] === "dot" ? 1 : 2) });
    }
    const fn = e.fn;
    const args = (): Expr[] => e.args.map((x) => this.resolve(x, false));
    const d = this.declared(fn);
    const product = (): Expr => {
      if (e.order > 0) fail("not-a-function", `${fn} is not a function, so ${fn}${"'".repeat(e.order)} has no meaning`, this.at(e));
      const head = this.name(fn, e.span ? { start: e.span.start, end: e.span.start + fn.length } : undefined, false);
      const a = args();
      const tail: Expr = a.length === 1 ? a[0] : { kind: "tuple", brackets: "()", items: a };
      return withSpan({ kind: "mul", factors: [head, tail] }, e.span);
    };
    if (d) return d.kind === "function" || d.kind === "elementwise" ? { ...e, fn: d.name, args: args() } : product();
    const builtin = fn === "\\sigma" ? "sigma" : BUILTIN_FUNCTIONS.has(fn) ? fn : undefined;
    if (builtin) return { ...e, fn: builtin, args: args() };
    if (this.info) this.unknown(fn, this.at(e), "function");
    if (e.order > 0 || isDefaultFunction(fn)) return { ...e, args: args() };
    return product();
  }
}

const ALIAS_IGNORED = new Set(["span", "partial"]);

function withSpan<T extends Expr>(e: T, span: Span | undefined): T {
  return span ? { ...e, span } : e;
}
