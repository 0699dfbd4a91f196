/** Random formulas over the block table (plus a positive scalar c), for property tests. */
import fc from "fast-check";
import type { Expr } from "../../src/expr/ast.js";
import type { SymbolTable } from "../../src/expr/types.js";
import { add, blockTable, call, dcall, div, had, I, mul, neg, num, ones, pow, sym, T, tuple } from "./ast-builders.js";

export const blockPlusC: SymbolTable = { symbols: [...blockTable.symbols, { name: "c", kind: "scalar", domain: { kind: "positive" } }] };

// Fresh nodes each time: the parser never shares `I` or `\mathbf{1}` between places.
export const blockLeaf = fc.constantFrom("X", "W", "V", "G", "b", "c", "2", "I", "1").map((k): Expr =>
  k === "I" ? { ...I } : k === "1" ? { ...ones } : k === "2" ? num(2) : sym(k),
);

/** Sums, products, Hadamard products, blocks, transposes, powers, h, h', diag, softmax, division by a leaf. */
export const blockTree: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    blockLeaf,
    fc.tuple(tie("e"), tie("e")).map(([a, b]) => add(a, b)),
    fc.tuple(tie("e"), tie("e")).map(([a, b]) => mul(a, b)),
    fc.tuple(tie("e"), tie("e")).map(([a, b]) => had(a, b)),
    fc.tuple(tie("e"), tie("e")).map(([a, b]) => tuple(a, b)),
    fc.tuple(tie("e"), blockLeaf).map(([a, b]) => div(a, b)),
    tie("e").map((a) => T(a)),
    tie("e").map((a) => neg(a)),
    tie("e").map((a) => pow(a, num(2))),
    tie("e").map((a) => call("h", a)),
    tie("e").map((a) => dcall("h", 1, a)),
    tie("e").map((a) => call("diag", a)),
    tie("e").map((a) => call("softmax", a)),
  ),
})).e;
