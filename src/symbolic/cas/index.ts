/** The scalar CAS bridge: every answer numerically checked, wrong ones returned in `rejected`. */
export { casSimplify, casDerivative, casSolve, casLimit, casIntegrate, type BridgeResult, type BridgeOptions, type Rejection } from "./bridge.js";
export { evalScalar, type ScalarEnv, type ScalarFunctions } from "./scalar-eval.js";
export { checkAt, drawValue, type CheckOptions, type CheckOutcome } from "./check.js";
export { saturationLimit } from "./saturation.js";
