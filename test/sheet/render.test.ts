import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderSheet, sheetSummary, summaryLine } from "../../src/sheet/index.js";
import { proofsDir } from "../../src/proofs/index.js";
import { main } from "../../src/cli/main.js";
import { getQuestion, type Question } from "../../src/questions/index.js";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
}

describe("renderSheet", () => {
  it("is self-contained, deterministic for a seed, and shows answer, checked derivation and badge", () => {
    const a = renderSheet({ questions: ["softmax-vjp", "sigmoid-jacobian"], seed: 5 });
    const b = renderSheet({ questions: ["softmax-vjp", "sigmoid-jacobian"], seed: 5 });
    expect(a.html).toBe(b.html);
    expect(a.ok).toBe(true);
    expect(a.results.map((r) => r.id)).toEqual(["softmax-vjp", "sigmoid-jacobian"]);
    expect(a.results.every((r) => r.verified && r.seed === 5 && r.proof?.ok)).toBe(true);
    // Nothing fetched from outside the file: no external stylesheet, script or font.
    expect(a.html).not.toMatch(/<link|<script|src="http|url\(http|url\(fonts\//);
    expect(a.html).toContain("data:font/woff2;base64,");
    expect(a.html.match(/<section class="question"/g)).toHaveLength(2);
    expect(a.html).toContain("✓ verified");
    expect(a.html).toContain('class="step good"');
    expect(a.html).not.toContain("katex-error");
    expect(summaryLine(a.results[0])).toMatch(/^softmax-vjp\s+verified\s+.*seed 5; proof checked/);
  });

  it("marks a wrong derivation step with a cross and fails the sheet", () => {
    const dir = mkdtempSync(join(tmpdir(), "gradsheet-proofs-"));
    const text = readFileSync(join(proofsDir(), "block-gradients-c.md"), "utf8");
    writeFileSync(join(dir, "block-gradients-c.md"), text.replace("= G^\\top h(X W^\\top)\n", "= G^\\top h'(X W^\\top)\n"));
    const sheet = renderSheet({ questions: ["block-gradients-c"], proofsDir: dir });
    expect(sheet.ok).toBe(false);
    expect(sheet.results[0].verified).toBe(true);
    expect(sheet.results[0].proof?.ok).toBe(false);
    expect(sheet.html).toContain('class="step bad"');
    expect(sheet.html).toMatch(/✗ line \d+/);
    expect(summaryLine(sheet.results[0])).toContain("proof FAILED");
    expect(sheet.results[0].proof?.problems.join("\n")).toMatch(/^proofs\/block-gradients-c\.md:\d+: .*h'\(X W\^\\top\)/m);
  });

  it("shows a red badge for a question whose oracle disagrees or crashes", () => {
    const base = getQuestion("softmax-vjp") as Question;
    const wrong: Question = { ...base, id: "demo-wrong", verify: (seed) => ({ ok: false, method: "autodiff", trials: 3, maxError: 0.5, seed, detail: "the reference is off by a factor 2" }) };
    const crash: Question = { ...base, id: "demo-crash", verify: () => { throw new Error("oracle bug"); } };
    const sheet = renderSheet({ bank: [wrong, crash], seed: 2 });
    expect(sheet.ok).toBe(false);
    expect(sheet.results.map((r) => r.verified)).toEqual([false, false]);
    expect(sheet.html.match(/class="badge bad"/g)).toHaveLength(2);
    expect(sheet.html).toContain("✗ not verified");
    expect(sheet.results[1].method).toBe("oracle crashed");
    expect(sheet.results[1].detail).toBe("oracle bug");
    expect(summaryLine(sheet.results[0])).toMatch(/^demo-wrong\s+NOT VERIFIED/);
  });

  it("rejects unknown question ids, naming them", () => {
    expect(() => renderSheet({ questions: ["softmax-vjp", "no-such-id"] })).toThrow(/unknown question 'no-such-id'/);
  });
});

describe("gradsheet sheet", () => {
  it("writes the file, prints one line per question, exits 0 when everything is verified", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gradsheet-sheet-"));
    const out = join(dir, "s.html");
    const c = capture();
    const code = await main(["sheet", "--out", out, "--questions", "softmax-jacobian,prelu-theta-grad", "--seed", "3"], c.io);
    expect(code).toBe(0);
    expect(c.out.filter((l) => / verified /.test(l))).toHaveLength(2);
    expect(c.out[c.out.length - 1]).toMatch(/wrote .*s\.html: 2 questions, 2 verified/);
    expect(readFileSync(out, "utf8")).toContain("seed 3");
  });

  it("does not count a question whose proof fails as verified, matching exit 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gradsheet-proofs-"));
    const text = readFileSync(join(proofsDir(), "block-gradients-c.md"), "utf8");
    writeFileSync(join(dir, "block-gradients-c.md"), text.replace("= G^\\top h(X W^\\top)\n", "= G^\\top h'(X W^\\top)\n"));
    const sheet = renderSheet({ questions: ["block-gradients-c", "softmax-vjp"], proofsDir: dir });
    expect(sheet.ok).toBe(false);
    expect(sheet.results.map((r) => r.verified)).toEqual([true, true]);
    expect(sheetSummary(sheet.results)).toBe("2 questions, 1 verified (1 proof failed)");
    const good = renderSheet({ questions: ["softmax-vjp"] });
    expect(sheetSummary(good.results)).toBe("1 question, 1 verified");
  });

  it("exits 2 naming the file when --out cannot be written, with no stack trace", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gradsheet-sheet-"));
    // A missing directory (caught before any checking) and a directory in place of the file (caught at the write).
    for (const out of ["/nonexistent/x.html", join(dir, "missing", "x.html"), dir]) {
      const c = capture();
      expect(await main(["sheet", "--out", out, "--questions", "softmax-vjp"], c.io), out).toBe(2);
      const err = c.err.join("\n");
      expect(err).toContain(`cannot write --out ${out}`);
      expect(err).not.toMatch(/internal error|\n\s+at /);
    }
  });

  it("exits 2 on bad flags and unknown questions", async () => {
    for (const argv of [["sheet", "--questions", "nope"], ["sheet", "--seed", "-1"], ["sheet", "--bogus"], ["sheet", "--out"]]) {
      const c = capture();
      expect(await main(argv, c.io), argv.join(" ")).toBe(2);
      expect(c.err.join("\n")).toMatch(/gradsheet sheet: /);
    }
  });
});

describe("proof files copied elsewhere", () => {
  it("are found by question id, not by file name", () => {
    const dir = mkdtempSync(join(tmpdir(), "gradsheet-proofs-"));
    copyFileSync(join(proofsDir(), "softmax-vjp.md"), join(dir, "renamed.md"));
    const sheet = renderSheet({ questions: ["softmax-vjp"], proofsDir: dir });
    expect(sheet.results[0].proof?.file).toBe("proofs/renamed.md");
    expect(sheet.results[0].proof?.ok).toBe(true);
  });
});
