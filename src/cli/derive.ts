import { UsageError, type Command, type CommandIO } from "./command.js";
import { derive, deriveJacobian, parseSymbolsSpec } from "../symbolic/index.js";
import type { SymbolTable } from "../expr/types.js";

const usage = `usage: gradsheet derive --forward 'Y = EXPR' --wrt NAME [--symbols SPEC] [--upstream G] [--seed N] [--trials N] [--json]
       gradsheet derive --jacobian --forward 's = f(x)' --wrt x [--symbols SPEC] [--json]

Derives the gradient of a scalar loss L with respect to NAME, in terms of the upstream gradient
G = dL/dY, simplifies it to textbook form and verifies it against autodiff of L = sum(G ∘ Y) on
random shapes. The forward pass may be several definitions: 'H = h(X W^\\top), Y = H V^\\top'.
  --symbols 'X: S x M, W: F x M, h: elementwise, c: scalar'   shapes and kinds; undeclared shapes are inferred
  --json    {"latex","ascii","wrt","evidence":{"ok","method","trials","maxRelError","seed"}}
  --jacobian  the Jacobian of a vector function instead, in matrix form (diag(s) - s s^T) and index
              form (s_i(δ_ij - s_j)), verified against the autodiff Jacobian; JSON {"latex","index","evidence"}
Exit 0 when derived and verified, 1 when no rule applies or verification fails, 2 for bad input.`;

/** Flags of the form --name VALUE and --switch; everything else (and all after `--`) is positional. */
export function readFlags(argv: string[], valued: readonly string[], switches: readonly string[]): { flags: Map<string, string | true>; positional: string[] } {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      positional.push(...argv.slice(i + 1));
      break;
    }
    const eq = a.startsWith("--") ? a.indexOf("=") : -1;
    const name = eq > 0 ? a.slice(2, eq) : a.startsWith("--") ? a.slice(2) : null;
    if (name !== null && valued.includes(name)) {
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) throw new UsageError(`--${name} needs a value`);
      flags.set(name, v);
    } else if (name !== null && switches.includes(name)) {
      flags.set(name, true);
    } else if (name !== null && /^[a-z]/.test(name)) {
      throw new UsageError(`unknown option --${name}`);
    } else positional.push(a);
  }
  return { flags, positional };
}

export function intFlag(flags: Map<string, string | true>, name: string): number | undefined {
  const v = flags.get(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== "string" || !Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a non-negative integer, got '${String(v)}'`);
  return n;
}

export function symbolsFlag(flags: Map<string, string | true>): SymbolTable | undefined {
  const spec = flags.get("symbols");
  if (typeof spec !== "string") return undefined;
  const r = parseSymbolsSpec(spec);
  if (!r.ok) throw new UsageError(`--symbols: ${r.message}`);
  return r.table;
}

async function run(argv: string[], io: CommandIO): Promise<number> {
  const { flags, positional } = readFlags(argv, ["forward", "wrt", "symbols", "upstream", "seed", "trials"], ["json", "jacobian"]);
  if (positional.length > 0) throw new UsageError(`unexpected argument '${positional[0]}'`);
  const forward = flags.get("forward");
  const wrt = flags.get("wrt");
  if (typeof forward !== "string") throw new UsageError("--forward 'Y = EXPR' is required");
  if (typeof wrt !== "string") throw new UsageError("--wrt NAME is required");
  if (flags.has("jacobian")) return jacobianRun(forward, wrt, flags, io);
  const upstream = flags.get("upstream");
  const r = derive(forward, wrt, {
    symbols: symbolsFlag(flags),
    upstream: typeof upstream === "string" ? upstream : undefined,
    seed: intFlag(flags, "seed"),
    trials: intFlag(flags, "trials"),
  });
  const json = flags.has("json");
  if (!r.ok) {
    if (r.stage === "read" || r.stage === "shapes") throw new UsageError(r.message);
    if (json) io.out(JSON.stringify({ error: r.message, stage: r.stage, latex: r.latex ?? null, evidence: r.evidence ?? null }));
    else io.err(`gradsheet derive: ${r.message}`);
    return 1;
  }
  if (json) io.out(JSON.stringify({ wrt: r.wrt, latex: r.latex, ascii: r.ascii, evidence: r.evidence }));
  else {
    io.out(`\\frac{\\partial L}{\\partial ${r.wrt}} = ${r.latex}`);
    io.err(`verified: ${r.evidence.method}, ${r.evidence.trials} trials, largest relative error ${r.evidence.maxRelError.toPrecision(2)}, seed ${r.evidence.seed}`);
  }
  return 0;
}

async function jacobianRun(forward: string, wrt: string, flags: Map<string, string | true>, io: CommandIO): Promise<number> {
  const r = deriveJacobian(forward, wrt, { symbols: symbolsFlag(flags), seed: intFlag(flags, "seed"), trials: intFlag(flags, "trials") });
  if (!r.ok) {
    if (r.stage === "read" || r.stage === "shapes") throw new UsageError(r.message);
    io.err(`gradsheet derive: ${r.message}`);
    return 1;
  }
  if (flags.has("json")) io.out(JSON.stringify({ latex: r.latex, index: r.indexLatex, evidence: r.evidence }));
  else {
    io.out(r.latex);
    if (r.indexLatex) io.out(r.indexLatex);
    io.err(`verified: ${r.evidence.method}, ${r.evidence.trials} trials, largest relative error ${r.evidence.maxRelError.toPrecision(2)}, seed ${r.evidence.seed}`);
  }
  return 0;
}

export const deriveCommand: Command = {
  name: "derive",
  summary: "derive a backprop gradient in closed form, simplified and verified against autodiff",
  usage,
  run,
};
