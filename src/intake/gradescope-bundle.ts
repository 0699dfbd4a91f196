/**
 * A Gradescope autograder bundle: the folder whose zip is uploaded as the assignment's autograder.
 * Gradescope unpacks it to /autograder/source, runs `setup.sh` once (as root, on its Ubuntu image)
 * and `run_autograder` for every submission, which must leave /autograder/results/results.json.
 * Our `run_autograder` only calls `gradsheet gradescope run`; every path in it can be overridden by
 * an environment variable, so the same script runs in a test against a fake submission folder.
 */
import { chmodSync, copyFileSync, cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { stringify } from "yaml";
import type { Question } from "../questions/types.js";

export interface BundleSpec {
  out: string;
  /** The answer map's YAML text (copied as answers.yaml). */
  mapYaml: string;
  /** The packed gradsheet package (`npm pack`), installed by setup.sh without the registry. */
  tarball: string;
  /** A folder of question files to grade with (copied as bank/), or null for the built-in bank. */
  bank: string | null;
}

/** The map used when staff give none: every question of the bank, labelled by its id. */
export function defaultMapYaml(qs: Question[]): string {
  const answers: Record<string, string> = {};
  for (const q of qs) answers[q.id] = q.id;
  return "# Every question of the bank, labelled by its id: students write **softmax-jacobian:** before an answer.\n" + stringify({ answers });
}

function setupScript(tarball: string): string {
  return `#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image. It installs Node 20 if the
# image has no Node >= 20, then gradsheet from the tarball shipped in this bundle (its own
# dependencies come from the npm registry).
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v node >/dev/null 2>&1 || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y ca-certificates curl gnupg
  curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
  apt-get install -y nodejs
fi
npm install --global --omit=dev --ignore-scripts "./${tarball}"
gradsheet --version
`;
}

const RUN_SCRIPT = `#!/usr/bin/env bash
# Gradescope runs this (copied to /autograder/run_autograder) for every submission. The paths can be
# overridden, which is how it is tested: GRADSHEET_SOURCE (this bundle, /autograder/source),
# GRADSHEET_SUBMISSION (/autograder/submission), GRADSHEET_RESULTS (/autograder/results),
# GRADSHEET_BIN (the gradsheet command). A bank/ folder beside answers.yaml holds the course's
# question files.
set -u
SOURCE="\${GRADSHEET_SOURCE:-/autograder/source}"
SUBMISSION="\${GRADSHEET_SUBMISSION:-/autograder/submission}"
RESULTS="\${GRADSHEET_RESULTS:-/autograder/results}"
GRADSHEET="\${GRADSHEET_BIN:-gradsheet}"
mkdir -p "$RESULTS"
rm -f "$RESULTS/results.json"
BANK=()
if [ -d "$SOURCE/bank" ]; then BANK=(--bank "$SOURCE/bank"); fi
"$GRADSHEET" gradescope run --submission "$SUBMISSION" --map "$SOURCE/answers.yaml" --results "$RESULTS/results.json" \${BANK[@]+"\${BANK[@]}"}
status=$?
if [ ! -s "$RESULTS/results.json" ]; then
  # Never leave the student without a result: say that the autograder itself failed.
  printf '{"score": 0, "output": "The autograder failed (gradsheet exited with status %s). Please tell the course staff."}\\n' "$status" > "$RESULTS/results.json"
fi
exit 0
`;

const README = `# gradsheet autograder

Zip the contents of this folder (not the folder itself) and upload the zip as the assignment's
autograder on Gradescope ("Zip file upload"; base image Ubuntu 22.04 or later):

    cd this-folder && zip -r ../autograder.zip .

- setup.sh installs Node 20 and gradsheet from the tarball here.
- run_autograder grades /autograder/submission (Jupyter notebooks or .md/.txt answer files) by
  answers.yaml and writes /autograder/results/results.json, one test per map entry.
- Students mark answers with a cell tag gradsheet:LABEL or a line starting **LABEL:** (see
  gradsheet's docs/grading.md).
`;

/** Writes the bundle's files into `spec.out`; returns their names. */
export function writeBundle(spec: BundleSpec): string[] {
  mkdirSync(spec.out, { recursive: true });
  const tarball = basename(spec.tarball);
  const target = join(spec.out, tarball);
  if (resolve(spec.tarball) !== resolve(target)) copyFileSync(spec.tarball, target);
  writeFileSync(join(spec.out, "setup.sh"), setupScript(tarball));
  writeFileSync(join(spec.out, "run_autograder"), RUN_SCRIPT);
  chmodSync(join(spec.out, "setup.sh"), 0o755);
  chmodSync(join(spec.out, "run_autograder"), 0o755);
  writeFileSync(join(spec.out, "answers.yaml"), spec.mapYaml);
  writeFileSync(join(spec.out, "README.md"), README);
  const bankDir = join(spec.out, "bank");
  rmSync(bankDir, { recursive: true, force: true });
  if (spec.bank === null) return ["setup.sh", "run_autograder", "answers.yaml", tarball, "README.md"];
  cpSync(spec.bank, bankDir, { recursive: true });
  return ["setup.sh", "run_autograder", "answers.yaml", tarball, "README.md", "bank/"];
}
