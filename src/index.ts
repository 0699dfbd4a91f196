/**
 * The library API of gradsheet (see docs/ and INTERFACE.md). Each layer adds its exports here.
 */
export type * from "./expr/ast.js";
export type * from "./expr/types.js";
