/**
 * An environment: one random instance of a symbol table. Sizes for every symbolic dimension,
 * a tensor for every value symbol, a concrete function for every elementwise or function symbol.
 */
import type { Expr } from "../expr/ast.js";
import type { SymbolTable } from "../expr/types.js";
import type { Tensor } from "../tensor/tensor.js";

/** A parsed definition: `S = \mathrm{softmax}(x)` (params null), or `\hat\sigma(z) = ...` (params ["z"]). */
export interface Definition {
  params: string[] | null;
  body: Expr;
}

export interface EvalLimits {
  /** Element operations one evaluation may spend (a matmul counts m·k·n). */
  budget: number;
  /** Largest number of entries in any one tensor. */
  maxElements: number;
  /** Samples for each Monte Carlo expectation. */
  mcSamples: number;
  /** Evaluations of the integrand per integral. */
  maxQuadEvals: number;
  /** Iterations of one sum or product over an index. */
  maxRange: number;
  /** Nesting of the expression. */
  maxDepth: number;
  /** Wall-clock time one evaluation may take, in milliseconds (a safety net behind `budget`). */
  timeMs: number;
}

export const DEFAULT_LIMITS: EvalLimits = {
  budget: 2e6,
  maxElements: 1e6,
  mcSamples: 4000,
  maxQuadEvals: 20000,
  maxRange: 100000,
  maxDepth: 1000,
  timeMs: 3000,
};

export interface Env {
  table: SymbolTable;
  /** A size for every symbolic dimension (and every `dimension` symbol). */
  dims: Record<string, number>;
  /** A value for every scalar, vector, matrix and dimension symbol, and every defined symbol. */
  values: Record<string, Tensor>;
  /** The family member each elementwise or function symbol was drawn as: `{ h: "tanh" }`. */
  functions: Record<string, string>;
  /** Parsed definitions of defined symbols, so a Deriv node recomputes them from their inputs. */
  definitions: Record<string, Definition>;
  /** Seed of the Monte Carlo streams used by expectations. */
  seed: number;
  limits?: Partial<EvalLimits>;
}
