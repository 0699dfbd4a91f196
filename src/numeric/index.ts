/** Numeric evaluation of expressions on seeded random instances of a symbol table (docs/numeric.md). */
export { sampleEnv, type SampleOptions } from "./sample.js";
export { evaluate, type EvalResult, type EvalErrorCode, type EvaluateOptions } from "./evaluate.js";
export { DEFAULT_LIMITS, type Env, type EvalLimits, type Definition } from "./env.js";
export { FAMILIES, DEFAULT_FAMILY, type FamilyMember } from "./families.js";
export { drawTensor, drawNumber } from "./domains.js";
export { SymbolTableError, tableDefinitions } from "./definitions.js";
export { checkTable } from "./check-table.js";
