/**
 * Reading formulas for `derive` and `equiv` under a table that may leave names undeclared: parse
 * against the table (aliases such as `\frac{\partial L}{\partial Y}` resolve); when that fails only
 * because of unknown names, parse once without the table to learn them, declare them (value symbols
 * with inferred shapes, function names elementwise), and parse again against the extended table.
 */
import type { Expr, ParseError, Slot } from "../expr/ast.js";
import type { SymbolTable } from "../expr/types.js";
import { parse, parseAnswer } from "../expr/index.js";
import { subscriptedName } from "../expr/names.js";
import { completeTable } from "./table.js";
import { children, mapChildren } from "./walk.js";

export type ReadResult<T> = { ok: true; value: T; table: SymbolTable } | { ok: false; error: ParseError; which: number };

type Parser<T> = (text: string, table: SymbolTable | undefined) => { ok: true; value: T } | { ok: false; error: ParseError };

/**
 * Which subscripts make a name of their own when the base is undeclared and never used bare:
 * "digits" (`W_1`, `b_2`, `x_0`: stacked layers, never an entry in matrix notation), or "all" (a
 * forward pass has no index notation, so `W_h`, `b_o` name layers too).
 */
export type SubscriptNames = "digits" | "all";

function isSubscriptName(e: Expr, mode: SubscriptNames): boolean {
  if (e.kind !== "index" || e.base.kind !== "sym" || e.indices.length === 0) return false;
  return e.indices.every((x) => (x.kind === "num" && Number.isInteger(x.value) && x.value >= 0) || (mode === "all" && x.kind === "sym"));
}

/** The names `W_1` the bare formulas use as subscripted undeclared bases that never occur bare. */
function subscriptNames(exprs: Expr[], table: SymbolTable, mode: SubscriptNames): Map<string, string> {
  const bare = new Set<string>();
  const candidates = new Map<string, string>();
  const declared = new Set(table.symbols.map((s) => s.name));
  const visit = (e: Expr): void => {
    if (e.kind === "sym") bare.add(e.name);
    if (isSubscriptName(e, mode) && e.kind === "index" && e.base.kind === "sym") {
      candidates.set(subscriptedName(e.base.name, e.indices), e.base.name);
      for (const x of e.indices) visit(x);
      return;
    }
    for (const c of children(e)) visit(c);
  };
  for (const e of exprs) visit(e);
  for (const [full, base] of candidates) if (declared.has(base) || declared.has(full) || bare.has(base)) candidates.delete(full);
  return candidates;
}

/** `e` with each `W_1` of `names` a symbol instead of an entry of W. */
function asNames(e: Expr, names: Map<string, string>): Expr {
  if (e.kind === "index" && e.base.kind === "sym" && names.has(subscriptedName(e.base.name, e.indices))) return { kind: "sym", name: subscriptedName(e.base.name, e.indices) };
  return mapChildren(e, (c) => asNames(c, names));
}

function readAll<T>(texts: string[], table: SymbolTable, parser: Parser<T>, exprsOf: (v: T) => Expr[], mode: SubscriptNames): ReadResult<T[]> {
  const first = texts.map((t) => parser(t, table));
  if (first.every((r) => r.ok)) return { ok: true, value: first.map((r) => (r as { value: T }).value), table };
  const hard = first.findIndex((r) => !r.ok && r.error.code !== "unknown-symbol");
  if (hard >= 0) return { ok: false, error: (first[hard] as { error: ParseError }).error, which: hard };
  const bare = texts.map((t) => parser(t, undefined));
  const badBare = bare.findIndex((r) => !r.ok);
  if (badBare >= 0) return { ok: false, error: (bare[badBare] as { error: ParseError }).error, which: badBare };
  const bareExprs = bare.flatMap((r) => exprsOf((r as { value: T }).value));
  // A declared name wins over indexed access in the parser, so declaring `W_1` makes it one symbol.
  const named = subscriptNames(bareExprs, table, mode);
  const withNamed: SymbolTable = named.size === 0 ? table : { ...table, symbols: [...table.symbols, ...[...named.keys()].map((name) => ({ name, kind: "matrix" as const }))] };
  const exprs = named.size === 0 ? bareExprs : bareExprs.map((e) => asNames(e, named));
  const { table: extended } = completeTable(withNamed, exprs);
  const again = texts.map((t) => parser(t, extended));
  const bad = again.findIndex((r) => !r.ok);
  if (bad >= 0) return { ok: false, error: (again[bad] as { error: ParseError }).error, which: bad };
  return { ok: true, value: again.map((r) => (r as { value: T }).value), table: extended };
}

/** Several formulas read against one (possibly extended) table. */
export function readFormulas(texts: string[], table: SymbolTable): ReadResult<Expr[]> {
  return readAll(texts, table, (t, s) => parse(t, s ? { symbols: s } : {}), (e) => [e], "digits");
}

/** A forward pass: `Y = ...`, or definitions `H = ..., Y = ...` separated as answer slots. */
export function readDefinitions(text: string, table: SymbolTable): ReadResult<Slot[]> {
  // Names defined by the pass itself (H_1 in `H_1 = ..., Y = H_1 W_2^\top`) are known to the later definitions.
  const bare = parseAnswer(text);
  const declared = new Set(table.symbols.map((s) => s.name));
  const defined = bare.ok ? bare.value.map((s) => s.name).filter((n): n is string => n !== null && !declared.has(n)) : [];
  const withDefined: SymbolTable = defined.length === 0 ? table : { ...table, symbols: [...table.symbols, ...defined.map((name) => ({ name, kind: "matrix" as const }))] };
  const r = readAll([text], withDefined, (t, s) => parseAnswer(t, s ? { symbols: s } : {}), (slots) => slots.map((x) => x.expr), "all");
  return r.ok ? { ok: true, value: r.value[0], table: r.table } : r;
}
