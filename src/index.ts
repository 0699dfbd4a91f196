/**
 * The library API of gradsheet (see docs/ and INTERFACE.md). Each layer adds its exports here.
 */
export type * from "./expr/ast.js";
export type * from "./expr/types.js";
export { parse, parseAnswer, toLatex, toAscii, exprEquals, resolveSymbols, type ParseOptions } from "./expr/index.js";
export { inferShapes, type ShapeResult, type ShapeOptions } from "./expr/index.js";
export { sampleEnv, evaluate, checkTable, type Env, type EvalResult, type SampleOptions, type EvaluateOptions } from "./numeric/index.js";
export { Tensor, tensor, zeros, ones, full, eye, randn, rand, concat, stack, prelu, conv2d, maxPool2d, avgPool2d, crossEntropy, Rng } from "./tensor/index.js";
export { grad, valueAndGrad, vjp, jacobian, gradcheck, type GradcheckOptions, type GradcheckResult } from "./autodiff/index.js";
export { derive, deriveGradient, simplify, canonical, deriveBankReference, BANK_REFERENCE_IDS, type DeriveOutcome, type BankResult } from "./symbolic/index.js";
export { equiv, type EquivResult, type EquivOptions, type EquivOutcome } from "./equivalence/index.js";
export {
  parseSpec, analyze, analysisJson, convOutputSize, poolOutputSize, convTransposeOutputSize, receptiveField, solveConv, conv1d, ConvError,
  type Convention, type Spec, type Analysis, type AnalyzeResult, type LayerResult, type AxisField, type SolveQuery, type SolveResult, type ConvSolution, type Conv1dMode,
} from "./conv/index.js";
export { questions, getQuestion, type Question, type Verification } from "./questions/index.js";
export { grade, gradeBatch, toGradescope, FEEDBACK_CODES, type Grade, type BatchRecord, type GradescopeResults } from "./grading/index.js";
export { checkProof, type ProofResult, type StepResult, type CheckOptions } from "./proofs/index.js";
export { renderSheet, type Sheet, type SheetOptions, type SheetResult } from "./sheet/index.js";
