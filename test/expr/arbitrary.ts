/**
 * fast-check generators of well-formed ASTs in canonical form (what the parser builds without a
 * symbol table), for round-trip and rendering properties. Reusable: `arbExpr()`.
 *
 * Canonical form (docs/notation.md): numbers are non-negative (a minus sign is `neg`); `add`, `mul`
 * and `hadamard` have at least two operands; names avoid the ones the parser reads specially
 * (`d`, `e`, `E`, `I`, `\pi`, `\delta`) and function applications use names that are functions by
 * default (f, g, h, \phi, \hat{\sigma} and the built-ins).
 */
import fc from "fast-check";
import type { Expr, RelOp } from "../../src/expr/ast.js";

export const NAMES = ["a", "b", "x", "y", "z", "A", "B", "W", "X", "V", "G", "\\alpha", "\\theta", "\\hat{\\sigma}", "\\tilde{x}", "x^{(l)}", "d_x", "W_{out}"];
const INDEX_NAMES = ["i", "j", "k", "n"];
const FUNCTIONS = ["f", "g", "h", "\\phi", "\\hat{\\sigma}"];
const UNARY_BUILTINS = ["exp", "log", "sqrt", "abs", "sigma", "tanh", "softplus", "relu", "diag", "floor", "ceil", "softmax", "sign", "H", "norm", "trace"];
const RELOPS: RelOp[] = ["=", "<", ">", "<=", ">=", "!="];

export interface ArbOptions {
  /** Deepest nesting of composite nodes (default 4). */
  maxDepth?: number;
}

const sym = (name: string): Expr => ({ kind: "sym", name });

const numArb: fc.Arbitrary<Expr> = fc.oneof(
  fc.integer({ min: 0, max: 50 }),
  fc.integer({ min: 1, max: 99 }).map((k) => k / 4),
).map((value): Expr => ({ kind: "num", value }));

const symArb = fc.constantFrom(...NAMES).map(sym);

const constArb = fc.constantFrom("I", "ones", "inf", "pi").map((name): Expr => ({ kind: "const", name: name as "I" }));

const indexArb: fc.Arbitrary<Expr> = fc.oneof(
  fc.constantFrom(...INDEX_NAMES).map(sym),
  fc.integer({ min: 0, max: 9 }).map((value): Expr => ({ kind: "num", value })),
  fc.constantFrom(...INDEX_NAMES).map((i): Expr => ({ kind: "add", terms: [sym(i), { kind: "num", value: 1 }] })),
);

export const leafArb: fc.Arbitrary<Expr> = fc.oneof({ weight: 3, arbitrary: symArb }, { weight: 2, arbitrary: numArb }, { weight: 1, arbitrary: constArb });

export function arbExpr(opts: ArbOptions = {}): fc.Arbitrary<Expr> {
  const maxDepth = opts.maxDepth ?? 4;
  const { expr } = fc.letrec<{ expr: Expr }>((tie) => {
    const e = tie("expr");
    const list = (min: number, max: number): fc.Arbitrary<Expr[]> => fc.array(e, { minLength: min, maxLength: max });
    const relArb = fc.tuple(e, fc.constantFrom(...RELOPS), e).map(([a, op, b]): Expr => ({ kind: "rel", ops: [op], operands: [a, b] }));
    const wrtArb: fc.Arbitrary<Expr> = fc.oneof(symArb, fc.tuple(fc.constantFrom("x", "y", "W"), indexArb).map(([b, i]): Expr => ({ kind: "index", base: sym(b), indices: [i] })));
    return {
      expr: fc.oneof(
        { maxDepth, depthIdentifier: "expr" },
        leafArb,
        list(2, 3).chain((terms) => fc.array(fc.boolean(), { minLength: terms.length, maxLength: terms.length }).map((negs): Expr => ({ kind: "add", terms: terms.map((t, k) => (negs[k] ? { kind: "neg", arg: t } : t)) }))),
        e.map((arg): Expr => ({ kind: "neg", arg })),
        list(2, 3).map((factors): Expr => ({ kind: "mul", factors })),
        list(2, 3).map((factors): Expr => ({ kind: "hadamard", factors })),
        fc.tuple(e, e).map(([n, d]): Expr => ({ kind: "div", num: n, den: d })),
        fc.tuple(e.filter((b) => !(b.kind === "const" && b.name === "e")), e).map(([base, exp]): Expr => ({ kind: "pow", base, exp })),
        e.map((arg): Expr => ({ kind: "transpose", arg })),
        fc.tuple(fc.constantFrom(...NAMES), fc.array(indexArb, { minLength: 1, maxLength: 2 })).map(([b, indices]): Expr => ({ kind: "index", base: sym(b), indices })),
        fc.tuple(indexArb, indexArb).map(([i, j]): Expr => ({ kind: "delta", i, j })),
        fc.tuple(fc.constantFrom(...FUNCTIONS, ...UNARY_BUILTINS), e, fc.integer({ min: 0, max: 2 })).map(([fn, arg, order]): Expr => ({ kind: "call", fn, args: [arg], order })),
        fc.tuple(fc.constantFrom("max", "min", "f", "g"), e, e).map(([fn, a, b]): Expr => ({ kind: "call", fn, args: [a, b], order: 0 })),
        relArb.map((cond): Expr => ({ kind: "indicator", cond })),
        fc.tuple(e, fc.array(fc.constantFrom(...RELOPS), { minLength: 1, maxLength: 2 })).chain(([first, ops]) =>
          list(ops.length, ops.length).map((rest): Expr => ({ kind: "rel", ops, operands: [first, ...rest] })),
        ),
        fc.array(fc.tuple(e, fc.option(relArb, { nil: null })), { minLength: 1, maxLength: 3 }).map((bs): Expr => ({ kind: "cases", branches: bs.map(([value, cond]) => ({ value, cond })) })),
        fc.tuple(fc.constantFrom("sum", "prod"), fc.constantFrom("i", "j", "k"), fc.integer({ min: 0, max: 2 }), fc.option(leafArb, { nil: null }), e).map(([op, index, mode, upper, body]): Expr => ({
          kind: "bigop",
          op: op as "sum",
          index,
          lower: mode === 1 ? { kind: "num", value: 1 } : null,
          upper: mode === 1 ? upper : null,
          cond: mode === 2 ? { kind: "rel", ops: ["<"], operands: [sym(index), sym("n")] } : null,
          body,
        })),
        fc.tuple(fc.constantFrom("x", "t", "\\beta"), fc.oneof(leafArb, fc.constant<Expr>({ kind: "const", name: "inf" })), fc.constantFrom<"+" | "-" | null>("+", "-", null), e).map(([variable, to, side, body]): Expr => ({ kind: "limit", variable, to, side, body })),
        fc.tuple(fc.option(leafArb, { nil: null }), fc.option(leafArb, { nil: null }), e).map(([lower, upper, body]): Expr => ({ kind: "integral", variable: "t", lower, upper, body })),
        fc.tuple(e, wrtArb, fc.integer({ min: 1, max: 2 }), fc.boolean()).map(([body, wrt, order, partial]): Expr => ({ kind: "deriv", body, wrt, order, partial })),
        fc.tuple(fc.constantFrom<"E" | "Var">("E", "Var"), fc.option(symArb, { nil: null }), e).map(([op, over, body]): Expr => ({ kind: "expect", op, over, body })),
        fc.tuple(fc.constantFrom<"()" | "[]">("()", "[]"), list(2, 3)).map(([brackets, items]): Expr => ({ kind: "tuple", brackets, items })),
        fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 })).chain(([r, c]) =>
          fc.array(fc.array(e, { minLength: c, maxLength: c }), { minLength: r, maxLength: r }).map((rows): Expr => ({ kind: "matrix", rows })),
        ),
      ),
    };
  });
  return expr;
}
