import { existsSync, readFileSync, statSync } from "node:fs";
import { relative } from "node:path";
import { UsageError, type Command, type CommandIO } from "./command.js";
import { checkProof, proofFiles, proofsDir, type CounterexampleValue, type ProofResult, type StepResult } from "../proofs/index.js";

const usage = `usage: gradsheet check [FILE...] [--json] [--seed N]

Checks every step of the given proofs (default: every proofs/*.md of the package). Each step of a
chain of equalities is compared with the one before it on random instances of the proof's symbols
(derivatives by autodiff, expectations by Monte Carlo within 6.5 standard errors), and the last
step with the question's reference answer.
  --json     an array with one object per proof: {"ok","file","question","steps":[...],"errors":[...]}
  --seed N   the random instances (default 1)
Exit 1 when any step fails, naming file, line, the two sides and a counterexample.`;

/** Parses `--seed N` / `--seed=N`; returns the remaining arguments. */
export function takeSeed(argv: string[]): { seed: number | undefined; rest: string[] } {
  const rest: string[] = [];
  let seed: number | undefined;
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    if (a === "--seed" || a.startsWith("--seed=")) {
      const v = a === "--seed" ? argv[++k] : a.slice("--seed=".length);
      const n = Number(v);
      if (v === undefined || !Number.isSafeInteger(n) || n < 0) throw new UsageError(`--seed must be an integer ≥ 0, not '${v ?? ""}'`);
      seed = n;
    } else rest.push(a);
  }
  return { seed, rest };
}

function show(v: CounterexampleValue): string {
  if (typeof v === "number") return Number(v.toPrecision(6)).toString();
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === "number" ? Number(x.toPrecision(6)) : x));
}

/** The report of one failed step, as a teaching assistant would read it. */
export function describeFailure(s: StepResult): string {
  const what = s.kind === "answer" ? "the last step is not the reference answer" : "step does not follow";
  const lines = [`${s.file}:${s.line}: ${what}`, `  left:  ${s.left}`, `  right: ${s.right}`, `  why:   ${s.message}`, `  how:   ${s.method}`];
  if (s.reason && s.kind === "step") lines.push(`  claimed reason: ${s.reason.length > 160 ? s.reason.slice(0, 157) + "..." : s.reason}`);
  if (s.counterexample) {
    const at = Object.entries(s.counterexample.at)
      .map(([k, v]) => `${k} = ${show(v)}`)
      .join(", ");
    lines.push(`  counterexample: at ${at || "(no free symbols)"}: left = ${show(s.counterexample.left)}, right = ${show(s.counterexample.right)}`);
  }
  return lines.join("\n");
}

function report(r: ProofResult, io: CommandIO): void {
  if (r.ok) {
    io.out(`✓ ${r.file} (${r.question}): ${r.steps.length} step${r.steps.length === 1 ? "" : "s"} checked`);
    return;
  }
  io.out(`✗ ${r.file}${r.question ? ` (${r.question})` : ""}: ${r.steps.filter((s) => !s.ok).length + r.errors.length} problem(s)`);
  for (const e of r.errors) io.out(`${r.file}:${e.line}: ${e.message}`);
  for (const s of r.steps) if (!s.ok) io.out(describeFailure(s));
}

export const checkCommand: Command = {
  name: "check",
  summary: "check every step of the derivations in proofs/ (or the given files)",
  usage,
  async run(argv, io) {
    const { seed, rest } = takeSeed(argv);
    const json = rest.includes("--json");
    const files = rest.filter((a) => a !== "--json");
    const unknown = files.find((f) => f.startsWith("--"));
    if (unknown) throw new UsageError(`unknown option '${unknown}'`);
    for (const f of files) {
      if (!existsSync(f) || !statSync(f).isFile()) throw new UsageError(`no such proof file '${f}'`);
    }
    const paths = files.length ? files : proofFiles();
    if (paths.length === 0) throw new UsageError(`no proofs to check in ${proofsDir()}`);
    const results = paths.map((p) => {
      const name = files.length ? p : relative(process.cwd(), p).startsWith("..") ? p : relative(process.cwd(), p);
      const opts = seed === undefined ? { file: name } : { file: name, seed };
      return checkProof(readFileSync(p, "utf8"), opts);
    });
    if (json) io.out(JSON.stringify(results));
    else {
      for (const r of results) report(r, io);
      const failed = results.filter((r) => !r.ok).length;
      const steps = results.reduce((n, r) => n + r.steps.length, 0);
      io.out(failed ? `${failed} of ${results.length} proofs failed` : `all ${results.length} proofs checked (${steps} steps)`);
    }
    return results.every((r) => r.ok) ? 0 : 1;
  },
};
