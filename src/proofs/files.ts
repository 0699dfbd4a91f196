/** Where the proofs live: `proofs/` at the package root, found from this file in src/ or dist/. */
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The package's `proofs/` directory (src/proofs/files.ts and dist/proofs/files.js are two levels down). */
export function proofsDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), "..", "..", "proofs");
}

/** Every `*.md` in a directory, sorted, as full paths. */
export function proofFiles(dir: string = proofsDir()): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => join(dir, f));
}
