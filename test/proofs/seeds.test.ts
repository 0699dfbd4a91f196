/**
 * A proof's verdict depends on its text, the question and the seed only: not on how its path is
 * spelled, and a right proof passes at every seed (QA found path- and seed-dependent failures).
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { checkProof, proofsDir, readProof, proofTable, type ProofResult } from "../../src/proofs/index.js";
import { getQuestion, type Question } from "../../src/questions/index.js";
import { sampleEnv } from "../../src/numeric/index.js";
import { Rng } from "../../src/tensor/rng.js";
import { main } from "../../src/cli/main.js";

const text = (name: string): string => readFileSync(join(proofsDir(), name), "utf8");
const verdicts = (r: ProofResult) => ({ ok: r.ok, errors: r.errors, steps: r.steps.map(({ file: _file, ...s }) => s) });
const SEEDS = Array.from({ length: 25 }, (_, k) => k + 1);

describe("the seed of a step", () => {
  it("does not depend on the path string the file was named by", () => {
    for (const name of ["conv-output-size.md", "norm-limits.md", "glorot-uniform-bound.md"]) {
      const abs = join(proofsDir(), name);
      const spellings = [abs, relative(process.cwd(), abs), `./${relative(process.cwd(), abs)}`, join("/tmp", relative("/tmp", abs)), `${proofsDir()}/../proofs/${name}`, name, "proof"];
      for (const seed of [4, 7, 13]) {
        const [first, ...rest] = spellings.map((file) => checkProof(text(name), { file, seed }));
        for (const r of rest) expect(verdicts(r), `${name} seed ${seed}`).toEqual(verdicts(first));
      }
    }
  });

  it("gives the CLI the same verdicts for a relative and an absolute path", async () => {
    const abs = join(proofsDir(), "conv-output-size.md");
    const run = async (file: string): Promise<ProofResult[]> => {
      const out: string[] = [];
      expect(await main(["check", "--json", "--seed", "7", file], { out: (t) => void out.push(t), err: () => undefined })).toBe(0);
      return JSON.parse(out.join("")) as ProofResult[];
    };
    expect((await run(relative(process.cwd(), abs))).map(verdicts)).toEqual((await run(abs)).map(verdicts));
  });
});

describe("right proofs pass at every seed", () => {
  for (const name of ["conv-output-size.md", "norm-limits.md"]) {
    it(`${name}, seeds 1..25`, () => {
      const failed = SEEDS.filter((seed) => !checkProof(text(name), { file: name, seed }).ok);
      expect(failed).toEqual([]);
    });
  }

  it("Monte Carlo steps: no false failure at seeds where 4 standard errors (ignoring Student t) failed", () => {
    // Both failed at Z = 4 with a right proof: 16 replications make the statistic t with 15 degrees of freedom.
    expect(checkProof(text("glorot-uniform-bound.md"), { seed: 26 }).ok).toBe(true);
    expect(checkProof(text("leaky-relu-kaiming.md"), { seed: 72 }).ok).toBe(true);
  });

  it("Monte Carlo steps still catch a constant off by 5%", () => {
    const mc = (rhs: string) =>
      ["---", "question: leaky-relu-kaiming", "symbols:", "  z: scalar, random", "answer: \\frac{2}{(1 + \\alpha^2) d_x}", "---", "$$", `\\mathbb{E}_{z}\\left[\\max(z, \\alpha z)^2\\right] = ${rhs}`, "$$", "$$", "\\frac{2}{(1 + \\alpha^2) d_x}", "$$"].join("\n");
    for (const seed of [1, 2, 3, 4, 5]) {
      const wrong = checkProof(mc("\\frac{1 + \\alpha^2}{2.1} \\mathbb{E}_{z}[z^2]"), { seed });
      expect(wrong.steps[0].ok, `seed ${seed}`).toBe(false);
      expect(wrong.steps[0].message).toMatch(/6\.5 standard errors|Monte Carlo/);
    }
  });

  it("while a wrong step still fails", () => {
    const conv = text("conv-output-size.md").replace("= \\left\\lfloor \\frac{W - F + 2P}{S} \\right\\rfloor + 1", "= \\left\\lceil \\frac{W - F + 2P}{S} \\right\\rceil + 1");
    const norm = text("norm-limits.md").replace("\\right)^{1/p} = \\max(|x|)", "\\right)^{1/p} = \\max(|x|) + 1");
    expect(conv).not.toBe(text("conv-output-size.md"));
    expect(norm).not.toBe(text("norm-limits.md"));
    for (const seed of [1, 4, 7]) {
      expect(checkProof(conv, { seed }).steps.some((s) => !s.ok)).toBe(true);
      expect(checkProof(norm, { seed }).steps.some((s) => !s.ok)).toBe(true);
    }
  });
});

describe("instances outside a statement's domain are never drawn", () => {
  it("the conv output-size question: the kernel always fits the padded input (W + 2P ≥ F)", () => {
    const q = getQuestion("conv-output-size") as Question;
    const rng = new Rng(11);
    let padded = 0;
    for (let k = 0; k < 400; k++) {
      const { dims } = sampleEnv(q.symbols, rng.fork(`t${k}`));
      expect(dims.W + 2 * dims.P, JSON.stringify(dims)).toBeGreaterThanOrEqual(dims.F);
      if (dims.W < dims.F) padded++;
    }
    // The guard excludes only the impossible: a kernel wider than the input but not the padded input stays.
    expect(padded).toBeGreaterThan(0);
  });

  it("the norm-limits proof: x is never the zero vector, but may have zero entries", () => {
    const read = readProof(text("norm-limits.md"));
    if (!read.ok) throw new Error(read.error.message);
    const table = proofTable(getQuestion("norm-limits") as Question, read.value.front.symbols, read.value.front.assumptions);
    const rng = new Rng(5);
    let someZero = 0;
    for (let k = 0; k < 300; k++) {
      const x = Array.from(sampleEnv(table, rng.fork(`t${k}`)).values.x.data);
      expect(x.some((v) => v !== 0), JSON.stringify(x)).toBe(true);
      if (x.some((v) => v === 0)) someZero++;
    }
    expect(someZero).toBeGreaterThan(0);
  });
});
