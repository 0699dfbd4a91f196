import { readFileSync, writeFileSync } from "node:fs";
import { UsageError, type Command, type CommandIO } from "./command.js";
import { grade, gradeBatch, toJsonLines, toGradescope, type Grade } from "../grading/index.js";
import { getQuestion, questionIds } from "../questions/index.js";
import type { GradescopeOptions } from "../grading/gradescope.js";
import type { BatchRecord } from "../grading/types.js";

const USAGE = `usage: gradsheet grade --question ID --answer TEXT [--seed N] [--budget MS] [--json]
       gradsheet grade --submissions FILE.jsonl [--out FILE.jsonl] [--gradescope FILE.json] [--seed N] [--budget MS] [--workers N]
       gradsheet grade --notebooks DIR --map answers.yaml [--out FILE.jsonl] [--gradescope FILE.json] [--seed N] [--budget MS] [--workers N]
       gradsheet grade --csv FILE.csv --map answers.yaml [--out FILE.jsonl] [--gradescope FILE.json] [--seed N] [--budget MS] [--workers N]

Grades one answer (human-readable; --json prints the grade object), or every line of a JSON Lines
file of {"id", "question", "answer"} records: one output record per input line, in order, written
to --out or standard output. --gradescope also writes Gradescope's results.json.
--notebooks grades every .ipynb of DIR (student = file name), --csv every row of an LMS export;
--map says which notebook label or CSV column is which question and slot: one record per student
per map entry (docs/grading.md, "Notebooks and CSV exports").
Exit codes: 0 graded (whatever the verdicts), 2 usage error (unknown question, missing flag).`;

type Flags = Record<string, string | true>;

const VALUED = new Set(["--question", "--answer", "--seed", "--budget", "--submissions", "--out", "--gradescope", "--workers", "--notebooks", "--csv", "--map"]);
const SWITCHES = new Set(["--json"]);

function parseFlags(argv: string[]): Flags {
  const flags: Flags = {};
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    const eq = a.indexOf("=");
    const name = a.startsWith("--") && eq > 0 ? a.slice(0, eq) : a;
    if (SWITCHES.has(name)) {
      flags[name] = true;
    } else if (VALUED.has(name)) {
      const value = eq > 0 && a.startsWith("--") ? a.slice(eq + 1) : argv[++k];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      flags[name] = value;
    } else {
      throw new UsageError(`unknown argument '${a}'`);
    }
  }
  return flags;
}

function intFlag(flags: Flags, name: string, min: number): number | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== "string" || !Number.isSafeInteger(n) || n < min) throw new UsageError(`${name} must be an integer ≥ ${min}, not '${String(v)}'`);
  return n;
}

function stringFlag(flags: Flags, name: string): string | undefined {
  const v = flags[name];
  return typeof v === "string" ? v : undefined;
}

function human(g: Grade): string {
  const lines = [`${g.question}: ${g.verdict} (score ${g.score})`];
  const slots = Object.entries(g.slots);
  if (slots.length > 1) lines.push("  " + slots.map(([s, v]) => `${s}: ${v}`).join(", "));
  g.feedback.forEach((f, k) => lines.push(`  [${g.codes[k]}] ${f.replace(/\n/g, "\n  ")}`));
  lines.push(`  evidence: ${g.evidence.trials} trials, max relative error ${g.evidence.maxRelError ?? "n/a"}, seed ${g.evidence.seed}`);
  return lines.join("\n");
}

function write(flag: string, file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (e) {
    throw new UsageError(`cannot write ${flag} ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Writes the records (JSON Lines to --out or standard output, Gradescope's results.json) and a summary. */
function emit<R extends BatchRecord>(records: R[], noun: string, flags: Flags, io: CommandIO, gradescope: GradescopeOptions<R> = {}): number {
  const out = stringFlag(flags, "--out");
  const jsonl = toJsonLines(records);
  if (out) write("--out", out, jsonl);
  else if (jsonl.length > 0) io.out(jsonl.replace(/\n$/, ""));
  const gs = stringFlag(flags, "--gradescope");
  if (gs) write("--gradescope", gs, JSON.stringify(toGradescope(records, gradescope), null, 2) + "\n");
  const count = (v: string): number => records.filter((r) => r.verdict === v).length;
  io.err(`graded ${records.length} ${noun}: ${count("correct")} correct, ${count("incorrect")} incorrect, ${count("invalid")} invalid`);
  return 0;
}

async function runBatch(flags: Flags, io: CommandIO, seed: number | undefined, budgetMs: number | undefined): Promise<number> {
  const file = stringFlag(flags, "--submissions") as string;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read --submissions ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const workers = intFlag(flags, "--workers", 1);
  return emit(await gradeBatch(text, { seed, budgetMs, workers }), "line(s)", flags, io);
}

async function runIntake(flags: Flags, io: CommandIO, seed: number | undefined, budgetMs: number | undefined): Promise<number> {
  const { intakeRecords } = await import("./grade-intake.js");
  const map = stringFlag(flags, "--map");
  if (map === undefined) throw new UsageError("--map answers.yaml is required with --notebooks and --csv");
  const source = flags["--notebooks"] !== undefined ? { notebooks: stringFlag(flags, "--notebooks") as string } : { csv: stringFlag(flags, "--csv") as string };
  const records = await intakeRecords({ ...source, map, seed, budgetMs, workers: intFlag(flags, "--workers", 1) });
  return emit(records, "record(s)", flags, io, { name: (r) => `${r.id} ${r.label}: ${r.question}`, points: (r) => r.points });
}

export const gradeCommand: Command = {
  name: "grade",
  summary: "grade one answer, or a class: JSON Lines, a folder of notebooks or a CSV export (with Gradescope output)",
  usage: USAGE,
  async run(argv, io) {
    const flags = parseFlags(argv);
    const seed = intFlag(flags, "--seed", 0);
    const budgetMs = intFlag(flags, "--budget", 1);
    const sources = ["--submissions", "--notebooks", "--csv"].filter((f) => flags[f] !== undefined);
    if (sources.length > 1) throw new UsageError(`use one of ${sources.join(", ")}, not several`);
    if (sources.length === 1) {
      if (flags["--question"] !== undefined || flags["--answer"] !== undefined) throw new UsageError(`use either ${sources[0]} or --question/--answer, not both`);
      if (sources[0] === "--submissions") {
        if (flags["--map"] !== undefined) throw new UsageError("--map goes with --notebooks or --csv, not with --submissions");
        return runBatch(flags, io, seed, budgetMs);
      }
      return runIntake(flags, io, seed, budgetMs);
    }
    for (const batchOnly of ["--out", "--gradescope", "--workers", "--map"]) {
      if (flags[batchOnly] !== undefined) throw new UsageError(`${batchOnly} goes with --submissions, --notebooks or --csv, not with one --answer`);
    }
    const id = stringFlag(flags, "--question");
    const answer = stringFlag(flags, "--answer");
    if (id === undefined) throw new UsageError("--question ID is required (or --submissions FILE)");
    if (answer === undefined) throw new UsageError("--answer TEXT is required");
    if (!getQuestion(id)) throw new UsageError(`unknown question '${id}'; questions: ${questionIds().join(", ")}`);
    const g = grade(id, answer, { seed, budgetMs });
    io.out(flags["--json"] ? JSON.stringify(g) : human(g));
    return 0;
  },
};
