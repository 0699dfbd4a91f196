import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";
import { proofsDir, type ProofResult } from "../../src/proofs/index.js";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
}

const vjp = join(proofsDir(), "softmax-vjp.md");

describe("gradsheet check", () => {
  it("passes a correct proof with exit 0", async () => {
    const c = capture();
    expect(await main(["check", vjp], c.io)).toBe(0);
    expect(c.out[0]).toMatch(/^✓ .*softmax-vjp\.md \(softmax-vjp\): \d+ steps checked/);
  });

  it("fails a wrong step with exit 1, naming file, line, both sides and a counterexample", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gradsheet-check-"));
    const file = join(dir, "vjp.md");
    const text = readFileSync(vjp, "utf8").replace("= \\left(\\mathrm{diag}(s) - s s^\\top\\right) g", "= \\left(\\mathrm{diag}(s) + s s^\\top\\right) g");
    writeFileSync(file, text);
    const line = text.split("\n").findIndex((l) => l.includes("+ s s^\\top")) + 1;
    const c = capture();
    expect(await main(["check", file], c.io)).toBe(1);
    const report = c.out.join("\n");
    expect(report).toContain(`${file}:${line}: step does not follow`);
    expect(report).toContain("left:  \\left(\\mathrm{diag}(s) - s s^\\top\\right)^\\top g");
    expect(report).toContain("right: \\left(\\mathrm{diag}(s) + s s^\\top\\right) g");
    expect(report).toMatch(/counterexample: at g = \[\[.*left = \[\[.*right = \[\[/);
    expect(report).toMatch(/1 of 1 proofs failed/);
  });

  it("prints JSON with --json", async () => {
    const c = capture();
    expect(await main(["check", "--json", vjp, "--seed", "4"], c.io)).toBe(0);
    const all = JSON.parse(c.out[0]) as ProofResult[];
    expect(all).toHaveLength(1);
    const r = all[0];
    expect(r.ok).toBe(true);
    expect(r.question).toBe("softmax-vjp");
    expect(r.steps.length).toBeGreaterThan(3);
    expect(r.steps.every((s) => typeof s.line === "number" && s.method.length > 0)).toBe(true);
  });

  it("exits 2 for a missing file or an unknown option", async () => {
    for (const argv of [["check", "/no/such/proof.md"], ["check", "--frobnicate"], ["check", "--seed", "x"]]) {
      const c = capture();
      expect(await main(argv, c.io), argv.join(" ")).toBe(2);
    }
  });
});
