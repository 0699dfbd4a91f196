/**
 * What the evaluator's parts share: the result and error types, the context the calculus parts
 * (derivatives, expectations) work through, and small helpers for messages and shapes.
 */
import type { Expr } from "../expr/ast.js";
import { showExpr } from "../expr/shape-print.js";
import type { SymbolDecl } from "../expr/types.js";
import { children } from "../expr/walk.js";
import { Tensor } from "../tensor/tensor.js";
import type { DepInfo } from "./deps.js";
import type { Env, EvalLimits } from "./env.js";

export type EvalErrorCode = "domain" | "shape-mismatch" | "unknown-symbol" | "unsupported" | "budget" | "no-convergence";

export type EvalResult =
  | { ok: true; value: Tensor; freeIndices: string[]; stderr?: Tensor }
  | { ok: false; message: string; code: EvalErrorCode };

export class EvalFail {
  constructor(
    readonly message: string,
    readonly code: EvalErrorCode,
  ) {}
}

export const fail = (message: string, code: EvalErrorCode = "unsupported"): never => {
  throw new EvalFail(message, code);
};

export type Node<K extends Expr["kind"]> = Extract<Expr, { kind: K }>;

/** The evaluator as its derivative and expectation parts see it. */
export interface EvalContext {
  readonly env: Env;
  readonly limits: EvalLimits;
  readonly decls: Map<string, SymbolDecl>;
  readonly deps: DepInfo;
  readonly memo: Map<Expr, Tensor>;
  readonly scope: Map<string, Tensor>;
  readonly stderrs: Map<Expr, Tensor>;
  readonly derivCache: Map<Expr, Map<string, Tensor>>;
  eval(e: Expr): Tensor;
  withScope<T>(names: string[], vals: Tensor[], f: () => T): T;
  symbol(name: string): Tensor;
  intOf(e: Expr): number;
  shapeOfNode(e: Expr): number[] | null;
  charge(n: number): void;
  expectOver(x: Node<"expect">): string[];
  /** A fresh label for the Monte Carlo stream of the next expectation evaluated. */
  nextStreamLabel(): string;
}

export function intersects(a: Set<string>, b: Set<string>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

/** Node kinds a batched expectation may contain: entry-by-entry operations only. */
export const BATCHABLE = new Set<Expr["kind"]>(["num", "sym", "const", "add", "neg", "mul", "hadamard", "div", "pow", "transpose", "call", "indicator", "rel", "cases"]);

/** Built-ins that are not scalar functions applied entry by entry: a prime on them is not a derivative. */
export const NO_PRIMES = new Set(["max", "min", "diag", "softmax", "logsoftmax", "norm", "trace"]);

export const sameShape = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((d, k) => d === b[k]);
export const isScalarLike = (t: Tensor): boolean => t.shape.length === 0 || (t.shape[0] === 1 && t.shape[1] === 1);
export const text = (e: Expr): string => {
  const s = showExpr(e);
  return s.length > 50 ? s.slice(0, 47) + "…" : s;
};
export const shapeText = (t: Tensor): string => (t.shape.length === 0 ? "scalar" : t.shape.join("×"));

/** A tensor shaped like x with a single 1 at (r, c): the direction of one entry. */
export function unitLike(x: Tensor, [r, c]: [number, number]): Tensor {
  const d = new Float64Array(x.data.length);
  d[r * x.shape[1] + c] = 1;
  return new Tensor(d, x.shape);
}

const unshared = new WeakMap<Expr, Expr>();

/**
 * Shapes are recorded per node, so one `I` or `\mathbf{1}` object used in two places (a tree built
 * by code, not by the parser) would get one size: such trees are copied apart once.
 */
export function withoutSharedConstants(e: Expr): Expr {
  const known = unshared.get(e);
  if (known) return known;
  const seen = new Set<Expr>();
  let shared = false;
  const stack: Expr[] = [e];
  while (stack.length > 0 && !shared) {
    const x = stack.pop()!;
    if (x.kind === "const" && (x.name === "I" || x.name === "ones")) {
      if (seen.has(x)) shared = true;
      seen.add(x);
    }
    stack.push(...children(x));
  }
  const out = shared ? (copyTree(e) as Expr) : e;
  unshared.set(e, out);
  return out;
}

function copyTree(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(copyTree);
  if (x !== null && typeof x === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) out[k] = copyTree(v);
    return out;
  }
  return x;
}
