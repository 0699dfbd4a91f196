/**
 * The Gradescope bundle end to end: this checkout is compiled into a temporary package (so a stale
 * dist/ never matters and the shared one is never rewritten under other tests), `gradescope build`
 * packs it with npm pack, the packed tarball is unpacked as setup.sh would install it, and the
 * bundle's own run_autograder runs for real against fake submission and results folders.
 * setup.sh itself (apt, Node, a global install) is not run here.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateClass, MAP_YAML } from "./generate.js";
import type { GradescopeResults } from "../../src/grading/gradescope.js";

const repo = join(import.meta.dirname, "..", "..");
const root = mkdtempSync(join(tmpdir(), "gradsheet-gs-"));
const pkg = join(root, "pkg");
const bundle = join(root, "bundle");
const installed = join(root, "installed", "package");
afterAll(() => rmSync(root, { recursive: true, force: true }));

function compilePackage(): void {
  mkdirSync(pkg, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { files: string[] };
  cpSync(join(repo, "package.json"), join(pkg, "package.json"));
  for (const f of manifest.files) if (f !== "dist" && existsSync(join(repo, f))) cpSync(join(repo, f), join(pkg, f), { recursive: true });
  execFileSync(process.execPath, [join(repo, "node_modules", "typescript", "bin", "tsc"), "-p", join(repo, "tsconfig.build.json"), "--outDir", join(pkg, "dist")], { cwd: repo, stdio: "pipe" });
  symlinkSync(join(repo, "node_modules"), join(pkg, "node_modules"), "dir");
}

interface Run {
  results: GradescopeResults & { output?: string };
}

let runs = 0;

/** Runs the bundle's run_autograder with the unpacked tarball as the gradsheet command. */
function runAutograder(submission: string, env: Record<string, string> = {}, source = bundle): Run {
  const results = join(root, "results", String(++runs));
  execFileSync("bash", [join(source, "run_autograder")], {
    env: { ...process.env, GRADSHEET_SOURCE: source, GRADSHEET_SUBMISSION: submission, GRADSHEET_RESULTS: results, GRADSHEET_BIN: join(installed, "bin", "gradsheet.js"), ...env },
    stdio: "pipe",
  });
  return { results: JSON.parse(readFileSync(join(results, "results.json"), "utf8")) as Run["results"] };
}

function folder(name: string, files: Record<string, string>): string {
  const dir = join(root, "submissions", name);
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(join(dir, f, ".."), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

const cls = generateClass(join(root, "class"), 7);
const notebookOf = (id: string): string => readFileSync(join(cls.dir, `${id}.ipynb`), "utf8");
const rightStudent = cls.students.find((s) => Object.values(s.expect).every((e) => e.verdict === "correct" && !e.code)) as (typeof cls.students)[number];

beforeAll(() => {
  compilePackage();
  const mapFile = join(root, "answers.yaml");
  writeFileSync(mapFile, MAP_YAML);
  // A relative --out, from another folder than the package's: the bundle lands where the user said.
  execFileSync(process.execPath, [join(pkg, "bin", "gradsheet.js"), "gradescope", "build", "--map", mapFile, "--out", "bundle"], { cwd: root, stdio: "pipe" });
  mkdirSync(installed, { recursive: true });
  const tarball = join(bundle, "gradsheet-" + (JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { version: string }).version + ".tgz");
  execFileSync("tar", ["-xzf", tarball, "-C", join(installed, "..")]);
  symlinkSync(join(repo, "node_modules"), join(installed, "node_modules"), "dir");
}, 300_000);

describe("the Gradescope bundle", () => {
  it("has setup.sh, an executable run_autograder, the map and the packed package", () => {
    for (const f of ["setup.sh", "run_autograder", "answers.yaml", "README.md"]) expect(existsSync(join(bundle, f)), f).toBe(true);
    expect(statSync(join(bundle, "run_autograder")).mode & 0o111).not.toBe(0);
    expect(readFileSync(join(bundle, "answers.yaml"), "utf8")).toBe(MAP_YAML);
    const setup = readFileSync(join(bundle, "setup.sh"), "utf8");
    expect(setup).toMatch(/npm install --global .*"\.\/gradsheet-\d+\.\d+\.\d+\.tgz"/);
    execFileSync("bash", ["-n", join(bundle, "setup.sh")]);
    const listing = execFileSync("tar", ["-tzf", join(bundle, setup.match(/gradsheet-[\d.]+\.tgz/)?.[0] as string)], { encoding: "utf8" }).split("\n");
    expect(listing).toContain("package/dist/src/cli/main.js");
    expect(listing).toContain("package/dist/src/cli/gradescope.js");
    expect(listing).toContain("package/bin/gradsheet.js");
  });

  it("grades a right notebook to full marks, one test per map entry with its points", () => {
    const { results } = runAutograder(folder("right", { [`${rightStudent.id}.ipynb`]: notebookOf(rightStudent.id) }));
    expect(results.tests.map((t) => t.name)).toEqual(["Q1: softmax-jacobian", "Q2: leaky-relu-kaiming", "Q3a: block-gradients-ab (A)", "Q3b: block-gradients-ab (B)"]);
    expect(results.tests.map((t) => t.max_score)).toEqual([1, 1, 1, 2]);
    expect(results.score).toBe(5);
    expect(results.output).toContain(`Graded ${rightStudent.id}.ipynb`);
  });

  it("grades a Markdown answers file in a sub-folder, naming the mistakes", () => {
    const md = "**Q1:** $-S_i S_j$\n\n**Q2:** $$\\frac{2}{(1+\\alpha^2) d_x}$$\n\n**Q3a:** $A = G V$\n**Q3b:** $B = h(X W^\\top)$\n";
    const { results } = runAutograder(folder("markdown", { "hw3/answers.md": md, ".ipynb_checkpoints/old.ipynb": "{" }));
    expect(results.tests.map((t) => t.score)).toEqual([0, 1, 1, 0]);
    expect(results.tests[0].output).toMatch(/^incorrect \(off-diagonal-only\)/);
    expect(results.tests[3].output).toContain("h-for-hprime");
    expect(results.output).toBe("Graded hw3/answers.md.");
  });

  it("a broken notebook, or an empty submission, still gets every test, each saying why", () => {
    const broken = runAutograder(folder("broken", { "hw3.ipynb": '{"nbformat": 4, "cells": [' })).results;
    expect(broken.tests).toHaveLength(4);
    expect(broken.score).toBe(0);
    for (const t of broken.tests) expect(t.output).toMatch(/^invalid \(bad-notebook\)\nhw3\.ipynb: The notebook is not valid JSON/);
    const empty = runAutograder(folder("empty", { "notes.pdf": "%PDF" })).results;
    expect(empty.tests).toHaveLength(4);
    for (const t of empty.tests) expect(t.output).toMatch(/^invalid \(missing-answer\)/);
    expect(empty.output).toContain("No notebook");
  });

  it("is deterministic: the same submission gives the same results.json", () => {
    const dir = folder("again", { "a.ipynb": notebookOf("s12") });
    expect(JSON.stringify(runAutograder(dir).results)).toBe(JSON.stringify(runAutograder(dir).results));
  });

  it("grades with a course's own question files (--bank), shipped in the bundle", () => {
    const courseBundle = join(root, "course-bundle");
    const mapFile = join(root, "course.yaml");
    writeFileSync(mapFile, "answers:\n  T1: tanh-layer-weights\n");
    const fixtures = join(repo, "test", "questions", "files", "fixtures");
    const tarball = join(bundle, readFileSync(join(bundle, "setup.sh"), "utf8").match(/gradsheet-[\d.]+\.tgz/)?.[0] as string);
    const gradsheet = (args: string[]): void => void execFileSync(process.execPath, [join(installed, "bin", "gradsheet.js"), ...args], { stdio: "pipe" });
    gradsheet(["gradescope", "build", "--bank", fixtures, "--map", mapFile, "--tarball", tarball, "--out", courseBundle]);
    expect(existsSync(join(courseBundle, "bank", "tanh-layer.md"))).toBe(true);
    const tanh = "\\tanh(X W^\\top + \\mathbf{1} b^\\top)";
    const cell = (text: string): string => JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: "markdown", metadata: {}, source: text }] });
    const right = runAutograder(folder("course-right", { "hw.ipynb": cell(`**T1:** $$D = (G \\circ (1 - ${tanh}^2))^\\top X$$`) }), {}, courseBundle).results;
    expect(right.tests.map((t) => [t.name, t.score])).toEqual([["T1: tanh-layer-weights", 1]]);
    const wrong = runAutograder(folder("course-wrong", { "hw.ipynb": cell(`**T1:** $$X^\\top (G \\circ (1 - ${tanh}^2))$$`) }), {}, courseBundle).results;
    expect(wrong.tests[0].output).toMatch(/^incorrect \(transpose\)/);
    // The built-in bundle does not know the course's question: its map is refused at build time.
    expect(() => gradsheet(["gradescope", "build", "--map", mapFile, "--tarball", tarball, "--out", join(root, "refused")])).toThrow(/unknown question 'tanh-layer-weights'/);
  });

  it("never leaves a submission without results: a broken map, or gradsheet failing, says so", () => {
    const misconfigured = join(root, "misconfigured");
    cpSync(bundle, misconfigured, { recursive: true });
    writeFileSync(join(misconfigured, "answers.yaml"), "answers:\n  Q1: no-such-question\n");
    const dir = folder("any", { "a.ipynb": notebookOf("s12") });
    const bad = runAutograder(dir, {}, misconfigured).results;
    expect(bad.score).toBe(0);
    expect(bad.output).toMatch(/misconfigured .*answers\.yaml:2: Q1: unknown question 'no-such-question'/);
    const failing = runAutograder(dir, { GRADSHEET_BIN: "/bin/false" }).results;
    expect(failing).toEqual({ score: 0, output: "The autograder failed (gradsheet exited with status 1). Please tell the course staff." });
  });
});
