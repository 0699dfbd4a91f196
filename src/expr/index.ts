/** The expression language: parse, resolve, print and compare formulas. */
export * from "./shapes.js";
export { parse, parseAnswer, type ParseOptions } from "./parse.js";
export { toLatex, toAscii } from "./print.js";
export { exprEquals } from "./equals.js";
export { resolveSymbols } from "./resolve.js";
export { children, mapChildren } from "./walk.js";
export { DEFAULT_LIMITS, type ParseLimits } from "./limits.js";
export type { DialectOption } from "./raw.js";
