import { readFileSync } from "node:fs";
import { UsageError, type Command, type CommandIO } from "./command.js";
import {
  ConvError,
  type Convention,
  type SolveLayer,
  type SolveQuery,
  type SolveResult,
  type Volume,
  analysisJson,
  analyze,
  formatAnalysis,
  formatSolve,
  isConvention,
  noDilation,
  solveConv,
} from "../conv/index.js";

const usage = `usage: gradsheet conv [--convention pytorch|course] [--no-bias] [--json] SPEC
       gradsheet conv [options] - | --file FILE
       gradsheet conv solve --in HxWxC --out HxWxC [constraints] [--json]

The architecture table: output volume (HxWxC), parameters, receptive field, jump and start of
every layer. SPEC is the layer notation, items separated by ';' or new lines:
  Input 64x64x1; Conv4-5-Pvalid-S2; Pool3; Conv3-5-Pvalid-S1; Pool2; FC5
  ConvK-N-P{valid|same|p}-S{s}[-D{d}]   N filters KxK (or KhxKw), padding, stride, dilation
  ConvTK-N-P{p}-S{s}[-D{d}][-O{op}]      transposed convolution, output padding op
  PoolK[-S{s}][-P{p}][-ceil]             max pooling (stride = K unless given); MaxPoolK, AvgPoolK
  FCn                                    fully connected to n outputs (flattens HxWxC)
  --convention pytorch   d = 1 means no dilation (default)
  --convention course    d = 0 means no dilation
  --no-bias              count weights only
  --json                 {"convention","layers":[{"layer","output","params","receptiveField","jump"}],"totalParams"}
Exit 1 with a message naming the layer when the architecture is impossible.

conv solve: every (k, s, p, d) that maps --in to --out (square windows):
  --layer conv|pool|avgpool|convt   the layer to solve for (default conv; pool = max pooling)
  --kernel K --stride S --padding P --dilation D|none --output-padding O   fix values
  --non-overlapping                 pooling with s = k
  --ceil                            pooling in ceil mode
  --max N                           bound k, s, d by N and p by 2N (defaults: k, s, d 16, p 32)
  --max-kernel N --max-stride N --max-padding N --max-dilation N
  --wasteful-padding                also list paddings >= the effective kernel (windows of zeros only)
  --chw                             shapes are given as CxHxW, e.g. --in 3x64x64 --out 64x32x32
  --convention pytorch|course       as above; --dilation is read in it
Example (IFT6135 Q8 1a): gradsheet conv solve --convention course --in 64x64x3 --out 32x32x64 --kernel 8 --dilation none
Exit 1 when no configuration in the bounds fits.`;

interface Args {
  flags: Map<string, string | true>;
  positional: string[];
}

function parseArgs(argv: string[], valued: Set<string>, boolean: Set<string>): Args {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-" || !a.startsWith("-") || /^-\d/.test(a)) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    const name = eq >= 0 ? a.slice(0, eq) : a;
    if (flags.has(name)) throw new UsageError(`${name} is given twice`);
    if (valued.has(name)) {
      const value = eq >= 0 ? a.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      flags.set(name, value);
    } else if (boolean.has(name) && eq < 0) {
      flags.set(name, true);
    } else {
      throw new UsageError(`unknown option '${a}'`);
    }
  }
  return { flags, positional };
}

function str(args: Args, name: string): string | undefined {
  const v = args.flags.get(name);
  return typeof v === "string" ? v : undefined;
}

function convention(args: Args): Convention {
  const c = str(args, "--convention") ?? "pytorch";
  if (!isConvention(c)) throw new UsageError(`--convention must be pytorch or course, got '${c}'`);
  return c;
}

function int(args: Args, name: string): number | undefined {
  const v = str(args, name);
  if (v === undefined) return undefined;
  if (!/^\d{1,7}$/.test(v.trim())) throw new UsageError(`${name} must be a non-negative integer, got '${v}'`);
  return Number(v);
}

/** Sizes that must be at least 1 (a kernel, a stride, a search bound): 0 is a usage error, not an empty search. */
function positive(args: Args, name: string): number | undefined {
  const n = int(args, name);
  if (n === 0) throw new UsageError(`${name} must be at least 1, got 0`);
  return n;
}

function volume(args: Args, name: string, chw: boolean): Volume {
  const v = str(args, name);
  if (v === undefined) throw new UsageError(`${name} is required (HxWxC, e.g. 64x64x3)`);
  const parts = v.replace(/[()[\]\s]/g, "").split(/[x×*,]/i);
  if (parts.length !== 3 || parts.some((p) => !/^\d{1,7}$/.test(p))) {
    throw new UsageError(`${name} must be three positive integers ${chw ? "CxHxW" : "HxWxC"}, got '${v}'`);
  }
  const [a, b, c] = parts.map(Number);
  return chw ? [b, c, a] : [a, b, c];
}

function readSpec(args: Args): string {
  const file = str(args, "--file");
  if (file !== undefined) {
    if (args.positional.length > 0) throw new UsageError("give the spec either as an argument or with --file, not both");
    try {
      return readFileSync(file, "utf8");
    } catch (e) {
      throw new UsageError(`cannot read --file ${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (args.positional.length === 1 && args.positional[0] === "-") return readFileSync(0, "utf8");
  if (args.positional.length === 0) throw new UsageError("no SPEC given (the layer notation, '-' for standard input, or --file FILE)");
  // An unquoted spec arrives split at its spaces; whitespace inside an item does not matter.
  return args.positional.join(" ");
}

function runTable(argv: string[], io: CommandIO): number {
  const args = parseArgs(argv, new Set(["--convention", "--file"]), new Set(["--json", "--no-bias"]));
  const conv = convention(args);
  const result = analyze(readSpec(args), { convention: conv, bias: !args.flags.has("--no-bias") });
  if (args.flags.has("--json")) {
    io.out(JSON.stringify(analysisJson(result)));
    return result.ok ? 0 : 1;
  }
  if (!result.ok) {
    io.err(`gradsheet conv: ${result.error}`);
    return 1;
  }
  io.out(formatAnalysis(result));
  return 0;
}

const LAYERS: Record<string, SolveLayer> = { conv: "conv", pool: "pool", maxpool: "pool", avgpool: "avgpool", convt: "convT" };

function runSolve(argv: string[], io: CommandIO): number {
  const args = parseArgs(
    argv,
    new Set([
      "--in", "--out", "--layer", "--kernel", "--stride", "--padding", "--dilation", "--output-padding",
      "--max", "--max-kernel", "--max-stride", "--max-padding", "--max-dilation", "--convention",
    ]),
    new Set(["--json", "--non-overlapping", "--ceil", "--wasteful-padding", "--chw"]),
  );
  if (args.positional.length > 0) throw new UsageError(`unexpected argument '${args.positional[0]}'`);
  const conv = convention(args);
  const chw = args.flags.has("--chw");
  const layerName = (str(args, "--layer") ?? "conv").toLowerCase();
  const layer = LAYERS[layerName];
  if (layer === undefined) throw new UsageError(`--layer must be conv, pool, avgpool or convt, got '${layerName}'`);
  const d = str(args, "--dilation");
  const max = positive(args, "--max");
  const q: SolveQuery = {
    layer,
    convention: conv,
    input: volume(args, "--in", chw),
    output: volume(args, "--out", chw),
    kernel: positive(args, "--kernel"),
    stride: positive(args, "--stride"),
    padding: int(args, "--padding"),
    dilation: d !== undefined && d.trim().toLowerCase() === "none" ? noDilation(conv) : int(args, "--dilation"),
    outputPadding: int(args, "--output-padding"),
    nonOverlapping: args.flags.has("--non-overlapping"),
    ceilMode: args.flags.has("--ceil"),
    maxKernel: positive(args, "--max-kernel") ?? max,
    maxStride: positive(args, "--max-stride") ?? max,
    maxPadding: int(args, "--max-padding") ?? (max === undefined ? undefined : 2 * max),
    maxDilation: positive(args, "--max-dilation") ?? max,
    allowWastefulPadding: args.flags.has("--wasteful-padding"),
  };
  const json = args.flags.has("--json");
  let result: SolveResult;
  try {
    result = solveConv(q);
  } catch (e) {
    if (!(e instanceof ConvError)) throw e;
    if (json) io.out(JSON.stringify({ convention: conv, error: e.message }));
    else io.err(`gradsheet conv solve: ${e.message}`);
    return 1;
  }
  if (json) io.out(JSON.stringify({ ...result, count: result.solutions.length }));
  else io.out(formatSolve(result));
  return result.solutions.length > 0 ? 0 : 1;
}

export const convCommand: Command = {
  name: "conv",
  summary: "convolution arithmetic: output volumes, parameters, receptive fields; `conv solve` for the inverse problem",
  usage,
  async run(argv: string[], io: CommandIO): Promise<number> {
    return argv[0] === "solve" ? runSolve(argv.slice(1), io) : runTable(argv, io);
  },
};
