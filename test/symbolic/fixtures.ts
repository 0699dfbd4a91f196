/** The block of QUESTIONS.md section A, `Y = h(X W^\top) V^\top`, as a symbol table for tests. */
import type { SymbolDecl, SymbolTable } from "../../src/expr/types.js";

export function blockTable(...extra: SymbolDecl[]): SymbolTable {
  return {
    symbols: [
      { name: "X", kind: "matrix", shape: ["S", "M"] },
      { name: "W", kind: "matrix", shape: ["F", "M"] },
      { name: "V", kind: "matrix", shape: ["N", "F"] },
      { name: "G", kind: "matrix", shape: ["S", "N"] },
      { name: "h", kind: "elementwise" },
      ...extra,
    ],
  };
}
