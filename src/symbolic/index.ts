/** The symbolic engine: reverse mode on the AST, Jacobians, the simplifier and canonical form. */
export { deriveGradient, toDefinitions, type DeriveResult, type DeriveOptions, type Definition } from "./reverse.js";
export { vectorJacobian, indexJacobian, type JacobianResult, type JacobianOptions } from "./jacobian.js";
export { simplify, canonical } from "./simplify.js";
export { compareExpr, sameExpr } from "./order.js";
export { ShapeContext, type LShape } from "./shape.js";
export { substitute, mentions, mapChildren, children } from "./walk.js";
export * from "./cas/index.js";
export { completeTable, resolveShapes, type Resolved } from "./table.js";
export { verifyGradient, verifyJacobian, type Bind, type GradientEvidence } from "./verify.js";
export { ATOL, RTOL, compareValues, type Comparison } from "./tolerance.js";
export { deriveBankReference, BANK_REFERENCE_IDS, type BankDerivation, type BankResult } from "./bank.js";
export { derive, deriveJacobian, type JacobianOutcome, type DeriveOutcome, type DeriveOptions as DeriveTextOptions } from "./derive.js";
export { parseSymbolsSpec, type SpecResult } from "./symbols-spec.js";
export { readFormulas, readDefinitions } from "./read.js";
export { compareWithStderr } from "./tolerance.js";
