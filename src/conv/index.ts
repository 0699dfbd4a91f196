/** The convolution calculator: shapes, parameters, receptive fields, the inverse problem, 1-D modes. */
export { ConvError } from "./errors.js";
export { type Convention, CONVENTIONS, isConvention, noDilation, toTorchDilation, fromTorchDilation, describeConvention } from "./convention.js";
export {
  type Padding,
  type ConvSizeOptions,
  type PoolSizeOptions,
  type ConvTransposeSizeOptions,
  convOutputSize,
  poolOutputSize,
  convTransposeOutputSize,
  convAxis,
  poolAxis,
  convTransposeAxis,
  effectiveKernel,
  resolveConvPadding,
} from "./arithmetic.js";
export {
  type InputSpec,
  type ConvSpec,
  type ConvTransposeSpec,
  type PoolSpec,
  type FCSpec,
  type LayerSpec,
  type Spec,
  type SpecResult,
  parseSpec,
} from "./notation.js";
export { type AxisField, type FieldLayer, type FieldStep, receptiveField, fieldsAfter } from "./receptive.js";
export { type Volume, type LayerResult, type Analysis, type AnalyzeResult, type AnalyzeOptions, analyze, analysisJson, perAxis } from "./analyze.js";
export { type SolveLayer, type SolveQuery, type ConvSolution, type SolveResult, solveConv, formatSolve, DEFAULT_MAX } from "./solve.js";
export { type Conv1dMode, conv1d } from "./conv1d.js";
export { formatAnalysis, alignRows } from "./format.js";
