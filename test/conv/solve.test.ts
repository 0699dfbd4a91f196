import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ConvError, solveConv, toTorchDilation, type SolveQuery } from "../../src/conv/index.js";
import { slideConv, slidePool } from "./windows.js";

/** Every (k, s, p, d) in the bounds whose sliding windows give the output, by counting windows. */
function bruteSolve(q: Required<Pick<SolveQuery, "input" | "output">> & SolveQuery): string[] {
  const convention = q.convention ?? "pytorch";
  const pooling = q.layer === "pool" || q.layer === "avgpool";
  const none = convention === "pytorch" ? 1 : 0;
  const found: string[] = [];
  for (let k = 1; k <= (q.maxKernel ?? 16); k++) {
    for (let s = 1; s <= (q.maxStride ?? 16); s++) {
      for (let p = 0; p <= (q.maxPadding ?? 32); p++) {
        for (let d = none; d <= (pooling ? none : (q.maxDilation ?? 16)); d++) {
          if (q.kernel !== undefined && k !== q.kernel) continue;
          if (q.stride !== undefined && s !== q.stride) continue;
          if (q.padding !== undefined && p !== q.padding) continue;
          if (q.dilation !== undefined && d !== q.dilation) continue;
          if (q.nonOverlapping && s !== k) continue;
          const dt = d + 1 - none;
          if (pooling && 2 * p > k) continue;
          if (!pooling && !q.allowWastefulPadding && p > dt * (k - 1)) continue;
          const size = (n: number) => (pooling ? slidePool(n, k, s, p, q.ceilMode ?? false) : slideConv(n, k, s, p, dt));
          if (size(q.input[0]) === q.output[0] && size(q.input[1]) === q.output[1]) found.push(`${k},${s},${p},${d}`);
        }
      }
    }
  }
  return found;
}

function keys(q: SolveQuery): string[] {
  return solveConv(q).solutions.map((x) => `${x.k},${x.s},${x.p},${x.d}`);
}

describe("IFT6135 H2019 question 8 (course convention: d = 0 is no dilation), data 3x64x64", () => {
  const base = { convention: "course" as const };

  it("1(a): output (64, 32, 32) with k = 8 and no dilation: k = 8, s = 2, p = 3, d = 0", () => {
    const q: SolveQuery = { ...base, input: [64, 64, 3], output: [32, 32, 64], kernel: 8, dilation: 0 };
    expect(keys(q)).toEqual(["8,2,3,0"]);
    expect(keys(q)).toEqual(bruteSolve(q));
    expect(solveConv(q).solutions[0]).toMatchObject({ layer: "Conv8-64-P3-S2", weights: 8 * 8 * 3 * 64, params: 8 * 8 * 3 * 64 + 64 });
  });

  it("1(b): output (64, 32, 32) with d = 6, s = 2: k = 2, p = 3 and the larger kernels with more padding", () => {
    const q: SolveQuery = { ...base, input: [64, 64, 3], output: [32, 32, 64], dilation: 6, stride: 2 };
    const found = keys(q);
    expect(found).toEqual(bruteSolve(q));
    expect(found.slice(0, 3)).toEqual(["1,2,0,6", "2,2,3,6", "3,2,7,6"]);
    expect(solveConv(q).solutions[1].layer).toBe("Conv2-64-P3-S2-D6");
  });

  it("2(a): output (64, 8, 8) from (64, 32, 32), p = 0, non-overlapping pooling: k = s = 4", () => {
    const q: SolveQuery = { ...base, layer: "pool", input: [32, 32, 64], output: [8, 8, 64], padding: 0, nonOverlapping: true };
    expect(keys(q)).toEqual(["4,4,0,0"]);
    expect(keys(q)).toEqual(bruteSolve(q));
  });

  it("2(b): k = 8, s = 4 gives (64, 7, 7): the only output size that configuration fits", () => {
    const q: SolveQuery = { ...base, layer: "pool", input: [32, 32, 64], output: [7, 7, 64], kernel: 8, stride: 4, padding: 0 };
    expect(keys(q)).toEqual(["8,4,0,0"]);
    expect(keys({ ...q, output: [8, 8, 64] })).toEqual([]);
  });

  it("3(a): (128, 4, 4) from (64, 8, 8), no padding or dilation: (k, s) = (1, 2), (2, 2), (5, 1)", () => {
    const q: SolveQuery = { ...base, input: [8, 8, 64], output: [4, 4, 128], padding: 0, dilation: 0 };
    expect(keys(q)).toEqual(["1,2,0,0", "2,2,0,0", "5,1,0,0"]);
    expect(keys(q)).toEqual(bruteSolve(q));
  });

  it("3(b): d = 1, p = 2: (k, s) = (2, 3), (3, 2), (5, 1)", () => {
    const q: SolveQuery = { ...base, input: [8, 8, 64], output: [4, 4, 128], padding: 2, dilation: 1 };
    expect(keys(q)).toEqual(["2,3,2,1", "3,2,2,1", "5,1,2,1"]);
    expect(keys(q)).toEqual(bruteSolve(q));
  });

  it("3(c): p = 1, d = 0: (k, s) = (3, 2), (4, 2), (7, 1); k = 1, s = 3 only with a padding of zeros", () => {
    const q: SolveQuery = { ...base, input: [8, 8, 64], output: [4, 4, 128], padding: 1, dilation: 0 };
    expect(keys(q)).toEqual(["3,2,1,0", "4,2,1,0", "7,1,1,0"]);
    expect(keys(q)).toEqual(bruteSolve(q));
    expect(keys({ ...q, allowWastefulPadding: true })).toEqual(["1,3,1,0", "3,2,1,0", "4,2,1,0", "7,1,1,0"]);
  });
});

describe("solveConv", () => {
  it("finds exactly the configurations that counting windows finds, on random small queries", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 24 }),
        fc.integer({ min: 1, max: 24 }),
        fc.integer({ min: 1, max: 24 }),
        fc.constantFrom("conv", "pool"),
        fc.constantFrom("pytorch", "course"),
        fc.boolean(),
        (n, m, o, layer, convention, ceilMode) => {
          const pool = layer === "pool";
          const q = {
            layer,
            convention,
            input: [n, m, 2],
            output: [o, pool ? Math.max(1, o - 1) : o, 2],
            ceilMode: pool && ceilMode,
            maxKernel: 6,
            maxStride: 4,
            maxPadding: 4,
            maxDilation: convention === "pytorch" ? 3 : 2,
          } as SolveQuery & { input: [number, number, number]; output: [number, number, number] };
          expect(keys(q)).toEqual(bruteSolve(q));
        },
      ),
      { numRuns: 150 },
    );
  });

  it("states the convention, bounds and constraints", () => {
    const r = solveConv({ input: [8, 8, 1], output: [8, 8, 1], kernel: 3, dilation: 1, stride: 1 });
    expect(r.convention).toBe("pytorch");
    expect(r.bounds).toMatchObject({ k: [3, 3], s: [1, 1], p: [0, 32], d: [1, 1] });
    expect(r.constraints).toContain("no dilation (d = 1)");
    expect(r.solutions.map((x) => x.p)).toEqual([1]);
  });

  it("solves transposed convolutions with their output padding", () => {
    const r = solveConv({ layer: "convT", input: [7, 7, 16], output: [14, 14, 8], kernel: 3, stride: 2, dilation: 1 });
    expect(r.solutions.map((x) => [x.p, x.outputPadding])).toEqual([[1, 1]]);
    expect(r.solutions[0].layer).toBe("ConvT3-8-P1-S2-O1");
  });

  it("rejects contradictory queries with a reason", () => {
    expect(() => solveConv({ layer: "pool", input: [8, 8, 3], output: [4, 4, 6] })).toThrow(/pooling keeps the number of channels/);
    expect(() => solveConv({ input: [8, 8, 3], output: [4, 4, 6], dilation: 0 })).toThrow(ConvError);
    expect(() => solveConv({ input: [8, 8, 3], output: [4, 4, 6], nonOverlapping: true })).toThrow(/pooling constraint/);
    expect(() => solveConv({ input: [8, 8, 3], output: [4, 4, 6], maxKernel: 1000, maxStride: 1000, maxPadding: 1000 })).toThrow(/search space/);
    expect(toTorchDilation(0, "course")).toBe(1);
  });
});
