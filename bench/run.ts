/**
 * `npm run bench`: runs every workload and prints one JSON object. Each workload file exports
 * `run(): Promise<Record<string, unknown>>` and is listed here.
 */
import { run as autodiff } from "./autodiff.js";
import { run as equivBench } from "./equiv.js";
import { run as grading } from "./grading.js";
import { run as numeric } from "./numeric.js";
import { run as parseBench } from "./parse.js";

type Workload = { name: string; run: () => Promise<Record<string, unknown>> };

const workloads: Workload[] = [
  { name: "autodiff", run: autodiff },
  { name: "equiv", run: equivBench },
  { name: "grading", run: grading },
  { name: "numeric", run: numeric },
  { name: "parse", run: parseBench },
];

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const results: Record<string, unknown> = {};
  for (const w of workloads) {
    if (only.length > 0 && !only.includes(w.name)) continue;
    results[w.name] = await w.run();
  }
  process.stdout.write(JSON.stringify({ node: process.version, results }, null, 2) + "\n");
}

await main();
