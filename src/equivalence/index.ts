/** The equivalence engine: shapes, seeded randomized trials, cheap symbolic confirmation. */
export { equiv } from "./equiv.js";
export { MIN_VALID, DEFAULT_SEED } from "./equiv.js";
export { ATOL, RTOL, compareValues } from "./tolerance.js";
export { checkShapes } from "./prepare.js";
export type { EquivResult, EquivOptions, EquivOutcome, Formula, Value } from "./types.js";
