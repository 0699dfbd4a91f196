import { UsageError, type Command, type CommandIO } from "./command.js";
import { equiv } from "../equivalence/index.js";
import { intFlag, readFlags, symbolsFlag } from "./derive.js";

const usage = `usage: gradsheet equiv [--symbols SPEC] [--seed N] [--trials N] [--json] EXPR1 EXPR2

Decides whether two formulas are equal for all values and all shapes of their symbols: shapes
first, then seeded random trials (sizes 1 and non-square included), then a symbolic confirmation.
Shapes not declared are inferred.
  --symbols 'X: S x M, W: F x M, h: elementwise'
  --json    {"equivalent","outcome","reason","evidence":{"trials","maxRelError","seed"},"counterexample"?}
Outcomes: equal, different, shape-mismatch, invalid, too-few-points, timeout.
Exit 0 with the verdict (equivalent or not); 2 for a usage error. Use -- before a formula that starts with '-'.`;

async function run(argv: string[], io: CommandIO): Promise<number> {
  const { flags, positional } = readFlags(argv, ["symbols", "seed", "trials", "budget-ms"], ["json"]);
  if (positional.length !== 2) throw new UsageError(`expected two formulas, got ${positional.length}`);
  const [a, b] = positional;
  const r = equiv(a, b, {
    symbols: symbolsFlag(flags),
    seed: intFlag(flags, "seed"),
    trials: intFlag(flags, "trials"),
    budgetMs: intFlag(flags, "budget-ms"),
  });
  if (flags.has("json")) io.out(JSON.stringify(r));
  else {
    io.out(`${r.equivalent ? "equivalent" : "not equivalent"} (${r.outcome}): ${r.reason}`);
    io.err(`evidence: ${r.evidence.trials} trials, largest relative error ${r.evidence.maxRelError.toPrecision(2)}, seed ${r.evidence.seed}`);
  }
  return 0;
}

export const equivCommand: Command = {
  name: "equiv",
  summary: "decide whether two formulas are equal for all values and shapes",
  usage,
  run,
};
