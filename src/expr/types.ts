/**
 * Shapes, domains and symbol declarations: the context a formula is read, checked and evaluated in.
 * A question declares one `SymbolTable`; the grader, the equivalence engine and the numeric
 * evaluator all take it.
 */

/** A size: a concrete number, or a symbolic dimension name ("S", "N", "n") unified during inference. */
export type Dim = number | string;

/** Scalars are []; vectors are columns [n, 1]; matrices [rows, cols]. */
export type Shape = [] | [Dim, Dim];

/** Where a symbol's values live; the numeric evaluator samples only from here. */
export type Domain =
  | { kind: "real" }
  | { kind: "positive" }
  | { kind: "nonnegative" }
  /** A real interval, e.g. alpha in [0, 1): closedLo true, closedHi false. */
  | { kind: "interval"; lo: number; hi: number; closedLo: boolean; closedHi: boolean }
  /** Integers lo..hi inclusive (conv sizes, strides, layer counts). */
  | { kind: "integer"; lo: number; hi: number }
  /** A one-hot column vector (targets). */
  | { kind: "onehot" }
  /** A probability vector: positive entries summing to 1. */
  | { kind: "probability" }
  /** Real, but every entry at least `margin` away from 0, where ReLU-like kinks sit. */
  | { kind: "awayFromKink"; margin: number };

export type SymbolKind =
  | "scalar"
  | "vector"
  | "matrix"
  /** A bound or free index such as i, j, k, ranging over 1..range. */
  | "index"
  /** A function applied entry by entry (`h`), instantiated numerically from `family`. */
  | "elementwise"
  /** A scalar function of scalars (`g`, `\hat{\sigma}`, `\phi`) with a definition or a family. */
  | "function"
  /** A size that appears in formulas as a number (`n`, `d_x`, `W` in the conv question). */
  | "dimension";

export interface SymbolDecl {
  /** Canonical name (see ast.ts). */
  name: string;
  /** Other spellings a student may use, as LaTeX (`\frac{\partial L}{\partial Y}`, `o`, `dL/dY`). */
  aliases?: string[];
  kind: SymbolKind;
  shape?: Shape;
  domain?: Domain;
  /** For indices: the range 1..range. */
  range?: Dim;
  /**
   * A definition in terms of other symbols, as LaTeX: `S` is `\mathrm{softmax}(x)`, `Y` is
   * `h(X W^\top) V^\top`. The numeric evaluator computes defined symbols from their inputs, so a
   * formula in S is checked against the autodiff Jacobian in x.
   */
  definition?: string;
  /**
   * For `function` symbols with a definition: the names of its bound arguments, in order
   * (`\hat{\sigma}` with params ["z"] and definition `\frac{1}{1+e^{-2z}}`). Default ["t"].
   */
  params?: string[];
  /** For elementwise and function symbols: concrete functions to instantiate them with. */
  family?: string[];
  description?: string;
}

export interface SymbolTable {
  symbols: SymbolDecl[];
  /**
   * Relations every instance satisfies, as LaTeX (`W + 2P \ge F`): a question's answers are judged,
   * and its proofs checked, only on instances where all of them hold; other draws are redrawn.
   */
  constraints?: string[];
}
