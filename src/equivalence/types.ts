/** The equivalence engine's contract (CONTRACTS.md, issue 4). */
import type { Expr } from "../expr/ast.js";
import type { SymbolTable } from "../expr/types.js";

export type EquivOutcome = "equal" | "different" | "shape-mismatch" | "invalid" | "too-few-points" | "timeout";

export type Value = number | number[][];

export interface EquivResult {
  equivalent: boolean;
  outcome: EquivOutcome;
  /** A sentence a student understands. */
  reason: string;
  evidence: {
    /** Trials evaluated on both sides (valid points). */
    trials: number;
    maxRelError: number;
    seed: number;
    /** Trials drawn but skipped because a side was undefined there (log of a negative, ...). */
    skipped?: number;
  };
  counterexample?: { at: Record<string, Value>; left: Value; right: Value };
  /** Cheap symbolic confirmation: recorded, never overriding the numbers. */
  symbolic?: { canonicalEqual: boolean };
  /** The inferred shapes of the two sides, as text ("S×M", "scalar"). */
  shapes?: { left: string; right: string };
}

export interface EquivOptions {
  /** A table, or the CLI's spec string ('X: S x M, W: F x M'). */
  symbols?: SymbolTable | string;
  seed?: number;
  /** Trials to draw (default 32 for matrix formulas, 64 for scalar ones). */
  trials?: number;
  /** Wall-clock budget; exceeding it before the trials are done gives "timeout". Default 2000 ms. */
  budgetMs?: number;
  /** Largest size drawn for a symbolic dimension (default 5). */
  maxDim?: number;
  /** Use the compiled lean path when the formulas fit it (default true); false forces the general evaluator. */
  lean?: boolean;
  /** Skip the symbolic confirmation (benchmarks of the numeric judge alone). */
  symbolic?: boolean;
}

export type Formula = Expr | string;
