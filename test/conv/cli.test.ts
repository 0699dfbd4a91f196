import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

async function run(...argv: string[]) {
  const c = capture();
  const code = await main(argv, c.io);
  return { code, out: c.out.join("\n"), err: c.err.join("\n") };
}

const D2 = "Input 64x64x1; Conv4-5-Pvalid-S2; Pool3; Conv3-5-Pvalid-S1; Pool2; FC5";

describe("gradsheet conv", () => {
  it("--json prints exactly the object of INTERFACE.md", async () => {
    const r = await run("conv", "--json", D2);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      convention: "pytorch",
      layers: [
        { layer: "Conv4-5-Pvalid-S2", output: [31, 31, 5], params: 85, receptiveField: 4, jump: 2 },
        { layer: "Pool3", output: [10, 10, 5], params: 0, receptiveField: 8, jump: 6 },
        { layer: "Conv3-5-Pvalid-S1", output: [8, 8, 5], params: 230, receptiveField: 20, jump: 6 },
        { layer: "Pool2", output: [4, 4, 5], params: 0, receptiveField: 26, jump: 12 },
        { layer: "FC5", output: [1, 1, 5], params: 405, receptiveField: 62, jump: 12 },
      ],
      totalParams: 720,
    });
  });

  it("prints an aligned table stating the convention by default", async () => {
    const r = await run("conv", "--convention", "course", D2);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^convention: course \(d = 0 means no dilation/);
    expect(r.out).toMatch(/1 +Conv4-5-Pvalid-S2 +31x31x5 +85 +4 +2 +1\.5/);
    expect(r.out).toMatch(/total parameters: 720 \(with biases\)/);
  });

  it("accepts an unquoted spec split into several arguments, and --file", async () => {
    const split = await run("conv", "--json", "Input", "64x64x1;", "Conv4-5-Pvalid-S2;", "Pool3");
    expect(JSON.parse(split.out).layers[1].output).toEqual([10, 10, 5]);
    const dir = mkdtempSync(join(tmpdir(), "gradsheet-conv-"));
    const file = join(dir, "net.txt");
    writeFileSync(file, "Input 256x256x3\nConv8-64-P0-S2\nPool5\nConv4-128-P1-S1\n");
    const r = await run("conv", "--no-bias", "--json", "--file", file);
    expect(JSON.parse(r.out).layers[2]).toMatchObject({ output: [24, 24, 128], params: 131072 });
  });

  it("exits 1 naming the layer for an impossible architecture, with --json an object with error and index", async () => {
    const r = await run("conv", "Input 10x10x1; Conv3-2-P0-S1; Conv11-3");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/layer 2 \(Conv11-3\): the kernel \(11\) is larger than the padded input/);
    const j = await run("conv", "--json", "Input 10x10x1; Conv3-2-S0");
    expect(j.code).toBe(1);
    expect(JSON.parse(j.out)).toMatchObject({ index: 1, layer: "Conv3-2-S0", error: expect.stringMatching(/stride/) });
  });

  it("exits 2 for usage errors", async () => {
    expect((await run("conv")).code).toBe(2);
    expect((await run("conv", "--convention", "tf", D2)).code).toBe(2);
    expect((await run("conv", "--frobnicate", D2)).code).toBe(2);
    expect((await run("conv", "--file", "/nonexistent/net.txt")).code).toBe(2);
    expect((await run("conv", "--help")).out).toMatch(/conv solve/);
  });
});

describe("gradsheet conv solve", () => {
  it("IFT6135 Q8 1(a) in CxHxW as the assignment writes it", async () => {
    const r = await run("conv", "solve", "--convention", "course", "--chw", "--in", "3x64x64", "--out", "(64, 32, 32)", "--kernel", "8", "--dilation", "none");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/convention: course/);
    expect(r.out).toMatch(/8 +2 +3 +0 +Conv8-64-P3-S2 +12352 +12288/);
    expect(r.out).toMatch(/1 configuration$/);
  });

  it("--json lists the solutions with the bounds searched", async () => {
    const r = await run("conv", "solve", "--json", "--layer", "pool", "--in", "32x32x64", "--out", "8x8x64", "--non-overlapping", "--padding", "0", "--convention", "course");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ convention: "course", layer: "pool", count: 1, solutions: [{ k: 4, s: 4, p: 0, d: 0, layer: "MaxPool4-S4" }] });
    expect(j.bounds.k).toEqual([1, 16]);
  });

  it("--max bounds the search; exit 1 when nothing fits", async () => {
    const none = await run("conv", "solve", "--in", "8x8x1", "--out", "1x1x1", "--max", "2");
    expect(none.code).toBe(1);
    expect(none.out).toMatch(/no configuration in these bounds/);
    const pool = await run("conv", "solve", "--layer", "pool", "--in", "8x8x3", "--out", "4x4x6");
    expect(pool.code).toBe(1);
    expect(pool.err).toMatch(/keeps the number of channels/);
  });

  it("exits 2 for malformed flags", async () => {
    expect((await run("conv", "solve", "--in", "8x8", "--out", "4x4x2")).code).toBe(2);
    expect((await run("conv", "solve", "--in", "8x8x1")).code).toBe(2);
    expect((await run("conv", "solve", "--in", "8x8x1", "--out", "4x4x2", "--kernel", "-3")).code).toBe(2);
    expect((await run("conv", "solve", "--in", "8x8x1", "--out", "4x4x2", "--layer", "rnn")).code).toBe(2);
    const zero = await run("conv", "solve", "--in", "8x8x1", "--out", "4x4x2", "--stride", "0");
    expect(zero.code).toBe(2);
    expect(zero.err).toMatch(/--stride must be at least 1/);
  });
});
