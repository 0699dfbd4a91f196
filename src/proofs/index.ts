export { checkProof, proofTable, substituteSlots, type CheckOptions } from "./check.js";
export { readProof, splitEqualities, type ProofDoc, type Chain, type MathBlock, type Operand, type Segment } from "./read.js";
export { readFrontMatter, parseSymbolLine, type FrontMatter, type RandomLaw } from "./frontmatter.js";
export { proofsDir, proofFiles } from "./files.js";
export type { ProofResult, StepResult, Counterexample, CounterexampleValue } from "./result.js";
