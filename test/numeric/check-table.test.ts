import { describe, expect, it } from "vitest";
import type { SymbolTable } from "../../src/expr/types.js";
import { checkTable, sampleEnv } from "../../src/numeric/index.js";
import { Rng } from "../../src/tensor/rng.js";
import { blockTable } from "./ast-builders.js";

describe("checkTable", () => {
  it("accepts a sound table, definitions included", () => {
    const t: SymbolTable = { symbols: [...blockTable.symbols, { name: "Y", kind: "matrix", shape: ["S", "N"], definition: "h(X W^\\top) V^\\top" }] };
    expect(checkTable(t)).toEqual([]);
  });
  it("names each problem", () => {
    const t: SymbolTable = {
      symbols: [
        { name: "x", kind: "vector", shape: ["n", 2] },
        { name: "x", kind: "scalar" },
        { name: "i", kind: "index" },
        { name: "a", kind: "scalar", domain: { kind: "interval", lo: 1, hi: 0, closedLo: true, closedHi: true } },
        { name: "k", kind: "scalar", domain: { kind: "integer", lo: 1.2, hi: 1.8 } },
        { name: "h", kind: "elementwise", family: ["tanh", "gelu"] },
        { name: "p", kind: "scalar", domain: { kind: "probability" } },
        { name: "z", kind: "vector", shape: ["m", 1], aliases: ["x"] },
      ],
    };
    const problems = checkTable(t);
    expect(problems).toContain("x is a vector, so its shape must be n×1 (vectors are columns), not n×2");
    expect(problems).toContain("x is declared twice");
    expect(problems).toContain("the index i needs a range");
    expect(problems).toContain("a: the interval [1, 0] is empty");
    expect(problems).toContain("k: no integer lies in 1.2..1.8");
    expect(problems.some((p) => p.startsWith("h: gelu is not a known function"))).toBe(true);
    expect(problems).toContain("p: a probability domain needs a vector");
    expect(problems).toContain("the alias x of z is already the name or an alias of x");
  });
  it("finds definitions of the wrong shape and circular ones", () => {
    const wrong: SymbolTable = { symbols: [{ name: "x", kind: "vector", shape: ["n", 1] }, { name: "y", kind: "vector", shape: ["m", 1], definition: "x" }] };
    expect(checkTable(wrong)).toEqual(["the definition of y: cannot compare y (m×1) with x (n×1): sizes m and n differ"]);
    const circular: SymbolTable = { symbols: [{ name: "a", kind: "scalar", definition: "b" }, { name: "b", kind: "scalar", definition: "a" }] };
    expect(checkTable(circular)[0]).toMatch(/circular/);
  });
});

describe("table constraints", () => {
  const table: SymbolTable = {
    symbols: [
      { name: "W", kind: "dimension", domain: { kind: "integer", lo: 1, hi: 10 } },
      { name: "F", kind: "dimension", domain: { kind: "integer", lo: 1, hi: 10 } },
    ],
    constraints: ["W \\ge F"],
  };

  it("every drawn instance satisfies them, and both sides of the boundary are still drawn", () => {
    let wBelowTen = 0;
    for (let seed = 0; seed < 200; seed++) {
      const env = sampleEnv(table, new Rng(seed));
      const w = env.values.W?.item() ?? env.dims.W;
      const f = env.values.F?.item() ?? env.dims.F;
      expect(w).toBeGreaterThanOrEqual(f);
      if (w < 10) wBelowTen++;
    }
    expect(wBelowTen).toBeGreaterThan(0);
  });

  it("a constraint that is not a relation is an error in the table", () => {
    expect(() => sampleEnv({ ...table, constraints: ["W + F"] }, new Rng(1))).toThrow(/not a relation/);
  });
});

describe("checkTable on constraints", () => {
  it("names a constraint that is not a relation", () => {
    const problems = checkTable({ symbols: [{ name: "W", kind: "dimension", domain: { kind: "integer", lo: 1, hi: 4 } }], constraints: ["W + 1"] });
    expect(problems.join("\n")).toMatch(/constraint 'W \+ 1' is not a relation/);
  });
});
