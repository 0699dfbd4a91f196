/** `gradsheet gradescope build|run`: writes a Gradescope autograder bundle, and is what its run_autograder calls. */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { UsageError, type Command, type CommandIO } from "./command.js";
import { packageInfo } from "./package-root.js";
import { loadMap } from "./grade-intake.js";
import { questions, getQuestion, useBank } from "../questions/index.js";
import { BankError, formatProblem } from "../question-files/load.js";
import { toGradescope, type GradescopeResults } from "../grading/gradescope.js";
import { defaultMapYaml, writeBundle } from "../intake/gradescope-bundle.js";
import { readSubmission, type SubmissionRead } from "../intake/submission.js";
import { gradeSubmissions, type IntakeRecord } from "../intake/grade-answers.js";
import type { AnswerMap } from "../intake/map.js";

const USAGE = `usage: gradsheet gradescope build [--bank DIR] [--map answers.yaml] [--tarball FILE.tgz] --out DIR
       gradsheet gradescope run [--submission DIR] [--results FILE] [--map FILE] [--bank DIR] [--seed N] [--budget MS]

build writes a Gradescope autograder bundle to DIR: setup.sh (installs Node 20 and gradsheet from the
packed tarball of this package, made with npm pack unless --tarball gives one), run_autograder,
answers.yaml (--map, checked; default: every question labelled by its id), the question files of
--bank DIR (checked; then graded with them instead of the built-in bank) and a README. Zip DIR's
contents and upload the zip as the autograder.
run grades one submission folder (default /autograder/submission: notebooks or .md/.txt answer
files) by the map (default /autograder/source/answers.yaml) and writes Gradescope's results.json
(default /autograder/results/results.json), one test per map entry.
Exit codes: 0 done, 1 packing failed, 2 usage error (bad map, missing flag).`;

type Flags = Record<string, string>;

const VALUED: Record<string, string[]> = {
  build: ["--bank", "--map", "--tarball", "--out"],
  run: ["--submission", "--results", "--map", "--bank", "--seed", "--budget"],
};

function parseFlags(sub: string, argv: string[]): Flags {
  const allowed = VALUED[sub];
  const flags: Flags = {};
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    const eq = a.indexOf("=");
    const name = a.startsWith("--") && eq > 0 ? a.slice(0, eq) : a;
    if (!allowed.includes(name)) throw new UsageError(`unknown argument '${a}' for gradescope ${sub}`);
    const value = eq > 0 && a.startsWith("--") ? a.slice(eq + 1) : argv[++k];
    if (value === undefined) throw new UsageError(`${name} needs a value`);
    flags[name] = value;
  }
  return flags;
}

function intFlag(flags: Flags, name: string, min: number): number | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`${name} must be an integer ≥ ${min}, not '${v}'`);
  return n;
}

/** Packs this package (dist as built) into `out`; returns the tarball's path. */
function pack(out: string): string {
  const pkg = packageInfo();
  if (!pkg) throw new UsageError("cannot find gradsheet's package.json to pack; give --tarball FILE.tgz");
  if (!existsSync(join(pkg.root, "dist", "src", "cli", "main.js"))) throw new UsageError(`${pkg.root} has no built dist/: run npm run build there, or give --tarball FILE.tgz`);
  // npm runs in the package's folder: the destination must not be read relative to it.
  const dest = resolve(out);
  const json = execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dest], { cwd: pkg.root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const [entry] = JSON.parse(json) as Array<{ filename: string }>;
  return join(dest, entry.filename);
}

/** Grades with the question files of `dir` (--bank); a bank with problems is refused, each named with file:line. */
function openBank(dir: string | undefined): void {
  if (dir === undefined) return;
  try {
    const bank = useBank(dir);
    questions();
    if (bank.problems.length > 0) throw new UsageError(`the bank ${dir} has problems:\n${bank.problems.map(formatProblem).join("\n")}`);
  } catch (e) {
    if (e instanceof BankError) throw new UsageError(e.message);
    throw e;
  }
}

function build(flags: Flags, io: CommandIO): number {
  const out = flags["--out"];
  if (!out) throw new UsageError("--out DIR is required");
  openBank(flags["--bank"]);
  let mapYaml: string;
  if (flags["--map"]) {
    loadMap(flags["--map"]);
    mapYaml = readFileSync(flags["--map"], "utf8");
  } else mapYaml = defaultMapYaml(questions());
  mkdirSync(out, { recursive: true });
  let tarball = flags["--tarball"];
  if (tarball !== undefined && !existsSync(tarball)) throw new UsageError(`--tarball ${tarball} does not exist`);
  if (tarball === undefined) {
    try {
      tarball = pack(out);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      io.err(`gradsheet gradescope build: npm pack failed: ${e instanceof Error ? e.message : String(e)}`);
      return 1;
    }
  }
  const files = writeBundle({ out, mapYaml, tarball, bank: flags["--bank"] ?? null });
  io.out(`wrote ${files.map((f) => join(out, f)).join(", ")}`);
  io.out(`upload: (cd ${out} && zip -r ../autograder.zip .), then the zip as the Gradescope autograder`);
  return 0;
}

function testName(r: IntakeRecord): string {
  return `${r.label}: ${r.question}${r.slot ? ` (${r.slot})` : ""}`;
}

function writeResults(file: string, results: GradescopeResults & { output?: string }): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(results, null, 2) + "\n");
}

async function run(flags: Flags, io: CommandIO): Promise<number> {
  const submission = flags["--submission"] ?? "/autograder/submission";
  const resultsFile = flags["--results"] ?? "/autograder/results/results.json";
  const mapFile = flags["--map"] ?? "/autograder/source/answers.yaml";
  let map: AnswerMap;
  try {
    openBank(flags["--bank"]);
    map = loadMap(mapFile);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    writeResults(resultsFile, { score: 0, tests: [], output: `The autograder is misconfigured (${why}). Please tell the course staff.` });
    throw e;
  }
  const labels = map.entries.map((e) => e.label);
  let got: SubmissionRead;
  try {
    got = readSubmission(submission, labels);
  } catch (e) {
    const why = { code: "unreadable", message: `The submission folder could not be read: ${e instanceof Error ? e.message : String(e)}.` };
    got = { submission: { id: "submission", source: submission, answers: why, missing: () => why }, read: [], skipped: [] };
  }
  const records = await gradeSubmissions([got.submission], map, { lookup: getQuestion, seed: intFlag(flags, "--seed", 0), budgetMs: intFlag(flags, "--budget", 1), workers: 1 });
  const results = toGradescope(records, { name: testName, points: (r) => r.points });
  const output = [
    got.read.length > 0 ? `Graded ${got.read.join(", ")}.` : "No notebook (.ipynb) or answers file (.md, .txt) could be read from the submission.",
    ...got.skipped.map((s) => `Not read: ${s}`),
  ].join("\n");
  writeResults(resultsFile, { ...results, output });
  io.err(`graded ${records.length} part(s): score ${results.score} of ${results.tests.reduce((a, t) => a + t.max_score, 0)}; wrote ${resultsFile}`);
  return 0;
}

export const gradescopeCommand: Command = {
  name: "gradescope",
  summary: "write a Gradescope autograder bundle (build), or grade one submission folder into results.json (run)",
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub !== "build" && sub !== "run") throw new UsageError(sub === undefined ? "say build or run" : `unknown subcommand '${sub}' (build or run)`);
    const flags = parseFlags(sub, rest);
    return sub === "build" ? build(flags, io) : run(flags, io);
  },
};
