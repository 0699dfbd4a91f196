/**
 * Reading the committed PyTorch fixtures (written by bench/peers/make_torch_fixtures.py) and running
 * their programs through gradsheet. No python or torch is needed at test time.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Tensor, tensor } from "../../src/index.js";
import { type Arg, OPS, type StepOpts } from "./ops.js";

export interface Flat {
  shape: number[];
  data: number[];
}

export interface FixtureInput extends Flat {
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
  R: Flat;
  value: Flat;
  loss: number;
  grads: Record<string, Flat>;
  /** d out / d input, shape [...out, ...input], when the case has one differentiable input. */
  jacobian?: Flat;
}

export interface FixtureFile {
  generator: string;
  torch: string;
  dtype: string;
  group: string;
  cases: Case[];
}

const DIR = join(dirname(fileURLToPath(import.meta.url)), "fixtures");

export function loadFixtures(): FixtureFile[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(DIR, f), "utf8")) as FixtureFile);
}

export function toTensor(f: Flat): Tensor {
  return tensor(f.data, f.shape);
}

/** Runs a case's program on `env` (input name -> tensor) and returns its variable `out`. */
export function runProgram(c: Case, env: ReadonlyMap<string, Tensor>): Tensor {
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
