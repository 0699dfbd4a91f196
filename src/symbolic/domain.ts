/**
 * Domains for symbols a formula only makes sense for when positive: everything under a log, a
 * square root or a fractional power. Used as a fallback when random real draws leave too few points
 * where the formulas are defined (`\log(x)` with x undeclared, `\log(X W^\top)` in a forward pass),
 * never first: real draws are what tell `\sqrt{x^2}` from `x`.
 */
import type { Expr } from "../expr/ast.js";
import type { SymbolTable } from "../expr/types.js";
import { children, symbolsIn } from "./walk.js";

const POSITIVE_ARGUMENT = new Set(["log", "sqrt"]);

function isFractional(e: Expr): boolean {
  if (e.kind === "num") return !Number.isInteger(e.value);
  return e.kind === "div" && e.num.kind === "num" && e.den.kind === "num" && !Number.isInteger(e.num.value / e.den.value);
}

/** The symbols occurring inside an argument that has to be positive. */
export function positiveSymbols(exprs: Expr[]): Set<string> {
  const out = new Set<string>();
  const visit = (e: Expr): void => {
    if (e.kind === "call" && POSITIVE_ARGUMENT.has(e.fn)) for (const a of e.args) symbolsIn(a, out);
    else if (e.kind === "pow" && isFractional(e.exp)) symbolsIn(e.base, out);
    for (const c of children(e)) visit(c);
  };
  for (const e of exprs) visit(e);
  return out;
}

/**
 * The table with every input value in `names` that has no declared domain drawn positive, or null
 * when that changes nothing.
 */
export function withPositive(table: SymbolTable, names: Set<string>): { table: SymbolTable; changed: string[] } | null {
  const changed: string[] = [];
  const symbols = table.symbols.map((s) => {
    const input = s.kind === "scalar" || s.kind === "vector" || s.kind === "matrix";
    if (!names.has(s.name) || !input || s.definition || (s.domain && s.domain.kind !== "real")) return s;
    changed.push(s.name);
    return { ...s, domain: { kind: "positive" as const } };
  });
  return changed.length === 0 ? null : { table: { ...table, symbols }, changed };
}
