/**
 * Evaluating a published formula at the values an oracle chose: the reference LaTeX is parsed
 * under the question's symbol table and evaluated by the numeric evaluator, so what is checked is
 * the text the sheet prints, not a second copy of it in code.
 */
import { parse, toLatex } from "../../expr/index.js";
import { deriveBankReference } from "../../symbolic/index.js";
import type { Expr } from "../../expr/ast.js";
import type { SymbolTable } from "../../expr/types.js";
import { evaluate, sampleEnv, tableDefinitions, type Env } from "../../numeric/index.js";
import { Rng } from "../../tensor/rng.js";
import { tensor, type Tensor } from "../../tensor/index.js";

/** A scalar, or a matrix as rows (a column vector is [[a], [b], ...]). */
export type Value = number | number[][];

/** Parsed formulas per symbol table: oracles evaluate the same reference at many points. */
const parsed = new WeakMap<SymbolTable, Map<string, Expr>>();

export function parseFormula(latex: string, table: SymbolTable): Expr {
  let byText = parsed.get(table);
  if (!byText) parsed.set(table, (byText = new Map()));
  const known = byText.get(latex);
  if (known) return known;
  const r = parse(latex, { symbols: table });
  if (!r.ok) throw new Error(`cannot read the formula '${latex}': ${r.error.message} (at column ${r.error.pos.column})`);
  byText.set(latex, r.value);
  return r.value;
}

export function evalExpr(e: Expr, env: Env, what: string): Tensor {
  const r = evaluate(e, env);
  if (!r.ok) throw new Error(`cannot evaluate ${what}: ${r.message}`);
  return r.value;
}

/** A tensor's entries as rows (a 0-d or 1-d tensor as one column), the `Value` form of a matrix. */
export function toRows(t: Tensor): number[][] {
  const c = t.shape.length === 2 ? t.shape[1] : 1;
  return Array.from({ length: t.data.length / c }, (_, i) => Array.from(t.data.subarray(i * c, i * c + c)));
}

function toTensor(v: Value): Tensor {
  return typeof v === "number" ? tensor(v) : tensor(v);
}

/**
 * An environment of `table` in which the given symbols take the given values; sizes of symbolic
 * dimensions follow from the shapes of the given matrices, the rest is drawn from `seed`, and
 * defined symbols are recomputed from the given values.
 */
export function envWith(table: SymbolTable, values: Record<string, Value>, seed = 1, functions: Record<string, string> = {}): Env {
  const dims: Record<string, number> = {};
  for (const decl of table.symbols) {
    const v = values[decl.name];
    if (v === undefined) continue;
    if (decl.kind === "dimension" && typeof v === "number") dims[decl.name] = v;
    if (decl.shape && decl.shape.length === 2 && typeof v !== "number") {
      const [r, c] = decl.shape;
      if (typeof r === "string") dims[r] = v.length;
      if (typeof c === "string") dims[c] = v[0]?.length ?? 0;
    }
  }
  const env = sampleEnv(table, new Rng(seed), { dims });
  for (const [name, v] of Object.entries(values)) env.values[name] = toTensor(v);
  Object.assign(env.functions, functions);
  // Defined symbols (a = σ(W_2 h + b_2)) follow the values just set, in dependency order.
  const { defs, order } = tableDefinitions(table);
  for (const name of order) {
    const def = defs[name];
    if (def.params === null && values[name] === undefined) env.values[name] = evalExpr(def.body, env, `the definition of ${name}`);
  }
  return env;
}

/** The formula `latex` evaluated with the symbols at `values`. */
export function evalAt(latex: string, table: SymbolTable, values: Record<string, Value>, seed = 1, functions: Record<string, string> = {}): Tensor {
  return evalExpr(parseFormula(latex, table), envWith(table, values, seed, functions), `'${latex}'`);
}

export function evalScalar(latex: string, table: SymbolTable, values: Record<string, Value>, seed = 1): number {
  const t = evalAt(latex, table, values, seed);
  if (t.data.length !== 1) throw new Error(`'${latex}' should be a number, evaluates to shape [${t.shape.join(", ")}]`);
  return t.data[0];
}

/**
 * The symbolic engine's derivation of a question's formula (`deriveBankReference`), printed as
 * LaTeX; `typed` is the form printed in QUESTIONS.md, used only if the engine cannot derive it
 * (the oracle then checks that form instead, and the tests insist the derivation works).
 */
export function bankReference(id: string, typed: string): string {
  const r = deriveBankReference(id);
  return r.ok ? toLatex(r.expr) : typed;
}
