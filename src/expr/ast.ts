/**
 * The one expression language of gradsheet: every formula (a student's answer, a reference, a proof
 * step, a derived gradient) is one of these nodes. The parser builds them, the printers print them,
 * the numeric evaluator and the symbolic engine walk them.
 *
 * Conventions that every layer relies on:
 * - Vectors are columns: an n-vector has shape [n, 1]. There is no rank-1 shape.
 * - `mul` is the ordinary product: matrix product when both sides are matrices, scaling when one side
 *   is a scalar. It is not commutative; the symbolic engine reorders only scalar factors.
 * - Names are canonical strings: bold and plain spellings give the same name (`\mathbf{X}` is "X"),
 *   decorated names keep their decoration in LaTeX form (`\hat\sigma` is "\\hat{\\sigma}", `\alpha` is
 *   "\\alpha", `x^{(l)}` is "x^{(l)}", `W_1` is "W_1" when a symbol table declares it so).
 * - `span` is optional everywhere and never takes part in equality: it only points errors and
 *   highlights back into the source text.
 */

/** Offsets into the source text: `start` inclusive, `end` exclusive. */
export interface Span {
  start: number;
  end: number;
}

interface NodeBase {
  span?: Span;
}

/** A number literal (`2`, `0.5`, `\frac{1}{2}` is a `div` of two of these). */
export interface Num extends NodeBase {
  kind: "num";
  value: number;
}

/** A reference to a declared symbol, by canonical name. */
export interface Sym extends NodeBase {
  kind: "sym";
  name: string;
}

/** Built-in constants that are not symbols of a question. */
export type ConstName =
  | "I" // identity matrix of whatever size the context needs
  | "ones" // \mathbf{1}: all-ones column vector of whatever size the context needs
  | "inf" // \infty
  | "pi"
  | "e"; // Euler's number when written alone; `e^{x}` parses as exp(x)

export interface Const extends NodeBase {
  kind: "const";
  name: ConstName;
}

/** Index notation: `S_i`, `X_{ij}`, `x_{i+1}`, `S(x)_i`. Indices are expressions (usually `sym`). */
export interface Indexed extends NodeBase {
  kind: "index";
  base: Expr;
  indices: Expr[];
}

/** Kronecker delta `\delta_{ij}`. */
export interface Delta extends NodeBase {
  kind: "delta";
  i: Expr;
  j: Expr;
}

/** A sum of terms; subtraction is a term wrapped in `neg`. */
export interface Add extends NodeBase {
  kind: "add";
  terms: Expr[];
}

export interface Neg extends NodeBase {
  kind: "neg";
  arg: Expr;
}

/** Ordinary product (implicit, `\cdot`, `\times`, `*`): matrix product or scaling. Order matters. */
export interface Mul extends NodeBase {
  kind: "mul";
  factors: Expr[];
  /**
   * Only in the raw tree, never after resolution: written `a \cdot b` between two names. Resolution
   * reads it as the dot product aᵀb when both are declared column vectors (students write `g \cdot s`),
   * and as an ordinary product otherwise.
   */
  dot?: true;
}

/** Elementwise (Hadamard) product, `\circ` or `\odot`; a scalar factor broadcasts. */
export interface Hadamard extends NodeBase {
  kind: "hadamard";
  factors: Expr[];
}

/** Division; for matrices only by a scalar, or elementwise when both sides have the same shape. */
export interface Div extends NodeBase {
  kind: "div";
  num: Expr;
  den: Expr;
}

/** Power; elementwise on matrices (`X^2` squares entries only when the question says so: see shapes). */
export interface Pow extends NodeBase {
  kind: "pow";
  base: Expr;
  exp: Expr;
}

export interface Transpose extends NodeBase {
  kind: "transpose";
  arg: Expr;
}

/**
 * Application of a named function, or of its derivative (`order` primes: `h'` has order 1).
 * Built-in names: exp log sqrt abs sigma tanh softplus relu lrelu prelu max min diag floor ceil
 * softmax logsoftmax sign H (Heaviside) norm trace. Any other name is a function symbol of the
 * question (`h`, `g`, `\hat{\sigma}`, `\phi`) and must be declared in the symbol table.
 * Elementwise built-ins apply entry by entry to matrices.
 */
export interface Call extends NodeBase {
  kind: "call";
  fn: string;
  args: Expr[];
  order: number;
}

/** `\mathbb{1}[cond]`: 1 where the condition holds, else 0 (elementwise over matrices). */
export interface Indicator extends NodeBase {
  kind: "indicator";
  cond: Expr;
}

export type RelOp = "=" | "<" | ">" | "<=" | ">=" | "!=";

/** A chain of relations `a = b = c`, `0 < x \le 1`: operands.length === ops.length + 1. */
export interface Relation extends NodeBase {
  kind: "rel";
  ops: RelOp[];
  operands: Expr[];
}

/** One branch of `\begin{cases}`; a null condition is `\text{otherwise}`. */
export interface CaseBranch {
  value: Expr;
  cond: Expr | null;
}

export interface Cases extends NodeBase {
  kind: "cases";
  branches: CaseBranch[];
}

/**
 * `\sum` / `\prod` over a bound index: `\sum_{k=1}^{n}` has index "k", lower 1, upper n;
 * `\prod_{i<l}` has index "i" and cond `i < l`; a bare `\sum_k` has only the index.
 */
export interface BigOp extends NodeBase {
  kind: "bigop";
  op: "sum" | "prod";
  index: string;
  lower: Expr | null;
  upper: Expr | null;
  cond: Expr | null;
  body: Expr;
}

/** `\lim_{x \to a} body`; `side` for one-sided limits `x \to 0^+`. */
export interface Limit extends NodeBase {
  kind: "limit";
  variable: string;
  to: Expr;
  side: "+" | "-" | null;
  body: Expr;
}

/**
 * A derivative: `\frac{\partial S_i}{\partial x_j}`, `\frac{d}{dx} f(x)`, `\partial L/\partial Y`,
 * `dL/dY`, `\nabla_Y L`. Where the symbol table declares such a form as a name (G is
 * `\frac{\partial L}{\partial Y}`), resolution turns the node into that `sym`; otherwise the numeric
 * evaluator computes it with the autodiff engine.
 */
export interface Deriv extends NodeBase {
  kind: "deriv";
  body: Expr;
  wrt: Expr;
  order: number;
  partial: boolean;
}

/** `\int_{lower}^{upper} body \, d variable`. */
export interface Integral extends NodeBase {
  kind: "integral";
  variable: string;
  lower: Expr | null;
  upper: Expr | null;
  body: Expr;
}

/** `E[x^2]`, `\mathbb{E}_{x}[\cdot]`, `\mathrm{Var}[\cdot]`: expectation and variance over a random symbol. */
export interface Expect extends NodeBase {
  kind: "expect";
  op: "E" | "Var";
  over: Expr | null;
  body: Expr;
}

/** Bracketed lists: `(a, b)`, `[1, 2, 3]`; `[X, \mathbf{1}]` is horizontal concatenation by shape. */
export interface Tuple extends NodeBase {
  kind: "tuple";
  brackets: "()" | "[]";
  items: Expr[];
}

/** `\begin{bmatrix} a & b \\ c & d \end{bmatrix}` (and pmatrix, matrix). */
export interface MatrixLit extends NodeBase {
  kind: "matrix";
  rows: Expr[][];
}

export type Expr =
  | Num
  | Sym
  | Const
  | Indexed
  | Delta
  | Add
  | Neg
  | Mul
  | Hadamard
  | Div
  | Pow
  | Transpose
  | Call
  | Indicator
  | Relation
  | Cases
  | BigOp
  | Limit
  | Deriv
  | Integral
  | Expect
  | Tuple
  | MatrixLit;

export type ExprKind = Expr["kind"];

/** One filled slot of an answer (`A = G V`); `name` is null for a bare one-expression answer. */
export interface Slot {
  name: string | null;
  expr: Expr;
  span?: Span;
  /** Index-notation slots: `E_{ij} = ...` is slot "E" with indices ["i", "j"] (expr is the entry). */
  indices?: string[];
}

/** Where a problem in the source text is: offset, and 1-based line and column. */
export interface SourcePos {
  offset: number;
  line: number;
  column: number;
}

/** Every failure to read text is one of these, never an exception. */
export interface ParseError {
  message: string;
  pos: SourcePos;
  /** Stable code for counting (like STACK's answer notes): syntax, unknown-command, too-long, too-deep, ... */
  code: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: ParseError };
