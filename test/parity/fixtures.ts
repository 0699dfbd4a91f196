/**
 * Reading the committed PyTorch fixtures (written by bench/peers/make_torch_fixtures.py) and running
 * their programs through gradsheet. No python or torch is needed at test time.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Tensor, tensor } from "../../src/index.js";
import { type Arg, OPS, type StepOpts } from "./ops.js";

/** JSON has no infinities: the generator writes them as "Infinity", "-Infinity" (and "NaN"). */
export type JsonNumber = number | "Infinity" | "-Infinity" | "NaN";

/** Flat values, or (large cases) the seed of a grid tensor both sides compute exactly. */
export interface Stored {
  shape: number[];
  data?: JsonNumber[];
  grid?: number;
}

/** A large expected tensor: see "large cases" in the generator. */
export interface Summary {
  checksum: number;
  scale: number;
  sample: Array<[number, number]>;
}

export interface Expected {
  shape: number[];
  data?: number[];
  summary?: Summary;
}

export interface FixtureInput extends Stored {
  name: string;
  /** Whether torch differentiated with respect to it (class indices and one-hot targets are constants). */
  grad: boolean;
}

/** [out, op, args, opts?]: args name earlier variables or are numbers. */
export type Step = [string, string, Array<string | number>, StepOpts?];

export interface Case {
  name: string;
  seed: number;
  inputs: FixtureInput[];
  program: Step[];
  /** The cotangent: the loss is sum(R ∘ out). */
  R: Stored;
  value: Expected;
  loss: number;
  grads: Record<string, Expected>;
  /** d out / d input, shape [...out, ...input], when the case has one differentiable input. */
  jacobian?: Expected;
}

/** A program torch refuses to run (its first error line kept for the reader). */
export interface RejectCase {
  name: string;
  inputs: Array<{ name: string; shape: number[] }>;
  program: Step[];
  torchError: string;
}

export interface FixtureFile<C = Case> {
  generator: string;
  torch: string;
  dtype: string;
  group: string;
  cases: C[];
}

const DIR = join(dirname(fileURLToPath(import.meta.url)), "fixtures");
const REJECTS = "rejects.json";

function read<C>(file: string): FixtureFile<C> {
  return JSON.parse(readFileSync(join(DIR, file), "utf8")) as FixtureFile<C>;
}

/** Every group of cases with values and gradients. */
export function loadFixtures(): FixtureFile[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith(".json") && f !== REJECTS)
    .sort()
    .map((f) => read<Case>(f));
}

export function loadRejects(): FixtureFile<RejectCase> {
  return read<RejectCase>(REJECTS);
}

/** Seed of the checksum weights of a Summary. */
export const CHECK_SEED = 7777;

/** Entry i is ((i·2654435761 + 97·seed) mod 65536)/32768 − 1: exact in float64 on both sides. */
export function gridValues(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = ((i * 2654435761 + 97 * seed) % 65536) / 32768 - 1;
  return out;
}

export function toTensor(f: Stored): Tensor {
  if (f.data !== undefined) return tensor(f.data.map(Number), f.shape);
  if (f.grid === undefined) throw new Error(`fixture tensor of shape [${f.shape.join(",")}] has neither data nor grid`);
  return tensor(gridValues(f.shape.reduce((a, b) => a * b, 1), f.grid), f.shape);
}

/** Runs a case's program on `env` (input name -> tensor) and returns its variable `out`. */
export function runProgram(c: Pick<Case, "name" | "program">, env: ReadonlyMap<string, Tensor>): Tensor {
  const vars = new Map(env);
  for (const [out, op, args, opts] of c.program) {
    const f = OPS[op];
    if (f === undefined) throw new Error(`${c.name}: no gradsheet mapping for op "${op}"`);
    const vals: Arg[] = args.map((a) => {
      if (typeof a === "number") return a;
      const v = vars.get(a);
      if (v === undefined) throw new Error(`${c.name}: step "${out}" uses "${a}" before it is defined`);
      return v;
    });
    vars.set(out, f(vals, opts ?? {}));
  }
  const out = vars.get("out");
  if (out === undefined) throw new Error(`${c.name}: the program never defines "out"`);
  return out;
}
