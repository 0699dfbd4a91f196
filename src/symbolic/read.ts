/**
 * Reading formulas for `derive` and `equiv` under a table that may leave names undeclared: parse
 * against the table (aliases such as `\frac{\partial L}{\partial Y}` resolve); when that fails only
 * because of unknown names, parse once without the table to learn them, declare them (value symbols
 * with inferred shapes, function names elementwise), and parse again against the extended table.
 */
import type { Expr, ParseError, Slot } from "../expr/ast.js";
import type { SymbolTable } from "../expr/types.js";
import { parse, parseAnswer } from "../expr/index.js";
import { completeTable } from "./table.js";

export type ReadResult<T> = { ok: true; value: T; table: SymbolTable } | { ok: false; error: ParseError; which: number };

type Parser<T> = (text: string, table: SymbolTable | undefined) => { ok: true; value: T } | { ok: false; error: ParseError };

function readAll<T>(texts: string[], table: SymbolTable, parser: Parser<T>, exprsOf: (v: T) => Expr[]): ReadResult<T[]> {
  const first = texts.map((t) => parser(t, table));
  if (first.every((r) => r.ok)) return { ok: true, value: first.map((r) => (r as { value: T }).value), table };
  const hard = first.findIndex((r) => !r.ok && r.error.code !== "unknown-symbol");
  if (hard >= 0) return { ok: false, error: (first[hard] as { error: ParseError }).error, which: hard };
  const bare = texts.map((t) => parser(t, undefined));
  const badBare = bare.findIndex((r) => !r.ok);
  if (badBare >= 0) return { ok: false, error: (bare[badBare] as { error: ParseError }).error, which: badBare };
  const exprs = bare.flatMap((r) => exprsOf((r as { value: T }).value));
  const { table: extended } = completeTable(table, exprs);
  const again = texts.map((t) => parser(t, extended));
  const bad = again.findIndex((r) => !r.ok);
  if (bad >= 0) return { ok: false, error: (again[bad] as { error: ParseError }).error, which: bad };
  return { ok: true, value: again.map((r) => (r as { value: T }).value), table: extended };
}

/** Several formulas read against one (possibly extended) table. */
export function readFormulas(texts: string[], table: SymbolTable): ReadResult<Expr[]> {
  return readAll(texts, table, (t, s) => parse(t, s ? { symbols: s } : {}), (e) => [e]);
}

/** A forward pass: `Y = ...`, or definitions `H = ..., Y = ...` separated as answer slots. */
export function readDefinitions(text: string, table: SymbolTable): ReadResult<Slot[]> {
  // Names defined by the pass itself (H_1 in `H_1 = ..., Y = H_1 W_2^\top`) are known to the later definitions.
  const bare = parseAnswer(text);
  const declared = new Set(table.symbols.map((s) => s.name));
  const defined = bare.ok ? bare.value.map((s) => s.name).filter((n): n is string => n !== null && !declared.has(n)) : [];
  const withDefined: SymbolTable = defined.length === 0 ? table : { symbols: [...table.symbols, ...defined.map((name) => ({ name, kind: "matrix" as const }))] };
  const r = readAll([text], withDefined, (t, s) => parseAnswer(t, s ? { symbols: s } : {}), (slots) => slots.map((x) => x.expr));
  return r.ok ? { ok: true, value: r.value[0], table: r.table } : r;
}
