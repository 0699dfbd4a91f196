/**
 * mathjs and nerdamer-prime, loaded on first use. Together they cost about a second of start-up,
 * and most processes (grading a batch, checking shapes) never call a CAS: loading them lazily keeps
 * that cost off every `gradsheet grade`. `createRequire` keeps the calls synchronous.
 */
import { createRequire } from "node:module";
import type * as MathJs from "mathjs";
import type NerdamerModule from "nerdamer-prime";

const load = createRequire(import.meta.url);

let mathjsModule: typeof MathJs | undefined;
let nerdamerModule: typeof NerdamerModule | undefined;

export function mathjs(): typeof MathJs {
  mathjsModule ??= load("mathjs") as typeof MathJs;
  return mathjsModule;
}

/** nerdamer with its Algebra, Calculus, Solve and Extra add-ons (the package's "all" build). */
export function nerdamer(): typeof NerdamerModule {
  nerdamerModule ??= load("nerdamer-prime/all") as typeof NerdamerModule;
  return nerdamerModule;
}
