/** Where the proofs live: `proofs/` at the package root, found from this file in src/ or dist/src/. */
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The nearest directory above this module that holds a package.json: the package root. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "package.json"))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error("gradsheet: cannot find the package root (no package.json above the proofs module)");
    dir = up;
  }
}

/** The package's `proofs/` directory. */
export function proofsDir(): string {
  return join(packageRoot(), "proofs");
}

/** Every `*.md` in a directory, sorted, as full paths. */
export function proofFiles(dir: string = proofsDir()): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => join(dir, f));
}
