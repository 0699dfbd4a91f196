/**
 * Grading throughput: 2,000 answers (1,000 scalar, 1,000 matrix or index-notation; correct and
 * incorrect mixed, across the section-A questions). Every verdict is checked against the expected
 * one inside the bench. Peer: where Debian's /usr/bin/python3 has sympy, the same scalar answers are
 * checked the PrairieLearn way (allow-listed parse, simplify(a - b) == 0) and the whole-process time
 * per answer is compared with ours (the CLI grading the same answers from a file).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { grade } from "../src/grading/index.js";

interface Item {
  q: string;
  a: string;
  v: "correct" | "incorrect" | "invalid";
}

function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json")) || existsSync(join(dir, "tsconfig.build.json")) === false) {
    const up = dirname(dir);
    if (up === dir) throw new Error("bench/grading: package root not found");
    dir = up;
  }
  return dir;
}

/** Scalar answers in the ASCII form both graders read: [answer, verdict]. */
const SCALAR: Array<[string, "correct" | "incorrect"]> = [
  ["2/((1+alpha^2)*d_x)", "correct"],
  ["2/(d_x + alpha^2*d_x)", "correct"],
  ["2/(d_x*(1+alpha^2))", "correct"],
  ["(2/(1+alpha^2))*(1/d_x)", "correct"],
  ["sqrt(2/(1+alpha^2))^2/d_x", "correct"],
  ["(1/d_x)*2/(alpha^2+1)", "correct"],
  ["2/d_x", "incorrect"],
  ["2/((1+alpha)*d_x)", "incorrect"],
  ["sqrt(2/((1+alpha^2)*d_x))", "incorrect"],
  ["1/((1+alpha^2)*d_x)", "incorrect"],
  ["2/(1+alpha^2)", "incorrect"],
  ["4/((1+alpha^2)*d_x)", "incorrect"],
  ["2/((1-alpha^2)*d_x)", "incorrect"],
];
const SCALAR_REFERENCE = "2/((1+alpha^2)*d_x)";
const SCALAR_QUESTION = "leaky-relu-kaiming";

function batch(root: string): { scalar: Item[]; matrix: Item[] } {
  const corpus = JSON.parse(readFileSync(join(root, "test", "grading", "corpus-a.json"), "utf8")) as { cases: Item[] & Array<{ q: string; a: string; v: Item["v"] }> };
  const matrixPool = corpus.cases.filter((c) => c.q !== SCALAR_QUESTION && c.v !== "invalid");
  const scalar: Item[] = [];
  const matrix: Item[] = [];
  for (let k = 0; k < 1000; k++) {
    const [a, v] = SCALAR[k % SCALAR.length];
    // Every scalar answer a distinct string (the same value scaled by c/c), so neither grader can
    // profit from repeated text.
    const c = 1 + Math.floor(k / SCALAR.length);
    scalar.push({ q: SCALAR_QUESTION, a: c === 1 ? a : `${c}*(${a})/${c}`, v });
    const m = matrixPool[k % matrixPool.length];
    matrix.push({ q: m.q, a: m.a, v: m.v });
  }
  return { scalar, matrix };
}

function gradeAll(items: Item[]): { ms: number; wrong: string[] } {
  const wrong: string[] = [];
  const t0 = performance.now();
  for (const it of items) {
    const g = grade(it.q, it.a, { seed: 1 });
    if (g.verdict !== it.v) wrong.push(`${it.q}: ${it.a} → ${g.verdict}, expected ${it.v}`);
  }
  return { ms: performance.now() - t0, wrong };
}

function cliPath(root: string): string | null {
  const bin = join(root, "bin", "gradsheet.js");
  return existsSync(bin) && existsSync(join(root, "dist", "src", "cli", "main.js")) ? bin : null;
}

const GNU_TIME = "/usr/bin/time";

/**
 * Runs a command, returning wall ms and, where GNU time exists, the CPU ms (user + system) of the
 * whole child process: the machine may be shared, and CPU time is the steadier comparison.
 */
function timed(cmd: string, args: string[], input?: string): { ms: number; cpuMs: number | null; status: number | null; stdout: string; stderr: string } {
  const withTime = existsSync(GNU_TIME);
  const t0 = performance.now();
  const r = withTime
    ? spawnSync(GNU_TIME, ["-f", "\ncpu %U %S", cmd, ...args], { input, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
    : spawnSync(cmd, args, { input, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - t0;
  let cpuMs: number | null = null;
  let stderr = r.stderr ?? "";
  const m = withTime ? /\ncpu ([\d.]+) ([\d.]+)\s*$/.exec(stderr) : null;
  if (m) {
    cpuMs = (Number(m[1]) + Number(m[2])) * 1000;
    stderr = stderr.slice(0, m.index);
  }
  return { ms, cpuMs, status: r.status, stdout: r.stdout ?? "", stderr };
}

/** Our whole process: the CLI grading the scalar answers from a submissions file. */
function oursWholeProcess(root: string, items: Item[], dir: string): { ms: number; cpuMs: number | null; wrong: number } | null {
  const cli = cliPath(root);
  if (!cli) return null;
  const input = join(dir, "scalar.jsonl");
  const output = join(dir, "scalar-out.jsonl");
  writeFileSync(input, items.map((it, k) => JSON.stringify({ id: k, question: it.q, answer: it.a })).join("\n") + "\n");
  const r = timed(process.execPath, [cli, "grade", "--submissions", input, "--out", output, "--workers", "1"]);
  if (r.status !== 0) throw new Error(`bench/grading: CLI failed: ${r.stderr}`);
  const records = readFileSync(output, "utf8").trimEnd().split("\n").map((l) => JSON.parse(l) as { verdict: string });
  const wrong = records.filter((rec, k) => rec.verdict !== items[k].v).length;
  return { ms: r.ms, cpuMs: r.cpuMs, wrong };
}

function sympyPeer(items: Item[]): { ms: number; cpuMs: number | null; inProcessSeconds: number; disagreements: number; version: string } | null {
  const python = "/usr/bin/python3";
  if (!existsSync(python)) return null;
  const probe = spawnSync(python, ["-c", "import sympy"], { encoding: "utf8" });
  if (probe.status !== 0) return null;
  const script = join(packageRoot(), "bench", "peers", "sympy_grade.py");
  const input = items.map((it) => JSON.stringify({ answer: it.a, reference: SCALAR_REFERENCE, symbols: ["alpha", "d_x"] })).join("\n") + "\n";
  const r = timed(python, [script], input);
  if (r.status !== 0) throw new Error(`bench/grading: sympy peer failed: ${r.stderr}`);
  const out = JSON.parse(r.stdout) as { verdicts: string[]; seconds: number; sympy: string };
  const disagreements = out.verdicts.filter((v, k) => v !== items[k].v).length;
  return { ms: r.ms, cpuMs: r.cpuMs, inProcessSeconds: out.seconds, disagreements, version: out.sympy };
}

/** Hostile inputs: each must come back as a clean verdict; the time of each is reported. */
function hostile(): Record<string, { verdict: string; ms: number }> {
  const cases: Record<string, [string, string]> = {
    nesting100k: ["softmax-jacobian-matrix", "(".repeat(100_000)],
    oneMegabyte: ["softmax-jacobian-matrix", "x+".repeat(500_000)],
    tower: ["leaky-relu-kaiming", "2^{2^{2^{2^{2^{2}}}}}"],
    fracBomb: ["leaky-relu-kaiming", "\\frac{2}{".repeat(20) + "d_x" + "}".repeat(20)],
    nulByte: ["block-gradients-c", "C = G^\\top\u0000 h(X W^\\top)"],
    brokenUtf16: ["block-gradients-c", "C = \ud800 G^\\top h(X W^\\top)"],
  };
  const out: Record<string, { verdict: string; ms: number }> = {};
  for (const [name, [q, a]] of Object.entries(cases)) {
    const t0 = performance.now();
    const g = grade(q, a, { seed: 1 });
    out[name] = { verdict: g.verdict, ms: Math.round((performance.now() - t0) * 100) / 100 };
  }
  return out;
}

export async function run(): Promise<Record<string, unknown>> {
  const root = packageRoot();
  const { scalar, matrix } = batch(root);
  // Warm-up: prepare every question once (parsed references, mutations), as a long batch would.
  gradeAll([...scalar.slice(0, 13), ...matrix.slice(0, 50)]);
  const s = gradeAll(scalar);
  const m = gradeAll(matrix);
  const wrong = [...s.wrong, ...m.wrong];
  if (wrong.length > 0) throw new Error(`bench/grading: ${wrong.length} wrong verdict(s):\n${wrong.slice(0, 10).join("\n")}`);
  const dir = mkdtempSync(join(tmpdir(), "gradsheet-bench-"));
  const ours = oursWholeProcess(root, scalar, dir);
  if (ours && ours.wrong > 0) throw new Error(`bench/grading: the CLI got ${ours.wrong} scalar verdict(s) wrong`);
  const peer = sympyPeer(scalar);
  const perAnswer = (ms: number, n: number): number => Math.round((ms / n) * 1000) / 1000;
  return {
    answers: scalar.length + matrix.length,
    allVerdictsRight: true,
    scalarMsPerAnswer: perAnswer(s.ms, scalar.length),
    matrixMsPerAnswer: perAnswer(m.ms, matrix.length),
    answersPerSecond: Math.round(((scalar.length + matrix.length) / (s.ms + m.ms)) * 1000),
    wholeProcess: ours
      ? { oursMs: Math.round(ours.ms), oursMsPerAnswer: perAnswer(ours.ms, scalar.length), oursCpuMs: ours.cpuMs === null ? null : Math.round(ours.cpuMs) }
      : "dist/ not built",
    sympy: peer
      ? {
          version: peer.version,
          wholeProcessMs: Math.round(peer.ms),
          msPerAnswer: perAnswer(peer.ms, scalar.length),
          verdictsDifferingFromExpected: peer.disagreements,
          cpuMs: peer.cpuMs === null ? null : Math.round(peer.cpuMs),
          ratioOursOverSympy: ours ? Math.round((ours.ms / peer.ms) * 1000) / 1000 : null,
          cpuRatioOursOverSympy: ours && ours.cpuMs !== null && peer.cpuMs ? Math.round((ours.cpuMs / peer.cpuMs) * 1000) / 1000 : null,
          target: 0.1,
        }
      : "python3 with sympy not available",
    hostile: hostile(),
  };
}
