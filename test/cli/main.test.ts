import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { main } from "../../src/cli/main.js";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

describe("gradsheet CLI", () => {
  it("--version prints the package version", async () => {
    const c = capture();
    expect(await main(["--version"], c.io)).toBe(0);
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
    expect(c.out.join("")).toBe(pkg.version);
  });

  it("--help lists the usage and exits 0", async () => {
    const c = capture();
    expect(await main(["--help"], c.io)).toBe(0);
    expect(c.out.join("\n")).toMatch(/usage: gradsheet <command>/);
  });

  it("an unknown command is a usage error naming it", async () => {
    const c = capture();
    expect(await main(["frobnicate"], c.io)).toBe(2);
    expect(c.err.join("\n")).toMatch(/unknown command 'frobnicate'/);
  });
});
