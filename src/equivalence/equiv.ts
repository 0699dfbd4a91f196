/**
 * `equiv(a, b)`: are two formulas equal for all values and all shapes of their symbols? Shapes first
 * (a mismatch is an answer, with both shapes named), then the numeric judge on seeded random
 * instances, then a cheap symbolic confirmation that is recorded but never overrides the numbers.
 * Deterministic for a seed; bounded by `budgetMs`.
 */
import type { Expr } from "../expr/ast.js";
import type { SymbolTable } from "../expr/types.js";
import { canonical, sameExpr } from "../symbolic/index.js";
import { children, symbolsIn } from "../symbolic/walk.js";
import { completeTable } from "../symbolic/table.js";
import { positiveSymbols, withPositive } from "../symbolic/domain.js";
import { checkShapes, shapeText } from "./prepare.js";
import { runTrials, type TrialOutcome } from "./trials.js";
import { compilePair } from "./compile.js";
import type { EquivOptions, EquivResult, Formula } from "./types.js";
import { readFormulas } from "../symbolic/read.js";
import { tableFrom } from "../symbolic/symbols-spec.js";

export const DEFAULT_SEED = 1;
const MATRIX_TRIALS = 32;
const SCALAR_TRIALS = 64;
/** Fewer valid points than this (after domain failures) cannot decide equality. */
export const MIN_VALID = 8;
const DEFAULT_BUDGET_MS = 2000;

export function equiv(left: Formula, right: Formula, opts: EquivOptions = {}): EquivResult {
  const seed = opts.seed ?? DEFAULT_SEED;
  const given = tableFrom(opts.symbols);
  if (!given.ok) return { equivalent: false, outcome: "invalid", reason: `The symbols could not be read: ${given.message}.`, evidence: { trials: 0, maxRelError: 0, seed } };
  let table: SymbolTable = given.table;
  const texts = [left, right].filter((f): f is string => typeof f === "string");
  let parsed: Expr[] = [];
  if (texts.length > 0) {
    const r = readFormulas(texts, table);
    if (!r.ok) {
      const which = texts.length === 2 ? (r.which === 0 ? "the first formula" : "the second formula") : typeof left === "string" ? "the first formula" : "the second formula";
      return { equivalent: false, outcome: "invalid", reason: `Could not read ${which}: ${r.error.message} (column ${r.error.pos.column}).`, evidence: { trials: 0, maxRelError: 0, seed } };
    }
    parsed = r.value;
    table = r.table;
  }
  const a = typeof left === "string" ? parsed[0] : left;
  const b = typeof right === "string" ? parsed[parsed.length - 1] : right;
  const declared = new Set(given.table.symbols.map((s) => s.name));
  const readInferred = table.symbols.filter((s) => !declared.has(s.name)).map((s) => s.name);
  return decide(a, b, { ...opts, symbols: table }, given.table, readInferred);
}

function decide(a: Expr, b: Expr, opts: EquivOptions & { symbols: SymbolTable }, declaredTable: SymbolTable, readInferred: string[]): EquivResult {
  const seed = opts.seed ?? DEFAULT_SEED;
  const start = performance.now();
  const evidence = (trials: number, maxRelError: number, skipped?: number): EquivResult["evidence"] =>
    skipped ? { trials, maxRelError, seed, skipped } : { trials, maxRelError, seed };
  const base: SymbolTable = opts.symbols;
  const completed = completeTable(base, [a, b]);
  const full = completed.table;
  const inferred = [...readInferred, ...completed.inferred];
  let shapes = checkShapes(a, b, full);
  if (!shapes.ok && inferred.length > 0) {
    // Undeclared names are first taken as matrices; when that cannot fit, as scalars (x^x, E[x^2]).
    const asScalars: SymbolTable = { ...full, symbols: full.symbols.map((s) => (inferred.includes(s.name) && s.kind === "matrix" ? { name: s.name, kind: "scalar" } : s)) };
    const retry = checkShapes(a, b, asScalars);
    if (retry.ok) shapes = retry;
  }
  if (!shapes.ok) {
    const r: EquivResult = { equivalent: false, outcome: "shape-mismatch", reason: capitalize(shapes.message) + ".", evidence: evidence(0, 0) };
    if (shapes.left && shapes.right) r.shapes = { left: shapeText(shapes.left), right: shapeText(shapes.right) };
    return r;
  }
  const shapeInfo = { left: shapeText(shapes.left), right: shapeText(shapes.right) };
  const scalarOnly = shapes.left.length === 0 && !shapes.table.symbols.some((s) => s.shape?.length === 2 || s.kind === "vector" || s.kind === "matrix");
  const trials = Math.max(1, opts.trials ?? (scalarOnly ? SCALAR_TRIALS : MATRIX_TRIALS));
  const mentioned = [...symbolsIn(b, symbolsIn(a))].sort();
  const attempt = (table: SymbolTable, n = trials) =>
    runTrials(a, b, {
      table,
      seed,
      trials: n,
      maxDim: opts.maxDim ?? 5,
      deadline: start + (opts.budgetMs ?? DEFAULT_BUDGET_MS),
      mentioned,
    }, opts.lean === false ? null : compilePair(a, b, table));
  let outcome;
  let positiveNote = "";
  const tooFew = (o: TrialOutcome): boolean => o.kind === "done" && o.valid < Math.min(MIN_VALID, trials);
  try {
    outcome = attempt(shapes.table);
    if (tooFew(outcome)) {
      // Real draws missed the domain (\log(x), \sqrt{x}): draw what sits under a log or root positive.
      const positive = withPositive(shapes.table, positiveSymbols([a, b]));
      if (positive) {
        const retry = attempt(positive.table);
        if (retry.kind !== "done" || retry.valid > outcome.valid) {
          outcome = retry;
          positiveNote = ` (${positive.changed.join(", ")} drawn positive, where the log or root is defined)`;
        }
      }
    }
  } catch (err) {
    // sampleEnv throws only for a table that cannot be instantiated: a broken question, reported as such.
    const message = err instanceof Error ? err.message : String(err);
    return { equivalent: false, outcome: "invalid", reason: `The symbols could not be instantiated: ${message}.`, evidence: evidence(0, 0), shapes: shapeInfo };
  }
  const confirmed = opts.symbolic === false ? undefined : canonicalEqual(a, b, base);
  const symbolic = confirmed === undefined ? undefined : { canonicalEqual: confirmed };
  const withExtras = (r: EquivResult): EquivResult => {
    r.shapes = shapeInfo;
    if (symbolic) r.symbolic = symbolic;
    return r;
  };
  switch (outcome.kind) {
    case "error":
      return withExtras({ equivalent: false, outcome: "invalid", reason: capitalize(outcome.message) + ".", evidence: evidence(outcome.valid, 0) });
    case "timeout":
      return withExtras({
        equivalent: false,
        outcome: "timeout",
        reason: `Ran out of time after ${outcome.valid} of ${trials} random instances; no decision.`,
        evidence: evidence(outcome.valid, outcome.maxRelError, outcome.skipped),
      });
    case "different":
      return withExtras({
        equivalent: false,
        outcome: "different",
        reason: `The formulas differ on a random instance (${outcome.where}): ${outcome.why}.`,
        evidence: evidence(outcome.valid, outcome.maxRelError, outcome.skipped),
        counterexample: outcome.counterexample,
      });
    case "done": {
      if (shapes.forced) {
        // Equal values on the only shapes where both sides fit is not "equal for all shapes".
        return withExtras({
          equivalent: false,
          outcome: "shape-mismatch",
          reason: `The two formulas have the same shape only when ${shapes.forced}; for other shapes they cannot be equal.`,
          evidence: evidence(outcome.valid, outcome.maxRelError, outcome.skipped),
        });
      }
      if (outcome.valid < Math.min(MIN_VALID, trials)) {
        return withExtras({
          equivalent: false,
          outcome: "too-few-points",
          reason: `Only ${outcome.valid} of ${trials} random instances could be evaluated (the others fell outside a function's domain); at least ${Math.min(MIN_VALID, trials)} are needed to decide.`,
          evidence: evidence(outcome.valid, outcome.maxRelError, outcome.skipped),
        });
      }
      return withExtras({
        equivalent: true,
        outcome: "equal",
        reason: `The formulas agree on ${outcome.valid} random instances of every shape tried${positiveNote} (largest relative difference ${outcome.maxRelError.toPrecision(2)}).`,
        evidence: evidence(outcome.valid, outcome.maxRelError, outcome.skipped),
      });
    }
  }
}

/** Canonical forms by table and expression: a reference is compared with many answers. */
const canonicalCache = new WeakMap<SymbolTable, WeakMap<Expr, Expr>>();

function canonicalOf(e: Expr, table: SymbolTable): Expr {
  let byExpr = canonicalCache.get(table);
  if (!byExpr) canonicalCache.set(table, (byExpr = new WeakMap()));
  let c = byExpr.get(e);
  if (!c) byExpr.set(e, (c = canonical(e, table)));
  return c;
}

/** Formulas larger than this skip the symbolic confirmation: it is meant to be cheap. */
const MAX_SYMBOLIC_NODES = 600;

function size(e: Expr): number {
  let n = 1;
  for (const c of children(e)) n += size(c);
  return n;
}

/** Equal canonical forms, or a difference that simplifies to 0; undefined when too large to try. */
function canonicalEqual(a: Expr, b: Expr, table: SymbolTable): boolean | undefined {
  if (sameExpr(a, b)) return true;
  if (size(a) + size(b) > MAX_SYMBOLIC_NODES) return undefined;
  if (sameExpr(canonicalOf(a, table), canonicalOf(b, table))) return true;
  const difference = canonical({ kind: "add", terms: [a, { kind: "neg", arg: b }] }, table);
  return difference.kind === "num" && difference.value === 0;
}

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
